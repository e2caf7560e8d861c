"""Stable many-to-one matching: student-proposing deferred acceptance with capacities.

Concepts:

- An *instance* ranks both sides. Each student lists the opportunities they would accept, best
  first; each opportunity has a `capacity` (seats) and a `ranking` of the students it would
  accept, best first. A pair is *acceptable* only when each side lists the other.
- A *matching* seats each student at most once, never over capacity, and only in acceptable pairs.
- It is *stable* when no student and opportunity would both rather be together: no student `s`
  who prefers opportunity `o` to their seat (or has none) while `o` has a free seat or holds
  someone it ranks below `s`.
- `solve` returns the student-optimal stable matching (Gale-Shapley 1962, many-to-one form in
  Roth 1984): every student gets the best seat they hold in any stable matching. It is unique, so
  it does not depend on the order in which students propose, and any correct solver agrees.

The JSON format (file and dict) and the method are described in docs/matching/stable-matching.md.

Internally ids become integer indices and both sides' lists become CSR arrays. Every position in
every opportunity's ranking is a *slot* (slot = rank_ptr[o] + rank of the student at o), so one
flat boolean array over the slots holds every opportunity's current seats, and "is this proposal
better than the worst seat held?" is one integer comparison. The bulk of the proposals go in
vectorised rounds (every free student proposes at once, each opportunity keeps its best
`capacity` proposals); when a round has only a few proposals left the rest run one by one with a
heap of held slots per opportunity, so long rejection chains cost O(log capacity) per proposal
instead of a round each. Both phases are deferred acceptance, which gives the same result in any
proposal order.
"""

from __future__ import annotations

import heapq
import itertools
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Final

import numpy as np
import numpy.typing as npt

from ._ids import map_ids

IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]

#: Below this many proposals in a round the solver switches from vectorised rounds to a plain loop.
VECTOR_MIN_PROPOSALS = 64
#: Id lookups use `_ids.map_ids` above these sizes (known ids, lookups), a dict below.
FAST_LOOKUP_MIN_KNOWN = 10_000
FAST_LOOKUP_MIN_QUERIES = 100_000

_TOP_FIELDS: Final = ("students", "opportunities")
_CAPACITY_CAP: Final = 2**62  # larger capacities mean "unlimited" and must still fit an int64
_OPPORTUNITY_FIELDS: Final = ("capacity", "ranking")


class MatchingInputError(ValueError):
    """The instance is malformed. The message names the offending id and field."""


@dataclass(frozen=True, eq=False)
class Instance:
    """A validated instance with ids mapped to indices (students and opportunities in input order).

    Opportunity rankings, as given: `rank_student[rank_ptr[o]:rank_ptr[o + 1]]` are the students
    `o` accepts, best first; each position in that flat array is a *slot*.
    Student lists, reduced to acceptable pairs (both sides list each other), in the student's
    order: entries `pref_ptr[s]:pref_ptr[s + 1]` of `pref_opp` (the opportunity) and `pref_slot`
    (the slot of `s` in that opportunity's ranking, so `pref_slot - rank_ptr[pref_opp]` is the rank).
    """

    student_ids: list[str]
    opportunity_ids: list[str]
    capacity: IntArray
    rank_ptr: IntArray
    rank_student: IntArray
    pref_ptr: IntArray
    pref_opp: IntArray
    pref_slot: IntArray

    @property
    def n_students(self) -> int:
        return len(self.student_ids)

    @property
    def n_opportunities(self) -> int:
        return len(self.opportunity_ids)

    def slot_opportunity(self, slots: IntArray) -> IntArray:
        """The opportunity owning each ranking slot."""
        return np.searchsorted(self.rank_ptr, slots, side="right").astype(np.int64) - 1


@dataclass(frozen=True, eq=False)
class Matching:
    """A matching over an `Instance`: for each student, the slot they hold, or -1 if unmatched."""

    student_slot: IntArray

    def student_opportunity(self, instance: Instance) -> IntArray:
        """For each student the index of their opportunity, or -1."""
        out = np.full(self.student_slot.size, -1, dtype=np.int64)
        seated = self.student_slot >= 0
        out[seated] = instance.slot_opportunity(self.student_slot[seated])
        return out


