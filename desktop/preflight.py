"""The pre-flight list: every error, warning and carried-over answer to confirm, before sending.

:func:`check_report` is a plain function over copied data, so the "Check the report" button can run
it in a worker thread (:mod:`desktop.worker`) and tests can call it without any widget.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping, Set
from dataclasses import dataclass
from typing import Any, Final

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QPointF,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush, QColor, QIcon, QPainter, QPen, QPixmap, QPolygonF
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.errors import show_error
from desktop.icons import CARRIED_COLOUR, ERROR_COLOUR, WARNING_COLOUR, state_icon
from desktop.navigation import section_title
from desktop.session import ReportSession, SectionState
from desktop.worker import BackgroundTask, Cancelled, DeferredRefresh, Progress, run_in_background
from forms.i18n import normalise_language, tr
from forms.model import Template
from forms.validation import validate

_Index = QModelIndex | QPersistentModelIndex
ROW_ROLE: Final = Qt.ItemDataRole.UserRole  # the PreflightRow behind a table row
KINDS: Final = ("error", "warning", "confirm")  # also the order of the list
COLOURS: Final = {"error": ERROR_COLOUR, "warning": WARNING_COLOUR, "confirm": CARRIED_COLOUR}


def counted(message_id: str, count: int, lang: str) -> str:
    """The count in words; French uses the singular for 0 and 1, English for 1 only."""
    one = count <= 1 if normalise_language(lang) == "fr" else count == 1
    return tr(f"{message_id}.{'one' if one else 'other'}", lang, count=count)


def kind_icon(kind: str) -> QIcon:
    """The navigation's icons for errors and answers to confirm; a triangle for warnings."""
    if kind != "warning":
        return state_icon(SectionState.ERRORS if kind == "error" else SectionState.CARRIED)
    pixmap = QPixmap(32, 32)  # drawn at twice the size: sharp on high-density screens
    pixmap.setDevicePixelRatio(2)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor(WARNING_COLOUR))
    painter.drawPolygon(QPolygonF([QPointF(8, 1), QPointF(15.5, 14.5), QPointF(0.5, 14.5)]))
    painter.setPen(QPen(QColor("white"), 2, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap))
    painter.drawLine(QPointF(8, 5.5), QPointF(8, 9.5))
    painter.drawPoint(QPointF(8, 12.2))
    painter.end()
    return QIcon(pixmap)


@dataclass(frozen=True)
class PreflightRow:
    kind: str  # "error" | "warning" | "confirm"
    key: str  # the question key
    where: str  # "25. <short title>", or the section title outside Part B
    question: str  # the question's label
    message: str
    row: int | None = None  # 1-based table row, as in forms.validation.Issue
    column: str | None = None


def check_report(
    template: Template,
    answers: Mapping[str, Any],
    carried_over: Set[str],
    lang: str,
    progress: Progress | None = None,
) -> list[PreflightRow]:
    """Errors, then warnings, then answers to confirm; each group in template order."""
    progress = progress or Progress()
    progress.report(0, 1)
    found = [
        (i.severity, i.key, i.message, i.row, i.column) for i in validate(template, answers, lang)
    ]
    progress.check()
    position = {question.key: number for number, question in enumerate(template.questions())}
    confirm = tr("tools.preflight.confirm_message", lang)
    found += [("confirm", key, confirm, None, None) for key in carried_over if key in position]
    # Rules of the whole template are checked last: the (stable) sort puts them back in place.
    found.sort(key=lambda item: (KINDS.index(item[0]), position[item[1]]))
    rows = []
    for kind, key, message, row, column in found:
        question = template.question(key)
        where = section_title(template.section(question.section_key), lang)
        rows.append(PreflightRow(kind, key, where, question.label.get(lang), message, row, column))
    progress.report(1, 1)
    return rows


class PreflightModel(QAbstractTableModel):
    """All rows of the check; ``set_kinds`` chooses which kinds are shown."""

    COLUMNS: Final = ("kind", "where", "question", "message")

    def __init__(self, lang: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.lang = lang
        self.all_rows: list[PreflightRow] = []
        self.kinds: set[str] = set(KINDS)
        self._shown: list[PreflightRow] = []
        self._icons = {kind: kind_icon(kind) for kind in KINDS}  # drawn once, not per paint

    def set_rows(self, rows: list[PreflightRow]) -> None:
        self.beginResetModel()
        self.all_rows = list(rows)
        self._shown = [row for row in self.all_rows if row.kind in self.kinds]
        self.endResetModel()

    def set_kinds(self, kinds: Set[str]) -> None:
        self.kinds = set(kinds)
        self.set_rows(self.all_rows)

    def row_at(self, index: _Index) -> PreflightRow:
        return self._shown[index.row()]

    # -- Qt model interface ------------------------------------------------------------------
    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt's own default
        return 0 if parent.isValid() else len(self._shown)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.COLUMNS)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._shown):
            return None
        item, column = self._shown[index.row()], self.COLUMNS[index.column()]
        kind = tr(f"tools.kind.{item.kind}", self.lang)
        text = kind if column == "kind" else getattr(item, column)
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return text
        if role == Qt.ItemDataRole.AccessibleTextRole:
            # A screen reader hears the kind with every cell, as sighted users see the colour.
            return text if column == "kind" else f"{kind}: {text}"
        if role == Qt.ItemDataRole.DecorationRole and column == "kind":
            return self._icons[item.kind]
        # The message in colour for problems; answers to confirm are not problems.
        coloured = column == "kind" or (column == "message" and item.kind != "confirm")
        if role == Qt.ItemDataRole.ForegroundRole and coloured:
            return QBrush(QColor(COLOURS[item.kind]))
        if role == ROW_ROLE:
            return item
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        horizontal = orientation == Qt.Orientation.Horizontal
        if horizontal and role == Qt.ItemDataRole.DisplayRole and 0 <= section < len(self.COLUMNS):
            return tr(f"tools.preflight.column.{self.COLUMNS[section]}", self.lang)
        return None


