"""Attached files (``attachment``): their names, and buttons to add, save a copy of and remove one.

Adding a file goes through the page (:attr:`EditorContext.attach_file`), which stores its content
and then shows the new list with ``set_value``; removing one emits the list without it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Final

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QWidget,
)

from desktop.editors.base import EditorContext
from desktop.editors.common import FieldEditor
from forms.i18n import tr
from forms.model import Question

ROWS_SHOWN: Final = 3
REF_ROLE: Final = Qt.ItemDataRole.UserRole


class AttachmentEditor(FieldEditor):
    def __init__(
        self, question: Question, context: EditorContext, parent: QWidget | None = None
    ) -> None:
        super().__init__(question, context, parent)
        self._locked = False
        self.files = QListWidget()
        self.files.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.files.setFixedHeight(
            ROWS_SHOWN * self.files.fontMetrics().lineSpacing() + 4 * self.files.frameWidth() + 8
        )
        self.name_input(self.files)
        self.add_button = QPushButton(tr("editor.add_file", self.lang))
        self.save_button = QPushButton(tr("editor.save_copy", self.lang))
        self.remove_button = QPushButton(tr("editor.remove_file", self.lang))
        buttons = QHBoxLayout()
        for button in (self.add_button, self.save_button, self.remove_button):
            self.name_input(button, button.text())
            buttons.addWidget(button)
        buttons.addStretch(1)
        self.add_button.clicked.connect(self.add_file)
        self.save_button.clicked.connect(self.save_copy)
        self.remove_button.clicked.connect(self.remove_file)
        self.files.itemSelectionChanged.connect(self._update_buttons)
        self.body.addWidget(self.files)
        self.body.addLayout(buttons)
        self._update_buttons()

    def ask_open_path(self) -> Path | None:
        """The file the person chooses to attach (tests replace this)."""
        path, _filter = QFileDialog.getOpenFileName(self, tr("editor.choose_file", self.lang))
        return Path(path) if path else None

    def refs(self) -> list[dict[str, Any]]:
        return [self.files.item(row).data(REF_ROLE) for row in range(self.files.count())]

    def selected_ref(self) -> dict[str, Any] | None:
        items = self.files.selectedItems()
        return items[0].data(REF_ROLE) if items else None

    def add_file(self) -> None:
        path = self.ask_open_path()
        if path is not None:
            self.context.attach_file(self.question.key, path)

    def save_copy(self) -> None:
        ref = self.selected_ref()
        if ref is not None:
            self.context.open_attachment(ref)

    def remove_file(self) -> None:
        items = self.files.selectedItems()
        if not items:
            return
        row = self.files.row(items[0])
        refs = self.refs()
        del refs[row]
        self.files.takeItem(row)
        self.edited.emit(refs or None)

    def _update_buttons(self) -> None:
        selected = bool(self.files.selectedItems())
        self.save_button.setEnabled(selected)
        self.remove_button.setEnabled(selected and not self._locked)

    def set_locked(self, locked: bool) -> None:
        """The files can still be saved; adding and removing wait for a reopening."""
        self._locked = locked
        self.add_button.setEnabled(not locked)
        self._update_buttons()

    def set_value(self, value: Any) -> None:
        self.files.clear()
        for ref in value if isinstance(value, list) else []:
            item = QListWidgetItem(str(ref.get("name", "")), self.files)
            item.setData(REF_ROLE, dict(ref))
        self._update_buttons()

    def focus_field(self, row: int | None = None, column: str | None = None) -> None:
        (self.files if self.files.count() else self.add_button).setFocus()
