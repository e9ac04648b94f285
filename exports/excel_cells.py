"""Writing one cell safely: text that never becomes a formula, numbers that stay exact, real dates.

Every cell of the workbook goes through these helpers, so the spreadsheet traps of
``RELIABILITY.md`` are handled in one place:

- openpyxl stores any string that starts with ``=`` as a live formula. :func:`put_text` assigns the
  text and then forces the cell type back to a string (``data_type = "s"``), so the text is stored
  exactly as typed — no apostrophe or invisible character is added, which keeps the data sheet an
  exact copy. A text that starts with a formula trigger (``= + - @``, tab, CR, LF and their
  full-width forms) also gets Excel's own "quote prefix" cell flag: Excel then keeps it as text
  even when someone edits the cell later, as if it had been typed with a leading apostrophe.
- OOXML escapes characters as ``_xHHHH_``: a literal ``_x0041_`` in user text would read as "A"
  in Excel, and a carriage return is lost by XML parsing. Both are escaped the OOXML way.
- Excel keeps 32,767 UTF-16 units per cell and openpyxl silently truncates longer strings:
  texts are measured and cut here with a visible marker (human sheets) or refused (data sheet,
  which splits long values itself — see ``excel_codec``).
- Excel keeps 15 significant digits: larger integers are written as text, never rounded.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from decimal import Decimal
from typing import Any, Final

from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from forms.display import format_value
from forms.model import Question
from forms.numbers import as_decimal

CELL_LIMIT: Final = 32767  # UTF-16 units Excel keeps in one cell
MAX_EXACT_DIGITS: Final = 15  # significant digits Excel keeps in a number
DATE_FORMAT: Final = "yyyy-mm-dd"
DATETIME_FORMAT: Final = "yyyy-mm-dd hh:mm"
TEXT_FORMAT: Final = "@"
# A leading character that makes Excel or LibreOffice read a cell as a formula (OWASP).
FORMULA_TRIGGERS: Final = ("=", "+", "-", "@", "\t", "\r", "\n", "＝", "＋", "－", "＠")

BOLD: Final = Font(bold=True)
TITLE: Final = Font(bold=True, size=14)
SUBTITLE: Final = Font(bold=True, size=12)
MUTED: Final = Font(italic=True, color="FF666666")
HEADER_FILL: Final = PatternFill("solid", fgColor="FFDDE3EA")
WRAP: Final = Alignment(wrap_text=True, vertical="top")
TOP: Final = Alignment(vertical="top")

# An underscore that would start an escape once read — also when the character after it is one
# that is itself escaped (its escape starts with "_").
_OOXML_ESCAPE: Final = re.compile(r"_(?=x[0-9A-Fa-f]{4}(?:_|[\x00-\x08\x0b-\x1f\ufffe\uffff]))")
_OOXML_ESCAPED: Final = re.compile(
    r"_x([dD][89abAB][0-9a-fA-F]{2}_\_x[dD][c-fC-F][0-9a-fA-F]{2})_|_x([0-9A-Fa-f]{4})_"
)
# Characters XML 1.0 cannot carry, plus CR, which XML parsing turns into LF.
_UNSAFE_CHARS: Final = re.compile(r"[\x00-\x08\x0b-\x1f\ufffe\uffff]")
# Characters Excel forbids in sheet titles.
_TITLE_FORBIDDEN: Final = re.compile(r"[\[\]:*?/\\]")
_TITLE_LIMIT: Final = 31


def ooxml_escape(text: str) -> str:
    """The text as OOXML stores it: what Excel and LibreOffice read back as ``text``."""
    text = _OOXML_ESCAPE.sub("_x005F_", text)
    text = _UNSAFE_CHARS.sub(lambda match: f"_x{ord(match.group()):04X}_", text)
    if text and not text.strip():
        # openpyxl marks only texts with visible characters as space-preserving; a text of
        # nothing but spaces would be emptied by the reader, so its first space is escaped.
        text = f"_x{ord(text[0]):04X}_{text[1:]}"
    return text


def ooxml_unescape(text: str) -> str:
    """What Excel shows for stored ``text``: each ``_xHHHH_`` is the character HHHH.

    A pair of escaped surrogates is one character (an emoji); a lone surrogate cannot be text,
    so its escape is left as written.
    """
    if "_x" not in text:
        return text

    def decode(match: re.Match[str]) -> str:
        pair = match.group(1)
        if pair is not None:
            high, low = int(pair[:4], 16), int(pair[7:11], 16)
            return chr(0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00))
        code = int(match.group(2), 16)
        return match.group() if 0xD800 <= code <= 0xDFFF else chr(code)

    return _OOXML_ESCAPED.sub(decode, text)


def utf16_length(text: str) -> int:
    """Length as Excel counts it: characters outside the BMP (emoji) take two units."""
    return len(text.encode("utf-16-le", "surrogatepass")) // 2


def cell_cost(text: str) -> int:
    """What ``text`` takes of a cell's 32,767 units once escaped (always ≥ its own length)."""
    return utf16_length(ooxml_escape(text))


