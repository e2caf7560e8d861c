"""CSV and XLSX downloads of any table. Generic: the indicators dashboard and the insights pages
(alignment, equity, impact) use it alike.

    return table_response(
        "csv",                                  # or "xlsx"
        filename="alpha-indicators-2025-school",  # no extension
        headers=["Indicator", "School", "Numerator", "Denominator", "Rate"],
        rows=[["1S1", "Alpha High", 40, 50, 0.8], ["1S1", "Beta High", SUPPRESSED, SUPPRESSED, SUPPRESSED]],
        title="Perkins V indicators, 2025, by school",   # first line of the file (optional)
        source="Source: ... area ... year ...",         # line after the title (optional)
        min_n=10,                                        # the text a suppressed cell gets
    )

A cell that must not be shown is the `SUPPRESSED` marker (or a `Suppressed(min_n)`); it is written
as the text "suppressed (n<10)" (with the consortium's minimum), never as a number, so a
spreadsheet cannot add it up. None is written as an empty cell. Numbers stay numbers (XLSX cells
are numeric), other values are written as text. CSV is UTF-8 with a byte-order mark so Excel
opens accented names correctly. Formulas are never written: a text starting with =, +, - or @
gets a leading apostrophe (CSV injection).
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Final, Literal

from django.http import HttpResponse
from django.utils.translation import gettext as _

Format = Literal["csv", "xlsx"]
FORMATS: Final[tuple[str, ...]] = ("csv", "xlsx")
_FORMULA = ("=", "+", "-", "@", "\t", "\r")
_SAFE_NAME = re.compile(r"[^A-Za-z0-9._-]+")


@dataclass(frozen=True)
class Suppressed:
    """A suppressed cell; `min_n` is the minimum cell size it was below (None: the default text)."""

    min_n: int | None = None

    def text(self, default_min_n: int) -> str:
        return _("suppressed (n<%(n)s)") % {"n": self.min_n or default_min_n}


SUPPRESSED: Final = Suppressed()


def suppressed_text(min_n: int) -> str:
    return Suppressed(min_n).text(min_n)


def _plain(value: Any, min_n: int) -> Any:
    if isinstance(value, Suppressed):
        return value.text(min_n)
    if value is None:
        return ""
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, int | float):
        return value
    text = str(value)
    if text.startswith(_FORMULA):
        text = "'" + text
    return text


def safe_filename(name: str) -> str:
    return _SAFE_NAME.sub("-", name).strip("-")[:120] or "table"


def table_response(
    fmt: str,
    *,
    filename: str,
    headers: Sequence[str],
    rows: Iterable[Sequence[Any]],
    title: str = "",
    source: str = "",
    min_n: int = 10,
    sheet: str = "",
) -> HttpResponse:
    """An attachment download of one table in `fmt` ("csv" or "xlsx"; anything else: ValueError)."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r}")
    prelude = [line for line in (title, source) if line]
    body = [[_plain(v, min_n) for v in row] for row in rows]
    name = safe_filename(filename)
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        for line in prelude:
            writer.writerow([line])
        writer.writerow(list(headers))
        writer.writerows(body)
        response = HttpResponse("\ufeff" + buffer.getvalue(), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
        return response
    return _xlsx(name, headers, body, prelude, sheet or title or name)


def _xlsx(
    name: str, headers: Sequence[str], body: list[list[Any]], prelude: list[str], sheet: str
) -> HttpResponse:
    import xlsxwriter

    output = io.BytesIO()
    book = xlsxwriter.Workbook(
        output, {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False}
    )
    title = re.sub(r"[\[\]:*?/\\]", " ", sheet)[:31] or "Table"
    ws = book.add_worksheet(title)
    bold = book.add_format({"bold": True})
    wrap = book.add_format({"text_wrap": False})
    row = 0
    for line in prelude:
        ws.write_string(row, 0, line, bold if row == 0 else wrap)
        row += 1
    for col, header in enumerate(headers):
        ws.write_string(row, col, str(header), bold)
    header_row = row
    row += 1
    widths = [len(str(h)) for h in headers]
    for values in body:
        for col, value in enumerate(values):
            if isinstance(value, int | float):
                ws.write_number(row, col, value)
            else:
                ws.write_string(row, col, str(value))
            if col < len(widths):
                widths[col] = max(widths[col], min(len(str(value)), 60))
        row += 1
    for col, width in enumerate(widths):
        ws.set_column(col, col, width + 2)
    ws.freeze_panes(header_row + 1, 0)
    book.close()
    response = HttpResponse(
        output.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="{name}.xlsx"'
    return response
