"""Every non-empty cell of an untrusted workbook, read within fixed limits (issue 6: safety).

The workbook comes from another ministry, edited in Excel or LibreOffice: it may be anything.
:mod:`exports.xlsx_archive` checks the zip before any XML is parsed, then openpyxl reads the
workbook part, styles and shared strings through defusedxml. Each sheet is then streamed once
— openpyxl's read-only worksheets are not used, as they read a sheet without a leading dimension
record in full just to size it — by a subclass of openpyxl's own worksheet parser, which keeps,
for every cell, its value (for a formula, the value the spreadsheet program cached: nothing is
ever evaluated), whether it holds a formula, its error value and its number format, so that a
later step can read values robustly.

Memory stays bounded whatever the file claims: the dimension record is never used, every XML
element is dropped once read, and rows, columns, cells, cell lengths and sheets are capped while
parsing — the first cell over a limit refuses the file; time is bounded by the size caps.
Every refusal is a :class:`WorkbookRefused` naming the problem; nothing else escapes but what
``progress`` raises.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any, Final

from openpyxl.styles.numbers import BUILTIN_FORMATS, BUILTIN_FORMATS_MAX_SIZE
from openpyxl.utils import get_column_letter, range_boundaries
from openpyxl.utils.datetime import MAC_EPOCH
from openpyxl.worksheet._reader import (
    FORMULA_TAG,
    INLINE_STRING,
    ROW_TAG,
    VALUE_TAG,
    WorkSheetParser,
    _cast_number,
)
from openpyxl.xml.constants import SHEET_MAIN_NS
from openpyxl.xml.functions import iterparse

from exports.excel_cells import ooxml_unescape
from exports.xlsx_archive import ArchiveLimits, open_package, parsing
from forms.i18n import LocalizedError

__all__ = ["Limits", "RawCell", "RawSheet", "RawWorkbook", "WorkbookRefused", "read_workbook"]

_PREFIX: Final = "workbook"
_MERGE_CELL_TAG: Final = f"{{{SHEET_MAIN_NS}}}mergeCell"
# Hard bounds on the XML itself, beyond any real sheet, so that memory and time stay bounded even
# before a cell is read: one row's elements are held until the row ends, and nesting is shallow.
EXCEL_MAX_ROWS: Final = 1_048_576
EXCEL_MAX_COLUMNS: Final = 16_384  # column XFD
_MAX_ROW_ELEMENTS: Final = 16 * EXCEL_MAX_COLUMNS
_MAX_DEPTH: Final = 64
_GENERAL: Final = "General"


class WorkbookRefused(LocalizedError):
    """The file cannot be read as a workbook; nothing was changed."""


@dataclass(frozen=True)
class Limits(ArchiveLimits):
    """How much of a workbook is read: anything larger is refused, nothing is cut."""

    max_file_bytes: int = 20 * 1024 * 1024
    max_uncompressed: int = 100 * 1024 * 1024
    max_ratio: int = 500  # only parts larger than ratio_checked_from are ratio-checked
    ratio_checked_from: int = 10 * 1024 * 1024
    max_entries: int = 2000
    max_sheets: int = 100
    max_rows: int = 10_000  # highest row number of a non-empty cell, per sheet
    max_columns: int = 300  # highest column number of a non-empty cell
    max_cells: int = 500_000  # non-empty cells, whole workbook (and merged ranges, per sheet)
    max_cell_chars: int = 32767


@dataclass(frozen=True)
class RawCell:
    # str | int | float | bool | datetime.datetime | datetime.date | datetime.time |
    # datetime.timedelta (a number in a duration format such as [h]:mm) | None.
    # For a formula cell: its CACHED value. For an error value: None (see ``error``).
    value: Any
    formula: bool  # the cell holds a formula
    cached: bool  # False only for a formula cell with no cached value (never read it as 0)
    error: str | None  # "#DIV/0!" etc.: the cell (or its formula's cached result) is an error
    number_format: str  # the cell's number format code ("General" when none)


@dataclass(frozen=True)
class RawSheet:
    title: str
    state: str  # "visible" | "hidden" | "veryHidden"
    cells: dict[tuple[int, int], RawCell]  # (row, column), 1-based; empty cells absent
    merges: tuple[tuple[int, int, int, int], ...]  # (min_row, min_col, max_row, max_col)

    def cell(self, row: int, column: int) -> RawCell | None:
        return self.cells.get((row, column))

    def merge_anchor(self, row: int, column: int) -> tuple[int, int] | None:
        """The top-left cell of the merged range covering (row, column), None if not merged."""
        for min_row, min_col, max_row, max_col in self.merges:
            if min_row <= row <= max_row and min_col <= column <= max_col:
                return min_row, min_col
        return None

    def max_row(self) -> int:
        """The highest row holding a non-empty cell (0 for an empty sheet)."""
        return max((row for row, _ in self.cells), default=0)


@dataclass(frozen=True)
class RawWorkbook:
    sheets: tuple[RawSheet, ...]  # worksheets in workbook order (chart sheets hold no cells)
    epoch_1904: bool  # dates count from 1904 (old Mac Excel); values are already converted

    def sheet(self, title: str) -> RawSheet | None:
        """The sheet with exactly this title."""
        return next((sheet for sheet in self.sheets if sheet.title == title), None)


@dataclass(frozen=True)
class _Refusal:
    """Makes the caller's error: ``workbook.too_many_rows`` here, ``restore.…`` for a restore."""

    error: type[LocalizedError]
    prefix: str

    def __call__(self, name: str, **params: Any) -> LocalizedError:
        return self.error(f"{self.prefix}.{name}", **params)


