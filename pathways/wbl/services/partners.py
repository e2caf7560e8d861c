"""Writes to a partner's work-based learning record: locations, the engagement ladder, documents
and the contact history shared by member schools.

The partner row itself (name, profile, people) is changed by `pathways.orgs.services`, which
also refuses a second partner of the same name in a consortium. Every service here takes the
acting user, checks `wbl.policies`, validates, writes in one transaction and records an audit event.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _

from pathways.accounts.models import User
from pathways.core.audit import audit_record
from pathways.core.errors import InvalidInput, NotFound
from pathways.orgs.models import Partner, School
from pathways.orgs.services import zip_code_resolve

from .. import policies
from ..models import (
    BackgroundCheckStatus,
    ContactChannel,
    ContactLogEntry,
    DocumentKind,
    EngagementType,
    PartnerDocument,
    PartnerLocation,
    PartnerOffer,
)

MAX_UPLOAD_BYTES = 10 * 1024 * 1024
UPLOAD_TYPES = {".pdf", ".png", ".jpg", ".jpeg"}


def _text(value: str | None, *, field: str, label: str, required: bool = False, max_length: int = 200) -> str:
    value = (value or "").strip()
    if required and not value:
        raise InvalidInput(_("Enter the %(label)s.") % {"label": label}, field=field)
    if len(value) > max_length:
        raise InvalidInput(
            _("The %(label)s can be at most %(max)s characters.") % {"label": label, "max": max_length},
            field=field,
        )
    return value


def _require_manager(acting_user: User, partner: Partner) -> None:
    if not policies.may_manage_partner(acting_user, partner):
        raise NotFound(_("Not found."))


def _audit(acting_user: User, action: str, row: object, **details: object) -> None:
    audit_record(
        acting_user=acting_user,
        action=action,
        object_type=type(row).__name__,
        object_id=str(getattr(row, "public_id", "")),
        details={k: str(v) for k, v in details.items()},
    )


# --- locations -------------------------------------------------------------------------------


def location_add(
    *,
    acting_user: User,
    partner: Partner,
    name: str,
    zip_code: str,
    address: str = "",
    city: str = "",
    transit_notes: str = "",
) -> PartnerLocation:
    _require_manager(acting_user, partner)
    name = _text(name, field="name", label=_("name of the site"), required=True)
    zip_row = zip_code_resolve(zip_code, field="zip_code")
    if zip_row is None:
        raise InvalidInput(_("Enter the site's 5-digit ZIP code, like 87544."), field="zip_code")
    with transaction.atomic():
        location = PartnerLocation.objects.create(
            consortium_id=partner.consortium_id,
            partner=partner,
            name=name,
            address=_text(address, field="address", label=_("street address")),
            city=_text(city, field="city", label=_("city"), max_length=100) or zip_row.city.title(),
            zip_code=zip_row,
            transit_notes=_text(
                transit_notes, field="transit_notes", label=_("transit notes"), max_length=300
            ),
        )
        _audit(acting_user, "wbl.location.add", location, partner=partner.public_id)
    return location


def location_remove(*, acting_user: User, location: PartnerLocation) -> None:
    _require_manager(acting_user, location.partner)
    if location.opportunities.exists():
        raise InvalidInput(
            _("Opportunities take place at this site. Move or close them before removing it."), field="item"
        )
    with transaction.atomic():
        _audit(acting_user, "wbl.location.remove", location)
        location.delete()


# --- the engagement ladder -------------------------------------------------------------------


def offers_set(*, acting_user: User, partner: Partner, engagements: Iterable[str]) -> list[PartnerOffer]:
    """Make the partner's offered rungs exactly `engagements` (unknown values are refused)."""
    _require_manager(acting_user, partner)
    wanted = set(engagements)
    unknown = wanted - set(EngagementType.values)
    if unknown:
        raise InvalidInput(_("Choose rungs of the engagement ladder from the list."), field="engagements")
    with transaction.atomic():
        PartnerOffer.objects.filter(partner=partner).exclude(engagement__in=wanted).delete()
        have = set(PartnerOffer.objects.filter(partner=partner).values_list("engagement", flat=True))
        for engagement in sorted(wanted - have):
            PartnerOffer.objects.create(
                consortium_id=partner.consortium_id, partner=partner, engagement=engagement
            )
        audit_record(
            acting_user=acting_user,
            action="wbl.offers.set",
            object_type="Partner",
            object_id=str(partner.public_id),
            details={"engagements": sorted(wanted)},
        )
    return list(PartnerOffer.objects.filter(partner=partner))


