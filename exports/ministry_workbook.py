"""The workbook sent to a ministry: its sections to fill in, and what is needed to read it back.

Sheets, in order: instructions (in the report's language), one input sheet per section (see
``ministry_sheets``), the dropdown lists and the metadata (both hidden; see ``ministry_meta``).

The values sent are returned with the workbook, with their checksum: the caller records them,
so that an import can tell what the ministry changed from what changed here meanwhile.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Final

from openpyxl import Workbook

from exports.base import Progress
from exports.excel import save_workbook, utc_naive
from exports.excel_cells import BOLD, MUTED, TITLE, WRAP, put_text, sheet_title
from exports.ministry_meta import META_SHEET, WorkbookMeta, write_meta
from exports.ministry_sheets import LISTS_SHEET, Lists, SheetWriter
from forms.countries import country_name
from forms.i18n import tr
from forms.model import Section
from reporting.service import ReportState

INSTRUCTION_STEPS: Final = 6  # ministry.instructions.step1 … step6


@dataclass(frozen=True)
class MinistryWorkbook:
    data: bytes
    meta: WorkbookMeta
    sent_values: dict[str, Any]  # question key → value sent (None: blank)


def values_checksum(meta_fields: dict[str, Any], sent_values: dict[str, Any]) -> str:
    """SHA-256 of what was sent, canonically encoded (the same values give the same sum)."""
    payload = {**meta_fields, "values": sent_values}
    text = json.dumps(payload, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def section_sheet_title(section: Section, lang: str) -> str:
    """ "§21 Laws and regulations on…" for a paragraph, the section's title otherwise."""
    title = section.title.get(lang)
    return f"§{section.paragraph} {title}" if section.paragraph is not None else title


def build_ministry_workbook(
    state: ReportState,
    *,
    ministry: str,
    sections: Sequence[str],
    exchange_id: str,
    generated_at: dt.datetime,
    progress: Progress | None = None,
) -> MinistryWorkbook:
    """The workbook for ``ministry`` with ``sections`` (keys, in template order), prefilled."""
    template, info = state.template, state.info
    lang = info.language
    wanted = set(sections)
    chosen = [section for section in template.sections() if section.key in wanted]
    unknown = wanted - {section.key for section in chosen}
    if unknown or not chosen:
        raise ValueError(f"unknown or no sections: {sorted(unknown)}")
    when = utc_naive(generated_at)
    workbook = Workbook()
    instructions = workbook.active
    assert instructions is not None  # noqa: S101 - a new workbook always has a sheet
    used = {META_SHEET.casefold(), LISTS_SHEET.casefold()}
    instructions.title = sheet_title(tr("ministry.sheet.instructions", lang), used)
    lists_ws = workbook.create_sheet(LISTS_SHEET)
    lists = Lists(lists_ws)
    answer_cells: list[tuple[str, str, str, str]] = []
    sent: dict[str, Any] = {}
    titles: list[str] = []
    for done, section in enumerate(chosen, start=1):
        title = sheet_title(section_sheet_title(section, lang), used)
        ws = workbook.create_sheet(title, index=done)
        writer = SheetWriter(ws, lang, lists)
        writer.write_section(section, section_sheet_title(section, lang), state.answers)
        answer_cells += [
            (key, question, title, cell) for key, question, cell in writer.answer_cells
        ]
        sent.update(writer.sent)
        titles.append(section_sheet_title(section, lang))
        if progress is not None:
            progress(done, len(chosen) + 1)
    lists_ws.sheet_state = "hidden"
    lists_ws.protection.sheet = True
    fields: dict[str, Any] = {
        "exchange": exchange_id,
        "report": [info.id, info.country, info.cycle],
        "template": [template.id, template.version],
        "ministry": ministry,
        "sections": [section.key for section in chosen],
    }
    meta = WorkbookMeta(
        exchange_id=exchange_id,
        report_id=info.id,
        country=info.country,
        cycle=info.cycle,
        template_id=template.id,
        template_version=template.version,
        language=lang,
        ministry=ministry,
        sections=tuple(section.key for section in chosen),
        exported_at=when.isoformat(),
        checksum=values_checksum(fields, sent),
        cells=tuple(answer_cells),
    )
    write_meta(workbook.create_sheet(META_SHEET), meta)
    _write_instructions(instructions, state, meta, titles)
    workbook.active = 0
    workbook.calculation.fullCalcOnLoad = True  # totals are formulas: compute them on opening
    properties = workbook.properties
    properties.title = tr("ministry.instructions.title", lang)
    properties.subject = f"{info.country} {info.cycle} · {ministry}"
    properties.creator = properties.lastModifiedBy = "poa-report"
    properties.language = lang
    properties.created = properties.modified = when
    data = save_workbook(workbook, when)
    if progress is not None:
        progress(len(chosen) + 1, len(chosen) + 1)
    return MinistryWorkbook(data, meta, sent)


def _write_instructions(ws: Any, state: ReportState, meta: WorkbookMeta, titles: list[str]) -> None:
    lang = meta.language
    put_text(ws.cell(1, 1), tr("ministry.instructions.title", lang))
    ws.cell(1, 1).font = TITLE
    facts = [
        (
            tr("ministry.instructions.report", lang),
            f"{country_name(meta.country, lang)} ({meta.country}) · {meta.cycle}",
        ),
        (tr("ministry.instructions.ministry", lang), meta.ministry),
        (tr("ministry.instructions.sent", lang), meta.exported_at.replace("T", " ") + " UTC"),
        (tr("ministry.instructions.sections", lang), "\n".join(titles)),
        (
            tr("ministry.instructions.template", lang),
            f"{state.template.title.get(lang)} ({meta.template_id} v{meta.template_version})",
        ),
    ]
    row = 3
    for label, value in facts:
        put_text(ws.cell(row, 1), label)
        ws.cell(row, 1).font = BOLD
        put_text(ws.cell(row, 2), value, wrap=True)
        row += 1
    row += 1
    put_text(ws.cell(row, 1), tr("ministry.instructions.how", lang))
    ws.cell(row, 1).font = BOLD
    for step in range(1, INSTRUCTION_STEPS + 1):
        row += 1
        put_text(ws.cell(row, 1), f"{step}.")
        cell = ws.cell(row, 2)
        put_text(cell, tr(f"ministry.instructions.step{step}", lang), wrap=True)
        cell.alignment = WRAP
    row += 2
    put_text(ws.cell(row, 2), tr("ministry.instructions.privacy", lang), wrap=True)
    ws.cell(row, 2).font = MUTED
    ws.column_dimensions["A"].width = 28
    ws.column_dimensions["B"].width = 90
    for number in range(3, row + 1):
        text = ws.cell(number, 2).value
        if isinstance(text, str):
            ws.row_dimensions[number].height = min(
                409, 15 * max(1, text.count("\n") + 1, len(text) // 85 + 1)
            )
    ws.protection.sheet = True
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
