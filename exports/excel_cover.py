"""The cover sheet: who reports, for which period, from which template, and a fingerprint."""

from __future__ import annotations

import datetime as dt
from typing import Any

from openpyxl.styles import Alignment
from openpyxl.worksheet.worksheet import Worksheet

from exports.base import report_checksum
from exports.excel_cells import (
    BOLD,
    MUTED,
    print_setup,
    put_date,
    put_int,
    put_text,
    set_widths,
    title_row,
)
from forms.countries import country_name
from forms.display import format_contact
from forms.i18n import tr
from forms.validation import relevance
from reporting.service import ReportState

LEFT = Alignment(horizontal="left", vertical="top")
LANGUAGE_QUESTION = "a_state.report_language"


def write_cover(ws: Worksheet, state: ReportState, lang: str, generated_at: dt.datetime) -> None:
    info, answers = state.info, state.answers
    asked = relevance(state.template, answers)
    title_row(ws, state.template.title.get(lang))

    def answer(key: str) -> Any:
        return answers.get(key) if asked.get(key, False) else None

    rows: list[tuple[str, Any, str]] = [
        ("xlsx.cover.country", country_name(info.country, lang), "text"),
        ("xlsx.cover.iso_code", info.country, "code"),
        ("xlsx.cover.cycle", info.cycle, "year"),
        ("xlsx.cover.period_start", answer("a_state.period_start"), "date"),
        ("xlsx.cover.period_end", answer("a_state.period_end"), "date"),
        ("xlsx.cover.poc_poa", _contact(answer("a_contacts.poc_poa"), lang), "text"),
        ("xlsx.cover.poc_iti", _iti_contact(state, asked, lang), "text"),
        ("xlsx.cover.template", info.template_id, "code"),
        ("xlsx.cover.template_version", info.template_version, "year"),
        ("xlsx.cover.language", _language(state, lang), "text"),
        ("xlsx.cover.generated", generated_at, "date"),
        ("xlsx.cover.status", tr("xlsx.status.draft", lang), "text"),
        ("xlsx.cover.checksum", report_checksum(state), "code"),
    ]
    for row, (label_id, value, kind) in enumerate(rows, start=3):
        label = ws.cell(row, 1)
        put_text(label, tr(label_id, lang), wrap=True)
        label.font = BOLD
        cell = ws.cell(row, 2)
        if value is None or value == "":
            put_text(cell, tr("xlsx.no_response", lang))
            cell.font = MUTED
        elif kind == "date":
            put_date(cell, value)
            cell.alignment = LEFT
        elif kind == "year":
            put_int(cell, value, grouped=False)
            cell.alignment = LEFT
        else:
            put_text(cell, value, code=kind == "code", wrap=True)
    note = ws.cell(len(rows) + 4, 1)
    put_text(note, tr("xlsx.cover.note", lang))
    note.font = MUTED
    ws.freeze_panes = "A2"
    set_widths(ws, [34, 90])
    print_setup(ws)


def _language(state: ReportState, lang: str) -> str:
    """ "French (fr)": the label of the report-language question, and the code."""
    code = state.info.language
    if state.template.has_question(LANGUAGE_QUESTION):
        return f"{state.template.question(LANGUAGE_QUESTION).choice_label(code, lang)} ({code})"
    return code


def _contact(value: Any, lang: str) -> str | None:
    return format_contact(value, lang) if isinstance(value, dict) else None


def _iti_contact(state: ReportState, asked: dict[str, bool], lang: str) -> str | None:
    """The ITI point of contact, or a note that it is the PoA one (the template skips it then)."""
    if state.answers.get("a_contacts.same_poc_iti") == "yes":
        return tr("xlsx.cover.same_poc", lang)
    if asked.get("a_contacts.poc_iti", False):
        return _contact(state.answers.get("a_contacts.poc_iti"), lang)
    return None
