"""One cell of a returned ministry workbook, read as what a person meant.

People type numbers as text ("1 234", "1.234,5"), dates as text or as numbers in any format, use
formulas, merge cells. This module turns a cell into the raw value that ``forms.values.normalise``
then checks like typed input (with the report language's separators); anything it cannot read
surely is an error for that cell, never a guess — above all, a formula whose result was never
computed is reported, not read as 0 or as blank.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any, Final

from openpyxl.utils import get_column_letter
from openpyxl.utils.datetime import CALENDAR_MAC_1904, CALENDAR_WINDOWS_1900, from_excel

from exports.xlsx_reader import RawCell, RawSheet
from forms.i18n import LANGUAGES, LocalizedError, tr
from forms.model import CONTACT_TITLES, Question
from forms.values import InvalidValue, normalise

_FIRST_SERIAL: Final = 1
_LAST_SERIAL: Final = 2958465  # 9999-12-31
_YMD_SLASH: Final = re.compile(r"(\d{4})[/.](\d{1,2})[/.](\d{1,2})")
_TICKS: Final = frozenset({"x", "✓", "✔", "☑", "1", "true", "vrai"})
_NO_TICKS: Final = frozenset({"0", "false", "faux", "-", "–"})


class CellError(LocalizedError):
    """What is wrong with one cell (shown with its sheet, cell and question)."""


def cell_at(sheet: RawSheet, row: int, column: int) -> RawCell | None:
    """The cell, or None when empty; an empty cell hidden under a merge is an error."""
    cell = sheet.cell(row, column)
    if cell is None:
        anchor = sheet.merge_anchor(row, column)
        if anchor is not None and anchor != (row, column):
            raise CellError("ministry.value.merged", anchor=_coordinate(*anchor))
    return cell


def _coordinate(row: int, column: int) -> str:
    return f"{get_column_letter(column)}{row}"


def plain_value(cell: RawCell | None) -> Any:
    """The cell's value, or its formula's cached result; refuses what has no trustworthy value."""
    if cell is None:
        return None
    if cell.formula and not cell.cached:
        raise CellError("ministry.value.formula_without_result")
    if cell.error:
        raise CellError("ministry.value.error_value", value=cell.error)
    return cell.value


def read_scalar(question: Question, cell: RawCell | None, lang: str, epoch_1904: bool) -> Any:
    """The canonical value of one answer cell for ``question`` (a question or a table column)."""
    value = plain_value(cell)
    raw = _raw_for(question.type, value, epoch_1904)
    try:
        return normalise(question, raw, lang)
    except InvalidValue as exc:
        raise CellError("ministry.value.invalid", problem=exc) from None


def _raw_for(qtype: str, value: Any, epoch_1904: bool) -> Any:
    if value is None:
        return None
    if isinstance(value, str):
        if qtype in ("text", "long_text"):
            return value
        text = value.strip()
        if qtype == "date":
            match = _YMD_SLASH.fullmatch(text)
            if match:
                return "-".join(match.groups())
        if qtype == "country":
            return text.upper()
        if qtype == "multi_choice":  # a table cell: labels separated by ";" (or ",")
            return [item for part in text.split(";") for item in part.split(",")]
        return text
    if isinstance(value, bool):
        return str(value).upper()  # TRUE/FALSE: never a number, never a choice
    if isinstance(value, dt.datetime | dt.date):
        if qtype == "date":
            return value.date() if isinstance(value, dt.datetime) else value
        if isinstance(value, dt.datetime) and value.time() == dt.time(0):
            value = value.date()
        return value.isoformat()
    if isinstance(value, dt.time):
        return value.isoformat()
    if isinstance(value, int):
        if qtype == "date":
            return _serial_date(value, epoch_1904)
        return value if qtype in ("count", "year", "decimal") else str(value)
    if isinstance(value, float):
        if qtype == "date":
            return _serial_date(value, epoch_1904)
        if value.is_integer() and abs(value) < 1e15:
            whole = int(value)
            return whole if qtype in ("count", "year", "decimal") else str(whole)
        # A spreadsheet keeps 15 significant digits: show no more than it would.
        return format(value, ".15g")
    return str(value)


def _serial_date(serial: float, epoch_1904: bool) -> Any:
    """A date typed into a cell whose date format was lost: Excel stores it as a day number."""
    if not _FIRST_SERIAL <= serial <= _LAST_SERIAL or not float(serial).is_integer():
        return str(serial)  # not a day: normalise says so
    epoch = CALENDAR_MAC_1904 if epoch_1904 else CALENDAR_WINDOWS_1900
    moment = from_excel(serial, epoch)
    return moment.date() if isinstance(moment, dt.datetime) else moment


def read_tick(cell: RawCell | None) -> bool:
    """Whether an option is ticked: "Yes"/"Oui", x, ✓, 1 or TRUE; blank or "No" is not."""
    value = plain_value(cell)
    if value is None or value is False or value == 0:
        return False
    if value is True or value == 1:
        return True
    if isinstance(value, str):
        text = value.strip().casefold()
        yes = {tr("choice.yes", lang).casefold() for lang in LANGUAGES} | _TICKS
        no = {tr("choice.no", lang).casefold() for lang in LANGUAGES} | _NO_TICKS
        if text in yes:
            return True
        if not text or text in no:
            return False
    raise CellError("ministry.value.not_tick", value=str(value)[:80])


def read_title(cell: RawCell | None) -> str | None:
    """A contact's title from its code or its label in any language ("Mme", "Dr.")."""
    value = plain_value(cell)
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    text = str(value).strip().casefold().rstrip(".")
    for code in CONTACT_TITLES:
        labels = {code} | {
            tr(f"contact.title.{code}", lang).casefold().rstrip(".") for lang in LANGUAGES
        }
        if text in labels:
            return code
    raise CellError(
        "ministry.value.invalid",
        problem=InvalidValue(
            "value.not_a_choice", value=str(value), choices=", ".join(CONTACT_TITLES)
        ),
    )


def read_text(cell: RawCell | None, epoch_1904: bool) -> str | None:
    """A free text (a contact field, a reason): exactly as typed; numbers and dates as text."""
    raw = _raw_for("text", plain_value(cell), epoch_1904)
    if raw is None or not str(raw).strip():
        return None
    return str(raw)
