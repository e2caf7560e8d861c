"""The "why", the statistics and the training agreement are stored as facts and read in the
reader's language, whoever computed the round or created the placement."""

from __future__ import annotations

import pytest
from django.utils import translation

from pathways.wbl.models import Placement, PlacementStatus, PriorityRule, RoundResult
from pathways.wbl.services import placements as placement_services
from pathways.wbl.services import rounds as services

from .rounds_helpers import add, new_round, opportunity, student

pytestmark = pytest.mark.django_db

LANGUAGE_COOKIE = "pathways_language"


@pytest.fixture(autouse=True)
def _back_to_the_default_language():
    """Pages read in Spanish leave Spanish active in this thread; the next tests expect English."""
    yield
    translation.deactivate()


def computed_in_english(cast, *, publish: bool = True):
    """A round the English-speaking coordinator runs: a Spanish-speaking senior (Sofía) and an
    English-speaking junior rank the same one-seat Lab first, Shop second."""
    rnd = new_round(cast)
    lab = add(cast, rnd, opportunity(cast, "Lab", capacity=1), priority_rules=[PriorityRule.SENIORS])
    shop = add(cast, rnd, opportunity(cast, "Shop", capacity=2))
    services.open_round(cast.staff, rnd)
    sofia = student(cast, "sofia", grade=12, preferred_language="es")
    june = student(cast, "june", grade=11)
    for user in (sofia, june):
        services.submit_choices(user, rnd, [str(lab.public_id), str(shop.public_id)], has_transportation=True)
    with translation.override("en"):
        services.close_round(cast.staff, rnd)
        services.compute_round(cast.staff, rnd, seed=3)
        if publish:
            services.publish_round(cast.staff, rnd)
    return rnd, sofia, june


def page(client, user, url: str, language: str) -> str:
    client.force_login(user)
    client.cookies[LANGUAGE_COOKIE] = language
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_the_result_keeps_the_facts_not_the_coordinators_words(cast):
    rnd, _sofia, june = computed_in_english(cast, publish=False)
    facts = RoundResult.objects.get(round=rnd, student=june).explanation_facts
    assert facts["placed"]["title"] == "Shop" and facts["placed"]["rank"] == 2
    assert facts["passed"] == [
        {
            "rank": 1,
            "opportunity": facts["passed"][0]["opportunity"],
            "title": "Lab",
            "outcome": "full",
            "filled": 1,
            "method": "priority",
            "rules": ["seniors"],
        }
    ]
    assert facts["lottery"] in (1, 2) and facts["applicants"] == 2


def test_a_spanish_speaking_student_reads_why_in_spanish_after_an_english_compute(cast, client):
    rnd, sofia, june = computed_in_english(cast)
    url = f"/wbl/rounds/{rnd.public_id}/"
    spanish = page(client, june, url, "es")
    assert "Obtuvo un lugar en su opción 2º, Shop." in spanish
    assert "Su opción 1º, Lab: se llenó (1 plaza) con un estudiante" in spanish
    assert "sus reglas de prioridad (primero los de último año) y luego el sorteo" in spanish
    assert "Su número de sorteo es" in spanish
    assert "You were placed" not in spanish and "lottery number" not in spanish

    english = page(client, june, url, "en")
    assert "You were placed at your 2nd choice, Shop." in english
    assert "Lab: it filled its 1 seat with a student ranked ahead of you by its priority rules" in english
    assert "seniors first" in english

    mine = page(client, sofia, url, "es")
    assert "Obtuvo un lugar en su opción 1º, Lab." in mine


def test_the_api_answers_in_the_requests_language(cast, client):
    _rnd, _sofia, june = computed_in_english(cast)
    client.force_login(june)
    rows = client.get("/api/v1/wbl/me/results", HTTP_ACCEPT_LANGUAGE="es").json()
    assert rows[0]["explanation"].startswith("Obtuvo un lugar en su opción 2º, Shop.")


