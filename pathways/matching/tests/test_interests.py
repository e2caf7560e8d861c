"""Interest Profiler scoring and career ranking."""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from pathways.matching.interests import (
    AREAS,
    ITEM_AREAS,
    FlatProfileError,
    InterestInputError,
    band_of,
    filter_job_zones,
    is_flat,
    profile_vector,
    rank_occupations,
    score_answers,
    top_areas,
    top_occupations,
)

ROOT = Path(__file__).resolve().parents[3]
FAST = settings(max_examples=60, deadline=None)
RATINGS = np.random.default_rng(7).uniform(1, 7, size=(120, 6)).round(2)
CODES = [f"{11 + i % 40:02}-{1000 + (i * 37) % 9000:04}.00" for i in range(len(RATINGS))]
profiles = hnp.arrays(np.int64, 6, elements=st.integers(0, 40)).filter(lambda p: np.ptp(p) > 0)


class TestScoring:
    def test_it_scores_all_strongly_dislike_as_zero(self) -> None:
        assert score_answers("1" * 60) == dict.fromkeys(AREAS, 0)

    def test_it_scores_all_strongly_like_as_forty(self) -> None:
        assert score_answers("5" * 60) == dict.fromkeys(AREAS, 40)

    def test_it_scores_a_hand_computed_example(self) -> None:
        # Each block of 12 items: R=5,5 I=4,4 A=3,3 S=2,2 E=1,1 C=5,4, i.e. item scores
        # R 4+4, I 3+3, A 2+2, S 1+1, E 0+0, C 4+3; five blocks.
        assert score_answers("554433221154" * 5) == {"R": 40, "I": 30, "A": 20, "S": 10, "E": 0, "C": 35}

    def test_it_scores_each_item_into_its_area(self) -> None:
        for item in range(60):
            answers = ["1"] * 60
            answers[item] = "4"
            expected = dict.fromkeys(AREAS, 0)
            expected["RIASEC"[(item % 12) // 2]] = 3
            assert score_answers("".join(answers)) == expected

    def test_it_follows_the_onet_item_list(self) -> None:
        path = ROOT / "data" / "public" / "interest_profiler" / "onet_ip_short_form_60_items.csv"
        with path.open(encoding="utf-8") as handle:
            rows = list(csv.DictReader(handle))
        assert [row["area_code"] for row in rows] == list(ITEM_AREAS)
        assert [int(row["index"]) for row in rows] == list(range(1, 61))

    @pytest.mark.parametrize(
        ("answers", "message"),
        [
            ("3" * 59, "answers must be exactly 60 digits 1-5, got 59 characters"),
            ("3" * 61, "answers must be exactly 60 digits 1-5, got 61 characters"),
            ("3" * 16 + "x" + "3" * 43, "answer 17 is 'x': each answer must be a digit from 1"),
            ("0" + "3" * 59, "answer 1 is '0': each answer"),
            ("3" * 59 + "6", "answer 60 is '6': each answer"),
            ("3" * 30 + " " + "3" * 29, "answer 31 is ' '"),
            ("3" * 59 + "\uff15", "answer 60 is '\uff15'"),  # a full-width 5 is not a 5
        ],
    )
    def test_it_refuses_bad_answers(self, answers: str, message: str) -> None:
        with pytest.raises(InterestInputError) as info:
            score_answers(answers)
        assert str(info.value).startswith(message)

    def test_it_refuses_answers_that_are_not_a_string(self) -> None:
        with pytest.raises(InterestInputError, match="got list"):
            score_answers(list("3" * 60))  # type: ignore[arg-type]  # the wrong type on purpose


class TestAreas:
    def test_it_orders_top_areas_by_score(self) -> None:
        assert top_areas({"R": 3, "I": 30, "A": 12, "S": 40, "E": 0, "C": 20}) == ["S", "I", "C"]

    def test_it_breaks_ties_in_riasec_order(self) -> None:
        assert top_areas({"R": 10, "I": 20, "A": 20, "S": 5, "E": 20, "C": 0}) == ["I", "A", "E"]
        assert top_areas(dict.fromkeys(AREAS, 7), n=6) == list(AREAS)

    def test_it_refuses_a_bad_n_or_scores(self) -> None:
        with pytest.raises(InterestInputError, match="n must be an integer 1-6"):
            top_areas(dict.fromkeys(AREAS, 1), n=7)
        with pytest.raises(InterestInputError, match="scores must map each of"):
            top_areas({"R": 1})
        with pytest.raises(InterestInputError, match="score C is 41"):
            top_areas({**dict.fromkeys(AREAS, 1), "C": 41})

    def test_it_calls_a_spread_of_two_flat(self) -> None:
        assert is_flat(dict.fromkeys(AREAS, 20))
        assert is_flat({"R": 20, "I": 22, "A": 21, "S": 20, "E": 20, "C": 21})
        assert not is_flat({"R": 20, "I": 23, "A": 21, "S": 20, "E": 20, "C": 21})

    def test_it_refuses_to_build_a_flat_profile(self) -> None:
        with pytest.raises(FlatProfileError, match="flat"):
            profile_vector({"R": 0, "I": 1, "A": 2, "S": 0, "E": 0, "C": 0})
        assert profile_vector(score_answers("554433221154" * 5)).tolist() == [40, 30, 20, 10, 0, 35]


class TestRanking:
    def test_it_ranks_by_correlation(self) -> None:
        profile = np.array([40, 30, 20, 10, 0, 35])
        ranking = rank_occupations(profile, RATINGS)
        expected = [np.corrcoef(profile, row)[0, 1] for row in RATINGS]
        assert np.allclose(ranking.similarity, np.array(expected)[ranking.order])
        assert np.all(np.diff(ranking.similarity) <= 0)
        assert sorted(ranking.order.tolist()) == list(range(len(RATINGS)))

    @FAST
    @given(profiles, st.integers(-1000, 1000), st.integers(1, 50))
    def test_it_ignores_shifts_and_integer_scaling_exactly(
        self, profile: np.ndarray, shift: int, scale: int
    ) -> None:
        base = rank_occupations(profile, RATINGS, codes=CODES)
        moved = rank_occupations(profile * scale + shift, RATINGS, codes=CODES)
        assert moved.order.tolist() == base.order.tolist()
        assert moved.similarity.tolist() == base.similarity.tolist()

    @FAST
    @given(profiles, st.floats(-50, 50), st.floats(0.01, 100))
    def test_it_ignores_real_shifts_and_scaling(
        self, profile: np.ndarray, shift: float, scale: float
    ) -> None:
        base = rank_occupations(profile, RATINGS, codes=CODES)
        moved = rank_occupations(profile * scale + shift, RATINGS, codes=CODES)
        assert moved.order.tolist() == base.order.tolist()
        assert np.allclose(moved.similarity, base.similarity, atol=1e-9)

    def test_it_ranks_huge_profiles_like_small_ones(self) -> None:
        profile = np.array([40, 30, 20, 10, 0, 35])
        base = rank_occupations(profile, RATINGS).order.tolist()
        assert rank_occupations(profile * 10**15, RATINGS).order.tolist() == base
        assert rank_occupations(profile * 1e300, RATINGS).order.tolist() == base

    def test_it_breaks_ties_by_code(self) -> None:
        ratings = np.array([[1, 2, 3, 4, 5, 6], [5, 5, 5, 1, 1, 1], [1, 2, 3, 4, 5, 6], [2, 4, 6, 8, 10, 12]])
        ranking = rank_occupations([0, 1, 2, 3, 4, 5], ratings, codes=["c", "a", "b", "a0"])
        # Rows 0, 2 and 3 correlate perfectly (3 is an affine copy): by code a0, b, c.
        assert ranking.order.tolist() == [3, 2, 0, 1]
        assert ranking.similarity.tolist()[:3] == [1.0, 1.0, 1.0]
        assert rank_occupations([0, 1, 2, 3, 4, 5], ratings).order.tolist() == [0, 2, 3, 1]

    def test_it_refuses_a_flat_profile(self) -> None:
        for profile in ([20] * 6, [0.5] * 6, [0] * 6):
            with pytest.raises(FlatProfileError):
                rank_occupations(profile, RATINGS)

    def test_it_gives_a_shapeless_occupation_zero_similarity(self) -> None:
        ratings = np.vstack([RATINGS[:3], [[4, 4, 4, 4, 4, 4]]])
        ranking = rank_occupations([1, 2, 3, 4, 5, 6], ratings)
        assert ranking.similarity[ranking.order.tolist().index(3)] == 0.0

    def test_it_bands_similarities(self) -> None:
        assert band_of([0.95, 0.8, 0.7999, 0.65, 0.5, 0.4999, -1]).tolist() == [
            "best",
            "best",
            "great",
            "great",
            "good",
            "other",
            "other",
        ]
        ranking = rank_occupations([40, 0, 0, 0, 0, 0], RATINGS)
        assert ranking.band.tolist() == band_of(ranking.similarity).tolist()

    @pytest.mark.parametrize(
        ("profile", "ratings", "message"),
        [
            ([1, 2, 3], RATINGS, "profile must be 6 numbers"),
            ([1, 2, 3, 4, 5, 6], RATINGS[:, :5], r"ratings must have shape \(n, 6\)"),
            ([1, 2, 3, 4, 5, np.nan], RATINGS, "profile must be finite"),
            ([1, 2, 3, 4, 5, 6], [["a"] * 6], "ratings must be numbers"),
        ],
    )
    def test_it_refuses_malformed_arrays(self, profile: object, ratings: object, message: str) -> None:
        with pytest.raises(InterestInputError, match=message):
            rank_occupations(profile, ratings)  # type: ignore[arg-type]  # malformed on purpose


class TestJobZones:
    @FAST
    @given(
        hnp.arrays(np.float64, len(RATINGS), elements=st.sampled_from([1, 2, 3, 4, 5, 0, -1, np.nan])),
        st.sets(st.integers(1, 5), min_size=1),
        profiles,
    )
    def test_it_never_leaks_other_zones(
        self, zones_of: np.ndarray, wanted: set[int], profile: np.ndarray
    ) -> None:
        ranking = rank_occupations(profile, RATINGS, job_zones=zones_of, zones=wanted)
        assert set(zones_of[ranking.order].tolist()) <= wanted
        assert sorted(ranking.order.tolist()) == np.flatnonzero(np.isin(zones_of, list(wanted))).tolist()
        full = rank_occupations(profile, RATINGS)
        filtered = filter_job_zones(full, zones_of, wanted)
        assert filtered.order.tolist() == ranking.order.tolist()
        assert filtered.similarity.tolist() == ranking.similarity.tolist()

    def test_it_refuses_unknown_zones(self) -> None:
        with pytest.raises(InterestInputError, match="zones must be job zones 1-5"):
            rank_occupations([1, 2, 3, 4, 5, 6], RATINGS, job_zones=np.ones(len(RATINGS)), zones={0})
        with pytest.raises(InterestInputError, match="one entry per occupation"):
            rank_occupations([1, 2, 3, 4, 5, 6], RATINGS, job_zones=np.ones(3), zones={1})
        with pytest.raises(InterestInputError, match="pass both"):
            rank_occupations([1, 2, 3, 4, 5, 6], RATINGS, zones={1})


class TestBatch:
    @FAST
    @given(hnp.arrays(np.int64, (7, 6), elements=st.integers(0, 40)), st.integers(1, 130))
    def test_it_matches_the_single_profile_ranking(self, batch: np.ndarray, k: int) -> None:
        result = top_occupations(batch, RATINGS, k, codes=CODES, chunk=3)
        assert result.order.shape == (7, min(k, len(RATINGS)))
        for row, profile in enumerate(batch):
            if np.ptp(profile) == 0:
                assert result.flat[row]
                assert (result.order[row] == -1).all()
                continue
            single = rank_occupations(profile, RATINGS, codes=CODES)
            assert result.order[row].tolist() == single.order[:k].tolist()
            assert result.similarity[row].tolist() == single.similarity[:k].tolist()

    def test_it_treats_each_profile_on_its_own(self) -> None:
        # A fractional row must not change how the integer rows beside it are computed.
        batch = np.array([[40, 30, 20, 10, 0, 35], [0.5, 1, 2, 3, 4, 5], [3, 9, 27, 1, 2, 4]])
        result = top_occupations(batch, RATINGS, 30, codes=CODES)
        for row, profile in enumerate(batch):
            single = rank_occupations(profile, RATINGS, codes=CODES)
            assert result.order[row].tolist() == single.order[:30].tolist()
            assert result.similarity[row].tolist() == single.similarity[:30].tolist()

    def test_it_filters_job_zones_in_batch(self) -> None:
        zones_of = np.arange(len(RATINGS)) % 5 + 1
        result = top_occupations(
            np.array([[1, 2, 3, 4, 5, 6], [6, 5, 4, 3, 2, 1]]), RATINGS, 10, job_zones=zones_of, zones={2}
        )
        assert set(zones_of[result.order].ravel().tolist()) == {2}

    def test_it_refuses_a_bad_k(self) -> None:
        with pytest.raises(InterestInputError, match="k must be a positive integer"):
            top_occupations(np.ones((1, 6)), RATINGS, 0)


def test_it_ranks_the_real_onet_ratings() -> None:
    path = ROOT / "data" / "public" / "onet" / "Interests.txt"
    ratings: dict[str, dict[str, float]] = {}
    with path.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle, delimiter="\t"):
            if row["Scale ID"] == "OI":
                ratings.setdefault(row["O*NET-SOC Code"], {})[row["Element Name"]] = float(row["Data Value"])
    codes = sorted(ratings)
    names = ["Realistic", "Investigative", "Artistic", "Social", "Enterprising", "Conventional"]
    matrix = np.array([[ratings[c][n] for n in names] for c in codes])
    assert len(codes) > 800
    answers = "".join("5" if area == "R" else "1" for area in ITEM_AREAS)
    ranking = rank_occupations(profile_vector(score_answers(answers)), matrix, codes=codes)
    # A strongly Realistic profile: the best fits are Realistic occupations.
    top = ranking.order[:10]
    assert all(np.argmax(matrix[i]) == 0 for i in top)
    assert ranking.band[0] == "best"
