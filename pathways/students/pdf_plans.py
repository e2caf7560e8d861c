"""The career portfolio as a one-page PDF, with the same sections as the printable page
(`students/plans/portfolio.html`): interests, careers with local facts, the plan, experiences.

ReportLab's platypus with the standard PDF fonts, like the consortia's outcomes PDF
(`pathways/consortia/pdf.py`, whose colours it shares); no system libraries.
"""

from __future__ import annotations

import io
from typing import Any
from xml.sax.saxutils import escape

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from reportlab.lib.colors import HexColor
from reportlab.lib.pagesizes import LETTER
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import inch
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from pathways.consortia.pdf import BRAND, INK
from pathways.labor.templatetags.wages import money, thousands

from .templatetags.student_plans import (
    about_years,
    activity_label,
    credits_text,
    grade_name,
    level_label,
    step_label,
    usd,
)

LINE = HexColor("#cbd3dc")
MUTED = HexColor("#4a5561")


def _styles() -> dict[str, ParagraphStyle]:
    base = getSampleStyleSheet()
    body = ParagraphStyle(
        "body", parent=base["BodyText"], fontName="Helvetica", fontSize=9, leading=11.5, textColor=INK
    )
    return {
        "title": ParagraphStyle(
            "title", parent=body, fontName="Helvetica-Bold", fontSize=16, leading=19, textColor=BRAND
        ),
        "sub": ParagraphStyle("sub", parent=body, fontSize=9.5, textColor=MUTED, spaceAfter=4),
        "heading": ParagraphStyle(
            "heading",
            parent=body,
            fontName="Helvetica-Bold",
            fontSize=11,
            leading=14,
            spaceBefore=7,
            spaceAfter=2,
            textColor=BRAND,
        ),
        "body": body,
        "small": ParagraphStyle("small", parent=body, fontSize=7.5, leading=9.5, textColor=MUTED),
        "cell": ParagraphStyle("cell", parent=body, fontSize=8.5, leading=10.5),
        "cellhead": ParagraphStyle(
            "cellhead", parent=body, fontName="Helvetica-Bold", fontSize=8.5, leading=10.5
        ),
    }


def _p(text: str, style: ParagraphStyle) -> Paragraph:
    return Paragraph(escape(text), style)


def _table(rows: list[list[Any]], widths: list[float]) -> Table:
    table = Table(rows, colWidths=widths, repeatRows=1, hAlign="LEFT")
    table.setStyle(
        TableStyle(
            [
                ("LINEBELOW", (0, 0), (-1, 0), 0.8, BRAND),
                ("LINEBELOW", (0, 1), (-1, -1), 0.3, LINE),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 3),
                ("RIGHTPADDING", (0, 0), (-1, -1), 3),
                ("TOPPADDING", (0, 0), (-1, -1), 2),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
            ]
        )
    )
    return table


def portfolio_title(context: dict[str, Any]) -> str:
    return _("Career portfolio of %(name)s") % {"name": context["student"].display_name}