def read_workbook(
    data: bytes,
    *,
    limits: Limits = Limits(),  # frozen: sharing the default is safe
    progress: Callable[[int, int], None] | None = None,
    only: str | None = None,
    error: type[LocalizedError] = WorkbookRefused,
    prefix: str = _PREFIX,
) -> RawWorkbook:
    """Every non-empty cell of every worksheet (or of the sheet titled ``only``); raises
    ``error`` (:class:`WorkbookRefused` unless told) naming the first problem, with message ids
    under ``prefix``. ``progress(done, total)`` is called after each sheet and may raise to
    cancel."""
    refuse = _Refusal(error, prefix)
    reader = open_package(data, limits, error, prefix, exact_strings=True)
    try:
        with parsing(error, prefix):
            workbook = reader.wb
            formats = _number_formats(workbook)
            parts = [part for part in _worksheet_parts(reader) if only in (None, part[0])]
            epoch_1904 = workbook.epoch == MAC_EPOCH
        sheets: list[RawSheet] = []
        room = limits.max_cells
        for done, (title, state, path) in enumerate(parts, start=1):
            with parsing(error, prefix), reader.archive.open(path) as source:
                parser = _SheetParser(source, reader.shared_strings, workbook, limits, refuse)
                cells = _read_cells(parser, title, formats, limits, room, refuse)
            sheets.append(RawSheet(title, state, cells, tuple(parser.merges)))
            room -= len(cells)
            if progress is not None:
                progress(done, len(parts))
    finally:
        reader.archive.close()
    return RawWorkbook(tuple(sheets), epoch_1904)


def _number_formats(workbook: Any) -> list[str]:
    """The number format code of each cell style, by style index (a cell's ``s`` attribute).

    openpyxl keeps a style per ``<xf>`` of styles.xml in ``_cell_styles``, in file order, and
    renumbers custom formats from 164 into ``_number_formats``; lower ids are built-in formats.
    """
    custom = list(workbook._number_formats)

    def code(format_id: int) -> str:
        if format_id < BUILTIN_FORMATS_MAX_SIZE:
            return str(BUILTIN_FORMATS.get(format_id, _GENERAL))
        index = format_id - BUILTIN_FORMATS_MAX_SIZE
        return str(custom[index]) if index < len(custom) else _GENERAL

    return [code(style.numFmtId) for style in workbook._cell_styles]


def _worksheet_parts(reader: Any) -> Iterator[tuple[str, str, str]]:
    """Title, state and part of each worksheet, in workbook order, as openpyxl's
    ``ExcelReader.read_worksheets`` finds them (chart sheets hold no cells)."""
    for sheet, rel in reader.parser.find_sheets():
        if rel.target in reader.valid_files and "chartsheet" not in rel.Type:
            yield str(sheet.name), str(sheet.state or "visible"), str(rel.target)


def _read_cells(
    parser: _SheetParser,
    title: str,
    formats: list[str],
    limits: Limits,
    room: int,
    refuse: _Refusal,
) -> dict[tuple[int, int], RawCell]:
    cells: dict[tuple[int, int], RawCell] = {}
    for _, row in parser.parse():
        for found in row:
            cell = _raw_cell(found, formats)
            if cell is None:
                continue
            number, column = found["row"], found["column"]
            if number < 1 or column < 1:
                raise ValueError(f"a cell at row {number}, column {column}")
            if number > limits.max_rows:
                raise refuse("too_many_rows", sheet=title, limit=limits.max_rows)
            if column > limits.max_columns:
                raise refuse("too_many_columns", sheet=title, row=number, limit=limits.max_columns)
            if isinstance(cell.value, str) and len(cell.value) > limits.max_cell_chars:
                raise refuse(
                    "cell_too_long",
                    cell=f"{title}!{get_column_letter(column)}{number}",
                    limit=limits.max_cell_chars,
                )
            cells[number, column] = cell
            if len(cells) > room:
                raise refuse("too_many_cells", limit=limits.max_cells)
    return cells


