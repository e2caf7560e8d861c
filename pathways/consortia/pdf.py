"""The meeting outcomes as a PDF, laid out like the consortia's own outcome documents.

ReportLab's platypus (pure Python, standard PDF fonts: no system libraries). The sections and their
order are the printable page's (`consortia/outcomes_print.html`).
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from xml.sax.saxutils import escape

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from reportlab.lib.colors import HexColor
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import LETTER
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import inch
from reportlab.platypus import ListFlowable, ListItem, Paragraph, SimpleDocTemplate, Spacer

from .selectors import IndustryNode, Outcomes

INK = HexColor("#1b1f24")
BRAND = HexColor("#0b4f7c")


def outcomes_title(outcomes: Outcomes) -> str:
    meeting = outcomes.meeting
    return _("Outcomes – %(date)s %(title)s") % {  # noqa: RUF001
        "date": date_format(meeting.date, "MONTH_DAY_FORMAT"),
        "title": meeting.title,
    }


def vote_label(label: str, votes: int) -> str:
    return ngettext("%(label)s (%(n)d vote)", "%(label)s (%(n)d votes)", votes) % {"label": label, "n": votes}


def _styles() -> dict[str, ParagraphStyle]:
    base = getSampleStyleSheet()
    body = ParagraphStyle(
        "body", parent=base["BodyText"], fontName="Helvetica", fontSize=11, leading=15, textColor=INK
    )
    return {
        "series": ParagraphStyle(
            "series",
            parent=body,
            fontName="Helvetica-Bold",
            fontSize=17,
            leading=21,
            alignment=TA_CENTER,
            textColor=BRAND,
        ),
        "title": ParagraphStyle(
            "title",
            parent=body,
            fontName="Helvetica-Bold",
            fontSize=13,
            leading=17,
            alignment=TA_CENTER,
            spaceAfter=10,
        ),
        "heading": ParagraphStyle(
            "heading", parent=body, fontName="Helvetica-Bold", spaceBefore=10, spaceAfter=4
        ),
        "notes": ParagraphStyle(
            "notes",
            parent=body,
            fontName="Helvetica-Bold",
            fontSize=12,
            spaceBefore=14,
            spaceAfter=4,
            textColor=BRAND,
        ),
        "body": body,
        "muted": ParagraphStyle("muted", parent=body, fontSize=9, textColor=HexColor("#4a5561")),
    }


def _bullets(items: Iterable[tuple[str, list[str]]], style: ParagraphStyle) -> ListFlowable:
    rows = []
    for text, children in items:
        flow: list[object] = [Paragraph(escape(text), style)]
        if children:
            flow.append(
                ListFlowable(
                    [ListItem(Paragraph(escape(c), style), leftIndent=14) for c in children],
                    bulletType="bullet",
                    start="–",  # noqa: RUF001
                    leftIndent=14,
                )
            )
        rows.append(ListItem(flow, leftIndent=14))
    return ListFlowable(rows, bulletType="bullet", start="•", leftIndent=14)


def _industry_items(nodes: list[IndustryNode]) -> list[tuple[str, list[str]]]:
    def flat(children: list[IndustryNode]) -> list[str]:
        out: list[str] = []
        for child in children:
            out.append(child.label)
            out.extend(f"  {grandchild}" for grandchild in flat(child.children))
        return out

    return [(node.label, flat(node.children)) for node in nodes]


def outcomes_pdf(outcomes: Outcomes) -> bytes:
    meeting = outcomes.meeting
    s = _styles()
    story: list[object] = []
    if meeting.series_title:
        story.append(Paragraph(escape(meeting.series_title), s["series"]))
        story.append(Spacer(1, 4))
    story.append(Paragraph(escape(outcomes_title(outcomes)), s["title"]))

    if outcomes.vision is not None:
        heading = f"<b>{escape(_('Vision Statement:'))}</b>"
        if outcomes.vision.note:
            heading += f" {escape(outcomes.vision.note)}"
        story.append(Paragraph(heading, s["heading"]))
        story.append(Paragraph(escape(outcomes.vision.text), s["body"]))

    if outcomes.industries:
        story.append(Paragraph(escape(_("Target Industries for Investment:")), s["heading"]))
        story.append(_bullets(_industry_items(outcomes.industries), s["body"]))
    if meeting.industries_statement:
        story.append(Spacer(1, 6))
        story.append(Paragraph(escape(meeting.industries_statement), s["body"]))

    for group in outcomes.vote_groups:
        story.append(Paragraph(escape(group.heading), s["heading"]))
        story.append(_bullets(((vote_label(v.label, v.votes), []) for v in group.votes), s["body"]))

    if meeting.commitments_intro or outcomes.commitments:
        story.append(Spacer(1, 6))
        if meeting.commitments_intro:
            story.append(Paragraph(escape(meeting.commitments_intro), s["body"]))
        if outcomes.commitments:
            story.append(_bullets(((c.text, []) for c in outcomes.commitments), s["body"]))

    for strategy in outcomes.sector_strategies:
        story.append(Spacer(1, 6))
        if strategy.statement:
            story.append(Paragraph(escape(strategy.statement), s["body"]))
            listed = strategy.other_sectors or strategy.sectors
        else:
            story.append(
                Paragraph(
                    escape(_("Sector strategies of %(name)s:") % {"name": strategy.partner.name}), s["body"]
                )
            )
            listed = strategy.sectors
        story.append(_bullets(((name, []) for name in listed), s["body"]))

    if outcomes.opportunities:
        story.append(Paragraph(escape(_("Opportunities to Pursue Moving Forward:")), s["heading"]))
        story.append(
            _bullets(
                ((o.text, [c.text for c in o.children.all()]) for o in outcomes.opportunities), s["body"]
            )
        )

    if outcomes.discussion:
        story.append(Paragraph(escape(_("NOTES FROM THE DISCUSSION:")), s["notes"]))
        for notes in outcomes.discussion:
            story.append(Paragraph(escape(notes.heading), s["heading"]))
            story.append(
                _bullets(
                    ((str(item), [str(c) for c in item.children.all()]) for item in notes.top_items),
                    s["body"],
                )
            )

    if outcomes.is_empty:
        story.append(Paragraph(escape(_("No outcomes have been recorded for this meeting yet.")), s["body"]))

    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=LETTER,
        leftMargin=inch,
        rightMargin=inch,
        topMargin=0.8 * inch,
        bottomMargin=0.8 * inch,
        title=outcomes_title(outcomes),
        author=meeting.consortium.name,
        subject=meeting.series_title or meeting.title,
    )
    document.build(story)
    return buffer.getvalue()