def fit(text: str, marker: str) -> str:
    """``text``, or its beginning followed by ``marker`` when it would not fit in one cell."""
    if cell_cost(text) <= CELL_LIMIT:
        return text
    keep = CELL_LIMIT - cell_cost(marker)
    while keep > 0 and cell_cost(text[:keep]) + cell_cost(marker) > CELL_LIMIT:
        keep -= max(1, cell_cost(text[:keep]) + cell_cost(marker) - CELL_LIMIT)
    return text[: max(keep, 0)] + marker


def put_text(
    cell: Cell,
    text: str,
    *,
    code: bool = False,
    wrap: bool = False,
    marker: str = " […]",
    exact: bool = False,
) -> None:
    """Write ``text`` as a string cell, never as a formula; ``code`` keeps a text number format.

    A text too long for one cell is cut and ends with ``marker`` — or, with ``exact`` (the data
    sheet, which splits long values itself), refused with ValueError: openpyxl would otherwise
    truncate it without a word.
    """
    stored = ooxml_escape(text)
    if utf16_length(stored) > CELL_LIMIT:
        if exact:
            raise ValueError(f"text of {utf16_length(stored)} units does not fit in cell {cell}")
        stored = ooxml_escape(fit(text, marker))
    cell.value = stored
    cell.data_type = "s"  # openpyxl turned a leading "=" into a formula: undo it
    if text.startswith(FORMULA_TRIGGERS):
        cell.quotePrefix = True
    if code:
        cell.number_format = TEXT_FORMAT
    cell.alignment = WRAP if wrap else TOP


def is_exact_integer(number: int) -> bool:
    return abs(number) < 10**MAX_EXACT_DIGITS


def _unit_suffix(unit: str | None) -> str:
    # Quotes and backslashes cannot appear inside a quoted number-format literal.
    clean = (unit or "").replace('"', "").replace("\\", "").strip()
    return f' "{clean}"' if clean else ""


def put_int(cell: Cell, number: int, *, unit: str | None = None, grouped: bool = True) -> None:
    """A whole number as a number when Excel keeps it exactly, else as text (never rounded)."""
    if is_exact_integer(number):
        cell.value = number
        cell.number_format = ("#,##0" if grouped else "0") + _unit_suffix(unit)
        cell.alignment = TOP
    else:
        put_text(cell, f"{number} {unit}" if unit else str(number))
        cell.alignment = Alignment(horizontal="right", vertical="top")


