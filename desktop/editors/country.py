"""A country (``country``): a list box to type into, matching any part of a name or code.

The completer searches a folded copy of each entry, so "cote" finds "Côte d'Ivoire (CIV)".
"""

from __future__ import annotations

from typing import Any, Final

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QSignalBlocker, Qt
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QComboBox, QCompleter, QLineEdit, QWidget

from desktop.editors.base import EditorContext
from desktop.editors.common import FieldEditor, PendingEdit
from forms.countries import Country, all_countries, fold, lookup
from forms.i18n import tr
from forms.model import Question

CODE_ROLE: Final = Qt.ItemDataRole.UserRole
SEARCH_ROLE: Final = Qt.ItemDataRole.UserRole + 1


def entry_text(country: Country, lang: str) -> str:
    return country.label(lang)


class _FoldingCompleter(QCompleter):
    """Matches on the folded search text but writes the entry's shown text into the field."""

    def pathFromIndex(self, index: QModelIndex | QPersistentModelIndex) -> str:
        return str(index.data(Qt.ItemDataRole.DisplayRole))


class CountryEditor(FieldEditor):
    """Emits the alpha-3 code; text that names no country is emitted as typed, for the session
    to refuse with its message."""

    def __init__(
        self, question: Question, context: EditorContext, parent: QWidget | None = None
    ) -> None:
        super().__init__(question, context, parent)
        self.entries = QStandardItemModel(self)
        countries = sorted(all_countries(), key=lambda country: fold(country.name(self.lang)))
        for country in countries:
            self._add_entry(country)
        self.combo = QComboBox()
        self.combo.setEditable(True)
        self.line = QLineEdit()
        self.combo.setLineEdit(self.line)
        self.combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.combo.setModel(self.entries)
        self.line.setPlaceholderText(tr("editor.country_placeholder", self.lang))
        # Wide enough for most names, and for the long ones to be recognised.
        self.combo.setMinimumContentsLength(45)
        self.combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        completer = _FoldingCompleter(self.entries, self.combo)
        completer.setCompletionRole(SEARCH_ROLE)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.combo.setCompleter(completer)
        self.name_input(self.combo)
        self.pending = PendingEdit(self, self.value)
        self.pending.watch(self.combo, self.line)
        self.combo.activated.connect(self.pending.commit)
        self.line.returnPressed.connect(self.pending.commit)
        self.body.addWidget(self.combo, 0, Qt.AlignmentFlag.AlignLeft)
        self.combo.setEditText("")

    def _add_entry(self, country: Country, row: int | None = None) -> None:
        item = QStandardItem(entry_text(country, self.lang))
        item.setData(country.alpha3, CODE_ROLE)
        # The folded text after the shown one: typing with or without accents both match.
        item.setData(f"{item.text()} {fold(item.text())}", SEARCH_ROLE)
        if row is None:
            self.entries.appendRow(item)
        else:
            self.entries.insertRow(row, item)

    def _find(self, code: str) -> int:
        return self.combo.findData(code, CODE_ROLE)

    def value(self) -> str | None:
        text = self.combo.currentText().strip()
        if not text:
            return None
        wanted = fold(text)
        for row in range(self.entries.rowCount()):
            item = self.entries.item(row)
            code = str(item.data(CODE_ROLE))
            if wanted in (fold(item.text()), fold(code), fold(item.text().rsplit(" (", 1)[0])):
                return code
        country = lookup(text) if len(text) == 3 else None
        return country.alpha3 if country is not None else text

    def set_value(self, value: Any) -> None:
        code = value.strip().upper() if isinstance(value, str) else ""
        with QSignalBlocker(self.combo):
            row = self._find(code) if code else -1
            country = lookup(code) if code and row < 0 else None
            if country is not None:
                # A user-assigned code such as the demonstration State XDM heads the list.
                self._add_entry(country, 0)
                row = 0
            if row >= 0:
                self.combo.setCurrentIndex(row)
            else:
                self.combo.setCurrentIndex(-1)
                self.combo.setEditText(code)
        self.pending.reset()

    def flush(self) -> None:
        self.pending.commit()

    def focus_field(self, row: int | None = None, column: str | None = None) -> None:
        self.combo.setFocus()
