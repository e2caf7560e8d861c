"""How programs read on a page: delivery in plain words, grades, licence status."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from django import template
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from pathways.programs.models import DeliveryMode, ProgramOfStudy, TeacherLicense

register = template.Library()

EXPIRY_WARNING_DAYS = 90


@register.simple_tag
def delivery_sentence(program: ProgramOfStudy) -> str:
    """Where and how students take the program, in one sentence for students and families."""
    offered = program.offered_by
    if program.delivery_mode == DeliveryMode.VIRTUAL:
        return _("Online, taught by %(offerer)s.") % {"offerer": offered}
    if program.delivery_mode == DeliveryMode.COLLEGE:
        return _("Classes meet at %(college)s.") % {"college": program.host_partner}
    location = program.location_school
    if program.delivery_mode == DeliveryMode.SHARED:
        return _("Classes meet at %(school)s; students of the schools listed below may join.") % {
            "school": location
        }
    return _("Classes meet at %(school)s.") % {"school": location}


@register.filter
def grade(value: int | None) -> str:
    if value is None:
        return ""
    if value == 0:
        return _("Kindergarten")
    if value > 12:
        return _("College year %(n)s") % {"n": value - 12}
    return _("Grade %(n)s") % {"n": value}


@register.filter
def credits(value: Decimal | float | None) -> str:
    """3.0 -> "3", 1.50 -> "1.5"."""
    if value is None:
        return ""
    number = Decimal(value).normalize()
    return f"{number:f}"


@register.simple_tag
def license_status(licence: TeacherLicense, today: date | None = None) -> dict[str, str | bool]:
    """`{% license_status l as status %}`: {"text": ..., "warn": bool}. Words, never colour alone."""
    if licence.expires_on is None:
        return {"text": _("No expiry date on record"), "warn": False}
    today = today or timezone.localdate()
    when = date_format(licence.expires_on, "DATE_FORMAT")
    if licence.expires_on < today:
        return {"text": _("Expired on %(date)s") % {"date": when}, "warn": True}
    if licence.expires_on <= today + timedelta(days=EXPIRY_WARNING_DAYS):
        return {"text": _("Expires soon: %(date)s") % {"date": when}, "warn": True}
    return {"text": _("Valid until %(date)s") % {"date": when}, "warn": False}
