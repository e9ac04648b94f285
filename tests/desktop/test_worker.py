"""Slow work runs off the GUI thread: results, errors and cancels come back on the GUI thread."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from PySide6.QtCore import Qt, QThread
from PySide6.QtWidgets import QApplication, QProgressDialog, QPushButton, QWidget
from pytestqt.qtbot import QtBot

from desktop.worker import Cancelled, DeferredRefresh, Progress, run_in_background
from forms.i18n import LocalizedError

TIMEOUT_MS = 5000


@pytest.fixture
def parent(qtbot: QtBot) -> QWidget:
    widget = QWidget()
    qtbot.addWidget(widget)
    return widget


def visible_dialogs(parent: QWidget) -> list[QProgressDialog]:
    return [dialog for dialog in parent.findChildren(QProgressDialog) if dialog.isVisible()]


def on_gui_thread() -> bool:
    app = QApplication.instance()
    return app is not None and QThread.currentThread() is app.thread()


class Outcome:
    """Collects what the callbacks received, and on which thread."""

    def __init__(self) -> None:
        self.results: list[Any] = []
        self.errors: list[BaseException] = []
        self.on_gui_thread: list[bool] = []

    def success(self, result: Any) -> None:
        self.results.append(result)
        self.on_gui_thread.append(on_gui_thread())

    def failure(self, error: BaseException) -> None:
        self.errors.append(error)
        self.on_gui_thread.append(on_gui_thread())

    @property
    def delivered(self) -> bool:
        return bool(self.results or self.errors)


def test_the_result_reaches_the_success_callback_on_the_gui_thread(
    qtbot: QtBot, parent: QWidget
) -> None:
    outcome = Outcome()
    threads: list[str] = []

    def work(progress: Progress) -> int:
        threads.append(threading.current_thread().name)
        return 6 * 7

    task = run_in_background(parent, "Adding", work, outcome.success, outcome.failure)
    qtbot.waitUntil(lambda: outcome.delivered, timeout=TIMEOUT_MS)

    assert outcome.results == [42]
    assert outcome.errors == []
    assert outcome.on_gui_thread == [True]
    assert threads != [threading.main_thread().name]  # the work itself ran elsewhere
    assert task.done


def test_an_exception_reaches_the_failure_callback(qtbot: QtBot, parent: QWidget) -> None:
    outcome = Outcome()

    def work(progress: Progress) -> None:
        raise LocalizedError("report.bad_cycle", value=1900, low=2002, high=2100)

    run_in_background(parent, "Failing", work, outcome.success, outcome.failure, lang="fr")
    qtbot.waitUntil(lambda: outcome.delivered, timeout=TIMEOUT_MS)

    assert outcome.results == []
    (error,) = outcome.errors
    assert isinstance(error, LocalizedError)
    assert "1900" in error.message("fr")
    assert outcome.on_gui_thread == [True]


def test_cancel_stops_the_work_and_reports_cancelled(qtbot: QtBot, parent: QWidget) -> None:
    outcome = Outcome()
    started, steps = threading.Event(), []

    def work(progress: Progress) -> str:
        started.set()
        for step in range(10_000):  # about 50 s if the cancel were ignored
            if progress.cancelled:
                break
            steps.append(step)
            progress.report(step, 10_000)
            threading.Event().wait(0.005)
        return "finished"

    task = run_in_background(parent, "Long", work, outcome.success, outcome.failure)
    assert started.wait(TIMEOUT_MS / 1000)
    cancel_button = task.dialog.findChild(QPushButton)
    assert cancel_button is not None and cancel_button.text() == "Cancel"
    cancel_button.click()
    qtbot.waitUntil(lambda: outcome.delivered, timeout=TIMEOUT_MS)

    assert outcome.results == []  # a result after a cancel is discarded
    assert [type(error) for error in outcome.errors] == [Cancelled]
    assert task.wait(TIMEOUT_MS / 1000)
    assert len(steps) < 10_000


def test_work_may_stop_by_raising_cancelled(qtbot: QtBot, parent: QWidget) -> None:
    outcome = Outcome()

    def work(progress: Progress) -> None:
        progress.cancel()
        progress.check()

    run_in_background(parent, "Stopping", work, outcome.success, outcome.failure)
    qtbot.waitUntil(lambda: outcome.delivered, timeout=TIMEOUT_MS)

    assert [type(error) for error in outcome.errors] == [Cancelled]


def test_progress_reaches_the_dialog(qtbot: QtBot, parent: QWidget) -> None:
    outcome = Outcome()
    release = threading.Event()

    def work(progress: Progress) -> str:
        progress.report(3, 10)
        release.wait(TIMEOUT_MS / 1000)
        return "done"

    task = run_in_background(parent, "Counting", work, outcome.success, outcome.failure)
    qtbot.waitUntil(lambda: task.dialog.value() == 3, timeout=TIMEOUT_MS)
    assert task.dialog.maximum() == 10
    assert task.dialog.labelText() == "Counting"
    assert task.dialog.windowModality() == Qt.WindowModality.WindowModal
    # Shown after a moment, with a Cancel button, while the work goes on.
    qtbot.waitUntil(task.dialog.isVisible, timeout=TIMEOUT_MS)

    release.set()
    qtbot.waitUntil(lambda: outcome.delivered, timeout=TIMEOUT_MS)
    assert outcome.results == ["done"]
    assert visible_dialogs(parent) == []


def test_quick_work_never_shows_the_dialog(qtbot: QtBot, parent: QWidget) -> None:
    outcome = Outcome()
    run_in_background(parent, "Quick", lambda progress: 1, outcome.success)
    qtbot.waitUntil(lambda: outcome.delivered, timeout=TIMEOUT_MS)
    qtbot.wait(400)  # past the delay after which a slow task shows its dialog

    assert visible_dialogs(parent) == []


def test_progress_alone_needs_no_qt() -> None:
    reports: list[tuple[int, int]] = []
    progress = Progress(lambda done, total: reports.append((done, total)))
    progress.report(1, 2)
    progress.check()  # not cancelled: no exception
    progress.cancel()

    assert reports == [(1, 2)]
    assert progress.cancelled
    with pytest.raises(Cancelled):
        progress.check()


def test_deferred_refresh_runs_once_per_burst_and_waits_for_hidden_widgets(qtbot: QtBot) -> None:
    widget = QWidget()
    qtbot.addWidget(widget)
    calls: list[int] = []
    refresher = DeferredRefresh(widget, lambda: calls.append(1))

    for _ in range(5):
        refresher.mark_stale("p21.status")
    qtbot.wait(20)
    assert calls == []  # hidden: nothing to redraw yet
    widget.show()
    assert calls == [1]

    for _ in range(5):  # an import: many changes, one refresh
        refresher.mark_stale("p21.status")
    qtbot.waitUntil(lambda: calls == [1, 1])
    qtbot.wait(20)
    assert calls == [1, 1]
