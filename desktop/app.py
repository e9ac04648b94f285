"""The desktop application: ``poa-report`` with no command, or ``poa-report gui``.

Start-up sets the interface language (Qt's own dialogs included), loads the fonts that ship with
the program, installs the crash handler, opens the database and shows the last report — or, on the
very first start, the demo report of a fictional State, so there is something to explore.

Issue 8: a damaged database is never opened silently. Start-up offers its newest intact backup
(Restore / Quit) and carries on from it; a database another program holds is refused with a
message; one on a network drive is warned about. File › Restore from a backup… closes the
database, restores the chosen backup (the database as it was is kept as a backup) and opens it
again on the same report.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Final

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QInputDialog,
    QLineEdit,
    QMessageBox,
    QWidget,
)

from desktop import errors
from desktop.backups_ui import RestoreDialog, ask, backup_time
from desktop.fonts import load_fonts
from desktop.language import apply_language
from desktop.main_window import MainWindow
from desktop.session import ReportSession
from desktop.settings import Preferences
from desktop.welcome import WelcomeDialog
from forms.catalogue import CatalogueError
from forms.i18n import LocalizedError, normalise_language, tr
from forms.reader import TemplateError
from reporting.demo import create_demo_report
from storage import (
    BackupInfo,
    Database,
    DatabaseDamagedError,
    PassphraseRequiredError,
    ReportInfo,
    WrongPassphraseError,
    known_passphrase,
    newest_good_backup,
    open_database,
    restore_backup,
)

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
        self.restore_dialog: RestoreDialog | None = None  # issue 8, kept for the tests

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
            on_restore_backup=self.show_restore_dialog,
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

    # -- backups (issue 8) ------------------------------------------------------------------
    def show_restore_dialog(self) -> RestoreDialog:
        dialog = RestoreDialog(self.db.path, self.lang, self.window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.restore_requested.connect(self.restore)
        self.restore_dialog = dialog
        dialog.open()
        return dialog

    def restore(self, backup: BackupInfo) -> bool:
        """Close the database, put ``backup`` in its place, open it again on the same report.

        The database as it was is kept as a "before-restore" backup (``restore_backup``). When
        the restore fails the database is opened again unchanged; when the report is not in the
        backup, the latest one is opened and the list of reports shown.
        """
        old = self.window
        report_id = old.session.report_id if old is not None else None
        if old is not None:
            old.auto_backup.stop()
            old.setEnabled(False)  # its session's database is about to close
        path = self.db.path
        self.db.close()
        kept: BackupInfo | None = None
        failure: BaseException | None = None
        try:
            kept = restore_backup(path, backup.path, passphrase=known_passphrase(path))
        except (LocalizedError, OSError) as exc:
            failure = exc
        try:
            self.db = open_database(path)
        except _STARTUP_ERRORS as exc:
            errors.show_error(old, exc, self.lang)
            self.app.exit(EXIT_ERROR)  # nothing left to show: the database cannot be opened
            return False
        if failure is not None:
            errors.show_error(old, failure, self.lang)
        reports = {info.id for info in self.db.list_reports()}
        gone = report_id is None or report_id not in reports
        window = self.open_report(report_id if report_id in reports else self.first_report())
        if failure is not None:
            return False
        key = "status.restored_kept" if kept is not None else "status.restored"
        window.statusBar().showMessage(
            tr(f"desktop_safety.{key}", self.lang, when=backup_time(backup, self.lang))
        )
        if gone:
            window.statusBar().showMessage(tr("desktop_safety.restore.report_gone", self.lang))
            self.show_welcome()
        return True

    def warn_network_share(self) -> None:
        """A database on a network drive can be damaged by a dropped connection: say so once."""
        if not self.db.network_share:
            return
        text = tr("storage.network_share", self.lang, path=str(self.db.path))
        if self.window is not None:
            status = tr("desktop_safety.status.network_share", self.lang)
            self.window.statusBar().showMessage(status)
        QMessageBox.warning(self.window, tr("desktop_safety.network.title", self.lang), text)

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
    restored: BackupInfo | None = None
    try:
        db = open_asking_passphrase(db_path, lang)
    except DatabaseDamagedError as exc:
        recovered = recover_damaged(exc, lang)
        if recovered is None:
            return None
        db, restored = recovered
    except _STARTUP_ERRORS as exc:
        # DatabaseInUseError (another program has it) included: a message, nothing changed.
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
    app.aboutToQuit.connect(lambda: desktop.db.close())  # the database open at the end
    if restored is not None and desktop.window is not None:
        desktop.window.statusBar().showMessage(
            tr("desktop_safety.status.restored", desktop.lang, when=backup_time(restored, lang))
        )
    desktop.warn_network_share()
    return desktop


PASSPHRASE_TRIES: Final = 3


def open_asking_passphrase(db_path: Path | None, lang: str) -> Database:
    """The database; one protected by a passphrase asks for it (three tries, never stored)."""
    try:
        return open_database(db_path)
    except PassphraseRequiredError as exc:
        refusal: LocalizedError = exc
    for _ in range(PASSPHRASE_TRIES):
        text, given = QInputDialog.getText(
            None,
            tr("desktop_safety.passphrase.title", lang),
            tr("desktop_safety.passphrase.prompt", lang),
            QLineEdit.EchoMode.Password,
        )
        if not given:
            break
        try:
            return open_database(db_path, passphrase=text, remember=True)
        except WrongPassphraseError as exc:
            refusal = exc
    raise refusal


def recover_damaged(
    damaged: DatabaseDamagedError, lang: str, parent: QWidget | None = None
) -> tuple[Database, BackupInfo] | None:
    """Offer the newest intact backup of a damaged database; the database restored from it, or
    None (after telling the user) when there is none, the person quits, or the restore fails."""
    best = newest_good_backup(damaged.path)
    if best is None:
        errors.show_error(parent, damaged, lang)  # as before: nothing to offer
        return None
    detail = damaged.problems[0] if damaged.problems else "?"
    text = tr("desktop_safety.damaged.text", lang, path=str(damaged.path), detail=detail,
              when=backup_time(best, lang))  # fmt: skip
    if not ask(
        parent,
        tr("desktop_safety.damaged.title", lang),
        text,
        tr("desktop_safety.damaged.restore", lang),
        tr("desktop_safety.damaged.quit", lang),
        QMessageBox.Icon.Critical,
    ):
        return None
    try:
        restore_backup(damaged.path, best.path)
        return open_database(damaged.path), best
    except (*_STARTUP_ERRORS, OSError) as exc:
        errors.show_error(parent, exc, lang)
        return None


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
