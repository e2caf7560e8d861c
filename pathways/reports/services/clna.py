"""Writes of the needs-assessment workspace (CLNA, Perkins V §134(c)): cycles, element narratives,
evidence snapshots, the stakeholder consultation log and findings. Leaders only; every write in a
transaction, with an audit event."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Model
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from pathways.accounts.policies import Actor
from pathways.consortia.models import StrategicPriority
from pathways.core.audit import audit_record
from pathways.core.errors import InvalidInput, NotFound
from pathways.orgs.models import Consortium

from .. import selectors_insights as insights
from ..models import ClnaElement, Consultation, ElementReview, Finding, NeedsAssessment
from ..policies import may_see_reports

# Perkins V §134(d): who the eligible recipient must consult in the needs assessment.
STAKEHOLDER_GROUPS: list[tuple[str, Any]] = [
    ("educators", gettext_lazy("CTE teachers, faculty, specialized instructional support, counselors, administrators")),  # noqa: E501
    ("workforce_boards", gettext_lazy("State or local workforce development boards")),
    ("business", gettext_lazy("Representatives of business and industry")),
    ("parents_students", gettext_lazy("Parents and students")),
    ("special_populations", gettext_lazy("Representatives of special populations")),
    ("out_of_school_youth", gettext_lazy("Agencies serving out-of-school youth, homeless children and youth, at-risk youth")),  # noqa: E501
    ("tribes", gettext_lazy("Indian Tribes and Tribal organizations in the area")),
    ("other", gettext_lazy("Other stakeholders")),
]  # fmt: skip
STAKEHOLDER_CODES = {code for code, _label in STAKEHOLDER_GROUPS}
MIN_YEAR, MAX_YEAR = 2019, 2100


def stakeholder_label(code: str) -> str:
    return str(dict(STAKEHOLDER_GROUPS).get(code, code))


def _require_leader(user: Actor, consortium: Consortium) -> None:
    if not may_see_reports(user, consortium):
        raise NotFound(_("Not found."))


def _audit(user: Actor, action: str, row: Model, **details: Any) -> None:
    audit_record(
        acting_user=user,
        action=f"reports.clna.{action}",
        object_type=f"reports.{type(row).__name__.lower()}",
        object_id=str(getattr(row, "public_id", row.pk)),
        details={"consortium_id": getattr(row, "consortium_id", None), **details},
    )


MAX_TITLE = 200


def cycle_create(
    *, acting_user: Actor, consortium: Consortium, first_year: int, title: str = ""
) -> NeedsAssessment:
    """A biennial cycle covering `first_year` and the next, with its five elements.

    The title is stored only when the leader gives one: otherwise nothing translated is stored and
    the default title is written in each reader's language (`selectors_insights.cycle_title`)."""
    _require_leader(acting_user, consortium)
    if not MIN_YEAR <= first_year <= MAX_YEAR:
        raise InvalidInput(
            _("Enter a year between %(low)s and %(high)s.") % {"low": MIN_YEAR, "high": MAX_YEAR},
            field="first_year",
        )
    custom = " ".join((title or "").split())
    if len(custom) > MAX_TITLE:
        raise InvalidInput(
            _("Keep the title to %(n)s characters or fewer.") % {"n": MAX_TITLE}, field="title"
        )
    if NeedsAssessment.objects.filter(consortium=consortium, first_year=first_year).exists():
        raise InvalidInput(
            _("A needs assessment starting in %(year)s already exists.") % {"year": first_year},
            field="first_year",
        )
    try:
        with transaction.atomic():
            cycle = NeedsAssessment.objects.create(consortium=consortium, first_year=first_year, title=custom)
            for element in ClnaElement:
                ElementReview.objects.create(consortium=consortium, assessment=cycle, element=element.value)
    except IntegrityError as exc:  # a simultaneous create of the same year
        raise InvalidInput(
            _("A needs assessment starting in %(year)s already exists.") % {"year": first_year},
            field="first_year",
        ) from exc
    _audit(acting_user, "cycle_create", cycle, first_year=first_year)
    return cycle


def _open(cycle: NeedsAssessment) -> None:
    if cycle.is_closed:
        raise InvalidInput(_("This needs assessment is closed."))