def put_decimal(
    cell: Cell, value: str | Decimal, *, unit: str | None = None, places: int = 0
) -> None:
    """An exact decimal as a number with as many places as it has, when 15 digits hold it."""
    number = Decimal(value)
    digits = number.normalize().as_tuple()
    exponent = digits.exponent if isinstance(digits.exponent, int) else 0
    shown = max(places, -exponent, 0)
    if len(digits.digits) <= MAX_EXACT_DIGITS and shown <= 30:
        cell.value = int(number) if number == number.to_integral_value() else float(number)
        pattern = "#,##0" + ("." + "0" * shown if shown else "")
        cell.number_format = pattern + _unit_suffix(unit)
        cell.alignment = TOP
    else:
        text = format(number.normalize(), "f")
        put_text(cell, f"{text} {unit}" if unit else text)
        cell.alignment = Alignment(horizontal="right", vertical="top")


def put_date(cell: Cell, value: str | dt.date | dt.datetime) -> None:
    """A real date (or date and time) with an ISO number format."""
    if isinstance(value, str):
        value = dt.date.fromisoformat(value)
    cell.value = value
    cell.number_format = DATETIME_FORMAT if isinstance(value, dt.datetime) else DATE_FORMAT
    cell.alignment = TOP


def put_answer(cell: Cell, question: Question, value: Any, lang: str, marker: str) -> None:
    """An answer for people: numbers and dates typed, everything else as its display text."""
    unit = question.unit.get(lang) if question.unit else None
    if question.type in ("count", "year") and isinstance(value, int):
        put_int(cell, value, unit=unit, grouped=question.type == "count")
    elif question.type == "decimal" and as_decimal(value) is not None:
        put_decimal(cell, value, unit=unit)
    elif question.type == "date" and isinstance(value, str):
        put_date(cell, value)
    else:
        put_text(cell, format_value(question, value, lang), wrap=True, marker=marker)


def sheet_title(wanted: str, used: set[str]) -> str:
    """A valid, unique sheet title: ≤ 31 characters, none of []:*?/\\, no edge apostrophes."""
    title = _TITLE_FORBIDDEN.sub("-", wanted).strip().strip("'") or "Sheet"
    if title.casefold() == "history":  # reserved by Excel
        title = f"{title} (1)"
    title = title[:_TITLE_LIMIT].rstrip()
    base, number = title, 2
    while title.casefold() in used:
        suffix = f" ({number})"
        title = base[: _TITLE_LIMIT - len(suffix)].rstrip() + suffix
        number += 1
    used.add(title.casefold())
    return title


def fit_row_heights(ws: Worksheet, first_row: int = 1) -> None:
    """Give rows with wrapped text a height that shows it all.

    Neither openpyxl nor LibreOffice sizes such rows when a file is opened, so multi-line
    answers would overlap. The estimate (one character per unit of column width) errs on the
    tall side; Excel caps a row at 409 points.
    """
    merged = {place for ranges in ws.merged_cells.ranges for place in ranges.cells}
    for row in ws.iter_rows(min_row=first_row):
        lines = 1
        for cell in row:
            if not isinstance(cell.value, str) or not cell.alignment.wrap_text:
                continue
            if (cell.row, cell.column) in merged:
                continue  # sized by its writer
            width = ws.column_dimensions[cell.column_letter].width or 13
            per_line = max(1, int(width * 1.1))
            needed = sum(max(1, -(-len(line) // per_line)) for line in cell.value.split("\n"))
            lines = max(lines, needed)
        if lines > 1:
            ws.row_dimensions[row[0].row].height = min(409, 15 * lines)


def set_widths(ws: Worksheet, widths: Sequence[float]) -> None:
    for index, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(index)].width = width


def header_row(ws: Worksheet, row: int, labels: list[str]) -> None:
    for column, label in enumerate(labels, start=1):
        cell = ws.cell(row, column)
        put_text(cell, label, wrap=True)
        cell.font = BOLD
        cell.fill = HEADER_FILL


def title_row(ws: Worksheet, text: str, *, row: int = 1) -> None:
    cell = ws.cell(row, 1)
    put_text(cell, text)
    cell.font = TITLE


def print_setup(ws: Worksheet, title_rows: str | None = None) -> None:
    """Landscape, one page wide: how a ministry prints a draft for approval."""
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    if title_rows:
        ws.print_title_rows = title_rows
