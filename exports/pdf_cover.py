"""The cover page, the table of contents and the sign-off block of the PDF."""

from __future__ import annotations

from typing import Any, Final

from reportlab.platypus import Flowable, KeepTogether, PageBreak, Paragraph, Spacer, Table
from reportlab.platypus.flowables import HRFlowable
from reportlab.platypus.tableofcontents import TableOfContents

from exports.base import history_head_text
from exports.pdf_answers import is_blank
from exports.pdf_context import Context
from exports.pdf_style import LIGHT, RULE, Styles, message, plain
from exports.pdf_tables import cell, table_style, widths
from exports.signoff import SIGNOFF_ROLES, SIGNOFF_SECTION, has_signoff, person_name
from forms.countries import country_name
from forms.display import format_value
from forms.i18n import tr
from forms.model import Question, Section, Template
from reporting.service import ReportState

# The questions of the template that the cover reads.
PERIOD: Final = ("a_state.period_start", "a_state.period_end")
# Printed in small type under the name, position and agency of a person who signs.
SIGNOFF_DETAILS: Final = ("address", "telephone", "email")
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


def status_message(state: ReportState, blank: bool) -> str:
    """The message id of the document's status in one word: blank form, draft or final."""
    if blank:
        return "pdf.status.blank"
    return "pdf.status.final" if state.final else "pdf.status.draft"


def _cover_status(ctx: Context) -> str:
    """What the cover says of the status: a draft says it is not approved for submission."""
    if not ctx.blank and not ctx.state.final:
        return tr("pdf.cover.status_draft", ctx.lang)
    return tr(status_message(ctx.state, ctx.blank), ctx.lang)


def cover_flowables(ctx: Context, *, generated: str, checksum: str) -> list[Flowable]:
    styles, lang, info = ctx.styles, ctx.lang, ctx.state.info
    lines = [
        ("pdf.cover.cycle", str(info.cycle)),
        ("pdf.cover.period", _period(ctx)),
        ("pdf.cover.language", tr(f"pdf.language.{lang}", lang)),
        ("pdf.cover.status", _cover_status(ctx)),
        ("pdf.cover.generated", generated),
        (
            "pdf.cover.template",
            tr(
                "pdf.cover.template_value", lang, id=info.template_id, version=info.template_version
            ),
        ),
        ("pdf.cover.checksum", checksum),
        ("pdf.cover.history_head", history_head_text(ctx.state, lang)),
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


def is_signoff(section: Section, template: Template) -> bool:
    return section.key == SIGNOFF_SECTION and has_signoff(template)


def _caption_line(caption: str, styles: Styles) -> list[Flowable]:
    """A line to write on, with room above it and what to write under it (blank form)."""
    return [
        Spacer(1, 16),
        HRFlowable(width="100%", thickness=0.5, color=RULE, spaceAfter=1),
        plain(caption, styles.signoff_caption),
    ]


def _person(ctx: Context, person: Question, contact: Any) -> list[Flowable]:
    """Name, position and agency, each on its line; the other contact details in small print."""
    styles, lang = ctx.styles, ctx.lang
    if ctx.blank:
        captions = [
            tr("pdf.contact.name", lang),
            tr("pdf.contact.position", lang),
            tr("pdf.signoff.agency", lang),
        ]
        return [line for caption in captions for line in _caption_line(caption, styles)]
    if is_blank(person, contact) or not isinstance(contact, dict):
        return [Paragraph(message("pdf.no_response", lang), styles.signoff_missing)]
    name = person_name(contact, lang)
    found: list[Flowable] = []
    if name:
        found.append(plain(name, styles.signoff_name))
    found += [
        plain(contact[key], styles.signoff_line)
        for key in ("position", "organisation")
        if contact.get(key)
    ]
    details = [contact[key] for key in SIGNOFF_DETAILS if contact.get(key)]
    if details:
        found.append(plain("\n".join(details), styles.signoff_details))
    return found


def _date(ctx: Context, day: Question) -> list[Flowable]:
    """The date, a line to write it on when there is none; the blank form names the date."""
    styles, lang = ctx.styles, ctx.lang
    if ctx.blank:
        return _caption_line(day.label.get(lang), styles)
    date = ctx.value(day)
    shown = BLANK_LINE if date is None else format_value(day, date, lang)
    return [plain(shown, styles.signoff_line)]


def signoff_flowables(ctx: Context, section: Section) -> list[Flowable]:
    """Prepared, reviewed and approved by: the role, who (name, position, agency), the date
    and room to sign, one role a row."""
    styles, lang, template = ctx.styles, ctx.lang, ctx.state.template
    heads = ("pdf.signoff.role", "pdf.signoff.who", "pdf.signoff.date", "pdf.signoff.signature")
    rows: list[list[Any]] = [[cell(tr(key, lang), styles, head=True) for key in heads]]
    for who, when in SIGNOFF_ROLES:
        person = template.question(f"{section.key}.{who}")
        day = template.question(f"{section.key}.{when}")
        rows.append(
            [
                plain(person.label.get(lang), styles.signoff_role),
                _person(ctx, person, ctx.value(person)),
                _date(ctx, day),
                [
                    Spacer(1, SIGNATURE_SPACE),
                    HRFlowable(width="100%", thickness=0.6, color=RULE, spaceAfter=0),
                ],
            ]
        )
    table = Table(rows, colWidths=widths([1.0, 2.5, 0.9, 1.5], ctx.width), hAlign="LEFT")
    table.setStyle(
        table_style(
            [
                ("GRID", (0, 0), (-1, -1), 0.5, RULE),
                ("BACKGROUND", (0, 0), (-1, 0), LIGHT),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("TOPPADDING", (0, 0), (-1, -1), 4),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 6),
                ("LEFTPADDING", (0, 0), (-1, -1), 5),
                ("RIGHTPADDING", (0, 0), (-1, -1), 5),
                ("RIGHTPADDING", (3, 1), (3, -1), 10),
                ("VALIGN", (3, 1), (3, -1), "BOTTOM"),  # the signature line at the row's foot
                ("BOTTOMPADDING", (3, 1), (3, -1), 10),
            ]
        )
    )
    return [Spacer(1, 6), KeepTogether(table)]
