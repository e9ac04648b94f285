"""The desktop application: ``poa-report`` with no command, or ``poa-report gui``.

Start-up sets the interface language (Qt's own dialogs included), loads the fonts that ship with
the program, installs the crash handler, opens the database and shows the last report — or, on the
very first start, the demo report of a fictional State, so there is something to explore.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Final

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QDialog

from desktop import errors
from desktop.fonts import load_fonts
from desktop.language import apply_language
from desktop.main_window import MainWindow
from desktop.session import ReportSession
from desktop.settings import Preferences
from desktop.welcome import WelcomeDialog
from forms.catalogue import CatalogueError
from forms.i18n import LocalizedError, normalise_language
from forms.reader import TemplateError
from reporting.demo import create_demo_report
from storage import Database, ReportInfo, open_database

APP_NAME: Final = "PoA National Report"
EXIT_ERROR: Final = 2  # the same code the command line uses for "could not do it"

# What can go wrong before the window shows: the user's database (LocalizedError: storage, report
# input) or a damaged installation (a template or catalogue file that fails its checks).
_STARTUP_ERRORS: Final = (LocalizedError, TemplateError, CatalogueError)


def latest_report(reports: list[ReportInfo]) -> ReportInfo:
    # Timestamps are ISO-8601 UTC text, which sorts chronologically; the id breaks ties.
    return max(reports, key=lambda info: (info.updated_at, info.id))


class DesktopApp:
    """Holds the database, the preferences and the window of the open report."""

    def __init__(self, app: QApplication, db: Database, preferences: Preferences) -> None:
        self.app = app
        self.db = db
        self.preferences = preferences
        # POA_REPORT_LANG wins for this run (tests, screenshots) without changing preferences.
        self.lang = normalise_language(os.environ.get("POA_REPORT_LANG") or preferences.language)
        self.window: MainWindow | None = None

    def first_report(self) -> int:
        """The last report opened in this database, else the latest, else a new demo report."""
        last = self.preferences.last_report
        reports = self.db.list_reports()
        if (
            last is not None
            and last.db_path == self.db.path.resolve()
            and any(info.id == last.report_id for info in reports)
        ):
            return last.report_id
        if reports:
            return latest_report(reports).id
        return create_demo_report(self.db, language=self.lang).id

    def open_report(self, report_id: int) -> MainWindow:
        session = ReportSession(self.db, report_id)
        window = MainWindow(
            session,
            self.lang,
            preferences=self.preferences,
            on_language_changed=self.change_language,
            on_open_welcome=self.show_welcome,
        )
        self.preferences.remember_report(self.db.path, report_id)
        old, self.window = self.window, window
        window.show()
        if old is not None:
            old.close()
        return window

    def show_welcome(self) -> None:
        dialog = WelcomeDialog(self.db, self.preferences, self.lang, self.window)
        if dialog.exec() == QDialog.DialogCode.Accepted and dialog.chosen_report_id is not None:
            self.open_report(dialog.chosen_report_id)

    def change_language(self, lang: str) -> None:
        self.lang = lang
        self.preferences.language = lang
        apply_language(self.app, lang)


def start(db_path: Path | None, argv: list[str] | None = None) -> DesktopApp | None:
    """Everything up to a shown main window; None (after telling the user) when it cannot be."""
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(argv or sys.argv)
    app.setApplicationName(APP_NAME)
    preferences = Preferences()
    lang = normalise_language(os.environ.get("POA_REPORT_LANG") or preferences.language)
    apply_language(app, lang)
    load_fonts(app)
    try:
        db = open_database(db_path)
    except _STARTUP_ERRORS as exc:
        errors.show_error(None, exc, lang)  # there may be no terminal to print to
        return None
    desktop = DesktopApp(app, db, preferences)
    errors.install_excepthook(lambda: desktop.lang)
    try:
        desktop.open_report(desktop.first_report())
    except _STARTUP_ERRORS as exc:
        errors.show_error(None, exc, lang)
        db.close()
        return None
    app.aboutToQuit.connect(db.close)
    return desktop


def run(
    db_path: Path | None, argv: list[str] | None = None, *, exit_when_ready: bool = False
) -> int:
    """Start the application and return its exit code.

    With ``exit_when_ready`` the application quits with 0 as soon as the main window is shown and
    the event loop runs (smoke tests and start-up benchmarks).
    """
    desktop = start(db_path, argv)
    if desktop is None:
        return EXIT_ERROR
    if exit_when_ready:
        QTimer.singleShot(0, lambda: desktop.app.exit(0 if desktop.window else EXIT_ERROR))
    return desktop.app.exec()
