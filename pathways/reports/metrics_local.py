"""Local metrics of Pathways, declared through the metric registry (metrics.register): the first
two steps of the equity funnel (participants -> concentrators -> credential / dual credit /
work-based learning, whose last steps are 5S1-5S3).

- PART, CTE participants: rows in reporting year Y with `cte_courses_in_program` >= 1, over
  every row in Y.
- CONC, CTE concentrators: students who are concentrators by the end of Y (Rules.concentrator_courses),
  over every row in Y.

Their "all" subgroup is every student with a row in Y (not only concentrators). The rollup job
computes them with the Perkins indicators and stores them under these codes. They are added to the
registry only while the job computes (`local_metrics()`), so code that computes "every registered
metric" elsewhere (the pure engine's tests, the benchmark) keeps seeing only the Perkins ten.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Final

import numpy as np
from django.utils.translation import gettext_lazy as _

from .metrics import REGISTRY, Mask, Metric, RowSet, register, unregister

PARTICIPANTS: Final = "PART"
CONCENTRATORS: Final = "CONC"
LOCAL_CODES: Final[tuple[str, ...]] = (PARTICIPANTS, CONCENTRATORS)


def _everyone(rows: RowSet) -> Mask:
    return np.ones(len(rows), dtype=bool)


def _participant(rows: RowSet) -> Mask:
    result: Mask = rows["cte_courses_in_program"] >= 1
    return result


def _concentrator(rows: RowSet) -> Mask:
    return rows.concentrator


LOCAL_METRICS: Final[tuple[Metric, ...]] = (
    Metric(
        code=PARTICIPANTS,
        name=_("CTE participants"),
        description=_("Students who completed at least one course in a CTE program by the end of the year."),
        basis="year",
        denominator=_everyone,
        numerator=_participant,
        attributes_from=_("the student's row in the reporting year"),
    ),
    Metric(
        code=CONCENTRATORS,
        name=_("CTE concentrators"),
        description=_("Students who are concentrators by the end of the year."),
        basis="year",
        denominator=_everyone,
        numerator=_concentrator,
        attributes_from=_("the student's row in the reporting year"),
    ),
)


@contextmanager
def local_metrics() -> Iterator[tuple[str, ...]]:
    """Register the local metrics for the duration of the block; yields their codes."""
    added = []
    for metric in LOCAL_METRICS:
        if metric.code not in REGISTRY:
            register(metric)
            added.append(metric.code)
    try:
        yield LOCAL_CODES
    finally:
        for code in added:
            unregister(code)


def metric_label(code: str) -> str:
    """The name of a Perkins or local metric (the code itself when unknown)."""
    metric = REGISTRY.get(code) or next((m for m in LOCAL_METRICS if m.code == code), None)
    return str(metric.name) if metric else code
