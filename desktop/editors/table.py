"""A table of rows (``table``): the cells in a table view, with buttons to add and remove rows."""

from __future__ import annotations

from typing import Any, Final

from PySide6.QtCore import QItemSelectionModel
from PySide6.QtWidgets import QAbstractItemView, QHBoxLayout, QPushButton, QTableView, QWidget

from desktop.editors.base import EditorContext
from desktop.editors.common import (
    FieldEditor,
    LockedEdits,
    PendingEdit,
    commit_open_cell,
    read_only_palette,
)
from desktop.editors.table_delegate import TableDelegate
from desktop.editors.table_model import TableModel
from forms.i18n import tr
from forms.model import Question

MIN_ROWS_SHOWN: Final = 3  # an empty table still looks like a table
MAX_ROWS_SHOWN: Final = 12  # more rows scroll inside the table
MIN_COLUMN: Final = 90  # pixels
MAX_COLUMN: Final = 260


class TableEditor(FieldEditor):
    """Emits every row (blank rows and cells left out; None for no row) after each cell edit and
    each removal. Rows in :meth:`focus_field` are counted as in the emitted list (1-based)."""

    def __init__(
        self, question: Question, context: EditorContext, parent: QWidget | None = None
    ) -> None:
        super().__init__(question, context, parent)
        self._locked = False
        self.model = TableModel(question, self.lang, self)
        self.view = QTableView()
        self.view.setModel(self.model)
        self.view.setItemDelegate(TableDelegate(self.model, self.view))
        # Tab leaves the table as it leaves any field; arrow keys move between cells.
        self.view.setTabKeyNavigation(False)
        self.view.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
            | QAbstractItemView.EditTrigger.SelectedClicked
        )
        self._edit_triggers = self.view.editTriggers()
        self.locked_edits = LockedEdits(self)
        self.locked_edits.watch(self.view)
        self.locked_edits.watch(self.view.viewport(), double_click=True)
        self.view.setWordWrap(False)  # one line per row; the tool tip shows a long text whole
        self.view.horizontalHeader().setStretchLastSection(True)
        self.name_input(self.view)
        self.add_button = QPushButton(tr("editor.add_row", self.lang))
        self.remove_button = QPushButton(tr("editor.remove_row", self.lang))
        self.name_input(self.add_button, self.add_button.text())
        self.name_input(self.remove_button, self.remove_button.text())
        self.add_button.clicked.connect(self.add_row)
        self.remove_button.clicked.connect(self.remove_selected_rows)
        self.pending = PendingEdit(self, self.model.value)
        self.model.dataChanged.connect(self.pending.commit)
        self.model.rowsRemoved.connect(self.pending.commit)
        for signal in (self.model.modelReset, self.model.rowsInserted, self.model.rowsRemoved):
            signal.connect(self._rows_changed)
        self.view.selectionModel().selectionChanged.connect(self._update_buttons)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        self.body.addWidget(self.view)
        self.body.addLayout(buttons)
        QWidget.setTabOrder(self.view, self.add_button)
        QWidget.setTabOrder(self.add_button, self.remove_button)
        self._size_columns()
        self._rows_changed()

    def add_row(self) -> None:
        """A blank row at the end, ready to type into; it is emitted once it holds a value."""
        row = self.model.rowCount()
        self.model.insertRows(row, 1)
        index = self.model.index(row, 0)
        self.view.setFocus()
        self.view.setCurrentIndex(index)
        self.view.edit(index)

    def remove_selected_rows(self) -> None:
        rows = {index.row() for index in self.view.selectionModel().selectedIndexes()}
        for row in sorted(rows, reverse=True):
            self.model.removeRows(row, 1)

    def _update_buttons(self) -> None:
        self.remove_button.setEnabled(
            self.view.selectionModel().hasSelection() and not self._locked
        )

    def set_locked(self, locked: bool) -> None:
        """Read-only rather than disabled: a long table still scrolls, its cells still show."""
        self._locked = locked
        never = QAbstractItemView.EditTrigger.NoEditTriggers
        self.view.setEditTriggers(never if locked else self._edit_triggers)
        self.view.setPalette(read_only_palette(self.palette(), locked))
        self.add_button.setEnabled(not locked)
        self.locked_edits.locked = locked
        self._update_buttons()

    def _size_columns(self) -> None:
        # As wide as the header asks: long cells are cut, and shown whole in their tool tip.
        for column in range(self.model.columnCount()):
            width = self.view.horizontalHeader().sectionSizeHint(column)
            self.view.setColumnWidth(column, min(max(width, MIN_COLUMN), MAX_COLUMN))

    def _rows_changed(self) -> None:
        # The table grows with its rows, so the page scrolls rather than a box inside it.
        shown = min(max(self.model.rowCount(), MIN_ROWS_SHOWN), MAX_ROWS_SHOWN)
        header = self.view.horizontalHeader().sizeHint().height()
        rows = shown * self.view.verticalHeader().defaultSectionSize()
        scroll_bar = self.view.horizontalScrollBar().sizeHint().height()
        self.view.setFixedHeight(header + rows + scroll_bar + 2 * self.view.frameWidth())
        self._update_buttons()

    def set_value(self, value: Any) -> None:
        rows = value if isinstance(value, list) else []
        # The page shows back each stored edit: keep the rows (and any blank one just added)
        # and the cursor when they already say the same.
        if self.model.value() != (rows or None):
            self.model.set_rows(rows)
        self.pending.reset()

    def flush(self) -> None:
        commit_open_cell(self.view)
        self.pending.commit()

    def focus_field(self, row: int | None = None, column: str | None = None) -> None:
        model_row = self.model.model_row(row) if row is not None else None
        column_number = self.model.column_number(column) if column is not None else None
        index = self.model.index(model_row or 0, column_number or 0)
        self.view.setFocus()
        if index.isValid():
            self.view.selectionModel().setCurrentIndex(
                index, QItemSelectionModel.SelectionFlag.ClearAndSelect
            )
            self.view.scrollTo(index)
