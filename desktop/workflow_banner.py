"""The review status at the top of a section's page, with the changes it allows (issue 7).

Draft (or not started) → submit for review → approve, or return with a comment; an approved
section is reopened with a reason. Each button applies a transition of :mod:`reporting.workflow`
through the session, which tells the navigation, the overview and the page; a refusal is shown
through :func:`desktop.errors.show_error`. A returned section's comment is shown prominently, for
whoever edits the section next.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Final

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from desktop.errors import show_error
from desktop.question_block import plain_label
from desktop.reason_dialog import ask_reason
from desktop.session import ReportSession
from desktop.workflow_status import COLOURS, TINTS, status_icon, status_label, who_and_when
from forms.i18n import LocalizedError, tr
from reporting import workflow
from storage import STATUS_KEY_PREFIX

# The buttons, in order; each shows when the workflow allows it from the section's status,
# and a final report offers only "reopen" (of the report and the section at once).
ACTIONS: Final = (
    workflow.SUBMIT,
    workflow.WITHDRAW,
    workflow.APPROVE,
    workflow.RETURN,
    workflow.REOPEN,
)
ICON_SIZE: Final = 16


def t(key: str, lang: str, **params: Any) -> str:
    return tr(f"desktop_workflow.{key}", lang, **params)


class WorkflowBanner(QFrame):
    """One section's status; ``before_change`` runs first (the page saves a pending edit)."""

    history_requested = Signal(str)  # the history key of the section's status

    def __init__(
        self,
        session: ReportSession,
        section_key: str,
        lang: str,
        before_change: Callable[[], None] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.session, self.section_key, self.lang = session, section_key, lang
        self._before_change = before_change or (lambda: None)
        self.setObjectName("workflow-banner")
        self.icon = QLabel()
        self.heading = plain_label("", style="font-weight: bold;")
        self.history_button = QPushButton(t("action.history", lang))
        self.history_button.setFlat(True)
        self.history_button.clicked.connect(
            lambda: self.history_requested.emit(f"{STATUS_KEY_PREFIX}{section_key}")
        )
        top = QHBoxLayout()
        top.addWidget(self.icon)
        top.addWidget(self.heading, 1)
        top.addWidget(self.history_button)
        self.detail = plain_label("")
        self.comment = plain_label("")
        self.comment.setObjectName("workflow-comment")
        self.comment.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.hint = plain_label("")
        self.owner = plain_label("", style="color: #5f6368;")
        self.buttons: dict[str, QPushButton] = {}
        row = QHBoxLayout()
        slots = {
            "submit": self.submit,
            "withdraw": self.withdraw,
            "approve": self.approve,
            "return": self.return_with_comment,
            "reopen": self.reopen,
        }
        for action in ACTIONS:
            button = QPushButton(t(f"action.{action}", lang))
            button.clicked.connect(lambda _=False, slot=slots[action]: slot())
            row.addWidget(button)
            self.buttons[action] = button
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 8, 12, 10)
        layout.setSpacing(6)
        layout.addLayout(top)
        for label in (self.detail, self.comment, self.hint, self.owner):
            layout.addWidget(label)
        layout.addLayout(row)
        # Bound methods: Qt disconnects them when the banner goes with its page.
        session.workflow_changed.connect(self._session_changed)
        session.changed.connect(self._session_changed)  # a first answer makes a draft
        self.refresh()

    def _session_changed(self, _key: str) -> None:
        self.refresh()

    # -- showing -------------------------------------------------------------------------------
    def refresh(self) -> None:
        lang, status = self.lang, self.session.status(self.section_key)
        final = self.session.is_final()
        name = status.status
        self.icon.setPixmap(status_icon(name).pixmap(ICON_SIZE, ICON_SIZE))
        self.heading.setText(t("banner.heading", lang, status=status_label(name, lang)))
        people = who_and_when(status, lang)
        detail = {
            "not_started": t("banner.not_started", lang),
            "draft": t("banner.draft", lang),
            "ready": t("banner.ready", lang, **people),
            "approved": t("banner.approved", lang, **people),
            "returned": t("banner.returned", lang, **people),
        }.get(name, "")
        if name == "draft" and status.comment:
            detail = t("banner.draft_reason", lang, **people)
        self.detail.setText(detail)
        self.comment.setText(status.comment or "")
        self.comment.setVisible(bool(status.comment) and name in ("returned", "draft"))
        self.comment.setStyleSheet(_comment_style(name))
        hint = ""
        if final:
            hint = t("banner.final", lang)
        elif name == "approved":
            hint = t("banner.locked", lang)
        elif name == "returned":
            hint = t("banner.returned_hint", lang)
        self.hint.setText(hint)
        self.hint.setVisible(bool(hint))
        owner = self.session.owners().get(self.section_key)
        self.owner.setText(t("banner.owner", lang, ministry=owner) if owner else "")
        self.owner.setVisible(bool(owner))
        offered = [action for action in ACTIONS if name in workflow.TRANSITIONS[action].sources]
        if final:
            offered = [workflow.REOPEN]
        for action, button in self.buttons.items():
            button.setVisible(action in offered)
        colour = COLOURS.get(name, COLOURS["draft"])
        self.setStyleSheet(
            f"QFrame#workflow-banner {{ background: {TINTS.get(name, TINTS['draft'])};"
            f" border: 1px solid {colour}; border-left: 5px solid {colour};"
            " border-radius: 4px; }"
        )
        self.setAccessibleName(self.heading.text())
        self.setAccessibleDescription(" ".join(filter(None, (detail, status.comment, hint))))

    def offered(self) -> list[str]:
        """The transitions the buttons offer now (for tests and screen readers)."""
        return [action for action, button in self.buttons.items() if not button.isHidden()]

    # -- transitions (the buttons) ---------------------------------------------------------------
    def submit(self) -> bool:
        return self._run(workflow.submit, self.section_key)

    def withdraw(self) -> bool:
        return self._run(workflow.withdraw, self.section_key)

    def approve(self) -> bool:
        return self._run(workflow.approve, self.section_key)

    def return_with_comment(self) -> bool:
        comment = self.ask_text("return")
        return comment is not None and self._run(workflow.return_section, self.section_key, comment)

    def reopen(self) -> bool:
        """Reopen the approved section (and the report, if it is final) with one reason."""
        return self.reopen_for_editing("reopen_final" if self.session.is_final() else "reopen")

    def reopen_for_editing(self, question: str) -> bool:
        """Ask for a reason (``question`` names the texts); reopen what locks the section.

        True once the section's answers can be edited; False if the person cancelled or a
        reopen was refused (the refusal was shown).
        """
        reason = self.ask_text(question)
        if reason is None:
            return False
        if self.session.is_final() and not self._run(workflow.reopen_report, reason):
            return False
        if self.session.status(self.section_key).status == "approved":
            return self._run(workflow.reopen, self.section_key, reason)
        return True

    def ask_text(self, question: str) -> str | None:
        """A required comment or reason, or None if cancelled (tests replace this method)."""
        return ask_reason(
            self,
            t(f"ask.{question}.title", self.lang),
            t(f"ask.{question}.prompt", self.lang),
            t(f"ask.{question}.ok", self.lang),
            self.lang,
        )

    def _run(self, change: Callable[..., Any], *args: Any) -> bool:
        self._before_change()
        try:
            self.session.run_workflow(change, *args, section_key=self.section_key)
        except LocalizedError as exc:
            show_error(self, exc, self.lang)
            return False
        return True


def _comment_style(status: str) -> str:
    if status == "returned":  # what the reviewer asked: hard to miss
        return (
            f"QLabel {{ background: white; border: 1px solid {COLOURS['returned']};"
            " border-radius: 3px; padding: 8px; font-size: 11pt; }"
        )
    return "QLabel { color: #3c4043; font-style: italic; }"
