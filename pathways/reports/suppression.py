"""Small-cell suppression of indicator cells, primary and complementary. Pure: no database.

    published = suppress(cells, min_n)

**Primary.** A cell whose denominator is below `min_n` (the consortium's minimum cell size,
default 10) is suppressed: its numerator, denominator and rate become None and `suppressed` is
True. The engine produces no cell with a denominator of 0 ("no students" is not a small
count; a cell given here with denominator 0 stays published as 0/0 with rate None). `min_n` of
0 or 1 suppresses nothing.

**Complementary.** Published cells add up to other published cells, so a suppressed value
could be recovered by subtraction. These sums ("equations", parent = sum of children) are
protected, for every indicator and year:

- within one unit: `all` = the sex cells (F, M, X); `all` = the race/ethnicity cells;
- across units, for every subgroup (including `all` and each special population): a district =
  its schools; the consortium = its districts; a cluster = its programs; the consortium = its
  clusters (a unit's parent is `Cell.parent`).

Students whose sex or race is unknown, and rows with no district, program or cluster, make some
of these sums inexact; they are treated as exact anyway (the remainder may be 0), which can only
suppress more. In each equation:

1. if exactly one term (the parent or a child) is suppressed, the smallest published child (by
   denominator; ties: the earlier cell) is suppressed too;
2. if the parent is published and the suppressed children together have a denominator below
   `min_n`, the next-smallest published child is suppressed, until they reach `min_n` (so
   neither one child nor a tiny combined group can be read off by subtraction).

Every new suppression re-checks the equations its cell belongs to, until nothing changes. When an
equation has no published child left to suppress, nothing more is done there: that only happens
when the remainder is students of unknown sex/race or with no unit, which are not published.

A special population is published only as the group (its complement, "not homeless", is not a
cell), so `all` minus a special population reveals nothing; special populations are protected
only across units. This is the standard cell-suppression heuristic (every published sum has zero
or at least two suppressed terms); it does not solve the full linear system of every sum at once.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from .engine import PARENT_LEVEL, Cell
from .metrics import PARTITIONS

_SUBGROUP_PARTITION = {s: p for p, partition in enumerate(PARTITIONS) for s in partition}
_CHILD_LEVELS: dict[str, list[str]] = {}
for _child, _parent in PARENT_LEVEL.items():
    _CHILD_LEVELS.setdefault(_parent, []).append(_child)

# An equation ("sum") is keyed by where its total is:
#   ("w", partition index, indicator, year, level, unit)          all = that partition's cells
#   ("a", child level, indicator, year, level, unit, subgroup)    a unit = its child units
EquationKey = tuple[Any, ...]


def _equations_of(cell: Cell) -> list[EquationKey]:
    """The equations a cell is a term of (as total or part)."""
    keys: list[EquationKey] = []
    where = (cell.indicator, cell.year, cell.level, cell.unit)
    partition = _SUBGROUP_PARTITION.get(cell.subgroup)
    if partition is not None:
        keys.append(("w", partition, *where))
    elif cell.subgroup == "all":
        keys.extend(("w", p, *where) for p in range(len(PARTITIONS)))
    parent_level = PARENT_LEVEL.get(cell.level)
    if parent_level is not None:
        keys.append(("a", cell.level, cell.indicator, cell.year, parent_level, cell.parent, cell.subgroup))
    for child_level in _CHILD_LEVELS.get(cell.level, ()):
        keys.append(("a", child_level, *where, cell.subgroup))
    return keys


def suppression_flags(cells: Sequence[Cell], min_n: int) -> list[bool]:
    """For each cell, whether it is suppressed (primary or complementary)."""
    size = [c.denominator if c.denominator is not None else 0 for c in cells]
    hidden = [c.suppressed or (c.denominator is not None and 0 < c.denominator < min_n) for c in cells]
    if not any(hidden):
        return hidden
    # the parts of every equation, and where each total is
    parts: dict[EquationKey, list[int]] = defaultdict(list)
    at: dict[tuple[str, int, str, str, str], int] = {}
    for i, c in enumerate(cells):
        at[(c.indicator, c.year, c.level, c.unit, c.subgroup)] = i
        partition = _SUBGROUP_PARTITION.get(c.subgroup)
        if partition is not None:
            parts[("w", partition, c.indicator, c.year, c.level, c.unit)].append(i)
        parent_level = PARENT_LEVEL.get(c.level)
        if parent_level is not None:
            parts[("a", c.level, c.indicator, c.year, parent_level, c.parent, c.subgroup)].append(i)

    def total_of(key: EquationKey) -> int | None:
        if key[0] == "w":
            return at.get((*key[2:], "all"))
        return at.get(key[2:])

    todo = list(dict.fromkeys(k for i, h in enumerate(hidden) if h for k in _equations_of(cells[i])))
    queued = set(todo)
    while todo:
        key = todo.pop()
        queued.discard(key)
        children = parts.get(key)
        total = total_of(key)
        if not children or total is None:
            continue
        for cell in _protect(total, children, hidden, size, min_n):
            for other in _equations_of(cells[cell]):
                if other not in queued:
                    queued.add(other)
                    todo.append(other)
    return hidden


def _protect(total: int, children: list[int], hidden: list[bool], size: list[int], min_n: int) -> list[int]:
    """Suppress parts of one equation until it is safe; returns the cells newly suppressed."""
    newly: list[int] = []
    while True:
        published = [c for c in children if not hidden[c]]
        if not published:
            return newly
        suppressed = [c for c in children if hidden[c]]
        terms = len(suppressed) + hidden[total]
        small_group = not hidden[total] and 0 < sum(size[c] for c in suppressed) < min_n
        if terms != 1 and not small_group:
            return newly
        smallest = min(published, key=lambda c: (size[c], c))
        hidden[smallest] = True
        newly.append(smallest)


def suppress(cells: Sequence[Cell], min_n: int) -> list[Cell]:
    """The cells in the same order, suppressed ones with numerator, denominator and rate None."""
    flags = suppression_flags(cells, min_n)
    return [
        Cell(c.indicator, c.year, c.level, c.unit, c.subgroup, None, None, None, True, c.parent)
        if flag
        else c
        for c, flag in zip(cells, flags, strict=True)
    ]
