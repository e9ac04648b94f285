"""The body of the PDF: each part and section of the template, in order, with its questions."""

from __future__ import annotations

from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, PageBreak, Paragraph

from exports.pdf_answers import answer_flowables
from exports.pdf_blank import blank_flowables
from exports.pdf_context import Context
from exports.pdf_cover import is_signoff, signoff_flowables
from exports.pdf_doc import Heading
from exports.pdf_sdg import sdg_flowables
from exports.pdf_style import markup, message, plain
from exports.signoff import SIGNOFF_ROLES
from forms.catalogue import Catalogue
from forms.i18n import tr
from forms.model import Part, Question, Section

SECTION_ROOM = 140  # points: a section starting lower than this goes to the next page


def part_flowables(ctx: Context, part: Part) -> list[Flowable]:
    title = tr("pdf.part", ctx.lang, letter=part.key.upper(), title=part.title.get(ctx.lang))
    found: list[Flowable] = [
        PageBreak(),
        Heading(markup(title), ctx.styles.part, level=0, key=f"part_{part.key}", plain=title),
    ]
    if part.help is not None and ctx.blank:
        found.append(plain(part.help.get(ctx.lang), ctx.styles.body))
    return found


def section_title(section: Section, lang: str) -> str:
    title = section.title.get(lang)
    return f"{section.paragraph}. {title}" if section.paragraph is not None else title


def section_flowables(
    ctx: Context, section: Section, catalogue: Catalogue | None, previous_path: tuple[str, ...]
) -> list[Flowable]:
    """A section's heading, its official text (Part B) and its questions."""
    styles, lang = ctx.styles, ctx.lang
    found: list[Flowable] = [CondPageBreak(SECTION_ROOM)]
    # The outcome document's own headings (in French) where they change, as in the document.
    for depth, heading in enumerate(section.heading_path):
        if previous_path[: depth + 1] != section.heading_path[: depth + 1]:
            found.append(plain(heading, styles.heading_path))
    title = section_title(section, lang)
    found.append(Heading(markup(title), styles.section, level=1, key=section.key, plain=title))
    if section.addressee not in (None, "all_states"):
        found.append(Paragraph(message(f"pdf.addressee.{section.addressee}", lang), styles.note))
    if section.paragraph is not None and catalogue is not None:
        found += official_text(ctx, catalogue, section.paragraph)
    if section.help is not None and ctx.blank:
        found.append(plain(section.help.get(lang), styles.small))
    signoff = is_signoff(section, ctx.state.template)
    if signoff:
        found += signoff_flowables(ctx, section)
    for question in section.questions:
        if not ctx.shown(question) or (signoff and question.local_key in _SIGNOFF_KEYS):
            continue
        found += question_flowables(ctx, question)
    return found


_SIGNOFF_KEYS = frozenset(key for role in SIGNOFF_ROLES for key in role)


def official_text(ctx: Context, catalogue: Catalogue, number: int) -> list[Flowable]:
    try:
        paragraph = catalogue.paragraph(number)
    except KeyError:
        return []
    return [
        Paragraph(message("pdf.official_text", ctx.lang), ctx.styles.official_label),
        plain(f"{number}. {paragraph.text_fr}", ctx.styles.official),
    ]


def question_flowables(ctx: Context, question: Question) -> list[Flowable]:
    template = ctx.state.template
    for item in template.computed:
        if item.table == question.key:
            result = ctx.state.computed()[item.key]
            return sdg_flowables(ctx, question, item, result)
    if ctx.blank:
        # Short on paper: a question, its notes and its answer space stay on one page.
        return [KeepTogether(blank_flowables(ctx, question))]
    return answer_flowables(ctx, question)
