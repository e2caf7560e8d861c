"""Rostering: OneRoster 1.1 CSV files imported into one consortium's tenant tree.

`OneRoster11Importer(consortium=..., directory=...)` reads `manifest.csv` (when present) and the
six files Pathways uses (`orgs`, `users`, `enrollments`, `classes`, `academicSessions`,
`courses`). `validate()` checks every row and says what an import would change; `apply()` does
the same inside one transaction and writes only when no row has an error (all or nothing).
Every problem is a `RowIssue` naming the file, line and field. Re-importing the same files
changes nothing: rows are matched on their OneRoster `sourcedId` *within the consortium*.

What is stored (see docs/import-formats.md for the whole mapping):

* orgs of type `district` and `school` become `District` and `School` rows (`sourced_id`);
* users become `User` rows with memberships at their schools or district, a grade level for
  students, and guardian links from `agentSourcedIds`;
* classes, courses, academic sessions and enrollments are checked (types, dates, grades and
  references across files); enrollments only add school memberships; none of them is stored.

Users are global in Pathways, but sourcedIds are only unique inside one district's roster, so a
roster user's `User.sourced_id` is stored qualified by the consortium (`"<consortium id>:<sourcedId>"`,
see `roster_user_key`): the same sourcedId imported into another consortium is another person,
and an importer never touches a user that its own consortium's roster did not create.

The CSV machinery at the top (`RowIssue`, `Issues`, `read_table`, `RowReader`, `ImportRefused`,
`KindCounts`, `ImportResult`) is shared with `pathways.orgs.partner_import`.
"""

from __future__ import annotations

import csv
import re
import time
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import TypeVar

from django.contrib.auth.hashers import make_password
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from pathways.accounts.models import GuardianLink, Membership, User
from pathways.accounts.roles import Role
from pathways.core.audit import audit_record
from pathways.core.errors import InvalidInput, NotFound

from .models import Consortium, District, School

T = TypeVar("T")

# ============================================================================================
# CSV machinery shared by the roster and partner importers
# ============================================================================================


@dataclass(frozen=True)
class RowIssue:
    """One problem in an import file. `line` None: the whole file; `field` None: the whole row."""

    file: str
    line: int | None
    field: str | None
    message: str

    def __str__(self) -> str:
        if self.line is None:
            return _("%(file)s: %(message)s") % {"file": self.file, "message": self.message}
        if self.field is None:
            return _("%(file)s, line %(line)d: %(message)s") % {
                "file": self.file,
                "line": self.line,
                "message": self.message,
            }
        return _("%(file)s, line %(line)d, field %(field)s: %(message)s") % {
            "file": self.file,
            "line": self.line,
            "field": self.field,
            "message": self.message,
        }


class Issues:
    """Every problem found while checking a set of files, in the order found."""

    def __init__(self) -> None:
        self.items: list[RowIssue] = []

    def add(self, file: str, line: int | None, field: str | None, message: str) -> None:
        self.items.append(RowIssue(file, line, field, message))

    def __len__(self) -> int:
        return len(self.items)

    def __iter__(self) -> Iterator[RowIssue]:
        return iter(self.items)


class ImportRefused(InvalidInput):
    """The files had errors, so nothing was written. `issues` lists every one of them."""

    def __init__(self, issues: Sequence[RowIssue]) -> None:
        count = len(issues)
        super().__init__(
            ngettext(
                "%(count)d error in the import files; nothing was imported.",
                "%(count)d errors in the import files; nothing was imported.",
                count,
            )
            % {"count": count}
        )
        self.issues = list(issues)


