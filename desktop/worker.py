"""The one way to run slow work (checking the whole report, exports, imports) off the GUI thread.

``run_in_background`` hands a plain function to Qt's thread pool and shows a window-modal progress
dialog with a Cancel button if the work takes more than a moment. The function receives a
:class:`Progress` to report how far it is and to notice a cancel; its result or its exception comes
back on the GUI thread through queued signals, so callbacks may touch widgets freely.

The work function runs in another thread: it must not use the session's database connection
(SQLAlchemy's SQLite pool gives each thread its own connection, and the session's objects belong to
the GUI thread). Copy what it needs first — the template and a copy of the answers — and pass that.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable
from typing import Any, Final, Generic, TypeVar

from PySide6.QtCore import QEvent, QObject, QRunnable, Qt, QThreadPool, QTimer, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

from desktop.errors import show_error
from forms.i18n import tr

T = TypeVar("T")

SHOW_AFTER_MS: Final = 300  # quick work finishes before any dialog flashes up


class Cancelled(Exception):
    """The person cancelled the task; any result the work produced is discarded."""


class Progress:
    """What the work function gets: report progress, and stop early when ``cancelled``.

    Thread-safe and Qt-free, so a pure function can take one (or ``None``) and be tested alone.
    """

    def __init__(self, on_report: Callable[[int, int], None] | None = None) -> None:
        self._cancel = threading.Event()
        self._on_report = on_report

    def report(self, done: int, total: int) -> None:
        if self._on_report is not None:
            self._on_report(done, total)

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def cancel(self) -> None:
        self._cancel.set()

    def check(self) -> None:
        """Raise :class:`Cancelled` if a cancel was asked: a convenient stopping point."""
        if self.cancelled:
            raise Cancelled


class _Runnable(QRunnable):
    def __init__(self, job: Callable[[], None]) -> None:
        super().__init__()
        # The task keeps this object alive; Qt must not delete a Python-owned runnable.
        self.setAutoDelete(False)
        self._job = job

    def run(self) -> None:
        self._job()


class BackgroundTask(QObject, Generic[T]):
    """One running piece of work; :func:`run_in_background` creates it and starts it."""

    # Emitted from the worker thread; connected to this object's own slots, which live in the
    # GUI thread, so Qt queues them: callbacks always run on the GUI thread.
    _progressed = Signal(int, int)
    _succeeded = Signal(object)
    _failed = Signal(object)
    # Emitted on the GUI thread once the callback ran, whatever the outcome.
    finished = Signal()

    def __init__(
        self,
        parent: QWidget,
        title: str,
        work: Callable[[Progress], T],
        on_success: Callable[[T], None],
        on_failure: Callable[[BaseException], None] | None,
        lang: str,
    ) -> None:
        super().__init__(parent)  # the parent keeps this object (and its Python side) alive
        self._parent, self._title, self._lang = parent, title, lang
        self._work, self._on_success, self._on_failure = work, on_success, on_failure
        self.progress = Progress(self._emit_progress)
        self.done = False
        self._finished_event = threading.Event()
        self._progressed.connect(self._show_progress)
        self._succeeded.connect(self._deliver_result)
        self._failed.connect(self._deliver_error)

        dialog = QProgressDialog(title, tr("tools.worker.cancel", lang), 0, 0, parent)
        dialog.setWindowTitle(title)
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        # We close the dialog ourselves: auto-reset would hide it at 100 % before the result
        # is handled, and a hidden-then-shown dialog flickers.
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)
        dialog.setMinimumDuration(SHOW_AFTER_MS)
        # Arms the show-after timer with that delay: a fresh bar's value is below its minimum,
        # and the timer started by the constructor would wait Qt's default 4 s.
        dialog.setValue(0)
        dialog.canceled.connect(self.cancel)
        self.dialog = dialog
        self._runnable = _Runnable(self._run)

    def start(self) -> None:
        QThreadPool.globalInstance().start(self._runnable)

    def cancel(self) -> None:
        """Ask the work to stop; the failure callback then receives :class:`Cancelled`."""
        if self.done:
            return
        self.progress.cancel()
        self.dialog.setLabelText(tr("tools.worker.cancelling", self._lang))

    def wait(self, timeout_s: float | None = None) -> bool:
        """Block until the work function returned (its callback may still be queued)."""
        return self._finished_event.wait(timeout_s)

    # -- worker thread -------------------------------------------------------------------------
    def _run(self) -> None:
        try:
            result = self._work(self.progress)
        except BaseException as exc:  # everything goes back to the GUI thread, nothing is lost
            self._emit(self._failed, exc)
        else:
            self._emit(self._succeeded, result)
        finally:
            self._finished_event.set()

    def _emit_progress(self, done: int, total: int) -> None:
        self._emit(self._progressed, done, total)

    @staticmethod
    def _emit(signal: Any, *args: Any) -> None:
        # RuntimeError: the parent window was closed and took this task with it; nobody waits.
        with contextlib.suppress(RuntimeError):
            signal.emit(*args)

    # -- GUI thread ----------------------------------------------------------------------------
    def _show_progress(self, done: int, total: int) -> None:
        if self.done or self.progress.cancelled:
            return
        self.dialog.setMaximum(max(total, 1))
        self.dialog.setValue(max(0, min(done, total)))

    def _deliver_result(self, result: T) -> None:
        if self._finish():
            return
        if self.progress.cancelled:  # the person no longer wants this result
            self._report_failure(Cancelled())
        else:
            self._on_success(result)
        self.finished.emit()

    def _deliver_error(self, error: BaseException) -> None:
        if self._finish():
            return
        self._report_failure(Cancelled() if self.progress.cancelled else error)
        self.finished.emit()

    def _finish(self) -> bool:
        """Close the dialog once; True if the outcome was already delivered."""
        if self.done:
            return True
        self.done = True
        self.dialog.canceled.disconnect(self.cancel)  # hiding must not count as a cancel
        self.dialog.reset()  # stops the timer that would show the dialog later
        self.dialog.hide()
        self.dialog.deleteLater()
        self.deleteLater()
        return False

    def _report_failure(self, error: BaseException) -> None:
        if self._on_failure is not None:
            self._on_failure(error)
        elif not isinstance(error, Cancelled):
            show_error(self._parent, error, self._lang)  # the application's one error display


def run_in_background(
    parent: QWidget,
    title: str,
    work: Callable[[Progress], T],
    on_success: Callable[[T], None],
    on_failure: Callable[[BaseException], None] | None = None,
    lang: str = "en",
) -> BackgroundTask[T]:
    """Run ``work(progress)`` in the thread pool; call back on the GUI thread with the outcome.

    ``on_failure`` receives the exception the work raised, or :class:`Cancelled` after a cancel
    (without ``on_failure`` a cancel is silent and an error goes to ``desktop.errors.show_error``).
    """
    task = BackgroundTask(parent, title, work, on_success, on_failure, lang)
    task.start()
    return task


class DeferredRefresh(QObject):
    """The other way to keep the interface responsive: refresh a view once per burst of changes
    (an import changes hundreds of answers), and a hidden view only when it is next shown."""

    def __init__(self, widget: QWidget, refresh: Callable[[], None]) -> None:
        super().__init__(widget)
        self._widget, self._refresh, self.stale = widget, refresh, False
        self._timer = QTimer(self, singleShot=True, interval=0)
        self._timer.timeout.connect(self._run)
        widget.installEventFilter(self)

    def mark_stale(self, *_args: object) -> None:
        """Connect a "changed" signal here."""
        self.stale = True
        if self._widget.isVisible():
            self._timer.start()

    def _run(self) -> None:
        if self.stale:
            self.stale = False
            self._refresh()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._widget and event.type() == QEvent.Type.Show:
            self._run()
        return False
