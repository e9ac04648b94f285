"""A breakdown (``grid``): the declared total, the cells with live totals, or why there are none."""

from __future__ import annotations

import itertools
from typing import Any, Final

from PySide6.QtCore import (
    QItemSelectionModel,
    QModelIndex,
    QPersistentModelIndex,
    QRegularExpression,
    QSignalBlocker,
    Qt,
)
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QWidget,
)

from desktop.editors.base import EditorContext
from desktop.editors.common import WARNING_COLOUR, FieldEditor, PendingEdit, commit_open_cell
from desktop.editors.grid_model import GridModel, parse_count
from forms.i18n import tr
from forms.model import Question
from forms.numbers import format_number

# Digits and the spaces people put between thousands; nothing that could be negative or a fraction.
WHOLE_NUMBER: Final = QRegularExpression("[0-9 \u00a0\u202f]*")


def _whole_number_line(parent: QWidget | None = None) -> QLineEdit:
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
        return _whole_number_line(parent)


class GridEditor(FieldEditor):
    """Emits {"total", "cells", "not_disaggregated"} after each change (None when all is blank).

    :meth:`focus_field` takes a cell key ("female/age_18_24/with") or "total" as ``column``.
    """

    def __init__(
        self, question: Question, context: EditorContext, parent: QWidget | None = None
    ) -> None:
        super().__init__(question, context, parent)
        self.model = GridModel(question, self.lang, self)
        self.total = _whole_number_line()
        self.total.setMaximumWidth(self.total.fontMetrics().horizontalAdvance("0" * 14))
        self.not_disaggregated = QCheckBox(tr("editor.not_disaggregated", self.lang))
        self.reason = QLineEdit()
        self.reason.setPlaceholderText(tr("editor.not_disaggregated_reason", self.lang))
        self.reason.setEnabled(False)
        self.mismatch = QLabel()
        self.mismatch.setStyleSheet(f"color: {WARNING_COLOUR};")
        self.mismatch.hide()
        self.view = QTableView()
        self.view.setModel(self.model)
        self.view.setItemDelegate(_CountDelegate(self.view))
        self.view.setTabKeyNavigation(False)  # Tab leaves the table; arrow keys move in it
        self.view.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
        )
        self.view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.view.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        # Compact rows: a sex × age breakdown has sixteen of them.
        self.view.verticalHeader().setDefaultSectionSize(self.view.fontMetrics().lineSpacing() + 8)
        self._name_inputs()
        self.pending = PendingEdit(self, self.value)
        self.pending.watch(self.total, self.reason)
        for line in (self.total, self.reason):
            line.textEdited.connect(self._typed)
            line.returnPressed.connect(self.pending.commit)
        self.not_disaggregated.clicked.connect(self._not_disaggregated_clicked)
        self.model.cell_edited.connect(self._cell_edited)
        self._lay_out()
        self._fit_height()

    def _name_inputs(self) -> None:
        self.name_input(self.total, tr("editor.grid_declared_total", self.lang))
        self.name_input(self.not_disaggregated, self.not_disaggregated.text())
        self.name_input(self.reason, tr("editor.not_disaggregated_reason", self.lang))
        self.name_input(self.view)

    def _lay_out(self) -> None:
        top = QHBoxLayout()
        total_label = QLabel(tr("editor.grid_declared_total", self.lang))
        total_label.setBuddy(self.total)
        top.addWidget(total_label)
        top.addWidget(self.total)
        top.addSpacing(24)
        top.addWidget(self.not_disaggregated)
        top.addWidget(self.reason, 1)
        self.body.addLayout(top)
        self.body.addWidget(self.mismatch)
        self.body.addWidget(self.view)
        order = [self.total, self.not_disaggregated, self.reason, self.view]
        for before, after in itertools.pairwise(order):
            QWidget.setTabOrder(before, after)

    def _fit_height(self) -> None:
        # Every row visible: a breakdown is read as a whole, not scrolled.
        header = self.view.horizontalHeader().sizeHint().height()
        rows = self.model.rowCount() * self.view.verticalHeader().defaultSectionSize()
        self.view.setFixedHeight(header + rows + 2 * self.view.frameWidth())

    # -- the value -----------------------------------------------------------------------------
    def declared_total(self) -> int | None:
        try:
            return parse_count(self.total.text())
        except ValueError:  # the validator lets only digits and spaces through
            return None

    def value(self) -> dict[str, Any] | None:
        reason = self.reason.text().strip() if self.not_disaggregated.isChecked() else ""
        total = self.declared_total()
        if total is None and not self.model.cells and not reason:
            return None
        return {
            "total": total,
            "cells": dict(sorted(self.model.cells.items())),
            "not_disaggregated": reason or None,
        }

    def _update_mismatch(self) -> None:
        cell_sum, total = self.model.cell_sum(), self.declared_total()
        differs = (
            cell_sum is not None
            and total is not None
            and cell_sum != total
            and not self.not_disaggregated.isChecked()
        )
        if differs:
            self.mismatch.setText(
                tr(
                    "editor.grid_mismatch",
                    self.lang,
                    sum=format_number(cell_sum or 0, self.lang),
                    total=format_number(total or 0, self.lang),
                )
            )
        self.mismatch.setVisible(differs)

    # -- the person's edits --------------------------------------------------------------------
    def _typed(self) -> None:
        self._update_mismatch()
        self.pending.schedule()

    def _cell_edited(self) -> None:
        self._update_mismatch()
        self.pending.commit()

    def _not_disaggregated_clicked(self, checked: bool) -> None:
        self.reason.setEnabled(checked)
        self._update_mismatch()
        if checked:
            self.reason.setFocus()
        self.pending.commit()

    def set_value(self, value: Any) -> None:
        grid = value if isinstance(value, dict) else {}
        # The page shows back each stored edit; a ticked box still waiting for its reason stays.
        if self.value() != (value or None):
            total, reason = grid.get("total"), grid.get("not_disaggregated")
            with QSignalBlocker(self.total), QSignalBlocker(self.reason):
                self.total.setText("" if total is None else str(total))
                self.reason.setText(reason or "")
            with QSignalBlocker(self.not_disaggregated):
                self.not_disaggregated.setChecked(bool(reason))
            self.reason.setEnabled(bool(reason))
            self.model.set_cells(dict(grid.get("cells") or {}))
        self._update_mismatch()
        self.pending.reset()

    def flush(self) -> None:
        commit_open_cell(self.view)
        self.pending.commit()

    def focus_field(self, row: int | None = None, column: str | None = None) -> None:
        if column == "total":
            self.total.setFocus()
            return
        index = self.model.index_of(column) if column else QModelIndex()
        index = index if index.isValid() else self.model.index(0, 0)
        self.view.setFocus()
        self.view.selectionModel().setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect
        )
