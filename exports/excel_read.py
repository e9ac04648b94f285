"""Reading the "data" sheet of an untrusted workbook, within fixed limits.

The file may be anything: a renamed .xls, a password-protected (encrypted) workbook, a truncated
zip, a zip bomb, XML with entity expansion. Before openpyxl sees it, the zip directory is checked
(entry count, total uncompressed size, compression ratio — Python's zip reader never inflates an
entry beyond its declared size, so capping declared sizes caps real bytes). openpyxl then parses
XML through defusedxml (entity expansion and external entities refused), in read-only mode so
that only the data sheet is parsed, and never evaluates anything. Rows, cells per row and cell
lengths are capped while reading. Every refusal is a :class:`RestoreError` naming the problem.
"""

from __future__ import annotations

import io
import warnings
import zipfile
from dataclasses import dataclass
from typing import Any, Final

import openpyxl
from openpyxl.utils import get_column_letter

from exports.excel_data import (
    DATA_SHEET,
    FIRST_VALUE_COLUMN,
    FORMAT_VERSION,
    HEADER_FIELDS,
    TABLE_COLUMNS,
    TABLE_HEADER_ROW,
)
from forms.i18n import LocalizedError

MAX_FILE_BYTES: Final = 100 * 1024 * 1024
MAX_UNCOMPRESSED: Final = 200 * 1024 * 1024
# Deflate cannot compress more than about 1,030 times. A workbook part compresses 5–30 times,
# but a report that repeats one long text can reach a few hundred: only a large part that
# compresses like a run of zeros is taken for a bomb (the total cap bounds the rest).
MAX_RATIO: Final = 500
RATIO_CHECKED_FROM: Final = 10 * 1024 * 1024
MAX_ENTRIES: Final = 5000
MAX_SHEETS: Final = 200
MAX_ROWS: Final = 100_000
MAX_COLUMNS: Final = 1000
MAX_CELL_CHARS: Final = 32767
_OLE2: Final = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .xls, and every encrypted .xlsx


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


def check_archive(data: bytes) -> None:
    """Refuse what is not a plausible .xlsx zip before any XML is parsed."""
    if len(data) > MAX_FILE_BYTES:
        raise RestoreError("restore.too_big", limit=MAX_FILE_BYTES // (1024 * 1024))
    if data.startswith(_OLE2):
        raise RestoreError("restore.ole_file")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            entries = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        raise RestoreError("restore.not_workbook", problem=str(exc) or type(exc).__name__) from None
    if len(entries) > MAX_ENTRIES or sum(e.file_size for e in entries) > MAX_UNCOMPRESSED:
        raise RestoreError("restore.too_big", limit=MAX_UNCOMPRESSED // (1024 * 1024))
    for entry in entries:
        if entry.flag_bits & 0x1:
            raise RestoreError("restore.ole_file")
        if (
            entry.file_size > RATIO_CHECKED_FROM
            and entry.file_size > MAX_RATIO * entry.compress_size
        ):
            raise RestoreError("restore.zip_bomb", name=entry.filename)
    names = {entry.filename for entry in entries}
    if "xl/workbook.xml" not in names or "[Content_Types].xml" not in names:
        raise RestoreError("restore.not_workbook", problem="no xl/workbook.xml")


def read_data_sheet(data: bytes) -> DataSheet:
    if not openpyxl.DEFUSEDXML:
        # A packaging fault, never the user's: without defusedxml openpyxl expands entities.
        raise RestoreError("restore.unsafe_parser")
    check_archive(data)
    try:
        with warnings.catch_warnings():
            # openpyxl warns about features it drops (data validation, …): they hold no data.
            warnings.simplefilter("ignore")
            workbook = openpyxl.load_workbook(
                io.BytesIO(data), read_only=True, data_only=False, keep_links=False
            )
    except Exception as exc:  # a hostile file can make openpyxl fail in any way
        raise _unreadable(exc) from None
    try:
        if len(workbook.sheetnames) > MAX_SHEETS:
            raise RestoreError("restore.too_many_sheets", limit=MAX_SHEETS)
        if DATA_SHEET not in workbook.sheetnames:
            raise RestoreError("restore.no_data_sheet", name=DATA_SHEET)
        sheet = workbook[DATA_SHEET]
        sheet.reset_dimensions()  # a lying dimension record must not size anything
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                grid = _read_rows(sheet)
        except RestoreError:
            raise
        except Exception as exc:
            raise _unreadable(exc) from None
    finally:
        workbook.close()
    return _parse(grid)


def _unreadable(exc: BaseException) -> RestoreError:
    """The error for a file openpyxl could not read, named by its root cause."""
    root = exc
    for _ in range(20):  # a chain of causes is short; the bound only guards against a cycle
        inner = root.__cause__ or root.__context__
        if inner is None:
            break
        root = inner
    if type(root).__module__.startswith("defusedxml"):
        return RestoreError("restore.unsafe_xml", problem=type(root).__name__)
    first_line = str(root).splitlines()[0] if str(root) else ""
    return RestoreError("restore.unreadable", problem=f"{type(root).__name__}: {first_line}"[:300])


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
