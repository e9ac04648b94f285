"""One answer out of a list (``yes_no_dev``, ``single_choice``): radio buttons, or a list box."""

from __future__ import annotations

from typing import Any, Final

from PySide6.QtCore import QSignalBlocker, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QBoxLayout,
    QButtonGroup,
    QComboBox,
    QHBoxLayout,
    QRadioButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from desktop.editors.base import EditorContext
from desktop.editors.common import FieldEditor
from forms.i18n import tr
from forms.model import Question

# Radio buttons stay readable up to this many choices; longer lists scroll in a list box.
MAX_RADIOS: Final = 8
# Up to this many choices whose labels are at most this long fit side by side.
MAX_IN_A_ROW: Final = 4
SHORT_LABEL: Final = 24


def choice_labels(question: Question, lang: str) -> list[tuple[str, str]]:
    """(code, label) for each choice; yes_no_dev's fixed choices take the common wording."""
    if question.type == "yes_no_dev":
        return [(code, tr(f"choice.{code}", lang)) for code in question.choice_codes()]
    return [(choice.code, choice.label.get(lang)) for choice in question.choices]


def choice_editor(
    question: Question, context: EditorContext, parent: QWidget | None = None
) -> FieldEditor:
    """Radio buttons for a short list, a list box for a long one."""
    if len(question.choice_codes()) > MAX_RADIOS:
        return ChoiceListEditor(question, context, parent)
    return ChoiceEditor(question, context, parent)


class ChoiceEditor(FieldEditor):
    """Radio buttons and a Clear button; emits the chosen code, or None once cleared."""

    def __init__(
        self, question: Question, context: EditorContext, parent: QWidget | None = None
    ) -> None:
        super().__init__(question, context, parent)
        self.codes = [code for code, _label in choice_labels(question, self.lang)]
        labels = [label for _code, label in choice_labels(question, self.lang)]
        in_a_row = len(labels) <= MAX_IN_A_ROW and all(len(x) <= SHORT_LABEL for x in labels)
        buttons: QBoxLayout = QHBoxLayout() if in_a_row else QVBoxLayout()
        self.group = QButtonGroup(self)
        for number, label in enumerate(labels):
            radio = QRadioButton(label)
            self.name_input(radio, label)
            self.group.addButton(radio, number)
            buttons.addWidget(radio)
        self.group.buttonClicked.connect(self._clicked)
        # A small button, so that it does not read as one more answer.
        self.clear_button = QToolButton()
        self.clear_button.setText(tr("editor.clear", self.lang))
        self.name_input(self.clear_button, self.clear_button.text())
        self.clear_button.clicked.connect(self._clear)
        row = QHBoxLayout()
        row.addLayout(buttons)
        # Beside a row of buttons, below a column of them: where the eye ends.
        if in_a_row:
            row.addSpacing(16)
            row.addWidget(self.clear_button)
        else:
            buttons.addWidget(self.clear_button, 0, Qt.AlignmentFlag.AlignLeft)
        row.addStretch(1)
        self.body.addLayout(row)
        self._update_clear()

    def value(self) -> str | None:
        number = self.group.checkedId()
        return self.codes[number] if number >= 0 else None

    def _clicked(self, _button: QAbstractButton) -> None:
        self._update_clear()
        self.edited.emit(self.value())

    def _clear(self) -> None:
        if self.value() is not None:
            self.set_value(None)
            self.edited.emit(None)

    def _update_clear(self) -> None:
        self.clear_button.setEnabled(self.value() is not None)

    def set_value(self, value: Any) -> None:
        with QSignalBlocker(self.group):
            # An exclusive group refuses to untick its checked button.
            self.group.setExclusive(False)
            for number, code in enumerate(self.codes):
                self.group.button(number).setChecked(code == value)
            self.group.setExclusive(True)
        self._update_clear()

    def focus_field(self, row: int | None = None, column: str | None = None) -> None:
        (self.group.checkedButton() or self.group.button(0)).setFocus()


class ChoiceListEditor(FieldEditor):
    """A list box whose first, empty entry is the blank answer; emits the code or None."""

    def __init__(
        self, question: Question, context: EditorContext, parent: QWidget | None = None
    ) -> None:
        super().__init__(question, context, parent)
        self.combo = QComboBox()
        self.combo.addItem("", None)
        for code, label in choice_labels(question, self.lang):
            self.combo.addItem(label, code)
        self.name_input(self.combo)
        self.combo.activated.connect(lambda _index: self.edited.emit(self.value()))
        self.body.addWidget(self.combo, 0, Qt.AlignmentFlag.AlignLeft)

    def value(self) -> str | None:
        data = self.combo.currentData()
        return data if isinstance(data, str) else None

    def set_value(self, value: Any) -> None:
        with QSignalBlocker(self.combo):
            found = self.combo.findData(value) if isinstance(value, str) else -1
            self.combo.setCurrentIndex(max(found, 0))

    def focus_field(self, row: int | None = None, column: str | None = None) -> None:
        self.combo.setFocus()
