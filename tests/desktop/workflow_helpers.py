"""What the desktop tests of issue 7 share: a window on the demo report, sections approved in
bulk (as another reviewer would), and the screenshots they take."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QFocusEvent, QKeyEvent
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from desktop.main_window import MainWindow
from desktop.section_page import SectionPage
from desktop.session import ReportSession
from reporting import workflow
from storage import Database

SCREENS = Path("/tmp/screens")


def open_window(qtbot: QtBot, session: ReportSession, lang: str = "en") -> MainWindow:
    window = MainWindow(session, lang)
    qtbot.addWidget(window)
    window.resize(1280, 860)
    window.show()
    return window


def section_page(window: MainWindow, key: str) -> SectionPage:
    window.select_section(key)
    assert isinstance(window.page, SectionPage) and window.page.section.key == key
    return window.page


def approve_everything(db: Database, report_id: int) -> None:
    """Every section submitted and approved, directly in the database (another reviewer)."""
    keys = list(workflow.section_statuses(db, report_id))
    workflow.change_status(db, report_id, workflow.SUBMIT, keys)
    workflow.approve_all_ready(db, report_id)


def status_history(db: Database, report_id: int, key: str) -> list[tuple[object, object, str]]:
    """(old, new, comment or reason) of every status change of a section ("report": the report)."""
    return [
        (entry.old_value, entry.new_value, entry.source.detail or "")
        for entry in db.history(report_id, f"@status/{key}")
        if entry.source.kind == "workflow"
    ]


def screenshot(widget: QWidget, name: str) -> Path:
    QApplication.processEvents()
    SCREENS.mkdir(parents=True, exist_ok=True)
    path = SCREENS / f"wf_{name}.png"
    assert widget.grab().save(str(path))
    return path


def type_text(widget: QWidget, text: str) -> None:
    """Type into a field and leave it (key events: qtbot.keyClicks aborts on non-ASCII)."""
    widget.setFocus()
    for char in text:
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(
                widget, QKeyEvent(kind, Qt.Key.Key_unknown, Qt.KeyboardModifier.NoModifier, char)
            )
    QApplication.sendEvent(widget, QFocusEvent(QEvent.Type.FocusOut, Qt.FocusReason.TabFocusReason))
