"""How one stored answer is written on the data sheet and read back, exactly.

A value is written in one of three formats (the data sheet's "format" column):

- ``number``: a whole number Excel keeps exactly (at most 15 digits), as a number cell;
- ``text``: a text written as it is, when every spreadsheet program reads it back unchanged;
- ``json``: JSON text — structured values (tables, grids, contacts, lists), and texts that are
  not safe as they are.

"Safe" is decided by what we saw programs do: LibreOffice turns CR LF into LF; openpyxl reads
shared strings with every ``x005F_`` removed and inline strings with ``_xHHHH_`` left escaped,
so no reader sees such sequences the same way; XML cannot carry most control characters. A text
with any of these is written as a JSON string in which every underscore, control character,
space and non-character is a ``\\uXXXX`` escape ("armoured"): it then holds only characters that
survive every program, and JSON decoding gives back the exact text.

A value too long for one cell (32,767 UTF-16 units) is armoured too and split over the
following cells of its row; joining them gives the JSON text back.
"""

from __future__ import annotations

import json
import re
from typing import Any, Final

from exports.excel_cells import CELL_LIMIT, is_exact_integer, utf16_length
from forms.i18n import LocalizedError

NUMBER: Final = "number"
TEXT: Final = "text"
JSON: Final = "json"
FORMATS: Final = (NUMBER, TEXT, JSON)
STRUCTURED_TYPES: Final = ("multi_choice", "contact", "table", "grid", "attachment")
INTEGER_TYPES: Final = ("count", "year")
# Room left below Excel's limit, so a chunk never meets openpyxl's silent truncation.
CHUNK: Final = CELL_LIMIT - 767

_UNSAFE: Final = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\ufffe\uffff\ud800-\udfff]|_x[0-9A-Fa-f]{4}_")
_X005F: Final = re.compile("x005f_", re.IGNORECASE)
_DIGITS: Final = re.compile(r"-?[0-9]+")
_ARMOUR: Final = re.compile(r"[_\s\x00-\x1f\x7f\ufffe\uffff\ud800-\udfff]")


def is_safe_text(text: str) -> bool:
    """Whether ``text`` reads back unchanged from any spreadsheet program as a plain cell."""
    return bool(text.strip()) and not _UNSAFE.search(text) and not _X005F.search(text)


def armour(json_text: str) -> str:
    """JSON text with every underscore, space and control character written as ``\\uXXXX``.

    Underscores and spaces only occur inside JSON strings (or as insignificant whitespace), where
    an escape means the same character: the decoded value is unchanged.
    """
    return _ARMOUR.sub(lambda match: f"\\u{ord(match.group()):04x}", json_text)


def split(text: str) -> list[str]:
    """Cut armoured text into pieces of at most CHUNK UTF-16 units (it holds no escapes to cut)."""
    pieces: list[str] = []
    start = 0
    while start < len(text):
        end = min(len(text), start + CHUNK)
        while utf16_length(text[start:end]) > CHUNK:
            end -= (utf16_length(text[start:end]) - CHUNK + 1) // 2 or 1
        pieces.append(text[start:end])
        start = end
    return pieces or [""]


def encode(qtype: str, value: Any) -> tuple[str, list[Any]]:
    """The format and the cells of one stored value."""
    if isinstance(value, int) and not isinstance(value, bool):
        if is_exact_integer(value):
            return NUMBER, [value]
        return TEXT, [str(value)]  # digits only: safe, and exact as text
    if isinstance(value, str) and qtype not in STRUCTURED_TYPES:
        if is_safe_text(value) and utf16_length(value) <= CHUNK:
            return TEXT, [value]
        return JSON, split(armour(json.dumps(value, ensure_ascii=False)))
    text = json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    if is_safe_text(text) and utf16_length(text) <= CHUNK:
        return JSON, [text]
    return JSON, split(armour(text))


class DecodeError(LocalizedError):
    """A data-sheet cell does not hold what its format says."""


def decode(fmt: str, cells: list[Any], qtype: str) -> Any:
    """The value written by :func:`encode` (before checking it against its question)."""
    if fmt == NUMBER:
        if len(cells) != 1:
            raise DecodeError("restore.decode.one_cell")
        return _number(cells[0])
    if not cells or not all(isinstance(cell, str) for cell in cells):
        raise DecodeError("restore.decode.text_expected")
    text = "".join(cells)
    if fmt == TEXT:
        if len(cells) != 1:
            raise DecodeError("restore.decode.one_cell")
        if not is_safe_text(text):
            # We never write such a text plainly: some program changed it on the way.
            raise DecodeError("restore.decode.altered")
        if qtype in INTEGER_TYPES and _DIGITS.fullmatch(text):
            return int(text)  # a whole number too long for a spreadsheet number
        return text
    if fmt == JSON:
        try:
            return json.loads(text, parse_float=str)
        except (ValueError, RecursionError):
            raise DecodeError("restore.decode.json") from None
    raise DecodeError("restore.decode.format", format=fmt)


def _number(cell: Any) -> int:
    # LibreOffice may write a whole number as 12.0 or 1.2E+1: accept exact whole floats only.
    if isinstance(cell, bool):
        raise DecodeError("restore.decode.number")
    if isinstance(cell, int):
        return cell
    if isinstance(cell, float) and cell.is_integer() and is_exact_integer(int(cell)):
        return int(cell)
    raise DecodeError("restore.decode.number")
