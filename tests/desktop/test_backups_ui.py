"""Backups in the desktop application (issue 8): a backup when a report is opened, another at
intervals while editing (only after a save), a failing backup said once without blocking, and
File › Restore from a backup… restoring an earlier backup end to end, the current database kept
as "before-restore"."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from desktop.app import DesktopApp, start
from desktop.backups_ui import BACKUP_INTERVAL_MS, RestoreDialog, backup_time, reason_label
from desktop.main_window import MainWindow
from desktop.section_page import SectionPage
from desktop.session import ReportSession
from reporting import service
from storage import BackupError, BackupInfo, Database, list_backups, open_database
from tests.desktop.safety_helpers import answer_boxes, screenshot

KEY = "a_coordination.body_name"


def shown_value(window: MainWindow, key: str) -> str:
    window.select_section(key.split(".")[0])
    page = window.page
    assert isinstance(page, SectionPage)
    editor = page.blocks[key].editor
    return str(editor.text())  # type: ignore[attr-defined]


def test_opening_a_report_makes_a_backup(qtbot: QtBot, session: ReportSession) -> None:
    assert list_backups(session.db.path) == []
    window = MainWindow(session, "en")
    qtbot.addWidget(window)
    (made,) = list_backups(session.db.path)
    assert made.reason == "open" and made.size > 0
    assert window.auto_backup.timer.isActive()
    assert window.auto_backup.timer.interval() == BACKUP_INTERVAL_MS == 10 * 60 * 1000


def test_the_interval_backup_only_follows_a_save(qtbot: QtBot, session: ReportSession) -> None:
    window = MainWindow(session, "en")
    qtbot.addWidget(window)
    assert window.auto_backup.interval_backup() is None  # nothing saved since the open backup
    session.set_value(KEY, "Commission after the open backup")
    made = window.auto_backup.interval_backup()
    assert made is not None and made.reason == "interval"
    assert window.auto_backup.interval_backup() is None  # nothing saved since that one
    assert [info.reason for info in list_backups(session.db.path)] == ["interval", "open"]
    with open_database(made.path) as copy:  # the interval backup holds the saved answer
        assert copy.answers(session.report_id)[KEY].value == "Commission after the open backup"


def test_a_failing_backup_is_said_once_and_editing_goes_on(
    qtbot: QtBot, session: ReportSession, monkeypatch: pytest.MonkeyPatch
) -> None:
    def full_disk(self: Database, reason: str, **_kwargs: object) -> None:
        raise BackupError(self.path, "cannot_write")

    monkeypatch.setattr(Database, "backup", full_disk)
    window = MainWindow(session, "en")
    qtbot.addWidget(window)
    message = window.statusBar().currentMessage()
    assert message.startswith("Automatic backup failed: Could not write the backup")
    session.set_value(KEY, "Still saved")  # editing is not blocked
    assert session.db.answers(session.report_id)[KEY].value == "Still saved"
    window.statusBar().clearMessage()
    assert window.auto_backup.interval_backup() is None
    assert window.statusBar().currentMessage() == ""  # not repeated every ten minutes
    assert window.auto_backup.dirty  # the next interval tries again


def test_restore_from_backup_end_to_end(
    qtbot: QtBot, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("POA_REPORT_LANG", "en")
    app = start(db_path)
    assert app is not None and app.window is not None
    qtbot.addWidget(app.window)
    report_id = app.window.session.report_id
    app.window.session.set_value(KEY, "Commission as backed up")
    earlier = app.window.auto_backup.interval_backup()
    assert earlier is not None
    app.window.session.set_value(KEY, "Commission changed afterwards")

    app.window.restore_action.trigger()  # File › Restore from a backup…
    dialog = app.restore_dialog
    assert isinstance(dialog, RestoreDialog) and dialog.isVisible()
    assert [row.reason for row in dialog.backups] == ["interval", "open"]
    assert dialog.items[0].text(1) == "While editing"
    screenshot(dialog, "restore_dialog")
    dialog.select(earlier)
    confirmations = answer_boxes(monkeypatch, QMessageBox.ButtonRole.AcceptRole)
    old_window = app.window
    assert dialog.restore_selected()

    assert "is kept as a backup" in confirmations[0]
    assert backup_time(earlier, "en") in confirmations[0]
    window = app.window
    assert window is not None and window is not old_window
    qtbot.addWidget(window)
    assert window.session.report_id == report_id
    assert window.session.value(KEY) == "Commission as backed up"
    assert shown_value(window, KEY) == "Commission as backed up"
    assert (
        window.statusBar()
        .currentMessage()
        .startswith(f"Restored the backup of {backup_time(earlier, 'en')}.")
    )
    reasons = [info.reason for info in list_backups(db_path)]
    assert "before-restore" in reasons
    kept = next(info for info in list_backups(db_path) if info.reason == "before-restore")
    with open_database(kept.path) as copy:  # the database as it was, kept
        assert copy.answers(report_id)[KEY].value == "Commission changed afterwards"
    window.session.set_value(KEY, "Editing goes on after the restore")
    assert app.db.answers(report_id)[KEY].value == "Editing goes on after the restore"
    app.db.close()


def test_declining_the_confirmation_changes_nothing(
    qtbot: QtBot, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = start(db_path)
    assert app is not None and app.window is not None
    qtbot.addWidget(app.window)
    window = app.window
    window.session.set_value(KEY, "Kept")
    dialog = app.show_restore_dialog()
    answer_boxes(monkeypatch, QMessageBox.ButtonRole.RejectRole)
    assert not dialog.restore_selected()
    assert app.window is window and window.session.value(KEY) == "Kept"
    assert "before-restore" not in [info.reason for info in list_backups(db_path)]
    dialog.close()
    app.db.close()


def test_a_report_missing_from_the_backup_opens_the_list_of_reports(
    qtbot: QtBot, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("POA_REPORT_LANG", "en")
    app = start(db_path)
    assert app is not None and app.window is not None
    qtbot.addWidget(app.window)
    demo_id = app.window.session.report_id
    earlier = app.db.backup("manual")
    other = service.create_report(app.db, country="FRA", cycle=2030, language="fr")
    app.open_report(other.id)
    welcomed: list[DesktopApp] = []
    monkeypatch.setattr(DesktopApp, "show_welcome", lambda self: welcomed.append(self))
    assert app.restore(earlier)
    assert app.window is not None
    qtbot.addWidget(app.window)
    assert app.window.session.report_id == demo_id and welcomed == [app]
    app.db.close()


def test_labels_in_french() -> None:
    assert reason_label("before-restore", "fr") == "Avant une restauration"
    assert reason_label("something-else", "fr") == "something-else"
    moment = dt.datetime(2024, 3, 5, 12, 7, 3, tzinfo=dt.UTC)
    shown = backup_time(BackupInfo(Path("x"), moment, "open", 1), "fr")
    assert "/03/2024 " in shown and shown.endswith(":07:03")  # day first, local time, seconds
