"""`manage.py import_partners --consortium SLUG FILE.csv [--dry-run]`: a thin shell over
`pathways.orgs.partner_import.PartnerImporter` (STYLE rule 17)."""

from __future__ import annotations

from pathlib import Path

from pathways.accounts.models import User
from pathways.orgs.management.importing import ImportCommand, Importer
from pathways.orgs.models import Consortium
from pathways.orgs.partner_import import PartnerImporter


class Command(ImportCommand):
    help = (
        "Import partner organisations and their contacts from a CSV file (one row per contact) into one "
        "consortium. Partners are matched by name, contacts by partner and name: re-importing updates, "
        "never duplicates. All or nothing: a file with one bad row imports nothing and lists every bad row."
    )
    source_name = "file"
    source_help = "The partners CSV file."
    acting_user_help = "Record the import as done by this user (consortium staff or admin, or a superuser)."
    refused_user_message = (
        "{user} is not on the staff of {consortium}; only its staff may import its partners."
    )

    def make_importer(self, *, consortium: Consortium, source: Path, acting_user: User | None) -> Importer:
        return PartnerImporter(consortium=consortium, path=source, acting_user=acting_user)

    def describe(self, source: Path) -> str:
        return f"partners from {source}"
