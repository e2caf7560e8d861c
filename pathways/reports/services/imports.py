"""Import one student-year file for a consortium (the format: docs/reports-indicators.md).

    result = import_student_years(consortium, path_or_file, filename, acting_user=user)

The file is parsed and validated whole (studentyears.parse_student_years): one bad row imports
nothing and every bad row is listed (StudentYearFileError). Each row then gets its district and
Career Cluster:

- district_code: the district's NCES id of the Pathways school whose `nces_id` is the row's
  school_code; else the row's own district_code column; else the first 7 digits of a 12-digit NCES
  school code (its LEA id); else blank.
- cluster_code: the cluster of the program of study whose `reporting_code` is the row's
  program_code; else the row's own cluster_code column; else, for a CIP-like program code
  ("NN.NNNN"), the 2024 Career Cluster the catalog links that CIP code to; else blank.
  A Pathways cluster is coded by its catalog slug cut to 20 characters (`cluster_code_of`).

Then, in ONE transaction, the current rows of every school year in the file are deleted and the
new rows inserted (a re-import of a year replaces that year; years not in the file are kept), with
one StudentYearImport per school year. Rows go in through `bulk.insert_rows` (COPY on PostgreSQL,
batched `executemany` on SQLite): the ORM's bulk_create is limited to 999 parameters per statement
on SQLite (31 rows of 32 columns), which made a million rows take minutes (docs/reports-rollups.md).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

import numpy as np
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db import transaction
from numpy.typing import NDArray

from pathways.catalog.models import CareerCluster, CipProgram
from pathways.core.audit import audit_record
from pathways.orgs.models import Consortium, School
from pathways.programs.models import ProgramOfStudy

from ..models import ImportSource, StudentYear, StudentYearImport
from ..studentyears import BOOLEAN_COLUMNS, ParsedYears, StudentYearFileError, parse_student_years
from .bulk import insert_rows

__all__ = [
    "ImportResult",
    "StudentYearFileError",
    "cluster_code_of",
    "import_parsed",
    "import_student_years",
    "unit_maps",
]

CIP_LIKE = re.compile(r"^\d{2}\.\d{4}$")
Actor = AbstractBaseUser | AnonymousUser | None


@dataclass(frozen=True)
class ImportResult:
    filename: str
    rows: int
    by_year: dict[int, int]
    replaced: dict[int, int]  # school year -> rows that were there before
    dry_run: bool = False
    unmatched_schools: list[str] = field(default_factory=list)
    unmatched_programs: list[str] = field(default_factory=list)


def cluster_code_of(cluster: CareerCluster) -> str:
    """The code a Pathways Career Cluster gets in student-year rows and rollups."""
    return cluster.slug[:20]


def unit_maps(consortium: Consortium) -> tuple[dict[str, str], dict[str, str]]:
    """(school nces_id -> district code, program reporting_code -> cluster code) of the consortium."""
    districts: dict[str, str] = {}
    for nces, district_nces in (
        School.objects.filter(consortium=consortium)
        .exclude(nces_id="")
        .values_list("nces_id", "district__nces_id")
    ):
        districts[nces] = district_nces or (nces[:7] if len(nces) == 12 and nces.isdigit() else "")
    clusters: dict[str, str] = {}
    for program in (
        ProgramOfStudy.objects.filter(consortium=consortium)
        .exclude(reporting_code="")
        .select_related("cluster")
        .only("reporting_code", "cluster__slug")
    ):
        clusters[program.reporting_code] = cluster_code_of(program.cluster)
    return districts, clusters


def _cip_clusters(codes: list[str]) -> dict[str, str]:
    """CIP-like program codes -> the 2024 Career Cluster the catalog links them to (first by name)."""
    wanted = [c for c in codes if CIP_LIKE.match(c)]
    if not wanted:
        return {}
    found: dict[str, str] = {}
    rows = (
        CipProgram.subclusters.through.objects.filter(
            cipprogram_id__in=wanted, subcluster__cluster__framework="2024"
        )
        .order_by("cipprogram_id", "subcluster__cluster__name")
        .values_list("cipprogram_id", "subcluster__cluster__slug")
    )
    for cip, slug in rows:
        found.setdefault(cip, slug[:20])
    return found


def _map_column(values: NDArray[Any], lookup: Callable[[str], str]) -> NDArray[Any]:
    labels, inverse = np.unique(values, return_inverse=True)
    mapped = np.array([lookup(str(v)) for v in labels.tolist()] or [""], dtype=str)
    result: NDArray[Any] = mapped[inverse.reshape(-1)]
    return result


def resolve_units(
    consortium: Consortium, columns: Mapping[str, NDArray[Any]]
) -> tuple[NDArray[Any], NDArray[Any], list[str], list[str]]:
    """(district_code, cluster_code, unmatched school codes, unmatched program codes) per row."""
    districts, clusters = unit_maps(consortium)
    n = len(columns["school_code"])
    given_district = columns.get("district_code")
    given_cluster = columns.get("cluster_code")

    district = _map_column(columns["school_code"], lambda s: districts.get(s, ""))
    if given_district is not None:
        district = np.where(district != "", district, given_district.astype(str))
    nces_fallback = _map_column(
        columns["school_code"], lambda s: s[:7] if len(s) == 12 and s.isdigit() else ""
    )
    district = np.where(district != "", district, nces_fallback)

    program = columns["program_code"]
    program_labels = [str(p) for p in np.unique(program).tolist() if p]
    cip = _cip_clusters([p for p in program_labels if p not in clusters])
    cluster = _map_column(program, lambda p: clusters.get(p, ""))
    if given_cluster is not None:
        cluster = np.where(cluster != "", cluster, given_cluster.astype(str))
    cluster = np.where(cluster != "", cluster, _map_column(program, lambda p: cip.get(p, "")))
    cluster = np.where(program != "", cluster, "")
    unmatched_schools = sorted({str(s) for s in np.unique(columns["school_code"]).tolist()} - set(districts))
    unmatched_programs = sorted(set(program_labels) - set(clusters))
    assert len(district) == n
    return district.astype(str), cluster.astype(str), unmatched_schools, unmatched_programs


# Stored columns in insert order, after consortium_id and batch_id.
_FIELDS = [
    f.column for f in StudentYear._meta.concrete_fields if f.column not in {"id", "consortium_id", "batch_id"}
]
_BOOL = {-1: None, 0: False, 1: True}


def _python_column(name: str, values: NDArray[Any]) -> list[Any]:
    if name in BOOLEAN_COLUMNS:
        return list(map(_BOOL.__getitem__, values.tolist()))
    if name in ("cte_courses_in_program", "postsecondary_credits"):
        return [None if v != v else v for v in values.tolist()]  # NaN -> NULL
    if name == "cohort_year":
        return [v or None for v in values.tolist()]
    if name == "grade_level":
        return [None if v < 0 else v for v in values.tolist()]
    return [str(v) for v in values.tolist()]


def _insert(
    consortium_id: int, batch_of_year: Mapping[int, int], columns: Mapping[str, NDArray[Any]]
) -> None:
    n = len(columns["student_id"])
    years = columns["school_year"].tolist()
    data = [_python_column(name, columns[name]) for name in _FIELDS]
    consortium = [consortium_id] * n
    batch = [batch_of_year[y] for y in years]
    rows = list(zip(consortium, batch, *data, strict=True))
    insert_rows(StudentYear._meta.db_table, ["consortium_id", "batch_id", *_FIELDS], rows)


def import_parsed(
    consortium: Consortium,
    parsed: ParsedYears,
    *,
    acting_user: Actor,
    source: str = ImportSource.FILE,
    dry_run: bool = False,
) -> ImportResult:
    """Store validated columns: replace every school year they hold, in one transaction."""
    columns = dict(parsed.columns)
    district, cluster, unmatched_schools, unmatched_programs = resolve_units(consortium, columns)
    columns["district_code"] = district
    columns["cluster_code"] = cluster
    years, counts = np.unique(columns["school_year"], return_counts=True)
    by_year = {int(y): int(c) for y, c in zip(years.tolist(), counts.tolist(), strict=True)}
    replaced = {
        year: StudentYear.objects.filter(consortium=consortium, school_year=year).count() for year in by_year
    }
    result = ImportResult(
        filename=parsed.filename,
        rows=parsed.n_rows,
        by_year=by_year,
        replaced=replaced,
        dry_run=dry_run,
        unmatched_schools=unmatched_schools,
        unmatched_programs=unmatched_programs,
    )
    if dry_run:
        return result
    user = acting_user if acting_user is not None and acting_user.is_authenticated else None
    with transaction.atomic():
        StudentYear.objects.filter(consortium=consortium, school_year__in=list(by_year))._raw_delete(
            StudentYear.objects.db
        )
        StudentYearImport.objects.filter(
            consortium=consortium, school_year__in=list(by_year), is_current=True
        ).update(is_current=False)
        batches = {
            year: StudentYearImport.objects.create(
                consortium=consortium,
                school_year=year,
                source=source,
                filename=parsed.filename[:255],
                row_count=count,
                imported_by=user,  # type: ignore[misc]
                is_current=True,
            ).pk
            for year, count in by_year.items()
        }
        _insert(consortium.pk, batches, columns)
        audit_record(
            acting_user=acting_user,
            action="reports.student_years_imported",
            object_type="consortium",
            object_id=str(consortium.public_id),
            details={"file": parsed.filename, "rows": parsed.n_rows, "years": sorted(by_year)},
        )
    return result


def import_student_years(
    consortium: Consortium,
    source: str | Path | IO[Any],
    filename: str | None = None,
    *,
    acting_user: Actor,
    source_kind: str = ImportSource.FILE,
    dry_run: bool = False,
) -> ImportResult:
    """Parse, validate and store one file. Raises StudentYearFileError (nothing changed) when any
    row is bad."""
    parsed = parse_student_years(source, filename)
    return import_parsed(consortium, parsed, acting_user=acting_user, source=source_kind, dry_run=dry_run)
