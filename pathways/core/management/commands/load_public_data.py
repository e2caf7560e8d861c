from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from pathways.core.datasets import DatasetError, LoadResult, is_current, load_dataset, missing_files, ordered


class Command(BaseCommand):
    help = (
        "Import the public datasets bundled in data/public/ (O*NET, BLS, NCES, Advance CTE, Census, HUD). "
        "Idempotent; one transaction per dataset; a dataset with a bad row imports nothing."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--data-dir", type=Path, default=None, help="Folder of the public data files.")
        parser.add_argument(
            "--only", nargs="+", metavar="DATASET", help="Load only these datasets (default: all, in order)."
        )
        parser.add_argument(
            "--if-changed",
            action="store_true",
            help="Skip a dataset whose files are byte-for-byte those it was last loaded from.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        data_dir: Path = options["data_dir"] or settings.PUBLIC_DATA_DIR
        if not data_dir.is_dir():
            raise CommandError(f"No public data folder at {data_dir}")
        try:
            datasets = ordered(options["only"])
        except DatasetError as exc:
            raise CommandError(str(exc)) from exc
        results: list[LoadResult] = []
        for index, ds in enumerate(datasets, start=1):
            self.stdout.write(f"[{index}/{len(datasets)}] {ds.name}: {ds.description} ...", ending="")
            self.stdout.flush()
            if options["if_changed"] and not missing_files(ds, data_dir) and is_current(ds, data_dir):
                self.stdout.write(" unchanged, skipped")
                continue
            try:
                result = load_dataset(ds, data_dir)
            except DatasetError as exc:
                self.stdout.write(self.style.ERROR(" failed"))
                raise CommandError(str(exc)) from exc
            total = sum(result.counts.values())
            self.stdout.write(self.style.SUCCESS(f" {total:,} rows in {result.seconds:.1f} s"))
            results.append(result)
        self._table(results)

    def _table(self, results: list[LoadResult]) -> None:
        rows = [(r.name, table, n) for r in results for table, n in r.counts.items()]
        width = max((len(f"{d}.{t}") for d, t, _ in rows), default=10)
        self.stdout.write("")
        self.stdout.write(f"{'dataset.table':<{width}}  {'rows':>9}")
        self.stdout.write(f"{'-' * width}  {'-' * 9}")
        for ds_name, table, n in rows:
            self.stdout.write(f"{ds_name + '.' + table:<{width}}  {n:>9,}")
        total_seconds = sum(r.seconds for r in results)
        self.stdout.write(f"{'-' * width}  {'-' * 9}")
        self.stdout.write(f"{len(results)} dataset(s) loaded in {total_seconds:.1f} s")
