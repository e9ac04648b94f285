"""One place shows errors (STYLE.md practice 6): messages in the interface language, and a crash
handler that writes a local log and tells the user their saved answers are safe."""

from __future__ import annotations

import logging
import sys
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from types import TracebackType

import pytest
from PySide6.QtWidgets import QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from desktop import errors
from desktop.errors import CrashHandler, install_excepthook, set_presenter, show_error
from forms.i18n import tr
from reporting.service import ReportInputError
from reporting.version import program_version

Shown = list[tuple[QWidget | None, str, str]]


@pytest.fixture
def shown(monkeypatch: pytest.MonkeyPatch) -> Shown:
    captured: Shown = []
    monkeypatch.setattr(errors, "presenter", lambda *args: captured.append(args))
    return captured


@pytest.fixture
def hooks(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[object]]:
    """Stand-ins for the interpreter's hooks, restored after the test."""
    previous: list[object] = []

    def fake_hook(
        exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None
    ) -> None:
        previous.append(exc)

    monkeypatch.setattr(sys, "excepthook", fake_hook)
    monkeypatch.setattr(threading, "excepthook", lambda args: previous.append(args.exc_value))
    yield previous


def raise_and_hook(exc: BaseException) -> None:
    try:
        raise exc
    except BaseException as caught:
        sys.excepthook(type(caught), caught, caught.__traceback__)


def test_a_localized_error_is_shown_in_the_interface_language(shown: Shown) -> None:
    error = ReportInputError("report.bad_cycle", value=1990, low=2002, high=2100)
    show_error(None, error, "fr")
    assert shown == [(None, tr("desktop_app.title", "fr"), error.message("fr"))]
    assert "1990" in shown[0][2]
    assert shown[0][2] != str(error)  # French, not the English default


def test_a_message_is_shown_as_given(shown: Shown) -> None:
    show_error(None, "Déjà traduit.", "fr")
    assert shown[0][2] == "Déjà traduit."


def test_other_exceptions_get_a_translated_sentence_and_their_text(
    shown: Shown, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.ERROR, logger="desktop.errors"):
        show_error(None, RuntimeError("disk on fire"), "fr")
    text = shown[0][2]
    assert text.startswith("L'action n'a pas pu aboutir")
    assert "RuntimeError: disk on fire" in text
    assert caplog.records[0].exc_info is not None  # the traceback is kept for investigation


