"""Start-up (Issue 3): the demo report on the very first start, the last report afterwards,
errors in one place, and ``poa-report gui --exit-when-ready``."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

import desktop.app
import reporting.launch
from desktop import errors
from desktop.app import run, start
from reporting import service
from reporting.demo import create_demo_report
from storage import Source, open_database

ROOT = Path(__file__).resolve().parents[2]


def test_first_start_opens_the_demo_report(
    qtbot: QtBot, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("POA_REPORT_LANG", "en")
    app = start(db_path)
    assert app is not None and app.window is not None
    qtbot.addWidget(app.window)
    title = "Demoland (fictional State) — 2024 — PoA national report — Draft"  # issue 7: Draft
    assert app.window.windowTitle() == title
    assert [(i.country, i.is_demo) for i in app.db.list_reports()] == [("XDM", True)]
    app.db.close()


def test_next_start_opens_the_last_report(qtbot: QtBot, db_path: Path) -> None:
    with open_database(db_path) as db:
        demo = create_demo_report(db)
        other = service.create_report(db, country="FRA", cycle=2030, language="fr")
        service.set_value(db, demo.id, "p29.challenges", "Updated last.", source=Source("typed"))
    app = start(db_path)
    assert app is not None and app.window is not None
    qtbot.addWidget(app.window)
    assert app.window.session.report_id == demo.id  # the most recently updated
    app.open_report(other.id)
    qtbot.addWidget(app.window)
    app.db.close()
    again = start(db_path)
    assert again is not None and again.window is not None
    qtbot.addWidget(again.window)
    assert again.window.session.report_id == other.id  # the last one opened
    again.db.close()


def test_a_database_error_is_shown_once_and_nothing_changes(tmp_path: Path) -> None:
    shown: list[str] = []
    previous = errors.set_presenter(lambda _parent, _title, text: shown.append(text))
    try:
        not_ours = tmp_path / "notes.sqlite"
        not_ours.write_text("not a database", encoding="utf-8")
        assert run(not_ours) == 2
    finally:
        errors.set_presenter(previous)
    assert len(shown) == 1 and str(not_ours) in shown[0]
    assert not_ours.read_text(encoding="utf-8") == "not a database"


def test_launch_delegates_to_the_desktop_application(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[tuple[Path | None, bool]] = []

    def fake_run(path: Path | None, *, exit_when_ready: bool = False) -> int:
        calls.append((path, exit_when_ready))
        return 7

    monkeypatch.setattr(desktop.app, "run", fake_run)
    assert reporting.launch.start_application(db_path, exit_when_ready=True) == 7
    assert calls == [(db_path, True)]


def test_gui_exit_when_ready_in_a_real_process(tmp_path: Path) -> None:
    """The smoke test of installers and the start-up benchmark: exit 0 once the window is up."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "HOME": str(tmp_path),
           "XDG_CONFIG_HOME": str(tmp_path / "config"), "POA_REPORT_LANG": "fr"}  # fmt: skip
    db = tmp_path / "r.sqlite"
    result = subprocess.run(
        [sys.executable, "-m", "reporting.cli", "--db", str(db), "gui", "--exit-when-ready"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    with open_database(db) as opened:
        assert len(opened.list_reports()) == 1


def test_the_command_line_does_not_import_qt() -> None:
    code = "import sys, reporting.cli; print(any(m.startswith('PySide6') for m in sys.modules))"
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True,
                            text=True, check=True)  # fmt: skip
    assert result.stdout.strip() == "False"


def test_qapplication_name(qapp: QApplication, db_path: Path) -> None:
    app = start(db_path)
    assert app is not None
    assert QApplication.applicationName() == "PoA National Report"
    app.db.close()
