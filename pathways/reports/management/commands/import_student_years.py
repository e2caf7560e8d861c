"""`manage.py import_student_years --consortium SLUG FILE.csv [--dry-run]`

Validates the whole file (docs/reports-indicators.md); on any error prints every one as
`file:line: column: reason` to stderr, changes nothing and exits with status 1. Otherwise replaces
the school years the file holds and prints the counts."""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from pathways.orgs.models import Consortium

from ...services.imports import StudentYearFileError, import_student_years


class Command(BaseCommand):
    help = "Import a student-year CSV for a consortium (re-importing a school year replaces it)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--consortium", required=True, help="The consortium's slug.")
        parser.add_argument("file", help="The CSV file (docs/reports-indicators.md).")
        parser.add_argument("--dry-run", action="store_true", help="Validate and count; store nothing.")

    def handle(self, *args: Any, **options: Any) -> None:
        consortium = Consortium.objects.filter(slug=options["consortium"]).first()
        if consortium is None:
            raise CommandError(f"No consortium with the slug {options['consortium']!r}.")
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"No such file: {path}")
        started = time.perf_counter()
        try:
            result = import_student_years(
                consortium, path, path.name, acting_user=None, dry_run=options["dry_run"]
            )
        except StudentYearFileError as exc:
            for error in exc.errors:
                self.stderr.write(f"{error.file}:{error.line}: {error.column or '-'}: {error.reason}")
            if exc.more:
                self.stderr.write(f"{path.name}: ... and {exc.more} more problem(s) not listed")
            self.stderr.write(f"{exc.total} problem(s); nothing was imported.")
            sys.exit(1)
        seconds = time.perf_counter() - started
        verb = "Would import" if result.dry_run else "Imported"
        self.stdout.write(f"{verb} {result.rows} rows from {result.filename} in {seconds:.1f} s.")
        for year, count in sorted(result.by_year.items()):
            before = result.replaced.get(year, 0)
            replaced = f" (replacing {before})" if before else ""
            self.stdout.write(f"  {year}: {count} rows{replaced}")
        if result.unmatched_schools:
            shown = ", ".join(result.unmatched_schools[:10])
            self.stdout.write(
                f"  {len(result.unmatched_schools)} school code(s) match no school's NCES id: {shown}"
            )
        if result.unmatched_programs:
            shown = ", ".join(result.unmatched_programs[:10])
            self.stdout.write(
                f"  {len(result.unmatched_programs)} program code(s) match no program's "
                f"reporting code: {shown}"
            )
        if not result.dry_run:
            self.stdout.write("Run compute_indicators to update the rollups.")
