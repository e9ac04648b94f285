"""The blank printable form: every question with room to answer by hand, for the ministries.

Every question is printed, including those that skip logic would hide; a note says when a
question applies ("Answer only if “Implementation status” is “Implemented”."). Choices print as
tick boxes (☐, U+2610, which DejaVu Sans has).
"""

from __future__ import annotations

from typing import Any, Final

from reportlab.platypus import Flowable, Paragraph, Table

from exports.pdf_answers import label_flowables
from exports.pdf_context import Context
from exports.pdf_grids import blank_grid_flowables
from exports.pdf_style import RULE, markup, message, plain
from exports.pdf_tables import cell, column_widths, grid_table, table_style, widths
from forms.conditions import Compare, Condition
from forms.display import format_value
from forms.i18n import tr
from forms.model import CONTACT_FIELDS, CONTACT_TITLES, Question, Template

BOX: Final = "\u2610"  # ☐
GAP: Final = "\u2003\u2003"  # two em spaces between inline choices
INLINE_CHOICES: Final = 3  # up to this many choices go on one line
LINE_HEIGHT: Final = 20.0  # points between handwriting lines
TEXT_LINES: Final = {"text": 1, "country": 1, "long_text": 5, "attachment": 2}
BLANK_TABLE_ROWS: Final = 4


class Lines(Flowable):  # type: ignore[misc]  # reportlab has no type hints
    """Ruled lines to write an answer on."""

    def __init__(self, count: int, indent: float = 14.0) -> None:
        super().__init__()
        self.count = count
        self.indent = indent

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.width = avail_width
        return avail_width, self.count * LINE_HEIGHT + 4

    def draw(self) -> None:
        canvas = self.canv
        canvas.setStrokeColor(RULE)
        canvas.setLineWidth(0.5)
        for number in range(self.count):
            y = 4 + number * LINE_HEIGHT
            canvas.line(self.indent, y, self.width, y)


def choices_markup(labels: list[str], inline: bool) -> str:
    boxes = [f"{BOX}\u00a0{markup(label)}" for label in labels]
    return GAP.join(boxes) if inline else "<br/>".join(boxes)


def _choice_labels(question: Question, lang: str) -> list[str]:
    if question.type == "yes_no_dev":
        return [tr(f"choice.{code}", lang) for code in question.choice_codes()]
    return [choice.label.get(lang) for choice in question.choices]


def _boxed(ctx: Context, width: float, after: str) -> Table:
    """An empty box to write a figure or date in, followed by a unit or a hint."""
    table = Table(
        [["", cell(after, ctx.styles)]],
        colWidths=[width, 160],
        rowHeights=[LINE_HEIGHT],
        hAlign="LEFT",
    )
    table.setStyle(
        table_style([("BOX", (0, 0), (0, 0), 0.6, RULE), ("VALIGN", (0, 0), (-1, -1), "MIDDLE")])
    )
    table.spaceAfter = 8
    return table


def _contact(ctx: Context) -> Table:
    lang, styles = ctx.lang, ctx.styles
    titles = [tr(f"contact.title.{code}", lang) for code in CONTACT_TITLES]
    rows = [[cell(tr(f"pdf.contact.{name}", lang), styles), ""] for name in CONTACT_FIELDS]
    rows[0][1] = Paragraph(choices_markup(titles, inline=True), styles.cell)
    table = Table(
        rows, colWidths=widths([1, 4], ctx.width - 14), rowHeights=LINE_HEIGHT, hAlign="RIGHT"
    )
    table.setStyle(
        table_style(
            [("LINEBELOW", (1, 1), (1, -1), 0.5, RULE), ("VALIGN", (0, 0), (-1, -1), "BOTTOM")]
        )
    )
    table.spaceAfter = 8
    return table


def answer_space(ctx: Context, question: Question) -> list[Flowable]:
    lang, styles = ctx.lang, ctx.styles
    qtype = question.type
    if qtype in ("yes_no_dev", "single_choice", "multi_choice"):
        labels = _choice_labels(question, lang)
        hint = "pdf.blank.tick_all" if qtype == "multi_choice" else "pdf.blank.tick_one"
        inline = len(labels) <= INLINE_CHOICES
        return [
            Paragraph(message(hint, lang), styles.note),
            Paragraph(choices_markup(labels, inline), styles.answer),
        ]
    if qtype in ("count", "decimal", "year"):
        return [_boxed(ctx, 90, question.unit.get(lang) if question.unit else "")]
    if qtype == "date":
        return [_boxed(ctx, 90, tr("pdf.blank.date_hint", lang))]
    if qtype == "contact":
        return [_contact(ctx)]
    if qtype == "table":
        columns = question.columns
        head = [cell(column.label.get(lang), styles, head=True) for column in columns]
        empty: list[list[Any]] = [
            ["" for _ in columns] for _ in range(max(question.min_rows, BLANK_TABLE_ROWS))
        ]
        header = [[column.label.get(lang) for column in columns]]
        return [
            grid_table(
                [head, *empty],
                column_widths(columns, ctx.width, header),
                row_height=LINE_HEIGHT * 1.5,
                zebra=False,
            )
        ]
    if qtype == "grid":
        return blank_grid_flowables(ctx, question)
    if qtype == "attachment":
        return [Paragraph(message("pdf.blank.attachment", lang), styles.note), Lines(2)]
    return [Lines(TEXT_LINES.get(qtype, 1))]


def condition_note(template: Template, condition: Condition, lang: str) -> str:
    """When a question applies, in words; only simple comparisons are spelt out."""
    if not isinstance(condition, Compare) or not template.has_question(condition.key):
        return tr("pdf.cond.other", lang)
    other = template.question(condition.key)
    operands = condition.operand if isinstance(condition.operand, tuple) else (condition.operand,)

    def shown(operand: Any) -> str:
        if other.type == "multi_choice":
            text = other.choice_label(str(operand), lang)
        elif other.type in ("count", "decimal", "year") or isinstance(operand, bool):
            text = str(operand)
        else:
            text = format_value(other, operand, lang) or str(operand)
        return tr("pdf.quote", lang, text=text)

    value = f" {tr('pdf.cond.or', lang)} ".join(shown(operand) for operand in operands)
    op = condition.op
    if op == "answered":
        op = "answered" if condition.operand else "blank"
    if op == "in":
        op = "eq"
    return tr(f"pdf.cond.{op}", lang, question=other.label.get(lang), value=value)


def blank_flowables(ctx: Context, question: Question) -> list[Flowable]:
    """One question of the blank form: label, when it applies, help, and room to answer."""
    styles, lang = ctx.styles, ctx.lang
    found = label_flowables(ctx, question)
    if question.relevant is not None:
        note = condition_note(ctx.state.template, question.relevant, lang)
        found.append(plain(note, styles.note))
    if question.help is not None:
        found.append(plain(question.help.get(lang), styles.small))
    found.extend(answer_space(ctx, question))
    return found
