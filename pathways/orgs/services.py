"""Writes to the consortium network: schools, partners and contacts.

Services take the acting user, check that they may make the change (`accounts.policies`), validate
every field, run in one transaction and record an audit event. Bad input raises `InvalidInput`
with a translatable message naming the field, and changes nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator, URLValidator
from django.db import transaction
from django.utils.translation import gettext as _

from pathways.accounts import policies
from pathways.accounts.models import User
from pathways.core.audit import audit_record
from pathways.core.errors import InvalidInput, NotFound
from pathways.core.models import ensure_same_consortium
from pathways.labor.models import ZipCode

from .models import Consortium, Contact, District, Locale, Partner, PartnerKind, School

GRADE_MIN, GRADE_MAX = -1, 13  # -1 pre-kindergarten, 0 kindergarten, 13 a fifth year / adult program
ZIP_RE = re.compile(r"^\d{5}$")
NAICS_RE = re.compile(r"^\d{2,6}$")


class DuplicatePartner(InvalidInput):
    """A partner with this name already exists in the consortium; `existing` is that partner."""

    def __init__(self, message: str, *, existing: Partner) -> None:
        super().__init__(message, field="name")
        self.existing = existing


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


def zip_code_resolve(value: str | None, *, field: str = "zip_code") -> ZipCode | None:
    """The ZIP code row (with its county and wage area) for a five-digit ZIP, None for blank."""
    value = (value or "").strip()
    if not value:
        return None
    if not ZIP_RE.match(value):
        raise InvalidInput(_("Enter a 5-digit ZIP code, like 87501."), field=field)
    zip_code = ZipCode.objects.select_related("county__wage_area").filter(zip=value).first()
    if zip_code is None:
        raise InvalidInput(
            _("ZIP code %(zip)s is not in our list of U.S. ZIP codes. Check it and try again.")
            % {"zip": value},
            field=field,
        )
    return zip_code


def _grades(grade_low: int | None, grade_high: int | None) -> None:
    for field, grade in (("grade_low", grade_low), ("grade_high", grade_high)):
        if grade is not None and not GRADE_MIN <= grade <= GRADE_MAX:
            raise InvalidInput(_("Choose a grade from pre-kindergarten to 12."), field=field)
    if grade_low is not None and grade_high is not None and grade_low > grade_high:
        raise InvalidInput(_("The lowest grade must not be above the highest grade."), field="grade_high")


def _require_leader(acting_user: User, consortium: Consortium) -> None:
    if not policies.may_manage_network(acting_user, consortium.pk):
        raise NotFound(_("Not found."))


# --- schools ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class SchoolData:
    """What a person enters about a school. The ZIP decides the county and the wage area."""

    name: str
    district: District
    address: str = ""
    city: str = ""
    zip_code: str = ""
    locale: str = ""
    grade_low: int | None = None
    grade_high: int | None = None
    enrollment: int | None = None
    nces_id: str = ""


def _school_fields(data: SchoolData) -> dict[str, Any]:
    name = _text(data.name, field="name", label=_("school name"), required=True)
    address = _text(data.address, field="address", label=_("street address"))
    city = _text(data.city, field="city", label=_("city"), max_length=100)
    zip_code = zip_code_resolve(data.zip_code)
    if data.locale and data.locale not in Locale.values:
        raise InvalidInput(_("Choose city, suburb, town or rural."), field="locale")
    _grades(data.grade_low, data.grade_high)
    if data.enrollment is not None and not 0 <= data.enrollment <= 100_000:
        raise InvalidInput(_("Enter the number of students, from 0 to 100,000."), field="enrollment")
    nces_id = _text(data.nces_id, field="nces_id", label=_("NCES school ID"), max_length=12)
    if nces_id and not nces_id.isdigit():
        raise InvalidInput(_("An NCES school ID has digits only."), field="nces_id")
    return {
        "name": name,
        "district": data.district,
        "address": address,
        "city": city or (zip_code.city if zip_code else ""),
        "zip_code": zip_code,
        "county": zip_code.county if zip_code else None,
        "locale": data.locale,
        "grade_low": data.grade_low,
        "grade_high": data.grade_high,
        "enrollment": data.enrollment,
        "nces_id": nces_id,
    }


@transaction.atomic
def school_create(*, acting_user: User, consortium: Consortium, data: SchoolData) -> School:
    _require_leader(acting_user, consortium)
    fields = _school_fields(data)
    school = School(consortium=consortium, **fields)
    ensure_same_consortium(school, data.district)
    school.save()
    audit_record(
        acting_user=acting_user, action="school.create", object_type="school", object_id=str(school.public_id)
    )
    return school


@transaction.atomic
def school_update(*, acting_user: User, school: School, data: SchoolData) -> School:
    _require_leader(acting_user, school.consortium)
    fields = _school_fields(data)
    for name, value in fields.items():
        setattr(school, name, value)
    ensure_same_consortium(school, data.district)
    school.save(update_fields=[*fields, "updated_at"])
    audit_record(
        acting_user=acting_user, action="school.update", object_type="school", object_id=str(school.public_id)
    )
    return school


# --- partners --------------------------------------------------------------------------------


@dataclass(frozen=True)
class PartnerData:
    name: str
    kind: str
    website: str = ""
    description: str = ""
    city: str = ""
    zip_code: str = ""
    naics_code: str = ""
    is_public: bool | None = None  # None: leave as it is (only leaders may change it)


def _partner_fields(
    data: PartnerData, consortium: Consortium, *, exclude: Partner | None = None
) -> dict[str, Any]:
    name = _text(data.name, field="name", label=_("organisation name"), required=True)
    existing = Partner.objects.filter(consortium=consortium, name__iexact=name)
    if exclude is not None:
        existing = existing.exclude(pk=exclude.pk)
    duplicate = existing.first()
    if duplicate is not None:
        raise DuplicatePartner(_("A partner with this name already exists."), existing=duplicate)
    if data.kind not in PartnerKind.values:
        raise InvalidInput(_("Choose what kind of organisation this is."), field="kind")
    website = _text(data.website, field="website", label=_("website"), max_length=200)
    if website:
        try:
            URLValidator(schemes=["http", "https"])(website)
        except ValidationError:
            raise InvalidInput(
                _("Enter the full web address, starting with https://"), field="website"
            ) from None
    description = _text(data.description, field="description", label=_("description"), max_length=4000)
    city = _text(data.city, field="city", label=_("city"), max_length=100)
    zip_code = zip_code_resolve(data.zip_code)
    naics = (data.naics_code or "").strip()
    if naics and not NAICS_RE.match(naics):
        raise InvalidInput(_("A NAICS industry code has 2 to 6 digits, like 311513."), field="naics_code")
    fields: dict[str, Any] = {
        "name": name,
        "kind": data.kind,
        "website": website,
        "description": description,
        "city": city or (zip_code.city if zip_code else ""),
        "zip_code": zip_code,
        "naics_code": naics,
    }
    if data.is_public is not None:
        fields["is_public"] = data.is_public
    return fields


@transaction.atomic
def partner_create(*, acting_user: User, consortium: Consortium, data: PartnerData) -> Partner:
    """A new partner organisation, shared by the whole consortium (one record per name)."""
    _require_leader(acting_user, consortium)
    fields = _partner_fields(data, consortium)
    partner = Partner.objects.create(consortium=consortium, **fields)
    audit_record(
        acting_user=acting_user,
        action="partner.create",
        object_type="partner",
        object_id=str(partner.public_id),
    )
    return partner


@transaction.atomic
def partner_update(*, acting_user: User, partner: Partner, data: PartnerData) -> Partner:
    """Leaders edit any partner; a partner's own contact edits its profile but not whether it is public."""
    if not policies.may_edit_partner(acting_user, partner):
        raise NotFound(_("Not found."))
    if (
        data.is_public is not None
        and data.is_public != partner.is_public
        and not policies.may_manage_network(acting_user, partner.consortium_id)
    ):
        raise InvalidInput(
            _("Only the consortium's coordinators decide what is on the public page."), field="is_public"
        )
    fields = _partner_fields(data, partner.consortium, exclude=partner)
    for name, value in fields.items():
        setattr(partner, name, value)
    partner.save(update_fields=[*fields, "updated_at"])
    audit_record(
        acting_user=acting_user,
        action="partner.update",
        object_type="partner",
        object_id=str(partner.public_id),
    )
    return partner


