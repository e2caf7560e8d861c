"""Instance validation: every malformed input is refused with a message naming the id and field."""

from __future__ import annotations

import copy
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pathways.matching import stable
from pathways.matching.stable import MatchingInputError, parse_instance, stable_match

GOOD: dict[str, Any] = {
    "students": {"s1": ["o1", "o2"], "s2": ["o2"], "s3": []},
    "opportunities": {
        "o1": {"capacity": 1, "ranking": ["s1"]},
        "o2": {"capacity": 2, "ranking": ["s2", "s1"]},
    },
}


def refused(data: object) -> str:
    with pytest.raises(MatchingInputError) as info:
        parse_instance(data)
    return str(info.value)


def changed(path: tuple[str, ...], value: object) -> dict[str, Any]:
    data = copy.deepcopy(GOOD)
    target = data
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    return data


class TestInstanceShape:
    def test_it_accepts_the_good_instance(self) -> None:
        assert parse_instance(GOOD).n_students == 3

    @pytest.mark.parametrize("data", [[], "x", None, 3])
    def test_it_refuses_a_non_object(self, data: object) -> None:
        assert refused(data).startswith('the instance must be an object with "students"')

    def test_it_names_a_missing_top_level_field(self) -> None:
        assert refused({"students": {}}) == 'the instance is missing "opportunities"'

    def test_it_refuses_an_unknown_top_level_field(self) -> None:
        assert refused({**GOOD, "oportunities": {}}) == 'the instance has an unknown field "oportunities"'

    def test_it_refuses_students_that_are_not_an_object(self) -> None:
        assert refused({"students": [], "opportunities": {}}).startswith('"students" must be an object')

    def test_it_refuses_opportunities_that_are_not_an_object(self) -> None:
        assert refused({"students": {}, "opportunities": ["o1"]}).startswith(
            '"opportunities" must be an object'
        )


class TestIds:
    def test_it_refuses_an_empty_student_id(self) -> None:
        data: dict[str, Any] = {"students": {"": []}, "opportunities": {}}
        assert refused(data) == '"students" has an empty student id ""'

    def test_it_refuses_a_blank_opportunity_id(self) -> None:
        data: dict[str, Any] = {"students": {}, "opportunities": {"  ": {"capacity": 1, "ranking": []}}}
        assert refused(data) == '"opportunities" has an empty opportunity id "  "'

    def test_it_refuses_a_non_string_id(self) -> None:
        data: dict[Any, Any] = {"students": {7: []}, "opportunities": {}}
        assert refused(data) == '"students" has a student id that is not a string: 7'


class TestStudentLists:
    def test_it_names_an_unknown_opportunity(self) -> None:
        message = refused(changed(("students", "s3"), ["o1", "o9"]))
        assert message == 'student "s3" lists unknown opportunity "o9"'

    def test_it_names_a_repeated_opportunity(self) -> None:
        message = refused(changed(("students", "s2"), ["o2", "o1", "o2"]))
        assert message == 'student "s2" lists opportunity "o2" more than once'

    def test_it_names_an_empty_entry_and_its_position(self) -> None:
        message = refused(changed(("students", "s1"), ["o1", ""]))
        assert message == 'student "s1" lists an empty opportunity id at position 2'

    def test_it_names_a_non_string_entry(self) -> None:
        message = refused(changed(("students", "s1"), ["o1", 2]))
        assert message == 'student "s1" lists a non-string entry at position 2: 2'

    def test_it_refuses_a_list_that_is_not_a_list(self) -> None:
        # A string would otherwise be read as a list of one-letter ids.
        message = refused(changed(("students", "s1"), "o1"))
        assert message == 'student "s1" must map to a list of opportunity ids, got a string'

    def test_it_reports_the_first_bad_student_in_input_order(self) -> None:
        data = changed(("students", "s2"), ["o7"])
        data["students"]["s3"] = ["o8"]
        assert refused(data) == 'student "s2" lists unknown opportunity "o7"'


