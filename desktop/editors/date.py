"""A date (``date``): a date field with a calendar, and a "No date" box for the blank answer.

A date field always holds some date, so blank needs its own control: while "No date" is ticked the
field is disabled and shows a dash instead of a date nobody chose.
"""

from __future__ import annotations

from typing import Any, Final

from PySide6.QtCore import QDate, QSignalBlocker
from PySide6.QtWidgets import QCheckBox, QDateEdit, QHBoxLayout, QWidget

from desktop.editors.base import EditorContext
from desktop.editors.common import FieldEditor, PendingEdit
from forms.i18n import tr
from forms.model import Question

DISPLAY_FORMATS: Final = {"fr": "dd/MM/yyyy"}
ISO_FORMAT: Final = "yyyy-MM-dd"
EARLIEST: Final = QDate(1900, 1, 1)  # no report date is older; the widget's own minimum is 1752


def display_format(lang: str) -> str:
    return DISPLAY_FORMATS.get(lang, ISO_FORMAT)


def _qdate(text: Any) -> QDate | None:
    if not isinstance(text, str):
        return None
    date = QDate.fromString(text, ISO_FORMAT)
    return date if date.isValid() else None


class DateEditor(FieldEditor):
    """Emits "YYYY-MM-DD", or None while "No date" is ticked."""

    def __init__(
        self, question: Question, context: EditorContext, parent: QWidget | None = None
    ) -> None:
        super().__init__(question, context, parent)
        self.earliest = _qdate(question.min) or EARLIEST
        # The date shown while blank: one day before any date the person may choose.
        self.blank_date = self.earliest.addDays(-1)
        self.date_edit = QDateEdit()
        self.date_edit.setCalendarPopup(True)
        self.date_edit.setDisplayFormat(display_format(self.lang))
        self.date_edit.setSpecialValueText("—")
        self.latest = _qdate(question.max)
        self.name_input(self.date_edit)
        self.no_date = QCheckBox(tr("editor.no_date", self.lang))
        self.name_input(self.no_date, tr("editor.no_date", self.lang))
        self.pending = PendingEdit(self, self.value)
        self.pending.watch(self.date_edit)
        self.date_edit.dateChanged.connect(self.pending.schedule)
        self.date_edit.editingFinished.connect(self.pending.commit)
        self.no_date.clicked.connect(self._no_date_clicked)
        row = QHBoxLayout()
        row.addWidget(self.date_edit)
        row.addWidget(self.no_date)
        row.addStretch(1)
        self.body.addLayout(row)
        self._show(None)

    def value(self) -> str | None:
        if self.no_date.isChecked():
            return None
        return self.date_edit.date().toString(ISO_FORMAT)

    def _show(self, date: QDate | None) -> None:
        with QSignalBlocker(self.date_edit), QSignalBlocker(self.no_date):
            self.no_date.setChecked(date is None)
            self.date_edit.setEnabled(date is not None)
            if date is None:
                self.date_edit.setMinimumDate(self.blank_date)
                self.date_edit.setDate(self.blank_date)
            else:
                # A stored date outside the range is shown as it is; the session reports it.
                self.date_edit.setMinimumDate(min(self.earliest, date))
                if self.latest is not None:
                    self.date_edit.setMaximumDate(max(self.latest, date))
                self.date_edit.setDate(date)

    def _no_date_clicked(self, checked: bool) -> None:
        if checked:
            self._show(None)
        else:
            # Start from today (within the allowed range): what the person sees is what is saved.
            today = QDate.currentDate()
            if self.latest is not None:
                today = min(today, self.latest)
            self._show(max(today, self.earliest))
            self.date_edit.setFocus()
        self.pending.commit()

    def set_value(self, value: Any) -> None:
        self._show(_qdate(value))
        self.pending.reset()

    def flush(self) -> None:
        self.pending.commit()

    def focus_field(self, row: int | None = None, column: str | None = None) -> None:
        (self.no_date if self.no_date.isChecked() else self.date_edit).setFocus()