# --- contacts --------------------------------------------------------------------------------


@dataclass(frozen=True)
class ContactData:
    name: str
    title: str = ""
    email: str = ""
    phone: str = ""
    notes: str = ""
    is_public: bool | None = None  # None: leave as it is (only leaders may change it)


def _contact_fields(data: ContactData) -> dict[str, Any]:
    email = _text(data.email, field="email", label=_("email address"), max_length=254)
    if email:
        try:
            EmailValidator()(email)
        except ValidationError:
            raise InvalidInput(_("Enter an email address like name@example.org."), field="email") from None
    phone = _text(data.phone, field="phone", label=_("phone number"), max_length=40)
    if phone and not re.fullmatch(r"[0-9+().\-\s]*(?:(?:x|ext\.?)\s*\d+)?", phone, flags=re.IGNORECASE):
        raise InvalidInput(_("Enter a phone number with digits, like 505-555-0134."), field="phone")
    fields: dict[str, Any] = {
        "name": _text(data.name, field="name", label=_("name"), required=True),
        "title": _text(data.title, field="title", label=_("job title")),
        "email": email,
        "phone": phone,
        "notes": _text(data.notes, field="notes", label=_("notes"), max_length=4000),
    }
    if data.is_public is not None:
        fields["is_public"] = data.is_public
    return fields


