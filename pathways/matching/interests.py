"""O*NET Interest Profiler (Short Form) scoring and career ranking by interest profile shape.

Concepts (formulas and the reasons for each choice in docs/matching/career-matching.md):

- *Answers*: 60 digits, one per item, 1 Strongly Dislike ... 5 Strongly Like. Item i (0-based)
  measures area "RIASEC"[(i % 12) // 2]: two items per area, the six areas in turn, five times.
- *Scores*: per area the sum of (answer - 1) over its ten items, 0-40.
- *Profile*: the six scores as a vector, in RIASEC order.
- *Similarity* of a profile to an occupation: the Pearson correlation between the profile and the
  occupation's six O*NET Occupational Interest ratings (1-7), so only the shape of the profile
  counts: adding a constant to all six scores, or scaling them by a positive factor, changes
  nothing. Occupations are ranked by similarity, ties by O*NET-SOC code.
- *Fit bands* of a similarity: best (>= 0.80), great (>= 0.65), good (>= 0.50), else other.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Final, NamedTuple

import numpy as np
import numpy.typing as npt

AREAS: Final = "RIASEC"
AREA_NAMES: Final = {
    "R": "Realistic",
    "I": "Investigative",
    "A": "Artistic",
    "S": "Social",
    "E": "Enterprising",
    "C": "Conventional",
}
ITEM_COUNT: Final = 60
#: The area of each item, in item order.
ITEM_AREAS: Final = tuple(AREAS[(i % 12) // 2] for i in range(ITEM_COUNT))
ANSWER_LABELS: Final = {
    "1": "Strongly Dislike",
    "2": "Dislike",
    "3": "Unsure",
    "4": "Like",
    "5": "Strongly Like",
}
MAX_AREA_SCORE: Final = 40
#: A profile whose highest and lowest area scores differ by at most this much is flat.
FLAT_SPREAD: Final = 2
#: Fit bands, best first: (name, lowest similarity). Below the last one the band is "other".
BANDS: Final = (("best", 0.80), ("great", 0.65), ("good", 0.50))
OTHER_BAND: Final = "other"
JOB_ZONES: Final = frozenset(range(1, 6))
#: Similarities are rounded to this many decimals, so float noise never reorders equal ones.
SIMILARITY_DECIMALS: Final = 12

IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]
ArrayLike = npt.ArrayLike


class InterestInputError(ValueError):
    """Answers, scores, a profile or occupation ratings are malformed."""


class FlatProfileError(InterestInputError):
    """The profile has no shape (all areas equal, or within FLAT_SPREAD): nothing to rank by."""


# -- Scoring ------------------------------------------------------------------------------------


def score_answers(answers: str) -> dict[str, int]:
    """Area scores (0-40, RIASEC order) from the 60 answers, e.g. `"5432..."`.

    The string must be exactly 60 characters, each one of 1-5 (no spaces or separators).
    """
    if not isinstance(answers, str):
        raise InterestInputError(
            f"answers must be a string of {ITEM_COUNT} digits 1-5, got {type(answers).__name__}"
        )
    if len(answers) != ITEM_COUNT:
        raise InterestInputError(
            f"answers must be exactly {ITEM_COUNT} digits 1-5, got {len(answers)} characters"
        )
    scores = dict.fromkeys(AREAS, 0)
    for position, (answer, area) in enumerate(zip(answers, ITEM_AREAS, strict=True), start=1):
        if answer not in ANSWER_LABELS:
            raise InterestInputError(
                f"answer {position} is {answer!r}: each answer must be a digit from "
                "1 (Strongly Dislike) to 5 (Strongly Like)"
            )
        scores[area] += ord(answer) - ord("1")
    return scores


def _checked_scores(scores: Mapping[str, int]) -> dict[str, int]:
    if not isinstance(scores, Mapping) or set(scores) != set(AREAS):
        raise InterestInputError(f"scores must map each of {', '.join(AREAS)} to a score")
    for area in AREAS:
        value = scores[area]
        if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_AREA_SCORE:
            raise InterestInputError(f"score {area} is {value!r}: it must be an integer 0-{MAX_AREA_SCORE}")
    return {area: scores[area] for area in AREAS}


def top_areas(scores: Mapping[str, int], n: int = 3) -> list[str]:
    """The `n` highest areas (the Holland code), highest first; ties in R, I, A, S, E, C order."""
    checked = _checked_scores(scores)
    if isinstance(n, bool) or not isinstance(n, int) or not 1 <= n <= len(AREAS):
        raise InterestInputError(f"n must be an integer 1-{len(AREAS)}, got {n!r}")
    return sorted(AREAS, key=lambda area: (-checked[area], AREAS.index(area)))[:n]


def is_flat(scores: Mapping[str, int]) -> bool:
    """True when the highest and lowest area scores differ by FLAT_SPREAD (2) points or less.

    Two points are two answer steps over 40: too little to tell the areas apart, so such a
    profile gets no career ranking (the page asks the student to explore instead).
    """
    values = _checked_scores(scores).values()
    return max(values) - min(values) <= FLAT_SPREAD


def profile_vector(scores: Mapping[str, int]) -> IntArray:
    """The scores as a RIASEC vector for `rank_occupations`; refuses a flat profile."""
    checked = _checked_scores(scores)
    if is_flat(checked):
        raise FlatProfileError(
            f"the interest profile is flat (area scores within {FLAT_SPREAD} points): "
            "no interest area stands out to rank careers by"
        )
    return np.array([checked[area] for area in AREAS], dtype=np.int64)


# -- Ranking ------------------------------------------------------------------------------------


class Ranking(NamedTuple):
    """Occupations (row indices of `ratings`), best first, with their similarity and fit band."""

    order: IntArray
    similarity: FloatArray
    band: npt.NDArray[np.str_]


class BatchRanking(NamedTuple):
    """Top occupations per profile: rows follow the profiles; flat profiles get -1 and NaN."""

    order: IntArray
    similarity: FloatArray
    flat: npt.NDArray[np.bool_]


def _matrix(values: ArrayLike, what: str) -> npt.NDArray[np.float64] | IntArray:
    array = np.asarray(values)
    if array.ndim != 2 or array.shape[1] != len(AREAS):
        raise InterestInputError(f"{what} must have shape (n, 6), got {array.shape}")
    if array.dtype == np.bool_ or not np.issubdtype(array.dtype, np.number):
        raise InterestInputError(f"{what} must be numbers, got {array.dtype}")
    if np.issubdtype(array.dtype, np.integer):
        return array.astype(np.int64)
    array = array.astype(np.float64)
    if not bool(np.all(np.isfinite(array))):
        raise InterestInputError(f"{what} must be finite numbers")
    return array


def _shape_vectors(rows: npt.NDArray[np.float64] | IntArray) -> tuple[FloatArray, npt.NDArray[np.bool_]]:
    """Unit vectors of the centred rows (zero for a row with no spread) and the flat mask.

    Integer-valued rows (each decided on its own) are centred in exact integer arithmetic and
    divided by their gcd first, so a profile shifted by a constant or scaled by a positive
    integer gives bit-identical vectors, hence identical similarities and ranking.
    """
    vectors = np.zeros(rows.shape, dtype=np.float64)
    flat = np.zeros(rows.shape[0], dtype=bool)
    small = np.all(np.abs(rows) < 2**40, axis=1)
    integral = (
        small if np.issubdtype(rows.dtype, np.integer) else small & np.all(rows == np.round(rows), axis=1)
    )
    if integral.any():
        ints = rows[integral].astype(np.int64)
        centred = ints * len(AREAS) - ints.sum(axis=1, keepdims=True)
        divisor = np.gcd.reduce(np.abs(centred), axis=1, keepdims=True)
        flat[integral] = divisor[:, 0] == 0
        vectors[integral] = centred // np.where(divisor == 0, 1, divisor)
    if not integral.all():
        other = rows[~integral].astype(np.float64)
        peak = np.max(np.abs(other), axis=1, keepdims=True)
        other /= np.where(peak == 0, 1.0, peak)  # no overflow for huge values
        centred_other = other - other.mean(axis=1, keepdims=True)
        no_spread = np.ptp(other, axis=1) == 0
        centred_other[no_spread] = 0.0
        flat[~integral] = no_spread
        vectors[~integral] = centred_other
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return vectors / np.where(norms == 0, 1.0, norms), flat


def _tie_rank(count: int, codes: Sequence[str] | None) -> IntArray:
    """Position of each row when sorted by code (by row index when there are no codes)."""
    if codes is None:
        return np.arange(count, dtype=np.int64)
    if len(codes) != count:
        raise InterestInputError(f"codes has {len(codes)} entries for {count} occupations")
    rank = np.empty(count, dtype=np.int64)
    rank[np.argsort(np.asarray(codes, dtype=str), kind="stable")] = np.arange(count)
    return rank


def allowed_zones(job_zones: ArrayLike, zones: Iterable[int], count: int) -> npt.NDArray[np.bool_]:
    """Mask of occupations whose job zone is one of `zones` (1-5). A missing or out-of-range
    zone (0, -1, NaN) is never allowed, so other zones can never leak in."""
    wanted = set(zones)
    if not wanted or not wanted <= JOB_ZONES or any(isinstance(z, bool) for z in wanted):
        raise InterestInputError(f"zones must be job zones 1-5, got {sorted(wanted, key=str)}")
    zone_array = np.asarray(job_zones)
    if zone_array.shape != (count,):
        raise InterestInputError(
            f"job_zones must have one entry per occupation ({count}), got {zone_array.shape}"
        )
    return np.isin(zone_array, np.array(sorted(wanted)))


def band_of(similarity: ArrayLike) -> npt.NDArray[np.str_]:
    """Fit band of each similarity: "best", "great", "good" or "other"."""
    values = np.asarray(similarity, dtype=np.float64)
    return np.select(
        [values >= floor for _, floor in BANDS], [name for name, _ in BANDS], default=OTHER_BAND
    ).astype(str)


def filter_job_zones(ranking: Ranking, job_zones: ArrayLike, zones: Iterable[int]) -> Ranking:
    """Keep only occupations in `zones`, in the same order. `job_zones` has one entry per row of
    the ratings the ranking was made from."""
    zone_array = np.asarray(job_zones)
    if zone_array.ndim != 1 or (ranking.order.size and int(ranking.order.max()) >= zone_array.size):
        raise InterestInputError("job_zones must have one entry per occupation of the ranking")
    keep = allowed_zones(zone_array, zones, zone_array.size)[ranking.order]
    return Ranking(ranking.order[keep], ranking.similarity[keep], ranking.band[keep])


def _similarity(vectors: FloatArray, occupations: FloatArray) -> FloatArray:
    """Dot products of unit vectors, rounded: (P, 6) x (N, 6) -> (P, N).

    Written as six outer-product accumulations in a fixed order rather than `@`, because BLAS may
    sum a 1-row and a 4096-row product in different orders; this way `rank_occupations` and
    `top_occupations` agree bit for bit.
    """
    total = np.multiply.outer(vectors[:, 0], occupations[:, 0])
    for area in range(1, len(AREAS)):
        total += np.multiply.outer(vectors[:, area], occupations[:, area])
    return np.round(total, SIMILARITY_DECIMALS, out=total)


def rank_occupations(
    profile: ArrayLike,
    ratings: ArrayLike,
    *,
    codes: Sequence[str] | None = None,
    job_zones: ArrayLike | None = None,
    zones: Iterable[int] | None = None,
) -> Ranking:
    """Rank occupations (rows of `ratings`, shape (N, 6), RIASEC order) for one profile (6 numbers).

    Best similarity first; equal similarities (after rounding to 12 decimals) by `codes`
    (O*NET-SOC codes, one per row) or by row. With `job_zones` (one per row) and `zones`, only
    occupations in those zones are returned. An occupation whose six ratings are equal has no
    shape: its similarity is 0. Raises `FlatProfileError` when the six profile values are equal.
    """
    profile_array = np.asarray(profile)
    if profile_array.shape != (len(AREAS),):
        raise InterestInputError(f"profile must be 6 numbers (RIASEC), got shape {profile_array.shape}")
    vector, flat = _shape_vectors(_matrix(profile_array.reshape(1, -1), "profile"))
    if bool(flat[0]):
        raise FlatProfileError("the interest profile is flat (all six values equal): nothing to rank by")
    occupations, _ = _shape_vectors(_matrix(ratings, "ratings"))
    count = occupations.shape[0]
    tie_rank = _tie_rank(count, codes)
    rows = np.arange(count, dtype=np.int64)
    if job_zones is not None or zones is not None:
        if job_zones is None or zones is None:
            raise InterestInputError("pass both job_zones and zones to filter by job zone")
        rows = rows[allowed_zones(job_zones, zones, count)]
    similarity = _similarity(vector, occupations[rows])[0]
    order = np.lexsort((tie_rank[rows], -similarity))
    return Ranking(rows[order], similarity[order], band_of(similarity[order]))


def top_occupations(
    profiles: ArrayLike,
    ratings: ArrayLike,
    k: int = 20,
    *,
    codes: Sequence[str] | None = None,
    job_zones: ArrayLike | None = None,
    zones: Iterable[int] | None = None,
    chunk: int = 4096,
) -> BatchRanking:
    """The `k` best occupations for each of many profiles (shape (P, 6)): the same order as
    `rank_occupations`, computed with matrix products in chunks of `chunk` profiles. Flat
    profiles are not an error here: their row is -1 with NaN similarity and `flat` is True."""
    profile_rows = _matrix(profiles, "profiles")
    vectors, flat = _shape_vectors(profile_rows)
    occupations, _ = _shape_vectors(_matrix(ratings, "ratings"))
    count = occupations.shape[0]
    tie_rank = _tie_rank(count, codes)
    rows = np.arange(count, dtype=np.int64)
    if job_zones is not None or zones is not None:
        if job_zones is None or zones is None:
            raise InterestInputError("pass both job_zones and zones to filter by job zone")
        rows = rows[allowed_zones(job_zones, zones, count)]
    if isinstance(k, bool) or not isinstance(k, int) or k < 1:
        raise InterestInputError(f"k must be a positive integer, got {k!r}")
    if rows.size >= 9_000_000:
        raise InterestInputError("too many occupations for one batch key (at most 9,000,000)")
    width = min(k, rows.size)
    kept = occupations[rows]
    # One integer key per (profile, occupation): similarity in units of 1e-12, then code rank.
    # Keys are distinct within a row, so partial and full sorts agree exactly.
    rank = np.empty(rows.size, dtype=np.int64)
    rank[np.argsort(tie_rank[rows], kind="stable")] = np.arange(rows.size)
    scale = 10.0**SIMILARITY_DECIMALS
    order = np.full((vectors.shape[0], width), -1, dtype=np.int64)
    similarity = np.full((vectors.shape[0], width), np.nan)
    if width == 0:
        return BatchRanking(order, similarity, flat)
    for start in range(0, vectors.shape[0], chunk):
        block = _similarity(vectors[start : start + chunk], kept)
        key = -np.rint(block * scale).astype(np.int64) * rows.size + rank
        if width < rows.size:
            part = np.argpartition(key, width - 1, axis=1)[:, :width]
        else:
            part = np.broadcast_to(np.arange(rows.size), key.shape).copy()
        best = np.take_along_axis(part, np.argsort(np.take_along_axis(key, part, axis=1), axis=1), axis=1)
        order[start : start + chunk] = rows[best]
        similarity[start : start + chunk] = np.take_along_axis(block, best, axis=1)
    order[flat] = -1
    similarity[flat] = np.nan
    return BatchRanking(order, similarity, flat)
