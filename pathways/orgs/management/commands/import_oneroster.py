"""`manage.py import_oneroster --consortium SLUG DIR [--dry-run]`: a thin shell over
`pathways.orgs.oneroster.OneRoster11Importer` (STYLE rule 17)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from pathways.accounts.models import User
from pathways.core.errors import NotFound
from pathways.orgs.models import Consortium
from pathways.orgs.oneroster import ImportRefused, ImportResult, OneRoster11Importer, RowIssue, format_counts


class Command(BaseCommand):
    help = (
        "Import OneRoster 1.1 CSV files (orgs, users, enrollments, classes, academicSessions, courses, "
        "and manifest.csv if present) into one consortium. All or nothing: a file with one bad row "
        "imports nothing and every bad row is listed. Re-importing updates, never duplicates."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("directory", type=Path, help="Folder holding the OneRoster CSV files.")
        parser.add_argument(
            "--consortium", required=True, metavar="SLUG", help="The consortium to import into."
        )
        parser.add_argument("--dry-run", action="store_true", help="Check and report; write nothing.")
        parser.add_argument(
            "--acting-user",
            metavar="USERNAME",
            help="Record the import as done by this user (a consortium administrator or superuser).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        consortium = Consortium.objects.filter(slug=options["consortium"]).first()
        if consortium is None:
            raise CommandError(f"No consortium with the slug {options['consortium']!r}.")
        acting_user = None
        if options["acting_user"]:
            acting_user = User.objects.filter(username=options["acting_user"]).first()
            if acting_user is None:
                raise CommandError(f"No user named {options['acting_user']!r}.")
        try:
            importer = OneRoster11Importer(
                consortium=consortium, directory=options["directory"], acting_user=acting_user
            )
        except NotFound as exc:
            raise CommandError(
                f"{options['acting_user']} is not an administrator of {consortium.slug}; "
                "only they may import its roster."
            ) from exc
        dry_run = options["dry_run"]
        what = "Checking" if dry_run else "Importing"
        self.stdout.write(f"{what} OneRoster 1.1 files in {options['directory']} for {consortium.slug} ...")
        try:
            result = importer.validate() if dry_run else importer.apply()
        except ImportRefused as exc:
            self._errors(exc.issues)
            raise CommandError(exc.message) from exc
        self._report(result, dry_run=dry_run)
        if result.issues:
            self._errors(result.issues)
            raise CommandError(ImportRefused(result.issues).message)

    def _report(self, result: ImportResult, *, dry_run: bool) -> None:
        for name, mode in result.modes.items():
            rows = result.checked.get(f"{name}.csv")
            detail = f"{rows:,} row(s)" if rows is not None else "-"
            self.stdout.write(f"  {name + '.csv':<22} {mode:<7} {detail}")
        for note in result.notes:
            self.stdout.write(f"note: {note}")
        if result.issues:
            return
        self.stdout.write("")
        for line in format_counts(result):
            self.stdout.write(line)
        if dry_run:
            self.stdout.write(self.style.WARNING("Dry run: nothing was written."))
        else:
            self.stdout.write(self.style.SUCCESS(f"Imported in {result.seconds:.1f} s."))

    def _errors(self, issues: list[RowIssue]) -> None:
        for issue in issues:
            self.stderr.write(f"  {issue}")
