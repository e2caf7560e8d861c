"""`manage.py import_partners --consortium SLUG FILE.csv [--dry-run]`: a thin shell over
`pathways.orgs.partner_import.PartnerImporter` (STYLE rule 17)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from pathways.accounts.models import User
from pathways.core.errors import NotFound
from pathways.orgs.models import Consortium
from pathways.orgs.oneroster import ImportRefused, ImportResult, RowIssue, format_counts
from pathways.orgs.partner_import import PartnerImporter


class Command(BaseCommand):
    help = (
        "Import partner organisations and their contacts from a CSV file (one row per contact) into one "
        "consortium. Partners are matched by name, contacts by partner and name: re-importing updates, "
        "never duplicates. All or nothing: a file with one bad row imports nothing and lists every bad row."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="The partners CSV file.")
        parser.add_argument(
            "--consortium", required=True, metavar="SLUG", help="The consortium to import into."
        )
        parser.add_argument("--dry-run", action="store_true", help="Check and report; write nothing.")
        parser.add_argument(
            "--acting-user",
            metavar="USERNAME",
            help="Record the import as done by this user (consortium staff or admin, or a superuser).",
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
            importer = PartnerImporter(consortium=consortium, path=options["file"], acting_user=acting_user)
        except NotFound as exc:
            raise CommandError(
                f"{options['acting_user']} is not on the staff of {consortium.slug}; "
                "only its staff may import its partners."
            ) from exc
        dry_run = options["dry_run"]
        what = "Checking" if dry_run else "Importing"
        self.stdout.write(f"{what} partners from {options['file']} for {consortium.slug} ...")
        try:
            result = importer.validate() if dry_run else importer.apply()
        except ImportRefused as exc:
            self._errors(exc.issues)
            raise CommandError(exc.message) from exc
        if result.issues:
            self._errors(result.issues)
            raise CommandError(ImportRefused(result.issues).message)
        self._report(result, dry_run=dry_run)

    def _report(self, result: ImportResult, *, dry_run: bool) -> None:
        for note in result.notes:
            self.stdout.write(f"note: {note}")
        for line in format_counts(result):
            self.stdout.write(line)
        if dry_run:
            self.stdout.write(self.style.WARNING("Dry run: nothing was written."))
        else:
            self.stdout.write(self.style.SUCCESS(f"Imported in {result.seconds:.1f} s."))

    def _errors(self, issues: list[RowIssue]) -> None:
        for issue in issues:
            self.stderr.write(f"  {issue}")
