"""The cover sheet: who reports, for which period, from which template, and a fingerprint;
whether the report is a draft or final, and who prepared, reviewed and approved it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any, Final

from openpyxl.styles import Alignment
from openpyxl.worksheet.worksheet import Worksheet

from exports.base import history_head_text, report_checksum
from exports.excel_cells import (
    BOLD,
    MUTED,
    SUBTITLE,
    header_row,
    print_setup,
    put_date,
    put_int,
    put_text,
    set_widths,
    title_row,
)
from exports.signoff import SIGNOFF_ROLES, SIGNOFF_SECTION, has_signoff, person_name
from forms.countries import country_name
from forms.display import format_contact
from forms.i18n import tr
from forms.validation import relevance
from reporting.service import ReportState

LEFT = Alignment(horizontal="left", vertical="top")
LANGUAGE_QUESTION = "a_state.report_language"
SIGNOFF_COLUMNS: Final = ("role", "name", "position", "agency", "date")


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
        ("xlsx.cover.status", tr(status_message(state), lang), "text"),
        ("xlsx.cover.checksum", report_checksum(state), "code"),
        ("xlsx.cover.history_head", history_head_text(state, lang), "code"),
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
    last = len(rows) + 2
    if has_signoff(state.template):
        last = _write_signoff(ws, state, lang, answer, row=last + 2)
    note = ws.cell(last + 2, 1)
    put_text(note, tr("xlsx.cover.note", lang))
    note.font = MUTED
    ws.freeze_panes = "A2"
    set_widths(ws, [34, 64, 40, 44, 13])
    print_setup(ws)


def status_message(state: ReportState) -> str:
    """The report's status: final once marked so after approval, else a draft."""
    return "xlsx.status.final" if state.final else "xlsx.status.draft"


def _write_signoff(
    ws: Worksheet, state: ReportState, lang: str, answer: Callable[[str], Any], *, row: int
) -> int:
    """Who prepared, reviewed and approved the report: a small table, a person a row.

    Returns the last row written.
    """
    template = state.template
    title = ws.cell(row, 1)
    put_text(title, template.section(SIGNOFF_SECTION).title.get(lang))
    title.font = SUBTITLE
    header_row(ws, row + 1, [tr(f"xlsx.signoff.{field}", lang) for field in SIGNOFF_COLUMNS])
    for offset, (who, when) in enumerate(SIGNOFF_ROLES, start=2):
        person = template.question(f"{SIGNOFF_SECTION}.{who}")
        role = ws.cell(row + offset, 1)
        put_text(role, person.label.get(lang), wrap=True)
        role.font = BOLD
        contact = answer(person.key)
        name = ws.cell(row + offset, 2)
        if not isinstance(contact, dict) or not contact:
            put_text(name, tr("xlsx.no_response", lang))
            name.font = MUTED
        else:
            put_text(name, person_name(contact, lang), wrap=True)
            for column, field in ((3, "position"), (4, "organisation")):
                if contact.get(field):
                    put_text(ws.cell(row + offset, column), contact[field], wrap=True)
        date = answer(f"{SIGNOFF_SECTION}.{when}")
        if isinstance(date, str) and date:
            cell = ws.cell(row + offset, 5)
            put_date(cell, date)
            cell.alignment = LEFT
    return row + 1 + len(SIGNOFF_ROLES)


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
