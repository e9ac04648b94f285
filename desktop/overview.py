"""The overview of a report: how far each part is, what is wrong, SDG 16.4.2, what to confirm.

Completion counts sections in the "complete" state of :meth:`ReportSession.section_state` — a
measure a person can check by looking at the navigation — and says so on screen. Below it, every
section's review status and owner ministry (issue 7, :mod:`desktop.workflow_overview`).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any, Final

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QFont, QPainter, QPaintEvent, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QListView,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.grid_summary import KEY_ROLE as GRID_KEY_ROLE
from desktop.grid_summary import GridSummaryModel
from desktop.preflight import PreflightRow, check_report, counted, kind_icon
from desktop.sdg_panel import SdgPanel
from desktop.session import ReportSession, SectionState
from desktop.worker import DeferredRefresh
from desktop.workflow_overview import ReviewTable
from forms.countries import country_name
from forms.i18n import tr
from forms.model import Section, Template

_Index = QModelIndex | QPersistentModelIndex
INDENT: Final = 18  # pixels per heading level
MAX_WIDTH: Final = 900  # long lines are hard to read on wide screens


def completion_groups(template: Template, lang: str) -> Iterator[tuple[int, str, list[Section]]]:
    """(depth, label, sections): each part; in parts with headings, the first heading level, and
    the second one where it divides every section of its heading (I. national, regional, global)."""
    for part in template.parts:
        title = tr("tools.overview.part", lang, letter=part.key.upper(), title=part.title.get(lang))
        yield 0, title, list(part.sections)
        for first, sections in _grouped(part.sections, 1):
            yield 1, first, sections
            if all(len(section.heading_path) > 1 for section in sections):
                for second, inner in _grouped(sections, 2):
                    yield 2, second, inner


def _grouped(sections: Sequence[Section], depth: int) -> list[tuple[str, list[Section]]]:
    groups: dict[str, list[Section]] = {}
    for section in sections:
        if len(section.heading_path) >= depth:
            groups.setdefault(section.heading_path[depth - 1], []).append(section)
    return list(groups.items())


class CarriedModel(QAbstractListModel):
    """The answers carried over from the previous report and not yet confirmed."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rows: list[PreflightRow] = []

    def set_rows(self, rows: list[PreflightRow]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt's own default
        return 0 if parent.isValid() else len(self.rows)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self.rows):
            return None
        row = self.rows[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return f"{row.where} — {row.question}"
        if role == Qt.ItemDataRole.UserRole:
            return row.key
        return None


class _ElidedLabel(QLabel):
    """One line, cut with "…" to the width it gets; the whole text in the tooltip and for screen
    readers. The headings of the outcome document run to three lines otherwise."""

    def __init__(self, text: str, indent: int = 0) -> None:
        super().__init__(text)
        self.setToolTip(text)
        self.setContentsMargins(indent, 0, 0, 0)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        rect = self.contentsRect()
        text = self.fontMetrics().elidedText(self.text(), Qt.TextElideMode.ElideRight, rect.width())
        painter.drawText(
            rect, int(Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft), text
        )


class OverviewView(QWidget):
    """The report at a glance; its buttons and list ask the main window to go somewhere."""

    jump_requested = Signal(str, object, object)  # question key, table row or None, column
    section_requested = Signal(str)  # section key

    def __init__(self, session: ReportSession, lang: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session, self.lang = session, lang
        content = QWidget()
        content.setMaximumWidth(MAX_WIDTH)
        self.column = QVBoxLayout(content)
        self.column.setSpacing(8)
        self.title = self._label("", scale=1.4, bold=True)

        self._heading("tools.overview.completion")
        self._label(tr("tools.overview.completion_rule", lang), grey=True)
        self.bars: list[tuple[QProgressBar, QLabel, list[Section]]] = []
        grid = QGridLayout()
        grid.setColumnStretch(0, 3)
        grid.setColumnStretch(1, 2)
        for row, (depth, text, sections) in enumerate(completion_groups(session.template, lang)):
            label = _ElidedLabel(text, depth * INDENT)
            label.setFont(_font(label.font(), bold=depth == 0))
            bar, count = QProgressBar(), QLabel()
            bar.setTextVisible(False)  # the count beside it says it in words
            bar.setMinimumWidth(140)
            bar.setAccessibleName(text)
            grid.addWidget(label, row, 0)
            grid.addWidget(bar, row, 1)
            grid.addWidget(count, row, 2)
            self.bars.append((bar, count, sections))
        self.column.addLayout(grid)

        self._heading("desktop_workflow.overview.heading")
        self.review = ReviewTable(session, lang)
        self.review.section_requested.connect(self.section_requested)
        self.column.addWidget(self.review)

        self._heading("tools.overview.checks")
        self.issue_buttons: dict[str, QPushButton] = {}
        self._first_section: dict[str, str] = {}
        buttons = QHBoxLayout()
        for kind in ("error", "warning"):
            button = QPushButton(kind_icon(kind), "")
            button.setToolTip(tr("tools.overview.go_first", lang))
            button.clicked.connect(lambda _=False, kind=kind: self._go_first(kind))
            buttons.addWidget(button)
            self.issue_buttons[kind] = button
        buttons.addStretch(1)
        self.column.addLayout(buttons)

        self.column.addSpacing(6)
        self.sdg = SdgPanel(session, lang)  # refreshes itself when the SDG table changes
        self.column.addWidget(self.sdg)

        self._heading("grid_summary.heading")
        self.grids = GridSummaryModel(session, lang, self)
        self.grid_view = QTableView()
        self.grid_view.setModel(self.grids)
        self.grid_view.setAccessibleName(tr("grid_summary.heading", lang))
        self.grid_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.grid_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.grid_view.verticalHeader().hide()
        self.grid_view.horizontalHeader().setStretchLastSection(True)
        self.grid_view.setWordWrap(True)
        self.grid_view.setMinimumHeight(230)
        self.grid_view.activated.connect(self._open_grid)
        self.column.addWidget(self.grid_view)

        self.carried_heading = self._heading("")
        self.carried = CarriedModel(self)
        self.carried_view = QListView()
        self.carried_view.setModel(self.carried)
        self.carried_view.setAccessibleName(tr("tools.overview.carried_list", lang))
        self.carried_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.carried_view.setMaximumHeight(220)
        self.carried_view.setAlternatingRowColors(True)
        # Long labels are cut with "…" (whole in the tooltip) rather than scrolled sideways.
        self.carried_view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        # "activated": Enter or double-click (a single click where the platform says so).
        self.carried_view.activated.connect(self._open_carried)
        self.column.addWidget(self.carried_view)
        self.carried_note = self._label("", grey=True)
        self.column.addStretch(1)

        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(content)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)
        session.changed.connect(DeferredRefresh(self, self.refresh).mark_stale)
        self.refresh()

    # -- filling in ----------------------------------------------------------------------------
    def refresh(self) -> None:
        session, lang = self.session, self.lang
        info = session.info
        country = country_name(info.country, lang)
        title = tr("tools.overview.title", lang, country=country, cycle=info.cycle)
        self.title.setText(title)
        self.setAccessibleName(title)
        for bar, count, sections in self.bars:
            done = sum(session.section_state(s, lang) == SectionState.COMPLETE for s in sections)
            plural = "one" if len(sections) == 1 else "other"  # "1 / 1 section complete"
            text = tr(
                f"tools.overview.sections_complete.{plural}", lang, done=done, total=len(sections)
            )
            bar.setRange(0, max(len(sections), 1))
            bar.setValue(done)
            bar.setAccessibleDescription(text)
            count.setText(text)
        self.review.refresh()
        state = session.state
        rows = check_report(state.template, state.answers, state.carried_over, lang)
        for kind, button in self.issue_buttons.items():
            found = [row for row in rows if row.kind == kind]
            button.setText(counted(f"tools.count.{kind}", len(found), lang))
            button.setEnabled(bool(found))
            if found:
                self._first_section[kind] = state.template.question(found[0].key).section_key
        self.grids.refresh()
        self.grid_view.resizeColumnsToContents()
        self.grid_view.resizeRowsToContents()
        carried = [row for row in rows if row.kind == "confirm"]
        self.carried_heading.setText(tr("tools.overview.carried", lang, count=len(carried)))
        self.carried.set_rows(carried)
        self.carried_view.setVisible(bool(carried))
        note = "tools.overview.carried_hint" if carried else "tools.overview.none_carried"
        self.carried_note.setText(tr(note, lang))

    # -- reacting ------------------------------------------------------------------------------
    def _go_first(self, kind: str) -> None:
        if kind in self._first_section:
            self.section_requested.emit(self._first_section[kind])

    def _open_grid(self, index: QModelIndex) -> None:
        if index.isValid():
            self.jump_requested.emit(index.data(GRID_KEY_ROLE), None, None)

    def _open_carried(self, index: QModelIndex) -> None:
        if index.isValid():
            self.jump_requested.emit(self.carried.data(index, Qt.ItemDataRole.UserRole), None, None)

    # -- small helpers -------------------------------------------------------------------------
    def _heading(self, message_id: str) -> QLabel:
        self.column.addSpacing(6)
        return self._label(tr(message_id, self.lang) if message_id else "", scale=1.15, bold=True)

    def _label(
        self,
        text: str,
        *,
        scale: float = 1.0,
        bold: bool = False,
        grey: bool = False,
    ) -> QLabel:
        label = QLabel(text)
        label.setTextFormat(Qt.TextFormat.PlainText)  # report texts are never markup
        label.setWordWrap(True)
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        label.setFont(_font(label.font(), bold=bold, scale=scale))
        if grey:
            label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.column.addWidget(label)
        return label


def _font(font: QFont, *, bold: bool = False, scale: float = 1.0) -> QFont:
    font.setBold(bold)
    font.setPointSizeF(font.pointSizeF() * scale)
    return font
