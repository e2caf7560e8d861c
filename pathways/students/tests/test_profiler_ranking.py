"""Career matching through the students selector: shape invariance, job-zone filter without leaks,
the cached ratings matrix, bands, sorting, and the why sentence."""

from __future__ import annotations

import pytest
from django.utils import translation
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pathways.catalog.models import Occupation
from pathways.core.models import DatasetImport
from pathways.labor.models import WageArea
from pathways.matching.interests import FlatProfileError
from pathways.students import selectors_profiler as selectors

FAST = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
profiles = st.lists(st.integers(0, 40), min_size=6, max_size=6).filter(lambda p: max(p) > min(p))


def order(profile: list[float], zones: list[int] | None = None) -> list[str]:
    matrix, ranking = selectors.occupations_ranked(profile, zones=zones)
    return [matrix.codes[int(p)] for p in ranking.order]


@pytest.mark.usefixtures("catalog_db")
class TestRanking:
    def test_it_ranks_every_occupation_with_interest_data(self) -> None:
        matrix = selectors.ratings_matrix()
        assert len(matrix) == Occupation.objects.exclude(interest_r=None).count() == 12
        assert list(matrix.codes) == sorted(matrix.codes)
        assert sorted(order([40, 30, 20, 10, 0, 35])) == list(matrix.codes)

    @FAST
    @given(profile=profiles, shift=st.integers(-25, 1000), factor=st.integers(1, 50))
    def test_it_ignores_a_constant_added_to_all_six_scores_or_a_scale(
        self, profile: list[int], shift: int, factor: int
    ) -> None:
        base = order(profile)
        assert order([v + shift for v in profile]) == base
        assert order([v * factor for v in profile]) == base
        assert order([v * 0.37 + 2.5 for v in profile]) == base

    @FAST
    @given(profile=profiles, zones=st.sets(st.integers(1, 5), min_size=1, max_size=4))
    def test_it_never_leaks_other_job_zones(self, profile: list[int], zones: set[int]) -> None:
        by_code = dict(Occupation.objects.values_list("code", "job_zone_id"))
        filtered = order(profile, sorted(zones))
        assert all(by_code[code] in zones for code in filtered)
        # The filter keeps the order of the unfiltered ranking.
        assert filtered == [code for code in order(profile) if by_code[code] in zones]

    def test_it_refuses_a_perfectly_flat_profile(self) -> None:
        with pytest.raises(FlatProfileError):
            selectors.occupations_ranked([20] * 6)

    def test_it_rebuilds_the_matrix_when_the_occupations_are_reloaded(self) -> None:
        first = selectors.ratings_matrix()
        assert selectors.ratings_matrix() is first  # cached
        Occupation.objects.filter(code="51-4121.00").update(interest_r=None)
        DatasetImport.objects.filter(name="occupations").update(loaded_at=first_loaded_plus_one())
        rebuilt = selectors.ratings_matrix()
        assert rebuilt is not first and "51-4121.00" not in rebuilt.codes
        selectors.ratings_matrix_clear()

    def test_it_lists_matches_by_band_and_sorts_by_wage(self) -> None:
        nation = WageArea.objects.get(code="0000000")
        scores = {"R": 40, "I": 30, "A": 20, "S": 10, "E": 0, "C": 35}
        by_fit = selectors.matches_list(scores=scores, area=nation, limit=100)
        assert (
            by_fit.rows and all(row.band in {"best", "great", "good"} for row in by_fit.rows)
        ) or by_fit.weak
        assert [row.rank for row in by_fit.rows] == sorted(row.rank for row in by_fit.rows)
        by_wage = selectors.matches_list(scores=scores, area=nation, sort="wage", limit=100)
        assert {r.code for r in by_wage.rows} == {r.code for r in by_fit.rows}
        wages = [r.wage.annual_median for r in by_wage.rows if r.wage and r.wage.annual_median is not None]
        assert wages == sorted(wages, reverse=True)
        flat = selectors.matches_list(scores=dict.fromkeys("RIASEC", 12), area=nation)
        assert flat.flat and flat.rows == []


def first_loaded_plus_one():  # type: ignore[no-untyped-def]
    from datetime import timedelta

    loaded = DatasetImport.objects.get(name="occupations").loaded_at
    return loaded + timedelta(seconds=1)


class TestWhy:
    def test_it_names_two_shared_top_areas(self) -> None:
        with translation.override("en"):
            assert selectors.why_sentence("SIA", "SIC") == (
                "You like Social and Investigative activities most, and people in this job spend their "
                "days on exactly those: helping people and solving problems."
            )

    def test_it_names_shared_areas_that_are_not_the_students_first_two(self) -> None:
        with translation.override("en"):
            assert selectors.why_sentence("SIA", "AES").startswith(
                "Social and Artistic activities are among your favorites"
            )

    def test_it_names_one_shared_area(self) -> None:
        with translation.override("en"):
            assert selectors.why_sentence("RIC", "RES") == (
                "You like Realistic activities most, and hands-on work with tools is a big part of this job."
            )
            assert selectors.why_sentence("RIC", "IES").startswith("Investigative activities are among")

    def test_it_still_says_something_when_no_area_is_shared(self) -> None:
        with translation.override("en"):
            assert "creating things" in selectors.why_sentence("RIC", "ASE")

    def test_it_writes_careful_spanish(self) -> None:
        with translation.override("es"):
            sentence = selectors.why_sentence("SIA", "SIC")
        assert "Social e Investigador" in sentence  # "y" becomes "e" before the sound i
        assert "ayudar a las personas y resolver problemas" in sentence


def test_it_keeps_profile_order_helpers_consistent() -> None:
    assert selectors.zones_clean([]) == (1, 2, 3, 4, 5)
    assert selectors.zones_clean([3, 1, 3]) == (1, 3)
    assert selectors.first_unanswered("5" * 59 + "0") == 60
    assert selectors.first_unanswered("5" * 60) is None
