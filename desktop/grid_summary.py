"""The disaggregated data at a glance (overview): every breakdown grid with its total, how it was
entered and whether its parts add up — each row opens the grid."""

from __future__ import annotations

from typing import Any, Final

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor

from desktop.editors.grid_modes import mode_label
from desktop.icons import ERROR_COLOUR
from desktop.session import ReportSession
from forms import grids
from forms.i18n import tr
from forms.model import Question
from forms.numbers import format_number

KEY_ROLE: Final = Qt.ItemDataRole.UserRole
_COLUMNS: Final = ("question", "total", "mode", "status")
Index = QModelIndex | QPersistentModelIndex


class GridSummaryModel(QAbstractTableModel):
    def __init__(self, session: ReportSession, lang: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.lang = lang
        self.questions: list[Question] = [
            q for q in session.template.questions() if q.type == "grid"
        ]
        self._rows: list[tuple[str, str, str, str, bool]] = []
        self.refresh()

    def refresh(self) -> None:
        self.beginResetModel()
        self._rows = [self._row(question) for question in self.questions]
        self.endResetModel()

    def _row(self, question: Question) -> tuple[str, str, str, str, bool]:
        value = self.session.value(question.key)
        label = question.label.get(self.lang)
        if value is None:
            return label, "", "", tr("grid_summary.blank", self.lang), False
        total = grids.grid_total(value)
        shown_total = "" if total is None else format_number(total, self.lang)
        mode = mode_label(question, value.get("mode") or grids.MODE_FULL, self.lang)
        if value.get("not_disaggregated"):
            status = tr("grid.not_disaggregated", self.lang, reason=value["not_disaggregated"])
            return label, shown_total, mode, status, False
        problem = grids.sum_problem(question, value, self.lang)
        if problem is not None:
            return label, shown_total, mode, problem, True
        return label, shown_total, mode, tr("grid_summary.adds_up", self.lang), False

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's own default
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(_COLUMNS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return row[index.column()]
        if role == KEY_ROLE:
            return self.questions[index.row()].key
        if role == Qt.ItemDataRole.ForegroundRole and index.column() == 3 and row[4]:
            return QColor(ERROR_COLOUR)
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() == 1:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        horizontal = orientation == Qt.Orientation.Horizontal
        if horizontal and role == Qt.ItemDataRole.DisplayRole and 0 <= section < len(_COLUMNS):
            return tr(f"grid_summary.column.{_COLUMNS[section]}", self.lang)
        return None
