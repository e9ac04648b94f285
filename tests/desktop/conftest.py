"""Desktop tests run without a display (Qt's offscreen platform) and never touch the real user's
settings, crash logs or excepthook."""

from __future__ import annotations

import os
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

# Before pytest-qt creates the QApplication; a developer can still override it (e.g. xcb).
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QSettings

from desktop import errors
from desktop.session import ReportSession
from reporting.demo import create_demo_report
from storage import Database, open_database


@pytest.fixture(autouse=True)
def private_user_files(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Iterator[None]:
    """Settings, crash logs and hooks of each test are its own."""
    home = tmp_path_factory.mktemp("user")
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(home / "config"))
    monkeypatch.setenv("POA_REPORT_LOG_DIR", str(home / "logs"))
    monkeypatch.setenv("POA_REPORT_DB", str(home / "default.sqlite"))
    hooks = sys.excepthook, threading.excepthook
    yield
    sys.excepthook, threading.excepthook = hooks


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "r.sqlite"


@pytest.fixture
def db(db_path: Path) -> Iterator[Database]:
    with open_database(db_path) as database:
        yield database


@pytest.fixture
def session(db: Database) -> ReportSession:
    """A session on the demo report (a fictional State that answers every question type)."""
    return ReportSession(db, create_demo_report(db, language="en").id)


@pytest.fixture
def shown_errors() -> Iterator[list[str]]:
    """The texts of the errors shown, instead of message boxes."""
    shown: list[str] = []
    previous = errors.set_presenter(lambda _parent, _title, text: shown.append(text))
    yield shown
    errors.set_presenter(previous)