def _raw_cell(found: dict[str, Any], formats: list[str]) -> RawCell | None:
    """The cell openpyxl's parser found, or None if it is empty."""
    value, error = found["value"], None
    if found["data_type"] == "e" and value is not None:
        value, error = None, str(value)
    formula: bool = found["formula"]
    if not formula and error is None and (value is None or value == ""):
        return None
    style = found["style_id"]
    number_format = formats[style] if 0 <= style < len(formats) else _GENERAL
    return RawCell(value, formula, found["cached"], error, number_format)


# openpyxl's worksheet parser is a private API: openpyxl is pinned (constraints.txt) and
# tests/exports/test_xlsx_reader.py covers every kind of cell it casts.
class _SheetParser(WorkSheetParser):  # type: ignore[misc]  # openpyxl has no type hints
    """openpyxl's worksheet parser, in one pass, keeping formula flags with cached values.

    ``parse_cell`` (openpyxl's, with data_only semantics) casts cached values as openpyxl always
    does: numbers, shared and inline strings (rich text as plain text), booleans, errors, dates
    through the workbook's date formats and epoch, and cells without an ``r`` attribute by
    position. ``parse`` replaces openpyxl's loop: it reads only rows and merged ranges (nothing
    else is needed, and nothing else can then fail), and drops every element once read, so a
    sheet never sits in memory whole.
    """

    def __init__(
        self,
        source: Any,
        shared_strings: Any,
        workbook: Any,
        limits: Limits,
        refuse: _Refusal,
    ) -> None:
        super().__init__(
            source,
            shared_strings,
            data_only=True,  # the cached value of a formula, cast like any value
            epoch=workbook.epoch,
            date_formats=workbook._date_formats,
            timedelta_formats=workbook._timedelta_formats,
        )
        self.limits, self.refuse = limits, refuse
        self.merges: list[tuple[int, int, int, int]] = []

    def parse(self) -> Iterator[tuple[int, list[dict[str, Any]]]]:
        open_elements: list[Any] = []
        row_depth = 0  # the depth of the row being read, 0 between rows
        in_row = 0  # elements inside that row so far
        rows = 0
        for event, element in iterparse(self.source, events=("start", "end")):
            if event == "start":
                open_elements.append(element)
                if len(open_elements) > _MAX_DEPTH:
                    raise ValueError(f"XML elements nested more than {_MAX_DEPTH} deep")
                if row_depth:
                    in_row += 1
                    if in_row > _MAX_ROW_ELEMENTS:
                        raise ValueError(f"a row holds more than {_MAX_ROW_ELEMENTS} elements")
                elif element.tag == ROW_TAG:
                    row_depth, in_row, rows = len(open_elements), 0, rows + 1
                    if rows > EXCEL_MAX_ROWS:  # even empty ones: no spreadsheet has more
                        raise ValueError(f"a sheet holds more than {EXCEL_MAX_ROWS} rows")
                continue
            open_elements.pop()
            if row_depth:
                if len(open_elements) >= row_depth:
                    continue  # a cell or its content: the row reads it when it ends
                row_depth = 0
                yield self.parse_row(element)
            elif element.tag == _MERGE_CELL_TAG:
                self._add_merge(element.get("ref"))
            if open_elements:
                open_elements[-1].remove(element)  # read: drop it (its parent holds only it)

    def _add_merge(self, ref: str | None) -> None:
        if not ref:
            return
        min_col, min_row, max_col, max_row = range_boundaries(ref)
        if None in (min_col, min_row, max_col, max_row):
            return  # a whole row or column: no spreadsheet program writes such a merge
        self.merges.append((min_row, min_col, max_row, max_col))
        if len(self.merges) > self.limits.max_cells:
            raise self.refuse("too_many_cells", limit=self.limits.max_cells)

    def parse_cell(self, element: Any) -> dict[str, Any]:
        kind = element.get("t", "n")
        text = element.findtext(VALUE_TAG)
        if (
            kind == "s"
            and text
            and not (text.isascii() and text.isdigit() and int(text) < len(self.shared_strings))
        ):
            # openpyxl would index the list with it: -1 would read the last string.
            raise ValueError(f"a cell refers to shared string {text[:20]!r}, which does not exist")
        cell: dict[str, Any] = super().parse_cell(element)
        if cell["data_type"] == "e" and kind != "e":
            # openpyxl turns a date-formatted number outside the calendar into #VALUE! (with a
            # warning): keep the number, the cell holds no error.
            cell["data_type"], cell["value"] = "n", _cast_number(text)
        formula = element.find(FORMULA_TAG) is not None
        if formula and kind == "str" and text == "":
            cell["value"] = ""  # a formula whose cached result is the empty text
        if kind in ("inlineStr", "str") and isinstance(cell["value"], str):
            cell["value"] = ooxml_unescape(cell["value"])  # shared strings come decoded
        cell["formula"] = formula
        cell["cached"] = (
            not formula
            or bool(text)
            or (kind == "str" and text is not None)
            or (kind == "inlineStr" and element.find(INLINE_STRING) is not None)
        )
        return cell
