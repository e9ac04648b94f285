"""A breakdown (``grid``): the declared total, then its entries in the mode the person chose.

The modes are the total only, one dimension alone ("By sex": a count per member) and the full
breakdown (every cell, with live row, column and grand totals). Switching mode hides the other
modes' tables but keeps their entries in the value, so nothing typed is lost; only the chosen
mode's entries are counted, here in the live note as in the page's checks.
"""

from __future__ import annotations

import itertools
from typing import Any, Final

from PySide6.QtCore import QItemSelectionModel, QSignalBlocker, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QWidget,
)

from desktop.editors.base import EditorContext
from desktop.editors.common import WARNING_COLOUR, FieldEditor, PendingEdit, commit_open_cell
from desktop.editors.grid_model import GridModel, MarginModel, parse_count
from desktop.editors.grid_modes import kept_note, mode_label, sum_note
from desktop.editors.grid_table import CountTable, whole_number_line
from forms import grids
from forms.i18n import tr
from forms.model import Question
from forms.numbers import format_number

MATCH_COLOUR: Final = "#1d6b34"  # a dark green, readable on white: the entries add up
KEPT_COLOUR: Final = "#555555"  # secondary information, still AA-readable
TOTAL_DIGITS: Final = 14  # the declared total's and a by-dimension count's width, in digits


