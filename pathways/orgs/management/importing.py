"""The shell shared by the import commands (`import_oneroster`, `import_partners`).

A command names its source argument and builds its importer; this class resolves the consortium
and the acting user, runs `validate()` (dry run) or `apply()`, prints every refused row on stderr
and the counts on stdout, and exits non-zero when anything was refused (STYLE rule 17).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Protocol

from django.core.management.base import BaseCommand, CommandError, CommandParser

from pathways.accounts.models import User
from pathways.core.errors import NotFound
from pathways.orgs.models import Consortium
from pathways.orgs.oneroster import ImportRefused, ImportResult, RowIssue, format_counts


class Importer(Protocol):
    def validate(self) -> ImportResult: ...

    def apply(self) -> ImportResult: ...


class ImportCommand(BaseCommand):
    source_name = "source"
    source_help = ""
    acting_user_help = "Record the import as done by this user."
    refused_user_message = "{user} may not import into {consortium}."

    def make_importer(self, *, consortium: Consortium, source: Path, acting_user: User | None) -> Importer:
        raise NotImplementedError

    def describe(self, source: Path) -> str:
        raise NotImplementedError

    def report_files(self, result: ImportResult) -> None:
        """Per-file lines before the counts; nothing by default."""

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(self.source_name, type=Path, help=self.source_help)
        parser.add_argument(
            "--consortium", required=True, metavar="SLUG", help="The consortium to import into."
        )
        parser.add_argument("--dry-run", action="store_true", help="Check and report; write nothing.")
        parser.add_argument("--acting-user", metavar="USERNAME", help=self.acting_user_help)

    def handle(self, *args: Any, **options: Any) -> None:
        consortium = Consortium.objects.filter(slug=options["consortium"]).first()
        if consortium is None:
            raise CommandError(f"No consortium with the slug {options['consortium']!r}.")
        acting_user = None
        if options["acting_user"]:
            acting_user = User.objects.filter(username=options["acting_user"]).first()
            if acting_user is None:
                raise CommandError(f"No user named {options['acting_user']!r}.")
        source: Path = options[self.source_name]
        try:
            importer = self.make_importer(consortium=consortium, source=source, acting_user=acting_user)
        except NotFound as exc:
            message = self.refused_user_message.format(
                user=options["acting_user"], consortium=consortium.slug
            )
            raise CommandError(message) from exc
        dry_run = options["dry_run"]
        self.stdout.write(
            f"{'Checking' if dry_run else 'Importing'} {self.describe(source)} for {consortium.slug} ..."
        )
        try:
            result = importer.validate() if dry_run else importer.apply()
        except ImportRefused as exc:
            self._errors(exc.issues)
            raise CommandError(exc.message) from exc
        self.report_files(result)
        for note in result.notes:
            self.stdout.write(f"note: {note}")
        if result.issues:
            self._errors(result.issues)
            raise CommandError(ImportRefused(result.issues).message)
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
