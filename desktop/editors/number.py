"""Numbers (``count``, ``decimal``, ``year``) typed with the interface language's separators.

The editor shows stored numbers formatted for the language ("1 234,5" in French) and emits what
the person typed; the session reads it with the same separators and refuses what is not a number.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QSignalBlocker, Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QWidget

from desktop.editors.base import EditorContext
from desktop.editors.common import FieldEditor, PendingEdit, blank_to_none
from forms.model import Question
from forms.numbers import as_decimal, format_number
from forms.values import InvalidValue, normalise


def number_text(question: Question, value: Any, lang: str) -> str:
    """A stored number as the person reads it; years never take a thousands separator."""
    number = as_decimal(value)
    if number is None:
        return "" if value is None else str(value)
    if question.type == "year":
        return str(value)
    return format_number(number, lang)


class NumberEditor(FieldEditor):
    """Emits the typed text (None when blank, which is never 0)."""

    def __init__(
        self, question: Question, context: EditorContext, parent: QWidget | None = None
    ) -> None:
        super().__init__(question, context, parent)
        self.line = QLineEdit()
        self.line.setAlignment(Qt.AlignmentFlag.AlignRight)
        # Wide enough for any count or amount, narrow enough to read as a number field.
        self.line.setFixedWidth(self.line.fontMetrics().horizontalAdvance("0" * 18))
        self.name_input(self.line)
        self.pending = PendingEdit(self, lambda: blank_to_none(self.line.text()))
        self.pending.watch(self.line)
        self.line.textEdited.connect(self.pending.schedule)
        self.line.returnPressed.connect(self.pending.commit)
        row = QHBoxLayout()
        row.addWidget(self.line)
        if question.unit is not None:
            self.unit = QLabel(question.unit.get(self.lang))
            row.addWidget(self.unit)
        row.addStretch(1)
        self.body.addLayout(row)

    def _shows(self, value: Any) -> bool:
        """Whether the field already holds ``value``, perhaps written differently."""
        try:
            return bool(normalise(self.question, self.line.text(), self.lang) == value)
        except InvalidValue:
            return False

    def set_value(self, value: Any) -> None:
        # Reformatting "1234" as "1 234" while the person is typing would move the cursor.
        if not (self.line.hasFocus() and self._shows(value)):
            with QSignalBlocker(self.line):
                self.line.setText(number_text(self.question, value, self.lang))
        self.pending.reset()

    def flush(self) -> None:
        self.pending.commit()

    def focus_field(self, row: int | None = None, column: str | None = None) -> None:
        self.line.setFocus()
