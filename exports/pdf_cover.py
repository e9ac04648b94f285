"""The cover page, the table of contents and the sign-off block of the PDF."""

from __future__ import annotations

from typing import Any, Final

from reportlab.platypus import Flowable, PageBreak, Paragraph, Spacer, Table
from reportlab.platypus.flowables import HRFlowable
from reportlab.platypus.tableofcontents import TableOfContents

from exports.pdf_answers import is_blank
from exports.pdf_context import Context
from exports.pdf_style import LIGHT, RULE, message, plain
from exports.pdf_tables import cell, table_style, widths
from forms.countries import country_name
from forms.display import format_value
from forms.i18n import tr
from forms.model import Section

# The questions of the template that the cover and the sign-off block read.
PERIOD: Final = ("a_state.period_start", "a_state.period_end")
SIGNOFF_SECTION: Final = "f_signoff"
SIGNOFF_ROLES: Final = (
    ("prepared_by", "prepared_on"),
    ("reviewed_by", "reviewed_on"),
    ("approved_by", "approved_on"),
)
SIGNATURE_SPACE: Final = 34.0  # points above the signature line
BLANK_LINE: Final = "_______________"


def _period(ctx: Context) -> str:
    template, answers = ctx.state.template, ctx.state.answers
    if ctx.blank or not all(template.has_question(key) for key in PERIOD):
        return BLANK_LINE
    start, end = (answers.get(key) for key in PERIOD)
    if start is None and end is None:
        return tr("pdf.no_response", ctx.lang)
    return tr("pdf.cover.period_value", ctx.lang, start=start or "…", end=end or "…")


def cover_flowables(ctx: Context, *, generated: str, checksum: str) -> list[Flowable]:
    styles, lang, info = ctx.styles, ctx.lang, ctx.state.info
    lines = [
        ("pdf.cover.cycle", str(info.cycle)),
        ("pdf.cover.period", _period(ctx)),
        ("pdf.cover.language", tr(f"pdf.language.{lang}", lang)),
        ("pdf.cover.status", tr("pdf.status.blank" if ctx.blank else "pdf.status.draft", lang)),
        ("pdf.cover.generated", generated),
        (
            "pdf.cover.template",
            tr(
                "pdf.cover.template_value", lang, id=info.template_id, version=info.template_version
            ),
        ),
        ("pdf.cover.checksum", checksum),
    ]
    rows = [
        [Paragraph(message(key, lang), styles.cover_label), plain(value, styles.cover_line)]
        for key, value in lines
    ]
    facts = Table(rows, colWidths=widths([1, 2.4], ctx.width), hAlign="LEFT")
    facts.setStyle(
        table_style(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LINEBELOW", (0, 0), (-1, -1), 0.3, RULE),
                ("TOPPADDING", (0, 0), (-1, -1), 5),
            ]
        )
    )
    found: list[Flowable] = [
        Spacer(1, 70),
        plain(country_name(info.country, lang), styles.cover_country),
        plain(ctx.state.template.title.get(lang), styles.cover_title),
        facts,
    ]
    if ctx.blank:
        found += [
            Spacer(1, 24),
            Paragraph(message("pdf.cover.blank", lang), styles.section),
            Paragraph(message("pdf.cover.blank_hint", lang), styles.body),
        ]
    found.append(PageBreak())
    return found


def contents_flowables(ctx: Context) -> list[Flowable]:
    styles = ctx.styles
    toc = TableOfContents(
        levelStyles=list(styles.toc_levels),
        dotsMinLevel=1,
        tableStyle=table_style(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
            ]
        ),
    )
    # No page break after it: every part starts on a new page.
    return [Paragraph(message("pdf.toc", ctx.lang), styles.toc_title), toc]


def is_signoff(section: Section) -> bool:
    keys = {question.local_key for question in section.questions}
    return section.key == SIGNOFF_SECTION and all(
        who in keys and when in keys for who, when in SIGNOFF_ROLES
    )


def _line() -> list[Flowable]:
    """A line to write a name or a function on, with room above it."""
    return [Spacer(1, 16), HRFlowable(width="100%", thickness=0.5, color=RULE)]


def signoff_flowables(ctx: Context, section: Section) -> list[Flowable]:
    """Prepared, reviewed and approved by: who, when, and room to sign, one role a row."""
    styles, lang, template = ctx.styles, ctx.lang, ctx.state.template
    rows: list[list[Any]] = [
        [
            cell(tr(key, lang), styles, head=True)
            for key in ("pdf.signoff.who", "pdf.signoff.date", "pdf.signoff.signature")
        ]
    ]
    for who, when in SIGNOFF_ROLES:
        person = template.question(f"{section.key}.{who}")
        day = template.question(f"{section.key}.{when}")
        contact, date = ctx.value(person), ctx.value(day)
        role = plain(person.label.get(lang), styles.cell_head)
        if ctx.blank:
            details: Any = [*_line(), *_line()]
        elif is_blank(person, contact):
            details = Paragraph(message("pdf.no_response", lang), styles.no_response)
        else:
            details = cell(format_value(person, contact, lang), styles)
        shown = BLANK_LINE if date is None else format_value(day, date, lang)
        rows.append(
            [
                [role, details],
                [cell(day.label.get(lang), styles), cell(shown, styles)],
                [
                    Spacer(1, SIGNATURE_SPACE),
                    HRFlowable(width="100%", thickness=0.6, color=RULE, spaceAfter=0),
                ],
            ]
        )
    table = Table(rows, colWidths=widths([2.3, 1.0, 1.5], ctx.width), hAlign="LEFT")
    table.setStyle(
        table_style(
            [
                ("GRID", (0, 0), (-1, -1), 0.5, RULE),
                ("BACKGROUND", (0, 0), (-1, 0), LIGHT),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("TOPPADDING", (0, 0), (-1, -1), 4),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 6),
                ("RIGHTPADDING", (2, 1), (2, -1), 10),
            ]
        )
    )
    return [Spacer(1, 6), table]
