"""Breakdown grids (sex × age × disability) as tables with row, column and grand totals.

The totals are computed here from the entries of the grid's mode; a blank entry stays blank and
is left out of a sum, and a sum of blanks is blank, never 0. Under the table: the mode, the
declared total and whether the breakdown adds up to it, or why the figure is not disaggregated.
"""

from __future__ import annotations

from itertools import product
from typing import Any

from reportlab.platypus import Flowable, Paragraph

from exports.pdf_context import Context
from exports.pdf_style import message
from exports.pdf_tables import cell, grid_table, widths
from forms import grids
from forms.model import Dimension, Question
from forms.numbers import format_number

BLANK_LINE = "__________"
WRITING_HEIGHT = 18.0  # points: room for a handwritten figure


def _sum(numbers: list[int | None]) -> int | None:
    found = [number for number in numbers if number is not None]
    return sum(found) if found else None


def _layout(question: Question) -> tuple[list[Dimension], Dimension]:
    """The dimensions down the side, and the one across (the one with the most members)."""
    dims = list(question.dimensions)
    across = max(dims, key=lambda dim: len(dim.members))
    return [dim for dim in dims if dim is not across], across


def _number(ctx: Context, value: int | None) -> str:
    return "" if value is None else format_number(value, ctx.lang)


def full_table(
    ctx: Context, question: Question, cells: dict[str, int], row_height: float | None = None
) -> Flowable:
    """Every cell of the full breakdown; combinations of the other dimensions down the side."""
    styles, lang = ctx.styles, ctx.lang
    down, across = _layout(question)
    order = [dim.name for dim in question.dimensions]
    total_label = message("pdf.grid.total", lang)
    side_label = " · ".join(dim.label.get(lang) for dim in down) or ""
    head = [cell(side_label, styles, head=True)]
    head += [cell(member.label.get(lang), styles, head=True) for member in across.members]
    head.append(Paragraph(total_label, styles.cell_head))
    data: list[list[Any]] = [head]
    column_values: list[list[int | None]] = [[] for _ in across.members]
    for combo in product(*(dim.members for dim in down)):
        codes = {dim.name: member.code for dim, member in zip(down, combo, strict=True)}
        row_values: list[int | None] = []
        for index, member in enumerate(across.members):
            codes[across.name] = member.code
            number = cells.get(grids.SEPARATOR.join(codes[name] for name in order))
            row_values.append(number)
            column_values[index].append(number)
        label = " · ".join(member.label.get(lang) for member in combo)
        data.append(
            [cell(label, styles)]
            + [cell(_number(ctx, n), styles, number=True) for n in row_values]
            + [cell(_number(ctx, _sum(row_values)), styles, number=True)]
        )
    column_totals = [_sum(values) for values in column_values]
    data.append(
        [Paragraph(total_label, styles.cell_head)]
        + [cell(_number(ctx, n), styles, number=True) for n in column_totals]
        + [cell(_number(ctx, _sum(column_totals)), styles, number=True)]
    )
    weights = [3.0] + [1.0] * (len(across.members) + 1)
    return grid_table(
        data,
        widths(weights, ctx.width),
        total_row=True,
        total_col=True,
        zebra=False,
        row_height=row_height,
    )


def margin_table(ctx: Context, question: Question, mode: str, found: dict[str, int]) -> Flowable:
    """The entries of a grid given by one dimension only (by sex, say), with their total."""
    styles, lang = ctx.styles, ctx.lang
    dimension = next(dim for dim in question.dimensions if dim.name == mode)
    data: list[list[Any]] = [
        [
            cell(dimension.label.get(lang), styles, head=True),
            cell(message("pdf.grid.number", lang), styles, head=True),
        ]
    ]
    for member in dimension.members:
        data.append(
            [
                cell(member.label.get(lang), styles),
                cell(_number(ctx, found.get(member.code)), styles, number=True),
            ]
        )
    data.append(
        [
            Paragraph(message("pdf.grid.total", lang), styles.cell_head),
            cell(_number(ctx, _sum(list(found.values()))), styles, number=True),
        ]
    )
    return grid_table(data, widths([3.0, 1.0], ctx.width * 0.5), total_row=True, zebra=False)


def mode_label(question: Question, mode: str, lang: str) -> str:
    if mode == grids.MODE_TOTAL:
        return message("pdf.grid.mode_total", lang)
    if mode == grids.MODE_FULL:
        return message("pdf.grid.mode_full", lang)
    dimension = next((dim for dim in question.dimensions if dim.name == mode), None)
    name = dimension.label.get(lang) if dimension else mode
    return message("pdf.grid.mode_by", lang, dimension=name)


def grid_flowables(ctx: Context, question: Question, value: dict[str, Any]) -> list[Flowable]:
    """An answered grid: its table, then mode, declared total and the check of the sum."""
    styles, lang = ctx.styles, ctx.lang
    declared = value.get("total")
    declared_text = "—" if declared is None else format_number(declared, lang)
    lines = [message("pdf.grid.declared_total", lang, total=declared_text)]
    reason = value.get("not_disaggregated")
    if reason:
        lines.append(message("pdf.grid.not_disaggregated", lang, reason=reason))
        return [Paragraph("<br/>".join(lines), styles.answer)]
    mode = value.get("mode") or grids.MODE_FULL
    found = grids.entries(value)
    shown: list[Flowable] = []
    if mode == grids.MODE_FULL and found:
        shown.append(full_table(ctx, question, found))
    elif mode != grids.MODE_TOTAL and found:
        shown.append(margin_table(ctx, question, mode, found))
    lines.insert(0, message("pdf.grid.mode", lang, mode=mode_label(question, mode, lang)))
    entered = grids.entries_sum(value)
    if declared is not None and entered is not None:
        check = "pdf.grid.matches" if entered == declared else "pdf.grid.differs"
        lines.append(message(check, lang, sum=format_number(entered, lang), total=declared_text))
    shown.append(Paragraph("<br/>".join(lines), styles.answer))
    return shown


def blank_grid_flowables(ctx: Context, question: Question) -> list[Flowable]:
    """An empty full breakdown to fill in by hand, with the declared total and its reason lines."""
    lang, styles = ctx.lang, ctx.styles
    return [
        full_table(ctx, question, {}, row_height=WRITING_HEIGHT),
        Paragraph(
            message("pdf.grid.declared_total", lang, total=BLANK_LINE)
            + "<br/>"
            + message("pdf.grid.blank_not_disaggregated", lang, line=BLANK_LINE * 4),
            styles.answer,
        ),
    ]
