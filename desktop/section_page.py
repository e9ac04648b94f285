"""The page of one section: its title, help, official text, the page's messages and its questions.

The page turns each edit into a save through the session and shows the outcome: a refused value
keeps what was typed and says why beside the field; a stored one updates skip logic and validation
messages at once, on this page and in the navigation.

Review and approval (issue 7): the banner at the top shows the section's status and its changes.
While the section is approved or the report final, its editors are locked (read, not edited:
see :meth:`QuestionEditor.set_locked`); a click on a locked field, or typing in a read-only one,
asks for a reason to reopen, and once reopened the edit goes ahead. Should a save
still meet a lock (another window approved the section meanwhile), the error is shown and the
editor shows the stored value again.
"""

from __future__ import annotations

from typing import Any, Final

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import (
    QFrame,
    QListWidget,
    QListWidgetItem,
    QScrollArea,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from desktop.editors import create_editor
from desktop.editors.base import EditorContext, QuestionEditor
from desktop.icons import ERROR_COLOUR, WARNING_COLOUR
from desktop.navigation import section_title
from desktop.question_block import QuestionBlock, plain_label
from desktop.sdg_panel import SdgPanel
from desktop.session import ReportSession
from desktop.workflow_banner import WorkflowBanner
from forms.catalogue import load_catalogue
from forms.i18n import tr
from forms.model import Section
from forms.validation import Issue
from forms.values import InvalidValue
from reporting.service import ReportInputError
from storage import ReportFinalError, SectionLockedError, StorageError

PAGE_MAX_WIDTH: Final = 880  # long lines are hard to read on wide screens
_ISSUE_ROLE: Final = Qt.ItemDataRole.UserRole
_CLICKS: Final = (QEvent.Type.MouseButtonPress, QEvent.Type.MouseButtonDblClick)


class _LockedClicks(QObject):
    """Catches a click on a locked editor's disabled parts (a disabled button swallows clicks,
    so each part is watched, not only the editor)."""

    def __init__(self, page: SectionPage) -> None:
        super().__init__(page)
        self.page = page

    def watch(self, editor: QuestionEditor) -> None:
        for widget in (editor, *editor.findChildren(QWidget)):
            widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() not in _CLICKS or not self.page.locked:
            return False
        if not isinstance(watched, QWidget) or watched.isEnabled():
            return False  # a read-only text or table still scrolls and selects
        editor: QWidget | None = watched
        while editor is not None and not isinstance(editor, QuestionEditor):
            editor = editor.parentWidget()
        if editor is None:
            return False
        self.page.edit_attempted(editor.question.key)
        return True


class SectionPage(QScrollArea):
    # Something went wrong that is not the person's input (the disk, the database): show it.
    failed = Signal(object)
    history_requested = Signal(str)

    def __init__(self, session: ReportSession, section: Section, context: EditorContext) -> None:
        super().__init__()
        self.session = session
        self.section = section
        self.context = context
        self.lang = context.lang
        self._storing: str | None = None
        self.locked = False
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        body = QWidget()
        body.setMaximumWidth(PAGE_MAX_WIDTH)
        body.setPalette(_readable_when_disabled(body.palette()))
        self.layout_ = QVBoxLayout(body)
        self.layout_.setContentsMargins(24, 16, 24, 24)
        self._header()
        self.issue_list = QListWidget()
        self.issue_list.setAccessibleName(tr("page.messages", self.lang))
        self.issue_list.itemActivated.connect(self._issue_activated)
        self.issue_list.itemClicked.connect(self._issue_activated)
        self.layout_.addWidget(self.issue_list)
        self.blocks: dict[str, QuestionBlock] = {}
        self._locked_clicks = _LockedClicks(self)
        for question in section.questions:
            editor = create_editor(question, context)
            editor.set_value(session.value(question.key))
            editor.edited.connect(lambda value, key=question.key: self._edited(key, value))
            self._locked_clicks.watch(editor)
            editor.edit_refused.connect(lambda key=question.key: self.edit_attempted(key))
            block = QuestionBlock(question, editor, self.lang)
            block.confirm_requested.connect(self._confirm)
            block.history_requested.connect(self.history_requested)
            self.blocks[question.key] = block
            self.layout_.addWidget(block)
        # The page of a table that feeds a computed value (SDG 16.4.2) shows the value too.
        if any(
            session.template.question(item.table).section_key == section.key
            for item in session.template.computed
        ):
            self.layout_.addWidget(SdgPanel(session, self.lang))
        self.layout_.addStretch(1)
        self.setWidget(body)
        session.changed.connect(self._session_changed)
        session.workflow_changed.connect(self._workflow_changed)
        self.refresh()
        self.apply_lock()

    def _header(self) -> None:
        section, lang = self.section, self.lang
        title = plain_label(
            section_title(section, lang), style="font-size: 15pt; font-weight: bold;"
        )
        title.setAccessibleName(section_title(section, lang))
        self.layout_.addWidget(title)
        if section.heading_path:
            self.layout_.addWidget(
                plain_label(" › ".join(section.heading_path), style="color: #5f6368;")
            )
        self.state_label = plain_label("")
        self.layout_.addWidget(self.state_label)
        self.banner = WorkflowBanner(self.session, section.key, lang, before_change=self.flush)
        self.banner.history_requested.connect(self.history_requested)
        self.layout_.addWidget(self.banner)
        if section.help is not None:
            self.layout_.addWidget(plain_label(section.help.get(lang)))
        if section.addressee and section.addressee != "all_states":
            self.layout_.addWidget(plain_label(tr(f"page.addressee.{section.addressee}", lang)))
        if section.paragraph is not None:
            self._official_text(load_catalogue().paragraph(section.paragraph).text_fr)

    def _official_text(self, text: str) -> None:
        """The official text, expanded by default and collapsible (a click or Space)."""
        toggle = QToolButton()
        toggle.setText(tr("page.official_text", self.lang))
        toggle.setCheckable(True)
        toggle.setChecked(True)
        toggle.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        toggle.setArrowType(Qt.ArrowType.DownArrow)
        toggle.setStyleSheet("QToolButton { border: none; font-weight: bold; color: #5f6368; }")
        box = plain_label(text)
        box.setObjectName("official-text")
        box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        box.setFrameShape(QFrame.Shape.StyledPanel)
        box.setStyleSheet("QLabel { background: #f5f5f5; padding: 10px; }")
        box.setAccessibleName(tr("page.official_text", self.lang))

        def show(expanded: bool) -> None:
            box.setVisible(expanded)
            toggle.setArrowType(Qt.ArrowType.DownArrow if expanded else Qt.ArrowType.RightArrow)

        toggle.toggled.connect(show)
        self.official_toggle, self.official_box = toggle, box
        self.layout_.addWidget(toggle)
        self.layout_.addWidget(box)

    # -- edits -----------------------------------------------------------------------------
    def _edited(self, key: str, value: Any) -> None:
        block = self.blocks[key]
        self._storing = key  # the editor already shows this value: don't overwrite its text
        try:
            self.session.set_value(key, value, lang=self.lang)
        except (SectionLockedError, ReportFinalError) as exc:
            # Locked since the page was shown (another window): the stored value stands.
            self._refused_by_lock(key, exc)
            return
        except (InvalidValue, ReportInputError) as exc:
            block.editor.show_problem(exc.message(self.lang))  # the input stays, for a fix
            return
        except StorageError as exc:  # the disk or the database: the input stays for a retry
            block.editor.show_problem(exc.message(self.lang))
            self.failed.emit(exc)
            return
        finally:
            self._storing = None
        block.editor.show_problem(None)

    def _confirm(self, key: str) -> None:
        try:
            self.session.confirm(key)
        except (SectionLockedError, ReportFinalError) as exc:
            self._refused_by_lock(key, exc)
        except StorageError as exc:
            self.failed.emit(exc)

    def _refused_by_lock(self, key: str, exc: StorageError) -> None:
        editor = self.blocks[key].editor
        editor.set_value(self.session.value(key))
        editor.show_problem(None)
        self.failed.emit(exc)
        self.session.refresh_workflow(self.section.key)  # the page shows the lock now

    # -- the lock (issue 7) ----------------------------------------------------------------
    def apply_lock(self) -> None:
        """Editors are disabled while the section is approved or the report final."""
        self.locked = self.session.is_locked(self.section.key)
        for block in self.blocks.values():
            block.editor.set_locked(self.locked)
            block.carried.setEnabled(not self.locked)  # confirming is a change too
            tip = tr("desktop_workflow.lock.tooltip", self.lang) if self.locked else ""
            block.editor.setToolTip(tip)

    def edit_attempted(self, key: str) -> None:
        """A click on a locked editor: reopen with a reason, then let the edit go ahead."""
        question = "lock_final" if self.session.is_final() else "lock"
        if self.banner.reopen_for_editing(question) and not self.locked:
            self.focus_question(key)

    def _workflow_changed(self, _section_key: str) -> None:
        self.apply_lock()

    def _session_changed(self, key: str) -> None:
        block = self.blocks.get(key)
        if block is not None and key != self._storing:
            block.editor.set_value(self.session.value(key))  # undo, redo, attachments
        self.refresh()

    def flush(self) -> None:
        """Save whatever an editor still holds (a debounced text) before leaving the page."""
        for block in self.blocks.values():
            block.editor.flush()

    # -- display ---------------------------------------------------------------------------
    def refresh(self) -> None:
        """Skip logic, carried-over banners and validation messages, from the session."""
        asked = self.session.relevance()
        by_key = self.session.issues_by_key(self.lang)
        page_issues: list[Issue] = []
        for key, block in self.blocks.items():
            visible = asked.get(key, True)
            block.setVisible(visible)
            issues = by_key.get(key, []) if visible else []
            block.show_issues(issues, self.lang)
            block.show_carried(visible and self.session.is_carried(key))
            page_issues += issues
        state = self.session.section_state(self.section, self.lang)
        self.state_label.setText(tr(f"state.{state.value}", self.lang))
        self.issue_list.clear()
        for issue in page_issues:
            label = self.blocks[issue.key].question.label.get(self.lang)
            text = tr(f"issue.{issue.severity}", self.lang, message=f"{label} — {issue.message}")
            item = QListWidgetItem(text)
            item.setData(_ISSUE_ROLE, (issue.key, issue.row, issue.column))
            colour = ERROR_COLOUR if issue.severity == "error" else WARNING_COLOUR
            item.setForeground(QColor(colour))
            self.issue_list.addItem(item)
        self.issue_list.setVisible(bool(page_issues))
        self.issue_list.setMaximumHeight(min(6, len(page_issues)) * 22 + 8)

    def _issue_activated(self, item: QListWidgetItem) -> None:
        key, row, column = item.data(_ISSUE_ROLE)
        self.focus_question(key, row, column)

    def focus_question(self, key: str, row: int | None = None, column: str | None = None) -> None:
        block = self.blocks.get(key)
        if block is None:
            return
        self.ensureWidgetVisible(block, 0, 40)
        block.editor.focus_field(row, column)


def _readable_when_disabled(palette: QPalette) -> QPalette:
    """Locked answers are still read: disabled text stays dark, only the frames turn grey."""
    dark = QColor("#3c4043")
    disabled = QPalette.ColorGroup.Disabled
    for role in (
        QPalette.ColorRole.Text,
        QPalette.ColorRole.WindowText,
        QPalette.ColorRole.ButtonText,
    ):
        palette.setColor(disabled, role, dark)
    return palette
