"""Exports from the desktop: a file dialog, then the exporter off the GUI thread.

The exporters (``exports/``) return bytes; this module only chooses the file, shows progress with a
Cancel button, and writes the file atomically, so a cancel or a crash never leaves half a file.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QWidget

from desktop.worker import BackgroundTask, Cancelled, Progress, run_in_background
from exports.base import write_atomic
from exports.excel import ExcelExporter
from exports.pdf import PdfExporter
from forms.i18n import tr
from reporting.service import ReportState
from storage import ReportInfo


def suggested_name(info: ReportInfo, kind: str) -> str:
    """ "XDM-2024.xlsx", "XDM-2024.pdf", "XDM-2024-blank.pdf"."""
    extension = "xlsx" if kind == "xlsx" else "pdf"
    suffix = "-blank" if kind == "blank" else ""
    return f"{info.country}-{info.cycle}{suffix}.{extension}"


def ask_export_path(parent: QWidget, kind: str, suggested: str, lang: str) -> Path | None:
    pattern = tr(f"export.filter.{'xlsx' if kind == 'xlsx' else 'pdf'}", lang)
    title = tr(f"action.export_{kind}", lang).replace("&", "")
    chosen, _ = QFileDialog.getSaveFileName(parent, title, suggested, pattern)
    return Path(chosen) if chosen else None


def start_export(
    parent: QWidget,
    state: ReportState,
    kind: str,
    target: Path,
    lang: str,
    *,
    on_done: Callable[[Path], None],
    on_error: Callable[[BaseException], None],
) -> BackgroundTask[Path]:
    """Export ``state`` as ``kind`` ("xlsx", "pdf" or "blank") to ``target`` in the background."""

    def work(progress: Progress) -> Path:
        def report(done: int, total: int) -> None:
            progress.check()  # a cancel stops the export at its next step
            progress.report(done, total)

        if kind == "xlsx":
            data = ExcelExporter().export(state, lang=lang, progress=report)
        else:
            data = PdfExporter().export(state, lang=lang, progress=report, blank=kind == "blank")
        write_atomic(target, data)
        return target

    def failed(exc: BaseException) -> None:
        if not isinstance(exc, Cancelled):  # a cancel is the person's choice, not an error
            on_error(exc)

    return run_in_background(parent, tr("export.progress", lang), work, on_done, failed, lang)
