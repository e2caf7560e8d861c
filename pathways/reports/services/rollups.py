"""Compute the stored rollups every dashboard and the indicators API read.

    run = start_rollup_run(consortium, acting_user=user, school_year=None)   # queued
    compute_rollup_run(run)                                                  # the job's body

The job reads the consortium's student-year rows once as NumPy columns (a raw SELECT: the ORM's
per-value converters would cost more than the computation), prepares them once (engine.Prepared),
then for each requested reporting year computes every indicator (the Perkins ten and the local
PART/CONC, metrics_local.py) at every level (one progress step), then applies
primary and complementary suppression with the consortium's `min_cell_size`, and replaces that
consortium and year's Rollup rows in one transaction. Suppressed cells are stored without numbers.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Callable, Mapping
from typing import Any

import numpy as np
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from numpy.typing import NDArray

from pathways.orgs.models import Consortium
from pathways.programs.models import ProgramOfStudy

from ..engine import ENGINE_COLUMNS, LEVELS, Cell, Prepared, Units
from ..metrics import PERKINS_SECONDARY, Rules
from ..metrics_local import local_metrics
from ..models import ReportSettings, Rollup, RollupRun, RunStatus, StudentYear
from ..studentyears import BOOLEAN_COLUMNS, RACE_UNKNOWN
from ..suppression import suppress
from .bulk import insert_rows
from .imports import Actor, unit_maps

log = logging.getLogger(__name__)

# What the rollups read of each stored row: the engine's columns and the codes the import mapped.
LOADED_COLUMNS = (*ENGINE_COLUMNS, "district_code", "cluster_code")
# Progress steps per reporting year: compute every level, then suppress and store. (Computing one
# level at a time gave finer steps but cost ~15% more: each level recomputed the masks.)
STEPS_PER_YEAR = 2


def settings_of(consortium: Consortium) -> ReportSettings:
    found, _created = ReportSettings.objects.get_or_create(consortium=consortium)
    return found


def rules_of(consortium: Consortium) -> Rules:
    """The consortium's concentrator rule, non-traditional programs (each program of study's
    `nontraditional_for`, by its reporting code) and minimum cell size."""
    report_settings = settings_of(consortium)
    nontraditional: dict[str, frozenset[str]] = {}
    for code, sex in (
        ProgramOfStudy.objects.filter(consortium=consortium)
        .exclude(reporting_code="")
        .exclude(nontraditional_for__in=["", "none"])
        .values_list("reporting_code", "nontraditional_for")
    ):
        nontraditional[code] = frozenset({sex})
    return Rules(
        concentrator_courses=float(report_settings.concentrator_courses),
        nontraditional=nontraditional,
        min_n=consortium.min_cell_size,
    )


def _bool_column(values: list[Any]) -> NDArray[np.int8]:
    mapping: dict[Any, int] = {None: -1, 0: 0, 1: 1}  # True == 1, False == 0
    return np.fromiter(map(mapping.__getitem__, values), dtype=np.int8, count=len(values))


def load_columns(consortium: Consortium, up_to_year: int | None = None) -> dict[str, NDArray[Any]]:
    """The consortium's stored rows (school years up to `up_to_year`) as engine columns."""
    quote = connection.ops.quote_name
    sql = "SELECT {} FROM {} WHERE {} = %s".format(  # noqa: S608  (names come from the model)
        ", ".join(quote(c) for c in LOADED_COLUMNS),
        quote(StudentYear._meta.db_table),
        quote("consortium_id"),
    )
    params: list[Any] = [consortium.pk]
    if up_to_year is not None:
        sql += f" AND {quote('school_year')} <= %s"
        params.append(up_to_year)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    raw = list(zip(*rows, strict=True)) if rows else [() for _ in LOADED_COLUMNS]
    columns: dict[str, NDArray[Any]] = {}
    for name, values in zip(LOADED_COLUMNS, raw, strict=True):
        listed = list(values)
        if name in BOOLEAN_COLUMNS:
            columns[name] = _bool_column(listed)
        elif name in ("cte_courses_in_program", "postsecondary_credits"):
            columns[name] = np.array([math.nan if v is None else float(v) for v in listed], dtype=np.float64)
        elif name in ("school_year", "cohort_year"):
            columns[name] = np.array([v or 0 for v in listed], dtype=np.int16)
        elif name == "race_ethnicity":
            columns[name] = np.array([v or RACE_UNKNOWN for v in listed] or [""], dtype=str)[: len(listed)]
        elif name == "placement":
            columns[name] = np.array([v or "unknown" for v in listed] or [""], dtype=str)[: len(listed)]
        else:
            columns[name] = np.array([v or "" for v in listed] or [""], dtype=str)[: len(listed)]
    return columns


def stored_years(consortium: Consortium) -> list[int]:
    return sorted(
        StudentYear.objects.filter(consortium=consortium).values_list("school_year", flat=True).distinct()
    )


def reporting_years(consortium: Consortium, school_year: int | None = None) -> list[int]:
    """The years to report: the requested one, or every year with rows, plus the year after the
    last (3S1 of the last exits, 1S2 of the last cohort)."""
    years = stored_years(consortium)
    if school_year is not None:
        return [school_year]
    if not years:
        return []
    return [*years, years[-1] + 1] if years[-1] + 1 not in years else years