class GridEditor(FieldEditor):
    """Emits {"total", "mode", "cells", "margins", "not_disaggregated"} after each change, blank
    entries left out (None when all is blank); switching mode emits the value with the new mode.

    :meth:`focus_field` takes as ``column`` "total", a cell key ("female/age_18_24/with") shown
    in the full breakdown, or a member code ("female") of the dimension shown alone.
    """

    def __init__(
        self, question: Question, context: EditorContext, parent: QWidget | None = None
    ) -> None:
        super().__init__(question, context, parent)
        self.modes = grids.modes(question)
        self.model = GridModel(question, self.lang, self)
        self.view = CountTable(self.model, self.lang)
        self.view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.margin_models = {
            dim.name: MarginModel(dim, self.lang, self)
            for dim in question.dimensions
            if dim.name in self.modes
        }
        self.margin_views = {
            name: CountTable(model, self.lang) for name, model in self.margin_models.items()
        }
        # The table of each mode that has one; "total only" has none.
        self.tables: dict[str, CountTable] = {grids.MODE_FULL: self.view, **self.margin_views}
        self.mode_box = QComboBox()
        for mode in self.modes:
            self.mode_box.addItem(mode_label(question, mode, self.lang), mode)
        self.total = whole_number_line()
        digits = self.total.fontMetrics().horizontalAdvance("0" * TOTAL_DIGITS)
        self.total.setMaximumWidth(digits)
        for table in self.margin_views.values():
            table.fit_width(max(digits, table.horizontalHeader().sectionSizeHint(0)))
        self.not_disaggregated = QCheckBox(tr("editor.not_disaggregated", self.lang))
        self.reason = QLineEdit()
        self.reason.setPlaceholderText(tr("editor.not_disaggregated_reason", self.lang))
        self.reason.setEnabled(False)
        self.sum_note = QLabel()
        self.kept_note = QLabel()
        for note in (self.sum_note, self.kept_note):
            note.setWordWrap(True)
            note.hide()
        self.kept_note.setStyleSheet(f"color: {KEPT_COLOUR};")
        self._name_inputs()
        self.pending = PendingEdit(self, self.value)
        self.pending.watch(self.total, self.reason)
        for line in (self.total, self.reason):
            line.textEdited.connect(self._typed)
            line.returnPressed.connect(self.pending.commit)
        self.not_disaggregated.clicked.connect(self._not_disaggregated_clicked)
        self.mode_box.currentIndexChanged.connect(self._mode_chosen)
        for table in self.tables.values():
            table.count_model.cell_edited.connect(self._cell_edited)
            table.problem.connect(self.show_problem)
        self._lay_out()
        self._show_mode(grids.MODE_FULL)  # a blank grid invites the breakdown

    def _name_inputs(self) -> None:
        self.name_input(self.mode_box, tr("editor.grid_mode", self.lang))
        self.name_input(self.total, tr("editor.grid_declared_total", self.lang))
        self.name_input(self.not_disaggregated, self.not_disaggregated.text())
        self.name_input(self.reason, tr("editor.not_disaggregated_reason", self.lang))
        self.name_input(self.view, mode_label(self.question, grids.MODE_FULL, self.lang))
        for name, table in self.margin_views.items():
            self.name_input(table, mode_label(self.question, name, self.lang))

    def _lay_out(self) -> None:
        top = QGridLayout()
        top.setHorizontalSpacing(8)
        for row, (text, field) in enumerate(
            (("editor.grid_mode", self.mode_box), ("editor.grid_declared_total", self.total))
        ):
            label = QLabel(tr(text, self.lang))
            label.setBuddy(field)
            top.addWidget(label, row, 0)
        # As wide as its longest mode: a list, not a text field across the page.
        top.addWidget(self.mode_box, 0, 1, 1, 2, Qt.AlignmentFlag.AlignLeft)
        top.addWidget(self.total, 1, 1)
        reason = QHBoxLayout()
        reason.addSpacing(16)
        reason.addWidget(self.not_disaggregated)
        reason.addWidget(self.reason, 1)
        top.addLayout(reason, 1, 2)
        top.setColumnStretch(2, 1)
        self.body.addLayout(top)
        for table in self.tables.values():
            self.body.addWidget(table)
        self.body.addWidget(self.sum_note)
        self.body.addWidget(self.kept_note)
        order = [
            self.mode_box,
            self.total,
            self.not_disaggregated,
            self.reason,
            *self.tables.values(),
        ]
        for before, after in itertools.pairwise(order):
            QWidget.setTabOrder(before, after)

    # -- the value -----------------------------------------------------------------------------
    def mode(self) -> str:
        return str(self.mode_box.currentData())

    def declared_total(self) -> int | str | None:
        """The total as a number, or the text as typed when it is not a whole number: the page
        then refuses it with a message and the text stays for a fix (never silently blank)."""
        try:
            return parse_count(self.total.text(), self.lang)
        except ValueError:
            return self.total.text()

    def value(self) -> dict[str, Any] | None:
        reason = self.reason.text().strip() if self.not_disaggregated.isChecked() else ""
        total = self.declared_total()
        margins = {
            name: dict(sorted(model.counts.items()))
            for name, model in self.margin_models.items()
            if model.counts
        }
        if total is None and not self.model.cells and not margins and not reason:
            return None
        return {
            "total": total,
            "mode": self.mode(),
            "cells": dict(sorted(self.model.cells.items())),
            "margins": margins,
            "not_disaggregated": reason or None,
        }

    def _update_notes(self) -> None:
        value = self.value() or {"mode": self.mode()}
        if isinstance(value.get("total"), str):
            value = {**value, "total": None}  # not a number yet: nothing to compare
        # Ticked but still without its reason: the entries need not add up either.
        note = (
            None
            if self.not_disaggregated.isChecked()
            else sum_note(self.question, value, self.lang)
        )
        if note is not None:
            text, is_problem = note
            self.sum_note.setText(text)
            self.sum_note.setStyleSheet(f"color: {WARNING_COLOUR if is_problem else MATCH_COLOUR};")
        self.sum_note.setVisible(note is not None)
        kept = kept_note(self.question, value, self.lang)
        self.kept_note.setText(kept or "")
        self.kept_note.setVisible(kept is not None)

    def _show_mode(self, mode: str) -> None:
        with QSignalBlocker(self.mode_box):
            self.mode_box.setCurrentIndex(max(self.mode_box.findData(mode), 0))
        for name, table in self.tables.items():
            table.setVisible(name == self.mode())
        self._update_notes()

    # -- the person's edits --------------------------------------------------------------------
    def _typed(self) -> None:
        self._update_notes()
        self.pending.schedule()

    def _cell_edited(self) -> None:
        self._update_notes()
        self.pending.commit()

    def _mode_chosen(self) -> None:
        for table in self.tables.values():
            commit_open_cell(table)  # a cell still being typed in keeps its number
        self.show_problem(None)  # a refused paste was about the table now hidden
        self._show_mode(self.mode())
        self.pending.commit()

    def _not_disaggregated_clicked(self, checked: bool) -> None:
        self.reason.setEnabled(checked)
        self._update_notes()
        if checked:
            self.reason.setFocus()
        self.pending.commit()

    def set_value(self, value: Any) -> None:
        grid = value if isinstance(value, dict) else {}
        # The page shows back each stored edit; a ticked box still waiting for its reason stays.
        if self.value() != (value or None):
            total, reason = grid.get("total"), grid.get("not_disaggregated")
            with QSignalBlocker(self.total), QSignalBlocker(self.reason):
                self.total.setText("" if total is None else format_number(total, self.lang))
                self.reason.setText(reason or "")
            with QSignalBlocker(self.not_disaggregated):
                self.not_disaggregated.setChecked(bool(reason))
            self.reason.setEnabled(bool(reason))
            cells, margins = dict(grid.get("cells") or {}), dict(grid.get("margins") or {})
            self.model.set_cells(cells)
            for name, model in self.margin_models.items():
                model.set_counts(dict(margins.get(name) or {}))
            # A value stored before modes existed shows the mode its entries were made in.
            default = grids.default_mode(cells, margins) if grid else grids.MODE_FULL
            self._show_mode(grid.get("mode") or default)
        self._update_notes()
        self.pending.reset()

    def flush(self) -> None:
        for table in self.tables.values():
            commit_open_cell(table)
        self.pending.commit()

    def focus_field(self, row: int | None = None, column: str | None = None) -> None:
        table = self.tables.get(self.mode())
        if column == "total" or table is None:
            self.total.setFocus()
            return
        index = table.count_model.index_of(column) if column else table.count_model.index(0, 0)
        index = index if index.isValid() else table.count_model.index(0, 0)
        table.setFocus()
        table.selectionModel().setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect
        )
