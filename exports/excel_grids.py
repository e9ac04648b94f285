"""The disaggregated-data sheet: each breakdown grid as a cross-table with its totals.

Rows are the combinations of every dimension but the last (sex × age), columns the members of
the last (disability) and a total. Totals are exact sums computed here and written as numbers,
so they are right without any recalculation; a blank cell stays blank (never 0), and a sum of
blanks is blank. The declared total, the entry mode and "not disaggregated" with its reason are
shown above each grid, with the check message when the cells do not add up to the total.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from typing import Any

from openpyxl.worksheet.worksheet import Worksheet

from exports.excel_cells import (
    BOLD,
    HEADER_FILL,
    MUTED,
    SUBTITLE,
    header_row,
    print_setup,
    put_int,
    put_text,
    set_widths,
    title_row,
)
from forms import grids
from forms.i18n import tr
from forms.model import Dimension, Question
from reporting.service import ReportState


def write_grids(ws: Worksheet, state: ReportState, lang: str, asked: dict[str, bool]) -> None:
    title_row(ws, tr("xlsx.grids.title", lang))
    row = 3
    outer, inner = 1, 2  # label columns, count columns: for the widths
    for question in state.template.questions():
        if question.type != "grid" or not asked.get(question.key, False):
            continue
        row = _write_grid(ws, row, question, state.answers.get(question.key), lang) + 2
        outer = max(outer, len(question.dimensions) - 1)
        inner = max(inner, len(question.dimensions[-1].members) + 1)
    ws.freeze_panes = "A2"
    set_widths(ws, [24] * outer + [14] * inner)
    print_setup(ws)


def _label(ws: Worksheet, row: int, label: str, value: str | int | None, lang: str) -> None:
    put_text(ws.cell(row, 1), label, wrap=True)
    ws.cell(row, 1).font = BOLD
    cell = ws.cell(row, 2)
    if value is None:
        put_text(cell, tr("xlsx.no_response", lang))
        cell.font = MUTED
    elif isinstance(value, int):
        put_int(cell, value)
    else:
        put_text(cell, value, wrap=True)


def _write_grid(ws: Worksheet, row: int, question: Question, value: Any, lang: str) -> int:
    heading = ws.cell(row, 1)
    put_text(heading, f"{question.label.get(lang)}  {' '.join(question.tags)}")
    heading.font = SUBTITLE
    if not isinstance(value, dict):
        _label(ws, row + 1, tr("xlsx.col.answer", lang), None, lang)
        return row + 1
    mode = value.get("mode") or grids.MODE_FULL
    row += 1
    _label(ws, row, tr("xlsx.grids.mode", lang), _mode_label(question, mode, lang), lang)
    row += 1
    _label(ws, row, tr("xlsx.grids.declared_total", lang), value.get("total"), lang)
    if value.get("not_disaggregated"):
        row += 1
        reason = str(value["not_disaggregated"])
        _label(ws, row, tr("xlsx.grids.not_disaggregated", lang), reason, lang)
        return row
    problem = grids.sum_problem(question, value, lang)
    if problem:
        row += 1
        _label(ws, row, tr("xlsx.grids.check", lang), problem, lang)
    entries = grids.entries(value)
    if mode == grids.MODE_FULL:
        return _write_cross_table(ws, row + 2, question, entries, lang)
    if mode != grids.MODE_TOTAL:
        return _write_margins(ws, row + 2, question, mode, entries, lang)
    return row


def _mode_label(question: Question, mode: str, lang: str) -> str:
    if mode in (grids.MODE_FULL, grids.MODE_TOTAL):
        return tr(f"xlsx.grids.mode_{mode}", lang)
    dimension = next((d for d in question.dimensions if d.name == mode), None)
    return tr(
        "xlsx.grids.mode_by", lang, dimension=dimension.label.get(lang) if dimension else mode
    )


def _sum(numbers: Iterable[int | None]) -> int | None:
    """The sum of the non-blank numbers; blank when all are blank (a blank is never 0)."""
    present = [number for number in numbers if number is not None]
    return sum(present) if present else None


def _put_count(ws: Worksheet, row: int, column: int, number: int | None, bold: bool) -> None:
    if number is not None:
        put_int(ws.cell(row, column), number)
        if bold:
            ws.cell(row, column).font = BOLD


def _write_cross_table(
    ws: Worksheet, row: int, question: Question, entries: dict[str, int], lang: str
) -> int:
    *outer, last = question.dimensions
    total_label = tr("xlsx.total", lang)
    header_row(
        ws,
        row,
        [d.label.get(lang) for d in outer]
        + [m.label.get(lang) for m in last.members]
        + [total_label],
    )
    first_count = len(outer) + 1
    column_sums: list[list[int | None]] = [[] for _ in range(len(last.members) + 1)]
    for combination in itertools.product(*(d.members for d in outer)):
        row += 1
        for column, member in enumerate(combination, start=1):
            put_text(ws.cell(row, column), member.label.get(lang))
        prefix = grids.SEPARATOR.join(m.code for m in combination)
        numbers = [entries.get(_key(prefix, m.code)) for m in last.members]
        numbers.append(_sum(numbers))
        for offset, number in enumerate(numbers):
            _put_count(ws, row, first_count + offset, number, bold=offset == len(numbers) - 1)
            column_sums[offset].append(number)
    row += 1
    put_text(ws.cell(row, 1), total_label)
    for column in range(1, first_count + len(column_sums)):
        ws.cell(row, column).font = BOLD
        ws.cell(row, column).fill = HEADER_FILL
    for offset, numbers in enumerate(column_sums):
        _put_count(ws, row, first_count + offset, _sum(numbers), bold=True)
    return row


def _key(prefix: str, code: str) -> str:
    return f"{prefix}{grids.SEPARATOR}{code}" if prefix else code


def _write_margins(
    ws: Worksheet, row: int, question: Question, mode: str, entries: dict[str, int], lang: str
) -> int:
    dimension: Dimension | None = next((d for d in question.dimensions if d.name == mode), None)
    if dimension is None:
        return row
    header_row(ws, row, [dimension.label.get(lang), tr("xlsx.grids.count", lang)])
    for member in dimension.members:
        row += 1
        put_text(ws.cell(row, 1), member.label.get(lang))
        _put_count(ws, row, 2, entries.get(member.code), bold=False)
    row += 1
    put_text(ws.cell(row, 1), tr("xlsx.total", lang))
    ws.cell(row, 1).font = BOLD
    _put_count(ws, row, 2, _sum(entries.get(m.code) for m in dimension.members), bold=True)
    return row