def evidence_refresh(*, acting_user: Actor, review: ElementReview) -> ElementReview:
    """Snapshot the evidence Pathways computes today into the element (with the time): facts only
    (codes and numbers), read later in each reader's language."""
    consortium = review.consortium
    _require_leader(acting_user, consortium)
    _open(review.assessment)
    evidence = insights.clna_evidence(consortium, review.element)
    with transaction.atomic():
        review.evidence = evidence
        review.evidence_updated_at = timezone.now()
        review.save(update_fields=["evidence", "evidence_updated_at", "updated_at"])
    _audit(acting_user, "evidence_refresh", review, element=review.element)
    return review


def evidence_refresh_all(*, acting_user: Actor, cycle: NeedsAssessment) -> None:
    for review in ElementReview.objects.filter(assessment=cycle).select_related("consortium", "assessment"):
        evidence_refresh(acting_user=acting_user, review=review)


def element_summary_update(*, acting_user: Actor, review: ElementReview, summary: str) -> ElementReview:
    _require_leader(acting_user, review.consortium)
    _open(review.assessment)
    text = (summary or "").strip()
    if len(text) > 20000:
        raise InvalidInput(_("Keep the summary under 20,000 characters."), field="summary")
    with transaction.atomic():
        review.summary = text
        review.save(update_fields=["summary", "updated_at"])
    _audit(acting_user, "summary_update", review, element=review.element)
    return review


def consultation_add(
    *,
    acting_user: Actor,
    cycle: NeedsAssessment,
    held_on: datetime.date,
    stakeholder_group: str,
    participants: int,
    summary: str,
) -> Consultation:
    _require_leader(acting_user, cycle.consortium)
    _open(cycle)
    if stakeholder_group not in STAKEHOLDER_CODES:
        raise InvalidInput(_("Choose a stakeholder group from the list."), field="stakeholder_group")
    if participants < 0 or participants > 100000:
        raise InvalidInput(_("Enter a number of participants from 0 to 100,000."), field="participants")
    text = (summary or "").strip()
    if not text:
        raise InvalidInput(_("Summarise what the stakeholders said."), field="summary")
    if held_on > timezone.localdate() + datetime.timedelta(days=366):
        raise InvalidInput(_("The date is too far in the future."), field="held_on")
    with transaction.atomic():
        row = Consultation.objects.create(
            consortium=cycle.consortium,
            assessment=cycle,
            held_on=held_on,
            stakeholder_group=stakeholder_group,
            participants=participants,
            summary=text,
            recorded_by=acting_user if acting_user.is_authenticated else None,
        )
    _audit(acting_user, "consultation_add", row, group=stakeholder_group)
    return row


def consultation_delete(*, acting_user: Actor, consultation: Consultation) -> None:
    _require_leader(acting_user, consultation.consortium)
    _open(consultation.assessment)
    _audit(acting_user, "consultation_delete", consultation)
    consultation.delete()


def finding_add(
    *,
    acting_user: Actor,
    cycle: NeedsAssessment,
    element: int,
    text: str,
    priorities: Iterable[StrategicPriority] = (),
) -> Finding:
    _require_leader(acting_user, cycle.consortium)
    _open(cycle)
    if element not in ClnaElement.values:
        raise InvalidInput(_("Choose one of the five elements."), field="element")
    body = (text or "").strip()
    if not body:
        raise InvalidInput(_("Write the finding."), field="text")
    chosen = list(priorities)
    if any(p.consortium_id != cycle.consortium_id for p in chosen):
        raise InvalidInput(_("Choose priorities of this consortium's plan."), field="priorities")
    with transaction.atomic():
        finding = Finding.objects.create(
            consortium=cycle.consortium, assessment=cycle, element=element, text=body
        )
        finding.priorities.set(chosen)
    _audit(acting_user, "finding_add", finding, element=element)
    return finding


def finding_delete(*, acting_user: Actor, finding: Finding) -> None:
    _require_leader(acting_user, finding.consortium)
    _open(finding.assessment)
    _audit(acting_user, "finding_delete", finding)
    finding.delete()
