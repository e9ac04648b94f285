"""One question on a page: label, source tags, help, editor, messages and carried-over banner."""

from __future__ import annotations

from typing import Final

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from desktop.editors.base import QuestionEditor
from desktop.icons import CARRIED_COLOUR, ERROR_COLOUR, WARNING_COLOUR
from forms.i18n import tr
from forms.model import Question
from forms.validation import Issue

_MUTED: Final = "#5f6368"


def plain_label(text: str, *, style: str = "", wrap: bool = True) -> QLabel:
    """A label that never interprets what it shows as markup (answers are user text)."""
    label = QLabel(text)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(wrap)
    if style:
        label.setStyleSheet(style)
    return label


class QuestionBlock(QWidget):
    confirm_requested = Signal(str)
    history_requested = Signal(str)

    def __init__(self, question: Question, editor: QuestionEditor, lang: str) -> None:
        super().__init__()
        self.question = question
        self.editor = editor
        self.setObjectName(f"question:{question.key}")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 8, 0, 8)
        layout.setSpacing(3)
        required = " *" if question.required else ""
        self.title = plain_label(question.label.get(lang) + required, style="font-weight: bold;")
        self.title.setBuddy(editor)
        layout.addWidget(self.title)
        meta = QHBoxLayout()
        meta.addWidget(plain_label(" ".join(question.tags), style=f"color: {_MUTED};", wrap=False))
        meta.addStretch(1)
        self.history_button = QPushButton(tr("page.history", lang))
        self.history_button.setFlat(True)
        self.history_button.setAccessibleName(
            tr("page.history_of", lang, label=question.label.get(lang))
        )
        self.history_button.clicked.connect(lambda: self.history_requested.emit(question.key))
        meta.addWidget(self.history_button)
        layout.addLayout(meta)
        if question.help is not None:
            layout.addWidget(plain_label(question.help.get(lang), style=f"color: {_MUTED};"))
        self.carried = QWidget()
        carried_row = QHBoxLayout(self.carried)
        carried_row.setContentsMargins(0, 0, 0, 0)
        carried_row.addWidget(
            plain_label(tr("page.carried_over", lang), style=f"color: {CARRIED_COLOUR};")
        )
        confirm = QPushButton(tr("page.confirm", lang))
        confirm.setAccessibleName(tr("page.confirm_of", lang, label=question.label.get(lang)))
        confirm.clicked.connect(lambda: self.confirm_requested.emit(question.key))
        carried_row.addWidget(confirm)
        carried_row.addStretch(1)
        layout.addWidget(self.carried)
        layout.addWidget(editor)
        self.messages = QVBoxLayout()
        layout.addLayout(self.messages)
        self._message_labels: list[QLabel] = []
        editor.setAccessibleDescription(question.help.get(lang) if question.help else "")

    def show_issues(self, issues: list[Issue], lang: str) -> None:
        for label in self._message_labels:
            self.messages.removeWidget(label)
            label.deleteLater()
        self._message_labels = []
        for issue in sorted(issues, key=lambda i: i.severity != "error"):
            colour = ERROR_COLOUR if issue.severity == "error" else WARNING_COLOUR
            text = tr(f"issue.{issue.severity}", lang, message=issue.message)
            label = plain_label(text, style=f"color: {colour};")
            label.setObjectName(f"issue:{issue.severity}")
            self.messages.addWidget(label)
            self._message_labels.append(label)

    def message_texts(self) -> list[str]:
        return [label.text() for label in self._message_labels]

    def show_carried(self, carried: bool) -> None:
        self.carried.setVisible(carried)
