"""A table of counts used like a spreadsheet: type in a cell, paste a block, clear a selection."""

from __future__ import annotations

from typing import Final

from PySide6.QtCore import (
    QEvent,
    QItemSelection,
    QItemSelectionModel,
    QModelIndex,
    QPersistentModelIndex,
    QRegularExpression,
    Qt,
    Signal,
)
from PySide6.QtGui import QContextMenuEvent, QKeyEvent, QKeySequence, QRegularExpressionValidator
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QHeaderView,
    QLineEdit,
    QMenu,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QWidget,
)

from desktop.editors.grid_model import CountsModel
from forms.i18n import tr
from forms.paste import parse_block
from forms.values import InvalidValue

# Digits and the separators people put between thousands (space, comma or point, by language);
# nothing that could be negative. A fraction ("2,5") is refused when the cell is read.
WHOLE_NUMBER: Final = QRegularExpression("[0-9 ,.\u00a0\u202f]*")
PASTE: Final = QKeySequence.StandardKey.Paste
# Keys that empty the selected cells, as in a spreadsheet.
CLEAR_KEYS: Final = (Qt.Key.Key_Delete, Qt.Key.Key_Backspace)


def whole_number_line(parent: QWidget | None = None) -> QLineEdit:
    line = QLineEdit(parent)
    line.setAlignment(Qt.AlignmentFlag.AlignRight)
    line.setValidator(QRegularExpressionValidator(WHOLE_NUMBER, line))
    return line


class _CountDelegate(QStyledItemDelegate):
    """Cells take whole numbers only; an emptied cell is blank, not 0."""

    def createEditor(
        self,
        parent: QWidget,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> QWidget:
        return whole_number_line(parent)


def _clears(event: QKeyEvent) -> bool:
    return event.key() in CLEAR_KEYS and event.modifiers() == Qt.KeyboardModifier.NoModifier


def _shortcut_text(key: QKeySequence.StandardKey) -> str:
    # After a tab, a menu shows the text in its shortcut column; the view handles the key itself.
    return "\t" + QKeySequence(key).toString(QKeySequence.SequenceFormat.NativeText)


class CountTable(QTableView):
    """Shows a :class:`CountsModel`, as high as its rows (a breakdown is read whole, not scrolled).

    Ctrl+V (or the context menu) pastes a block copied from a spreadsheet from the top-left
    selected cell; Delete clears the selected cells. Either changes the model at once, so the
    editor emits one edit; a paste that cannot be read or does not fit changes nothing and
    emits :attr:`problem` with the reason (a paste that succeeds emits "", to clear it).
    """

    problem = Signal(str)

    def __init__(self, model: CountsModel, lang: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.lang = lang
        self.count_model = model
        self.setModel(model)
        self.setItemDelegate(_CountDelegate(self))
        self.setTabKeyNavigation(False)  # Tab leaves the table; arrow keys move in it
        self.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
        )
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        # Compact rows: a sex × age breakdown has sixteen of them.
        self.verticalHeader().setDefaultSectionSize(self.fontMetrics().lineSpacing() + 8)
        self.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        header = self.horizontalHeader().sizeHint().height()
        rows = model.rowCount() * self.verticalHeader().defaultSectionSize()
        self.setFixedHeight(header + rows + 2 * self.frameWidth())

    def fit_width(self, column_width: int) -> None:
        """Narrow: as wide as the row labels and columns of ``column_width`` pixels, no wider."""
        columns = self.count_model.columnCount()
        for column in range(columns):
            self.setColumnWidth(column, column_width)
        labels = self.verticalHeader().sizeHint().width()
        self.setFixedWidth(labels + columns * column_width + 2 * self.frameWidth())

    # -- keys and menu -------------------------------------------------------------------------
    def event(self, event: QEvent) -> bool:
        # Claim Ctrl+V and Delete before any window shortcut does, as a line edit does.
        if (
            event.type() == QEvent.Type.ShortcutOverride
            and isinstance(event, QKeyEvent)
            and (event.matches(PASTE) or _clears(event))
        ):
            event.accept()
            return True
        return super().event(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.matches(PASTE):
            self.paste()
        elif _clears(event):
            self.clear_selected()
        else:
            super().keyPressEvent(event)

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        menu = QMenu(self)
        paste = menu.addAction(tr("editor.paste", self.lang) + _shortcut_text(PASTE))
        paste.triggered.connect(self.paste)
        paste.setEnabled(bool(QApplication.clipboard().text()))
        clear = menu.addAction(tr("editor.clear", self.lang))
        clear.triggered.connect(self.clear_selected)
        clear.setEnabled(bool(self._selected_keys()))
        menu.exec(event.globalPos())

    # -- actions -------------------------------------------------------------------------------
    def paste(self) -> None:
        """Paste the clipboard's text as a block of counts (see :meth:`paste_text`)."""
        self.paste_text(QApplication.clipboard().text())

    def paste_text(self, text: str) -> None:
        """Read the whole block first: a bad cell or a block too big changes nothing."""
        try:
            block = parse_block(text, self.lang)
        except InvalidValue as exc:
            self.problem.emit(exc.message(self.lang))
            return
        row, column = self._anchor()
        rows, columns = len(block), max(len(line) for line in block)
        if not self.count_model.fits(row, column, rows, columns):
            self.problem.emit(tr("paste.does_not_fit", self.lang, rows=rows, columns=columns))
            return
        self.problem.emit("")
        self.count_model.set_block(row, column, block)
        # Show what was pasted: the block stays selected, as in a spreadsheet.
        pasted = QItemSelection(
            self.count_model.index(row, column),
            self.count_model.index(row + rows - 1, column + columns - 1),
        )
        self.selectionModel().select(pasted, QItemSelectionModel.SelectionFlag.ClearAndSelect)

    def clear_selected(self) -> None:
        self.count_model.set_entries((key, None) for key in self._selected_keys())

    def _selected_keys(self) -> list[str]:
        indexes = self.selectionModel().selectedIndexes() or [self.currentIndex()]
        keys = (self.count_model.cell_key(index.row(), index.column()) for index in indexes)
        return [key for key in keys if key is not None]

    def _anchor(self) -> tuple[int, int]:
        """Where a block goes: the current cell, or the top-left of the one range selected
        around it (as in a spreadsheet, after Shift+arrows)."""
        current = self.currentIndex()
        ranges = self.selectionModel().selection()
        if ranges.count() == 1 and ranges.at(0).contains(current):
            return ranges.at(0).top(), ranges.at(0).left()
        return (current.row(), current.column()) if current.isValid() else (0, 0)
