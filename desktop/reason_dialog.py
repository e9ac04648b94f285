"""Ask for a comment or a reason that cannot be left blank (issue 7).

Returning a section needs a comment for whoever edits it next; reopening an approved section or a
final report needs a reason, kept in the history. The OK button stays disabled until something
other than spaces is typed, so "required" is shown rather than refused after the fact.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from forms.i18n import tr


class ReasonDialog(QDialog):
    def __init__(
        self, title: str, prompt: str, ok_text: str, lang: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.resize(520, 260)
        label = QLabel(prompt)
        label.setWordWrap(True)
        self.text = QPlainTextEdit()
        self.text.setTabChangesFocus(True)
        self.text.setAccessibleName(prompt)
        label.setBuddy(self.text)
        self.required = QLabel(tr("desktop_workflow.reason.required", lang))
        self.required.setStyleSheet("color: #5f6368;")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.ok_button: QPushButton = buttons.addButton(
            ok_text, QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.ok_button.setDefault(True)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.text.textChanged.connect(self._update)
        layout = QVBoxLayout(self)
        layout.addWidget(label)
        layout.addWidget(self.text, 1)
        layout.addWidget(self.required)
        layout.addWidget(buttons)
        self._update()

    def reason(self) -> str:
        return self.text.toPlainText().strip()

    def _update(self) -> None:
        self.ok_button.setEnabled(bool(self.reason()))


def ask_reason(
    parent: QWidget | None, title: str, prompt: str, ok_text: str, lang: str
) -> str | None:
    """The text typed (stripped, never blank), or None if the person cancelled."""
    dialog = ReasonDialog(title, prompt, ok_text, lang, parent)
    accepted = dialog.exec() == QDialog.DialogCode.Accepted
    reason = dialog.reason()
    dialog.deleteLater()
    return reason if accepted and reason else None