def test_set_presenter_replaces_and_restores(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(errors, "presenter", errors.message_box)
    captured: Shown = []
    previous = set_presenter(lambda *args: captured.append(args))
    assert previous is errors.message_box
    show_error(None, "x", "en")
    assert captured == [(None, "PoA national report", "x")]
    set_presenter(None)
    assert errors.presenter is errors.message_box


def test_the_real_presenter_is_a_critical_message_box(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    boxes: list[tuple[str, str]] = []
    monkeypatch.setattr(
        QMessageBox, "critical", lambda parent, title, text: boxes.append((title, text))
    )
    errors.message_box(None, "Title", "Text")
    assert boxes == [("Title", "Text")]


def test_crash_log_location(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(errors.LOG_DIR_ENV, raising=False)
    assert errors.crash_log_dir().name in ("poa-report", "log", "Logs")
    monkeypatch.setenv(errors.LOG_DIR_ENV, str(tmp_path / "env"))
    assert errors.crash_log_dir() == tmp_path / "env"
    assert errors.crash_log_dir(tmp_path / "arg") == tmp_path / "arg"


def test_the_hook_writes_a_crash_log_and_tells_the_user(
    qapp: object, tmp_path: Path, shown: Shown, hooks: list[object]
) -> None:
    handler = install_excepthook(lambda: "fr", log_dir=tmp_path / "logs")
    assert sys.excepthook == handler.excepthook
    raise_and_hook(ZeroDivisionError("division by zero"))

    (log,) = (tmp_path / "logs").glob("crash-*.log")
    assert log.name[len("crash-") :].replace("-", "").removesuffix(".log").isdigit()
    content = log.read_text(encoding="utf-8")
    assert "Traceback (most recent call last)" in content
    assert "ZeroDivisionError: division by zero" in content
    assert f"Program version: {program_version()}" in content
    assert "Platform:" in content
    assert "Time:" in content

    ((parent, title, text),) = shown
    assert parent is None
    assert title == tr("desktop_app.title", "fr")
    assert "en sécurité dans la base de données" in text
    assert str(log) in text
    assert "ZeroDivisionError" in text
    assert hooks == []  # handled, not passed on
    handler.uninstall()
    assert sys.excepthook is not handler.excepthook


def test_two_crashes_in_the_same_second_keep_both_logs(
    qapp: object, tmp_path: Path, shown: Shown, hooks: list[object]
) -> None:
    install_excepthook(lambda: "en", log_dir=tmp_path)
    raise_and_hook(ValueError("one"))
    raise_and_hook(ValueError("two"))
    assert len(list(tmp_path.glob("crash-*.log"))) == 2
    assert len(shown) == 2


def test_the_log_folder_comes_from_the_environment(
    qapp: object, tmp_path: Path, shown: Shown, hooks: list[object], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(errors.LOG_DIR_ENV, str(tmp_path / "from-env"))
    install_excepthook(lambda: "en")
    raise_and_hook(KeyError("k"))
    assert len(list((tmp_path / "from-env").glob("crash-*.log"))) == 1


def test_a_failing_log_write_still_shows_the_dialog(
    qapp: object, tmp_path: Path, shown: Shown, hooks: list[object]
) -> None:
    not_a_folder = tmp_path / "file"
    not_a_folder.write_text("", encoding="utf-8")
    install_excepthook(lambda: "en", log_dir=not_a_folder / "logs")
    raise_and_hook(RuntimeError("boom"))
    ((_, _, text),) = shown
    assert "could not be written" in text
    assert "safe in the database" in text


def test_the_hook_never_raises(
    qapp: object, tmp_path: Path, hooks: list[object], monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken_language() -> str:
        raise RuntimeError("no language")

    def broken_presenter(*args: object) -> None:
        raise RuntimeError("no dialog")

    monkeypatch.setattr(errors, "presenter", broken_presenter)
    install_excepthook(broken_language, log_dir=tmp_path)
    raise_and_hook(RuntimeError("boom"))  # does not raise
    assert len(list(tmp_path.glob("crash-*.log"))) == 1


def test_keyboard_interrupt_goes_to_the_default_hook(
    qapp: object, tmp_path: Path, shown: Shown, hooks: list[object]
) -> None:
    install_excepthook(lambda: "en", log_dir=tmp_path)
    interrupt = KeyboardInterrupt()
    raise_and_hook(interrupt)
    assert hooks == [interrupt]
    assert shown == []
    assert list(tmp_path.iterdir()) == []


def test_a_worker_thread_crash_is_logged_and_shown_in_the_gui_thread(
    qtbot: QtBot, tmp_path: Path, hooks: list[object], monkeypatch: pytest.MonkeyPatch
) -> None:
    threads: list[threading.Thread] = []

    def present(parent: QWidget | None, title: str, text: str) -> None:
        threads.append(threading.current_thread())

    monkeypatch.setattr(errors, "presenter", present)
    install_excepthook(lambda: "en", log_dir=tmp_path)

    def work() -> None:
        raise OSError("network share gone")

    worker = threading.Thread(target=work, name="exporter")
    worker.start()
    worker.join()
    qtbot.waitUntil(lambda: bool(threads))
    assert threads == [threading.main_thread()]
    (log,) = tmp_path.glob("crash-*.log")
    assert "Thread: exporter" in log.read_text(encoding="utf-8")


def test_a_thread_that_exits_on_purpose_is_not_a_crash(
    qapp: object, tmp_path: Path, shown: Shown, hooks: list[object]
) -> None:
    handler: CrashHandler = install_excepthook(lambda: "en", log_dir=tmp_path)
    stop: Callable[[], None] = lambda: sys.exit(0)  # noqa: E731
    worker = threading.Thread(target=stop)
    worker.start()
    worker.join()
    assert shown == []
    assert list(tmp_path.iterdir()) == []
    handler.uninstall()
