"""Public dataset registry and the machinery every importer shares.

Apps register their datasets (`@dataset(...)`) in their `importers` module; the command
`manage.py load_public_data` runs them in order, one transaction per dataset. An importer reads
its files with `read_csv`, collects every bad row in an `ImportErrors`, and raises it before
writing anything, so a dataset with one bad row changes nothing.
"""

from __future__ import annotations

import csv
import gzip
import hashlib
import json
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from django.db import connection, transaction
from django.db.models import Field, Model
from django.utils import timezone

from .models import DatasetImport

Counts = dict[str, int]
Loader = Callable[[Path], Counts]

# Thin marks BLS, NCES and O*NET use for "not available".
MISSING_MARKS = frozenset({"", "-", "—", "N/A", "n/a", "*", "**", "#"})


class DatasetError(Exception):
    """A dataset could not be loaded; nothing of it was written."""


@dataclass
class ImportErrors:
    """Bad rows found while validating a file: file, line, column and reason for each."""

    errors: list[str] = field(default_factory=list)

    def add(self, path: Path | str, line: int, column: str, reason: str) -> None:
        self.errors.append(f"{Path(path).name}, line {line}, column {column!r}: {reason}")

    def raise_if_any(self, dataset: str) -> None:
        if not self.errors:
            return
        shown = self.errors[:50]
        more = len(self.errors) - len(shown)
        lines = "\n  ".join(shown)
        tail = f"\n  ... and {more} more" if more else ""
        raise DatasetError(f"{dataset}: {len(self.errors)} bad row(s), nothing imported:\n  {lines}{tail}")


@dataclass(frozen=True)
class Dataset:
    name: str
    description: str
    files: tuple[str, ...]
    load: Loader
    order: int


REGISTRY: dict[str, Dataset] = {}


def dataset(name: str, *, description: str, files: tuple[str, ...], order: int) -> Callable[[Loader], Loader]:
    def register(load: Loader) -> Loader:
        REGISTRY[name] = Dataset(name=name, description=description, files=files, load=load, order=order)
        return load

    return register


def ordered(names: list[str] | None = None) -> list[Dataset]:
    if names:
        unknown = sorted(set(names) - set(REGISTRY))
        if unknown:
            raise DatasetError(
                f"Unknown dataset(s): {', '.join(unknown)}. Known: {', '.join(sorted(REGISTRY))}"
            )
    chosen = [d for d in REGISTRY.values() if not names or d.name in names]
    return sorted(chosen, key=lambda d: d.order)


@dataclass
class LoadResult:
    name: str
    counts: Counts
    seconds: float


def files_checksum(ds: Dataset, data_dir: Path) -> str:
    digest = hashlib.sha256()
    for name in ds.files:
        digest.update(name.encode())
        with (data_dir / name).open("rb") as handle:
            for chunk in iter(lambda: handle.read(1 << 20), b""):
                digest.update(chunk)
    return digest.hexdigest()


def is_current(ds: Dataset, data_dir: Path) -> bool:
    """True when the dataset was last loaded from exactly these files."""
    stored = DatasetImport.objects.filter(name=ds.name).values_list("checksum", flat=True).first()
    return bool(stored) and stored == files_checksum(ds, data_dir)


def missing_files(ds: Dataset, data_dir: Path) -> list[str]:
    return [f for f in ds.files if not (data_dir / f).exists()]


def load_dataset(ds: Dataset, data_dir: Path) -> LoadResult:
    missing = missing_files(ds, data_dir)
    if missing:
        raise DatasetError(f"{ds.name}: missing file(s) in {data_dir}: {', '.join(missing)}")
    started = time.perf_counter()
    with transaction.atomic():
        counts = ds.load(data_dir)
        seconds = time.perf_counter() - started
        DatasetImport.objects.update_or_create(
            name=ds.name,
            defaults={
                "loaded_at": timezone.now(),
                "seconds": round(seconds, 2),
                "counts": counts,
                "source": ", ".join(ds.files)[:300],
                "checksum": files_checksum(ds, data_dir),
            },
        )
    return LoadResult(ds.name, counts, seconds)


# --- reading ---------------------------------------------------------------------------------


def _open(path: Path) -> IO[str]:
    if path.suffix == ".gz":
        return gzip.open(path, "rt", encoding="utf-8", newline="")
    return path.open(encoding="utf-8", newline="")


def read_csv(
    path: Path, *, required: tuple[str, ...], delimiter: str = ","
) -> Iterator[tuple[int, dict[str, str]]]:
    """Yield (line number, row) for each data row; the header is line 1.

    A file without one of the `required` columns is refused as a whole.
    """
    with _open(path) as handle:
        reader = csv.DictReader(handle, delimiter=delimiter)
        header = reader.fieldnames or []
        absent = [c for c in required if c not in header]
        if absent:
            raise DatasetError(f"{path.name}: missing column(s) {', '.join(absent)}")
        for row in reader:
            if None in row:  # more cells than header columns
                raise DatasetError(
                    f"{path.name}, line {reader.line_num}: more cells than the header has columns"
                )
            yield reader.line_num, row


def parse_float(value: str) -> float | None:
    """A number, or None for a not-available mark. Raises ValueError on anything else."""
    value = value.strip().replace(",", "")
    if value in MISSING_MARKS:
        return None
    return float(value)


def parse_int(value: str) -> int | None:
    number = parse_float(value)
    if number is None:
        return None
    if number != int(number):
        raise ValueError(f"{value!r} is not a whole number")
    return int(number)


def fast_insert(
    model: type[Model], fields: tuple[str, ...], rows: list[tuple[Any, ...]], batch_size: int = 5000
) -> int:
    """Insert plain tuples into a model's table with executemany, skipping model instances.

    For large reference tables (hundreds of thousands of rows) where `bulk_create` spends most
    of its time building and preparing model instances. Values must already be of the right
    Python type; JSON fields are prepared here for the current database.
    """
    meta = model._meta
    columns: list[Field[Any, Any]] = [meta.get_field(name) for name in fields]  # type: ignore[misc]
    json_positions = [i for i, f in enumerate(columns) if f.get_internal_type() == "JSONField"]
    quote = connection.ops.quote_name
    # Table and column names come from the model's metadata, quoted; values are parameters.
    sql = "INSERT INTO {} ({}) VALUES ({})".format(  # noqa: S608
        quote(meta.db_table),
        ", ".join(quote(f.column) for f in columns),
        ", ".join(["%s"] * len(columns)),
    )
    prepared_json: dict[str, Any] = {}
    with connection.cursor() as cursor:
        for start in range(0, len(rows), batch_size):
            batch = rows[start : start + batch_size]
            if json_positions:
                converted = []
                for row in batch:
                    values = list(row)
                    for i in json_positions:
                        key = json.dumps(values[i], sort_keys=True)
                        if key not in prepared_json:
                            prepared_json[key] = columns[i].get_db_prep_save(values[i], connection)
                        values[i] = prepared_json[key]
                    converted.append(tuple(values))
                batch = converted
            cursor.executemany(sql, batch)
    return len(rows)
