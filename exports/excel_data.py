"""The "data" sheet: every stored value, machine-readable, enough to restore the report exactly.

Layout (stable: ``exports.restore`` reads it, other tools may too)::

    A            B                    C
    format       poa-report-data 1    (a note for people)
    template_id  bms8-2022
    …            (one line per HEADER_FIELDS)
    key | type | format | tags | unit | value | continued…   ← the table header (TABLE_COLUMNS)
    p21.status | single_choice | text | [BMS8 21] | | implemented
    …

Labels are fixed English identifiers in every report language, and the sheet is named "data"
in every language, so a program finds it without knowing the language. Values are written by
``excel_codec`` (number, text or JSON, long values continued in the cells to the right).
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Final

from openpyxl.worksheet.worksheet import Worksheet

from exports.base import report_checksum
from exports.excel_cells import BOLD, HEADER_FILL, MUTED, put_int, put_text, set_widths
from exports.excel_codec import encode
from forms.i18n import tr
from reporting.service import ReportState

DATA_SHEET: Final = "data"
FORMAT_VERSION: Final = "poa-report-data 1"
HEADER_FIELDS: Final = (
    "format",
    "template_id",
    "template_version",
    "country",
    "cycle",
    "language",
    "checksum_sha256",
    "generated_at_utc",
    "values",
)
TABLE_COLUMNS: Final = ("key", "type", "format", "tags", "unit", "value")
TABLE_HEADER_ROW: Final = len(HEADER_FIELDS) + 1
FIRST_VALUE_COLUMN: Final = TABLE_COLUMNS.index("value") + 1


def ordered_keys(state: ReportState) -> list[str]:
    """Stored keys in the template's order; keys the template lacks (none expected) last."""
    in_template = [q.key for q in state.template.questions() if q.key in state.answers]
    known = set(in_template)
    return in_template + sorted(key for key in state.answers if key not in known)


def write_data_sheet(
    ws: Worksheet, state: ReportState, lang: str, generated_at: dt.datetime
) -> None:
    info = state.info
    keys = [key for key in ordered_keys(state) if state.answers[key] is not None]
    header: dict[str, Any] = {
        "format": FORMAT_VERSION,
        "template_id": info.template_id,
        "template_version": info.template_version,
        "country": info.country,
        "cycle": info.cycle,
        "language": info.language,
        "checksum_sha256": report_checksum(state),
        "generated_at_utc": generated_at.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "values": len(keys),
    }
    for row, field in enumerate(HEADER_FIELDS, start=1):
        put_text(ws.cell(row, 1), field, code=True)
        ws.cell(row, 1).font = BOLD
        value = header[field]
        if isinstance(value, int):
            put_int(ws.cell(row, 2), value, grouped=False)
        else:
            put_text(ws.cell(row, 2), value, code=True)
    note = ws.cell(1, 3)
    put_text(note, tr("xlsx.data.note", lang))
    note.font = MUTED

    widest = 1
    for column, label in enumerate(TABLE_COLUMNS, start=1):
        cell = ws.cell(TABLE_HEADER_ROW, column)
        put_text(cell, label, code=True)
        cell.font, cell.fill = BOLD, HEADER_FILL
    for row, key in enumerate(keys, start=TABLE_HEADER_ROW + 1):
        question = state.template.question(key) if state.template.has_question(key) else None
        qtype = question.type if question else ""
        fmt, cells = encode(qtype, state.answers[key])
        unit = question.unit.get(lang) if question and question.unit else ""
        tags = " ".join(question.tags) if question else ""
        for column, text in enumerate((key, qtype, fmt, tags, unit), start=1):
            if text:
                put_text(ws.cell(row, column), text, code=True, exact=True)
        for offset, item in enumerate(cells):
            cell = ws.cell(row, FIRST_VALUE_COLUMN + offset)
            if isinstance(item, int):
                put_int(cell, item, grouped=False)
            else:
                put_text(cell, item, code=True, exact=True)
        widest = max(widest, len(cells))
    if widest > 1:
        put_text(ws.cell(TABLE_HEADER_ROW, FIRST_VALUE_COLUMN + 1), "continued", code=True)
    ws.freeze_panes = ws.cell(TABLE_HEADER_ROW + 1, 1)
    set_widths(ws, [34, 15, 9, 30, 10, 90] + [40] * (widest - 1))
