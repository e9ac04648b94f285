"""The counts of a ``grid`` answer as Qt table models, with live totals.

:class:`GridModel` is the full breakdown (e.g. sex × age × disability): rows are every combination
of the members of all dimensions but the last ("Female · 18–24"); columns are the members of the
last dimension, then a Total column; a Total row ends the table when there is more than one row.
:class:`MarginModel` is one dimension alone ("by sex"): a row per member, one count column and a
Total row. A blank entry is absent from :attr:`CountsModel.counts`, never 0.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable
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
from forms.model import Dimension, Question
from forms.numbers import format_number
from forms.values import InvalidValue, read_count

Index = QModelIndex | QPersistentModelIndex
RIGHT: Final = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
TOTAL_BACKGROUND: Final = QColor("#eeeeee")


def parse_count(value: Any, lang: str) -> int | None:
    """A whole number ≥ 0 as typed in ``lang`` ("1 234", "1,234" in English); None for blank.

    Raises ValueError for anything else.
    """
    if isinstance(value, str) and not value.strip():
        return None
    try:
        return read_count(value, lang)
    except InvalidValue as exc:
        raise ValueError(value) from exc


class CountsModel(QAbstractTableModel):
    """A table of counts keyed by ``keys[row][column]``, followed by computed totals.

    The editable cells come first; a Total column and a Total row, when there are, come last.
    """

    # The person changed one or more entries (a typed cell, a paste, a clear); not set_counts.
    cell_edited = Signal()

    def __init__(
        self,
        keys: list[list[str]],
        row_labels: list[str],
        column_labels: list[str],
        lang: str,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.lang = lang
        self.keys = keys
        self.row_labels = row_labels
        self.column_labels = column_labels
        self.data_rows, self.data_columns = len(keys), len(column_labels)
        # A total of one row (or one column) would only repeat it.
        self.has_total_row = self.data_rows > 1
        self.has_total_column = self.data_columns > 1
        self.counts: dict[str, int] = {}

    # -- shape ---------------------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's own default
        return 0 if parent.isValid() else self.data_rows + int(self.has_total_row)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self.data_columns + int(self.has_total_column)

    def cell_key(self, row: int, column: int) -> str | None:
        """The stored key of an entry ("female/age_18_24/with", "female"); None for a total."""
        if 0 <= row < self.data_rows and 0 <= column < self.data_columns:
            return self.keys[row][column]
        return None

    def index_of(self, key: str) -> QModelIndex:
        for row, column in itertools.product(range(self.data_rows), range(self.data_columns)):
            if self.keys[row][column] == key:
                return self.index(row, column)
        return QModelIndex()

    # -- values --------------------------------------------------------------------------------
    def number(self, row: int, column: int) -> int | None:
        """An entry, or the total of the entries it sums; None when every one of them is blank."""
        rows = [row] if row < self.data_rows else range(self.data_rows)
        columns = [column] if column < self.data_columns else range(self.data_columns)
        keys = (self.keys[r][c] for r in rows for c in columns)
        found = [self.counts[key] for key in keys if key in self.counts]
        return sum(found) if found else None

    def counts_sum(self) -> int | None:
        return sum(self.counts.values()) if self.counts else None

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
            number = parse_count(value, self.lang)
        except ValueError:
            return False
        self.set_entries([(key, number)])
        return True

    def fits(self, row: int, column: int, rows: int, columns: int) -> bool:
        """Whether a block of ``rows`` × ``columns`` entries starting at that cell is editable."""
        return 0 <= row <= self.data_rows - rows and 0 <= column <= self.data_columns - columns

    def set_block(self, row: int, column: int, block: list[list[int | None]]) -> None:
        """Set a pasted block from that cell, all at once (a None clears its entry).

        The caller checks :meth:`fits` first; a cell outside the entries is ignored.
        """
        keys = (
            (self.cell_key(row + r, column + c), number)
            for r, line in enumerate(block)
            for c, number in enumerate(line)
        )
        self.set_entries((key, number) for key, number in keys if key is not None)

    def set_entries(self, entries: Iterable[tuple[str, int | None]]) -> None:
        """The person's change of some entries: one update of the totals, one ``cell_edited``."""
        before = dict(self.counts)
        for key, number in entries:
            if number is None:
                self.counts.pop(key, None)
            else:
                self.counts[key] = number
        if self.counts != before:
            self._refresh()
            self.cell_edited.emit()

    def set_counts(self, counts: dict[str, int]) -> None:
        """Show stored entries (not an edit)."""
        self.counts = {key: number for key, number in counts.items() if number is not None}
        self._refresh()

    def _refresh(self) -> None:
        # Every total may follow from any entry; the table is small enough to repaint whole.
        if self.rowCount() and self.columnCount():
            last = self.index(self.rowCount() - 1, self.columnCount() - 1)
            self.dataChanged.emit(self.index(0, 0), last)


class GridModel(CountsModel):
    """The full breakdown: one entry per combination of the members of every dimension."""

    def __init__(self, question: Question, lang: str, parent: QObject | None = None) -> None:
        *outer, last = question.dimensions
        combinations = list(itertools.product(*(dimension.members for dimension in outer)))
        row_codes = [[member.code for member in combo] for combo in combinations]
        row_labels = [" · ".join(m.label.get(lang) for m in combo) for combo in combinations]
        if not outer:
            row_labels = [tr("editor.grid_values", lang)]
        keys = [["/".join((*codes, code)) for code in last.codes()] for codes in row_codes]
        column_labels = [member.label.get(lang) for member in last.members]
        super().__init__(keys, row_labels, column_labels, lang, parent)
        # A single row still shows its Total column: it is the row's sum.
        self.has_total_column = True

    @property
    def cells(self) -> dict[str, int]:
        return self.counts

    def set_cells(self, cells: dict[str, int]) -> None:
        self.set_counts(cells)

    def cell_sum(self) -> int | None:
        return self.counts_sum()


class MarginModel(CountsModel):
    """One dimension alone (e.g. by sex): a row per member, keyed by its code, and a Total row."""

    def __init__(self, dimension: Dimension, lang: str, parent: QObject | None = None) -> None:
        keys = [[code] for code in dimension.codes()]
        labels = [member.label.get(lang) for member in dimension.members]
        super().__init__(keys, labels, [tr("editor.grid_values", lang)], lang, parent)
        self.dimension = dimension.name