# -- Parsing and validation ---------------------------------------------------------------------


def quote(value: object) -> str:
    """An id or value as it would appear in JSON, for error messages."""
    try:
        text = json.dumps(value, ensure_ascii=False)
    except (TypeError, ValueError):
        text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _kind(value: object) -> str:
    names = {dict: "an object", list: "a list", str: "a string", bool: "a boolean", type(None): "null"}
    for cls, name in names.items():
        if isinstance(value, cls):
            return name
    if isinstance(value, int | float):
        return "a number"
    return type(value).__name__


def _check_ids(ids: list[Any], side: str, field: str) -> None:
    for value in ids:
        if type(value) is not str:
            raise MatchingInputError(f'"{field}" has a {side} id that is not a string: {quote(value)}')
        if not value.strip():
            raise MatchingInputError(f'"{field}" has an empty {side} id {quote(value)}')


def _is_list(value: object) -> bool:
    return isinstance(value, list | tuple)


def _all_str(values: list[Any]) -> bool:
    return all(t is str for t in set(map(type, values)))


def _diagnose_list(
    owner: str, owner_id: str, verb: str, side: str, items: Sequence[Any], known: Mapping[str, int]
) -> None:
    """Raise for the first bad entry of one list (unknown, empty, not a string or repeated)."""
    seen: set[str] = set()
    for position, item in enumerate(items, start=1):
        if type(item) is not str:
            raise MatchingInputError(
                f"{owner} {quote(owner_id)} {verb} a non-string entry at position {position}: {quote(item)}"
            )
        if not item.strip():
            raise MatchingInputError(
                f"{owner} {quote(owner_id)} {verb} an empty {side} id at position {position}"
            )
        if item not in known:
            raise MatchingInputError(f"{owner} {quote(owner_id)} {verb} unknown {side} {quote(item)}")
        if item in seen:
            raise MatchingInputError(f"{owner} {quote(owner_id)} {verb} {side} {quote(item)} more than once")
        seen.add(item)


def _lookup(known: list[str], queries: list[Any]) -> IntArray | None:
    """Indices of queries in known (-1 unknown); None when some query is not a string.

    Small tables stay in cache and a dict is fastest; past about 10,000 known ids and 100,000
    lookups the vectorised hash lookup of `_ids` wins (2-4x at 300,000 x 3,000,000).
    """
    if len(known) > FAST_LOOKUP_MIN_KNOWN and len(queries) > FAST_LOOKUP_MIN_QUERIES:
        fast = map_ids(known, queries)
        if fast is not None:
            return fast
    if not _all_str(queries):
        return None
    index = {value: i for i, value in enumerate(known)}
    return np.fromiter(map(index.get, queries, itertools.repeat(-1)), dtype=np.int64, count=len(queries))


def _owners(lengths: IntArray) -> IntArray:
    return np.repeat(np.arange(lengths.size, dtype=np.int64), lengths)


def _offsets(lengths: IntArray) -> IntArray:
    ptr = np.zeros(lengths.size + 1, dtype=np.int64)
    np.cumsum(lengths, out=ptr[1:])
    return ptr


def _argsort_by_student(values: IntArray, bound: int) -> IntArray:
    """Stable argsort of integers in [0, bound): LSD radix over 16-bit digits, which NumPy sorts
    by counting (several times faster than a comparison sort of 3,000,000 keys)."""
    order = np.arange(values.size, dtype=np.int64)
    shift = 0
    while shift == 0 or bound >> shift:
        digit = ((values[order] >> shift) & 0xFFFF).astype(np.uint16)
        order = order[np.argsort(digit, kind="stable")]
        shift += 16
    return order


def _has_adjacent_duplicate(sorted_keys: IntArray) -> bool:
    return sorted_keys.size > 1 and bool(np.any(sorted_keys[1:] == sorted_keys[:-1]))


