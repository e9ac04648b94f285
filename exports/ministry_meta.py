"""The hidden metadata sheet of a ministry workbook: whose it is, and which cells it holds.

Layout (fixed English identifiers, read by program)::

    A                  B
    format             poa-report ministry workbook 1
    exchange_id        3f2a…            (the record of this sending, in the sender's database)
    report_id          4
    …                  (one line per FIELDS)
    key | question | sheet | cell      ← the map of every answer cell at export
    p21.status | p21.status | 21 Laws… | C5

The sheet is hidden, but nothing relies on that: Excel and LibreOffice may show it, drop its
state or its protection. The importer trusts it only as far as it checks: the exchange id must
be one this database sent (with the same checksum), or the country and cycle must be this
report's, and every key must belong to the template.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any, Final

from openpyxl.worksheet.worksheet import Worksheet

from exports.excel_cells import BOLD, put_int, put_text, set_widths
from exports.xlsx_reader import RawSheet
from forms.i18n import LocalizedError

META_SHEET: Final = "_poa_meta"
FORMAT: Final = "poa-report ministry workbook 1"
FIELDS: Final = (
    "format",
    "exchange_id",
    "report_id",
    "country",
    "cycle",
    "template_id",
    "template_version",
    "language",
    "ministry",
    "sections",
    "exported_at_utc",
    "checksum_sha256",
    "cells",
)
MAP_COLUMNS: Final = ("key", "question", "sheet", "cell")
MAP_HEADER_ROW: Final = len(FIELDS) + 2
_HEX32: Final = re.compile(r"[0-9a-f]{32}")
_HEX64: Final = re.compile(r"[0-9a-f]{64}")
_COUNTRY: Final = re.compile(r"[A-Z]{3}")
_SECTION: Final = re.compile(r"[A-Za-z0-9_]+")


class MinistryWorkbookError(LocalizedError):
    """The file is not a ministry workbook this program can import; nothing was changed."""


@dataclass(frozen=True)
class WorkbookMeta:
    exchange_id: str
    report_id: int
    country: str
    cycle: int
    template_id: str
    template_version: int
    language: str
    ministry: str
    sections: tuple[str, ...]
    exported_at: str
    checksum: str
    cells: tuple[tuple[str, str, str, str], ...]  # key, question, sheet, cell at export

    def questions(self) -> list[str]:
        """Every question the workbook was sent with, in workbook order, once each."""
        return list(dict.fromkeys(question for _, question, _, _ in self.cells))


def write_meta(ws: Worksheet, meta: WorkbookMeta) -> None:
    values: dict[str, Any] = {
        "format": FORMAT,
        "exchange_id": meta.exchange_id,
        "report_id": meta.report_id,
        "country": meta.country,
        "cycle": meta.cycle,
        "template_id": meta.template_id,
        "template_version": meta.template_version,
        "language": meta.language,
        "ministry": meta.ministry,
        "sections": ",".join(meta.sections),
        "exported_at_utc": meta.exported_at,
        "checksum_sha256": meta.checksum,
        "cells": len(meta.cells),
    }
    for row, name in enumerate(FIELDS, start=1):
        put_text(ws.cell(row, 1), name)
        value = values[name]
        if isinstance(value, int):
            put_int(ws.cell(row, 2), value, grouped=False)
        else:
            put_text(ws.cell(row, 2), value, code=True)
    for column, name in enumerate(MAP_COLUMNS, start=1):
        put_text(ws.cell(MAP_HEADER_ROW, column), name)
        ws.cell(MAP_HEADER_ROW, column).font = BOLD
    for row, entry in enumerate(meta.cells, start=MAP_HEADER_ROW + 1):
        for column, text in enumerate(entry, start=1):
            put_text(ws.cell(row, column), text, code=True)
    set_widths(ws, [24, 40, 30, 10])
    ws.sheet_state = "hidden"
    ws.protection.sheet = True


def read_meta(sheet: RawSheet | None) -> WorkbookMeta:
    """The metadata, checked for form; raises :class:`MinistryWorkbookError` naming the problem."""
    if sheet is None or _text(sheet, 1, 1) != "format":
        raise MinistryWorkbookError("ministry.not_ours")
    found = _text(sheet, 1, 2)
    if found != FORMAT:
        raise MinistryWorkbookError("ministry.wrong_format", found=found[:80], expected=FORMAT)
    fields: dict[str, Any] = {}
    for row, name in enumerate(FIELDS, start=1):
        if _text(sheet, row, 1) != name:
            raise MinistryWorkbookError("ministry.meta_damaged", field=name)
        cell = sheet.cell(row, 2)
        fields[name] = None if cell is None else cell.value
    cells = _read_map(sheet)
    meta = WorkbookMeta(
        exchange_id=_checked(fields, "exchange_id", _HEX32),
        report_id=_whole(fields, "report_id"),
        country=_checked(fields, "country", _COUNTRY),
        cycle=_whole(fields, "cycle"),
        template_id=_checked(fields, "template_id", re.compile(r"[a-z0-9][a-z0-9._-]{0,63}")),
        template_version=_whole(fields, "template_version"),
        language=_checked(fields, "language", re.compile(r"[a-z]{2}")),
        ministry=_plain(fields, "ministry"),
        sections=tuple(_checked(fields, "sections", re.compile(r"[A-Za-z0-9_,]+")).split(",")),
        exported_at=_exported_at(fields),
        checksum=_checked(fields, "checksum_sha256", _HEX64),
        cells=cells,
    )
    if _whole(fields, "cells") != len(cells) or not all(map(_SECTION.fullmatch, meta.sections)):
        raise MinistryWorkbookError("ministry.meta_damaged", field="cells")
    return meta


def _text(sheet: RawSheet, row: int, column: int) -> str:
    cell = sheet.cell(row, column)
    return cell.value.strip() if cell is not None and isinstance(cell.value, str) else ""


def _plain(fields: dict[str, Any], name: str) -> str:
    value = fields.get(name)
    if not isinstance(value, str) or not value.strip() or len(value) > 500:
        raise MinistryWorkbookError("ministry.meta_damaged", field=name)
    return value.strip()


def _checked(fields: dict[str, Any], name: str, pattern: re.Pattern[str]) -> str:
    value = _plain(fields, name)
    if not pattern.fullmatch(value):
        raise MinistryWorkbookError("ministry.meta_damaged", field=name)
    return value


def _whole(fields: dict[str, Any], name: str) -> int:
    value = fields.get(name)
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # LibreOffice may write 2024 as 2024.0
    if isinstance(value, str) and value.strip().isdigit():
        value = int(value.strip())
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise MinistryWorkbookError("ministry.meta_damaged", field=name)
    return value


def _exported_at(fields: dict[str, Any]) -> str:
    value = fields.get("exported_at_utc")
    if isinstance(value, dt.datetime):  # a program turned the text into a date: still fine
        return value.replace(microsecond=0).isoformat()
    text = _plain(fields, "exported_at_utc")
    try:
        dt.datetime.fromisoformat(text)
    except ValueError:
        raise MinistryWorkbookError("ministry.meta_damaged", field="exported_at_utc") from None
    return text


def _read_map(sheet: RawSheet) -> tuple[tuple[str, str, str, str], ...]:
    header = tuple(_text(sheet, MAP_HEADER_ROW, column) for column in range(1, 5))
    if header != MAP_COLUMNS:
        raise MinistryWorkbookError("ministry.meta_damaged", field="map")
    entries: list[tuple[str, str, str, str]] = []
    for row in range(MAP_HEADER_ROW + 1, sheet.max_row() + 1):
        texts = tuple(_text(sheet, row, column) for column in range(1, 5))
        if not any(texts):
            continue
        if not all(texts):
            raise MinistryWorkbookError("ministry.meta_damaged", field=f"A{row}")
        entries.append((texts[0], texts[1], texts[2], texts[3]))
    return tuple(entries)
