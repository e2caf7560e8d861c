"""Demo student-year records and indicators for Region I (order 70: after orgs, programs and
students). Synthetic, never real student records.

For the demo consortium it: gives its districts and high schools NCES-like ids where blank
("35" New Mexico + 5-digit LEA [+ 5-digit school]) and its programs of study reporting codes
("NMI-<n>") where blank; generates a modest synthetic region (synthetic.py: 1,500 students a
year, 3 school years) on those real codes; imports it (replacing those years); computes the
rollups synchronously; and sets a few state performance levels. Idempotent: re-running
regenerates the same files (same seed) and replaces the same years.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

from django.db import transaction
from django.db.models import Q

from pathways.core.demo import demo_loader
from pathways.orgs.models import Consortium, District, School
from pathways.programs.models import ProgramOfStudy

from .models import ImportSource, PerformanceLevel
from .services.imports import cluster_code_of, import_parsed
from .services.rollups import compute_now
from .studentyears import concat_years, parse_student_years
from .synthetic import ProgramSpec, SchoolSpec, generate_region

Say = Callable[[str], None]

DEMO_CONSORTIUM = "nm-region-i"
STUDENTS = 1_500
YEARS = 3
FIRST_YEAR = 2023
SEED = 2026
# Illustrative state-determined levels (percent); the real ones come from the state's Perkins plan.
LEVELS = {
    "1S1": Decimal("86.0"),
    "1S2": Decimal("88.0"),
    "2S1": Decimal("40.0"),
    "2S2": Decimal("26.0"),
    "2S3": Decimal("36.0"),
    "3S1": Decimal("68.0"),
    "4S1": Decimal("12.0"),
    "5S1": Decimal("20.0"),
    "5S2": Decimal("25.0"),
    "5S3": Decimal("30.0"),
}
_SEX = {"female": "F", "male": "M"}


def _codes(consortium: Consortium) -> tuple[list[SchoolSpec], list[ProgramSpec]]:
    with transaction.atomic():
        for n, district in enumerate(District.objects.filter(consortium=consortium).order_by("pk"), start=1):
            if not district.nces_id:
                district.nces_id = f"359{consortium.pk % 100:02d}{n:02d}"
                district.save(update_fields=["nces_id", "updated_at"])
        high = School.objects.filter(consortium=consortium).filter(
            Q(grade_high__isnull=True) | Q(grade_high__gte=9)
        )
        for n, school in enumerate(high.select_related("district").order_by("pk"), start=1):
            if not school.nces_id or len(school.nces_id) != 12:
                school.nces_id = f"{school.district.nces_id[:7]:0<7}{n:05d}"
                school.save(update_fields=["nces_id", "updated_at"])
        taken = set(
            ProgramOfStudy.objects.filter(consortium=consortium)
            .exclude(reporting_code="")
            .values_list("reporting_code", flat=True)
        )
        n = 0
        for program in ProgramOfStudy.objects.filter(consortium=consortium, reporting_code="").order_by("pk"):
            n += 1
            while f"NMI-{n}" in taken:
                n += 1
            program.reporting_code = f"NMI-{n}"
            program.save(update_fields=["reporting_code", "updated_at"])
            taken.add(program.reporting_code)
    schools = [
        SchoolSpec(code=s.nces_id, district_code=s.district.nces_id)
        for s in School.objects.filter(consortium=consortium)
        .filter(Q(grade_high__isnull=True) | Q(grade_high__gte=9))
        .select_related("district")
        .order_by("pk")
    ]
    programs = [
        ProgramSpec(
            code=p.reporting_code,
            cluster_code=cluster_code_of(p.cluster),
            nontraditional_for=frozenset({_SEX[p.nontraditional_for]})
            if p.nontraditional_for in _SEX
            else frozenset(),
        )
        for p in ProgramOfStudy.objects.filter(consortium=consortium).select_related("cluster").order_by("pk")
    ]
    return schools, programs


@demo_loader("reports", order=70)
def load(say: Say) -> None:
    consortium = Consortium.objects.filter(slug=DEMO_CONSORTIUM).first()
    if consortium is None:
        say("reports: no Region I consortium; skipped")
        return
    schools, programs = _codes(consortium)
    if not schools or not programs:
        say("reports: Region I has no high schools or programs; skipped")
        return
    with tempfile.TemporaryDirectory() as folder:
        region = generate_region(
            folder,
            students=STUDENTS,
            years=YEARS,
            seed=SEED,
            first_year=FIRST_YEAR,
            schools=schools,
            programs=programs,
        )
        parsed = concat_years([parse_student_years(Path(f), f.name) for f in region.files])
    parsed = type(parsed)(
        filename="synthetic-region-i.csv", columns=parsed.columns, school_years=parsed.school_years
    )
    result = import_parsed(consortium, parsed, acting_user=None, source=ImportSource.SYNTHETIC)
    run = compute_now(consortium, acting_user=None)
    last = max(result.by_year)
    for year in (last, last + 1):
        for indicator, level in LEVELS.items():
            PerformanceLevel.objects.update_or_create(
                consortium=consortium, indicator=indicator, school_year=year, defaults={"level": level}
            )
    say(
        f"reports: {result.rows} synthetic student-year rows for Region I "
        f"({', '.join(map(str, sorted(result.by_year)))}); "
        f"rollups: {run.message}"
    )
