"""The rows of a ``table`` answer as a Qt model: one column per column of the question.

The model keeps each cell as its stored value when the typed text reads as one (so it shows
"1 234,5" and the session receives "1234.5"), and as the typed text otherwise, so the session
refuses it with a message naming the row and column. Blank cells are None, never "" or 0.
"""

from __future__ import annotations

import datetime as dt
import textwrap
from typing import Any, Final

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt

from desktop.editors.number import number_text
from forms.display import format_value
from forms.model import NUMERIC_TYPES, Question
from forms.values import InvalidValue, normalise

Index = QModelIndex | QPersistentModelIndex
CHOICE_TYPES: Final = ("yes_no_dev", "single_choice", "multi_choice")
TEXT_TYPES: Final = ("text", "long_text")
DATE_FORMATS: Final = {"fr": "%d/%m/%Y"}
RIGHT: Final = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
HEADER_WIDTH: Final = 22  # characters per line of a column header


def cell_text(column: Question, value: Any, lang: str) -> str:
    """A cell as the person reads it; text that was not understood is shown as typed."""
    if value is None:
        return ""
    if column.type in NUMERIC_TYPES:
        return number_text(column, value, lang)
    if column.type == "date":
        try:
            return dt.date.fromisoformat(str(value)).strftime(DATE_FORMATS.get(lang, "%Y-%m-%d"))
        except ValueError:
            return str(value)
    if column.type in TEXT_TYPES:
        return str(value)
    return format_value(column, value, lang)


def read_cell(column: Question, value: Any, lang: str) -> Any:
    """What an editor gave for a cell, as it will be kept."""
    if isinstance(value, str) and not value.strip():
        return None
    if column.type in CHOICE_TYPES or column.type in TEXT_TYPES or value is None:
        return value or None
    try:
        return normalise(column, value, lang)
    except InvalidValue:
        return str(value).strip()


class TableModel(QAbstractTableModel):
    def __init__(self, question: Question, lang: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.question = question
        self.lang = lang
        self.columns = question.columns
        self.rows: list[dict[str, Any]] = []

    # -- reading -------------------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's own default
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not self.checkIndex(index, QAbstractTableModel.CheckIndexOption.IndexIsValid):
            return None
        column = self.columns[index.column()]
        value = self.rows[index.row()].get(column.key)
        if role == Qt.ItemDataRole.EditRole:
            # Choice editors take codes; line editors take the text as it is shown.
            return value if column.type in CHOICE_TYPES else cell_text(column, value, self.lang)
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            text = cell_text(column, value, self.lang)
            # A tool tip shows long texts that the narrow column cuts off.
            return text if role == Qt.ItemDataRole.DisplayRole or text else None
        if role == Qt.ItemDataRole.TextAlignmentRole and column.type in NUMERIC_TYPES:
            return RIGHT
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Vertical:
            return str(section + 1) if role == Qt.ItemDataRole.DisplayRole else None
        if not 0 <= section < len(self.columns):
            return None
        label = self.columns[section].label.get(self.lang)
        if role == Qt.ItemDataRole.DisplayRole:
            # Long labels on several lines: the columns stay narrow enough to see them all.
            return textwrap.fill(label, HEADER_WIDTH)
        return label if role == Qt.ItemDataRole.ToolTipRole else None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsEditable

    def value(self) -> list[dict[str, Any]] | None:
        """The answer: rows without their blank cells, blank rows left out."""
        rows = [{key: cell for key, cell in row.items() if cell is not None} for row in self.rows]
        return [row for row in rows if row] or None

    def model_row(self, number: int) -> int | None:
        """The model row of the ``number``-th row of :meth:`value` (1-based, as in issues)."""
        filled = [
            row for row, cells in enumerate(self.rows) if any(c is not None for c in cells.values())
        ]
        return filled[number - 1] if 0 < number <= len(filled) else None

    def column_number(self, key: str) -> int | None:
        keys = [column.key for column in self.columns]
        return keys.index(key) if key in keys else None

    # -- editing -------------------------------------------------------------------------------
    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or not self.checkIndex(
            index, QAbstractTableModel.CheckIndexOption.IndexIsValid
        ):
            return False
        column = self.columns[index.column()]
        cell = read_cell(column, value, self.lang)
        if self.rows[index.row()].get(column.key) == cell:
            return True  # nothing changed: no edit to report
        self.rows[index.row()][column.key] = cell
        self.dataChanged.emit(index, index, [Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole])
        return True

    def insertRows(self, row: int, count: int, parent: Index = QModelIndex()) -> bool:  # noqa: B008
        if parent.isValid() or count < 1 or not 0 <= row <= len(self.rows):
            return False
        self.beginInsertRows(QModelIndex(), row, row + count - 1)
        self.rows[row:row] = [{} for _ in range(count)]
        self.endInsertRows()
        return True

    def removeRows(self, row: int, count: int, parent: Index = QModelIndex()) -> bool:  # noqa: B008
        if parent.isValid() or count < 1 or row < 0 or row + count > len(self.rows):
            return False
        self.beginRemoveRows(QModelIndex(), row, row + count - 1)
        del self.rows[row : row + count]
        self.endRemoveRows()
        return True

    def set_rows(self, rows: list[dict[str, Any]]) -> None:
        self.beginResetModel()
        self.rows = [dict(row) for row in rows]
        self.endResetModel()
