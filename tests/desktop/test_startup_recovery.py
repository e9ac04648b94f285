"""Start-up with a database that cannot simply be opened (issue 8): a damaged database is never
opened silently — its newest intact backup is offered, and restoring it lets the application
start; declining, or having no backup, ends with an error and a non-zero exit. A database held by
another program is refused with a message; one on a network drive is warned about."""

from __future__ import annotations

import fcntl
import os
import sys
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

import storage.writer_lock
from desktop.app import EXIT_ERROR, run, start
from reporting import service
from reporting.demo import create_demo_report
from storage import Source, list_backups, open_database
from storage.writer_lock import lock_path
from tests.desktop.safety_helpers import answer_boxes, record_static

KEY = "a_coordination.body_name"


def damage(db_path: Path) -> None:
    """Flip bytes through the pages after the header: SQLite's quick_check fails."""
    data = bytearray(db_path.read_bytes())
    for offset in range(4096, len(data), 97):
        data[offset] ^= 0xFF
    db_path.write_bytes(bytes(data))
    for suffix in ("-wal", "-shm"):
        db_path.with_name(db_path.name + suffix).unlink(missing_ok=True)


@pytest.fixture
def damaged_with_backup(db_path: Path) -> int:
    with open_database(db_path) as db:
        report = create_demo_report(db, language="en")
        service.set_value(db, report.id, KEY, "In the backup", source=Source("typed"))
        db.backup("open")
    damage(db_path)
    return report.id


def test_damaged_database_restore_accepted_and_the_app_starts(
    qtbot: QtBot,
    db_path: Path,
    damaged_with_backup: int,
    monkeypatch: pytest.MonkeyPatch,
    shown_errors: list[str],
) -> None:
    monkeypatch.setenv("POA_REPORT_LANG", "en")
    asked = answer_boxes(monkeypatch, QMessageBox.ButtonRole.AcceptRole)
    app = start(db_path)
    assert app is not None and app.window is not None
    qtbot.addWidget(app.window)
    assert len(asked) == 1 and "is damaged" in asked[0] and "Restore the newest intact" in asked[0]
    assert shown_errors == []
    assert app.window.session.report_id == damaged_with_backup
    assert app.window.session.value(KEY) == "In the backup"
    assert app.window.statusBar().currentMessage().startswith("Restored the backup of")
    kept_aside = [p.name for p in db_path.parent.iterdir() if ".damaged-" in p.name]
    assert kept_aside, "the damaged file is kept for a specialist"
    app.db.close()


def test_damaged_database_restore_declined_exits_non_zero(
    db_path: Path,
    damaged_with_backup: int,
    monkeypatch: pytest.MonkeyPatch,
    shown_errors: list[str],
) -> None:
    del damaged_with_backup
    before = db_path.read_bytes()
    asked = answer_boxes(monkeypatch, QMessageBox.ButtonRole.RejectRole)
    assert run(db_path) == EXIT_ERROR
    assert len(asked) == 1
    assert db_path.read_bytes() == before  # nothing touched
    assert [info.reason for info in list_backups(db_path)] == ["open"]


def test_damaged_database_without_a_backup_shows_the_error(
    db_path: Path, monkeypatch: pytest.MonkeyPatch, shown_errors: list[str]
) -> None:
    with open_database(db_path) as db:
        create_demo_report(db)
    damage(db_path)
    asked = answer_boxes(monkeypatch, QMessageBox.ButtonRole.AcceptRole)
    assert run(db_path) == EXIT_ERROR
    assert asked == []  # nothing to offer
    assert len(shown_errors) == 1 and "is damaged" in shown_errors[0]


@pytest.mark.skipif(sys.platform == "win32", reason="the other program is simulated with flock")
def test_a_database_in_use_elsewhere_is_refused_with_a_message(
    db_path: Path, shown_errors: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("POA_REPORT_LANG", "fr")
    with open_database(db_path) as db:
        create_demo_report(db)
    before = db_path.read_bytes()
    # Another program's lock: a separate open file description, as another process would hold.
    descriptor = os.open(lock_path(db_path), os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        assert run(db_path) == EXIT_ERROR
    finally:
        os.close(descriptor)
    assert len(shown_errors) == 1
    assert str(db_path) in shown_errors[0] and "ouverte dans une autre fenêtre" in shown_errors[0]
    assert db_path.read_bytes() == before
    again = start(db_path)  # once the other program let go, it opens
    assert again is not None and again.window is not None
    again.window.close()
    again.db.close()


def test_a_database_on_a_network_drive_is_warned_about(
    qtbot: QtBot, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("POA_REPORT_LANG", "en")
    monkeypatch.setattr(storage.writer_lock, "on_network_share", lambda _path: True)
    warnings = record_static(monkeypatch, "warning")
    app = start(db_path)
    assert app is not None and app.window is not None
    qtbot.addWidget(app.window)
    assert len(warnings) == 1 and "network drive" in warnings[0] and str(db_path) in warnings[0]
    assert "network drive" in app.window.statusBar().currentMessage()
    app.db.close()
