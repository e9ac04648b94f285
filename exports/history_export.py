"""A report's history (its audit trail) as a table, for an audit: CSV or an Excel workbook.

:func:`history_table` turns ``Database.history(report_id)`` into rows people can read, one row
per history entry, in the same order (oldest first) and with nothing left out:

- **when**: the time as stored, UTC ISO 8601 (the header says so): no conversion to a local
  time that an auditor in another time zone would read differently;
- **who**: the user name recorded;
- **what**: the key as stored, the section's title and the question's label; a section's review
  status (``@status/<section>``) reads "status", the report's (``@status/report``) "report
  status", an attachment (``@attachment/<id>``) "attached file";
- **old and new value**: an answer as the screen shows it (``forms.display.format_value``),
  anything else as its raw text; a blank value is an empty cell;
- **why**: the comment or reason given with a status change;
- **source**: where the change came from, translated, and its detail: the file and SHA-256 of
  a ministry workbook, the file imported, the report carried forward from.

:func:`history_csv` and :func:`history_xlsx` write those rows. Both keep every cell text.

**Formula injection.** A spreadsheet program opening the CSV would take a cell that starts with
``=``, ``+``, ``-`` or ``@`` (or a tab, CR or LF) for a formula, which can run commands or leak
data (OWASP, "CSV Injection"). As OWASP advises, such a cell is written with a leading
apostrophe (``'=1+1``): spreadsheets then show the text, and a program reading the CSV sees the
apostrophe and knows why it is there (a text that starts with an apostrophe of its own is left
as it is). The full-width forms (``＝`` …), which some spreadsheets also accept, are treated the
same way. The workbook needs no apostrophe: each cell is stored
as a string (see ``exports.excel_cells.put_text``), so nothing in it can be a formula.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Sequence
from dataclasses import astuple, dataclass, fields
from typing import Any, Final

from openpyxl import Workbook

from exports.excel import save_workbook, utc_naive
from exports.excel_cells import (
    FORMULA_TRIGGERS,
    MUTED,
    fit_row_heights,
    header_row,
    print_setup,
    put_int,
    put_text,
    set_widths,
    sheet_title,
    title_row,
)
from forms.countries import country_name
from forms.display import format_value
from forms.i18n import tr
from forms.model import Question, Section, Template
from reporting.ministries import read_provenance
from storage import ATTACHMENT_KEY_PREFIX, HistoryEntry, ReportInfo

# The history keys of review statuses (issue 7), as storage writes them.
STATUS_PREFIX: Final = "@status/"
REPORT_STATUS_KEY: Final = f"{STATUS_PREFIX}report"
CSV_BOM: Final = "\ufeff"  # lets Excel know the file is UTF-8
QUOTE_PREFIX: Final = "'"
HEADER_ROW: Final = 4  # of the workbook: a title and two notes above it
WIDTHS: Final = (7, 33, 14, 28, 30, 34, 40, 40, 30, 18, 40)


@dataclass(frozen=True)
class HistoryRow:
    """One history entry, every field text ready to show (empty when there is nothing)."""

    entry_id: int  # the history entry's id in the database (shared by all reports)
    changed_at: str  # UTC, ISO 8601, exactly as stored
    user: str
    key: str  # as stored: "p21.status", "@status/p21", "@status/report", "@attachment/3"
    section: str  # the section's title; empty for the report as a whole and attachments
    what: str  # the question's label, "status", "report status", "attached file" …
    old_value: str
    new_value: str
    reason: str  # why: the comment or reason given with a status change
    source: str  # the kind of source, translated
    source_detail: str

    def cells(self) -> tuple[Any, ...]:
        return astuple(self)


COLUMNS: Final = tuple(field.name for field in fields(HistoryRow))
CODE_COLUMNS: Final = frozenset({"changed_at", "key"})  # text format, one line: as stored


def history_table(entries: list[HistoryEntry], template: Template, lang: str) -> list[HistoryRow]:
    """One row per entry, in the same order; ``lang`` is the language of labels and values."""
    return [_row(entry, template, lang) for entry in entries]


def _row(entry: HistoryEntry, template: Template, lang: str) -> HistoryRow:
    section, what, question = _subject(entry.key, template, lang)
    source, detail, reason = _source(entry, lang)
    return HistoryRow(
        entry_id=entry.id,
        changed_at=entry.changed_at,
        user=entry.user,
        key=entry.key,
        section=section,
        what=what,
        old_value=_value(entry.key, question, entry.old_value, lang),
        new_value=_value(entry.key, question, entry.new_value, lang),
        reason=reason,
        source=source,
        source_detail=detail,
    )


def _subject(key: str, template: Template, lang: str) -> tuple[str, str, Question | None]:
    """(section title, what changed, the question if the key is one) of a history key."""
    if key == REPORT_STATUS_KEY:
        return "", tr("history.what.report_status", lang), None
    if key.startswith(STATUS_PREFIX):
        section_key = key.removeprefix(STATUS_PREFIX)
        return _section_title(template, section_key, lang), tr("history.what.status", lang), None
    if key.startswith(ATTACHMENT_KEY_PREFIX):
        return "", tr("history.what.attachment", lang), None
    if template.has_question(key):
        question = template.question(key)
        section = _section_title(template, question.section_key, lang)
        return section, question.label.get(lang), question
    # A key the template does not know (an answer kept from an older template): as stored.
    return _section_title(template, key.split(".", 1)[0], lang), key, None


def _section_title(template: Template, section_key: str, lang: str) -> str:
    try:
        section: Section = template.section(section_key)
    except KeyError:
        return section_key
    title = section.title.get(lang)
    return f"{section.paragraph}. {title}" if section.paragraph is not None else title


def _value(key: str, question: Question | None, value: Any, lang: str) -> str:
    if value is None:
        return ""
    if question is not None:
        try:
            return format_value(question, value, lang)
        except (AttributeError, KeyError, TypeError, ValueError, ArithmeticError):
            pass  # a value its question no longer takes: shown as stored
    elif key.startswith(ATTACHMENT_KEY_PREFIX) and isinstance(value, dict) and "name" in value:
        return tr(
            "history.attachment",
            lang,
            name=value["name"],
            size=value.get("size", "?"),
            sha256=value.get("sha256", ""),
        )
    return _raw(value)


def _raw(value: Any) -> str:
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def _source(entry: HistoryEntry, lang: str) -> tuple[str, str, str]:
    """(source, its detail, the reason) of an entry."""
    kind, detail = entry.source.kind, entry.source.detail or ""
    name = tr(f"history.source.{kind}", lang)
    if name == f"history.source.{kind}":  # a kind this program does not know yet
        name = kind
    if kind == "workflow":
        return name, "", _reason(detail, lang)
    if kind == "typed" and detail == "confirmed":
        return name, tr("history.detail.confirmed", lang), ""
    if kind == "carried_forward" and detail:
        return name, tr("history.detail.carried_forward", lang, report=detail), ""
    if kind == "ministry":
        found = read_provenance(detail)
        if found.get("file"):
            shown = tr(
                "history.detail.ministry",
                lang,
                ministry=found.get("ministry", ""),
                file=found["file"],
                sha256=found.get("sha256", ""),
            )
            return name, shown, ""
    return name, detail, ""


def _reason(detail: str, lang: str) -> str:
    """The comment or reason of a status change; the warnings acknowledged when made final."""
    try:
        data = json.loads(detail)
    except ValueError:
        return detail
    if isinstance(data, dict) and isinstance(data.get("acknowledged"), list):
        warnings = [str(item) for item in data["acknowledged"]]
        if not warnings:
            return ""
        return tr("history.why.acknowledged", lang, warnings="\n".join(warnings))
    return detail


def headers(lang: str) -> list[str]:
    return [tr(f"history.col.{column}", lang) for column in COLUMNS]


# CSV


def neutralise(text: str) -> str:
    """The cell with a leading apostrophe if a spreadsheet would read it as a formula."""
    return QUOTE_PREFIX + text if text.startswith(FORMULA_TRIGGERS) else text


def history_csv(rows: Sequence[HistoryRow], lang: str) -> bytes:
    """UTF-8 with a byte-order mark, a header row, RFC 4180 quoting and CRLF line ends.

    Cells a spreadsheet would take for formulas start with an apostrophe (see the module notes).
    """
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, dialect="excel", quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
    writer.writerow([neutralise(text) for text in headers(lang)])
    for row in rows:
        writer.writerow([neutralise(str(cell)) for cell in row.cells()])
    return (CSV_BOM + buffer.getvalue()).encode("utf-8")


# Excel


def history_xlsx(
    rows: Sequence[HistoryRow], lang: str, *, report: ReportInfo, generated_at: dt.datetime
) -> bytes:
    """One sheet: a title, the header (frozen, with filters), then a row per history entry.

    The same rows and ``generated_at`` give the same bytes (see ``exports.excel``).
    """
    when = utc_naive(generated_at)
    country = country_name(report.country, lang)
    workbook = Workbook()
    ws = workbook.active
    ws.title = sheet_title(tr("history.sheet", lang), set())
    title_row(ws, tr("history.title", lang, country=country, cycle=report.cycle))
    notes = (
        tr("history.generated", lang, date=when.strftime("%Y-%m-%d %H:%M")),
        tr("history.note", lang),
    )
    for row, text in enumerate(notes, start=2):
        cell = ws.cell(row, 1)
        put_text(cell, text)
        cell.font = MUTED
    header_row(ws, HEADER_ROW, headers(lang))
    marker = tr("history.truncated", lang)
    for number, history_row in enumerate(rows, start=HEADER_ROW + 1):
        for column, (name, value) in enumerate(zip(COLUMNS, history_row.cells(), strict=True), 1):
            cell = ws.cell(number, column)
            if isinstance(value, int):
                put_int(cell, value, grouped=False)
            elif value:
                code = name in CODE_COLUMNS
                put_text(cell, value, wrap=not code, marker=marker, code=code)
    set_widths(ws, WIDTHS)
    fit_row_heights(ws, first_row=HEADER_ROW)  # after the widths, which it reads
    last = HEADER_ROW + len(rows)
    ws.auto_filter.ref = f"A{HEADER_ROW}:{ws.cell(last, len(COLUMNS)).coordinate}"
    ws.freeze_panes = ws.cell(HEADER_ROW + 1, 1)
    print_setup(ws, title_rows=f"{HEADER_ROW}:{HEADER_ROW}")
    properties = workbook.properties
    properties.title = tr("history.title", lang, country=country, cycle=report.cycle)
    properties.subject = f"{report.country} {report.cycle}"
    properties.creator = "poa-report"
    properties.lastModifiedBy = "poa-report"
    properties.language = lang
    properties.created = when
    properties.modified = when
    return save_workbook(workbook, when)
