"""A database protected by a passphrase (issue 8): the application asks for it at start, allows
three tries, never stores it, and a wrong or withheld passphrase changes nothing."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QInputDialog

import storage.cipher
from desktop.app import start
from reporting.demo import create_demo_report
from storage import open_database

PASSPHRASE = "correct horse battery staple"  # noqa: S105 - a test passphrase


@pytest.fixture
def protected(db_path: Path) -> Iterator[Path]:
    pytest.importorskip("sqlcipher3")
    with open_database(db_path, passphrase=PASSPHRASE) as db:
        create_demo_report(db)
    storage.cipher._passphrases.clear()  # as if the program started afresh
    yield db_path
    storage.cipher._passphrases.clear()


def _answers(monkeypatch: pytest.MonkeyPatch, replies: list[tuple[str, bool]]) -> list[str]:
    asked: list[str] = []

    def fake(*args: object, **_: object) -> tuple[str, bool]:
        asked.append(str(args[2]))
        return replies.pop(0)

    monkeypatch.setattr(QInputDialog, "getText", staticmethod(fake))
    return asked


def test_the_passphrase_is_asked_and_a_wrong_one_asked_again(
    protected: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked = _answers(monkeypatch, [("wrong", True), (PASSPHRASE, True)])
    desktop = start(protected)
    assert desktop is not None
    try:
        assert len(asked) == 2 and "passphrase" in asked[0].lower()
        assert desktop.db.encrypted
        assert desktop.window is not None and desktop.window.session.info.country == "XDM"
    finally:
        if desktop.window is not None:
            desktop.window.close()
        desktop.db.close()


def test_cancelling_the_passphrase_opens_nothing_and_changes_nothing(
    protected: Path, monkeypatch: pytest.MonkeyPatch, shown_errors: list[str]
) -> None:
    before = protected.read_bytes()
    _answers(monkeypatch, [("", False)])
    assert start(protected) is None
    assert shown_errors and "passphrase" in shown_errors[0].lower()
    assert protected.read_bytes() == before