class PreflightView(QWidget):
    """The list with its summary and filters; activating a row asks to go to the question."""

    jump_requested = Signal(str, object, object)  # question key, table row or None, column

    def __init__(self, session: ReportSession, lang: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session, self.lang = session, lang
        self.model = PreflightModel(lang, self)
        self._task: BackgroundTask[list[PreflightRow]] | None = None
        self.setAccessibleName(tr("tools.preflight.title", lang))

        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.check_button = QPushButton(tr("tools.preflight.check", lang))
        self.check_button.clicked.connect(self.refresh_async)
        self.filters: dict[str, QCheckBox] = {}
        filter_row = QHBoxLayout()
        for kind in KINDS:
            box = QCheckBox()
            box.setIcon(kind_icon(kind))
            box.setChecked(True)
            box.toggled.connect(self._apply_filters)
            self.filters[kind] = box
            filter_row.addWidget(box)
        filter_row.addStretch(1)
        filter_row.addWidget(self.check_button)

        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setAccessibleName(tr("tools.preflight.accessible", lang))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setTabKeyNavigation(False)  # Tab leaves the table, arrows move inside it
        # One line per row: sizing wrapped rows takes seconds for a report's hundreds of rows.
        # The current row's full text shows below the table instead.
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 10)
        self.table.horizontalHeader().setStretchLastSection(True)
        for column, width in enumerate((140, 230, 230)):
            self.table.setColumnWidth(column, width)
        # Qt's "activated" is Enter and double-click (or a single click where the platform
        # says so), which is what people expect of a list that opens things.
        self.table.activated.connect(self._activate)
        self.table.selectionModel().currentRowChanged.connect(self._show_details)
        self.model.modelReset.connect(self._select_first)
        self.details = QLabel()
        self.details.setWordWrap(True)
        self.details.setTextFormat(Qt.TextFormat.PlainText)
        self.details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        hint = QLabel(tr("tools.preflight.hint", lang))

        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addLayout(filter_row)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.details)
        layout.addWidget(hint)
        session.changed.connect(DeferredRefresh(self, self.refresh).mark_stale)
        self.refresh()

    # -- checking ------------------------------------------------------------------------------
    def refresh(self) -> None:
        """Check the report now, on the GUI thread (validation of one report takes milliseconds)."""
        state = self.session.state
        self._show(check_report(state.template, state.answers, state.carried_over, self.lang))

    def refresh_async(self) -> None:
        """Check the report in a worker thread, with a progress dialog; one check at a time."""
        if self._task is not None:
            return
        state = self.session.state
        # The worker gets its own copies: the session replaces its state on every change.
        template, answers = state.template, copy.deepcopy(state.answers)
        carried, lang = frozenset(state.carried_over), self.lang
        self.check_button.setEnabled(False)
        self._task = run_in_background(
            self,
            tr("tools.preflight.checking", lang),
            lambda progress: check_report(template, answers, carried, lang, progress),
            self._show,
            self._check_failed,
            lang,
        )
        self._task.finished.connect(self._task_done)

    def _task_done(self) -> None:
        self._task = None
        self.check_button.setEnabled(True)

    def _check_failed(self, error: BaseException) -> None:
        if not isinstance(error, Cancelled):  # a cancelled check leaves the last list in place
            show_error(self, error, self.lang)

    def _show(self, rows: list[PreflightRow]) -> None:
        self.model.set_rows(rows)
        counts = {kind: sum(row.kind == kind for row in rows) for kind in KINDS}
        for kind, box in self.filters.items():
            box.setText(tr(f"tools.preflight.filter.{kind}", self.lang, count=counts[kind]))
        if not any(counts.values()):
            self.summary.setText(tr("tools.preflight.all_clear", self.lang))
            return
        parts = {kind: counted(f"tools.count.{kind}", counts[kind], self.lang) for kind in KINDS}
        self.summary.setText(tr("tools.preflight.summary", self.lang, **parts))

    def _apply_filters(self) -> None:
        self.model.set_kinds({kind for kind, box in self.filters.items() if box.isChecked()})

    def _select_first(self) -> None:
        # A reset forgets the current row without a signal; the first one is the most urgent.
        self.table.setCurrentIndex(self.model.index(0, 0))
        self._show_details(self.table.currentIndex())

    def _show_details(self, index: QModelIndex) -> None:
        row = self.model.row_at(index) if index.isValid() else None
        kind = tr(f"tools.kind.{row.kind}", self.lang) if row else ""
        self.details.setText(f"{kind} — {row.where} › {row.question}\n{row.message}" if row else "")

    def _activate(self, index: QModelIndex) -> None:
        if index.isValid():
            row = self.model.row_at(index)
            self.jump_requested.emit(row.key, row.row, row.column)
