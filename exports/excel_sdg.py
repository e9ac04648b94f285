"""The SDG 16.4.2 sheet: the counts of each year, numerator, denominator and the proportion.

The proportion is a number with a percent format when it can be computed; otherwise the cell
says why (which input is missing, or that nothing was seized) — it is never written as 0.
Whole-period counts are exact sums, left blank when a year lacks the figure.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from openpyxl.styles import Alignment
from openpyxl.worksheet.worksheet import Worksheet

from exports.excel_cells import (
    BOLD,
    MUTED,
    SUBTITLE,
    header_row,
    print_setup,
    put_answer,
    put_decimal,
    put_text,
    set_widths,
    title_row,
)
from forms.computed import Ratio, RatioResult
from forms.display import format_ratio
from forms.i18n import tr
from forms.model import Question
from forms.numbers import exact_sum
from reporting.service import ReportState

NUMERIC = ("count", "decimal")
WIDE = ("text", "long_text", "single_choice", "multi_choice")


def write_sdg(ws: Worksheet, state: ReportState, lang: str, asked: dict[str, bool]) -> None:
    row = 1
    widths: list[float] = []
    for result in state.computed().values():
        table = state.template.question(result.definition.table)
        row = _write_result(ws, row, state, result, table, lang, asked) + 2
        for breakdown in state.template.breakdowns:
            if breakdown.of == table.key:
                row = _write_breakdown(ws, row, state, breakdown.table, lang, asked) + 2
        if not widths:
            widths = [36.0 if c.type in WIDE else 13.0 for c in table.columns] + [13, 13, 30]
    ws.freeze_panes = "A2"
    set_widths(ws, widths)
    print_setup(ws)


def _write_result(
    ws: Worksheet,
    row: int,
    state: ReportState,
    result: RatioResult,
    table: Question,
    lang: str,
    asked: dict[str, bool],
) -> int:
    title_row(ws, result.definition.label.get(lang), row=row)
    labels = [c.label.get(lang) for c in table.columns] + [
        tr("xlsx.sdg.numerator", lang),
        tr("xlsx.sdg.denominator", lang),
        tr("xlsx.sdg.proportion", lang),
    ]
    definition = ws.cell(row + 1, 1)
    put_text(definition, result.definition.definition.get(lang), wrap=True)
    ws.merge_cells(start_row=row + 1, start_column=1, end_row=row + 1, end_column=len(labels))
    ws.row_dimensions[row + 1].height = 45
    rows: list[dict[str, Any]] = state.answers.get(table.key) or []
    if not asked.get(table.key, False) or not rows:
        _no_response(ws, row + 3, lang)
        return row + 3
    header_row(ws, row + 3, labels)
    ws.row_dimensions[row + 3].height = 45
    row += 3
    marker = tr("xlsx.truncated", lang)
    for values, ratio in zip(rows, result.rows, strict=True):
        row += 1
        for column, question in enumerate(table.columns, start=1):
            if values.get(question.key) is not None:
                put_answer(ws.cell(row, column), question, values[question.key], lang, marker)
        _write_ratio(ws, row, len(table.columns) + 1, ratio, table, lang)
    row += 1
    put_text(ws.cell(row, 1), tr("computed.period", lang), wrap=True)
    for column, question in enumerate(table.columns, start=1):
        ws.cell(row, column).font = BOLD
        if question.type in NUMERIC:
            total = exact_sum(values.get(question.key) for values in rows)
            if total is not None:
                put_decimal(ws.cell(row, column), total)
                ws.cell(row, column).font = BOLD
    _write_ratio(ws, row, len(table.columns) + 1, result.overall, table, lang)
    return row


def _write_ratio(
    ws: Worksheet, row: int, column: int, ratio: Ratio, table: Question, lang: str
) -> None:
    for offset, number in enumerate((ratio.numerator, ratio.denominator)):
        if number is not None:
            put_decimal(ws.cell(row, column + offset), number)
    cell = ws.cell(row, column + 2)
    proportion = ratio.proportion
    if proportion is None:
        put_text(cell, format_ratio(ratio, table, lang), wrap=True)
        cell.font = MUTED
    else:
        # A share of 1 is 100 %: the percent format multiplies by 100 for display.
        cell.value = float(proportion / Decimal(100))
        cell.number_format = "0.0%"
        cell.alignment = Alignment(vertical="top")


def _write_breakdown(
    ws: Worksheet, row: int, state: ReportState, key: str, lang: str, asked: dict[str, bool]
) -> int:
    table = state.template.question(key)
    rows: list[dict[str, Any]] = state.answers.get(key) or []
    if not asked.get(key, False) or not rows:
        return row - 2  # nothing answered: no heading either
    heading = ws.cell(row, 1)
    put_text(heading, table.label.get(lang))
    heading.font = SUBTITLE
    header_row(ws, row + 1, [c.label.get(lang) for c in table.columns])
    ws.row_dimensions[row + 1].height = 30
    row += 1
    marker = tr("xlsx.truncated", lang)
    for values in rows:
        row += 1
        for column, question in enumerate(table.columns, start=1):
            if values.get(question.key) is not None:
                put_answer(ws.cell(row, column), question, values[question.key], lang, marker)
    return row


def _no_response(ws: Worksheet, row: int, lang: str) -> None:
    cell = ws.cell(row, 1)
    put_text(cell, tr("xlsx.no_response", lang))
    cell.font = MUTED