def start_rollup_run(
    consortium: Consortium, *, acting_user: Actor, school_year: int | None = None
) -> RollupRun:
    """A queued run; the caller enqueues `tasks.compute_rollups` (or runs `compute_rollup_run`)."""
    user = acting_user if acting_user is not None and acting_user.is_authenticated else None
    years = reporting_years(consortium, school_year)
    return RollupRun.objects.create(
        consortium=consortium,
        school_year=school_year,
        status=RunStatus.QUEUED,
        steps_total=len(years) * STEPS_PER_YEAR,
        requested_by=user,  # type: ignore[misc]
        message=_("Waiting for the background worker."),
    )


def _progress(run: RollupRun, **fields: Any) -> None:
    for name, value in fields.items():
        setattr(run, name, value)
    RollupRun.objects.filter(pk=run.pk).update(**fields)


def _write_year(run: RollupRun, year: int, cells: list[Cell]) -> int:
    """Replace the year's cells in one transaction. One INSERT run with executemany: bulk_create
    is held to 999 parameters per statement on SQLite (83 rows here), several times slower."""
    consortium_id, run_id = run.consortium_id, run.pk
    rows = [
        (
            consortium_id,
            run_id,
            year,
            c.indicator,
            c.level,
            c.unit[:40],
            c.subgroup,
            None if c.suppressed else c.numerator,
            None if c.suppressed else c.denominator,
            None if c.suppressed else c.rate,
            c.suppressed,
        )
        for c in cells
    ]
    names = [
        "consortium_id",
        "run_id",
        "school_year",
        "indicator",
        "level",
        "unit",
        "subgroup",
        "numerator",
        "denominator",
        "rate",
        "suppressed",
    ]
    with transaction.atomic():
        Rollup.objects.filter(consortium_id=consortium_id, school_year=year)._raw_delete(Rollup.objects.db)
        insert_rows(Rollup._meta.db_table, names, rows)
    return len(rows)


def compute_rollup_run(run: RollupRun, *, say: Callable[[str], None] | None = None) -> RollupRun:
    """Compute and store the run's years, recording progress; a failure marks the run failed."""
    consortium = Consortium.objects.get(pk=run.consortium_id)
    years = reporting_years(consortium, run.school_year)
    steps_total = len(years) * STEPS_PER_YEAR
    _progress(
        run,
        status=RunStatus.RUNNING,
        started_at=timezone.now(),
        steps_done=0,
        steps_total=steps_total,
        message=_("Reading the student-year records."),
    )
    try:
        rules = rules_of(consortium)
        districts, clusters = unit_maps(consortium)
        columns = load_columns(consortium, max(years) if years else None)
        written = 0
        done = 0
        if years and len(columns["student_id"]):
            with local_metrics() as local_codes:
                prepared = Prepared(
                    columns,
                    rules,
                    Units(district_of_school=districts, cluster_of_program=clusters),
                    consortium_unit=consortium.slug,
                )
                indicators = (*PERKINS_SECONDARY, *local_codes)
                for year in years:
                    cells = prepared.compute(year, levels=LEVELS, indicators=indicators)
                    done += 1
                    message = _("%(year)s: %(n)s cells computed at every level.") % {
                        "year": year,
                        "n": len(cells),
                    }
                    _progress(run, steps_done=done, message=message)
                    if say:
                        say(f"[{done}/{steps_total}] {message}")
                    published = suppress(cells, rules.min_n)
                    written += _write_year(run, year, published)
                    done += 1
                    message = _("%(year)s: %(n)s cells stored.") % {"year": year, "n": len(published)}
                    _progress(run, steps_done=done, message=message)
                    if say:
                        say(f"[{done}/{steps_total}] {message}")
        else:
            for year in years:
                _write_year(run, year, [])
        _progress(
            run,
            status=RunStatus.DONE,
            steps_done=steps_total,
            finished_at=timezone.now(),
            message=_("Done: %(n)s cells for %(years)s.")
            % {"n": written, "years": ", ".join(str(y) for y in years) or "-"},
        )
    except Exception as exc:
        log.exception("rollup run %s failed", run.pk)
        _progress(run, status=RunStatus.FAILED, finished_at=timezone.now(), message=str(exc)[:500])
        raise
    return run


def compute_now(
    consortium: Consortium,
    *,
    acting_user: Actor,
    school_year: int | None = None,
    say: Callable[[str], None] | None = None,
) -> RollupRun:
    """Start and run a computation synchronously (the command and the demo loader)."""
    run = start_rollup_run(consortium, acting_user=acting_user, school_year=school_year)
    return compute_rollup_run(run, say=say)


def latest_run(consortium: Consortium) -> RollupRun | None:
    return RollupRun.objects.filter(consortium=consortium).order_by("-created_at", "-pk").first()


def years_with_rollups(consortium: Consortium) -> list[int]:
    return sorted(
        Rollup.objects.filter(consortium=consortium).values_list("school_year", flat=True).distinct(),
        reverse=True,
    )


def apply_levels(consortium: Consortium, levels: Mapping[tuple[str, int], float | None]) -> None:
    """Set performance levels {(indicator, year): percent or None to remove} (the settings page)."""
    from ..models import PerformanceLevel

    with transaction.atomic():
        for (indicator, year), value in levels.items():
            if value is None:
                PerformanceLevel.objects.filter(
                    consortium=consortium, indicator=indicator, school_year=year
                ).delete()
            else:
                PerformanceLevel.objects.update_or_create(
                    consortium=consortium,
                    indicator=indicator,
                    school_year=year,
                    defaults={"level": value},
                )