def parse_instance(data: object) -> Instance:
    """Validate an instance (the JSON shape in the module docs) and index it.

    Raises `MatchingInputError` naming the first problem found: the top-level shape, then every
    id and the shape of every student and opportunity, then the contents of the students' lists
    (in input order), then the contents of the opportunities' rankings.
    """
    if not isinstance(data, Mapping):
        raise MatchingInputError(
            f'the instance must be an object with "students" and "opportunities", got {_kind(data)}'
        )
    for field in _TOP_FIELDS:
        if field not in data:
            raise MatchingInputError(f'the instance is missing "{field}"')
    for field in data:
        if field not in _TOP_FIELDS:
            raise MatchingInputError(f"the instance has an unknown field {quote(field)}")
    students = data["students"]
    opportunities = data["opportunities"]
    if not isinstance(students, Mapping):
        raise MatchingInputError(
            f'"students" must be an object mapping each student id to a list of opportunity ids, '
            f"got {_kind(students)}"
        )
    if not isinstance(opportunities, Mapping):
        raise MatchingInputError(
            f'"opportunities" must be an object mapping each opportunity id to '
            f'{{"capacity": ..., "ranking": [...]}}, got {_kind(opportunities)}'
        )

    student_ids: list[str] = list(students)
    opportunity_ids: list[str] = list(opportunities)
    _check_ids(student_ids, "student", "students")
    _check_ids(opportunity_ids, "opportunity", "opportunities")

    pref_lists: list[Sequence[Any]] = list(students.values())
    if not all(map(_is_list, pref_lists)):
        for sid, prefs in zip(student_ids, pref_lists, strict=True):
            if not _is_list(prefs):
                raise MatchingInputError(
                    f"student {quote(sid)} must map to a list of opportunity ids, got {_kind(prefs)}"
                )

    capacities: list[int] = []
    rankings: list[Sequence[Any]] = []
    for oid, spec in opportunities.items():
        if not isinstance(spec, Mapping):
            raise MatchingInputError(
                f'opportunity {quote(oid)} must be an object with "capacity" and "ranking", got {_kind(spec)}'
            )
        for field in _OPPORTUNITY_FIELDS:
            if field not in spec:
                raise MatchingInputError(f'opportunity {quote(oid)} is missing "{field}"')
        for field in spec:
            if field not in _OPPORTUNITY_FIELDS:
                raise MatchingInputError(f"opportunity {quote(oid)} has an unknown field {quote(field)}")
        capacity = spec["capacity"]
        if isinstance(capacity, bool) or not isinstance(capacity, int | np.integer) or capacity < 0:
            raise MatchingInputError(
                f'opportunity {quote(oid)} has "capacity" {quote(capacity)}: '
                "it must be a non-negative integer"
            )
        ranking = spec["ranking"]
        if not _is_list(ranking):
            raise MatchingInputError(
                f'opportunity {quote(oid)} has "ranking" {_kind(ranking)}: it must be a list of student ids'
            )
        capacities.append(min(int(capacity), _CAPACITY_CAP))
        rankings.append(ranking)

    n_students, n_opportunities = len(student_ids), len(opportunity_ids)

    # Students' lists: every entry a known opportunity, none twice.
    pref_len = np.fromiter(map(len, pref_lists), dtype=np.int64, count=n_students)
    pref_owner = _owners(pref_len)
    flat_prefs: list[Any] = list(itertools.chain.from_iterable(pref_lists))
    pref_opp = _lookup(opportunity_ids, flat_prefs)
    student_keys = None
    if pref_opp is not None and not bool(np.any(pref_opp < 0)):
        student_keys = pref_owner * n_opportunities + pref_opp  # grouped by student: nearly sorted
        if _has_adjacent_duplicate(np.sort(student_keys, kind="stable")):
            student_keys = None
    if pref_opp is None or student_keys is None:
        known = {oid: i for i, oid in enumerate(opportunity_ids)}
        for sid, prefs in zip(student_ids, pref_lists, strict=True):
            _diagnose_list("student", sid, "lists", "opportunity", prefs, known)
        raise AssertionError("a problem in the students' lists went undiagnosed")  # pragma: no cover

    # Opportunities' rankings: every entry a known student, none twice.
    rank_len = np.array([len(r) for r in rankings], dtype=np.int64)
    rank_ptr = _offsets(rank_len)
    rank_owner = _owners(rank_len)
    rank_student = _lookup(student_ids, list(itertools.chain.from_iterable(rankings)))
    order = sorted_keys = None
    if rank_student is not None and not bool(np.any(rank_student < 0)):
        order = _argsort_by_student(rank_student, n_students)  # then by opportunity: stable
        sorted_keys = rank_student[order] * n_opportunities + rank_owner[order]
        if _has_adjacent_duplicate(sorted_keys):
            order = sorted_keys = None
    if rank_student is None or order is None or sorted_keys is None:
        known = {sid: i for i, sid in enumerate(student_ids)}
        for oid, ranking in zip(opportunity_ids, rankings, strict=True):
            _diagnose_list("opportunity", oid, "ranks", "student", ranking, known)
        raise AssertionError("a problem in the opportunities' rankings went undiagnosed")  # pragma: no cover

    # Acceptable pairs: look each (student, opportunity) entry up among the rankings' pairs.
    if sorted_keys.size:
        pos = np.searchsorted(sorted_keys, student_keys)
        np.minimum(pos, sorted_keys.size - 1, out=pos)
        acceptable = sorted_keys[pos] == student_keys
        pref_slot = order[pos[acceptable]].astype(np.int64)
    else:
        acceptable = np.zeros(student_keys.size, dtype=bool)
        pref_slot = np.zeros(0, dtype=np.int64)
    kept_len = np.bincount(pref_owner[acceptable], minlength=n_students).astype(np.int64)
    return Instance(
        student_ids=student_ids,
        opportunity_ids=opportunity_ids,
        capacity=np.array(capacities, dtype=np.int64),
        rank_ptr=rank_ptr,
        rank_student=rank_student,
        pref_ptr=_offsets(kept_len),
        pref_opp=pref_opp[acceptable],
        pref_slot=pref_slot,
    )