def portfolio_pdf(context: dict[str, Any]) -> bytes:
    """The portfolio of the views' `_portfolio_context` as PDF bytes (US Letter, one page for a
    typical plan; a very long plan flows onto a second page rather than being cut)."""
    s = _styles()
    student = context["student"]
    info = context["info"]
    snapshot = context.get("snapshot")
    width = LETTER[0] - 1.2 * inch
    story: list[Any] = [_p(portfolio_title(context), s["title"])]
    facts = []
    if info.school is not None:
        facts.append(info.school.name)
    if info.grade is not None:
        facts.append(grade_name(info.grade))
    facts.append(date_format(timezone.localdate(), "DATE_FORMAT"))
    story.append(_p(" · ".join(facts), s["sub"]))

    # Interests
    story.append(_p(_("My interests"), s["heading"]))
    interests = context.get("interests")
    if interests is None:
        story.append(_p(_("I have not finished the Interest Profiler yet."), s["body"]))
    else:
        for row in interests.top:
            story.append(
                Paragraph(
                    f"<b>{escape(row['nickname'])} ({escape(row['name'])})</b>: {escape(row['help'])}",
                    s["body"],
                )
            )
        scores = " · ".join(f"{r['name']} {r['score']}/40" for r in interests.rows)
        story.append(_p(_("O*NET Interest Profiler scores: %(scores)s") % {"scores": scores}, s["small"]))

    # Careers
    story.append(_p(_("Careers I am exploring"), s["heading"]))
    careers = context.get("careers") or []
    if careers:
        rows: list[list[Any]] = [
            [
                _p(_("Career"), s["cellhead"]),
                _p(_("Median yearly wage here"), s["cellhead"]),
                _p(_("Job openings each year (U.S.)"), s["cellhead"]),
            ]
        ]
        for c in careers:
            rows.append(
                [
                    _p(c.occupation.title, s["cell"]),
                    _p(money(c.annual_median), s["cell"]),
                    _p(
                        thousands(c.projection.openings_annual) if c.projection else _("Not available"),
                        s["cell"],
                    ),
                ]
            )
        story.append(_table(rows, [width * 0.5, width * 0.25, width * 0.25]))
        story.append(
            _p(
                _("Wages: %(label)s. Openings: BLS Employment Projections 2024–34, national.")  # noqa: RUF001  (typography of a translated string)
                % {"label": context["wage_source_label"]},
                s["small"],
            )
        )
    else:
        story.append(_p(_("No careers saved yet."), s["body"]))

    # The plan
    story.append(_p(_("My plan"), s["heading"]))
    if snapshot is None:
        story.append(_p(_("I have not started my plan yet."), s["body"]))
    else:
        program = snapshot.get("program")
        story.append(
            Paragraph(
                f"<b>{escape(_('Program of study:'))}</b> "
                + escape(program["name"] if program else _("None chosen yet")),
                s["body"],
            )
        )
        grades = snapshot.get("grades") or []
        if snapshot.get("courses"):
            header = [_p(grade_name(g), s["cellhead"]) for g in grades]
            cells = []
            for g in grades:
                lines = []
                for course in snapshot["courses"]:
                    if course["grade"] != g:
                        continue
                    text = escape(course["title"])
                    if course["dual_credit"]:
                        text += f" <i>({escape(_('college credit'))})</i>"
                    elif course["level"]:
                        text += (
                            f" <font color='#4a5561'>({escape(level_label(course['level']).lower())})</font>"
                        )
                    lines.append(text)
                cells.append(Paragraph("<br/>".join(lines) or "—", s["cell"]))
            story.append(_table([header, cells], [width / max(1, len(grades))] * len(grades)))
        if snapshot.get("courses") and any(c["dual_credit"] for c in snapshot["courses"]):
            story.append(
                _p(
                    _(
                        "College credit in high school: %(credits)s credits; tuition saved: %(saved)s "
                        "(credits × each college's tuition per credit)."  # noqa: RUF001  (typography of a translated string)
                    )
                    % {
                        "credits": credits_text(snapshot["college_credits"]),
                        "saved": usd(snapshot["tuition_saved"]),
                    },
                    s["body"],
                )
            )
        if snapshot.get("credentials"):
            names = "; ".join(f"{c['name']} ({c['issuer']})" for c in snapshot["credentials"])
            story.append(Paragraph(f"<b>{escape(_('Industry credentials:'))}</b> {escape(names)}", s["body"]))
        after = snapshot.get("postsecondary") or {}
        if after.get("step"):
            text = step_label(after["step"])
            if after.get("years") not in (None, "0.0"):
                text += " · " + about_years(after["years"])
            if after.get("annual_cost") is not None:
                text += " · " + _("about %(cost)s a year in tuition") % {"cost": usd(after["annual_cost"])}
            if after.get("earns_while_learning"):
                text += " · " + _("paid while learning")
            story.append(Paragraph(f"<b>{escape(_('After high school:'))}</b> {escape(text)}", s["body"]))
            if after.get("cip_title"):
                story.append(_p(f"{after['cip']} {after['cip_title']}", s["body"]))
            if after.get("note"):
                story.append(_p(after["note"], s["body"]))
        if snapshot.get("goals"):
            story.append(Paragraph(f"<b>{escape(_('My goals:'))}</b> {escape(snapshot['goals'])}", s["body"]))

    # Experiences
    story.append(_p(_("Experiences"), s["heading"]))
    activities = (snapshot or {}).get("activities") or []
    experiences = context.get("experiences") or []
    for e in experiences:
        parts = [f"{e.title}, {e.organisation}"]
        if e.hours:
            parts.append(_("%(h)s hours") % {"h": f"{e.hours:g}"})
        if e.completed_on:
            parts.append(_("completed %(d)s") % {"d": e.completed_on.strftime("%Y-%m")})
        story.append(Paragraph(f"<b>{escape(e.kind)}</b>: {escape(' · '.join(parts))}", s["body"]))
    if activities:
        for a in activities:
            grade = f" ({grade_name(a['grade'])})" if a.get("grade") else ""
            story.append(
                Paragraph(
                    f"<b>{escape(activity_label(a['kind']))}</b>: {escape(a['description'])}{escape(grade)}",
                    s["body"],
                )
            )
    elif not experiences:
        story.append(_p(_("No experiences added yet."), s["body"]))

    story.append(Spacer(1, 6))
    story.append(
        _p(
            _("Made with Pathways. Wages: %(label)s. Job information: O*NET 29.3 (CC BY 4.0).")
            % {"label": context["wage_source_label"]},
            s["small"],
        )
    )

    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=LETTER,
        leftMargin=0.6 * inch,
        rightMargin=0.6 * inch,
        topMargin=0.5 * inch,
        bottomMargin=0.5 * inch,
        title=portfolio_title(context),
        author=student.display_name,
        subject=_("Career portfolio"),
    )
    document.build(story)
    return buffer.getvalue()
