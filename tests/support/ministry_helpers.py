"""Shared by the ministry-workbook tests: build a workbook, edit it as a ministry would."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

import openpyxl
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from exports.excel_cells import put_text
from exports.ministry_import import Incoming, open_ministry_workbook, read_values
from exports.ministry_workbook import MinistryWorkbook, build_ministry_workbook
from reporting.service import ReportState

WHEN = dt.datetime(2026, 11, 2, 9, 30)
EXCHANGE = "0123456789abcdef0123456789abcdef"
SECTIONS = ("a_contacts", "p21", "d_grids", "e_assistance")


def build(
    state: ReportState, sections: Sequence[str] = SECTIONS, ministry: str = "Ministry of Interior"
) -> MinistryWorkbook:
    return build_ministry_workbook(
        state, ministry=ministry, sections=sections, exchange_id=EXCHANGE, generated_at=WHEN
    )


def load(data: bytes) -> Workbook:
    return openpyxl.load_workbook(io.BytesIO(data))


def save(book: Workbook) -> bytes:
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def rows_with_keys(book: Workbook) -> Iterator[tuple[Worksheet, int, str]]:
    for ws in book.worksheets[1:]:  # after the instructions
        if ws.title.startswith("_"):
            continue
        for row in range(1, ws.max_row + 1):
            key = ws.cell(row, 1).value
            if isinstance(key, str) and key:
                yield ws, row, key


def find(book: Workbook, key: str) -> tuple[Worksheet, int]:
    for ws, row, found in rows_with_keys(book):
        if found == key:
            return ws, row
    raise KeyError(key)


def column_of(book: Workbook, question: str, ident: str) -> int:
    """The column of a table's or grid's column ``ident`` (from its hidden "#columns" row)."""
    ws, row = find(book, f"{question}#columns")
    for column in range(3, ws.max_column + 1):
        if ws.cell(row, column).value == ident:
            return column
    raise KeyError(ident)


class Formula(str):
    """A formula typed into a cell (any other text is typed as text)."""


def put(ws: Worksheet, row: int, column: int, value: Any) -> None:
    """A value typed by a ministry: texts stored as Excel stores them (OOXML-escaped)."""
    cell = ws.cell(row, column)
    if isinstance(value, str) and not isinstance(value, Formula):
        put_text(cell, value)
    else:
        cell.value = value


def edit(data: bytes, changes: Mapping[str, Any], column: int = 3) -> bytes:
    """The workbook with the answer cell of each row key set (None empties it)."""
    book = load(data)
    for key, value in changes.items():
        ws, row = find(book, key)
        put(ws, row, column, value)
    return save(book)


def read_back(state: ReportState, data: bytes, base: Mapping[str, Any] | None = None) -> Incoming:
    file = open_ministry_workbook(data)
    return read_values(file, state.template, dict(base if base is not None else state.answers))
