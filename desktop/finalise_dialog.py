"""Mark the report as final (issue 7): what still blocks it, or the warnings to acknowledge.

The check (:func:`reporting.workflow.finalise_check`) validates the whole report, so it runs off
the GUI thread with its own database connection. The dialog then lists what blocks: sections not
yet approved and errors, each a line that opens its section or question (as the pre-flight list
does). With warnings only, "I have read these warnings" must be ticked before Finalise is enabled.
Finalising goes through :func:`reporting.workflow.finalise`, which checks again: a report changed
in between is refused, the refusal shown through :func:`desktop.errors.show_error`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Final

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.errors import show_error
from desktop.icons import COMPLETE_COLOUR, ERROR_COLOUR, WARNING_COLOUR
from desktop.ministry_export_dialog import worker_database
from desktop.navigation import section_title
from desktop.preflight import counted, kind_icon
from desktop.session import ReportSession
from desktop.worker import BackgroundTask, Cancelled, run_in_background
from desktop.workflow_status import status_icon, status_label
from forms.i18n import LocalizedError, tr
from forms.validation import Issue
from reporting import workflow
from reporting.workflow import FinalCheck

TARGET_ROLE: Final = Qt.ItemDataRole.UserRole  # ("section", key) or ("question", key, row, col)


def t(key: str, lang: str, **params: Any) -> str:
    return tr(f"desktop_workflow.finalise.{key}", lang, **params)


def check_in_background(db_path: Path, report_id: int, lang: str) -> FinalCheck:
    """The check, for a worker thread: its own connection to the database."""
    with worker_database(db_path) as db:
        return workflow.finalise_check(db, report_id, lang)


class FinaliseDialog(QDialog):
    section_requested = Signal(str)
    jump_requested = Signal(str, object, object)  # question key, table row or None, column
    finalised = Signal()

    def __init__(self, session: ReportSession, lang: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session, self.lang = session, lang
        self.check: FinalCheck | None = None
        self.task: BackgroundTask[FinalCheck] | None = None
        self.setWindowTitle(t("title", lang))
        self.resize(760, 560)
        intro = QLabel(t("intro", lang))
        intro.setWordWrap(True)
        self.headline = QLabel(t("checking", lang))
        self.headline.setWordWrap(True)
        self.headline.setFont(_bold(self.headline.font()))
        self.problems = QListWidget()
        self.problems.setAccessibleName(t("list", lang))
        self.problems.setWordWrap(True)
        self.problems.itemActivated.connect(self._activated)
        self.hint = QLabel(t("hint", lang))
        self.hint.setWordWrap(True)
        self.acknowledge = QCheckBox(t("acknowledge", lang))
        self.acknowledge.toggled.connect(self._update_button)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.finalise_button: QPushButton = buttons.addButton(
            t("finalise", lang), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.recheck_button: QPushButton = buttons.addButton(
            t("recheck", lang), QDialogButtonBox.ButtonRole.ActionRole
        )
        self.finalise_button.clicked.connect(self.finalise)
        self.recheck_button.clicked.connect(self.refresh_async)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.headline)
        layout.addWidget(self.problems, 1)
        layout.addWidget(self.hint)
        layout.addWidget(self.acknowledge)
        layout.addWidget(buttons)
        self._show(None)

    # -- checking ------------------------------------------------------------------------------
    def refresh(self) -> None:
        """Check now, on the GUI thread (tests; a small report)."""
        self._show(workflow.finalise_check(self.session.db, self.session.report_id, self.lang))

    def refresh_async(self) -> None:
        """Check in a worker thread, with progress and Cancel; one check at a time."""
        if self.task is not None:
            return
        db_path, report_id, lang = self.session.db.path, self.session.report_id, self.lang
        self._show(None)
        self.task = run_in_background(
            self,
            t("checking", lang),
            lambda _progress: check_in_background(db_path, report_id, lang),
            self._show,
            self._check_failed,
            lang,
        )
        self.task.finished.connect(self._task_done)

    def _task_done(self) -> None:
        self.task = None
        self.recheck_button.setEnabled(True)

    def _check_failed(self, error: BaseException) -> None:
        if not isinstance(error, Cancelled):
            show_error(self, error, self.lang)

    # -- showing the outcome -------------------------------------------------------------------
    def _show(self, check: FinalCheck | None) -> None:
        self.check = check
        self.problems.clear()
        self.acknowledge.setChecked(False)
        self.recheck_button.setEnabled(check is not None)
        if check is None:
            self.headline.setText(t("checking", self.lang))
            self.headline.setStyleSheet("")
            for widget in (self.problems, self.hint, self.acknowledge):
                widget.setVisible(False)
            self._update_button()
            return
        blocked = bool(check.unapproved or check.errors)
        if blocked:
            self._headline("blocked", ERROR_COLOUR)
            self._group(counted("desktop_workflow.finalise.unapproved", len(check.unapproved),
                                self.lang), check.unapproved)  # fmt: skip
            self._sections(check.unapproved)
            self._group(counted("tools.count.error", len(check.errors), self.lang), check.errors)
            self._issues(check.errors, "error")
        elif check.warnings:
            self._headline("warnings", WARNING_COLOUR)
            self._group(
                counted("tools.count.warning", len(check.warnings), self.lang), check.warnings
            )
            self._issues(check.warnings, "warning")
        else:
            self._headline("ready", COMPLETE_COLOUR)
        first = next((item for item in self._lines() if item.data(TARGET_ROLE)), None)
        if first is not None:
            self.problems.setCurrentItem(first)  # Enter opens the first thing to fix
        self.problems.setVisible(self.problems.count() > 0)
        self.hint.setVisible(self.problems.count() > 0)
        self.acknowledge.setVisible(not blocked and bool(check.warnings))
        self._update_button()

    def _headline(self, key: str, colour: str) -> None:
        self.headline.setText(t(key, self.lang))
        self.headline.setStyleSheet(f"color: {colour};")

    def _group(self, text: str, items: Any) -> None:
        if not items:
            return
        item = QListWidgetItem(text)
        item.setFlags(Qt.ItemFlag.ItemIsEnabled)  # a heading: not selectable, opens nothing
        item.setFont(_bold(item.font()))
        self.problems.addItem(item)

    def _sections(self, keys: Any) -> None:
        template = self.session.template
        for key in keys:
            status = self.session.status(key).status
            where = section_title(template.section(key), self.lang)
            text = f"{where} — {status_label(status, self.lang)}"
            item = QListWidgetItem(status_icon(status), text)
            item.setData(TARGET_ROLE, ("section", key))
            self.problems.addItem(item)

    def _issues(self, issues: list[Issue], kind: str) -> None:
        template = self.session.template
        icon = kind_icon(kind)
        colour = QBrush(QColor(ERROR_COLOUR if kind == "error" else WARNING_COLOUR))
        for issue in issues:
            question = template.question(issue.key)
            where = section_title(template.section(question.section_key), self.lang)
            text = f"{where} › {question.label.get(self.lang)} — {issue.message}"
            item = QListWidgetItem(icon, text)
            item.setForeground(colour)
            item.setData(TARGET_ROLE, ("question", issue.key, issue.row, issue.column))
            self.problems.addItem(item)

    def _lines(self) -> list[QListWidgetItem]:
        return [self.problems.item(row) for row in range(self.problems.count())]

    def _update_button(self) -> None:
        check = self.check
        allowed = check is not None and not check.unapproved and not check.errors
        if allowed and check is not None and check.warnings:
            allowed = self.acknowledge.isChecked()
        self.finalise_button.setEnabled(allowed)

    def _activated(self, item: QListWidgetItem) -> None:
        target = item.data(TARGET_ROLE)
        if not target:
            return
        if target[0] == "section":
            self.section_requested.emit(target[1])
        else:
            self.jump_requested.emit(target[1], target[2], target[3])
        self.reject()  # the person goes to fix it; the dialog would hide the page

    # -- finalising ----------------------------------------------------------------------------
    def finalise(self) -> bool:
        if not self.finalise_button.isEnabled():
            return False
        try:
            self.session.run_workflow(
                workflow.finalise,
                acknowledge_warnings=self.acknowledge.isChecked(),
                lang=self.lang,
            )
        except LocalizedError as exc:
            show_error(self, exc, self.lang)
            self.refresh_async()  # something changed since the check: check again
            return False
        self.finalised.emit()
        self.accept()
        return True


def _bold(font: QFont) -> QFont:
    font.setBold(True)
    return font
