"""One question and its answer, as flowables: the label, then the answer in the report's words.

Answers are formatted by ``forms.display.format_value``, so the PDF says exactly what the screen
and the terminal say. A blank answer prints "No response"; it is never left out silently.
"""

from __future__ import annotations

from typing import Any

from reportlab.platypus import CondPageBreak, Flowable, Paragraph

from exports.pdf_context import Context
from exports.pdf_grids import grid_flowables
from exports.pdf_style import markup, message, plain
from exports.pdf_tables import NUMERIC, cell, column_widths, grid_table
from forms import grids
from forms.display import format_value
from forms.i18n import tr
from forms.model import Question

LABEL_ROOM = 110  # points: a table's label needs room for the header and a few rows below it
LONG_CELL = 1500  # characters: a table with a longer cell is printed row by row
SHORT_HASH = 12  # hex digits of an attachment's SHA-256 shown next to its name


def is_blank(question: Question, value: Any) -> bool:
    if value is None or value == "" or value == [] or value == {}:
        return True
    if question.type == "grid":
        return grids.grid_total(value) is None and not value.get("not_disaggregated")
    if question.type == "contact":
        return not any(str(part).strip() for part in value.values())
    return False


def label_flowables(ctx: Context, question: Question) -> list[Flowable]:
    """The question's label (and whether its answer was carried over, to confirm)."""
    text = markup(ctx.label(question))
    loose = question.type in ("table", "grid")
    if loose:
        # Keep-with-next on a label before a table taller than a page would push both to the
        # next page and leave a gap; demanding some room for the label and a few rows will do.
        found: list[Flowable] = [CondPageBreak(LABEL_ROOM), Paragraph(text, ctx.styles.label_loose)]
    else:
        found = [Paragraph(text, ctx.styles.label)]
    if not ctx.blank and question.key in ctx.state.carried_over:
        style = ctx.styles.note if loose else ctx.styles.flag
        found.append(Paragraph(message("pdf.carried_over", ctx.lang), style))
    return found


def no_response(ctx: Context) -> Paragraph:
    return Paragraph(message("pdf.no_response", ctx.lang), ctx.styles.no_response)


def answer_flowables(ctx: Context, question: Question) -> list[Flowable]:
    """The label and the answer of one question (which skip logic has kept)."""
    value = ctx.value(question)
    found = label_flowables(ctx, question)
    if is_blank(question, value):
        found.append(no_response(ctx))
    elif question.type == "table":
        found.extend(table_flowables(ctx, question, value))
    elif question.type == "grid":
        found.extend(grid_flowables(ctx, question, value))
    elif question.type == "attachment":
        lines = [
            f"{item.get('name', '')} (SHA-256 {str(item.get('sha256', ''))[:SHORT_HASH]}…)"
            for item in value
        ]
        found.append(plain("\n".join(lines), ctx.styles.answer))
    else:
        text = format_value(question, value, ctx.lang)
        found.append(plain(text, ctx.styles.answer))
    return found


def table_flowables(ctx: Context, question: Question, rows: list[dict[str, Any]]) -> list[Flowable]:
    """A table question as a table: one row per answer row, the header repeated on each page.

    A table with a very long cell is printed row by row instead: a table row that runs over
    several pages is hard to read and very slow to lay out.
    """
    styles = ctx.styles
    columns = question.columns
    texts = [[ctx.label(column) for column in columns]]
    texts += [
        [format_value(column, row.get(column.key), ctx.lang) for column in columns] for row in rows
    ]
    if any(len(text) > LONG_CELL for row in texts for text in row):
        return records(ctx, columns, texts[1:])
    data: list[list[Any]] = [[cell(text, styles, head=True) for text in texts[0]]]
    data += [
        [
            cell(text, styles, number=column.type in NUMERIC)
            for column, text in zip(columns, row, strict=True)
        ]
        for row in texts[1:]
    ]
    return [grid_table(data, column_widths(columns, ctx.width, texts))]


def records(ctx: Context, columns: tuple[Question, ...], rows: list[list[str]]) -> list[Flowable]:
    """Each row of a table as a numbered block of "label" and "value" lines."""
    styles, lang = ctx.styles, ctx.lang
    found: list[Flowable] = []
    for number, row in enumerate(rows, start=1):
        found.append(plain(tr("pdf.table.row", lang, number=number), styles.record))
        for column, text in zip(columns, row, strict=True):
            if text:
                found.append(plain(ctx.label(column), styles.record_label))
                found.append(plain(text, styles.record_value))
    return found
