"""Matching: pure Python + NumPy, no Django (see docs/matching/).

- Stable matching of students to opportunities with capacities (`stable`, `checks`, `lottery`):
  student-proposing deferred acceptance, its validity and stability checks, lottery tie-breaking.
- Interest Profiler scoring and career ranking by interest profile shape (`interests`).

Command line: `python -m pathways.matching stable INSTANCE.json RESULT.json`.
"""

from __future__ import annotations

from .checks import MatchingResultError, blocking_pairs, is_stable, validate_result
from .interests import (
    BatchRanking,
    FlatProfileError,
    InterestInputError,
    Ranking,
    band_of,
    filter_job_zones,
    is_flat,
    profile_vector,
    rank_occupations,
    score_answers,
    top_areas,
    top_occupations,
)
from .lottery import lottery_numbers, lottery_order, priority_ranking
from .stable import Instance, Matching, MatchingInputError, parse_instance, solve, stable_match, to_result

__all__ = [
    "BatchRanking",
    "FlatProfileError",
    "Instance",
    "InterestInputError",
    "Matching",
    "MatchingInputError",
    "MatchingResultError",
    "Ranking",
    "band_of",
    "blocking_pairs",
    "filter_job_zones",
    "is_flat",
    "is_stable",
    "lottery_numbers",
    "lottery_order",
    "parse_instance",
    "priority_ranking",
    "profile_vector",
    "rank_occupations",
    "score_answers",
    "solve",
    "stable_match",
    "to_result",
    "top_areas",
    "top_occupations",
    "validate_result",
]
