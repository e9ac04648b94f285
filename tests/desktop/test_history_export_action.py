"""Issue 7: "Export the history…" writes the report's whole audit trail, as CSV or Excel, and the
rows match the database's history — answers, status changes and reopenings with their reasons."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pytestqt.qtbot import QtBot
from workflow_helpers import open_window, section_page

from desktop.history_export import history_target
from desktop.main_window import MainWindow
from desktop.session import ReportSession
from exports.history_export import neutralise
from storage import HistoryEntry

HEADER_ROW = 4  # of the workbook: a title and two notes above the header


def make_history(qtbot: QtBot, session: ReportSession) -> MainWindow:
    """Edits and every kind of status change, through the window."""
    window = open_window(qtbot, session)
    session.set_value("a_coordination.women", 11)
    banner = section_page(window, "a_coordination").banner
    banner.ask_text = lambda question: f"Reason for {question}"  # type: ignore[method-assign]
    banner.submit()
    banner.return_with_comment()
    banner.submit()
    banner.approve()
    banner.reopen()
    return window


def export(qtbot: QtBot, window: MainWindow, target: Path, kind: str) -> None:
    window.ask_history_path = lambda _suggested: (target, kind)  # type: ignore[method-assign]
    action = next(a for a in window.actions() if a.text() == "Export the &history…")
    action.trigger()
    qtbot.waitUntil(target.exists, timeout=20_000)
    qtbot.waitUntil(lambda: "History exported" in window.statusBar().currentMessage())


def expected(entries: list[HistoryEntry]) -> list[tuple[str, str, str, str]]:
    """(id, time, user, key) of every history entry, oldest first."""
    return [(str(e.id), e.changed_at, e.user, e.key) for e in entries]


def test_csv_rows_match_the_database(
    qtbot: QtBot, session: ReportSession, tmp_path: Path, shown_errors: list[str]
) -> None:
    window = make_history(qtbot, session)
    target = tmp_path / "history.csv"
    export(qtbot, window, target, "csv")
    rows = list(csv.reader(io.StringIO(target.read_bytes().decode("utf-8-sig"))))
    entries = session.db.history(session.report_id)
    # A cell a spreadsheet would take for a formula ("@status/…") starts with an apostrophe.
    assert [tuple(row[:4]) for row in rows[1:]] == [
        tuple(neutralise(cell) for cell in row) for row in expected(entries)
    ]
    reasons = [row[8] for row in rows[1:] if row[3] == "'@status/a_coordination"]
    assert reasons == ["", "Reason for return", "", "", "Reason for reopen"]
    assert shown_errors == []


def test_xlsx_rows_match_the_database(
    qtbot: QtBot, session: ReportSession, tmp_path: Path, shown_errors: list[str]
) -> None:
    window = make_history(qtbot, session)
    target = tmp_path / "history.xlsx"
    export(qtbot, window, target, "xlsx")
    sheet = load_workbook(target).worksheets[0]
    rows = [
        tuple("" if cell is None else str(cell) for cell in row)
        for row in sheet.iter_rows(min_row=HEADER_ROW + 1, values_only=True)
    ]
    entries = session.db.history(session.report_id)
    assert [row[:4] for row in rows] == expected(entries)
    statuses = [(row[6], row[7], row[8]) for row in rows if row[3] == "@status/a_coordination"]
    assert statuses == [
        ("", "ready", ""),
        ("ready", "returned", "Reason for return"),
        ("returned", "ready", ""),
        ("ready", "approved", ""),
        ("approved", "draft", "Reason for reopen"),
    ]
    assert shown_errors == []


@pytest.mark.parametrize(
    ("chosen", "chosen_filter", "expected_path", "kind"),
    [
        ("h.csv", "Excel workbooks (*.xlsx)", "h.csv", "csv"),  # the name decides
        ("h.XLSX", "CSV files (*.csv)", "h.XLSX", "xlsx"),
        ("history", "Excel workbooks (*.xlsx)", "history.xlsx", "xlsx"),  # else the filter
        ("history", "CSV files (*.csv)", "history.csv", "csv"),
    ],
)
def test_the_format_follows_the_name_or_the_filter(
    chosen: str, chosen_filter: str, expected_path: str, kind: str
) -> None:
    assert history_target(chosen, chosen_filter, "en") == (Path(expected_path), kind)
