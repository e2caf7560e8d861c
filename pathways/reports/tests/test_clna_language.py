"""The needs assessment keeps facts, not words: evidence is snapshotted as codes and numbers and the
cycle's title is not stored, so each leader reads the workspace, the printable document and the PDF
in their own language, whoever pressed "Refresh"."""

from __future__ import annotations

import base64
import re
import zlib

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from pathways.catalog.models import CareerCluster, CipProgram
from pathways.programs.models import ProgramOfStudy
from pathways.reports import selectors_insights as insights
from pathways.reports.models import ElementReview, NeedsAssessment, Rollup
from pathways.reports.services import clna

from .test_alignment import aligned, rollup  # noqa: F401  (aligned is a fixture)

pytestmark = pytest.mark.django_db

LANGUAGE_COOKIE = "pathways_language"


@pytest.fixture(autouse=True)
def _back_to_the_default_language():
    """Pages read in Spanish leave Spanish active in this thread; the next tests expect English."""
    yield
    translation.deactivate()


def page_bytes(user, url: str, language: str) -> bytes:
    """What `user` reads in `language` (a browser of their own: no one else's flash messages)."""
    reader = Client()
    reader.force_login(user)
    reader.cookies[LANGUAGE_COOKIE] = language
    response = reader.get(url)
    assert response.status_code == 200
    return response.content


def page(user, url: str, language: str) -> str:
    return page_bytes(user, url, language).decode()


def pdf_text(content: bytes) -> str:
    """The text drawn in a ReportLab PDF: its streams are ASCII85, then Flate, encoded."""
    streams = re.findall(rb"stream\r?\n(.*?)~>\s*endstream", content, re.S)
    return "\n".join(zlib.decompress(base64.a85decode(s)).decode("latin-1") for s in streams)


@pytest.fixture
def refreshed_in_english(cast, client):
    """An English-speaking leader starts a cycle and refreshes its evidence: equity figures by
    student group (women) and school locale (rural), and a program of study in a Career Cluster."""
    cast.school.locale = "town"
    cast.school.save(update_fields=["locale"])
    for subgroup, part, conc in (("all", 100, 60), ("sex:F", 50, 20)):
        rollup(cast.alpha, "PART", "alpha", part, level="consortium", subgroup=subgroup)
        rollup(cast.alpha, "CONC", "alpha", conc, level="consortium", subgroup=subgroup)
    rollup(cast.alpha, "1S1", "alpha", 90, level="consortium", den=100)
    cluster = CareerCluster.objects.create(framework="2024", slug="test-manufacturing", name="Manufacturing")
    cip, _made = CipProgram.objects.get_or_create(
        code="48.0508", defaults={"title": "Welding Technology/Welder.", "family": "48"}
    )
    ProgramOfStudy.objects.create(
        consortium=cast.alpha, school=cast.school, name="Welding Technology", cluster=cluster, cip=cip
    )
    client.force_login(cast.admin)
    client.cookies[LANGUAGE_COOKIE] = "en"
    assert client.post(reverse("reports:clna", args=["alpha"]), {"first_year": "2026"}).status_code == 302
    cycle = NeedsAssessment.objects.get(consortium=cast.alpha)
    assert client.post(reverse("reports:clna-refresh", args=[cycle.public_id])).status_code == 302
    return cycle


def test_the_snapshot_keeps_codes_and_numbers_not_the_refreshers_words(refreshed_in_english):
    cycle = refreshed_in_english
    assert cycle.title == ""
    equity = ElementReview.objects.get(assessment=cycle, element=5).evidence
    assert "source" not in equity
    assert equity["subgroups"] == [
        {"subgroup": "sex:F", "concentrator_share_pct": 40.0, "gap_to_all_pts": -20.0, "suppressed": False}
    ]
    assert [row["locale"] for row in equity["locales"]] == ["town"]
    programs = ElementReview.objects.get(assessment=cycle, element=3).evidence
    welding = programs["rows"][0]
    assert (welding["program"], welding["cluster"], welding["status"]) == (
        "Welding Technology",
        "test-manufacturing",
        "active",
    )
    assert welding["program_id"] == str(ProgramOfStudy.objects.get(name="Welding Technology").public_id)
    for review in ElementReview.objects.filter(assessment=cycle):
        text = str(review.evidence)
        assert "Female" not in text and "Town" not in text and "recorded in Pathways" not in text


def test_a_spanish_speaking_leader_reads_it_in_spanish_after_an_english_refresh(cast, refreshed_in_english):
    url = reverse("reports:clna-cycle", args=[refreshed_in_english.public_id])
    spanish = page(cast.staff, url, "es")
    assert "<h1>Evaluación integral de necesidades locales (CLNA) 2026–2027</h1>" in spanish  # noqa: RUF001
    assert '<th scope="row">Mujer</th>' in spanish
    assert "<li>Pueblo — escuelas: 1;" in spanish  # the school locale, in Spanish
    assert "Resultados guardados de los indicadores, nivel del consorcio, todos los estudiantes" in spanish
    assert "Activo" in spanish  # the program's status
    assert "Comprehensive local needs assessment" not in spanish
    assert '<th scope="row">Female</th>' not in spanish and "Town:" not in spanish
    assert "Stored indicator rollups" not in spanish and "recorded in Pathways" not in spanish
    # The colleague who refreshed still reads English.
    english = page(cast.admin, url, "en")
    assert "<h1>Comprehensive local needs assessment 2026–2027</h1>" in english  # noqa: RUF001
    assert '<th scope="row">Female</th>' in english and "<li>Town: 1 schools" in english


