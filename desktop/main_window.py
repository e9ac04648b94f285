"""The main window: the navigation tree on the left, the selected page on the right, and menus.

The window owns no data: it shows the :class:`ReportSession` and passes the person's actions to it.
Changing the interface language rebuilds the menus and pages in place (the report stays open and
the same page stays selected), which keeps every widget's text in one place: its constructor.

The Report menu (issue 7) marks the report final, reopens it with a reason, and exports its
history; the title and the status bar say whether the report is a draft or final.

Safety (issue 8): the window makes a backup of the database when it opens a report and at
intervals while editing (:mod:`desktop.backups_ui`); File › Restore from a backup… hands over to
the application, which owns the database; Report › Verify the history… checks the seals.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, Final

from PySide6.QtCore import QModelIndex, Qt, QTimer
from PySide6.QtGui import QAction, QActionGroup, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QFileDialog,
    QHeaderView,
    QLabel,
    QMainWindow,
    QMessageBox,
    QSplitter,
    QStackedWidget,
    QTreeView,
    QWidget,
)

from desktop import errors
from desktop.backups_ui import AutoBackup
from desktop.editors.base import EditorContext
from desktop.exchanges_view import ExchangesDialog
from desktop.exporting import ask_export_path, start_export, suggested_name
from desktop.finalise_dialog import FinaliseDialog
from desktop.history_export import ask_history_path, start_history_export, suggested_history_name
from desktop.history_view import HistoryDialog
from desktop.icons import COMPLETE_COLOUR
from desktop.info_page import info_page
from desktop.ministries_dialog import MinistriesDialog
from desktop.ministry_export_dialog import (
    MinistryExportDialog,
    offer_ministries_dialog,
    plural,
)
from desktop.ministry_review import ReviewDialog, ask_workbook_path, start_review
from desktop.navigation import KEY_ROLE, KIND_ROLE, STATUS_COLUMN, NavigationModel
from desktop.overview import OverviewView
from desktop.preflight import PreflightView
from desktop.reason_dialog import ask_reason
from desktop.search import SearchDialog
from desktop.section_page import SectionPage
from desktop.session import ReportSession
from desktop.settings import Preferences
from desktop.verify_dialog import VerifyDialog, start_verify
from forms.countries import country_name
from forms.i18n import LANGUAGES, LocalizedError, tr
from reporting import workflow
from reporting.ministries import Review
from storage import ExchangeInfo
from storage.audit import AuditResult

LANGUAGE_NAMES: Final = {"en": "English", "fr": "Français"}  # each in its own language
WINDOW_STATE_KEY: Final = "main_window"


class MainWindow(QMainWindow):
    def __init__(
        self,
        session: ReportSession,
        lang: str,
        *,
        on_language_changed: Callable[[str], None] | None = None,
        on_open_welcome: Callable[[], None] | None = None,
        on_restore_backup: Callable[[], object] | None = None,
        preferences: Preferences | None = None,
    ) -> None:
        super().__init__()
        self.session = session
        self.lang = lang
        self._on_language_changed = on_language_changed
        self._on_open_welcome = on_open_welcome
        self._on_restore_backup = on_restore_backup  # issue 8: the application restores
        self._preferences = preferences
        self.page: QWidget | None = None
        self._actions: list[QAction] = []
        # The last dialogs of the ministry exchange (issue 6), kept for the tests to drive.
        self.ministries_dialog: MinistriesDialog | None = None
        self.ministry_export_dialog: MinistryExportDialog | None = None
        self.review_dialog: ReviewDialog | None = None
        self.finalise_dialog: FinaliseDialog | None = None  # issue 7
        self.verify_dialog: VerifyDialog | None = None  # issue 8
        self.model = NavigationModel(session, lang, self)
        self.resize(1280, 820)
        # "Draft" or "Final", always in view at the right of the status bar.
        self.report_state = QLabel()
        self.statusBar().addPermanentWidget(self.report_state)
        session.saved.connect(self._saved)
        session.changed.connect(self._update_title)
        session.workflow_changed.connect(self._update_title)
        session.failed.connect(self.show_error)  # an undo or redo that met a lock
        self._build()
        self._restore_state()
        # Issue 8: a backup of the report as opened, then every ten minutes while editing.
        self.auto_backup = AutoBackup(session, lambda: self.lang, self.statusBar().showMessage)
        self.auto_backup.start()

    # -- building (again on a language change) ---------------------------------------------
    def _build(self, current_key: str | None = None) -> None:
        self.menuBar().clear()
        for action in self._actions:
            self.removeAction(action)  # the old language's shortcuts would clash with the new
            action.deleteLater()
        self._actions = []
        self._build_menus()
        self.model.set_language(self.lang)
        self.tree = QTreeView()
        self.tree.setModel(self.model)
        self.tree.setHeaderHidden(True)
        self.tree.setUniformRowHeights(True)
        # The title takes the width; the review status (issue 7) only what it needs.
        header = self.tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(STATUS_COLUMN, QHeaderView.ResizeMode.ResizeToContents)
        self.tree.setAccessibleName(tr("window.navigation", self.lang))
        self.tree.expandToDepth(1)
        self.tree.selectionModel().currentChanged.connect(self._current_changed)
        self.pages = QStackedWidget()
        self.overview: OverviewView | None = None
        self.preflight: PreflightView | None = None
        splitter = QSplitter()
        splitter.addWidget(self.tree)
        splitter.addWidget(self.pages)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([380, 900])
        self.splitter = splitter
        self.setCentralWidget(splitter)
        self._update_title()
        self.statusBar().showMessage(tr("status.autosave", self.lang))
        keys = self.model.section_keys()
        self.select_section(current_key if current_key in keys else keys[0])

    def _build_menus(self) -> None:
        bar = self.menuBar()

        def t(key: str) -> str:
            return tr(key, self.lang)

        file_menu = bar.addMenu(t("menu.file"))
        self._action(file_menu, "action.welcome", self._open_welcome, QKeySequence.StandardKey.Open)
        file_menu.addSeparator()
        self._action(file_menu, "action.export_xlsx", lambda: self.export("xlsx"), "Ctrl+E")
        self._action(file_menu, "action.export_pdf", lambda: self.export("pdf"), "Ctrl+P")
        self._action(file_menu, "action.export_blank", lambda: self.export("blank"), None)
        file_menu.addSeparator()
        self.restore_action = self._action(  # issue 8
            file_menu, "desktop_safety.action.restore", self._restore_backup, None
        )
        self.restore_action.setEnabled(self._on_restore_backup is not None)
        file_menu.addSeparator()
        self._action(file_menu, "action.quit", self.close, QKeySequence.StandardKey.Quit)
        edit_menu = bar.addMenu(t("menu.edit"))
        undo = self.session.undo_stack.createUndoAction(self, t("action.undo"))
        undo.setShortcut(QKeySequence.StandardKey.Undo)
        redo = self.session.undo_stack.createRedoAction(self, t("action.redo"))
        redo.setShortcut(QKeySequence.StandardKey.Redo)
        edit_menu.addAction(undo)
        edit_menu.addAction(redo)
        self._actions += [undo, redo]
        self.undo_action, self.redo_action = undo, redo
        edit_menu.addSeparator()
        self._action(edit_menu, "action.find", self.open_search, QKeySequence.StandardKey.Find)
        self._action(edit_menu, "action.history", self.show_focused_history, "Ctrl+H")
        ministries_menu = bar.addMenu(t("desktop_exchange.menu"))  # issue 6
        for name, slot in (
            ("ministries", self.open_ministries),
            ("export", self.export_for_ministry),
            ("import", self.import_ministry_workbook),
            ("exchanges", self.show_exchanges),
        ):
            if name == "exchanges":
                ministries_menu.addSeparator()
            self._action(ministries_menu, f"desktop_exchange.action.{name}", slot, None)
        report_menu = bar.addMenu(t("desktop_workflow.menu"))  # issue 7
        self.finalise_action = self._action(
            report_menu, "desktop_workflow.action.finalise", self.mark_final, None
        )
        self.reopen_report_action = self._action(
            report_menu, "desktop_workflow.action.reopen_report", self.reopen_report, None
        )
        report_menu.addSeparator()
        self._action(report_menu, "desktop_workflow.action.export_history", self.export_history,
                     None)  # fmt: skip
        self._action(report_menu, "desktop_safety.action.verify", self.verify_history, None)
        go_menu = bar.addMenu(t("menu.go"))
        self._action(go_menu, "action.next", lambda: self.step(1), "Ctrl+PgDown")
        self._action(go_menu, "action.previous", lambda: self.step(-1), "Ctrl+PgUp")
        self._action(go_menu, "action.overview", self.show_overview, "Ctrl+1")
        self._action(go_menu, "action.preflight", self.show_preflight, "F7")
        language_menu = bar.addMenu(t("menu.language"))
        group = QActionGroup(self)
        for lang in LANGUAGES:
            action = QAction(LANGUAGE_NAMES[lang], self, checkable=True)
            action.setChecked(lang == self.lang)
            action.triggered.connect(lambda _=False, lang=lang: self.set_language(lang))
            group.addAction(action)
            language_menu.addAction(action)
            self._actions.append(action)
        help_menu = bar.addMenu(t("menu.help"))
        self._action(help_menu, "action.about", self._about, None)

    def _action(self, menu: Any, key: str, slot: Callable[[], Any], shortcut: Any) -> QAction:
        action = QAction(tr(key, self.lang), self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(lambda _=False: slot())
        menu.addAction(action)
        self.addAction(action)  # shortcuts work wherever the focus is in the window
        self._actions.append(action)
        return action

    def _update_title(self, _key: str = "") -> None:
        info, final = self.session.info, self.session.is_final()
        title = tr("window.title", self.lang, country=country_name(info.country, self.lang),
                   cycle=info.cycle)  # fmt: skip
        status = tr(f"workflow.report.{'final' if final else 'draft'}", self.lang)
        self.setWindowTitle(tr("desktop_workflow.window_title", self.lang, title=title,
                               status=status))  # fmt: skip
        self.report_state.setText(status)
        self.report_state.setToolTip(
            tr(f"desktop_workflow.report_tooltip.{'final' if final else 'draft'}", self.lang)
        )
        style = f"color: {COMPLETE_COLOUR}; font-weight: bold;" if final else "color: #5f6368;"
        self.report_state.setStyleSheet(f"QLabel {{ {style} padding: 0 8px; }}")
        self.finalise_action.setEnabled(not final)
        self.reopen_report_action.setEnabled(final)

    # -- pages -----------------------------------------------------------------------------
    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if not current.isValid():
            return
        kind, key = current.data(KIND_ROLE), current.data(KEY_ROLE)
        if kind == "section":
            self._show(self._section_page(key))
        else:
            self._show(info_page(self.session.template, kind, key, self.lang))

    def _section_page(self, key: str) -> SectionPage:
        context = EditorContext(
            lang=self.lang, attach_file=self._attach_file, open_attachment=self._save_attachment
        )
        page = SectionPage(self.session, self.session.template.section(key), context)
        page.failed.connect(self.show_error)
        page.history_requested.connect(self.show_history)
        return page

    def _show(self, widget: QWidget) -> None:
        """Replace the page; edits still pending on the old one are saved first."""
        old = self.page
        if isinstance(old, SectionPage):
            old.flush()
        # Undo and redo apply to the edits of the page on screen.
        self.session.undo_stack.clear()
        self.page = widget
        self.pages.addWidget(widget)
        self.pages.setCurrentWidget(widget)
        if old is not None and old not in (self.overview, self.preflight):
            self.pages.removeWidget(old)
            old.deleteLater()

    def select_section(self, key: str) -> None:
        index = self.model.section_index(key)
        self.tree.setCurrentIndex(index)
        self.tree.scrollTo(index)

    def current_section_key(self) -> str | None:
        return self.page.section.key if isinstance(self.page, SectionPage) else None

    def step(self, delta: int) -> None:
        """The next or previous section (Ctrl+PgDown / Ctrl+PgUp)."""
        keys = self.model.section_keys()
        current = self.current_section_key()
        position = keys.index(current) if current in keys else -delta
        self.select_section(keys[max(0, min(len(keys) - 1, position + delta))])

    def jump_to(self, key: str, row: Any = None, column: Any = None) -> None:
        """Open a question's section and put the cursor in its field."""
        self.select_section(self.session.template.question(key).section_key)
        if isinstance(self.page, SectionPage):
            page = self.page
            QTimer.singleShot(0, lambda: page.focus_question(key, row, column))

    def show_overview(self) -> None:
        if self.overview is None:
            self.overview = OverviewView(self.session, self.lang)
            self.overview.section_requested.connect(self.select_section)
            self.overview.jump_requested.connect(self.jump_to)
        self._show(self.overview)

    def show_preflight(self) -> None:
        if self.preflight is None:
            self.preflight = PreflightView(self.session, self.lang)
            self.preflight.jump_requested.connect(self.jump_to)
        self._show(self.preflight)
        self.preflight.refresh_async()

    def open_search(self) -> None:
        dialog = SearchDialog(self.session, self.lang, self)
        dialog.section_requested.connect(self.select_section)
        dialog.jump_requested.connect(self.jump_to)
        dialog.open()

    def show_history(self, key: str) -> None:
        HistoryDialog(self.session, key, self.lang, self).open()

    def show_focused_history(self) -> None:
        """History of the field that has the keyboard focus (Ctrl+H)."""
        widget = QApplication.focusWidget()
        while widget is not None and not widget.objectName().startswith("question:"):
            widget = widget.parentWidget()
        if widget is not None:
            self.show_history(widget.objectName().removeprefix("question:"))

    # -- exports ---------------------------------------------------------------------------
    def ask_export_path(self, kind: str, suggested: str) -> Path | None:
        """Where to write an export (a file dialog; tests replace this method)."""
        return ask_export_path(self, kind, suggested, self.lang)

    def export(self, kind: str) -> None:
        """Export the report (or the blank form) off the GUI thread, with progress and cancel."""
        if isinstance(self.page, SectionPage):
            self.page.flush()  # the export holds what the person sees
        target = self.ask_export_path(kind, suggested_name(self.session.info, kind))
        if target is not None:
            self.export_task = start_export(
                self, self.session.state, kind, target, self.lang,
                on_done=lambda path: self.statusBar().showMessage(
                    tr("status.exported", self.lang, name=str(path))
                ),
                on_error=self.show_error,
            )  # fmt: skip

    # -- the report's status and history (issue 7) ---------------------------------------
    def mark_final(self) -> FinaliseDialog:
        """Check the whole report in the background, then show what blocks or finalise."""
        if isinstance(self.page, SectionPage):
            self.page.flush()  # the check holds what the person sees
        dialog = FinaliseDialog(self.session, self.lang, self)
        self.finalise_dialog = self._replace(self.finalise_dialog, dialog)
        dialog.section_requested.connect(self.select_section)
        dialog.jump_requested.connect(self.jump_to)
        dialog.finalised.connect(
            lambda: self.statusBar().showMessage(tr("desktop_workflow.status.final", self.lang))
        )
        dialog.open()
        dialog.refresh_async()
        return dialog

    def ask_report_reason(self) -> str | None:
        """Why a final report is reopened (a dialog; tests replace this method)."""
        return ask_reason(
            self,
            tr("desktop_workflow.ask.reopen_report.title", self.lang),
            tr("desktop_workflow.ask.reopen_report.prompt", self.lang),
            tr("desktop_workflow.ask.reopen_report.ok", self.lang),
            self.lang,
        )

    def reopen_report(self) -> bool:
        reason = self.ask_report_reason()
        if reason is None:
            return False
        try:
            self.session.run_workflow(workflow.reopen_report, reason)
        except LocalizedError as exc:
            self.show_error(exc)
            return False
        self.statusBar().showMessage(tr("desktop_workflow.status.reopened", self.lang))
        return True

    # -- safety (issue 8) -------------------------------------------------------------------
    def _restore_backup(self) -> None:
        if isinstance(self.page, SectionPage):
            self.page.flush()  # a pending edit is saved, and so kept in the "before-restore" copy
        if self._on_restore_backup is not None:
            self._on_restore_backup()

    def verify_history(self) -> None:
        """Check every seal of the history in the background, then show the outcome."""
        if isinstance(self.page, SectionPage):
            self.page.flush()  # the pending edit belongs in the history being checked
        self.verify_task = start_verify(
            self, self.session.db.path, self.lang,
            on_done=self._show_verification, on_error=self.show_error,
        )  # fmt: skip

    def _show_verification(self, result: AuditResult) -> None:
        try:
            reports = self.session.db.list_reports()
        except LocalizedError:
            reports = []  # the names are a courtesy: the seals were checked
        dialog = VerifyDialog(result, reports, self.lang, self)
        self.verify_dialog = self._replace(self.verify_dialog, dialog)
        dialog.open()

    def ask_history_path(self, suggested: str) -> tuple[Path, str] | None:
        """Where to write the history, and as "csv" or "xlsx" (tests replace this method)."""
        return ask_history_path(self, suggested, self.lang)

    def export_history(self) -> None:
        if isinstance(self.page, SectionPage):
            self.page.flush()  # a pending edit belongs in the history
        chosen = self.ask_history_path(suggested_history_name(self.session.info))
        if chosen is None:
            return
        target, kind = chosen
        self.history_task = start_history_export(
            self, self.session, kind, target, self.lang,
            on_done=lambda path: self.statusBar().showMessage(
                tr("desktop_workflow.status.history_exported", self.lang, name=str(path))
            ),
            on_error=self.show_error,
        )  # fmt: skip

    # -- ministries (issue 6) -------------------------------------------------------------
    def open_ministries(self) -> MinistriesDialog:
        """Ministries and the sections each one answers."""
        dialog = MinistriesDialog(self.session, self.lang, self)
        dialog.changed.connect(self.session.refresh_workflow)  # owners show in the navigation
        self.ministries_dialog = self._replace(self.ministries_dialog, dialog)
        dialog.open()
        return dialog

    def export_for_ministry(self) -> None:
        """Choose a ministry and its sections, then write its workbook in the background."""
        if isinstance(self.page, SectionPage):
            self.page.flush()  # the workbook holds what the person sees
        try:
            ministries = self.session.db.ministries()
        except LocalizedError as exc:
            self.show_error(exc)
            return
        if not ministries:
            if offer_ministries_dialog(self, self.lang):
                ministries_dialog = self.open_ministries()
                ministries_dialog.finished.connect(self._after_first_ministries)
            return
        dialog = MinistryExportDialog(self.session, self.lang, self)
        self.ministry_export_dialog = self._replace(self.ministry_export_dialog, dialog)
        dialog.exported.connect(self._ministry_exported)
        dialog.open()

    def _after_first_ministries(self) -> None:
        if self.session.db.ministries():  # the person added some: carry on with the export
            self.export_for_ministry()

    def _ministry_exported(self, exchange: ExchangeInfo, path: Path) -> None:
        self.statusBar().showMessage(
            tr("desktop_exchange.status.exported", self.lang, ministry=exchange.ministry,
               name=str(path))
        )  # fmt: skip

    def import_ministry_workbook(self) -> None:
        """Choose a returned workbook, check and compare it in the background, then review."""
        if isinstance(self.page, SectionPage):
            self.page.flush()  # the review compares with what the person sees
        path = ask_workbook_path(self, self.lang)
        if path is None:
            return
        self.review_task = start_review(
            self, self.session.db.path, self.session.report_id, path, self.lang,
            on_done=self._show_review, on_error=self.show_error,
        )  # fmt: skip

    def _show_review(self, review: Review) -> None:
        dialog = ReviewDialog(self.session, review, self.lang, self)
        self.review_dialog = self._replace(self.review_dialog, dialog)
        dialog.applied.connect(lambda count: self._ministry_imported(count, review.file_name))
        dialog.open()

    def _ministry_imported(self, count: int, file_name: str) -> None:
        self.reload_answers()
        self.statusBar().showMessage(
            plural("desktop_exchange.status.imported", count, self.lang, name=file_name)
        )

    def show_exchanges(self) -> None:
        dialog = ExchangesDialog(self.session, self.lang, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()

    @staticmethod
    def _replace(old: QWidget | None, new: Any) -> Any:
        """The new dialog; the old one goes, unless its work is still running."""
        task = getattr(old, "task", None)
        if old is not None and (task is None or task.done):
            old.deleteLater()
        return new

    def reload_answers(self) -> None:
        """Show answers changed outside this window (a ministry workbook was imported).

        The session reads the database again; ``changed`` is emitted with an empty key (many
        answers changed), so the navigation, overview and checks refresh; the page on screen is
        built again with the new values, and undo starts afresh.
        """
        self.session.reload()
        self.session.undo_stack.clear()
        self.session.changed.emit("")
        current = self.current_section_key()
        if current is not None:
            self._show(self._section_page(current))

    # -- attachments -----------------------------------------------------------------------
    def _attach_file(self, key: str, path: Path) -> None:
        try:
            self.session.attach(key, path)
        except LocalizedError as exc:
            self.show_error(exc)

    def _save_attachment(self, ref: dict[str, Any]) -> None:
        stored = next(
            (a for a in self.session.db.list_attachments(self.session.report_id)
             if a.sha256 == ref["sha256"]),
            None,
        )  # fmt: skip
        if stored is None:
            return
        target, _ = QFileDialog.getSaveFileName(self, tr("action.save_attachment", self.lang),
                                                ref["name"])  # fmt: skip
        if not target:
            return
        try:
            Path(target).write_bytes(self.session.db.attachment_data(stored.id))
        except OSError as exc:
            self.show_error(exc)

    # -- status, language, errors, closing ---------------------------------------------------
    def _saved(self, _key: str, when: Any) -> None:
        self.statusBar().showMessage(tr("status.saved", self.lang, time=when.strftime("%H:%M:%S")))

    def set_language(self, lang: str) -> None:
        if lang == self.lang:
            return
        current = self.current_section_key()
        if isinstance(self.page, SectionPage):
            self.page.flush()
        self.lang = lang
        if self._on_language_changed is not None:
            self._on_language_changed(lang)
        self.page = None
        self._build(current)

    def show_error(self, exc: BaseException | str) -> None:
        errors.show_error(self, exc, self.lang)

    def _open_welcome(self) -> None:
        if self._on_open_welcome is not None:
            self._on_open_welcome()

    def _about(self) -> None:
        from reporting.version import version_text

        QMessageBox.about(self, tr("action.about", self.lang).replace("&", ""), version_text())

    def _restore_state(self) -> None:
        stored = self._preferences.restore_window(WINDOW_STATE_KEY) if self._preferences else None
        if stored is not None:
            geometry, splitter = stored
            self.restoreGeometry(geometry)
            if not splitter.isEmpty():
                self.splitter.restoreState(splitter)

    def closeEvent(self, event: QCloseEvent) -> None:
        if isinstance(self.page, SectionPage):
            self.page.flush()  # a debounced edit still in the field is saved before closing
        self.auto_backup.stop()
        if self._preferences is not None:
            self._preferences.save_window(
                WINDOW_STATE_KEY, self.saveGeometry(), self.splitter.saveState()
            )
        event.accept()
