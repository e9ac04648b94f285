"""Several answers out of a list (``multi_choice``): one check box per choice."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QSignalBlocker
from PySide6.QtWidgets import QCheckBox, QWidget

from desktop.editors.base import EditorContext
from desktop.editors.common import FieldEditor
from forms.model import Question


class MultiChoiceEditor(FieldEditor):
    """Emits the ticked codes in the list's order, or None when none is ticked."""

    def __init__(
        self, question: Question, context: EditorContext, parent: QWidget | None = None
    ) -> None:
        super().__init__(question, context, parent)
        self.boxes: dict[str, QCheckBox] = {}
        for choice in question.choices:
            label = choice.label.get(self.lang)
            box = QCheckBox(label)
            self.name_input(box, label)
            box.clicked.connect(lambda _checked: self.edited.emit(self.value()))
            self.body.addWidget(box)
            self.boxes[choice.code] = box

    def value(self) -> list[str] | None:
        ticked = [code for code, box in self.boxes.items() if box.isChecked()]
        return ticked or None

    def set_value(self, value: Any) -> None:
        chosen = set(value) if isinstance(value, list) else set()
        for code, box in self.boxes.items():
            with QSignalBlocker(box):
                box.setChecked(code in chosen)

    def focus_field(self, row: int | None = None, column: str | None = None) -> None:
        if self.boxes:
            next(iter(self.boxes.values())).setFocus()
