"""`manage.py generate_synthetic_region --students N --years Y --seed S [--out DIR] [--schools K]
[--first-year YYYY]`: write a synthetic region's student-year CSVs (pathways.reports.synthetic;
distributions in docs/reports-indicators.md). Touches no database."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from ...studentyears import YEAR_MAX, YEAR_MIN
from ...synthetic import FIRST_YEAR, generate_region


class Command(BaseCommand):
    help = (
        "Write realistic synthetic student-year CSV files, one per school year, in the documented "
        "import format, plus region.json (schools, districts, programs, clusters, non-traditional "
        "programs). Deterministic for a seed."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--students", type=int, required=True, help="Enrolment in grades 9-12 each school year."
        )
        parser.add_argument("--years", type=int, required=True, help="Number of school years.")
        parser.add_argument("--seed", type=int, required=True, help="Random seed (same seed, same files).")
        parser.add_argument(
            "--out",
            type=Path,
            default=None,
            help="Folder to write into (default: var/synthetic_region under the project).",
        )
        parser.add_argument("--schools", type=int, default=None, help="Number of schools (default: N/700).")
        parser.add_argument(
            "--first-year",
            type=int,
            default=FIRST_YEAR,
            help=f"Ending year of the first school year (default {FIRST_YEAR}, i.e. {FIRST_YEAR - 1}-"
            f"{FIRST_YEAR % 100:02d}).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        students, years, first = options["students"], options["years"], options["first_year"]
        if students < 1:
            raise CommandError("--students must be at least 1.")
        if not 1 <= years <= 20:
            raise CommandError("--years must be between 1 and 20.")
        if first < YEAR_MIN or first + years - 1 > YEAR_MAX:
            raise CommandError(f"School years must fall within {YEAR_MIN}-{YEAR_MAX}.")
        if options["schools"] is not None and options["schools"] < 1:
            raise CommandError("--schools must be at least 1.")
        out = options["out"] or Path(settings.BASE_DIR) / "var" / "synthetic_region"
        started = time.perf_counter()
        region = generate_region(
            out,
            students=students,
            years=years,
            seed=options["seed"],
            first_year=first,
            n_schools=options["schools"],
        )
        seconds = time.perf_counter() - started
        for path, year in zip(region.files, region.years, strict=True):
            self.stdout.write(f"  {path}  {region.rows[year]:,} rows")
        self.stdout.write(
            f"{region.students:,} students, {len(region.schools)} schools, {len(region.programs)} programs; "
            f"region.json in {out} ({seconds:.1f} s)"
        )
