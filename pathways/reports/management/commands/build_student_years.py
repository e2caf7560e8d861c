"""`manage.py build_student_years --consortium SLUG --year YYYY [--dry-run] [--replace]`

Builds one student-year row per student of the consortium for the school year from what Pathways
records (plans, programs, dual credit, work-based learning; services/from_pathways.py) and stores
them as that year's records, replacing rows built before. A year whose records came from a file is
refused unless --replace is given. Prints the counts; exits with status 1 when refused."""

from __future__ import annotations

import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation

from pathways.orgs.models import Consortium

from ...services.from_pathways import BuildRefused, build_student_years


class Command(BaseCommand):
    help = (
        "Build a school year's student-year records from what Pathways records (plans, dual credit, "
        "work-based learning) for a consortium with no export."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--consortium", required=True, help="The consortium's slug.")
        parser.add_argument("--year", required=True, type=int, help="Ending year: 2025 is 2024-25.")
        parser.add_argument("--dry-run", action="store_true", help="Build and count; store nothing.")
        parser.add_argument(
            "--replace",
            action="store_true",
            help="Also replace a school year whose records were imported from a file.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        translation.activate("en")
        consortium = Consortium.objects.filter(slug=options["consortium"]).first()
        if consortium is None:
            raise CommandError(f"No consortium with the slug {options['consortium']!r}.")
        year = options["year"]
        try:
            result = build_student_years(
                consortium,
                year,
                acting_user=None,
                replace=options["replace"],
                dry_run=options["dry_run"],
            )
        except BuildRefused as exc:
            self.stderr.write(exc.message)
            sys.exit(1)
        imported = result.imported
        verb = "Would store" if imported.dry_run else "Stored"
        before = imported.replaced.get(year, 0)
        replacing = f", replacing {before} rows from {result.replaced_source}" if before else ""
        self.stdout.write(
            f"{verb} {result.students} student-year rows for {consortium.slug}, {year - 1}-{year % 100:02d}"
            f"{replacing}."
        )
        lines = [
            ("with a plan", result.with_plan),
            ("with a program of study", result.with_program),
            ("with at least one course of their program in completed grades", result.participants),
            ("with dual credits in completed grades", result.with_credits),
            ("in work-based learning that year", result.wbl_participants),
            ("with no known grade (courses and credits unknown)", result.unknown_grade),
            ("identified by their Pathways id (no usable sourcedId)", result.public_ids),
            ("left out (below grade 6 or above 13 that year)", result.left_out),
        ]
        for label, count in lines:
            self.stdout.write(f"  {count} {label}")
        if result.programs_without_code:
            shown = ", ".join(result.programs_without_code[:10])
            self.stdout.write(
                f"  {len(result.programs_without_code)} program(s) have no reporting code "
                f"(coded PW-…): {shown}"
            )
        if result.schools_without_nces:
            shown = ", ".join(result.schools_without_nces[:10])
            self.stdout.write(
                f"  {len(result.schools_without_nces)} school(s) have no NCES id (coded PW-…): {shown}"
            )
        self.stdout.write(
            "  Unknown (not recorded in Pathways): demographics, special populations, graduation, "
            "proficiency, placement, credentials attained."
        )
        if not imported.dry_run:
            self.stdout.write("Run compute_indicators to update the rollups.")
