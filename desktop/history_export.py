"""Export the report's history for an audit (issue 7): CSV or Excel, chosen in the save dialog.

Every recorded change — answers, status changes, reopenings with their reasons — goes into one
table (:mod:`exports.history_export`) written off the GUI thread and atomically
(:func:`exports.base.write_atomic`), so a cancel or a crash never leaves half a file.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Final

from PySide6.QtWidgets import QFileDialog, QWidget

from desktop.session import ReportSession
from desktop.worker import BackgroundTask, Cancelled, Progress, run_in_background
from exports.base import write_atomic
from exports.history_export import history_csv, history_table, history_xlsx
from forms.i18n import tr
from storage import ReportInfo

FORMATS: Final = ("csv", "xlsx")


def t(key: str, lang: str, **params: object) -> str:
    return tr(f"desktop_workflow.history_export.{key}", lang, **params)


def suggested_history_name(info: ReportInfo) -> str:
    """ "XDM-2024-history.csv"."""
    return f"{info.country}-{info.cycle}-history.csv"


def history_target(chosen: str, chosen_filter: str, lang: str) -> tuple[Path, str]:
    """The file and its format: the name's extension decides; else the filter chosen, whose
    extension is added to the name."""
    path = Path(chosen)
    suffix = path.suffix.lower().removeprefix(".")
    if suffix in FORMATS:
        return path, suffix
    kind = "xlsx" if chosen_filter == t("filter.xlsx", lang) else "csv"
    return path.with_name(f"{path.name}.{kind}"), kind


def ask_history_path(parent: QWidget, suggested: str, lang: str) -> tuple[Path, str] | None:
    filters = [t(f"filter.{kind}", lang) for kind in FORMATS]
    chosen, chosen_filter = QFileDialog.getSaveFileName(
        parent, t("title", lang), suggested, ";;".join(filters), filters[0]
    )
    return history_target(chosen, chosen_filter, lang) if chosen else None


def start_history_export(
    parent: QWidget,
    session: ReportSession,
    kind: str,
    target: Path,
    lang: str,
    *,
    on_done: Callable[[Path], None],
    on_error: Callable[[BaseException], None],
) -> BackgroundTask[Path]:
    """Write the history of the session's report as ``kind`` ("csv" or "xlsx") to ``target``."""
    # Read here, on the GUI thread; the worker gets frozen records and the unchanging template.
    entries = session.db.history(session.report_id)
    template, report = session.template, session.info

    def work(progress: Progress) -> Path:
        rows = history_table(entries, template, lang)
        progress.check()
        if kind == "xlsx":
            generated_at = dt.datetime.now().astimezone()
            data = history_xlsx(rows, lang, report=report, generated_at=generated_at)
        else:
            data = history_csv(rows, lang)
        progress.check()
        write_atomic(target, data)
        return target

    def failed(exc: BaseException) -> None:
        if not isinstance(exc, Cancelled):  # a cancel is the person's choice, not an error
            on_error(exc)

    return run_in_background(parent, t("progress", lang), work, on_done, failed, lang)