@dataclass
class KindCounts:
    """What an import did (or would do) to one kind of row."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0
    deactivated: int = 0
    skipped: int = 0

    def as_dict(self) -> dict[str, int]:
        return {
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "deactivated": self.deactivated,
            "skipped": self.skipped,
        }


COUNT_COLUMNS = ("created", "updated", "unchanged", "deactivated", "skipped")


@dataclass
class ImportResult:
    """The outcome of `validate()` (nothing written) or `apply()` (written when `issues` is empty)."""

    counts: dict[str, KindCounts]
    checked: dict[str, int] = field(default_factory=dict)  # data rows read, per file
    modes: dict[str, str] = field(default_factory=dict)  # per file: bulk / delta / absent
    notes: list[str] = field(default_factory=list)
    issues: list[RowIssue] = field(default_factory=list)
    written: bool = False
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return not self.issues

    def counts_dict(self) -> dict[str, dict[str, int]]:
        return {kind: counts.as_dict() for kind, counts in self.counts.items()}


@dataclass
class Table:
    name: str  # the file's name, e.g. "users.csv"
    columns: tuple[str, ...]
    rows: list[tuple[int, dict[str, str]]]  # (line number, values by column); the header is line 1


def read_table(path: Path, *, required: Sequence[str], issues: Issues) -> Table | None:
    """The rows of a CSV file (UTF-8, with or without BOM), values stripped, blank lines skipped.

    A file that cannot be read, or that lacks a required column, is refused as a whole: one
    issue without a line number, and None.
    """
    name = path.name
    line = 0
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            reader = csv.reader(handle)
            header = next(reader, None)
            if header is None:
                issues.add(name, None, None, _("the file is empty; it needs at least its header line."))
                return None
            columns = tuple(c.strip() for c in header)
            repeated = sorted({c for c in columns if c and columns.count(c) > 1})
            if repeated:
                issues.add(
                    name,
                    None,
                    None,
                    _("column(s) named twice: %(columns)s.") % {"columns": ", ".join(repeated)},
                )
                return None
            missing = [c for c in required if c not in columns]
            if missing:
                issues.add(
                    name,
                    None,
                    None,
                    _("missing required column(s): %(columns)s.") % {"columns": ", ".join(missing)},
                )
                return None
            rows: list[tuple[int, dict[str, str]]] = []
            last = reader.line_num
            for cells in reader:
                line, last = last + 1, reader.line_num
                if not any(cell.strip() for cell in cells):
                    continue
                if len(cells) > len(columns):
                    issues.add(
                        name,
                        line,
                        None,
                        _("%(cells)d cells, but the header has %(columns)d columns.")
                        % {"cells": len(cells), "columns": len(columns)},
                    )
                    continue
                values = {col: (cells[i].strip() if i < len(cells) else "") for i, col in enumerate(columns)}
                rows.append((line, values))
    except UnicodeDecodeError:
        issues.add(name, None, None, _("the file is not UTF-8 text; save it as “CSV UTF-8”."))
        return None
    except csv.Error as exc:
        issues.add(name, line or None, None, _("not a readable CSV file (%(error)s).") % {"error": exc})
        return None
    return Table(name, columns, rows)


TRUE_WORDS = frozenset({"true", "yes", "y", "1"})
FALSE_WORDS = frozenset({"false", "no", "n", "0"})


class RowReader:
    """Reads the fields of one row, recording a `RowIssue` (file, line, field) for each bad value."""

    def __init__(self, table: Table, line: int, values: Mapping[str, str], issues: Issues) -> None:
        self.table = table
        self.line = line
        self.values = values
        self.issues = issues
        self.errors = 0

    def error(self, column: str | None, message: str) -> None:
        self.errors += 1
        self.issues.add(self.table.name, self.line, column, message)

    @property
    def ok(self) -> bool:
        return self.errors == 0

    def has(self, column: str) -> bool:
        return column in self.values

    def text(self, column: str, *, required: bool = False, max_length: int | None = None) -> str:
        value = self.values.get(column, "")
        if required and not value:
            self.error(column, _("a value is required."))
        elif max_length is not None and len(value) > max_length:
            self.error(
                column,
                _("%(length)d characters; at most %(max)d are allowed.")
                % {"length": len(value), "max": max_length},
            )
            return value[:max_length]
        return value

    def choice(self, column: str, choices: Mapping[str, T], *, required: bool = False) -> T | None:
        """One of `choices` (keys compared case-insensitively); None when blank or bad."""
        value = self.text(column, required=required)
        if not value:
            return None
        found = {key.casefold(): v for key, v in choices.items()}.get(value.casefold())
        if found is None:
            self.error(
                column,
                _("unknown value %(value)r; expected one of: %(choices)s.")
                % {"value": value, "choices": ", ".join(choices)},
            )
        return found

    def boolean(self, column: str, *, required: bool = False, strict: bool = True) -> bool | None:
        """true/false (strict, as OneRoster writes them) or also yes/no/1/0 (strict=False)."""
        value = self.text(column, required=required).casefold()
        if not value:
            return None
        if value == "true" or (not strict and value in TRUE_WORDS):
            return True
        if value == "false" or (not strict and value in FALSE_WORDS):
            return False
        words = "true, false" if strict else "true, false, yes, no, 1, 0"
        self.error(column, _("%(value)r is not one of: %(words)s.") % {"value": value, "words": words})
        return None

    def iso_date(self, column: str, *, required: bool = False) -> date | None:
        value = self.text(column, required=required)
        if not value:
            return None
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            try:
                return date.fromisoformat(value)
            except ValueError:
                pass
        self.error(column, _("%(value)r is not a date in the form YYYY-MM-DD.") % {"value": value})
        return None

    def iso_datetime(self, column: str) -> datetime | None:
        value = self.text(column)
        if not value:
            return None
        if re.match(r"\d{4}-\d{2}-\d{2}", value):
            try:
                return datetime.fromisoformat(value)
            except ValueError:
                pass
        self.error(
            column,
            _("%(value)r is not an ISO 8601 date and time (e.g. 2025-08-01T12:00:00Z).") % {"value": value},
        )
        return None

    def id_list(self, column: str, *, required: bool = False, max_length: int = 100) -> list[str]:
        """A comma-separated list of identifiers (OneRoster writes lists in one quoted cell)."""
        value = self.text(column, required=required)
        items = [item.strip() for item in value.split(",") if item.strip()]
        if value and not items:
            self.error(column, _("no identifier in %(value)r.") % {"value": value})
        for item in items:
            if len(item) > max_length:
                self.error(
                    column,
                    _("%(value)r is longer than %(max)d characters.") % {"value": item, "max": max_length},
                )
        return items

    def email(self, column: str) -> str:
        value = self.text(column, max_length=254)
        if value:
            try:
                validate_email(value)
            except ValidationError:
                self.error(column, _("%(value)r is not an email address.") % {"value": value})
        return value


def normalize_name(name: str) -> str:
    """Case- and space-insensitive form of a name, for matching."""
    return " ".join(name.split()).casefold()


def chunks(items: Sequence[T], size: int = 5000) -> Iterator[Sequence[T]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


# ============================================================================================
# OneRoster 1.1
# ============================================================================================

ACTIVE, TOBEDELETED = "active", "tobedeleted"
STATUSES = {"active": ACTIVE, "tobedeleted": TOBEDELETED}
FILE_MODES = {"absent": "absent", "bulk": "bulk", "delta": "delta"}
ORG_TYPES = {t: t for t in ("department", "school", "district", "local", "state", "national")}
USER_ROLES = {
    r: r for r in ("administrator", "aide", "guardian", "parent", "proctor", "relative", "student", "teacher")
}
ENROLLMENT_ROLES = {r: r for r in ("administrator", "aide", "proctor", "student", "teacher")}
SESSION_TYPES = {t: t for t in ("gradingPeriod", "semester", "schoolYear", "term")}
CLASS_TYPES = {t: t for t in ("homeroom", "scheduled")}

# CEDS grade levels (OneRoster 1.1 `grades`) and the Pathways grade number (0 = kindergarten).
GRADES: dict[str, int | None] = {
    "IT": -3,  # infant/toddler
    "PR": -2,  # preschool
    "PK": -1,  # prekindergarten
    "TK": -1,  # transitional kindergarten
    "KG": 0,
    **{f"{n:02d}": n for n in range(1, 14)},
    "PS": None,  # postsecondary
    "UG": None,  # ungraded
    "Other": None,
}
GRADE_WORDS = "IT, PR, PK, TK, KG, 01-13, PS, UG, Other"

STAFF_USER_ROLES = frozenset({"teacher", "aide", "proctor", "administrator"})
GUARDIAN_USER_ROLES = frozenset({"guardian", "parent"})
# Memberships that a consortium's roster owns for the users it imported. Others (a counselor
# role added by hand, a partner contact) are left alone.
ROSTER_ROLES = frozenset({Role.STUDENT, Role.TEACHER, Role.DISTRICT_ADMIN, Role.GUARDIAN})

# The files, in the order they are read, with the columns OneRoster 1.1 requires in each.
ROSTER_FILES: dict[str, tuple[str, ...]] = {
    "orgs": ("sourcedId", "name", "type"),
    "academicSessions": ("sourcedId", "title", "type", "startDate", "endDate", "schoolYear"),
    "courses": ("sourcedId", "title", "orgSourcedId"),
    "classes": ("sourcedId", "title", "courseSourcedId", "classType", "schoolSourcedId", "termSourcedIds"),
    "users": ("sourcedId", "enabledUser", "orgSourcedIds", "role", "username", "givenName", "familyName"),
    "enrollments": ("sourcedId", "classSourcedId", "schoolSourcedId", "userSourcedId", "role"),
}
MANIFEST = "manifest.csv"

USERNAME_UNSAFE = re.compile(r"[^\w.@+-]")


def roster_user_key(consortium: Consortium | int, sourced_id: str) -> str:
    """`User.sourced_id` of the user that `consortium`'s roster imported with this sourcedId."""
    pk = consortium if isinstance(consortium, int) else consortium.pk
    return f"{pk}:{sourced_id}"


def parse_grade(value: str) -> tuple[bool, int | None]:
    """(is a OneRoster grade, its number). Accepts '9' for '09' and any letter case."""
    text = value.strip()
    if text.isdigit() and 1 <= int(text) <= 13:
        return True, int(text)
    for key, number in GRADES.items():
        if key.casefold() == text.casefold():
            return True, number
    return False, None


# --- parsed rows ------------------------------------------------------------------------------


@dataclass
class OrgRow:
    line: int
    sid: str
    deleted: bool
    name: str = ""
    type: str = ""
    identifier: str = ""
    parent: str = ""


@dataclass
class UserRow:
    line: int
    sid: str
    deleted: bool
    enabled: bool = True
    orgs: list[str] = field(default_factory=list)
    role: str = ""
    username: str = ""
    given_name: str = ""
    family_name: str = ""
    email: str = ""
    agents: list[str] = field(default_factory=list)
    grade_level: int | None = None


