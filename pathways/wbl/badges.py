"""Open Badges 3.0 completion credentials for completed placements.

`badge_document(placement, base_url)` is an OpenBadgeCredential (a W3C Verifiable Credential
v2 document) whose `id` is its public verify URL (`/wbl/badges/<badge_id>/`). It names the
student only by name (an IdentityObject of type "name", unhashed) and says nothing else about
them: no school, grade, email or account id. It is not cryptographically signed (no `proof`):
it is verified by fetching it from the issuer's URL ("hosted" verification), which answers only
while the placement stays completed.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any
from uuid import UUID

from django.urls import reverse

from .models import Placement, PlacementStatus
from .services.placements import hours_approved

CONTEXT = [
    "https://www.w3.org/ns/credentials/v2",
    "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
]


def badge_url(placement: Placement, base_url: str = "") -> str | None:
    if placement.badge_id is None or placement.status != PlacementStatus.COMPLETED:
        return None
    return base_url.rstrip("/") + reverse("wbl:badge", args=[placement.badge_id])


def completed_by_badge(badge_id: UUID | str) -> Placement | None:
    try:
        return (
            Placement.objects.select_related("student", "opportunity__partner", "consortium")
            .filter(badge_id=badge_id, status=PlacementStatus.COMPLETED)
            .first()
        )
    except (ValueError, TypeError):
        return None


def _hours_text(hours: Decimal) -> str:
    return f"{hours.normalize():f}"


def badge_document(placement: Placement, base_url: str) -> dict[str, Any]:
    url = badge_url(placement, base_url)
    assert url is not None and placement.completed_on is not None
    opp = placement.opportunity
    consortium = placement.consortium
    hours = hours_approved(placement)
    name = placement.student.get_full_name() or placement.student.username
    issuer_url = base_url.rstrip("/") + reverse("consortia:public-detail", args=[consortium.slug])
    kind = opp.get_engagement_display()
    return {
        "@context": CONTEXT,
        "id": url,
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "name": f"{kind}: {opp.title}",
        "issuer": {"id": issuer_url, "type": ["Profile"], "name": consortium.name},
        "validFrom": f"{placement.completed_on.isoformat()}T00:00:00Z",
        "credentialSubject": {
            "type": ["AchievementSubject"],
            "identifier": [
                {"type": "IdentityObject", "identityHash": name, "identityType": "name", "hashed": False}
            ],
            "activityStartDate": f"{placement.starts_on.isoformat()}T00:00:00Z",
            "activityEndDate": f"{placement.completed_on.isoformat()}T00:00:00Z",
            "achievement": {
                "id": f"{url}#achievement",
                "type": ["Achievement"],
                "achievementType": "CertificateOfCompletion",
                "name": f"{kind}: {opp.title}",
                "description": f"{kind} hosted by {opp.partner.name}: {opp.title}.",
                "criteria": {
                    "narrative": (
                        f"Completed the {kind.lower()} at {opp.partner.name} with {_hours_text(hours)} hours "
                        "approved by the workplace supervisor, a signed training agreement and a final "
                        "evaluation of employability skills."
                    )
                },
                "creator": {"id": issuer_url, "type": ["Profile"], "name": consortium.name},
            },
            "narrative": f"{_hours_text(hours)} hours approved.",
        },
    }
