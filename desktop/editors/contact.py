"""A contact (``contact``): title, name, organisation, address, telephone, e-mail in a form."""

from __future__ import annotations

import itertools
from typing import Any

from PySide6.QtCore import QSignalBlocker
from PySide6.QtWidgets import QComboBox, QFormLayout, QLineEdit, QPlainTextEdit, QWidget

from desktop.editors.base import EditorContext
from desktop.editors.common import FieldEditor, PendingEdit
from forms.i18n import tr
from forms.model import CONTACT_FIELDS, CONTACT_TITLES, Question

ADDRESS_LINES = 3


class ContactEditor(FieldEditor):
    """Emits the whole contact (only the filled-in fields) when the person leaves any field;
    None when every field is empty."""

    def __init__(
        self, question: Question, context: EditorContext, parent: QWidget | None = None
    ) -> None:
        super().__init__(question, context, parent)
        self.title = QComboBox()
        self.title.addItem("", None)
        for code in CONTACT_TITLES:
            self.title.addItem(tr(f"contact.title.{code}", self.lang), code)
        self.lines = {
            field: QLineEdit()
            for field in ("name", "position", "organisation", "telephone", "email")
        }
        self.address = QPlainTextEdit()
        self.address.setTabChangesFocus(True)
        spacing = self.address.fontMetrics().lineSpacing()
        self.address.setFixedHeight(ADDRESS_LINES * spacing + 2 * self.address.frameWidth() + 8)
        self.pending = PendingEdit(self, self.value)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        for field in CONTACT_FIELDS:
            widget = self.field_widget(field)
            label = tr(f"editor.contact.{field}", self.lang)
            self.name_input(widget, label)
            self.pending.watch(widget)
            form.addRow(label, widget)
        self.title.activated.connect(self.pending.commit)
        self.body.addLayout(form)
        # Top to bottom, as the form reads, whatever order the widgets were created in.
        widgets = [self.field_widget(field) for field in CONTACT_FIELDS]
        for before, after in itertools.pairwise(widgets):
            QWidget.setTabOrder(before, after)

    def field_widget(self, field: str) -> QWidget:
        if field == "title":
            return self.title
        if field == "address":
            return self.address
        return self.lines[field]

    def value(self) -> dict[str, str] | None:
        contact: dict[str, str] = {}
        title = self.title.currentData()
        if isinstance(title, str):
            contact["title"] = title
        texts = {field: line.text() for field, line in self.lines.items()}
        texts["address"] = self.address.toPlainText()
        for field in CONTACT_FIELDS:
            text = texts.get(field, "").strip()
            if text:
                contact[field] = text
        return contact or None

    def set_value(self, value: Any) -> None:
        contact = value if isinstance(value, dict) else {}
        with QSignalBlocker(self.title):
            title = contact.get("title")
            self.title.setCurrentIndex(max(self.title.findData(title), 0) if title else 0)
        for field, line in self.lines.items():
            line.setText(str(contact.get(field, "")))
        if self.address.toPlainText() != contact.get("address", ""):
            self.address.setPlainText(str(contact.get("address", "")))
        self.pending.reset()

    def flush(self) -> None:
        self.pending.commit()

    def focus_field(self, row: int | None = None, column: str | None = None) -> None:
        """``column`` may name a field ("email") to put the cursor there."""
        self.field_widget(column if column in CONTACT_FIELDS else "name").setFocus()
