"""The needs-assessment workspace: biennial cycles, evidence snapshots, consultations, findings linked
to strategic priorities, the document, and who may use it."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from pathways.consortia.models import StrategicPriority
from pathways.core.errors import InvalidInput, NotFound
from pathways.reports.models import Consultation, EducatorTraining, ElementReview, Finding, NeedsAssessment
from pathways.reports.services import clna

from .test_alignment import rollup


@pytest.fixture
def cycle(cast):
    return clna.cycle_create(acting_user=cast.admin, consortium=cast.alpha, first_year=2026)


def test_a_cycle_has_five_elements_and_a_year_cannot_repeat(cast, cycle, client):
    assert cycle.title == ""  # nothing translated is stored: the title is written when read
    client.force_login(cast.admin)
    page = client.get(reverse("reports:clna-cycle", args=[cycle.public_id])).content.decode()
    assert "<h1>Comprehensive local needs assessment 2026–2027</h1>" in page  # noqa: RUF001
    assert sorted(ElementReview.objects.filter(assessment=cycle).values_list("element", flat=True)) == [
        1,
        2,
        3,
        4,
        5,
    ]
    with pytest.raises(InvalidInput) as refused:
        clna.cycle_create(acting_user=cast.staff, consortium=cast.alpha, first_year=2026)
    assert refused.value.field == "first_year"
    client.force_login(cast.admin)
    response = client.post(reverse("reports:clna", args=["alpha"]), {"first_year": "2026"})
    assert response.status_code == 422 and "already exists" in response.content.decode()
    assert NeedsAssessment.objects.filter(consortium=cast.alpha).count() == 1


def test_the_form_starts_a_cycle(cast, client):
    client.force_login(cast.staff)
    response = client.post(reverse("reports:clna", args=["alpha"]), {"first_year": "2028"})
    made = NeedsAssessment.objects.get(consortium=cast.alpha, first_year=2028)
    assert response.status_code == 302 and str(made.public_id) in response["Location"]


def test_refresh_snapshots_the_evidence_with_a_time(cast, cycle, client):
    rollup(cast.alpha, "1S1", "alpha", 90, level="consortium", den=100)
    EducatorTraining.objects.create(
        consortium=cast.alpha, held_on=datetime.date(2026, 1, 5), title="PD", educators=14
    )
    client.force_login(cast.admin)
    assert client.post(reverse("reports:clna-refresh", args=[cycle.public_id])).status_code == 302
    performance = ElementReview.objects.get(assessment=cycle, element=1)
    assert performance.evidence_updated_at is not None
    assert performance.evidence["rows"][0] == {
        "indicator": "1S1", "numerator": 90, "denominator": 100, "rate_pct": None, "suppressed": False,
        "level_pct": None, "below_90pct_of_level": None,
    }  # fmt: skip
    educators = ElementReview.objects.get(assessment=cycle, element=4)
    assert educators.evidence["educators_trained"] == 14
    page = client.get(reverse("reports:clna-cycle", args=[cycle.public_id])).content.decode()
    assert "Evidence as of" in page and "1S1" in page


def test_a_consultation_is_logged_and_a_bad_one_changes_nothing(cast, cycle, client):
    client.force_login(cast.admin)
    url = reverse("reports:clna-consultation-add", args=[cycle.public_id])
    bad = client.post(
        url,
        {"c-held_on": "2026-02-01", "c-stakeholder_group": "aliens", "c-participants": "3", "c-summary": "x"},
    )
    assert bad.status_code == 422 and Consultation.objects.count() == 0
    good = client.post(
        url,
        {
            "c-held_on": "2026-02-01",
            "c-stakeholder_group": "business",
            "c-participants": "12",
            "c-summary": "Employers want welders.",
        },
    )
    assert good.status_code == 302
    row = Consultation.objects.get()
    assert (row.stakeholder_group, row.participants, row.recorded_by) == ("business", 12, cast.admin)
    assert (
        "Employers want welders."
        in client.get(reverse("reports:clna-print", args=[cycle.public_id])).content.decode()
    )


def test_findings_link_to_this_consortiums_priorities_only(cast, cycle, client):
    ours = StrategicPriority.objects.create(
        consortium=cast.alpha, heading="We support", text="Work-based learning for all"
    )
    theirs = StrategicPriority.objects.create(consortium=cast.beta, heading="B", text="Beta's")
    finding = clna.finding_add(
        acting_user=cast.admin, cycle=cycle, element=5, text="Rural access gap", priorities=[ours]
    )
    assert list(finding.priorities.all()) == [ours]
    with pytest.raises(InvalidInput):
        clna.finding_add(acting_user=cast.admin, cycle=cycle, element=5, text="x", priorities=[theirs])
    client.force_login(cast.admin)
    form = client.post(
        reverse("reports:clna-finding-add", args=[cycle.public_id]),
        {"f-element": "2", "f-text": "Not enough welders", "f-priorities": [str(theirs.pk)]},
    )
    assert form.status_code == 422 and Finding.objects.count() == 1
    pdf = client.get(reverse("reports:clna-pdf", args=[cycle.public_id]))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")


def test_services_refuse_non_leaders(cast, cycle):
    with pytest.raises(NotFound):
        clna.cycle_create(acting_user=cast.counselor, consortium=cast.alpha, first_year=2030)
    with pytest.raises(NotFound):
        clna.consultation_add(
            acting_user=cast.outsider, cycle=cycle, held_on=datetime.date(2026, 1, 1),
            stakeholder_group="business", participants=1, summary="x",
        )  # fmt: skip


@pytest.mark.parametrize("who", ["district_admin", "counselor", "teacher", "partner_contact", "outsider"])
def test_others_get_404_everywhere(cast, cycle, client, who):
    client.force_login(getattr(cast, who))
    review = ElementReview.objects.filter(assessment=cycle).first()
    for url in (
        reverse("reports:clna", args=["alpha"]),
        reverse("reports:clna-cycle", args=[cycle.public_id]),
        reverse("reports:clna-print", args=[cycle.public_id]),
        reverse("reports:clna-pdf", args=[cycle.public_id]),
    ):
        assert client.get(url).status_code == 404, url
    assert client.post(reverse("reports:clna-element-refresh", args=[review.public_id])).status_code == 404
    assert client.post(reverse("reports:clna-refresh", args=[cycle.public_id])).status_code == 404