def test_the_document_and_the_pdf_are_in_the_readers_language(cast, refreshed_in_english):
    public_id = refreshed_in_english.public_id
    printable = page(cast.staff, reverse("reports:clna-print", args=[public_id]), "es")
    assert "<h1>Evaluación integral de necesidades locales (CLNA) 2026–2027</h1>" in printable  # noqa: RUF001
    assert '<th scope="row">Mujer</th>' in printable and "Female" not in printable
    pdf = page_bytes(cast.staff, reverse("reports:clna-pdf", args=[public_id]), "es")
    assert pdf.startswith(b"%PDF")
    text = pdf_text(pdf)
    assert "integral de necesidades locales" in text
    assert "Mujer: 40.0%" in text and "Pueblo " in text
    assert "Resultados guardados de los indicadores" in text
    assert "Female" not in text and "Comprehensive local" not in text and "Town" not in text
    english = pdf_text(page_bytes(cast.admin, reverse("reports:clna-pdf", args=[public_id]), "en"))
    assert "Female: 40.0%" in english and "Comprehensive local needs assessment" in english


def test_a_custom_title_is_kept_as_typed_in_every_language(cast, client):
    client.force_login(cast.admin)
    client.cookies[LANGUAGE_COOKIE] = "en"
    response = client.post(
        reverse("reports:clna", args=["alpha"]), {"first_year": "2028", "title": "  CLNA   2028: North  "}
    )
    assert response.status_code == 302
    cycle = NeedsAssessment.objects.get(consortium=cast.alpha, first_year=2028)
    assert cycle.title == "CLNA 2028: North"
    for language in ("en", "es"):
        listing = page(cast.admin, reverse("reports:clna", args=["alpha"]), language)
        assert "CLNA 2028: North</a>" in listing
    too_long = client.post(
        reverse("reports:clna", args=["alpha"]), {"first_year": "2030", "title": "x" * 201}
    )
    assert too_long.status_code == 422
    assert not NeedsAssessment.objects.filter(first_year=2030).exists()


def test_cycles_and_snapshots_saved_with_words_read_in_the_readers_language(cast):
    """Rows written before evidence kept codes: the default title and our labels are recognised."""
    with translation.override("en"):
        cycle = clna.cycle_create(acting_user=cast.admin, consortium=cast.alpha, first_year=2026)
        NeedsAssessment.objects.filter(pk=cycle.pk).update(
            title=insights.default_cycle_title(2026)  # what older versions stored
        )
    ElementReview.objects.filter(assessment=cycle, element=5).update(
        evidence={
            "kind": "equity",
            "year": 2025,
            "source": "Student-year records imported by the consortium (stored rollups), Alpha",
            "all_concentrator_share_pct": 60.0,
            "subgroups": [
                {"subgroup": "Female", "concentrator_share_pct": 40.0, "gap_to_all_pts": -20.0, "suppressed": False}  # noqa: E501
            ],
            "locales": [{"locale": "Town", "schools": 1, "programs_reachable": 2.0, "virtual_options": 0.0}],
        }
    )  # fmt: skip
    spanish = page(cast.admin, reverse("reports:clna-cycle", args=[cycle.public_id]), "es")
    assert "<h1>Evaluación integral de necesidades locales (CLNA) 2026–2027</h1>" in spanish  # noqa: RUF001
    assert '<th scope="row">Mujer</th>' in spanish and "<li>Pueblo — escuelas: 1;" in spanish
    assert "Student-year records imported" not in spanish
    listing = page(cast.admin, reverse("reports:clna", args=["alpha"]), "es")
    assert "Evaluación integral de necesidades locales (CLNA) 2026–2027</a>" in listing  # noqa: RUF001


def test_a_target_industry_with_every_feeding_cell_suppressed_is_snapshotted(aligned):  # noqa: F811
    """Every concentrator cell behind an industry suppressed: the snapshot says so (no number), and
    the page reads "Suppressed" in the reader's language; some suppressed: "at least"."""
    cast, _nursing, _virtual, _industry = aligned
    cycle = clna.cycle_create(acting_user=cast.admin, consortium=cast.alpha, first_year=2026)
    review = ElementReview.objects.get(assessment=cycle, element=2)
    clna.evidence_refresh(acting_user=cast.admin, review=review)
    review.refresh_from_db()
    (healthcare,) = review.evidence["industries"]
    assert (healthcare["concentrators"], healthcare["concentrators_lower_bound"]) == (12, True)
    assert review.evidence["area_code"] and "source" not in review.evidence
    url = reverse("reports:clna-cycle", args=[cycle.public_id])
    assert "Healthcare: programas: 2; estudiantes concentradores: al menos 12" in page(cast.admin, url, "es")
    Rollup.objects.filter(indicator="CONC").update(suppressed=True, numerator=None, denominator=None)
    clna.evidence_refresh(acting_user=cast.admin, review=review)
    review.refresh_from_db()
    (healthcare,) = review.evidence["industries"]
    assert (healthcare["concentrators"], healthcare["concentrators_lower_bound"]) == (None, True)
    assert "estudiantes concentradores: Suprimido" in page(cast.admin, url, "es")
