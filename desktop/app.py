"""The desktop application: ``poa-report`` with no command.

It opens the database, makes sure there is a report to look at (the demo report on first run),
and shows the most recently updated report in the main window.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Final

from PySide6.QtCore import QLocale
from PySide6.QtWidgets import QApplication, QMessageBox

from desktop.main_window import MainWindow
from forms.catalogue import CatalogueError
from forms.i18n import LocalizedError, normalise_language
from forms.reader import TemplateError
from reporting.demo import create_demo_report
from reporting.service import load_state
from storage import ReportInfo, open_database

APP_NAME: Final = "PoA National Report"
EXIT_ERROR: Final = 2  # the same code the command line uses for "could not do it"

# What can go wrong before the window shows: the user's database (LocalizedError: storage, report
# input) or a damaged installation (a template or catalogue file that fails its checks).
_STARTUP_ERRORS: Final = (LocalizedError, TemplateError, CatalogueError)


def interface_language() -> str:
    """POA_REPORT_LANG when set, else the system locale; English when neither is supported."""
    return normalise_language(os.environ.get("POA_REPORT_LANG") or QLocale.system().name())


def latest_report(reports: list[ReportInfo]) -> ReportInfo:
    # Timestamps are ISO-8601 UTC text, which sorts chronologically; the id breaks ties.
    return max(reports, key=lambda info: (info.updated_at, info.id))


def build_main_window(db_path: Path | None, lang: str) -> MainWindow:
    """The window for the latest report, creating the demo report in an empty database.

    The window is read-only, so the database is closed again once the report is loaded.
    """
    with open_database(db_path) as db:
        reports = db.list_reports()
        info = latest_report(reports) if reports else create_demo_report(db, language=lang)
        state = load_state(db, info.id)
    return MainWindow(state, lang)


def run(db_path: Path | None, argv: list[str] | None = None) -> int:
    """Start the application and return its exit code."""
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(argv or sys.argv)
    app.setApplicationName(APP_NAME)
    lang = interface_language()
    try:
        window = build_main_window(db_path, lang)
    except _STARTUP_ERRORS as exc:
        # The one place start-up errors reach the user: there may be no terminal to print to.
        message = exc.message(lang) if isinstance(exc, LocalizedError) else str(exc)
        QMessageBox.critical(None, APP_NAME, message)
        return EXIT_ERROR
    window.show()
    return app.exec()