# --- documents -------------------------------------------------------------------------------


def _check_upload(file: UploadedFile | None) -> None:
    if file is None:
        return
    name = (file.name or "").lower()
    if not any(name.endswith(ext) for ext in UPLOAD_TYPES):
        raise InvalidInput(_("Upload a PDF, PNG or JPEG file."), field="file")
    if (file.size or 0) > MAX_UPLOAD_BYTES:
        raise InvalidInput(_("The file is larger than 10 MB."), field="file")


def document_add(
    *,
    acting_user: User,
    partner: Partner,
    kind: str,
    title: str,
    issued_on: datetime.date | None = None,
    expires_on: datetime.date | None = None,
    supervisor_name: str = "",
    check_status: str = "",
    file: UploadedFile | None = None,
) -> PartnerDocument:
    _require_manager(acting_user, partner)
    if kind not in DocumentKind.values:
        raise InvalidInput(_("Choose what kind of document this is."), field="kind")
    title = _text(title, field="title", label=_("title"), required=True)
    supervisor_name = _text(supervisor_name, field="supervisor_name", label=_("supervisor's name"))
    if check_status not in BackgroundCheckStatus.values:
        raise InvalidInput(_("Choose a background-check status from the list."), field="check_status")
    if kind == DocumentKind.BACKGROUND_CHECK:
        if not supervisor_name:
            raise InvalidInput(_("Enter whose background check this is."), field="supervisor_name")
        if not check_status:
            raise InvalidInput(_("Choose where the background check stands."), field="check_status")
    elif check_status:
        raise InvalidInput(
            _("A background-check status only applies to a supervisor background check."),
            field="check_status",
        )
    if issued_on and expires_on and expires_on < issued_on:
        raise InvalidInput(_("The expiry date must not be before the date issued."), field="expires_on")
    _check_upload(file)
    with transaction.atomic():
        document = PartnerDocument(
            consortium_id=partner.consortium_id,
            partner=partner,
            kind=kind,
            title=title,
            supervisor_name=supervisor_name,
            check_status=check_status,
            issued_on=issued_on,
            expires_on=expires_on,
            uploaded_by=acting_user,
        )
        if file is not None:
            document.file.save(file.name or "document", file, save=False)
        document.save()
        _audit(acting_user, "wbl.document.add", document, partner=partner.public_id, kind=kind)
    return document


def document_remove(*, acting_user: User, document: PartnerDocument) -> None:
    _require_manager(acting_user, document.partner)
    with transaction.atomic():
        _audit(acting_user, "wbl.document.remove", document, kind=document.kind)
        if document.file:
            document.file.delete(save=False)
        document.delete()


# --- contact history -------------------------------------------------------------------------


def contact_log_add(
    *,
    acting_user: User,
    partner: Partner,
    happened_on: datetime.date,
    channel: str,
    summary: str,
    school: School | None = None,
    follow_up_on: datetime.date | None = None,
) -> ContactLogEntry:
    if not policies.may_see_contact_log(acting_user, partner):
        raise NotFound(_("Not found."))
    if channel not in ContactChannel.values:
        raise InvalidInput(_("Choose how you were in touch."), field="channel")
    summary = _text(summary, field="summary", label=_("summary"), required=True, max_length=4000)
    if school is not None and school.consortium_id != partner.consortium_id:
        raise InvalidInput(_("Choose one of the consortium's schools."), field="school")
    if follow_up_on is not None and follow_up_on < happened_on:
        raise InvalidInput(_("The follow-up date must not be before the contact."), field="follow_up_on")
    with transaction.atomic():
        entry = ContactLogEntry.objects.create(
            consortium_id=partner.consortium_id,
            partner=partner,
            happened_on=happened_on,
            channel=channel,
            school=school,
            author=acting_user,
            summary=summary,
            follow_up_on=follow_up_on,
        )
        _audit(acting_user, "wbl.contact_log.add", entry, partner=partner.public_id)
    return entry