# -- Solving ------------------------------------------------------------------------------------


def _ranges(starts: IntArray, lengths: IntArray) -> IntArray:
    """Concatenation of range(start, start + length) for each pair."""
    out_start = np.cumsum(lengths) - lengths
    return np.arange(int(lengths.sum()), dtype=np.int64) - np.repeat(out_start - starts, lengths)


def solve(instance: Instance) -> Matching:
    """The student-optimal stable matching of a parsed instance."""
    capacity = instance.capacity
    rank_ptr = instance.rank_ptr
    rank_student = instance.rank_student
    pref_opp = instance.pref_opp
    pref_slot = instance.pref_slot
    held = np.zeros(rank_student.size, dtype=bool)  # the student in this slot holds a seat
    count = np.zeros(instance.n_opportunities, dtype=np.int64)  # seats held
    last = rank_ptr[:-1] - 1  # worst held slot (slot before the first when none)
    following = instance.pref_ptr[:-1].copy()  # each student's next entry to propose to
    end = instance.pref_ptr[1:]
    free = np.flatnonzero(following < end)

    while free.size and free.size >= VECTOR_MIN_PROPOSALS:
        entry = following[free]
        following[free] = entry + 1
        opp = pref_opp[entry]
        slot = pref_slot[entry]
        # Full and ranked below everyone held: refused whatever else arrives this round.
        hopeless = (count[opp] >= capacity[opp]) & (slot > last[opp])
        refused = free[hopeless]
        opp = opp[~hopeless]
        slot = slot[~hopeless]
        if not opp.size:
            free = refused[following[refused] < end[refused]]
            continue
        held[slot] = True
        touched = np.unique(opp)
        top = last.copy()
        np.maximum.at(top, opp, slot)
        starts = rank_ptr[touched]
        lengths = top[touched] + 1 - starts  # every held slot of `touched` lies in [start, top]
        idx = _ranges(starts, lengths)
        bits = held[idx]
        running = np.cumsum(bits)
        seg_first = np.cumsum(lengths) - lengths
        before = running[seg_first] - bits[seg_first]
        over = bits & (running - np.repeat(before, lengths) > np.repeat(capacity[touched], lengths))
        dropped = idx[over]
        held[dropped] = False
        total = running[seg_first + lengths - 1] - before
        count[touched] = np.minimum(total, capacity[touched])
        last_kept = np.maximum.reduceat(np.where(bits & ~over, idx, -1), seg_first)
        last[touched] = np.where(last_kept >= 0, last_kept, starts - 1)
        free = np.concatenate((refused, rank_student[dropped]))
        free = free[following[free] < end[free]]

    if free.size:
        _finish_one_by_one(instance, free, following, held, last)

    student_slot = np.full(instance.n_students, -1, dtype=np.int64)
    slots = np.flatnonzero(held)
    student_slot[rank_student[slots]] = slots
    return Matching(student_slot=student_slot)


