"""Lottery tie-breaking and opportunity rankings built from priority tiers.

The lottery is auditable: the ids are put in code-point order and the i-th id draws the i-th
64-bit output of NumPy's PCG64 bit generator seeded with `seed`; the order is by that number
(ties, which need two equal 64-bit draws, by id). The raw bit-generator stream is what NumPy keeps
stable across releases, unlike the algorithms behind `Generator.permutation` and friends, so a
published seed reproduces the same lottery later. The same ids and seed always give the same
order, whatever order the ids are passed in.

See docs/matching/stable-matching.md for what lottery tie-breaking does and does not guarantee.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

import numpy as np

from .stable import MatchingInputError, quote

Priority = int | Sequence[int]


def _distinct_ids(ids: Iterable[str], what: str) -> list[str]:
    values = list(ids)
    seen: set[str] = set()
    for value in values:
        if not isinstance(value, str) or not value.strip():
            raise MatchingInputError(f"{what} must be non-empty strings, got {quote(value)}")
        if value in seen:
            raise MatchingInputError(f"{what} lists {quote(value)} more than once")
        seen.add(value)
    return values


def _check_seed(seed: object) -> int:
    if isinstance(seed, bool) or not isinstance(seed, int) or seed < 0:
        raise MatchingInputError(f"the lottery seed must be a non-negative integer, got {quote(seed)}")
    return seed


def lottery_numbers(ids: Iterable[str], seed: int) -> dict[str, int]:
    """Each id's lottery number (a 64-bit integer; lower goes first), in id order."""
    ordered = sorted(_distinct_ids(ids, "the lottery ids"))
    draws = np.random.PCG64(_check_seed(seed)).random_raw(len(ordered))
    return dict(zip(ordered, np.asarray(draws, dtype=np.uint64).tolist(), strict=True))


def lottery_order(ids: Iterable[str], seed: int) -> list[str]:
    """The ids in lottery order for `seed` (deterministic; independent of the input order)."""
    numbers = lottery_numbers(ids, seed)
    return sorted(numbers, key=lambda value: (numbers[value], value))


def _priority(applicant: str, keys: Mapping[str, Priority]) -> tuple[int, ...]:
    if applicant not in keys:
        raise MatchingInputError(f"applicant {quote(applicant)} has no priority")
    key = keys[applicant]
    parts = (key,) if isinstance(key, int) else tuple(key)
    if not parts or any(isinstance(p, bool) or not isinstance(p, int) for p in parts):
        raise MatchingInputError(
            f"applicant {quote(applicant)} has priority {quote(key)}: it must be an integer "
            "or a non-empty list of integers"
        )
    return parts


def priority_ranking(
    applicants: Iterable[str],
    keys: Mapping[str, Priority],
    seed: int | None = None,
    *,
    lottery: Sequence[str] | Mapping[str, int] | None = None,
) -> list[str]:
    """An opportunity's ranking: by priority (lower first), ties broken by lottery.

    `keys[a]` is applicant `a`'s priority tier: an integer, or a list of integers compared in
    order (for example `[tier, distance_band]`). Every applicant needs one.

    Ties go by a lottery: either drawn here over `applicants` with `seed` (a separate lottery per
    opportunity), or given as `lottery`, drawn once over every student and shared by every
    opportunity ("single tie-breaking"): the list from `lottery_order(all_students, seed)`, or
    the numbers from `lottery_numbers(all_students, seed)` (lower first; build it once, it is
    the fast form for many opportunities). Pass exactly one of `seed` and `lottery`.
    """
    names = _distinct_ids(applicants, "the applicants")
    if (seed is None) == (lottery is None):
        raise MatchingInputError("pass exactly one of `seed` and `lottery`")
    position: Mapping[str, int]
    if lottery is not None:
        position = lottery if isinstance(lottery, Mapping) else {v: i for i, v in enumerate(lottery)}
        for name in names:
            if name not in position:
                raise MatchingInputError(f"applicant {quote(name)} is not in the lottery")
    else:
        assert seed is not None
        position = {value: i for i, value in enumerate(lottery_order(names, seed))}
    priority = {name: _priority(name, keys) for name in names}
    return sorted(names, key=lambda name: (priority[name], position[name]))
