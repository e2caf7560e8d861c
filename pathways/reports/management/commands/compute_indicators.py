"""`manage.py compute_indicators --consortium SLUG [--year YYYY]`: compute the stored rollups now
(synchronously), printing each progress step."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from pathways.orgs.models import Consortium

from ...models import RunStatus
from ...services.rollups import compute_now


class Command(BaseCommand):
    help = "Compute every indicator x level x subgroup for a consortium into the stored rollups."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--consortium", required=True, help="The consortium's slug.")
        parser.add_argument("--year", type=int, help="One reporting year (default: every year with rows).")

    def handle(self, *args: Any, **options: Any) -> None:
        consortium = Consortium.objects.filter(slug=options["consortium"]).first()
        if consortium is None:
            raise CommandError(f"No consortium with the slug {options['consortium']!r}.")
        started = time.perf_counter()
        run = compute_now(consortium, acting_user=None, school_year=options["year"], say=self.stdout.write)
        seconds = time.perf_counter() - started
        if run.status != RunStatus.DONE:
            raise CommandError(run.message)
        self.stdout.write(f"{run.message} ({seconds:.1f} s)")