@dataclass
class EnrollmentRow:
    line: int
    sid: str
    deleted: bool
    class_sid: str = ""
    school_sid: str = ""
    user_sid: str = ""
    role: str = ""


@dataclass
class ClassRow:
    line: int
    sid: str
    deleted: bool
    course_sid: str = ""
    school_sid: str = ""
    terms: list[str] = field(default_factory=list)


@dataclass
class SessionRow:
    line: int
    sid: str
    deleted: bool
    type: str = ""
    parent: str = ""


@dataclass
class CourseRow:
    line: int
    sid: str
    deleted: bool
    org_sid: str = ""
    school_year: str = ""


@dataclass(frozen=True)
class OrgRef:
    """An org that a row may refer to: from orgs.csv or already in the consortium."""

    kind: str  # "district", "school" or "other"
    type: str  # the OneRoster org type
    parent: str  # parent sourcedId ("" when none or unknown)
    deleted: bool = False


MembershipKey = tuple[str, str]  # (role, node sourcedId; "" for the consortium)


@dataclass
class _Plan:
    """What an import will write, worked out without writing anything."""

    result: ImportResult
    district_creates: list[District] = field(default_factory=list)
    district_updates: list[District] = field(default_factory=list)
    school_creates: list[tuple[School, str]] = field(default_factory=list)  # (school, district sid)
    school_updates: list[tuple[School, str]] = field(default_factory=list)
    user_creates: list[User] = field(default_factory=list)
    user_updates: list[User] = field(default_factory=list)
    membership_deletes: list[int] = field(default_factory=list)
    membership_creates: list[tuple[str, str, str]] = field(default_factory=list)  # (user sid, role, node sid)
    link_deletes: list[int] = field(default_factory=list)
    link_creates: list[tuple[str, str, str]] = field(
        default_factory=list
    )  # (guardian sid, student sid, rel.)


