"""Who sees which programs, the careers a program leads to, and what a school's students can reach."""

from __future__ import annotations

import uuid

import pytest
from django.contrib.auth.models import AnonymousUser

from pathways.core.errors import InvalidInput, NotFound
from pathways.labor.models import ZipCode
from pathways.programs import selectors
from pathways.programs.models import ProgramOfStudy
from pathways.programs.selectors import Reach

from .conftest import World

ALPHA_ACTIVE = {"Nursing", "Welding Technology", "Computer Science", "Diesel Technology", "Electrical Trades"}


def visible(user) -> set[str]:  # type: ignore[no-untyped-def]
    return set(
        ProgramOfStudy.objects.filter(selectors.programs_visible_to(user)).values_list("name", flat=True)
    )


def test_it_shows_members_their_consortiums_active_programs(world: World) -> None:
    cast = world.cast
    for user in (cast.student, cast.other_student, cast.guardian, cast.partner_contact):
        assert visible(user) == ALPHA_ACTIVE, user.username


def test_it_shows_staff_planned_programs_too(world: World) -> None:
    cast = world.cast
    for user in (cast.admin, cast.staff, cast.district_admin, cast.counselor, cast.teacher):
        assert visible(user) == ALPHA_ACTIVE | {"Nursing Assistant (planned)"}, user.username


def test_it_shows_the_outsider_and_strangers_nothing_of_alpha(world: World) -> None:
    assert visible(world.cast.outsider) == {"Beta Welding"}
    assert visible(world.cast.beta_student) == {"Beta Welding"}
    assert visible(AnonymousUser()) == set()
    for public_id in (world.nursing.public_id, uuid.uuid4(), "not-a-uuid"):
        with pytest.raises(NotFound):
            selectors.access_program(world.cast.outsider, public_id)


def test_it_lets_leaders_and_the_district_admin_edit(world: World) -> None:
    cast = world.cast
    editable = lambda user: set(  # noqa: E731
        ProgramOfStudy.objects.filter(selectors.programs_editable_by(user)).values_list("name", flat=True)
    )
    assert (
        editable(cast.admin)
        == editable(cast.district_admin)
        == ALPHA_ACTIVE | {"Nursing Assistant (planned)"}
    )
    for user in (
        cast.counselor,
        cast.teacher,
        cast.student,
        cast.guardian,
        cast.partner_contact,
        cast.outsider,
    ):
        assert editable(user) == set(), user.username
        assert not selectors.may_edit_program(user, world.nursing)
    assert selectors.may_edit_program(cast.district_admin, world.cs)
    with pytest.raises(NotFound):
        selectors.access_program_for_edit(cast.counselor, world.nursing.public_id)


def test_it_shows_teachers_and_advisory_members_to_staff_only(world: World) -> None:
    cast = world.cast
    assert selectors.may_see_staff_details(cast.counselor, world.nursing)
    assert selectors.may_see_staff_details(cast.teacher, world.nursing)
    for user in (cast.student, cast.guardian, cast.partner_contact, cast.outsider):
        assert not selectors.may_see_staff_details(user, world.nursing)


def test_it_links_a_program_to_occupations_through_the_cip_soc_crosswalk(world: World) -> None:
    codes = lambda program: [o.code for o in selectors.occupations_for_program(program)]  # noqa: E731
    assert sorted(codes(world.nursing)) == ["29-1141.00", "29-1141.01"]
    assert codes(world.welding) == ["51-4121.00"]
    assert sorted(codes(world.cs)) == ["15-1252.00", "15-1299.07"]
    assert codes(world.diesel) == ["49-3031.00"]
    assert codes(world.electrical) == ["47-2111.00"]


def test_it_reads_careers_wages_in_the_schools_area(world: World) -> None:
    area = selectors.program_wage_area(world.nursing)
    assert area.code == "0042140"  # Santa Fe, NM: Alpha High's ZIP code
    careers = selectors.program_careers(world.nursing, area)
    rn = next(r for r in careers.rows if r.occupation.code == "29-1141.00")
    assert rn.wage is not None and rn.wage.annual_median == 100790
    # Where classes meet decides: the welding program meets at Alpha Middle (Albuquerque).
    assert selectors.program_wage_area(world.welding).code == "0010740"


def test_it_finds_programs_for_an_occupation(world: World) -> None:
    cast = world.cast
    names = lambda rows: {p.name for p in rows}  # noqa: E731
    assert names(selectors.programs_for_occupation("51-4121.00", cast.counselor)) == {"Welding Technology"}
    assert names(selectors.programs_for_occupation("51-4121.00", cast.outsider)) == {"Beta Welding"}
    assert names(selectors.programs_for_occupation("51-4121.00", cast.school)) == {"Welding Technology"}
    assert (
        names(selectors.programs_for_occupation("47-2111.00", cast.school)) == set()
    )  # not open to Alpha High
    assert names(selectors.programs_for_occupation("47-2111.00", cast.other_school)) == {"Electrical Trades"}
    with pytest.raises(NotFound):
        selectors.programs_for_occupation("99-9999.00", cast.counselor)


