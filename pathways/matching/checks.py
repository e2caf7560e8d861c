"""Checks of a matching result against its instance: validity and stability.

They read the result JSON (`{"assignments": ..., "unmatched": ...}`), not the solver's internals,
so they can audit any solver's output. Both are vectorised over the instance's arrays.

- Valid: every id known; every opportunity listed in `assignments`; every student exactly once
  (assigned or unmatched); no opportunity over capacity; every assigned pair acceptable (the
  student lists the opportunity and the opportunity ranks the student).
- A *blocking pair* (student s, opportunity o) is an acceptable pair where s prefers o to their
  seat (or has none) and o has a free seat or holds someone it ranks below s. A valid result
  with none is stable.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from .stable import Instance, IntArray, _lookup, _owners, parse_instance, quote

_RESULT_FIELDS = ("assignments", "unmatched")


class MatchingResultError(ValueError):
    """A result is malformed or is not a valid matching of its instance."""


def _as_instance(instance: Instance | Mapping[str, Any]) -> Instance:
    return instance if isinstance(instance, Instance) else parse_instance(instance)


def _first(mask: IntArray | Any) -> int:
    return int(np.flatnonzero(mask)[0])


def _seats(instance: Instance, result: object) -> tuple[IntArray, IntArray]:
    """Validate `result`; return per student the opportunity and the preference entry of the seat
    (-1 and -1 when unmatched)."""
    if not isinstance(result, Mapping):
        raise MatchingResultError('the result must be an object with "assignments" and "unmatched"')
    for field in _RESULT_FIELDS:
        if field not in result:
            raise MatchingResultError(f'the result is missing "{field}"')
    for field in result:
        if field not in _RESULT_FIELDS:
            raise MatchingResultError(f"the result has an unknown field {quote(field)}")
    assignments, unmatched = result["assignments"], result["unmatched"]
    if not isinstance(assignments, Mapping):
        raise MatchingResultError('"assignments" must be an object mapping opportunity ids to lists')
    if not isinstance(unmatched, list | tuple):
        raise MatchingResultError('"unmatched" must be a list of student ids')

    opp_ids = instance.opportunity_ids
    student_ids = instance.student_ids
    keys: list[Any] = list(assignments)
    key_index = _lookup(opp_ids, keys)
    if key_index is None or bool(np.any(key_index < 0)):
        known = set(opp_ids)
        bad = next(k for k in keys if not (isinstance(k, str) and k in known))
        raise MatchingResultError(f'"assignments" has unknown opportunity {quote(bad)}')
    present = np.zeros(len(opp_ids), dtype=bool)
    present[key_index] = True
    if not bool(present.all()):
        missing = opp_ids[_first(~present)]
        raise MatchingResultError(f'"assignments" is missing opportunity {quote(missing)}')
    lists: list[Sequence[Any]] = list(assignments.values())
    for key, seated in zip(keys, lists, strict=True):
        if not isinstance(seated, list | tuple):
            raise MatchingResultError(f'"assignments" maps {quote(key)} to something other than a list')

    sizes = np.fromiter(map(len, lists), dtype=np.int64, count=len(lists))
    seat_opp_of_entry = key_index[_owners(sizes)]
    named: list[Any] = list(itertools.chain.from_iterable(lists))
    everyone = named + list(unmatched)
    who = _lookup(student_ids, everyone)
    if who is None or bool(np.any(who < 0)):
        known = set(student_ids)
        for position, value in enumerate(everyone):
            if not (isinstance(value, str) and value in known):
                where = (
                    f"in the list of opportunity {quote(opp_ids[int(seat_opp_of_entry[position])])}"
                    if position < len(named)
                    else 'in "unmatched"'
                )
                raise MatchingResultError(f"unknown student {quote(value)} {where}")
        raise AssertionError("an unknown student went undiagnosed")  # pragma: no cover
    appearances = np.bincount(who, minlength=len(student_ids))
    if bool(np.any(appearances > 1)):
        raise MatchingResultError(
            f"student {quote(student_ids[_first(appearances > 1)])} appears more than once in the result"
        )
    if bool(np.any(appearances == 0)):
        raise MatchingResultError(
            f"student {quote(student_ids[_first(appearances == 0)])} is neither assigned nor unmatched"
        )

    seat_count = np.zeros(len(opp_ids), dtype=np.int64)
    seat_count[key_index] = sizes
    over = seat_count > instance.capacity
    if bool(np.any(over)):
        o = _first(over)
        raise MatchingResultError(
            f"opportunity {quote(opp_ids[o])} has {int(seat_count[o])} students, over its capacity "
            f"of {int(instance.capacity[o])}"
        )

    student_opp = np.full(len(student_ids), -1, dtype=np.int64)
    student_opp[who[: len(named)]] = seat_opp_of_entry
    # The seat must be one of the student's acceptable entries.
    owner = _owners(np.diff(instance.pref_ptr))
    is_seat = instance.pref_opp == student_opp[owner]
    student_entry = np.full(len(student_ids), -1, dtype=np.int64)
    student_entry[owner[is_seat]] = np.flatnonzero(is_seat)
    stray = (student_opp >= 0) & (student_entry < 0)
    if bool(np.any(stray)):
        s = _first(stray)
        raise MatchingResultError(
            f"student {quote(student_ids[s])} is assigned to opportunity "
            f"{quote(opp_ids[int(student_opp[s])])}, which is not an acceptable pair: "
            "each must list the other"
        )
    return student_opp, student_entry


def validate_result(instance: Instance | Mapping[str, Any], result: object) -> None:
    """Raise `MatchingResultError` unless `result` is a valid matching of `instance`.

    A mapping `instance` is parsed first (so `MatchingInputError` if it is malformed).
    """
    _seats(_as_instance(instance), result)


def blocking_pairs(instance: Instance | Mapping[str, Any], result: object) -> list[tuple[str, str]]:
    """Every blocking `(student, opportunity)` pair of a valid result, by student id, then in the
    student's order of preference. Raises `MatchingResultError` when the result is not valid."""
    inst = _as_instance(instance)
    student_opp, student_entry = _seats(inst, result)
    seated = student_entry >= 0
    seat_opp = student_opp[seated]
    seat_slot = inst.pref_slot[student_entry[seated]]
    count = np.bincount(seat_opp, minlength=inst.n_opportunities)
    worst = np.full(inst.n_opportunities, -1, dtype=np.int64)
    np.maximum.at(worst, seat_opp, seat_slot)

    owner = _owners(np.diff(inst.pref_ptr))
    limit = np.where(seated, student_entry, inst.pref_ptr[1:])  # entries the student prefers
    prefers = np.flatnonzero(np.arange(owner.size) < limit[owner])
    opp = inst.pref_opp[prefers]
    willing = (count[opp] < inst.capacity[opp]) | (inst.pref_slot[prefers] < worst[opp])
    blocking = prefers[willing]
    pairs = [
        (inst.student_ids[s], inst.opportunity_ids[o])
        for s, o in zip(owner[blocking].tolist(), inst.pref_opp[blocking].tolist(), strict=True)
    ]
    return sorted(pairs, key=lambda pair: pair[0])


def is_stable(instance: Instance | Mapping[str, Any], result: object) -> bool:
    """True when `result` is a valid matching of `instance` with no blocking pair.

    An invalid result is not a matching at all: that raises `MatchingResultError`.
    """
    return not blocking_pairs(instance, result)
