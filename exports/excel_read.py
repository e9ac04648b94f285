"""Reading the "data" sheet of an untrusted workbook, within fixed limits.

The file may be anything: a renamed .xls, a password-protected (encrypted) workbook, a truncated
zip, a zip bomb, XML with entity expansion. :mod:`exports.xlsx_reader` checks the zip directory
before any XML is parsed, parses through defusedxml and streams the data sheet alone, once;
nothing is ever evaluated. Rows, columns, cells and cell lengths are capped while reading.
Every refusal is a :class:`RestoreError` naming the problem.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Final

from openpyxl.utils import get_column_letter

from exports.excel_data import (
    DATA_SHEET,
    FIRST_VALUE_COLUMN,
    FORMAT_VERSION,
    HEADER_FIELDS,
    TABLE_COLUMNS,
    TABLE_HEADER_ROW,
)
from exports.xlsx_reader import Limits, RawSheet, read_workbook
from forms.i18n import LocalizedError

MAX_FILE_BYTES: Final = 100 * 1024 * 1024
MAX_UNCOMPRESSED: Final = 200 * 1024 * 1024
MAX_RATIO: Final = 500
RATIO_CHECKED_FROM: Final = 10 * 1024 * 1024
MAX_ENTRIES: Final = 5000
MAX_SHEETS: Final = 200
# One row per stored answer: a template has hundreds of questions, never tens of thousands.
MAX_ROWS: Final = 20_000
MAX_COLUMNS: Final = 1000
MAX_CELL_CHARS: Final = 32767
MAX_CELLS: Final = 2_000_000
_LIMITS: Final = Limits(
    max_file_bytes=MAX_FILE_BYTES,
    max_uncompressed=MAX_UNCOMPRESSED,
    max_ratio=MAX_RATIO,
    ratio_checked_from=RATIO_CHECKED_FROM,
    max_entries=MAX_ENTRIES,
    max_sheets=MAX_SHEETS,
    max_rows=MAX_ROWS,
    max_columns=MAX_COLUMNS,
    max_cells=MAX_CELLS,
    max_cell_chars=MAX_CELL_CHARS,
)


class RestoreError(LocalizedError):
    """The workbook cannot be restored; nothing was changed."""


@dataclass(frozen=True)
class DataRow:
    row: int  # 1-based sheet row
    key: str
    qtype: str
    fmt: str
    cells: list[Any]  # the value cells, from column FIRST_VALUE_COLUMN

    def cell(self, column: int = FIRST_VALUE_COLUMN) -> str:
        return f"{DATA_SHEET}!{get_column_letter(column)}{self.row}"


@dataclass(frozen=True)
class DataSheet:
    header: dict[str, Any]
    rows: list[DataRow]


def read_data_sheet(data: bytes) -> DataSheet:
    workbook = read_workbook(
        data, limits=_LIMITS, only=DATA_SHEET, error=RestoreError, prefix="restore"
    )
    sheet = workbook.sheet(DATA_SHEET)
    if sheet is None:
        raise RestoreError("restore.no_data_sheet", name=DATA_SHEET)
    return _parse(_grid(sheet))


def _grid(sheet: RawSheet) -> list[list[Any]]:
    """The sheet's values row by row (a list per row, up to its last value)."""
    grid: list[list[Any]] = [[] for _ in range(sheet.max_row())]
    for (row, column), cell in sorted(sheet.cells.items()):
        if cell.formula:
            raise RestoreError(
                "restore.formula", cell=f"{DATA_SHEET}!{get_column_letter(column)}{row}"
            )
        values = grid[row - 1]
        values.extend([None] * (column - 1 - len(values)))
        values.append(cell.value)
    return grid


def _at(grid: list[list[Any]], row: int, column: int) -> Any:
    cells = grid[row - 1] if row <= len(grid) else []
    return cells[column - 1] if column <= len(cells) else None


def _parse(grid: list[list[Any]]) -> DataSheet:
    if _at(grid, 1, 1) != HEADER_FIELDS[0]:
        raise RestoreError("restore.no_data_sheet", name=DATA_SHEET)
    found = _at(grid, 1, 2)
    if found != FORMAT_VERSION:
        raise RestoreError("restore.wrong_format", found=str(found), expected=FORMAT_VERSION)
    header: dict[str, Any] = {}
    for row, field in enumerate(HEADER_FIELDS, start=1):
        if _at(grid, row, 1) != field:
            raise RestoreError("restore.missing_field", field=field, cell=f"{DATA_SHEET}!A{row}")
        header[field] = _at(grid, row, 2)
    labels = [_at(grid, TABLE_HEADER_ROW, column) for column in range(1, len(TABLE_COLUMNS) + 1)]
    if labels != list(TABLE_COLUMNS):
        raise RestoreError("restore.bad_table_header", row=TABLE_HEADER_ROW)
    rows: list[DataRow] = []
    for number in range(TABLE_HEADER_ROW + 1, len(grid) + 1):
        values = grid[number - 1]
        if not values:
            continue  # a blank line: spreadsheets add them, and they hold nothing
        key, qtype, fmt = (values + [None] * 3)[:3]
        if not all(isinstance(item, str) and item for item in (key, qtype, fmt)):
            raise RestoreError("restore.bad_row", cell=f"{DATA_SHEET}!A{number}")
        rows.append(DataRow(number, key, qtype, fmt, values[FIRST_VALUE_COLUMN - 1 :]))
    return DataSheet(header, rows)
