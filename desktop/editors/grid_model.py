"""The cells of a ``grid`` answer (e.g. sex × age × disability) as a Qt model, with live totals.

Rows are every combination of the members of all dimensions but the last ("Female · 18–24");
columns are the members of the last dimension, then a Total column; a Total row ends the table
when there is more than one row. A blank cell is absent from :attr:`GridModel.cells`, never 0.
"""

from __future__ import annotations

import itertools
import re
from typing import Any, Final

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor, QFont

from forms.i18n import tr
from forms.model import Question
from forms.numbers import format_number

Index = QModelIndex | QPersistentModelIndex
RIGHT: Final = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
TOTAL_BACKGROUND: Final = QColor("#eeeeee")
_SPACES: Final = re.compile(r"[\s\u00a0\u202f]")


def parse_count(value: Any) -> int | None:
    """A whole number ≥ 0 typed with or without thousands spaces; None for blank.

    Raises ValueError for anything else.
    """
    if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
        return value
    if isinstance(value, str):
        digits = _SPACES.sub("", value)
        if not digits:
            return None
        if digits.isascii() and digits.isdigit():
            return int(digits)
    raise ValueError(value)


class GridModel(QAbstractTableModel):
    # A cell was changed by the person (not by set_cells).
    cell_edited = Signal()

    def __init__(self, question: Question, lang: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.lang = lang
        *outer, last = question.dimensions
        combinations = list(itertools.product(*(dimension.members for dimension in outer)))
        self.row_codes = [tuple(member.code for member in combo) for combo in combinations]
        self.row_labels = [" · ".join(m.label.get(lang) for m in combo) for combo in combinations]
        if not outer:
            self.row_labels = [tr("editor.grid_values", lang)]
        self.column_codes = last.codes()
        self.column_labels = [member.label.get(lang) for member in last.members]
        self.has_total_row = len(self.row_codes) > 1
        self.cells: dict[str, int] = {}

    # -- shape ---------------------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's own default
        return 0 if parent.isValid() else len(self.row_codes) + int(self.has_total_row)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.column_codes) + 1

    def cell_key(self, row: int, column: int) -> str | None:
        """The stored key of a cell ("female/age_18_24/with"); None for a total."""
        if row >= len(self.row_codes) or column >= len(self.column_codes):
            return None
        return "/".join((*self.row_codes[row], self.column_codes[column]))

    def index_of(self, key: str) -> QModelIndex:
        for row in range(len(self.row_codes)):
            for column in range(len(self.column_codes)):
                if self.cell_key(row, column) == key:
                    return self.index(row, column)
        return QModelIndex()

    # -- values --------------------------------------------------------------------------------
    def number(self, row: int, column: int) -> int | None:
        """A cell, or the total of the cells it sums; None when every one of them is blank."""
        rows = [row] if row < len(self.row_codes) else range(len(self.row_codes))
        columns = [column] if column < len(self.column_codes) else range(len(self.column_codes))
        keys = (self.cell_key(r, c) for r in rows for c in columns)
        found = [self.cells[key] for key in keys if key in self.cells]
        return sum(found) if found else None

    def cell_sum(self) -> int | None:
        return sum(self.cells.values()) if self.cells else None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not self.checkIndex(index, QAbstractTableModel.CheckIndexOption.IndexIsValid):
            return None
        number = self.number(index.row(), index.column())
        is_total = self.cell_key(index.row(), index.column()) is None
        if role == Qt.ItemDataRole.DisplayRole:
            return "" if number is None else format_number(number, self.lang)
        if role == Qt.ItemDataRole.EditRole:
            return "" if number is None else str(number)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return RIGHT
        if role == Qt.ItemDataRole.FontRole and is_total:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.BackgroundRole and is_total:
            return TOTAL_BACKGROUND
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        labels = self.column_labels if orientation == Qt.Orientation.Horizontal else self.row_labels
        if 0 <= section < len(labels):
            return labels[section]
        return tr("editor.grid_total", self.lang)

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if self.cell_key(index.row(), index.column()) is not None:
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    # -- editing -------------------------------------------------------------------------------
    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or not self.checkIndex(
            index, QAbstractTableModel.CheckIndexOption.IndexIsValid
        ):
            return False
        key = self.cell_key(index.row(), index.column())
        if key is None:
            return False
        try:
            number = parse_count(value)
        except ValueError:
            return False
        if self.cells.get(key) == number:
            return True
        if number is None:
            del self.cells[key]
        else:
            self.cells[key] = number
        # The cell, its row total, its column total and the grand total.
        last_row, last_column = self.rowCount() - 1, self.columnCount() - 1
        for row, column in (
            (index.row(), index.column()),
            (index.row(), last_column),
            (last_row, index.column()),
            (last_row, last_column),
        ):
            changed = self.index(row, column)
            self.dataChanged.emit(changed, changed)
        self.cell_edited.emit()
        return True

    def set_cells(self, cells: dict[str, int]) -> None:
        self.cells = {key: number for key, number in cells.items() if number is not None}
        if self.rowCount() and self.columnCount():
            last = self.index(self.rowCount() - 1, self.columnCount() - 1)
            self.dataChanged.emit(self.index(0, 0), last)
