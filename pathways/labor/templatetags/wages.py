"""How wage and outlook figures read on a page.

BLS leaves a figure blank for a reason, and the page says which: a suppressed figure is
"Not available" with its reason, never 0; a top-coded one is "$239,200 or more".
Dollar amounts use U.S. notation ($97,550) in every language: that is how families read
wages in the U.S., in English and in Spanish alike.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django import template
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from pathways.labor.models import Projection, Wage, WageArea
from pathways.labor.selectors import WAGE_PERIOD, WAGE_SOURCE, ResolvedArea

register = template.Library()

# BLS OEWS footnote codes (bls/oews_may2025_footnotes.csv) that explain a blank figure.
TOP_CODED = "5"
ANNUAL_ONLY = "4"
NOT_RELEASED = "8"
TOP_ANNUAL = 239_200
TOP_HOURLY = Decimal("115.00")

# The data period, in the reader's language (falls back to the constant as BLS writes it).
PERIODS = {"May 2025": gettext_lazy("May 2025")}


def period() -> str:
    return str(PERIODS.get(WAGE_PERIOD, WAGE_PERIOD))


@dataclass(frozen=True)
class Figure:
    """One wage figure as shown: its text, whether there is a number, and why not."""

    text: str
    value: float | None  # for charts: the figure, the top code when top-coded, None when missing
    available: bool
    top_coded: bool = False
    reason: str = ""
    short: str = ""  # the reason in a few words, for table cells


def money(value: int | float | Decimal | None, *, cents: bool = False) -> str:
    if value is None:
        return _("Not available")
    if cents:
        return f"${Decimal(value):,.2f}"
    return f"${round(value):,}"


def figure(wage: Wage | None, field: str) -> Figure:
    hourly = field.startswith("hourly")
    if wage is None:
        return Figure(
            _("Not available"),
            None,
            False,
            reason=_("BLS publishes no wage for this job in this area."),
            short=_("no data for this area"),
        )
    value = getattr(wage, field)
    if value is not None:
        return Figure(money(value, cents=hourly), float(value), True)
    code = (wage.footnotes or {}).get(field, "")
    if code == TOP_CODED:
        top = TOP_HOURLY if hourly else TOP_ANNUAL
        return Figure(
            _("%(amount)s or more") % {"amount": money(top, cents=hourly)},
            float(top),
            True,
            top_coded=True,
            reason=_("BLS does not publish exact wages above this amount."),
            short=_("exact figure not published"),
        )
    if code == ANNUAL_ONLY:
        reason = (
            _("This job is usually paid by the year, so BLS reports yearly wages only.")
            if hourly
            else _("This job is usually paid by the hour, so BLS reports hourly wages only.")
        )
        short = _("yearly pay only") if hourly else _("hourly pay only")
        return Figure(_("Not available"), None, False, reason=reason, short=short)
    if code == NOT_RELEASED:
        return Figure(
            _("Not available"),
            None,
            False,
            reason=_("BLS did not release this estimate."),
            short=_("not released by BLS"),
        )
    return Figure(
        _("Not available"),
        None,
        False,
        reason=_("BLS did not publish this figure."),
        short=_("not published by BLS"),
    )


@register.simple_tag
def wage_figure(wage: Wage | None, field: str) -> Figure:
    """`{% wage_figure wage "annual_median" as median %}` then `{{ median.text }}`, `{{ median.reason }}`."""
    return figure(wage, field)


@register.filter
def dollars(value: int | float | Decimal | str | None) -> str:
    return money(None if value == "" else value)  # type: ignore[arg-type]  # "" is a missing variable


@register.filter
def area_name(area: WageArea) -> str:
    """An area's name as people say it: BLS calls the nation "National"."""
    return area.display_name


@register.filter
def area_label(resolved: ResolvedArea) -> str:
    """The visitor's area, with the ZIP code it was reached from: "Santa Fe, NM (ZIP 87501)"."""
    if resolved.zip_code is not None:
        return _("%(area)s (ZIP %(zip)s)") % {"area": area_name(resolved.area), "zip": resolved.zip_code.zip}
    return area_name(resolved.area)


@register.simple_tag
def wage_label(area: WageArea) -> str:
    """The label every wage figure carries: "BLS OEWS, May 2025, Albuquerque, NM"."""
    return _("%(source)s, %(period)s, %(area)s") % {
        "source": WAGE_SOURCE,
        "period": period(),
        "area": area_name(area),
    }


@register.simple_tag
def wage_period() -> str:
    return period()


@register.filter
def thousands(value: Decimal | float | str | None) -> str:
    """A BLS projections figure given in thousands, as a whole number of jobs: 189.1 -> "189,100"."""
    if value is None or value == "":
        return _("Not available")
    return f"{round(Decimal(value) * 1000):,}"


@register.filter
def whole_number(value: int | str | None) -> str:
    """A count with U.S. digit grouping, like the dollar amounts: 1090 -> "1,090"."""
    if value is None or value == "":
        return _("Not available")
    return f"{value:,}"


@register.filter
def percent_change(value: Decimal | float | str | None) -> str:
    if value is None or value == "":
        return _("Not available")
    number = Decimal(value)
    sign = "+" if number > 0 else ""
    return f"{sign}{number:.1f}%"


@register.simple_tag
def outlook_words(projection: Projection | None) -> str:
    """The 10-year change in plain words, from the sign and size of the BLS projection."""
    if projection is None or projection.change_pct is None:
        return _("BLS has no 10-year projection for this job.")
    change = Decimal(projection.change_pct)
    if change >= 1:
        return _("The number of these jobs is expected to grow by %(pct)s from 2024 to 2034.") % {
            "pct": percent_change(change).lstrip("+")
        }
    if change <= -1:
        return _("The number of these jobs is expected to shrink by %(pct)s from 2024 to 2034.") % {
            "pct": percent_change(-change).lstrip("+")
        }
    return _("The number of these jobs is expected to stay about the same from 2024 to 2034.")
