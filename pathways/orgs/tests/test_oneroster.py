"""OneRoster 1.1 import: the tree, people, re-import, deletion, every kind of bad row, tenancy."""

from __future__ import annotations

import csv
import shutil
from collections.abc import Callable
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from pathways.accounts.models import GuardianLink, Membership, User
from pathways.accounts.roles import Role
from pathways.core.errors import NotFound
from pathways.core.models import AuditEvent
from pathways.orgs.models import Consortium, District, School
from pathways.orgs.oneroster import (
    ImportRefused,
    ImportResult,
    OneRoster11Importer,
    parse_grade,
    roster_user_key,
)

FIXTURES = Path(__file__).resolve().parents[3] / "tests" / "fixtures" / "oneroster"
GOOD = FIXTURES / "good"
BAD = FIXTURES / "bad"


# --- helpers ----------------------------------------------------------------------------------


@pytest.fixture
def roster(tmp_path: Path) -> Path:
    """A writable copy of the good roster."""
    target = tmp_path / "roster"
    shutil.copytree(GOOD, target)
    return target


def read(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        return list(reader.fieldnames or []), list(reader)


def write(path: Path, columns: list[str], rows: list[dict[str, str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=columns)
        writer.writeheader()
        writer.writerows(rows)


def edit(folder: Path, file: str, sourced_id: str, **values: str) -> int:
    """Change cells of the row with this sourcedId; returns the row's line number."""
    columns, rows = read(folder / file)
    for index, row in enumerate(rows):
        if row["sourcedId"] == sourced_id:
            row.update(values)
            write(folder / file, columns, rows)
            return index + 2
    raise AssertionError(f"{sourced_id} not in {file}")


def add_row(folder: Path, file: str, **values: str) -> int:
    columns, rows = read(folder / file)
    rows.append({c: values.get(c, "") for c in columns})
    write(folder / file, columns, rows)
    return len(rows) + 1


def keep_only(folder: Path, file: str, *sourced_ids: str) -> None:
    columns, rows = read(folder / file)
    write(folder / file, columns, [r for r in rows if r["sourcedId"] in sourced_ids])


def import_into(consortium: Consortium, folder: Path, **kwargs: object) -> ImportResult:
    return OneRoster11Importer(consortium=consortium, directory=folder, **kwargs).apply()  # type: ignore[arg-type]


def snapshot() -> dict[str, int]:
    return {
        "districts": District.objects.count(),
        "schools": School.objects.count(),
        "users": User.objects.count(),
        "memberships": Membership.objects.count(),
        "links": GuardianLink.objects.count(),
        "audit": AuditEvent.objects.count(),
    }


def roster_user(consortium: Consortium, sourced_id: str) -> User:
    return User.objects.get(sourced_id=roster_user_key(consortium, sourced_id))


def memberships_of(user: User) -> set[tuple[str, str]]:
    return {
        (m.role, (m.school or m.district or m.consortium).name)
        for m in Membership.objects.filter(user=user).select_related("school", "district", "consortium")
    }


# --- a good import ----------------------------------------------------------------------------


def test_it_imports_the_district_schools_people_and_guardian_links(cast):
    result = import_into(cast.alpha, GOOD)

    assert result.written and not result.issues
    district = District.objects.get(consortium=cast.alpha, sourced_id="org-svusd")
    assert district.name == "Sierra Vista Unified School District (demo)"
    assert district.nces_id == "3599901"
    high = School.objects.get(consortium=cast.alpha, sourced_id="org-svhs")
    middle = School.objects.get(consortium=cast.alpha, sourced_id="org-svms")
    assert high.district == middle.district == district
    assert high.nces_id == "359990100001"
    assert not District.objects.filter(name__startswith="New Mexico").exists()  # a state org is not stored

    student = roster_user(cast.alpha, "usr-stu-1")
    assert (student.username, student.first_name, student.last_name) == ("s1001", "Maya", "Garcia-Demo")
    assert student.grade_level == 9
    assert not student.has_usable_password()
    assert memberships_of(student) == {(Role.STUDENT, high.name)}
    assert roster_user(cast.alpha, "usr-stu-6").grade_level == 7
    assert memberships_of(roster_user(cast.alpha, "usr-stu-5")) == {(Role.STUDENT, middle.name)}
    assert roster_user(cast.alpha, "usr-stu-4").username == "alpha-usr-stu-4"  # blank username: derived

    assert memberships_of(roster_user(cast.alpha, "usr-tch-1")) == {(Role.TEACHER, high.name)}
    assert memberships_of(roster_user(cast.alpha, "usr-aide-1")) == {(Role.TEACHER, high.name)}
    assert memberships_of(roster_user(cast.alpha, "usr-adm-1")) == {(Role.DISTRICT_ADMIN, district.name)}
    assert memberships_of(roster_user(cast.alpha, "usr-prin-1")) == {(Role.TEACHER, high.name)}
    parent = roster_user(cast.alpha, "usr-par-1")
    assert memberships_of(parent) == {(Role.GUARDIAN, cast.alpha.name)}
    assert parent.email == "rosa.garcia@example.org"

    links = {
        (link.guardian.sourced_id, link.student.sourced_id, link.relationship)
        for link in GuardianLink.objects.filter(consortium=cast.alpha).select_related("guardian", "student")
        if link.guardian.sourced_id.startswith(roster_user_key(cast.alpha, ""))
    }
    key = lambda sid: roster_user_key(cast.alpha, sid)  # noqa: E731
    assert links == {
        (key("usr-par-1"), key("usr-stu-1"), "parent"),
        (key("usr-par-1"), key("usr-stu-2"), "parent"),
        (key("usr-grd-1"), key("usr-stu-5"), "guardian"),  # declared on the guardian's row only
    }

    assert result.counts["districts"].created == 1
    assert result.counts["schools"].created == 2
    assert result.counts["users"].created == 14
    assert result.counts["memberships"].created == 14
    assert result.counts["guardian_links"].created == 3
    assert result.checked == {
        "orgs.csv": 4,
        "academicSessions.csv": 3,
        "courses.csv": 3,
        "classes.csv": 3,
        "users.csv": 14,
        "enrollments.csv": 10,
    }
    event = AuditEvent.objects.get(action="roster.import")
    assert event.object_id == str(cast.alpha.public_id)
    assert event.details["counts"]["users"]["created"] == 14


def test_it_changes_and_duplicates_nothing_on_a_second_identical_import(cast):
    import_into(cast.alpha, GOOD)
    before = snapshot()
    stamp = User.objects.get(sourced_id=roster_user_key(cast.alpha, "usr-stu-1")).date_joined

    result = import_into(cast.alpha, GOOD)

    after = snapshot()
    assert after == {**before, "audit": before["audit"] + 1}
    for kind, counts in result.counts.items():
        assert counts.created == counts.updated == counts.deactivated == 0, kind
    assert result.counts["users"].unchanged == 14
    assert result.counts["memberships"].unchanged == 14
    assert result.counts["guardian_links"].unchanged == 3
    assert result.counts["schools"].unchanged == 2
    assert roster_user(cast.alpha, "usr-stu-1").date_joined == stamp


def test_it_updates_a_renamed_school_a_changed_grade_and_a_move(cast, roster):
    import_into(cast.alpha, roster)
    edit(roster, "orgs.csv", "org-svhs", name="Sierra Vista Early College High (demo)")
    edit(roster, "users.csv", "usr-stu-1", grades="10", familyName="Garcia-Lopez-Demo")
    edit(roster, "users.csv", "usr-tch-3", orgSourcedIds="org-svhs")  # moves to the high school
    edit(roster, "enrollments.csv", "enr-08", status="tobedeleted")
    before = snapshot()

    result = import_into(cast.alpha, roster)

    high = School.objects.get(consortium=cast.alpha, sourced_id="org-svhs")
    assert high.name == "Sierra Vista Early College High (demo)"
    student = roster_user(cast.alpha, "usr-stu-1")
    assert (student.grade_level, student.last_name) == (10, "Garcia-Lopez-Demo")
    assert memberships_of(roster_user(cast.alpha, "usr-tch-3")) == {(Role.TEACHER, high.name)}
    assert result.counts["schools"].updated == 1
    assert result.counts["users"].updated == 1
    assert result.counts["memberships"].created == 1
    assert result.counts["memberships"].deactivated == 1
    assert snapshot() == {**before, "audit": before["audit"] + 1}


def test_it_deactivates_users_marked_tobedeleted_and_keeps_their_accounts(cast, roster):
    import_into(cast.alpha, roster)
    edit(roster, "users.csv", "usr-stu-2", status="tobedeleted", dateLastModified="2026-01-15T08:00:00Z")
    edit(roster, "enrollments.csv", "enr-03", status="tobedeleted")

    result = import_into(cast.alpha, roster)

    student = roster_user(cast.alpha, "usr-stu-2")  # still there
    assert not student.is_active
    assert memberships_of(student) == set()
    assert not GuardianLink.objects.filter(student=student).exists()
    assert GuardianLink.objects.filter(student=roster_user(cast.alpha, "usr-stu-1")).exists()
    assert result.counts["users"].deactivated == 1
    assert result.counts["memberships"].deactivated == 1
    assert result.counts["guardian_links"].deactivated == 1

    again = import_into(cast.alpha, roster)  # deleting what is already deleted changes nothing
    assert again.counts["users"].deactivated == 0
    assert again.counts["users"].unchanged == 14

    edit(roster, "users.csv", "usr-stu-2", status="active")  # back again: the same account
    edit(roster, "enrollments.csv", "enr-03", status="")
    import_into(cast.alpha, roster)
    student.refresh_from_db()
    assert student.is_active
    assert memberships_of(student) == {(Role.STUDENT, "Sierra Vista High School (demo)")}
    assert User.objects.filter(sourced_id=roster_user_key(cast.alpha, "usr-stu-2")).count() == 1


def test_it_reads_a_delta_users_file_and_an_enrollment_for_an_imported_user(cast, roster):
    import_into(cast.alpha, roster)
    delta = roster.parent / "delta"
    delta.mkdir()
    shutil.copy(roster / "users.csv", delta / "users.csv")
    shutil.copy(roster / "enrollments.csv", delta / "enrollments.csv")
    keep_only(delta, "users.csv", "usr-stu-6")
    edit(delta, "users.csv", "usr-stu-6", status="active", grades="08")
    add_row(delta, "users.csv", sourcedId="usr-stu-3", status="tobedeleted")  # nothing else is needed
    keep_only(delta, "enrollments.csv", "enr-02")
    edit(delta, "enrollments.csv", "enr-02", schoolSourcedId="org-svms")  # usr-stu-1, not in this users.csv
    (delta / "manifest.csv").write_text(
        "propertyName,value\noneroster.version,1.1\nfile.users,delta\nfile.enrollments,delta\n"
        "file.orgs,absent\nfile.classes,absent\n",
        encoding="utf-8",
    )

    result = import_into(cast.alpha, delta)

    assert result.modes["users"] == "delta"
    assert roster_user(cast.alpha, "usr-stu-6").grade_level == 8
    assert memberships_of(roster_user(cast.alpha, "usr-stu-1")) == {
        (Role.STUDENT, "Sierra Vista High School (demo)"),
        (Role.STUDENT, "Sierra Vista Middle School (demo)"),
    }
    assert result.counts["users"].updated == 1
    assert result.counts["users"].deactivated == 1
    assert not roster_user(cast.alpha, "usr-stu-3").is_active
    assert result.counts["memberships"].created == 1
    assert not any("bulk users.csv" in note for note in result.notes)


def test_it_says_which_users_a_bulk_file_leaves_out_and_leaves_them_alone(cast, roster):
    import_into(cast.alpha, roster)
    columns, rows = read(roster / "users.csv")
    write(
        roster / "users.csv", columns, [r for r in rows if r["sourcedId"] not in {"usr-stu-3", "usr-stu-4"}]
    )
    keep_only(roster, "enrollments.csv", "enr-01", "enr-02")

    result = import_into(cast.alpha, roster)

    assert any(note.startswith("2 users imported earlier are not in this bulk") for note in result.notes)
    assert roster_user(cast.alpha, "usr-stu-3").is_active
    assert memberships_of(roster_user(cast.alpha, "usr-stu-3")) == {
        (Role.STUDENT, "Sierra Vista High School (demo)")
    }


def test_it_blocks_sign_in_for_a_disabled_user_and_keeps_the_memberships(cast, roster):
    import_into(cast.alpha, roster)
    edit(roster, "users.csv", "usr-tch-2", enabledUser="false")

    result = import_into(cast.alpha, roster)

    teacher = roster_user(cast.alpha, "usr-tch-2")
    assert not teacher.is_active
    assert memberships_of(teacher) == {(Role.TEACHER, "Sierra Vista High School (demo)")}
    assert result.counts["users"].updated == 1


def test_it_ignores_a_file_the_manifest_marks_absent(cast, roster):
    manifest = (roster / "manifest.csv").read_text(encoding="utf-8")
    (roster / "manifest.csv").write_text(manifest.replace("file.courses,bulk", "file.courses,absent"))
    (roster / "courses.csv").write_text("this is not, a courses file\n", encoding="utf-8")

    result = import_into(cast.alpha, roster)

    assert result.modes["courses"] == "absent"
    assert "courses.csv" not in result.checked
    assert any("courses.csv is ignored" in note for note in result.notes)


def test_it_keeps_a_district_or_school_marked_tobedeleted_and_says_so(cast, roster):
    import_into(cast.alpha, roster)
    for file in ("users.csv", "enrollments.csv", "classes.csv", "courses.csv"):
        columns, rows = read(roster / file)
        write(
            roster / file,
            columns,
            [
                r
                for r in rows
                if "svms"
                not in r.get("orgSourcedIds", "") + r.get("schoolSourcedId", "") + r.get("orgSourcedId", "")
            ],
        )
    keep_only(roster, "users.csv", *[r["sourcedId"] for r in read(roster / "users.csv")[1]])
    edit(roster, "orgs.csv", "org-svms", status="tobedeleted")

    result = import_into(cast.alpha, roster)

    assert School.objects.filter(consortium=cast.alpha, sourced_id="org-svms").exists()
    assert any("tobedeleted was kept" in note for note in result.notes)


def test_it_adopts_a_school_that_was_entered_by_hand_instead_of_duplicating_it(cast, roster):
    district = District.objects.create(
        consortium=cast.alpha, name="Sierra Vista Unified School District (demo)"
    )
    school = School.objects.create(
        consortium=cast.alpha, district=district, name="sierra vista  high school (DEMO)"
    )

    result = import_into(cast.alpha, roster)

    district.refresh_from_db()
    school.refresh_from_db()
    assert (district.sourced_id, school.sourced_id) == ("org-svusd", "org-svhs")
    assert school.name == "Sierra Vista High School (demo)"
    assert result.counts["districts"].updated == 1
    assert result.counts["schools"].as_dict() == {
        "created": 1,
        "updated": 1,
        "unchanged": 0,
        "deactivated": 0,
        "skipped": 0,
    }


def test_it_skips_relatives_who_are_not_guardians(cast, roster):
    add_row(
        roster,
        "users.csv",
        sourcedId="usr-rel-1",
        enabledUser="true",
        orgSourcedIds="org-svhs",
        role="relative",
        username="aunt.garcia",
        givenName="Inez",
        familyName="Garcia-Demo",
        agentSourcedIds="usr-stu-1",
    )
    edit(roster, "users.csv", "usr-stu-1", agentSourcedIds="usr-par-1,usr-rel-1")

    result = import_into(cast.alpha, roster)

    assert not User.objects.filter(username="aunt.garcia").exists()
    assert result.counts["users"].skipped == 1
    assert result.counts["guardian_links"].created == 3


def test_it_maps_oneroster_grades():
    assert parse_grade("KG") == (True, 0)
    assert parse_grade("kg") == (True, 0)
    assert parse_grade("09") == (True, 9)
    assert parse_grade("9") == (True, 9)
    assert parse_grade("PK") == (True, -1)
    assert parse_grade("UG") == (True, None)
    assert parse_grade("14")[0] is False
    assert parse_grade("9th")[0] is False


# --- bad rows ---------------------------------------------------------------------------------

Breaker = Callable[[Path], tuple[str, int | None, str | None]]


def _drop_column(folder: Path) -> tuple[str, int | None, str | None]:
    columns, rows = read(folder / "users.csv")
    columns.remove("givenName")
    write(folder / "users.csv", columns, [{k: v for k, v in r.items() if k != "givenName"} for r in rows])
    return "users.csv", None, None


def _missing_file(folder: Path) -> tuple[str, int | None, str | None]:
    (folder / "classes.csv").unlink()
    return "classes.csv", None, None


def _duplicate(folder: Path) -> tuple[str, int | None, str | None]:
    line = add_row(
        folder,
        "users.csv",
        sourcedId="usr-stu-3",
        enabledUser="true",
        orgSourcedIds="org-svhs",
        role="student",
        username="dup",
        givenName="A",
        familyName="B",
    )
    return "users.csv", line, "sourcedId"


def _manifest_version(folder: Path) -> tuple[str, int | None, str | None]:
    text = (folder / "manifest.csv").read_text(encoding="utf-8")
    (folder / "manifest.csv").write_text(text.replace("oneroster.version,1.1", "oneroster.version,1.2"))
    return "manifest.csv", 3, "value"


def _manifest_mode(folder: Path) -> tuple[str, int | None, str | None]:
    text = (folder / "manifest.csv").read_text(encoding="utf-8")
    (folder / "manifest.csv").write_text(text.replace("file.orgs,bulk", "file.orgs,full"))
    return "manifest.csv", 13, "value"


def _enrollment_school_mismatch(folder: Path) -> tuple[str, int | None, str | None]:
    return (
        "enrollments.csv",
        edit(folder, "enrollments.csv", "enr-02", schoolSourcedId="org-svms"),
        "schoolSourcedId",
    )


def _student_at_a_district(folder: Path) -> tuple[str, int | None, str | None]:
    edit(folder, "enrollments.csv", "enr-10", status="tobedeleted")  # no enrollment names a school either
    return "users.csv", edit(folder, "users.csv", "usr-stu-6", orgSourcedIds="org-svusd"), "orgSourcedIds"


BAD_ROWS: dict[str, Breaker] = {
    "missing required column": _drop_column,
    "manifest names a missing file": _missing_file,
    "manifest of another OneRoster version": _manifest_version,
    "unknown file mode in the manifest": _manifest_mode,
    "empty required value": lambda f: (
        "users.csv",
        edit(f, "users.csv", "usr-stu-3", familyName=""),
        "familyName",
    ),
    "unknown parentSourcedId": lambda f: (
        "orgs.csv",
        edit(f, "orgs.csv", "org-svms", parentSourcedId="org-nowhere"),
        "parentSourcedId",
    ),
    "school without a district": lambda f: (
        "orgs.csv",
        edit(f, "orgs.csv", "org-svms", parentSourcedId="org-nm"),
        "parentSourcedId",
    ),
    "unknown org type": lambda f: ("orgs.csv", edit(f, "orgs.csv", "org-svms", type="campus"), "type"),
    "unknown orgSourcedIds": lambda f: (
        "users.csv",
        edit(f, "users.csv", "usr-stu-3", orgSourcedIds="org-svhs,org-gone"),
        "orgSourcedIds",
    ),
    "student only at a district": _student_at_a_district,
    "unknown classSourcedId": lambda f: (
        "enrollments.csv",
        edit(f, "enrollments.csv", "enr-05", classSourcedId="cls-none"),
        "classSourcedId",
    ),
    "unknown userSourcedId": lambda f: (
        "enrollments.csv",
        edit(f, "enrollments.csv", "enr-05", userSourcedId="usr-none"),
        "userSourcedId",
    ),
    "enrollment at another school than its class": _enrollment_school_mismatch,
    "enrollment role against user role": lambda f: (
        "enrollments.csv",
        edit(f, "enrollments.csv", "enr-06", role="teacher"),
        "role",
    ),
    "bad session date": lambda f: (
        "academicSessions.csv",
        edit(f, "academicSessions.csv", "as-2026-fall", endDate="2025-13-40"),
        "endDate",
    ),
    "session ends before it starts": lambda f: (
        "academicSessions.csv",
        edit(f, "academicSessions.csv", "as-2026-fall", endDate="2025-01-01"),
        "endDate",
    ),
    "bad enrollment date": lambda f: (
        "enrollments.csv",
        edit(f, "enrollments.csv", "enr-05", beginDate="08/04/2025"),
        "beginDate",
    ),
    "bad dateLastModified": lambda f: (
        "users.csv",
        edit(f, "users.csv", "usr-stu-3", dateLastModified="yesterday"),
        "dateLastModified",
    ),
    "bad grade": lambda f: ("users.csv", edit(f, "users.csv", "usr-stu-3", grades="14"), "grades"),
    "bad class grade": lambda f: (
        "classes.csv",
        edit(f, "classes.csv", "cls-sci8-p2", grades="8th"),
        "grades",
    ),
    "duplicate sourcedId": _duplicate,
    "unknown user role": lambda f: ("users.csv", edit(f, "users.csv", "usr-tch-2", role="principal"), "role"),
    "unknown status": lambda f: ("users.csv", edit(f, "users.csv", "usr-tch-2", status="inactive"), "status"),
    "bad enabledUser": lambda f: (
        "users.csv",
        edit(f, "users.csv", "usr-tch-2", enabledUser="maybe"),
        "enabledUser",
    ),
    "bad email": lambda f: ("users.csv", edit(f, "users.csv", "usr-tch-2", email="ana at school"), "email"),
    "unknown agent": lambda f: (
        "users.csv",
        edit(f, "users.csv", "usr-stu-3", agentSourcedIds="usr-nobody"),
        "agentSourcedIds",
    ),
    "a teacher as a student's agent": lambda f: (
        "users.csv",
        edit(f, "users.csv", "usr-stu-3", agentSourcedIds="usr-tch-1"),
        "agentSourcedIds",
    ),
    "unknown term": lambda f: (
        "classes.csv",
        edit(f, "classes.csv", "cls-hsf-p3", termSourcedIds="as-2027-fall"),
        "termSourcedIds",
    ),
    "unknown course": lambda f: (
        "classes.csv",
        edit(f, "classes.csv", "cls-hsf-p3", courseSourcedId="crs-none"),
        "courseSourcedId",
    ),
    "unknown course org": lambda f: (
        "courses.csv",
        edit(f, "courses.csv", "crs-sci8", orgSourcedId="org-gone"),
        "orgSourcedId",
    ),
    "username of an account the roster did not create": lambda f: (
        "users.csv",
        edit(f, "users.csv", "usr-stu-3", username="stella"),
        "username",
    ),
    "bad username": lambda f: (
        "users.csv",
        edit(f, "users.csv", "usr-stu-3", username="iris tso!"),
        "username",
    ),
}


@pytest.mark.parametrize("case", list(BAD_ROWS))
def test_it_refuses_a_bad_row_naming_file_line_and_field_and_writes_nothing(cast, roster, case):
    file, line, column = BAD_ROWS[case](roster)
    before = snapshot()

    with pytest.raises(ImportRefused) as refused:
        import_into(cast.alpha, roster)

    assert snapshot() == before
    named = [(i.file, i.line, i.field) for i in refused.value.issues]
    assert (file, line, column) in named, named
    text = str(next(i for i in refused.value.issues if (i.file, i.line, i.field) == (file, line, column)))
    assert text.startswith(file)
    if line is not None:
        assert f"line {line}" in text
    if column is not None:
        assert f"field {column}" in text


def test_it_lists_errors_found_against_the_database_with_the_others(cast, roster):
    grade_line = edit(roster, "users.csv", "usr-stu-3", grades="9th")
    name_line = edit(roster, "users.csv", "usr-stu-5", username="STELLA")  # the cast's student, any case

    with pytest.raises(ImportRefused) as refused:
        import_into(cast.alpha, roster)

    assert [(i.line, i.field) for i in refused.value.issues] == [
        (grade_line, "grades"),
        (name_line, "username"),
    ]


def test_it_refuses_a_folder_that_does_not_exist(cast, tmp_path):
    result = OneRoster11Importer(consortium=cast.alpha, directory=tmp_path / "nope").validate()

    assert len(result.issues) == 1 and "no such folder" in str(result.issues[0])


def test_it_refuses_a_bad_update_after_a_good_import_and_keeps_the_old_rows(cast, roster):
    import_into(cast.alpha, roster)
    before = snapshot()
    edit(roster, "orgs.csv", "org-svhs", name="Renamed High")
    edit(roster, "users.csv", "usr-stu-3", grades="13th")

    with pytest.raises(ImportRefused):
        import_into(cast.alpha, roster)

    assert snapshot() == before
    assert (
        School.objects.get(consortium=cast.alpha, sourced_id="org-svhs").name
        == "Sierra Vista High School (demo)"
    )


def test_it_lists_every_bad_row_of_the_bad_fixture_and_the_command_fails(cast):
    before = snapshot()
    out, err = StringIO(), StringIO()

    with pytest.raises(CommandError, match="nothing was imported"):
        call_command("import_oneroster", str(BAD), consortium="alpha", stdout=out, stderr=err)

    assert snapshot() == before
    listed = err.getvalue()
    for expected in (
        "orgs.csv, line 5, field parentSourcedId",
        "users.csv, line 3, field grades",
        "users.csv, line 4, field orgSourcedIds",
        "users.csv, line 5, field sourcedId",
        "users.csv, line 6, field role",
        "users.csv, line 7, field agentSourcedIds",
        "enrollments.csv, line 3, field classSourcedId",
        "enrollments.csv, line 4, field userSourcedId",
        "academicSessions.csv, line 3, field startDate",
    ):
        assert expected in listed, listed


# --- dry run, command, permissions --------------------------------------------------------------


def test_it_writes_nothing_on_a_dry_run_and_prints_what_would_change(cast):
    before = snapshot()
    out = StringIO()

    call_command("import_oneroster", str(GOOD), consortium="alpha", dry_run=True, stdout=out)

    assert snapshot() == before
    printed = out.getvalue()
    assert "Dry run: nothing was written." in printed
    users_line = next(line for line in printed.splitlines() if line.startswith("users "))
    assert users_line.split()[1:] == ["14", "0", "0", "0", "0"]


def test_it_reports_unchanged_rows_through_the_command_on_a_second_run(cast):
    call_command("import_oneroster", str(GOOD), consortium="alpha", stdout=StringIO())
    out = StringIO()

    call_command("import_oneroster", str(GOOD), consortium="alpha", stdout=out)

    users_line = next(line for line in out.getvalue().splitlines() if line.startswith("users "))
    assert users_line.split()[1:] == ["0", "0", "14", "0", "0"]


def test_it_records_the_acting_administrator_and_refuses_anyone_else(cast):
    with pytest.raises(NotFound):
        OneRoster11Importer(consortium=cast.alpha, directory=GOOD, acting_user=cast.counselor)
    with pytest.raises(NotFound):
        OneRoster11Importer(consortium=cast.alpha, directory=GOOD, acting_user=cast.outsider)
    with pytest.raises(CommandError, match="not an administrator"):
        call_command("import_oneroster", str(GOOD), consortium="alpha", acting_user="olga", stdout=StringIO())
    assert not District.objects.filter(sourced_id="org-svusd").exists()

    call_command("import_oneroster", str(GOOD), consortium="alpha", acting_user="ada", stdout=StringIO())

    assert AuditEvent.objects.get(action="roster.import").actor == cast.admin


def test_it_refuses_an_unknown_consortium(cast):
    with pytest.raises(CommandError, match="No consortium"):
        call_command("import_oneroster", str(GOOD), consortium="gamma", stdout=StringIO())


# --- tenancy ----------------------------------------------------------------------------------


def test_it_keeps_each_consortium_to_its_own_rows_even_with_the_same_sourced_ids(cast, roster):
    import_into(cast.alpha, GOOD)
    alpha_before = {
        "districts": set(
            District.objects.filter(consortium=cast.alpha).values_list("pk", "name", "sourced_id")
        ),
        "schools": set(School.objects.filter(consortium=cast.alpha).values_list("pk", "name", "district_id")),
        "users": set(
            User.objects.filter(memberships__consortium=cast.alpha).values_list("pk", "username", "is_active")
        ),
        "memberships": set(
            Membership.objects.filter(consortium=cast.alpha).values_list("pk", "user_id", "role")
        ),
    }
    # Beta's roster: the same sourcedIds (and Alpha's own district id "d1"), its own usernames.
    columns, rows = read(roster / "users.csv")
    write(roster / "users.csv", columns, [{**r, "username": ""} for r in rows])
    edit(roster, "orgs.csv", "org-svhs", name="Beta Vista High")
    add_row(roster, "orgs.csv", sourcedId="d1", name="Beta Second District", type="district")

    result = import_into(cast.beta, roster)

    assert result.counts["users"].created == 14
    assert result.counts["districts"].created == 2
    assert {
        "districts": set(
            District.objects.filter(consortium=cast.alpha).values_list("pk", "name", "sourced_id")
        ),
        "schools": set(School.objects.filter(consortium=cast.alpha).values_list("pk", "name", "district_id")),
        "users": set(
            User.objects.filter(memberships__consortium=cast.alpha).values_list("pk", "username", "is_active")
        ),
        "memberships": set(
            Membership.objects.filter(consortium=cast.alpha).values_list("pk", "user_id", "role")
        ),
    } == alpha_before
    beta_student = roster_user(cast.beta, "usr-stu-1")
    assert beta_student.username == "beta-usr-stu-1"
    assert beta_student != roster_user(cast.alpha, "usr-stu-1")
    assert memberships_of(beta_student) == {(Role.STUDENT, "Beta Vista High")}
    assert School.objects.get(consortium=cast.beta, sourced_id="org-svhs").district.consortium == cast.beta
    link = GuardianLink.objects.get(student=beta_student)
    assert link.consortium == cast.beta and link.guardian == roster_user(cast.beta, "usr-par-1")


def test_it_refuses_to_take_over_another_consortiums_usernames(cast):
    import_into(cast.alpha, GOOD)
    before = snapshot()

    with pytest.raises(ImportRefused) as refused:
        import_into(cast.beta, GOOD)

    assert snapshot() == before
    assert {(i.file, i.field) for i in refused.value.issues} == {("users.csv", "username")}
    assert len(refused.value.issues) == 13  # every username in the file but the derived one
    assert roster_user(cast.alpha, "usr-stu-1").first_name == "Maya"


# --- performance ------------------------------------------------------------------------------


def _big_roster(folder: Path, students: int) -> None:
    shutil.copytree(GOOD, folder)
    columns, rows = read(folder / "users.csv")
    for n in range(students):
        rows.append(
            {c: "" for c in columns}
            | {
                "sourcedId": f"usr-big-{n}",
                "enabledUser": "true",
                "orgSourcedIds": "org-svhs",
                "role": "student",
                "username": f"big{n}",
                "givenName": f"Student{n}",
                "familyName": "Demo",
                "grades": "10",
                "agentSourcedIds": "usr-grd-1" if n % 10 == 0 else "",
            }
        )
    write(folder / "users.csv", columns, rows)


def test_it_uses_batched_queries_whose_number_barely_grows_with_the_roster(cast, tmp_path):
    counts = []
    for size, consortium in ((20, cast.alpha), (400, cast.beta)):
        folder = tmp_path / f"big{size}"
        _big_roster(folder, size)
        columns, rows = read(folder / "users.csv")
        write(
            folder / "users.csv",
            columns,
            [{**r, "username": f"{consortium.slug}-{r['username'] or r['sourcedId']}"} for r in rows],
        )
        with CaptureQueriesContext(connection) as queries:
            result = import_into(consortium, folder)
        assert result.counts["users"].created == 14 + size
        counts.append(len(queries))
    # 20 times the rows, a few more INSERT batches (SQLite takes at most 999 parameters a query).
    assert counts[1] < 1.5 * counts[0] and counts[1] < 40, counts