class TestOpportunities:
    def test_it_names_an_unknown_student(self) -> None:
        message = refused(changed(("opportunities", "o1", "ranking"), ["s1", "s9"]))
        assert message == 'opportunity "o1" ranks unknown student "s9"'

    def test_it_names_a_repeated_student(self) -> None:
        message = refused(changed(("opportunities", "o2", "ranking"), ["s2", "s1", "s2"]))
        assert message == 'opportunity "o2" ranks student "s2" more than once'

    @pytest.mark.parametrize(
        ("capacity", "shown"),
        [(-1, "-1"), (1.5, "1.5"), ("2", '"2"'), (True, "true"), (None, "null"), (2.0, "2.0")],
    )
    def test_it_refuses_a_bad_capacity(self, capacity: object, shown: str) -> None:
        message = refused(changed(("opportunities", "o1", "capacity"), capacity))
        assert message == f'opportunity "o1" has "capacity" {shown}: it must be a non-negative integer'

    def test_it_names_a_missing_capacity(self) -> None:
        data = copy.deepcopy(GOOD)
        del data["opportunities"]["o2"]["capacity"]
        assert refused(data) == 'opportunity "o2" is missing "capacity"'

    def test_it_refuses_an_unknown_opportunity_field(self) -> None:
        message = refused(changed(("opportunities", "o1", "seats"), 3))
        assert message == 'opportunity "o1" has an unknown field "seats"'

    def test_it_refuses_a_ranking_that_is_not_a_list(self) -> None:
        message = refused(changed(("opportunities", "o1", "ranking"), {"s1": 1}))
        assert message == 'opportunity "o1" has "ranking" an object: it must be a list of student ids'

    def test_it_refuses_an_opportunity_that_is_not_an_object(self) -> None:
        message = refused(changed(("opportunities", "o1"), ["s1"]))
        assert message == 'opportunity "o1" must be an object with "capacity" and "ranking", got a list'

    def test_it_escapes_odd_ids_in_messages(self) -> None:
        data = changed(("students", 'say "hi"'), ["o\n9"])
        assert refused(data) == 'student "say \\"hi\\"" lists unknown opportunity "o\\n9"'


class TestIdsEdgeCases:
    @pytest.fixture(autouse=True, params=["dict", "hashed"])
    def id_lookup(self, request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
        if request.param == "hashed":
            monkeypatch.setattr(stable, "FAST_LOOKUP_MIN_KNOWN", 0)
            monkeypatch.setattr(stable, "FAST_LOOKUP_MIN_QUERIES", 0)

    def test_it_tells_apart_ids_that_differ_only_by_a_trailing_nul(self) -> None:
        data = {
            "students": {"s": ["o\x00"]},
            "opportunities": {"o": {"capacity": 1, "ranking": ["s"]}},
        }
        assert refused(data) == 'student "s" lists unknown opportunity "o\\u0000"'

    def test_it_handles_unicode_and_long_ids(self) -> None:
        long_id = "opportunité-" + "x" * 200
        data = {
            "students": {"élève": [long_id, "o"], "学生": ["o"]},
            "opportunities": {
                long_id: {"capacity": 1, "ranking": ["学生", "élève"]},
                "o": {"capacity": 1, "ranking": ["élève", "学生"]},
            },
        }
        assert stable_match(data) == {"assignments": {"o": ["学生"], long_id: ["élève"]}, "unmatched": []}

    @settings(max_examples=60, deadline=None)
    @given(st.lists(st.text(min_size=1, max_size=6).filter(str.strip), min_size=1, max_size=25, unique=True))
    def test_it_maps_arbitrary_ids_exactly(self, ids: list[str]) -> None:
        # Every student applies to every opportunity and is ranked in order: the result names
        # the ids exactly, whatever characters they use.
        half = len(ids) // 2 or 1
        students, opps = ids[:half], ids[half:] or ["only"]
        data = {
            "students": {s: list(opps) for s in students},
            "opportunities": {o: {"capacity": 1, "ranking": list(students)} for o in opps},
        }
        result = stable_match(data)
        seated = [s for seats in result["assignments"].values() for s in seats]
        assert sorted(seated + result["unmatched"]) == sorted(students)
        assert set(result["assignments"]) == set(opps)
