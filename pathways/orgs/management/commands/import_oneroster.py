"""`manage.py import_oneroster --consortium SLUG DIR [--dry-run]`: a thin shell over
`pathways.orgs.oneroster.OneRoster11Importer` (STYLE rule 17)."""

from __future__ import annotations

from pathlib import Path

from pathways.accounts.models import User
from pathways.orgs.management.importing import ImportCommand, Importer
from pathways.orgs.models import Consortium
from pathways.orgs.oneroster import ImportResult, OneRoster11Importer


class Command(ImportCommand):
    help = (
        "Import OneRoster 1.1 CSV files (orgs, users, enrollments, classes, academicSessions, courses, "
        "and manifest.csv if present) into one consortium. All or nothing: a file with one bad row "
        "imports nothing and every bad row is listed. Re-importing updates, never duplicates."
    )
    source_name = "directory"
    source_help = "Folder holding the OneRoster CSV files."
    acting_user_help = "Record the import as done by this user (a consortium administrator or superuser)."
    refused_user_message = "{user} is not an administrator of {consortium}; only they may import its roster."

    def make_importer(self, *, consortium: Consortium, source: Path, acting_user: User | None) -> Importer:
        return OneRoster11Importer(consortium=consortium, directory=source, acting_user=acting_user)

    def describe(self, source: Path) -> str:
        return f"OneRoster 1.1 files in {source}"

    def report_files(self, result: ImportResult) -> None:
        for name, mode in result.modes.items():
            rows = result.checked.get(f"{name}.csv")
            detail = f"{rows:,} row(s)" if rows is not None else "-"
            self.stdout.write(f"  {name + '.csv':<22} {mode:<7} {detail}")