def _public_flag_check(acting_user: User, consortium_id: int, wanted: bool | None, current: bool) -> None:
    if (
        wanted is not None
        and wanted != current
        and not policies.may_manage_network(acting_user, consortium_id)
    ):
        raise InvalidInput(
            _("Only the consortium's coordinators decide what is on the public page."), field="is_public"
        )


@transaction.atomic
def contact_create(
    *, acting_user: User, consortium: Consortium, partner: Partner | None, data: ContactData
) -> Contact:
    """A person to reach, at a partner (its leaders or the partner's own contacts add them) or in
    the consortium itself (leaders only)."""
    if partner is not None:
        if partner.consortium_id != consortium.pk or not policies.may_edit_partner(acting_user, partner):
            raise NotFound(_("Not found."))
    else:
        _require_leader(acting_user, consortium)
    _public_flag_check(acting_user, consortium.pk, data.is_public, False)
    contact = Contact(consortium=consortium, partner=partner, **_contact_fields(data))
    ensure_same_consortium(contact, partner)
    contact.save()
    audit_record(
        acting_user=acting_user,
        action="contact.create",
        object_type="contact",
        object_id=str(contact.public_id),
    )
    return contact


@transaction.atomic
def contact_update(*, acting_user: User, contact: Contact, data: ContactData) -> Contact:
    if not policies.may_edit_contact(acting_user, contact):
        raise NotFound(_("Not found."))
    _public_flag_check(acting_user, contact.consortium_id, data.is_public, contact.is_public)
    fields = _contact_fields(data)
    for name, value in fields.items():
        setattr(contact, name, value)
    contact.save(update_fields=[*fields, "updated_at"])
    audit_record(
        acting_user=acting_user,
        action="contact.update",
        object_type="contact",
        object_id=str(contact.public_id),
    )
    return contact
