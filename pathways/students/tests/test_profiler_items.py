"""The 60 Interest Profiler items: the translatable module follows the checked-in CSV, and every
item, answer and instruction has a Spanish translation."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from django.utils import translation

from pathways.matching.interests import ITEM_AREAS
from pathways.students.profiler_items import ANSWERS, ITEMS

CSV = (
    Path(__file__).resolve().parents[3]
    / "data"
    / "public"
    / "interest_profiler"
    / "onet_ip_short_form_60_items.csv"
)


def rows() -> list[dict[str, str]]:
    with CSV.open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def test_it_has_the_csv_items_in_order() -> None:
    with translation.override("en"):
        assert [str(item) for item in ITEMS] == [row["text"] for row in rows()]
    assert [row["area_code"] for row in rows()] == list(ITEM_AREAS)
    assert [int(row["index"]) for row in rows()] == list(range(1, 61))


def test_it_has_the_onet_answer_scale() -> None:
    scale = CSV.parent / "onet_ip_answer_scale.csv"
    with scale.open(encoding="utf-8") as handle:
        expected = [(row["web_services_value"], row["label"]) for row in csv.DictReader(handle)]
    with translation.override("en"):
        assert [(value, str(label)) for value, label in ANSWERS] == expected


def test_it_translates_every_item_into_spanish() -> None:
    with translation.override("es"):
        spanish = [str(item) for item in ITEMS]
    english = [row["text"] for row in rows()]
    missing = [e for e, s in zip(english, spanish, strict=True) if e == s]
    assert missing == []
    assert len(set(spanish)) == 60
    assert spanish[0] == "Construir gabinetes de cocina"
    assert spanish[59] == "Sellar, clasificar y repartir el correo de una organización"


@pytest.mark.parametrize(
    "english",
    [
        "How would you feel about doing this as your job?",
        "Read each activity and think about how you would feel doing it as your job.",
        "There are no right or wrong answers. Your answers are saved as you go, so you can stop and "
        "come back later.",
        "Strongly Like",
        "Unsure",
    ],
)
def test_it_translates_the_instructions(english: str) -> None:
    with translation.override("es"):
        assert translation.gettext(english) != english
