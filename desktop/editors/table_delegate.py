"""Cell editors of a ``table``: a list box for one choice, check boxes for several, else text."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QWidget,
)

from desktop.editors.choice import choice_labels
from desktop.editors.table_model import TableModel
from forms.model import NUMERIC_TYPES

Index = QModelIndex | QPersistentModelIndex


class TableDelegate(QStyledItemDelegate):
    def __init__(self, model: TableModel, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.model = model

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: Index) -> QWidget:
        column = self.model.columns[index.column()]
        label = column.label.get(self.model.lang)
        editor: QWidget
        if column.type in ("yes_no_dev", "single_choice"):
            combo = QComboBox(parent)
            combo.addItem("", None)
            for code, text in choice_labels(column, self.model.lang):
                combo.addItem(text, code)
            # Picking from the list is the whole edit: no need to leave the cell as well.
            combo.activated.connect(lambda _row: self._finish(combo))
            editor = combo
        elif column.type == "multi_choice":
            boxes = QListWidget(parent)
            for code, text in choice_labels(column, self.model.lang):
                item = QListWidgetItem(text, boxes)
                item.setData(Qt.ItemDataRole.UserRole, code)
                item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                item.setCheckState(Qt.CheckState.Unchecked)
            editor = boxes
        else:
            line = QLineEdit(parent)
            if column.type in NUMERIC_TYPES:
                line.setAlignment(Qt.AlignmentFlag.AlignRight)
            editor = line
        editor.setAccessibleName(label)
        return editor

    def _finish(self, editor: QWidget) -> None:
        self.commitData.emit(editor)
        self.closeEditor.emit(editor, QStyledItemDelegate.EndEditHint.NoHint)

    def setEditorData(self, editor: QWidget, index: Index) -> None:
        value = index.data(Qt.ItemDataRole.EditRole)
        if isinstance(editor, QComboBox):
            editor.setCurrentIndex(max(editor.findData(value), 0) if value else 0)
        elif isinstance(editor, QListWidget):
            chosen = set(value) if isinstance(value, list) else set()
            for row in range(editor.count()):
                item = editor.item(row)
                checked = item.data(Qt.ItemDataRole.UserRole) in chosen
                item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
        elif isinstance(editor, QLineEdit):
            editor.setText("" if value is None else str(value))

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: Index) -> None:
        value: Any = None
        if isinstance(editor, QComboBox):
            value = editor.currentData()
        elif isinstance(editor, QListWidget):
            items = [editor.item(row) for row in range(editor.count())]
            value = [
                item.data(Qt.ItemDataRole.UserRole)
                for item in items
                if item.checkState() == Qt.CheckState.Checked
            ]
        elif isinstance(editor, QLineEdit):
            value = editor.text()
        model.setData(index, value, Qt.ItemDataRole.EditRole)

    def updateEditorGeometry(
        self, editor: QWidget, option: QStyleOptionViewItem, index: Index
    ) -> None:
        rect = option.rect
        if isinstance(editor, QListWidget):
            # Every choice visible at once, hanging below the cell like an open list box.
            height = editor.sizeHintForRow(0) * editor.count() + 2 * editor.frameWidth()
            width = max(rect.width(), editor.sizeHintForColumn(0) + 2 * editor.frameWidth() + 8)
            editor.setGeometry(rect.x(), rect.y(), width, height)
            return
        super().updateEditorGeometry(editor, option, index)