def _finish_one_by_one(
    instance: Instance, free: IntArray, following: IntArray, held: BoolArray, last: IntArray
) -> None:
    """Deferred acceptance one proposal at a time from the current state; updates `held`."""
    capacity: list[int] = instance.capacity.tolist()
    rank_ptr = instance.rank_ptr
    rank_student = instance.rank_student
    pref_opp = instance.pref_opp
    pref_slot = instance.pref_slot
    end = instance.pref_ptr[1:]
    heaps: dict[int, list[int]] = {}  # per opportunity: negated held slots (worst on top)
    stack: list[int] = free.tolist()
    while stack:
        student = stack.pop()
        entry, stop = int(following[student]), int(end[student])
        while entry < stop:
            opp, slot = int(pref_opp[entry]), int(pref_slot[entry])
            entry += 1
            heap = heaps.get(opp)
            if heap is None:
                first = int(rank_ptr[opp])
                slots = np.flatnonzero(held[first : int(last[opp]) + 1]) + first
                heap = heaps[opp] = (-slots[::-1]).tolist()  # ascending, hence a heap
            if len(heap) < capacity[opp]:
                heapq.heappush(heap, -slot)
                break
            if heap and slot < -heap[0]:
                worst = -heapq.heapreplace(heap, -slot)
                stack.append(int(rank_student[worst]))
                break
        following[student] = entry
    for opp, heap in heaps.items():
        held[rank_ptr[opp] : rank_ptr[opp + 1]] = False
        held[np.array([-s for s in heap], dtype=np.int64)] = True


# -- Output -------------------------------------------------------------------------------------


def to_result(instance: Instance, matching: Matching) -> dict[str, Any]:
    """The JSON result: `{"assignments": {opportunity: [students]}, "unmatched": [students]}`.

    Every opportunity appears in `assignments`, keys in id order (by code point), each list in
    the opportunity's ranking order; `unmatched` is in id order.
    """
    student_ids = instance.student_ids
    slots = np.sort(matching.student_slot[matching.student_slot >= 0])
    bounds = np.searchsorted(slots, instance.rank_ptr).tolist()
    seated = [student_ids[s] for s in instance.rank_student[slots].tolist()]
    by_index = {oid: seated[bounds[o] : bounds[o + 1]] for o, oid in enumerate(instance.opportunity_ids)}
    assignments = {oid: by_index[oid] for oid in sorted(by_index)}
    unmatched = sorted(student_ids[s] for s in np.flatnonzero(matching.student_slot < 0).tolist())
    return {"assignments": assignments, "unmatched": unmatched}


def stable_match(data: object) -> dict[str, Any]:
    """Validate an instance, solve it and return the result JSON (see `to_result`)."""
    instance = data if isinstance(data, Instance) else parse_instance(data)
    return to_result(instance, solve(instance))