class OneRoster11Importer:
    """Import a folder of OneRoster 1.1 CSV files into one consortium. One instance per import."""

    version = "1.1"

    def __init__(self, *, consortium: Consortium, directory: Path, acting_user: User | None = None) -> None:
        if acting_user is not None and not _may_import_roster(acting_user, consortium):
            raise NotFound(_("Not found."))
        self.consortium = consortium
        self.directory = Path(directory)
        self.acting_user = acting_user
        self.prefix = roster_user_key(consortium, "")

    # --- the two entry points ----------------------------------------------------------------

    def validate(self) -> ImportResult:
        """Check every file and work out what an import would change. Writes nothing."""
        return self._plan().result

    def apply(self) -> ImportResult:
        """Check, then write everything in one transaction; raise `ImportRefused` on any error."""
        with transaction.atomic():
            plan = self._plan()
            if plan.result.issues:
                raise ImportRefused(plan.result.issues)
            started = time.perf_counter()
            self._write(plan)
            audit_record(
                acting_user=self.acting_user,
                action="roster.import",
                object_type="consortium",
                object_id=str(self.consortium.public_id),
                details={
                    "format": "oneroster-1.1",
                    "consortium": self.consortium.slug,
                    "directory": str(self.directory),
                    "modes": plan.result.modes,
                    "counts": plan.result.counts_dict(),
                },
            )
            plan.result.seconds += time.perf_counter() - started
            plan.result.written = True
        return plan.result

    # --- reading and checking ----------------------------------------------------------------

    def _plan(self) -> _Plan:
        started = time.perf_counter()
        issues = Issues()
        result = ImportResult(
            counts={
                kind: KindCounts()
                for kind in ("districts", "schools", "users", "memberships", "guardian_links")
            }
        )
        plan = _Plan(result=result)
        tables = self._read_files(issues, result)
        if not any(tables.get(name) for name in ("orgs", "users", "enrollments")) and not issues:
            issues.add(
                self.directory.name or str(self.directory),
                None,
                None,
                _("no orgs.csv, users.csv or enrollments.csv to import."),
            )
        self.orgs = self._parse_orgs(tables.get("orgs"), issues)
        self.sessions = self._parse_sessions(tables.get("academicSessions"), issues)
        self.courses = self._parse_courses(tables.get("courses"), issues)
        self.classes = self._parse_classes(tables.get("classes"), issues)
        self.users = self._parse_users(tables.get("users"), issues)
        self.enrollments = self._parse_enrollments(tables.get("enrollments"), issues)
        # Files present and readable: the universe of their sourcedIds. A file that was present but
        # unreadable is `broken`: references to it are not checked (its own error says enough).
        self.known = {name for name, table in tables.items() if table is not None}
        self.broken = {name for name, table in tables.items() if table is None}

        self._load_existing_orgs()
        self._check_orgs(tables, issues)
        self._check_sessions_courses_classes(tables, issues)
        self._load_existing_users()
        self._check_users(tables, issues)
        self._check_enrollments(tables, issues)
        self._check_placements(tables, issues)
        if not issues:
            self._plan_orgs(plan)
            self._plan_users(plan)
        result.issues = sorted(issues, key=_issue_order)
        result.seconds = time.perf_counter() - started
        return plan

    def _read_files(self, issues: Issues, result: ImportResult) -> dict[str, Table | None]:
        if not self.directory.is_dir():
            issues.add(str(self.directory), None, None, _("no such folder."))
            return {}
        modes = self._read_manifest(issues, result)
        tables: dict[str, Table | None] = {}
        for name, required in ROSTER_FILES.items():
            path = self.directory / f"{name}.csv"
            mode = modes.get(name) or ("bulk" if path.exists() else "absent")
            result.modes[name] = mode
            if mode == "absent":
                if path.exists():
                    result.notes.append(
                        _("%(file)s is ignored: the manifest says file.%(name)s=absent.")
                        % {"file": path.name, "name": name}
                    )
                continue
            if not path.exists():
                issues.add(
                    path.name,
                    None,
                    None,
                    _("the manifest says file.%(name)s=%(mode)s, but the file is missing.")
                    % {"name": name, "mode": mode},
                )
                continue
            table = read_table(path, required=required, issues=issues)
            tables[name] = table
            if table is not None:
                result.checked[path.name] = len(table.rows)
        return tables

    def _read_manifest(self, issues: Issues, result: ImportResult) -> dict[str, str]:
        path = self.directory / MANIFEST
        if not path.exists():
            return {}
        table = read_table(path, required=("propertyName", "value"), issues=issues)
        if table is None:
            return {}
        modes: dict[str, str] = {}
        for line, values in table.rows:
            row = RowReader(table, line, values, issues)
            prop, value = row.text("propertyName", required=True), row.text("value")
            if prop == "oneroster.version" and value != self.version:
                row.error(
                    "value",
                    _("this importer reads OneRoster %(expected)s files, not %(found)r.")
                    % {"expected": self.version, "found": value},
                )
            elif prop.startswith("file."):
                name = prop.removeprefix("file.")
                mode = row.choice("value", FILE_MODES, required=True)
                if mode is not None and name in ROSTER_FILES:
                    modes[name] = mode
                elif mode in {"bulk", "delta"}:
                    result.notes.append(
                        _("file.%(name)s is not used by Pathways; it was not read.") % {"name": name}
                    )
        return modes

    def _rows(self, table: Table | None, issues: Issues) -> Iterator[tuple[RowReader, str, bool]]:
        """Each row with its checked sourcedId and whether it is marked tobedeleted; duplicates refused."""
        if table is None:
            return
        seen: dict[str, int] = {}
        max_length = 100 - len(self.prefix) if table.name == "users.csv" else 100
        for line, values in table.rows:
            row = RowReader(table, line, values, issues)
            sid = row.text("sourcedId", required=True, max_length=max_length)
            status = row.choice("status", STATUSES) if row.has("status") else None
            row.iso_datetime("dateLastModified")
            if sid and sid in seen:
                row.error(
                    "sourcedId",
                    _("%(sid)r is also on line %(line)d; each sourcedId may appear once per file.")
                    % {"sid": sid, "line": seen[sid]},
                )
                continue
            if sid:
                seen[sid] = line
                yield row, sid, status == TOBEDELETED

    def _parse_orgs(self, table: Table | None, issues: Issues) -> dict[str, OrgRow]:
        orgs: dict[str, OrgRow] = {}
        for row, sid, deleted in self._rows(table, issues):
            org = OrgRow(row.line, sid, deleted)
            if not deleted:
                org.name = row.text("name", required=True, max_length=200)
                org.type = row.choice("type", ORG_TYPES, required=True) or ""
                org.identifier = row.text("identifier")
                org.parent = row.text("parentSourcedId", max_length=100)
                if org.parent == sid:
                    row.error("parentSourcedId", _("an org cannot be its own parent."))
            orgs[sid] = org
        return orgs

    def _parse_sessions(self, table: Table | None, issues: Issues) -> dict[str, SessionRow]:
        sessions: dict[str, SessionRow] = {}
        for row, sid, deleted in self._rows(table, issues):
            session = SessionRow(row.line, sid, deleted)
            if not deleted:
                row.text("title", required=True)
                session.type = row.choice("type", SESSION_TYPES, required=True) or ""
                start, end = row.iso_date("startDate", required=True), row.iso_date("endDate", required=True)
                if start and end and start > end:
                    row.error(
                        "endDate",
                        _("%(end)s is before the startDate %(start)s.") % {"end": end, "start": start},
                    )
                year = row.text("schoolYear", required=True)
                if year and not re.fullmatch(r"\d{4}", year):
                    row.error(
                        "schoolYear", _("%(value)r is not a four-digit year (e.g. 2026).") % {"value": year}
                    )
                session.parent = row.text("parentSourcedId")
            sessions[sid] = session
        return sessions

    def _parse_courses(self, table: Table | None, issues: Issues) -> dict[str, CourseRow]:
        courses: dict[str, CourseRow] = {}
        for row, sid, deleted in self._rows(table, issues):
            course = CourseRow(row.line, sid, deleted)
            if not deleted:
                row.text("title", required=True)
                course.org_sid = row.text("orgSourcedId", required=True)
                course.school_year = row.text("schoolYearSourcedId")
                self._grades(row)
            courses[sid] = course
        return courses

    def _parse_classes(self, table: Table | None, issues: Issues) -> dict[str, ClassRow]:
        classes: dict[str, ClassRow] = {}
        for row, sid, deleted in self._rows(table, issues):
            klass = ClassRow(row.line, sid, deleted)
            if not deleted:
                row.text("title", required=True)
                klass.course_sid = row.text("courseSourcedId", required=True)
                row.choice("classType", CLASS_TYPES, required=True)
                klass.school_sid = row.text("schoolSourcedId", required=True)
                klass.terms = row.id_list("termSourcedIds", required=True)
                self._grades(row)
            classes[sid] = klass
        return classes

    def _parse_users(self, table: Table | None, issues: Issues) -> dict[str, UserRow]:
        users: dict[str, UserRow] = {}
        usernames: dict[str, int] = {}
        for row, sid, deleted in self._rows(table, issues):
            user = UserRow(row.line, sid, deleted)
            users[sid] = user
            if deleted:
                continue
            user.enabled = bool(row.boolean("enabledUser", required=True) is not False)
            user.orgs = row.id_list("orgSourcedIds", required=True)
            user.role = row.choice("role", USER_ROLES, required=True) or ""
            user.given_name = row.text("givenName", required=True, max_length=150)
            user.family_name = row.text("familyName", required=True, max_length=150)
            user.email = row.email("email")
            user.agents = row.id_list("agentSourcedIds")
            grades = self._grades(row)
            numbers = [g for g in grades if g is not None]
            user.grade_level = max(numbers) if numbers else None
            username = row.text("username", max_length=150)
            if username:
                try:
                    User.username_validator(username)
                except ValidationError:
                    row.error(
                        "username",
                        _("%(value)r may contain only letters, digits and @ . + - _.") % {"value": username},
                    )
            else:
                username = f"{self.consortium.slug}-{USERNAME_UNSAFE.sub('_', sid)}"[:150]
            user.username = username
            key = username.casefold()
            if key in usernames:
                row.error(
                    "username",
                    _("%(value)r is also on line %(line)d; usernames must be unique.")
                    % {"value": username, "line": usernames[key]},
                )
            else:
                usernames[key] = row.line
        return users

    def _parse_enrollments(self, table: Table | None, issues: Issues) -> dict[str, EnrollmentRow]:
        enrollments: dict[str, EnrollmentRow] = {}
        for row, sid, deleted in self._rows(table, issues):
            enrollment = EnrollmentRow(row.line, sid, deleted)
            if not deleted:
                enrollment.class_sid = row.text("classSourcedId", required=True)
                enrollment.school_sid = row.text("schoolSourcedId", required=True)
                enrollment.user_sid = row.text("userSourcedId", required=True)
                enrollment.role = row.choice("role", ENROLLMENT_ROLES, required=True) or ""
                row.boolean("primary")
                begin, end = row.iso_date("beginDate"), row.iso_date("endDate")
                if begin and end and begin > end:
                    row.error(
                        "endDate",
                        _("%(end)s is before the beginDate %(begin)s.") % {"end": end, "begin": begin},
                    )
            enrollments[sid] = enrollment
        return enrollments

    @staticmethod
    def _grades(row: RowReader) -> list[int | None]:
        numbers: list[int | None] = []
        for item in row.id_list("grades"):
            valid, number = parse_grade(item)
            if not valid:
                row.error(
                    "grades",
                    _("%(value)r is not a OneRoster grade (%(grades)s).")
                    % {"value": item, "grades": GRADE_WORDS},
                )
            numbers.append(number)
        return numbers

    # --- the tree ----------------------------------------------------------------------------

    def _load_existing_orgs(self) -> None:
        c = self.consortium
        self.db_districts = {
            d.sourced_id: d for d in District.objects.filter(consortium=c).exclude(sourced_id="")
        }
        self.db_schools = {
            s.sourced_id: s for s in School.objects.filter(consortium=c).exclude(sourced_id="")
        }
        district_sid_by_id = {d.pk: sid for sid, d in self.db_districts.items()}
        self.district_sid_by_id = district_sid_by_id
        self.school_sid_by_id = {s.pk: sid for sid, s in self.db_schools.items()}
        refs: dict[str, OrgRef] = {}
        for sid in self.db_districts:
            refs[sid] = OrgRef("district", "district", "")
        for sid, school in self.db_schools.items():
            refs.setdefault(sid, OrgRef("school", "school", district_sid_by_id.get(school.district_id, "")))
        for sid, org in self.orgs.items():
            if org.deleted:
                if sid in refs:
                    refs[sid] = OrgRef(refs[sid].kind, refs[sid].type, refs[sid].parent, deleted=True)
                continue
            kind = org.type if org.type in {"district", "school"} else "other"
            refs[sid] = OrgRef(kind, org.type, org.parent)
        self.org_refs = refs

    def _school_of(self, sid: str) -> str | None:
        """The school sourcedId an org stands for: a school, or a department's school."""
        ref = self.org_refs.get(sid)
        if ref is None or ref.deleted:
            return None
        if ref.kind == "school":
            return sid
        parent = self.org_refs.get(ref.parent)
        if ref.type == "department" and parent is not None and parent.kind == "school" and not parent.deleted:
            return ref.parent
        return None

    def _check_orgs(self, tables: Mapping[str, Table | None], issues: Issues) -> None:
        table = tables.get("orgs")
        if table is None:
            return
        for org in self.orgs.values():
            if org.deleted or not org.type:
                continue
            parent = self.org_refs.get(org.parent) if org.parent else None
            if org.parent and parent is None:
                issues.add(
                    table.name,
                    org.line,
                    "parentSourcedId",
                    _("unknown org %(sid)r (not in orgs.csv nor already imported).") % {"sid": org.parent},
                )
            elif parent is not None and parent.deleted:
                issues.add(
                    table.name,
                    org.line,
                    "parentSourcedId",
                    _("org %(sid)r is marked tobedeleted.") % {"sid": org.parent},
                )
            elif org.type == "school" and (parent is None or parent.kind != "district"):
                message = (
                    _("a school needs its district here; %(sid)r is a %(type)s, not a district.")
                    % {"sid": org.parent, "type": parent.type}
                    if parent is not None
                    else _("a school needs its district here (an org of type district).")
                )
                issues.add(table.name, org.line, "parentSourcedId", message)

    def _check_sessions_courses_classes(self, tables: Mapping[str, Table | None], issues: Issues) -> None:
        def no_session(file: str, line: int, column: str, sid: str) -> None:
            message = _("unknown academic session %(sid)r (not in academicSessions.csv).") % {"sid": sid}
            issues.add(file, line, column, message)

        if (table := tables.get("academicSessions")) is not None:
            for session in self.sessions.values():
                if session.parent and session.parent not in self.sessions:
                    no_session(table.name, session.line, "parentSourcedId", session.parent)
        if (table := tables.get("courses")) is not None:
            for course in self.courses.values():
                if course.deleted:
                    continue
                if course.org_sid and "orgs" not in self.broken and course.org_sid not in self.org_refs:
                    issues.add(
                        table.name,
                        course.line,
                        "orgSourcedId",
                        _("unknown org %(sid)r (not in orgs.csv nor already imported).")
                        % {"sid": course.org_sid},
                    )
                if (
                    course.school_year
                    and "academicSessions" in self.known
                    and course.school_year not in self.sessions
                ):
                    no_session(table.name, course.line, "schoolYearSourcedId", course.school_year)
        if (table := tables.get("classes")) is not None:
            for klass in self.classes.values():
                if klass.deleted:
                    continue
                if klass.course_sid and "courses" in self.known and klass.course_sid not in self.courses:
                    issues.add(
                        table.name,
                        klass.line,
                        "courseSourcedId",
                        _("unknown course %(sid)r (not in courses.csv).") % {"sid": klass.course_sid},
                    )
                if (
                    klass.school_sid
                    and "orgs" not in self.broken
                    and self._school_of(klass.school_sid) != klass.school_sid
                ):
                    self._not_a_school(issues, table.name, klass.line, "schoolSourcedId", klass.school_sid)
                if "academicSessions" in self.known:
                    for term in klass.terms:
                        if term not in self.sessions:
                            no_session(table.name, klass.line, "termSourcedIds", term)

    def _not_a_school(self, issues: Issues, file: str, line: int, column: str, sid: str) -> None:
        ref = self.org_refs.get(sid)
        if ref is None:
            message = _("unknown org %(sid)r (not in orgs.csv nor already imported).") % {"sid": sid}
        elif ref.deleted:
            message = _("org %(sid)r is marked tobedeleted.") % {"sid": sid}
        else:
            message = _("%(sid)r is a %(type)s, not a school.") % {"sid": sid, "type": ref.type}
        issues.add(file, line, column, message)

    # --- people ------------------------------------------------------------------------------

    def _load_existing_users(self) -> None:
        """Roster users of this consortium that the files name, their roles and memberships."""
        wanted = set(self.users)
        for row in self.users.values():
            wanted.update(row.agents)
        wanted.update(e.user_sid for e in self.enrollments.values() if e.user_sid)
        keys = [self.prefix + sid for sid in sorted(wanted)]
        self.db_users: dict[str, User] = {}
        for key_part in chunks(keys):
            for user in User.objects.filter(sourced_id__in=key_part):
                self.db_users[user.sourced_id.removeprefix(self.prefix)] = user
        sid_by_user_id = {u.pk: sid for sid, u in self.db_users.items()}
        # Existing roster-owned memberships in this consortium: (user sid) -> {(role, node sid): id}
        self.db_memberships: dict[str, dict[MembershipKey, int]] = defaultdict(dict)
        self.unmanaged_memberships: set[str] = set()  # user sids with memberships the roster does not own
        ids = list(sid_by_user_id)
        for id_part in chunks(ids):
            rows = Membership.objects.filter(user_id__in=id_part).values_list(
                "id", "user_id", "role", "consortium_id", "school_id", "district_id"
            )
            for mid, user_id, role, consortium_id, school_id, district_id in rows:
                sid = sid_by_user_id[user_id]
                node = self._roster_node(role, consortium_id, school_id, district_id)
                if node is None:
                    self.unmanaged_memberships.add(sid)
                else:
                    self.db_memberships[sid][(role, node)] = mid

    def _roster_node(
        self, role: str, consortium_id: int, school_id: int | None, district_id: int | None
    ) -> str | None:
        """The node sourcedId of a membership this roster owns ("" = the consortium), or None."""
        if consortium_id != self.consortium.pk or role not in ROSTER_ROLES:
            return None
        if role == Role.GUARDIAN:
            return ""
        if school_id is not None:
            return self.school_sid_by_id.get(school_id)
        if district_id is not None:
            return self.district_sid_by_id.get(district_id)
        return None

    def _role_of(self, sid: str) -> str | None:
        """A user's OneRoster role family: student, guardian or staff (None if unknown or deleted)."""
        row = self.users.get(sid)
        if row is not None:
            if row.deleted or not row.role:
                return None
            if row.role == "student":
                return "student"
            if row.role in GUARDIAN_USER_ROLES or row.role == "relative":
                return "guardian"
            return "staff"
        roles = {role for role, _node in self.db_memberships.get(sid, {})}
        if Role.STUDENT in roles:
            return "student"
        if Role.GUARDIAN in roles:
            return "guardian"
        if roles & {Role.TEACHER, Role.DISTRICT_ADMIN}:
            return "staff"
        return None

    def _check_users(self, tables: Mapping[str, Table | None], issues: Issues) -> None:
        table = tables.get("users")
        self.misplaced: set[str] = set()  # users with an unknown or deleted org (already an error)
        if table is None:
            return
        self._check_usernames(table, issues)
        for user in self.users.values():
            if user.deleted or not user.role:
                continue
            for org_sid in user.orgs:
                ref = self.org_refs.get(org_sid)
                if ref is None or ref.deleted:
                    self.misplaced.add(user.sid)
                if "orgs" in self.broken:
                    continue
                if ref is None:
                    issues.add(
                        table.name,
                        user.line,
                        "orgSourcedIds",
                        _("unknown org %(sid)r (not in orgs.csv nor already imported).") % {"sid": org_sid},
                    )
                elif ref.deleted:
                    issues.add(
                        table.name,
                        user.line,
                        "orgSourcedIds",
                        _("org %(sid)r is marked tobedeleted.") % {"sid": org_sid},
                    )
            for agent in user.agents:
                if agent == user.sid:
                    issues.add(
                        table.name, user.line, "agentSourcedIds", _("a user cannot be their own agent.")
                    )
                    continue
                if agent not in self.users and agent not in self.db_users:
                    issues.add(
                        table.name,
                        user.line,
                        "agentSourcedIds",
                        _("unknown user %(sid)r (not in users.csv nor already imported).") % {"sid": agent},
                    )
                    continue
                agent_role = self._role_of(agent)
                if agent_role is None:
                    continue  # marked tobedeleted: no link
                if user.role == "student" and agent_role != "guardian":
                    issues.add(
                        table.name,
                        user.line,
                        "agentSourcedIds",
                        _("%(sid)r is not a parent or guardian; a student's agents must be.")
                        % {"sid": agent},
                    )
                elif user.role in GUARDIAN_USER_ROLES and agent_role != "student":
                    issues.add(
                        table.name,
                        user.line,
                        "agentSourcedIds",
                        _("%(sid)r is not a student; a parent's or guardian's agents must be.")
                        % {"sid": agent},
                    )

    def _check_usernames(self, table: Table, issues: Issues) -> None:
        """Refuse to give a row an account that someone else holds (usernames are case-insensitive)."""
        rows = [u for u in self.users.values() if not u.deleted and u.role and u.role != "relative"]
        owners: dict[str, tuple[int, str]] = {}
        for part in chunks([u.username.casefold() for u in rows]):
            for pk, lowered, sourced_id in (
                User.objects.annotate(lowered=Lower("username"))
                .filter(lowered__in=part)
                .values_list("pk", "lowered", "sourced_id")
            ):
                owners[lowered] = (pk, sourced_id)
        for user in rows:
            owner = owners.get(user.username.casefold())
            existing = self.db_users.get(user.sid)
            if owner is None or (existing is not None and owner[0] == existing.pk):
                continue
            other = owner[1].removeprefix(self.prefix) if owner[1].startswith(self.prefix) else None
            issues.add(
                table.name,
                user.line,
                "username",
                _("%(value)r already belongs to the user with sourcedId %(sid)r in this consortium.")
                % {"value": user.username, "sid": other}
                if other is not None
                else _(
                    "%(value)r is taken by an account that this consortium's roster did not create; "
                    "choose another username, or leave it blank to use one made from the sourcedId."
                )
                % {"value": user.username},
            )

    def _check_enrollments(self, tables: Mapping[str, Table | None], issues: Issues) -> None:
        table = tables.get("enrollments")
        # School memberships that enrollments add: user sid -> school sids.
        self.enrolled_at: dict[str, set[str]] = defaultdict(set)
        if table is None:
            return
        for e in self.enrollments.values():
            if e.deleted:
                continue
            ok = True
            if e.class_sid and "classes" in self.known:
                klass = self.classes.get(e.class_sid)
                if klass is None:
                    ok = False
                    issues.add(
                        table.name,
                        e.line,
                        "classSourcedId",
                        _("unknown class %(sid)r (not in classes.csv).") % {"sid": e.class_sid},
                    )
                elif klass.school_sid and e.school_sid and klass.school_sid != e.school_sid:
                    ok = False
                    issues.add(
                        table.name,
                        e.line,
                        "schoolSourcedId",
                        _("%(school)r is not the school of class %(class)r (classes.csv: %(class_school)r).")
                        % {"school": e.school_sid, "class": e.class_sid, "class_school": klass.school_sid},
                    )
            if e.school_sid and "orgs" not in self.broken and self._school_of(e.school_sid) != e.school_sid:
                ok = False
                self._not_a_school(issues, table.name, e.line, "schoolSourcedId", e.school_sid)
            if not e.user_sid or "users" in self.broken:
                continue
            if e.user_sid not in self.users and e.user_sid not in self.db_users:
                issues.add(
                    table.name,
                    e.line,
                    "userSourcedId",
                    _("unknown user %(sid)r (not in users.csv nor already imported).") % {"sid": e.user_sid},
                )
                continue
            row = self.users.get(e.user_sid)
            if row is not None and row.deleted:
                issues.add(
                    table.name,
                    e.line,
                    "userSourcedId",
                    _("user %(sid)r is marked tobedeleted in users.csv.") % {"sid": e.user_sid},
                )
                continue
            family = self._role_of(e.user_sid)
            if family is None and row is None:
                issues.add(
                    table.name,
                    e.line,
                    "userSourcedId",
                    _("user %(sid)r has no active role in this consortium; list them in users.csv.")
                    % {"sid": e.user_sid},
                )
                continue
            wanted = "student" if e.role == "student" else "staff"
            if e.role and family is not None and family != wanted:
                issues.add(
                    table.name,
                    e.line,
                    "role",
                    _("%(role)r enrollment, but user %(sid)r is a %(family)s.")
                    % {"role": e.role, "sid": e.user_sid, "family": family},
                )
                continue
            if ok and e.school_sid and e.role:
                self.enrolled_at[e.user_sid].add(e.school_sid)

    def _check_placements(self, tables: Mapping[str, Table | None], issues: Issues) -> None:
        """Each user row must land at a school or district (from its orgs or its enrollments)."""
        users_table = tables.get("users")
        if users_table is None or self.broken & {"orgs", "enrollments"}:
            return
        for user in self.users.values():
            if user.deleted or not user.role or user.role == "relative" or user.sid in self.misplaced:
                continue
            if not self._desired_memberships(user):
                issues.add(
                    users_table.name,
                    user.line,
                    "orgSourcedIds",
                    _("a %(role)s needs a school or district among %(orgs)s (or an enrollment at a school).")
                    % {"role": user.role, "orgs": ", ".join(user.orgs) or "-"}
                    if user.role == "administrator"
                    else _("a %(role)s needs a school among %(orgs)s (or an enrollment at a school).")
                    % {"role": user.role, "orgs": ", ".join(user.orgs) or "-"},
                )

    def _desired_memberships(self, user: UserRow) -> set[MembershipKey]:
        """The roster memberships a user row stands for (see docs/import-formats.md)."""
        if user.role in GUARDIAN_USER_ROLES:
            return {(Role.GUARDIAN, "")}
        if user.role == "relative":
            return set()
        schools = {s for s in (self._school_of(o) for o in user.orgs) if s is not None}
        schools |= self.enrolled_at.get(user.sid, set())
        if user.role == "student":
            return {(Role.STUDENT, s) for s in schools}
        if user.role == "administrator":
            districts = {
                o
                for o in user.orgs
                if (ref := self.org_refs.get(o)) and ref.kind == "district" and not ref.deleted
            }
            wanted: set[MembershipKey] = {(Role.DISTRICT_ADMIN, d) for d in districts}
            for school in schools:
                if self.org_refs[school].parent not in districts:
                    wanted.add((Role.TEACHER, school))
            return wanted
        return {(Role.TEACHER, s) for s in schools}  # teacher, aide, proctor

    # --- planning the writes -----------------------------------------------------------------

    def _plan_orgs(self, plan: _Plan) -> None:
        counts = plan.result.counts
        now = timezone.now()
        unsourced_districts: dict[str, list[District]] = defaultdict(list)
        unsourced_schools: dict[tuple[int, str], list[School]] = defaultdict(list)
        if any(o.type == "district" and o.sid not in self.db_districts for o in self.orgs.values()):
            for d in District.objects.filter(consortium=self.consortium, sourced_id=""):
                unsourced_districts[normalize_name(d.name)].append(d)
        if any(o.type == "school" and o.sid not in self.db_schools for o in self.orgs.values()):
            for s in School.objects.filter(consortium=self.consortium, sourced_id=""):
                unsourced_schools[(s.district_id, normalize_name(s.name))].append(s)
        kept_deleted = 0
        # Districts that already exist once this import is written (sourced, or adopted by name).
        self.matched_districts: dict[str, District] = dict(self.db_districts)
        for org in self.orgs.values():
            if org.deleted:
                if org.sid in self.db_districts or org.sid in self.db_schools:
                    counts["districts" if org.sid in self.db_districts else "schools"].skipped += 1
                    kept_deleted += 1
                continue
            if org.type == "district":
                self._plan_district(plan, org, unsourced_districts, now)
        for org in self.orgs.values():
            if not org.deleted and org.type == "school":
                self._plan_school(plan, org, unsourced_schools, now)
        others = sum(1 for o in self.orgs.values() if not o.deleted and o.type not in {"district", "school"})
        if others:
            plan.result.notes.append(
                ngettext(
                    "%(count)d org of another type (state, local, department) was checked, not stored.",
                    "%(count)d orgs of other types (state, local, department) were checked, not stored.",
                    others,
                )
                % {"count": others}
            )
        if kept_deleted:
            plan.result.notes.append(
                ngettext(
                    "%(count)d district or school marked tobedeleted was kept: remove it in the admin "
                    "if it is really gone (its programs and history would go with it).",
                    "%(count)d districts or schools marked tobedeleted were kept: remove them in the "
                    "admin if they are really gone (their programs and history would go with them).",
                    kept_deleted,
                )
                % {"count": kept_deleted}
            )

    def _plan_district(
        self, plan: _Plan, org: OrgRow, unsourced: dict[str, list[District]], now: datetime
    ) -> None:
        counts = plan.result.counts["districts"]
        nces = org.identifier if re.fullmatch(r"\d{7}", org.identifier) else None
        district = self.db_districts.get(org.sid)
        adopted = False
        if district is None:
            candidates = unsourced.get(normalize_name(org.name), [])
            if len(candidates) == 1:  # a district entered by hand before the first roster import
                district, adopted = candidates[0], True
                unsourced[normalize_name(org.name)] = []
        if district is not None:
            self.matched_districts[org.sid] = district
        if district is None:
            plan.district_creates.append(
                District(consortium=self.consortium, name=org.name, sourced_id=org.sid, nces_id=nces or "")
            )
            counts.created += 1
            return
        changed = adopted or district.name != org.name or (nces is not None and district.nces_id != nces)
        if changed:
            district.name, district.sourced_id, district.updated_at = org.name, org.sid, now
            district.nces_id = nces if nces is not None else district.nces_id
            plan.district_updates.append(district)
            counts.updated += 1
        else:
            counts.unchanged += 1

    def _plan_school(
        self, plan: _Plan, org: OrgRow, unsourced: dict[tuple[int, str], list[School]], now: datetime
    ) -> None:
        counts = plan.result.counts["schools"]
        nces = org.identifier if re.fullmatch(r"\d{12}", org.identifier) else None
        school = self.db_schools.get(org.sid)
        district = self.matched_districts.get(org.parent)
        adopted = False
        if school is None and district is not None:
            key = (district.pk, normalize_name(org.name))
            if len(unsourced.get(key, [])) == 1:  # a school entered by hand before the first import
                school, adopted = unsourced[key][0], True
                unsourced[key] = []
        if school is None:
            new = School(consortium=self.consortium, name=org.name, sourced_id=org.sid, nces_id=nces or "")
            plan.school_creates.append((new, org.parent))
            counts.created += 1
            return
        moved = district is None or school.district_id != district.pk
        changed = adopted or moved or school.name != org.name or (nces is not None and school.nces_id != nces)
        if changed:
            school.name, school.sourced_id, school.updated_at = org.name, org.sid, now
            school.nces_id = nces if nces is not None else school.nces_id
            plan.school_updates.append((school, org.parent))
            counts.updated += 1
        else:
            counts.unchanged += 1

    def _plan_users(self, plan: _Plan) -> None:
        counts = plan.result.counts
        deleted_sids: set[str] = set()
        for user in self.users.values():
            existing = self.db_users.get(user.sid)
            if user.deleted:
                self._plan_deleted_user(plan, user, existing)
                deleted_sids.add(user.sid)
                continue
            if user.role == "relative":
                counts["users"].skipped += 1
                continue
            grade = user.grade_level if user.role == "student" else None
            if existing is None:
                plan.user_creates.append(
                    User(
                        username=user.username,
                        first_name=user.given_name,
                        last_name=user.family_name,
                        email=user.email,
                        grade_level=grade,
                        sourced_id=self.prefix + user.sid,
                        is_active=user.enabled,
                        password=make_password(None),  # roster users sign in by invitation or SSO
                    )
                )
                counts["users"].created += 1
            else:
                target = {
                    "username": user.username,
                    "first_name": user.given_name,
                    "last_name": user.family_name,
                    "email": user.email,
                    "grade_level": grade,
                    "is_active": user.enabled,
                }
                if any(getattr(existing, name) != value for name, value in target.items()):
                    for name, value in target.items():
                        setattr(existing, name, value)
                    plan.user_updates.append(existing)
                    counts["users"].updated += 1
                else:
                    counts["users"].unchanged += 1
            self._plan_memberships(plan, user.sid, self._desired_memberships(user), replace=True)
        # Enrollments of users who are not in users.csv only add memberships.
        for sid, schools in self.enrolled_at.items():
            if sid in self.users:
                continue
            family = self._role_of(sid)
            role = Role.STUDENT if family == "student" else Role.TEACHER
            admin_of = {node for r, node in self.db_memberships.get(sid, {}) if r == Role.DISTRICT_ADMIN}
            wanted: set[MembershipKey] = {
                (role, s) for s in schools if self.org_refs[s].parent not in admin_of
            }
            self._plan_memberships(plan, sid, wanted, replace=False)
        self._plan_links(plan, deleted_sids)
        if plan.result.modes.get("users") == "bulk":
            present = [self.prefix + sid for sid in self.users]
            absent = User.objects.filter(sourced_id__startswith=self.prefix, is_active=True)
            absent_count = absent.count() - sum(
                absent.filter(sourced_id__in=part).count() for part in chunks(present)
            )
            if absent_count:
                plan.result.notes.append(
                    ngettext(
                        "%(count)d user imported earlier is not in this bulk users.csv and was left as it "
                        "is; send it with status tobedeleted to deactivate it.",
                        "%(count)d users imported earlier are not in this bulk users.csv and were left as "
                        "they are; send them with status tobedeleted to deactivate them.",
                        absent_count,
                    )
                    % {"count": absent_count}
                )

    def _plan_deleted_user(self, plan: _Plan, user: UserRow, existing: User | None) -> None:
        counts = plan.result.counts["users"]
        if existing is None:
            counts.skipped += 1
            return
        memberships = self.db_memberships.get(user.sid, {})
        plan.membership_deletes.extend(memberships.values())
        plan.result.counts["memberships"].deactivated += len(memberships)
        keep_active = user.sid in self.unmanaged_memberships
        if memberships or (existing.is_active and not keep_active):
            if not keep_active:
                existing.is_active = False
                plan.user_updates.append(existing)
            counts.deactivated += 1
        else:
            counts.unchanged += 1

    def _plan_memberships(self, plan: _Plan, sid: str, wanted: set[MembershipKey], *, replace: bool) -> None:
        counts = plan.result.counts["memberships"]
        existing = self.db_memberships.get(sid, {})
        for key in sorted(wanted):
            if key in existing:
                counts.unchanged += 1
            else:
                plan.membership_creates.append((sid, key[0], key[1]))
                counts.created += 1
        if replace:
            for key, mid in existing.items():
                if key not in wanted:
                    plan.membership_deletes.append(mid)
                    counts.deactivated += 1

    def _plan_links(self, plan: _Plan, deleted_sids: set[str]) -> None:
        counts = plan.result.counts["guardian_links"]
        wanted: dict[tuple[str, str], str] = {}
        for user in self.users.values():
            if user.deleted or user.role == "relative":
                continue
            for agent in user.agents:
                agent_role = self._role_of(agent)
                agent_row = self.users.get(agent)
                if user.role == "student" and agent_role == "guardian":
                    if agent_row is not None and agent_row.role == "relative":
                        continue  # relatives are not imported
                    relationship = agent_row.role if agent_row is not None else ""
                    wanted.setdefault((agent, user.sid), relationship)
                elif user.role in GUARDIAN_USER_ROLES and agent_role == "student":
                    wanted[(user.sid, agent)] = user.role
        existing: dict[tuple[str, str], int] = {}
        links = GuardianLink.objects.filter(
            consortium=self.consortium,
            guardian__sourced_id__startswith=self.prefix,
            student__sourced_id__startswith=self.prefix,
        ).values_list("id", "guardian__sourced_id", "student__sourced_id")
        for lid, guardian_key, student_key in links:
            existing[(guardian_key.removeprefix(self.prefix), student_key.removeprefix(self.prefix))] = lid
        active_in_file = {sid for sid, u in self.users.items() if not u.deleted}
        for pair, lid in existing.items():
            guardian, student = pair
            if guardian in deleted_sids or student in deleted_sids:
                plan.link_deletes.append(lid)
                counts.deactivated += 1
            elif pair in wanted:
                counts.unchanged += 1
            elif guardian in active_in_file and student in active_in_file:
                plan.link_deletes.append(lid)  # both sides were sent and neither names the other
                counts.deactivated += 1
        for pair, relationship in wanted.items():
            if pair not in existing:
                plan.link_creates.append((pair[0], pair[1], relationship))
                counts.created += 1

    # --- writing -----------------------------------------------------------------------------

    def _write(self, plan: _Plan) -> None:
        c = self.consortium
        District.objects.bulk_create(plan.district_creates, batch_size=1000)
        if plan.district_updates:
            District.objects.bulk_update(
                plan.district_updates, ["name", "sourced_id", "nces_id", "updated_at"], batch_size=500
            )
        district_ids = dict(
            District.objects.filter(consortium=c).exclude(sourced_id="").values_list("sourced_id", "pk")
        )
        for school, district_sid in (*plan.school_creates, *plan.school_updates):
            school.district_id = district_ids[district_sid]
        School.objects.bulk_create([s for s, _d in plan.school_creates], batch_size=1000)
        if plan.school_updates:
            School.objects.bulk_update(
                [s for s, _d in plan.school_updates],
                ["name", "sourced_id", "nces_id", "district", "updated_at"],
                batch_size=500,
            )
        school_ids = dict(
            School.objects.filter(consortium=c).exclude(sourced_id="").values_list("sourced_id", "pk")
        )

        User.objects.bulk_create(plan.user_creates, batch_size=1000)
        if plan.user_updates:
            User.objects.bulk_update(
                plan.user_updates,
                ["username", "first_name", "last_name", "email", "grade_level", "is_active"],
                batch_size=500,
            )
        sids = {sid for sid, _r, _n in plan.membership_creates}
        sids |= {g for g, _s, _r in plan.link_creates} | {s for _g, s, _r in plan.link_creates}
        user_ids: dict[str, int] = {}
        for key_part in chunks([self.prefix + sid for sid in sorted(sids)]):
            for key, pk in User.objects.filter(sourced_id__in=key_part).values_list("sourced_id", "pk"):
                user_ids[key.removeprefix(self.prefix)] = pk

        for part in chunks(plan.membership_deletes):
            Membership.objects.filter(pk__in=part, consortium=c).delete()
        memberships = []
        for sid, role, node in plan.membership_creates:
            membership = Membership(user_id=user_ids[sid], role=role, consortium=c)
            if role == Role.DISTRICT_ADMIN:
                membership.district_id = district_ids[node]
            elif role != Role.GUARDIAN:
                membership.school_id = school_ids[node]
            memberships.append(membership)
        Membership.objects.bulk_create(memberships, batch_size=1000)

        for part in chunks(plan.link_deletes):
            GuardianLink.objects.filter(pk__in=part, consortium=c).delete()
        GuardianLink.objects.bulk_create(
            [
                GuardianLink(consortium=c, guardian_id=user_ids[g], student_id=user_ids[s], relationship=rel)
                for g, s, rel in plan.link_creates
            ],
            batch_size=1000,
        )


def _issue_order(issue: RowIssue) -> tuple[int, str, int]:
    order = {f"{name}.csv": i for i, name in enumerate(("manifest", *ROSTER_FILES))}
    return (order.get(issue.file, 99), issue.file, issue.line or 0)


def _may_import_roster(user: User, consortium: Consortium) -> bool:
    """Rosters carry student records: only a consortium administrator (or a superuser) imports them."""
    if user.is_superuser:
        return True
    return Membership.objects.filter(user=user, consortium=consortium, role=Role.CONSORTIUM_ADMIN).exists()


def format_counts(result: ImportResult) -> Iterable[str]:
    """The counts as a plain-text table, one line per kind (for commands and logs)."""
    width = max((len(kind) for kind in result.counts), default=5)
    yield f"{'':<{width}}  " + "  ".join(f"{c:>11}" for c in COUNT_COLUMNS)
    for kind, counts in result.counts.items():
        values = counts.as_dict()
        yield f"{kind:<{width}}  " + "  ".join(f"{values[c]:>11,}" for c in COUNT_COLUMNS)