def test_statistics_labels_follow_the_readers_language(cast, client):
    rnd, _sofia, _june = computed_in_english(cast, publish=False)
    grades = [row for row in rnd.statistics["by_grade"]]
    assert {row["value"] for row in grades} == {12, 11} and all("label" not in row for row in grades)
    url = f"/wbl/rounds/{rnd.public_id}/"
    spanish = page(client, cast.staff, url, "es")
    assert '<th scope="row">Grado 12</th>' in spanish and '<th scope="row">Grado 11</th>' in spanish
    assert "Muy pocos para mostrar" in spanish and "Grade 12" not in spanish
    english = page(client, cast.staff, url, "en")
    assert '<th scope="row">Grade 12</th>' in english and "Too few to show" in english
    from pathways.wbl.texts import group_label, statistics_for_display

    with translation.override("es"):
        shown = statistics_for_display(rnd.statistics)
        assert shown is not None
        assert [row["label"] for row in shown["by_grade"]] == ["Grado 12", "Grado 11"]
        assert group_label({"group": "school", "value": None}) == "Sin escuela registrada"
        assert group_label({"group": "population", "value": "english_learner"}) != "English learners"
    with translation.override("en"):
        assert [row["label"] for row in statistics_for_display(rnd.statistics)["by_grade"]] == [
            "Grade 12",
            "Grade 11",
        ]


def test_the_agreement_shows_the_signed_terms_in_each_language(cast, client):
    _rnd, sofia, _june = computed_in_english(cast)
    placement = Placement.objects.get(student=sofia)
    assert placement.agreement_facts["title"] == "Lab" and placement.agreement_facts["version"] == 1
    url = f"/wbl/placements/{placement.public_id}/"

    # Sofía reads and signs in Spanish.
    spanish = page(client, sofia, url, "es")
    assert "Acuerdo de formación" in spanish and "Oportunidad: Lab (" in spanish
    response = client.post(f"{url}sign/", {"role": "student", "typed_name": "Sofia Test"})
    assert response.status_code == 302
    signature = placement.signatures.get(role="student")
    assert signature.language == "es"

    # The host renames and rewrites the opportunity afterwards: the signed terms do not change.
    opp = placement.opportunity
    opp.title = "Lab (renamed)"
    opp.description = "Something else entirely."
    opp.save()

    # The English-speaking coordinator reads it in English, with what Sofía read in Spanish.
    english = page(client, cast.staff, url, "en")
    assert "Training agreement" in english and "Opportunity: Lab (" in english
    assert "Lab (renamed)" not in english.split('<pre class="agreement-text">', 1)[1]
    assert "Something else entirely." not in english
    assert "read in Spanish" in english and "As signed in Spanish (Student)" in english
    assert '<pre class="agreement-text" lang="es">' in english and "Acuerdo de formación" in english

    # Sofía sees only her language (she signed in it): no second copy.
    again = page(client, sofia, url, "es")
    assert "Tal como se firmó" not in again and "leído en español" in again.lower()


def test_signing_records_the_language_of_the_page(cast):
    _rnd, sofia, _june = computed_in_english(cast)
    placement = Placement.objects.get(student=sofia)
    with translation.override("es"):
        placement_services.sign(sofia, placement, role="student", typed_name="Sofia Test")
    with translation.override("en"):
        placement_services.sign(cast.staff, placement, role="coordinator", typed_name="Sam Staff")
    languages = dict(placement.signatures.values_list("role", "language"))
    assert languages == {"student": "es", "coordinator": "en"}
    assert placement.status == PlacementStatus.AGREEMENT  # guardian and supervisor still to sign


def test_short_labels_use_the_wbl_words_in_spanish(cast, client):
    from pathways.wbl.models import PlacementStatus, RoundStatus

    with translation.override("es"):
        assert str(RoundStatus.PUBLISHED.label) == "Publicada"
        assert str(PlacementStatus.ACTIVE.label) == "Activa"
        assert str(PlacementStatus.COMPLETED.label) == "Completada"
    _rnd, sofia, _june = computed_in_english(cast)
    placement = Placement.objects.get(student=sofia)
    spanish = page(client, cast.staff, f"/wbl/placements/{placement.public_id}/", "es")
    assert '<button type="submit">Agregar</button>' in spanish and "Añadir" not in spanish
