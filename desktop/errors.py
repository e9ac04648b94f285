"""The one place the desktop application shows errors, and its crash handler.

``show_error`` turns an exception into a message in the interface language and hands it to
``presenter``, which shows a modal message box. Tests replace the presenter (``set_presenter``)
to capture messages instead of blocking on a modal dialog.

``install_excepthook`` catches what nothing else caught, in the GUI thread and in worker
threads: it writes a crash log (a local file, nothing is sent anywhere) and tells the user what
happened, that their saved answers are safe (each save is its own committed transaction), and
where the log is.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import os
import platform
import sys
import threading
import traceback
from collections.abc import Callable
from pathlib import Path
from types import TracebackType
from typing import Final, TextIO

import platformdirs
import PySide6
from PySide6.QtCore import QObject, Signal, qVersion
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from forms.i18n import LocalizedError, tr
from reporting.version import program_version

LOG_DIR_ENV: Final = "POA_REPORT_LOG_DIR"

# (parent, title, text): shows one error to the user and returns when it was seen.
Presenter = Callable[[QWidget | None, str, str], None]
ExceptHook = Callable[[type[BaseException], BaseException, TracebackType | None], None]

log = logging.getLogger(__name__)


def message_box(parent: QWidget | None, title: str, text: str) -> None:
    """The real presenter: a modal critical message box."""
    if not isinstance(QApplication.instance(), QApplication):
        # No widgets can exist yet (a failure before start-up finished): Qt would abort.
        _print(f"{title}: {text}")
        return
    QMessageBox.critical(parent, title, text)


presenter: Presenter = message_box


def set_presenter(fn: Presenter | None) -> Presenter:
    """Replace how errors are shown (None: the message box again); returns the previous one."""
    global presenter  # the documented hook: one presenter for the whole program
    previous = presenter
    presenter = fn if fn is not None else message_box
    return previous


def error_message(error: BaseException | str, lang: str) -> str:
    """What to tell the user about ``error``, in ``lang``."""
    if isinstance(error, str):
        return error
    if isinstance(error, LocalizedError):
        return error.message(lang)
    return tr("desktop_app.error.unexpected", lang, detail=_describe(error))


def show_error(parent: QWidget | None, error: BaseException | str, lang: str) -> None:
    """Show ``error`` (an exception or an already translated message) to the user."""
    if isinstance(error, BaseException) and not isinstance(error, LocalizedError):
        # Not a user mistake but a fault: keep the traceback for whoever investigates.
        log.error("unexpected error shown to the user", exc_info=error)
    presenter(parent, tr("desktop_app.title", lang), error_message(error, lang))


# Crash handling


def crash_log_dir(override: Path | None = None) -> Path:
    """Where crash logs go: ``override``, else ``$POA_REPORT_LOG_DIR``, else the user log folder."""
    if override is not None:
        return override
    env = os.environ.get(LOG_DIR_ENV)
    if env:
        return Path(env).expanduser()
    return Path(platformdirs.user_log_dir("poa-report", appauthor=False))


def crash_report(exc: BaseException, thread_name: str, lang: str, now: dt.datetime) -> str:
    """The text of a crash log: what a developer needs, and nothing from the database."""
    lines = [
        "poa-report crash log",
        f"Time: {now.isoformat(timespec='seconds')}",
        f"Program version: {_safe(program_version)}",
        f"Python: {sys.version.split()[0]} ({sys.executable})",
        f"Qt: {qVersion()}, PySide6 {PySide6.__version__}",
        f"Platform: {_safe(platform.platform)}",
        f"Thread: {thread_name}",
        f"Interface language: {lang}",
        "",
        *traceback.format_exception(type(exc), exc, exc.__traceback__),
    ]
    return "\n".join(line.rstrip("\n") for line in lines) + "\n"


def write_crash_log(directory: Path, text: str, now: dt.datetime) -> Path:
    """Write ``text`` to a new ``crash-YYYYmmdd-HHMMSS.log`` file and return its path."""
    directory.mkdir(parents=True, exist_ok=True)
    stem = f"crash-{now:%Y%m%d-%H%M%S}"
    for attempt in range(1, 100):
        # Two crashes in the same second (a thread and the GUI) must not overwrite each other.
        path = directory / (f"{stem}.log" if attempt == 1 else f"{stem}-{attempt}.log")
        try:
            with path.open("x", encoding="utf-8") as file:
                file.write(text)
        except FileExistsError:
            continue
        return path
    raise FileExistsError(directory / f"{stem}.log")


class _GuiBridge(QObject):
    """Carries a crash message from any thread to the GUI thread, where dialogs may open."""

    show = Signal(str, str)

    def __init__(self) -> None:
        super().__init__()
        self.show.connect(self._present)

    def _present(self, title: str, text: str) -> None:
        try:
            presenter(None, title, text)
        except Exception:  # a failing dialog must not loop back into the crash handler
            _print(text)


class CrashHandler:
    """The installed ``sys.excepthook`` and ``threading.excepthook``."""

    def __init__(self, lang_getter: Callable[[], str], log_dir: Path | None = None) -> None:
        self.lang_getter = lang_getter
        self.log_dir = log_dir
        self.previous_hook: ExceptHook = sys.excepthook
        self.previous_thread_hook = threading.excepthook
        # Created in the thread that installs the hook (the GUI thread): a signal emitted from a
        # worker thread then reaches it queued, and runs in the GUI thread.
        self._bridge = _GuiBridge()
        self._busy = threading.local()

    def install(self) -> None:
        sys.excepthook = self.excepthook
        threading.excepthook = self.thread_excepthook

    def uninstall(self) -> None:
        sys.excepthook = self.previous_hook
        threading.excepthook = self.previous_thread_hook

    def excepthook(
        self, exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None
    ) -> None:
        if issubclass(exc_type, KeyboardInterrupt):
            # Ctrl+C in a terminal is a request to stop, not a crash.
            self.previous_hook(exc_type, exc, tb)
            return
        self.handle(exc.with_traceback(tb), threading.current_thread().name)

    def thread_excepthook(self, args: threading.ExceptHookArgs) -> None:
        if args.exc_value is None or issubclass(args.exc_type, SystemExit):
            self.previous_thread_hook(args)  # a thread that ended on purpose
            return
        thread = args.thread.name if args.thread is not None else "?"
        self.handle(args.exc_value.with_traceback(args.exc_traceback), thread)

    def handle(self, exc: BaseException, thread_name: str) -> None:
        """Log the crash and tell the user; never raises, whatever fails on the way."""
        if getattr(self._busy, "active", False):
            # A crash while reporting a crash (in this thread): print it, never loop.
            _print("".join(traceback.format_exception(exc)))
            return
        self._busy.active = True
        try:
            lang = _safe(self.lang_getter, "en")
            now = dt.datetime.now().astimezone()
            try:
                path = write_crash_log(
                    crash_log_dir(self.log_dir), crash_report(exc, thread_name, lang, now), now
                )
                where = tr("desktop_app.crash.log_written", lang, path=str(path))
            except Exception as write_error:  # a full disk must not hide the crash itself
                where = tr("desktop_app.crash.log_failed", lang, problem=_describe(write_error))
            text = tr("desktop_app.crash.message", lang, problem=_describe(exc), where=where)
            _print("".join(traceback.format_exception(exc)))  # for whoever started it in a terminal
            self._bridge.show.emit(tr("desktop_app.title", lang), text)
        except BaseException:  # the hook of last resort: print rather than raise
            _print("".join(traceback.format_exception(exc)))
        finally:
            self._busy.active = False


def install_excepthook(
    lang_getter: Callable[[], str], *, log_dir: Path | None = None
) -> CrashHandler:
    """Install the crash handler (from the GUI thread, once the QApplication exists)."""
    handler = CrashHandler(lang_getter, log_dir)
    handler.install()
    return handler


def _describe(exc: BaseException) -> str:
    text = str(exc).strip()
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


def _safe(fn: Callable[[], str], fallback: str = "unknown") -> str:
    try:
        return fn()
    except Exception:
        return fallback


def _print(text: str) -> None:
    # sys.stderr is None in a windowed (no console) Windows build.
    stream: TextIO | None = sys.stderr or sys.__stderr__
    if stream is not None:
        with contextlib.suppress(OSError, ValueError):  # a closed or broken console
            print(text, file=stream)
