"""The plain-text outline that outcome sections are edited in, and read back from.

One item a line; a line starting with "- " is a sub-item of the line above; in discussion notes a
line starting with "# " starts a new group (its heading). A trailing count in brackets, as the
seed documents write it ("Adaptable (4)"), becomes the item's count; an item without one has no
count (NULL), never 1. Vote tallies are written "Information Technology (19 votes)".
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from pathways.core.errors import InvalidInput

COUNT = re.compile(r"^(?P<text>.*\S)\s*\((?P<n>\d{1,4})\)$")
VOTES = re.compile(r"^(?P<label>.*\S)\s*(?:\((?P<a>\d{1,6})(?:\s+\w+)?\)|[:|]\s*(?P<b>\d{1,6}))$")
SUB = re.compile("^\\s*[-\u2013\u2022\u00b7*]\\s+")  # "- ", en dash, bullet or middle dot


@dataclass
class OutlineItem:
    text: str
    count: int | None = None
    children: list[OutlineItem] = field(default_factory=list)


@dataclass
class OutlineGroup:
    heading: str
    items: list[OutlineItem] = field(default_factory=list)


def _item(text: str, *, counted: bool) -> OutlineItem:
    if counted:
        match = COUNT.match(text)
        if match:
            return OutlineItem(match["text"], int(match["n"]))
    return OutlineItem(text)


def parse_items(text: str, *, counted: bool = False, field_name: str = "items") -> list[OutlineItem]:
    items: list[OutlineItem] = []
    for number, raw in enumerate(text.splitlines(), start=1):
        if not raw.strip():
            continue
        if SUB.match(raw):
            if not items:
                raise InvalidInput(
                    _("Line %(n)d is a sub-item (it starts with “- ”) but has no item above it.")
                    % {"n": number},
                    field=field_name,
                )
            items[-1].children.append(_item(SUB.sub("", raw).strip(), counted=counted))
        else:
            items.append(_item(raw.strip(), counted=counted))
    return items


def parse_groups(text: str, *, field_name: str = "discussion") -> list[OutlineGroup]:
    groups: list[OutlineGroup] = []
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line:
            continue
        if line.startswith("#"):
            groups.append(OutlineGroup(line.lstrip("#").strip()))
            continue
        if not groups:
            raise InvalidInput(
                _("Line %(n)d: start the notes with a heading line beginning with “# ”.") % {"n": number},
                field=field_name,
            )
        if SUB.match(raw):
            if not groups[-1].items:
                raise InvalidInput(
                    _("Line %(n)d is a sub-item (it starts with “- ”) but has no item above it.")
                    % {"n": number},
                    field=field_name,
                )
            groups[-1].items[-1].children.append(_item(SUB.sub("", raw).strip(), counted=True))
        else:
            groups[-1].items.append(_item(line, counted=True))
    return groups


def parse_votes(text: str, *, field_name: str = "tallies") -> list[tuple[str, int]]:
    rows: list[tuple[str, int]] = []
    for number, raw in enumerate(text.splitlines(), start=1):
        line = SUB.sub("", raw).strip()
        if not line:
            continue
        match = VOTES.match(line)
        if not match:
            raise InvalidInput(
                _("Line %(n)d: write each result as “Information Technology (19 votes)”.") % {"n": number},
                field=field_name,
            )
        rows.append((match["label"].strip(), int(match["a"] or match["b"])))
    return rows


def format_items(items: list[tuple[str, int | None, list[tuple[str, int | None]]]]) -> str:
    lines: list[str] = []
    for text, count, children in items:
        lines.append(f"{text} ({count})" if count is not None else text)
        lines.extend(f"- {t} ({c})" if c is not None else f"- {t}" for t, c in children)
    return "\n".join(lines)