def test_haversine_measures_miles() -> None:
    # Santa Fe Plaza to Albuquerque Old Town: about 58 miles as the crow flies.
    assert 55 < selectors.haversine_miles((35.687, -105.938), (35.096, -106.670)) < 60
    assert selectors.haversine_miles((35.0, -106.0), (35.0, -106.0)) == 0


def test_the_finder_reaches_own_shared_virtual_and_college_programs(world: World) -> None:
    cast = world.cast
    rows = selectors.programs_reachable_from(cast.school)
    assert [(r.program.name, r.how) for r in rows] == [
        ("Nursing", Reach.HERE),
        ("Computer Science", Reach.VIRTUAL),
        ("Diesel Technology", Reach.COLLEGE),
        ("Welding Technology", Reach.OTHER_SCHOOL),  # as far as the college: by name
    ]
    by_name = {r.program.name: r for r in rows}
    # Not open to Alpha High, planned, or of another consortium: not reachable.
    assert not {"Electrical Trades", "Nursing Assistant (planned)", "Beta Welding"} & set(by_name)
    assert by_name["Nursing"].distance_miles == 0
    assert by_name["Computer Science"].distance_miles is None
    santa_fe, albuquerque = ZipCode.objects.get(zip="87501"), ZipCode.objects.get(zip="87102")
    expected = selectors.haversine_miles(
        (santa_fe.latitude, santa_fe.longitude), (albuquerque.latitude, albuquerque.longitude)
    )
    assert 50 < expected < 70
    assert by_name["Welding Technology"].distance_miles == pytest.approx(expected)
    assert by_name["Welding Technology"].place == "Alpha Middle"
    assert by_name["Diesel Technology"].distance_miles == pytest.approx(
        expected
    )  # the college is in Albuquerque
    assert by_name["Diesel Technology"].place == "Alpha College"
    assert by_name["Welding Technology"].distance_text == f"About {expected:,.0f} miles"


def test_the_finder_from_the_other_school(world: World) -> None:
    rows = selectors.programs_reachable_from(world.cast.other_school, sort="name")
    assert [(r.program.name, r.how) for r in rows] == [
        ("Computer Science", Reach.VIRTUAL),
        ("Diesel Technology", Reach.COLLEGE),
        ("Electrical Trades", Reach.HERE),
        ("Welding Technology", Reach.HERE),
    ]


def test_the_finder_filters_and_refuses_unknown_values(world: World) -> None:
    school = world.cast.school
    assert [r.program.name for r in selectors.programs_reachable_from(school, delivery="virtual")] == [
        "Computer Science"
    ]
    assert [
        r.program.name for r in selectors.programs_reachable_from(school, cluster="digital-technology")
    ] == ["Computer Science"]
    for kwargs, field in (
        ({"delivery": "x"}, "delivery"),
        ({"sort": "x"}, "sort"),
        ({"cluster": "x"}, "cluster"),
    ):
        with pytest.raises(InvalidInput) as refused:
            selectors.programs_reachable_from(school, **kwargs)
        assert refused.value.field == field


def test_the_finder_says_when_a_distance_is_unknown(world: World) -> None:
    world.cast.other_school.zip_code = None
    world.cast.other_school.save(update_fields=["zip_code"])
    rows = {r.program.name: r for r in selectors.programs_reachable_from(world.cast.school)}
    assert rows["Welding Technology"].distance_miles is None
    assert rows["Welding Technology"].distance_text == "Distance not known"


def test_the_finder_starts_from_the_users_school(world: World) -> None:
    cast = world.cast
    default = selectors.default_finder_school
    assert default(cast.student) == cast.school
    assert default(cast.other_student) == cast.other_school
    assert default(cast.guardian) == cast.school  # the guardian's child's school
    assert default(cast.counselor) == cast.school
    assert default(cast.district_admin) == cast.school  # first school of the district by name
    assert default(cast.admin) is None
    assert default(cast.partner_contact) is None
    assert default(AnonymousUser()) is None


def test_the_finder_may_start_from_any_school_of_the_users_consortium_only(world: World) -> None:
    cast = world.cast
    assert selectors.access_finder_school(cast.student, cast.other_school.public_id) == cast.other_school
    assert set(selectors.finder_schools(cast.partner_contact)) == {cast.school, cast.other_school}
    with pytest.raises(NotFound):
        selectors.access_finder_school(cast.outsider, cast.school.public_id)
    assert set(selectors.finder_schools(cast.outsider)) == {cast.beta_school}


def test_the_program_list_filters(world: World) -> None:
    cast = world.cast
    names = lambda **kw: [p.name for p in selectors.programs_list(cast.counselor, **kw)]  # noqa: E731
    assert names(cip="48.0508") == ["Welding Technology"]
    assert names(cip="51") == ["Nursing", "Nursing Assistant (planned)"]
    assert names(cip="51.38") == ["Nursing"]
    assert names(delivery="college") == ["Diesel Technology"]
    assert names(status="planned") == ["Nursing Assistant (planned)"]
    assert names(school=cast.other_school) == [
        "Computer Science",
        "Diesel Technology",
        "Electrical Trades",
        "Welding Technology",
    ]
    assert names(consortium="beta") == []
    with pytest.raises(InvalidInput):
        names(delivery="boat")
