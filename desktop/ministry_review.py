"""Import a ministry workbook (issue 6): check it, review every change, apply what is accepted.

:func:`start_review` reads the file and runs :func:`reporting.ministries.review_workbook` off the
GUI thread (with progress and Cancel); a refused file raises a localized error that the caller
shows, and nothing changes. :class:`ReviewDialog` then lists, question by question, what the
workbook would change: the person ticks what to accept and Apply stores it in one transaction
(:func:`reporting.ministries.apply_review`), each answer recorded in the history with the file it
came from. Cancel changes nothing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any, Final

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QPlainTextEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.errors import show_error
from desktop.icons import CARRIED_COLOUR, COMPLETE_COLOUR, ERROR_COLOUR, PROGRESS_COLOUR
from desktop.language import local_time
from desktop.ministry_export_dialog import HINT_STYLE, t, worker_database
from desktop.navigation import section_title
from desktop.session import ReportSession
from desktop.worker import BackgroundTask, Cancelled, Progress, run_in_background
from exports.xlsx_reader import Limits
from forms.display import format_value
from forms.i18n import LocalizedError
from reporting.ministries import STATUSES, Review, ReviewItem, apply_review, review_workbook

_Index = QModelIndex | QPersistentModelIndex
COLUMNS: Final = ("accept", "status", "section", "question", "current", "incoming", "problems")
ITEM_ROLE: Final = Qt.ItemDataRole.UserRole  # the ReviewItem behind a row
STATUS_COLOURS: Final = {
    "conflict": ERROR_COLOUR,
    "invalid": ERROR_COLOUR,
    "changed": PROGRESS_COLOUR,
    "new": COMPLETE_COLOUR,
    "cleared": CARRIED_COLOUR,
    "changed_here": "#5f6368",
    "unchanged": "#5f6368",
}
SHORT_SHA: Final = 12  # hex digits of the SHA-256 shown; the tooltip has all 64


def ask_workbook_path(parent: QWidget, lang: str) -> Path | None:
    title = t("review.open_title", lang)
    chosen, _ = QFileDialog.getOpenFileName(parent, title, "", t("filter.xlsx", lang))
    return Path(chosen) if chosen else None


def read_workbook_file(path: Path) -> bytes:
    """The file's bytes, at most one more than a workbook may have (the reader refuses it then):
    a huge file chosen by mistake is not read whole into memory."""
    try:
        with path.open("rb") as file:
            return file.read(Limits().max_file_bytes + 1)
    except OSError as exc:
        raise LocalizedError(
            "desktop_exchange.review.cannot_read", name=str(path), problem=exc.strerror or str(exc)
        ) from exc


def start_review(
    parent: QWidget,
    db_path: Path,
    report_id: int,
    path: Path,
    lang: str,
    *,
    on_done: Callable[[Review], None],
    on_error: Callable[[BaseException], None],
) -> BackgroundTask[Review]:
    """Read and check the workbook in the background; the review, or why the file is refused."""

    def work(progress: Progress) -> Review:
        def report(done: int, total: int) -> None:
            progress.check()
            progress.report(done, total)

        data = read_workbook_file(path)
        progress.check()
        with worker_database(db_path) as db:
            return review_workbook(db, report_id, data, file_name=path.name, progress=report)

    def failed(exc: BaseException) -> None:
        if not isinstance(exc, Cancelled):
            on_error(exc)

    title = t("review.progress", lang, name=path.name)
    return run_in_background(parent, title, work, on_done, failed, lang)


def one_line(text: str) -> str:
    return "; ".join(line.strip() for line in text.splitlines() if line.strip())


def status_label(status: str, lang: str) -> str:
    return t(f"status.{status}", lang)


def sent_time(review: Review, lang: str) -> str:
    """When the workbook was sent: the record of this database, else what the file says (UTC)."""
    if review.exchange is not None:
        return local_time(review.exchange.sent_at, lang)
    stamp = review.meta.exported_at
    try:
        moment = dt.datetime.fromisoformat(stamp)
    except ValueError:
        return stamp
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)  # the metadata field is exported_at_utc
    return local_time(moment.isoformat(), lang)


class ReviewModel(QAbstractTableModel):
    """One row per question of the workbook that would change something (all with
    ``show_unchanged``), with a check box to accept it."""

    def __init__(self, review: Review, lang: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.review, self.lang = review, lang
        self.template = review.template
        self.accepted: set[str] = set(review.default_accepted())
        self.show_unchanged = False
        order = {section.key: number for number, section in enumerate(self.template.sections())}
        self._section_order = order
        self._position = {item.key: number for number, item in enumerate(review.items)}
        self._sort = (COLUMNS.index("section"), Qt.SortOrder.AscendingOrder)
        self._rows: list[ReviewItem] = []
        self._bold = QFont()
        self._bold.setBold(True)
        self._update_rows()

    # -- choices -----------------------------------------------------------------------------
    def set_show_unchanged(self, shown: bool) -> None:
        self.beginResetModel()
        self.show_unchanged = shown
        self._update_rows()
        self.endResetModel()

    def accepted_keys(self) -> list[str]:
        """The accepted questions, in workbook order."""
        return [item.key for item in self.review.items if item.key in self.accepted]

    def set_accepted(self, keys: set[str]) -> None:
        self.accepted = {key for key in keys if self.review.item(key).importable}
        if self._rows:
            last = self.index(len(self._rows) - 1, 0)
            self.dataChanged.emit(self.index(0, 0), last, [Qt.ItemDataRole.CheckStateRole])

    def accept_all(self) -> None:
        self.set_accepted(set(self.review.importable()))

    def reject_all(self) -> None:
        self.set_accepted(set())

    def item_at(self, row: int) -> ReviewItem:
        return self._rows[row]

    def row_of(self, key: str) -> int:
        return next(row for row, item in enumerate(self._rows) if item.key == key)

    def keys(self) -> list[str]:
        return [item.key for item in self._rows]

    def _update_rows(self) -> None:
        rows = [
            item for item in self.review.items if self.show_unchanged or item.status != "unchanged"
        ]
        column, order = self._sort
        rows.sort(key=lambda item: self._sort_key(item, COLUMNS[column]))
        if order == Qt.SortOrder.DescendingOrder:
            rows.reverse()
        self._rows = rows

    def _sort_key(self, item: ReviewItem, column: str) -> tuple[Any, ...]:
        position = self._position[item.key]
        if column == "accept":
            return (item.key not in self.accepted, not item.importable, position)
        if column == "status":
            return (STATUSES.index(item.status), position)
        if column in ("current", "incoming", "problems", "question"):
            return (self.text(item, column).casefold(), position)
        return (self._section_order.get(item.section_key, 0), position)

    # -- texts -------------------------------------------------------------------------------
    def text(self, item: ReviewItem, column: str, *, full: bool = False) -> str:
        if column == "status":
            return status_label(item.status, self.lang)
        if column == "section":
            return section_title(self.template.section(item.section_key), self.lang)
        if column == "question":
            return str(self.template.question(item.key).label.get(self.lang))
        if column in ("current", "incoming"):
            value = item.current if column == "current" else item.incoming
            if column == "incoming" and item.status == "invalid":
                return ""  # the cell could not be read: the problem says why
            if value is None:
                return t("review.blank", self.lang)
            shown = format_value(self.template.question(item.key), value, self.lang)
            return shown if full else one_line(shown)
        if column == "problems":
            separator = "\n" if full else "; "
            return separator.join(problem.message(self.lang) for problem in item.problems)
        return ""

    def sent_text(self, item: ReviewItem) -> str:
        """The value sent to the ministry, in full."""
        if item.sent is None:
            return t("review.blank", self.lang)
        return format_value(self.template.question(item.key), item.sent, self.lang)

    def _tooltip(self, item: ReviewItem, column: str) -> str:
        if column == "question":
            return f"{self.text(item, 'question')}\n({item.key})"
        if column == "status":
            tip = t(f"status_help.{item.status}", self.lang)
            if item.status in ("conflict", "changed_here") and self.review.exchange is not None:
                tip += "\n\n" + t("review.sent_value", self.lang, value=self.sent_text(item))
            return tip
        if column == "accept":
            key = "review.accept_help" if item.importable else "review.not_importable"
            return t(key, self.lang)
        return self.text(item, column, full=True)

    # -- Qt model interface ------------------------------------------------------------------
    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt's own default
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def flags(self, index: _Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        item = self._rows[index.row()]
        flags = Qt.ItemFlag.ItemIsSelectable
        if COLUMNS[index.column()] != "accept" or item.importable:
            flags |= Qt.ItemFlag.ItemIsEnabled
        if COLUMNS[index.column()] == "accept" and item.importable:
            flags |= Qt.ItemFlag.ItemIsUserCheckable
        return flags

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        item, column = self._rows[index.row()], COLUMNS[index.column()]
        if role == Qt.ItemDataRole.CheckStateRole and column == "accept":
            checked = item.key in self.accepted
            return Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked
        if role == Qt.ItemDataRole.DisplayRole:
            return self.text(item, column)
        if role == Qt.ItemDataRole.AccessibleTextRole:
            if column == "accept":
                key = "review.accepted" if item.key in self.accepted else "review.rejected"
                return t(key, self.lang)
            return self.text(item, column, full=True)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(item, column)
        if role == Qt.ItemDataRole.ForegroundRole and column == "status":
            return QBrush(QColor(STATUS_COLOURS[item.status]))
        if role == Qt.ItemDataRole.ForegroundRole and column == "problems":
            return QBrush(QColor(ERROR_COLOUR))
        if role == Qt.ItemDataRole.BackgroundRole and column == "status":
            tint = QColor(STATUS_COLOURS[item.status])
            tint.setAlpha(28)
            return QBrush(tint)
        if role == Qt.ItemDataRole.FontRole and column == "status":
            return self._bold
        if role == ITEM_ROLE:
            return item
        return None

    def setData(self, index: _Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid() or role != Qt.ItemDataRole.CheckStateRole:
            return False
        item = self._rows[index.row()]
        if COLUMNS[index.column()] != "accept" or not item.importable:
            return False
        checked = value in (Qt.CheckState.Checked, Qt.CheckState.Checked.value, True)
        if checked:
            self.accepted.add(item.key)
        else:
            self.accepted.discard(item.key)
        self.dataChanged.emit(index, index, [Qt.ItemDataRole.CheckStateRole])
        return True

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        horizontal = orientation == Qt.Orientation.Horizontal
        if horizontal and role == Qt.ItemDataRole.DisplayRole and 0 <= section < len(COLUMNS):
            return t(f"review.column.{COLUMNS[section]}", self.lang)
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(COLUMNS):
            return
        self.layoutAboutToBeChanged.emit()
        self._sort = (column, order)
        self._update_rows()
        self.layoutChanged.emit()


class ReviewDialog(QDialog):
    """What a returned workbook would change; Apply stores the ticked answers, Cancel nothing."""

    # After Apply: how many answers changed.
    applied = Signal(int)

    def __init__(
        self,
        session: ReportSession,
        review: Review,
        lang: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.session, self.review, self.lang = session, review, lang
        self.setWindowTitle(t("review.title", lang, name=review.file_name))
        self.resize(1180, 700)
        self.model = ReviewModel(review, lang, self)
        self.model.dataChanged.connect(self._update)
        self.model.modelReset.connect(self._update)

        layout = QVBoxLayout(self)
        layout.addLayout(self._header())
        self._notices(layout)

        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setAccessibleName(t("review.accessible", lang))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setTabKeyNavigation(False)
        self.table.setWordWrap(False)
        self.table.horizontalHeader().setSortIndicator(
            COLUMNS.index("section"), Qt.SortOrder.AscendingOrder
        )
        self.table.setSortingEnabled(True)  # a click on a heading sorts; by section at first
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 10)
        header = self.table.horizontalHeader()
        header.setStretchLastSection(True)
        widths = {"accept": 70, "status": 120, "section": 190, "question": 230,
                  "current": 190, "incoming": 190}  # fmt: skip
        for column, width in widths.items():
            self.table.setColumnWidth(COLUMNS.index(column), width)
        header.setSectionResizeMode(COLUMNS.index("accept"), QHeaderView.ResizeMode.Fixed)
        self.table.activated.connect(self._toggle)
        self.table.selectionModel().currentRowChanged.connect(self._show_details)
        self.model.modelReset.connect(self._select_first)
        layout.addWidget(self.table, 1)
        # The current row in full: cells show one line, and problems need their whole text.
        self.details = QPlainTextEdit()
        self.details.setReadOnly(True)
        self.details.setAccessibleName(t("review.details", lang))
        self.details.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        self.details.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.details.setFixedHeight(self.fontMetrics().lineSpacing() * 6 + 16)
        layout.addWidget(self.details)

        self.empty = QLabel(t("review.nothing_changed", lang))
        self.empty.setWordWrap(True)
        layout.addWidget(self.empty)
        hint = QLabel(t("review.hint", lang))
        hint.setWordWrap(True)
        layout.addWidget(hint)

        self.show_unchanged = QCheckBox(
            t("review.show_unchanged", lang, count=review.counts()["unchanged"])
        )
        self.show_unchanged.toggled.connect(self.model.set_show_unchanged)
        self.accept_all_button = QPushButton(t("review.accept_all", lang))
        self.reject_all_button = QPushButton(t("review.reject_all", lang))
        self.apply_button = QPushButton()
        self.cancel_button = QPushButton(t("review.cancel", lang))
        for button in (self.accept_all_button, self.reject_all_button, self.apply_button,
                       self.cancel_button):  # fmt: skip
            # Enter ticks the current row of the table: it must never press Apply as well.
            button.setAutoDefault(False)
        self.accept_all_button.clicked.connect(self.model.accept_all)
        self.reject_all_button.clicked.connect(self.model.reject_all)
        self.apply_button.clicked.connect(self.apply)
        self.cancel_button.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addWidget(self.show_unchanged)
        buttons.addStretch(1)
        for button in (self.accept_all_button, self.reject_all_button):
            buttons.addWidget(button)
        buttons.addSpacing(24)
        buttons.addWidget(self.apply_button)
        buttons.addWidget(self.cancel_button)
        layout.addLayout(buttons)
        self._update()
        self._select_first()

    def _header(self) -> QFormLayout:
        review, lang = self.review, self.lang
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.ministry_label = self._value_label(review.meta.ministry)
        self.file_label = self._value_label(review.file_name)
        self.sha_label = self._value_label(f"{review.sha256[:SHORT_SHA]}…")
        self.sha_label.setToolTip(review.sha256)
        self.sha_label.setAccessibleDescription(review.sha256)
        self.sent_label = self._value_label(sent_time(review, lang))
        counts = review.counts()
        self.counts_label = self._value_label(
            " · ".join(
                t("review.count", lang, status=status_label(status, lang), count=counts[status])
                for status in STATUSES
                if counts[status]
            )
        )
        for key, label in (
            ("ministry", self.ministry_label),
            ("file", self.file_label),
            ("sha256", self.sha_label),
            ("sent", self.sent_label),
            ("counts", self.counts_label),
        ):
            form.addRow(t(f"review.header.{key}", lang), label)
        return form

    @staticmethod
    def _value_label(text: str) -> QLabel:
        label = QLabel(text)
        label.setTextFormat(Qt.TextFormat.PlainText)
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        label.setWordWrap(True)
        return label

    def _notices(self, layout: QVBoxLayout) -> None:
        self.not_ours = QLabel(t("review.not_sent_here", self.lang))
        self.not_ours.setWordWrap(True)
        self.not_ours.setStyleSheet(HINT_STYLE)
        self.not_ours.setVisible(self.review.exchange is None)
        layout.addWidget(self.not_ours)
        self.notice_list = QListWidget()
        self.notice_list.setAccessibleName(t("review.notices", self.lang))
        for notice in self.review.notices:
            self.notice_list.addItem(notice.message(self.lang))
        rows = min(len(self.review.notices), 4)
        self.notice_list.setMaximumHeight(rows * (self.fontMetrics().height() + 6) + 8)
        self.notice_list.setVisible(bool(self.review.notices))
        self.notice_heading = QLabel(t("review.notices", self.lang))
        self.notice_heading.setVisible(bool(self.review.notices))
        layout.addWidget(self.notice_heading)
        layout.addWidget(self.notice_list)

    # -- actions -----------------------------------------------------------------------------
    def notice_texts(self) -> list[str]:
        texts = [self.not_ours.text()] if self.review.exchange is None else []
        items = [self.notice_list.item(row) for row in range(self.notice_list.count())]
        return texts + [item.text() for item in items]

    def _select_first(self) -> None:
        # The status column: the check box of a row that cannot be imported is disabled.
        self.table.setCurrentIndex(self.model.index(0, COLUMNS.index("status")))
        self._show_details(self.table.currentIndex())

    def _show_details(self, index: QModelIndex) -> None:
        if not index.isValid():
            self.details.setPlainText("")
            return
        model, item = self.model, self.model.item_at(index.row())

        def line(column: str, value: str) -> str:
            label = t(f"review.column.{column}", self.lang)
            return t("review.detail_line", self.lang, label=label, value=value)

        lines = [
            f"{model.text(item, 'section')} › {model.text(item, 'question')}",
            line(
                "status",
                f"{model.text(item, 'status')} — {t(f'status_help.{item.status}', self.lang)}",
            ),
            line("current", model.text(item, "current", full=True)),
        ]
        if item.status != "invalid":
            lines.append(line("incoming", model.text(item, "incoming", full=True)))
        if item.status in ("conflict", "changed_here") and self.review.exchange is not None:
            lines.append(t("review.sent_value", self.lang, value=model.sent_text(item)))
        if item.problems:
            lines.append(line("problems", model.text(item, "problems", full=True)))
        self.details.setPlainText("\n".join(lines))

    def _toggle(self, index: QModelIndex) -> None:
        """Enter or a double click on a row ticks or unticks it."""
        if not index.isValid():
            return
        box = self.model.index(index.row(), COLUMNS.index("accept"))
        if self.model.flags(box) & Qt.ItemFlag.ItemIsUserCheckable:
            checked = self.model.data(box, Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Checked
            state = Qt.CheckState.Unchecked if checked else Qt.CheckState.Checked
            self.model.setData(box, state, Qt.ItemDataRole.CheckStateRole)

    def _update(self, *_args: object) -> None:
        count = len(self.model.accepted)
        self.apply_button.setText(t("review.apply", self.lang, count=count))
        importable = bool(self.review.importable())
        self.accept_all_button.setEnabled(importable)
        self.reject_all_button.setEnabled(importable)
        self.empty.setVisible(self.model.rowCount() == 0)

    def apply(self) -> None:
        """Store the ticked answers (one quick transaction, on the GUI thread) and close."""
        try:
            count = apply_review(self.session.db, self.review, self.model.accepted_keys())
        except LocalizedError as exc:  # changed meanwhile, or the disk refused: nothing stored
            show_error(self, exc, self.lang)
            return
        self.session.reload()
        self.applied.emit(count)
        self.accept()
