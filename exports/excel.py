"""The Excel export: a workbook for people, with a machine-readable copy of every answer.

Sheets, in order: the cover, one sheet per Part, SDG 16.4.2, the disaggregated data, the
cooperation projects, and "data" (every stored value; ``exports.restore`` rebuilds the report
from it alone). See ``excel_cells`` for how text is kept from ever becoming a formula.

Determinism: the same report exported with the same ``generated_at`` gives the same bytes. The
workbook's created/modified properties are set to ``generated_at``, and the zip entries are
stamped with it too (openpyxl would stamp them with the current time); openpyxl's own save
helper is bypassed only because it overwrites "modified" with the current time.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

from openpyxl import Workbook
from openpyxl.worksheet.worksheet import Worksheet
from openpyxl.writer.excel import ExcelWriter

from exports.base import Progress
from exports.excel_cells import fit_row_heights, sheet_title
from exports.excel_cooperation import write_cooperation
from exports.excel_cover import write_cover
from exports.excel_data import DATA_SHEET, write_data_sheet
from exports.excel_grids import write_grids
from exports.excel_parts import write_part
from exports.excel_sdg import write_sdg
from forms.i18n import tr
from forms.model import Part
from forms.validation import relevance
from reporting.service import ReportState, check_language

if TYPE_CHECKING:
    from _typeshed import SizedBuffer

_ZIP_EPOCH: Final = dt.datetime(1980, 1, 1)  # the earliest time a zip entry can carry

SheetWriter = Callable[[Worksheet], None]
StrPath = str | os.PathLike[str]


class ExcelExporter:
    """``export(state, lang=…, progress=…, generated_at=…) -> bytes`` of an .xlsx workbook."""

    extension = "xlsx"

    def export(
        self,
        state: ReportState,
        *,
        lang: str,
        progress: Progress | None = None,
        generated_at: dt.datetime | None = None,
        **options: Any,
    ) -> bytes:
        if options:
            raise TypeError(f"unknown Excel export options: {', '.join(sorted(options))}")
        lang = check_language(lang)
        when = utc_naive(generated_at or dt.datetime.now(dt.UTC))
        asked = relevance(state.template, state.answers)
        sheets: list[tuple[str, SheetWriter]] = [
            (tr("xlsx.sheet.cover", lang), lambda ws: write_cover(ws, state, lang, when)),
        ]
        for part in state.template.parts:
            title = tr("xlsx.sheet.part", lang, part=part.key.upper())
            sheets.append((title, _part_writer(part, state, lang, asked)))
        sheets += [
            (tr("xlsx.sheet.sdg", lang), lambda ws: write_sdg(ws, state, lang, asked)),
            (tr("xlsx.sheet.grids", lang), lambda ws: write_grids(ws, state, lang, asked)),
            (
                tr("xlsx.sheet.cooperation", lang),
                lambda ws: write_cooperation(ws, state, lang, asked),
            ),
            (DATA_SHEET, lambda ws: write_data_sheet(ws, state, lang, when)),
        ]
        total = len(sheets) + 1  # every sheet, then saving
        if progress:
            progress(0, total)
        workbook = Workbook()
        workbook.remove(workbook.active)
        used: set[str] = set()
        for done, (title, write) in enumerate(sheets, start=1):
            ws = workbook.create_sheet(sheet_title(title, used))
            write(ws)
            if title != DATA_SHEET:  # the machine sheet keeps one line per value
                fit_row_heights(ws)
            if progress:
                progress(done, total)
        _set_properties(workbook, state, lang, when)
        data = save_workbook(workbook, when)
        if progress:
            progress(total, total)
        return data


def _part_writer(part: Part, state: ReportState, lang: str, asked: dict[str, bool]) -> SheetWriter:
    return lambda ws: write_part(ws, part, state, lang, asked)


def utc_naive(moment: dt.datetime) -> dt.datetime:
    """UTC without a time zone (what a spreadsheet stores); a naive time is taken as UTC."""
    if moment.tzinfo is not None:
        moment = moment.astimezone(dt.UTC).replace(tzinfo=None)
    return moment.replace(microsecond=0)


def _set_properties(workbook: Workbook, state: ReportState, lang: str, when: dt.datetime) -> None:
    properties = workbook.properties
    properties.title = state.template.title.get(lang)
    properties.subject = f"{state.info.country} {state.info.cycle}"
    properties.creator = "poa-report"
    properties.lastModifiedBy = "poa-report"
    properties.language = lang
    properties.created = when
    properties.modified = when


class _StampedZip(zipfile.ZipFile):
    """A zip whose entries all carry one fixed time instead of the time of writing."""

    stamp: tuple[int, int, int, int, int, int] = (1980, 1, 1, 0, 0, 0)

    def writestr(
        self,
        zinfo_or_arcname: str | zipfile.ZipInfo,
        data: SizedBuffer | str,
        compress_type: int | None = None,
        compresslevel: int | None = None,
    ) -> None:
        if isinstance(zinfo_or_arcname, str):
            zinfo_or_arcname = zipfile.ZipInfo(zinfo_or_arcname, date_time=self.stamp)
            zinfo_or_arcname.compress_type = zipfile.ZIP_DEFLATED
            zinfo_or_arcname.external_attr = 0o600 << 16
        super().writestr(zinfo_or_arcname, data, compress_type, compresslevel)

    def write(
        self,
        filename: StrPath,
        arcname: StrPath | None = None,
        compress_type: int | None = None,
        compresslevel: int | None = None,
    ) -> None:
        # openpyxl writes each worksheet to a temporary file and adds it with write(), which
        # would stamp it with the file's time.
        name = str(arcname if arcname is not None else filename)
        self.writestr(name, Path(filename).read_bytes(), compress_type, compresslevel)


def save_workbook(workbook: Workbook, when: dt.datetime) -> bytes:
    """The workbook as bytes, its zip entries stamped with ``when`` (see the module notes)."""
    buffer = io.BytesIO()
    archive = _StampedZip(buffer, "w", zipfile.ZIP_DEFLATED, allowZip64=True)
    moment = max(when, _ZIP_EPOCH)
    archive.stamp = (
        moment.year,
        moment.month,
        moment.day,
        moment.hour,
        moment.minute,
        moment.second,
    )
    # ExcelWriter.save() writes every part and closes the archive.
    ExcelWriter(workbook, archive).save()
    return buffer.getvalue()
