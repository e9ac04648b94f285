"""The cooperation sheet: the assistance projects as an Excel table, one typed row per project.

Amounts are numbers with a USD format (text only when 15 digits cannot hold them exactly), years
are numbers; an Excel table gives filters and sorting. Below it, the amounts added up per
direction (requested, received, provided), counting only projects that give an amount.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any, Final

from openpyxl.worksheet.table import Table, TableStyleInfo
from openpyxl.worksheet.worksheet import Worksheet

from exports.excel_cells import (
    BOLD,
    MUTED,
    header_row,
    print_setup,
    put_answer,
    put_decimal,
    put_text,
    set_widths,
    title_row,
)
from forms.i18n import tr
from forms.model import Question
from forms.numbers import as_decimal
from reporting.service import ReportState

PROJECTS: Final = "e_assistance.projects"
AMOUNT: Final = "amount_usd"
DIRECTION: Final = "direction"
HEADER_ROW: Final = 3
WIDTHS: Final = {"text": 30, "long_text": 50, "multi_choice": 26, "single_choice": 22}


def write_cooperation(ws: Worksheet, state: ReportState, lang: str, asked: dict[str, bool]) -> None:
    title_row(ws, tr("xlsx.coop.title", lang))
    if not state.template.has_question(PROJECTS):
        return
    table = state.template.question(PROJECTS)
    put_text(ws.cell(2, 1), f"{table.label.get(lang)}  {' '.join(table.tags)}")
    ws.cell(2, 1).font = MUTED
    set_widths(ws, [20 if c.key == AMOUNT else WIDTHS.get(c.type, 11) for c in table.columns])
    rows: list[dict[str, Any]] = state.answers.get(PROJECTS) or []
    if not asked.get(PROJECTS, False) or not rows:
        put_text(ws.cell(HEADER_ROW, 1), tr("xlsx.no_response", lang))
        ws.cell(HEADER_ROW, 1).font = MUTED
        return
    labels = _unique([c.label.get(lang) for c in table.columns])
    header_row(ws, HEADER_ROW, labels)
    marker = tr("xlsx.truncated", lang)
    for row, values in enumerate(rows, start=HEADER_ROW + 1):
        for column, question in enumerate(table.columns, start=1):
            value = values.get(question.key)
            if value is None:
                continue
            if question.key == AMOUNT and as_decimal(value) is not None:
                put_decimal(ws.cell(row, column), value, unit="USD", places=2)
            else:
                put_answer(ws.cell(row, column), question, value, lang, marker)
    last = ws.cell(HEADER_ROW + len(rows), len(labels)).coordinate
    projects = Table(displayName="Projects", ref=f"A{HEADER_ROW}:{last}")
    projects.tableStyleInfo = TableStyleInfo(name="TableStyleMedium2", showRowStripes=True)
    ws.add_table(projects)
    ws.freeze_panes = ws.cell(HEADER_ROW + 1, 1)
    _write_totals(ws, HEADER_ROW + len(rows) + 2, table, rows, lang)
    print_setup(ws, f"{HEADER_ROW}:{HEADER_ROW}")


def _unique(labels: list[str]) -> list[str]:
    """Excel refuses a table whose column names repeat (case-insensitively)."""
    seen: set[str] = set()
    unique = []
    for label in labels:
        name, number = label, 2
        while name.casefold() in seen:
            name, number = f"{label} ({number})", number + 1
        seen.add(name.casefold())
        unique.append(name)
    return unique


def _write_totals(
    ws: Worksheet, row: int, table: Question, rows: list[dict[str, Any]], lang: str
) -> None:
    try:
        direction = table.column(DIRECTION)
        amount_column = table.column(AMOUNT)
    except KeyError:
        return
    heading = ws.cell(row, 1)
    put_text(heading, tr("xlsx.coop.totals", lang, column=amount_column.label.get(lang)))
    heading.font = BOLD
    for choice in direction.choices:
        mine = [r for r in rows if r.get(DIRECTION) == choice.code]
        if not mine:
            continue
        amounts = [as_decimal(r.get(AMOUNT)) for r in mine]
        known = [a for a in amounts if a is not None]
        row += 1
        put_text(ws.cell(row, 1), choice.label.get(lang))
        if known:
            put_decimal(ws.cell(row, 2), sum(known, Decimal(0)), unit="USD", places=2)
        missing = len(amounts) - len(known)
        put_text(ws.cell(row, 3), tr("xlsx.coop.project_count", lang, count=len(mine)))
        if missing:
            note = ws.cell(row, 4)
            put_text(note, tr("xlsx.coop.without_amount", lang, count=missing), wrap=True)
            note.font = MUTED
