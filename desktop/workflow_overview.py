"""Every section's review status and owner ministry, for the overview (issue 7).

A table model over the session: one row per section in template order, with its completion
state, review status, the ministry answering it (issue 6) and the last comment. Activating a row
asks to open the section.
"""

from __future__ import annotations

from typing import Any, Final

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.icons import state_icon
from desktop.navigation import section_title
from desktop.session import ReportSession
from desktop.workflow_status import COLOURS, status_icon, status_label, status_summary
from forms.i18n import tr
from forms.model import Section

_Index = QModelIndex | QPersistentModelIndex
COLUMNS: Final = ("section", "state", "status", "owner", "comment")
SECTION_ROLE: Final = Qt.ItemDataRole.UserRole  # the section key behind a row
SUMMARY_ORDER: Final = ("approved", "ready", "returned", "draft", "not_started")


class SectionStatusModel(QAbstractTableModel):
    def __init__(self, session: ReportSession, lang: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.session, self.lang = session, lang
        self.sections: list[Section] = list(session.template.sections())

    def refresh(self) -> None:
        """Statuses, owners and states changed: repaint every row (the rows stay)."""
        if self.sections:
            last = self.index(len(self.sections) - 1, len(COLUMNS) - 1)
            self.dataChanged.emit(self.index(0, 0), last)

    def counts(self) -> dict[str, int]:
        counts = dict.fromkeys(SUMMARY_ORDER, 0)
        for section in self.sections:
            status = self.session.status(section.key).status
            counts[status] = counts.get(status, 0) + 1
        return counts

    # -- Qt model interface ------------------------------------------------------------------
    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt's own default
        return 0 if parent.isValid() else len(self.sections)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self.sections):
            return None
        section, column = self.sections[index.row()], COLUMNS[index.column()]
        if role == SECTION_ROLE:
            return section.key
        status = self.session.status(section.key)
        owner = self.session.owners().get(section.key)
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return self._text(section, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == "section":
                summary = status_summary(status, owner, self.lang)
                return f"{section_title(section, self.lang)}\n{summary}"
            return self._text(section, column) or None
        if role == Qt.ItemDataRole.DecorationRole:
            if column == "state":
                return state_icon(self.session.section_state(section, self.lang))
            if column == "status":
                return status_icon(status.status)
        if role == Qt.ItemDataRole.ForegroundRole and column == "status":
            return QColor(COLOURS.get(status.status, COLOURS["draft"]))
        return None

    def _text(self, section: Section, column: str) -> str:
        if column == "section":
            return section_title(section, self.lang)
        if column == "state":
            state = self.session.section_state(section, self.lang)
            return tr(f"state.{state.value}", self.lang)
        status = self.session.status(section.key)
        if column == "status":
            return status_label(status.status, self.lang)
        if column == "owner":
            return self.session.owners().get(section.key, "")
        return " ".join((status.comment or "").split())  # one line; the tooltip has it whole

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        horizontal = orientation == Qt.Orientation.Horizontal
        if horizontal and role == Qt.ItemDataRole.DisplayRole and 0 <= section < len(COLUMNS):
            return tr(f"desktop_workflow.overview.column.{COLUMNS[section]}", self.lang)
        return None


class ReviewTable(QWidget):
    """The counts by status and the table; activating a row asks to open that section."""

    section_requested = Signal(str)

    def __init__(self, session: ReportSession, lang: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session, self.lang = session, lang
        self.model = SectionStatusModel(session, lang, self)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.report_status = QLabel()
        self.report_status.setWordWrap(True)
        self.view = QTableView()
        self.view.setModel(self.model)
        self.view.setAccessibleName(tr("desktop_workflow.overview.heading", lang))
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setTabKeyNavigation(False)
        self.view.setWordWrap(False)
        self.view.verticalHeader().hide()
        self.view.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 10)
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column, width in ((1, 120), (2, 150), (3, 170), (4, 150)):
            self.view.setColumnWidth(column, width)
        self.view.setMinimumHeight(300)
        self.view.activated.connect(self._open)
        hint = QLabel(tr("desktop_workflow.overview.hint", lang))
        hint.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.report_status)
        layout.addWidget(self.summary)
        layout.addWidget(self.view)
        layout.addWidget(hint)
        session.workflow_changed.connect(self._workflow_changed)
        self.refresh()

    def refresh(self) -> None:
        counts = self.model.counts()
        parts = [
            tr("desktop_workflow.overview.count", self.lang, count=counts[status],
               status=status_label(status, self.lang))
            for status in ("approved", "ready", "returned", "draft", "not_started")
        ]  # fmt: skip
        self.summary.setText(" · ".join(parts))
        final = self.session.is_final()
        key = "desktop_workflow.overview.final" if final else "desktop_workflow.overview.draft"
        self.report_status.setText(tr(key, self.lang))
        self.model.refresh()

    def _workflow_changed(self, _section_key: str) -> None:
        self.refresh()

    def _open(self, index: QModelIndex) -> None:
        if index.isValid():
            self.section_requested.emit(self.model.data(index, SECTION_ROLE))
