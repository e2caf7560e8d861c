"""The interest distribution of a school: counts by strongest area and average scores, with
small cells suppressed (and one more when a single hidden cell could be worked out)."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from pathways.accounts.models import Membership
from pathways.accounts.roles import Role
from pathways.students.models import StudentProfile
from pathways.students.selectors_family import (
    caseload_filters,
    caseload_rows,
    needs_consent_q,
    suppress,
    thirteen_years_before,
)
from pathways.students.selectors_profiler import possibly_under_13

from .test_family_support import DOER, HELPER, THINKER, Family, attempt, family_fixture, login, student  # noqa: F401

INTERESTS = reverse("students:family-interests")


def test_it_hides_counts_below_the_minimum_cell_size():
    assert suppress({"R": 12, "I": 0, "A": 3, "S": 15, "E": 9, "C": 10}, 10) == {
        "R": 12,
        "I": None,
        "A": None,
        "S": 15,
        "E": None,
        "C": 10,
    }


def test_it_hides_a_second_cell_when_only_one_would_be_hidden():
    # With only A hidden, total - (R + S + ...) would reveal it: the smallest shown cell goes too.
    assert suppress({"R": 12, "I": 11, "A": 2, "S": 15, "E": 10, "C": 13}, 10) == {
        "R": 12,
        "I": 11,
        "A": None,
        "S": 15,
        "E": None,
        "C": 13,
    }
    assert suppress({"R": 12, "I": 11, "A": 20, "S": 15, "E": 10, "C": 13}, 10) == {
        "R": 12,
        "I": 11,
        "A": 20,
        "S": 15,
        "E": 10,
        "C": 13,
    }


def add_students(family: Family, doers: int, helpers: int, thinkers: int = 0) -> None:
    cast = family.cast
    n = 0
    for answers, count in ((DOER, doers), (HELPER, helpers), (THINKER, thinkers)):
        for _ in range(count):
            n += 1
            attempt(student(cast, f"s{n:03d}", f"S{n:03d}", "Demo", 10, cast.school), answers)


def test_it_shows_counts_and_averages_with_small_groups_suppressed(client, family: Family):
    add_students(
        family, doers=11, helpers=9
    )  # with the world: Doers 12 (Stella), Helpers 10 (Cy), Thinkers 1 (Ben)
    login(client, family.cast.counselor)
    response = client.get(INTERESTS)
    assert response.status_code == 200
    d = response.context["distribution"]
    assert d.min_cell_size == 10 and d.students == 24 and d.with_results == 23
    counts = {row.letter: row.count for row in d.rows}
    assert counts == {"R": 12, "I": None, "A": None, "S": 10, "E": None, "C": None}
    averages = {row.letter: row.average for row in d.rows}
    assert averages["R"] == pytest.approx((12 * 40 + 10 * 10 + 1 * 10) / 23, abs=0.05)
    page = response.content.decode()
    assert "fewer than 10" in page
    assert "To protect students" in page
    assert 'id="chart-data"' in page and "interests.js" in page


def test_it_shows_no_figures_when_fewer_students_than_the_minimum_have_results(client, family: Family):
    login(client, family.cast.counselor)
    response = client.get(INTERESTS)
    d = response.context["distribution"]
    assert d.with_results is None and all(r.count is None and r.average is None for r in d.rows)
    page = response.content.decode()
    assert "so no figures are shown" in page and 'id="chart-data"' not in page


def test_it_follows_the_consortiums_minimum_cell_size(client, family: Family):
    cast = family.cast
    cast.alpha.min_cell_size = 2
    cast.alpha.save(update_fields=["min_cell_size"])
    add_students(family, doers=1, helpers=1)
    login(client, cast.counselor)
    d = client.get(INTERESTS).context["distribution"]
    assert {row.letter: row.count for row in d.rows} == {
        "R": 2,
        "I": None,
        "A": None,
        "S": 2,
        "E": None,
        "C": None,
    }
    assert "fewer than 2" in client.get(INTERESTS).content.decode()


def test_it_lets_district_staff_choose_a_school_and_refuses_others(client, family: Family):
    cast = family.cast
    login(client, cast.district_admin)
    response = client.get(INTERESTS, {"school": str(cast.other_school.public_id)})
    assert response.status_code == 200 and response.context["distribution"].students == 1
    login(client, cast.outsider)
    assert client.get(INTERESTS, {"school": str(cast.school.public_id)}).status_code == 404


# --- the consent rule of the caseload matches the profiler part's ---------------------------------


@pytest.mark.parametrize(
    ("born", "grade", "expected"),
    [
        (None, 7, True),
        (None, 8, False),
        (None, None, False),  # nothing known about the student, but Alpha High teaches grade 9 up
        (date(2015, 6, 1), 10, True),  # a date of birth decides
        (date(2000, 6, 1), 6, False),
    ],
)
def test_it_counts_consent_like_the_profiler_rule(family: Family, born, grade, expected):
    cast = family.cast
    user = student(cast, "kid", "Kid", "Demo", grade, cast.school)
    if born is not None:
        StudentProfile.objects.create(
            consortium=cast.alpha, student=user, school=cast.school, date_of_birth=born
        )
    membership = Membership.objects.get(user=user, role=Role.STUDENT)
    rows, _counts = caseload_rows(cast.admin, caseload_filters(cast.admin, q="kid"))
    found = rows.filter(needs_consent_q()).filter(pk=membership.pk).exists()
    assert found is expected
    assert possibly_under_13(date_of_birth=born, grade_level=grade, school=cast.school) is expected


def test_it_finds_the_13th_birthday_on_29_february():
    assert thirteen_years_before(date(2028, 2, 29)) == date(2015, 2, 28)
    assert thirteen_years_before(date(2026, 11, 22)) == date(2013, 11, 22)
