"""Reading the "data" sheet of an untrusted workbook, within fixed limits.

The file may be anything: a renamed .xls, a password-protected (encrypted) workbook, a truncated
zip, a zip bomb, XML with entity expansion. :mod:`exports.xlsx_archive` checks the zip directory
before openpyxl sees it and opens the workbook through defusedxml, in read-only mode so that
only the data sheet is parsed; nothing is ever evaluated. Rows, cells per row and cell lengths
are capped while reading. Every refusal is a :class:`RestoreError` naming the problem.
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
from exports.xlsx_archive import ArchiveLimits, open_workbook, parsing
from forms.i18n import LocalizedError

MAX_FILE_BYTES: Final = 100 * 1024 * 1024
MAX_UNCOMPRESSED: Final = 200 * 1024 * 1024
MAX_RATIO: Final = 500
RATIO_CHECKED_FROM: Final = 10 * 1024 * 1024
MAX_ENTRIES: Final = 5000
MAX_SHEETS: Final = 200
MAX_ROWS: Final = 100_000
MAX_COLUMNS: Final = 1000
MAX_CELL_CHARS: Final = 32767
_ARCHIVE: Final = ArchiveLimits(
    max_file_bytes=MAX_FILE_BYTES,
    max_uncompressed=MAX_UNCOMPRESSED,
    max_ratio=MAX_RATIO,
    ratio_checked_from=RATIO_CHECKED_FROM,
    max_entries=MAX_ENTRIES,
    max_sheets=MAX_SHEETS,
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
    workbook = open_workbook(data, _ARCHIVE, RestoreError, "restore")
    try:
        if DATA_SHEET not in workbook.sheetnames:
            raise RestoreError("restore.no_data_sheet", name=DATA_SHEET)
        sheet = workbook[DATA_SHEET]
        sheet.reset_dimensions()  # a lying dimension record must not size anything
        with parsing(RestoreError, "restore"):
            grid = _read_rows(sheet)
    finally:
        workbook.close()
    return _parse(grid)


def _read_rows(sheet: Any) -> list[list[Any]]:
    grid: list[list[Any]] = []
    for number, row in enumerate(sheet.iter_rows(max_col=MAX_COLUMNS + 1), start=1):
        if number > MAX_ROWS:
            raise RestoreError("restore.too_many_rows", limit=MAX_ROWS)
        values: list[Any] = []
        for cell in row:
            value = getattr(cell, "value", None)
            if getattr(cell, "data_type", None) == "f":
                raise RestoreError("restore.formula", cell=f"{DATA_SHEET}!{cell.coordinate}")
            if isinstance(value, str) and len(value) > MAX_CELL_CHARS:
                raise RestoreError(
                    "restore.cell_too_long",
                    cell=f"{DATA_SHEET}!{cell.coordinate}",
                    limit=MAX_CELL_CHARS,
                )
            values.append(value)
        while values and values[-1] is None:
            values.pop()
        if len(values) > MAX_COLUMNS:
            raise RestoreError("restore.too_many_columns", row=number, limit=MAX_COLUMNS)
        grid.append(values)
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
