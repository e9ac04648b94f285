"""table: cells edited through the view's delegate; rows added and removed; a sound Qt model."""

from __future__ import annotations

from typing import Any

import pytest
from editor_helpers import MakeEditor, Recorder, template, type_text
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QComboBox, QLineEdit, QListWidget, QWidget
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from desktop.editors.table import TableEditor
from desktop.editors.table_model import TableModel

INSTRUMENT = {"title_original": "Loi n° 98-749", "date_adopted": "1998-12-23"}
PROJECT = {
    "direction": "received",
    "partner": "PNUD",
    "type": ["financial", "training"],
    "amount_usd": "125000.5",
    "start_year": 2019,
    "status": "ongoing",
}


def open_editor(editor: TableEditor, row: int, column: str) -> QWidget:
    """Start editing a cell as a double click would; the delegate's widget."""
    index = editor.model.index(row, editor.model.column_number(column) or 0)
    editor.view.setCurrentIndex(index)
    editor.view.edit(index)
    widget = editor.view.indexWidget(index)
    assert isinstance(widget, QLineEdit | QComboBox | QListWidget)
    return widget


def commit(widget: QWidget) -> None:
    """Enter, as the person would, to save the cell (the delegate saves it from the event loop)."""
    QTest.keyClick(widget, Qt.Key.Key_Return)
    QApplication.processEvents()


@pytest.mark.parametrize("key", ["p21.instruments", "e_assistance.projects", "c_sdg.years"])
def test_the_model_is_a_sound_qt_model(qtmodeltester: ModelTester, key: str) -> None:
    model = TableModel(template().question(key), "fr")
    model.set_rows([INSTRUMENT, PROJECT, {}] if key != "c_sdg.years" else [{"year": 2020}])

    qtmodeltester.check(model, force_py=True)
    model.insertRows(1, 2)
    model.removeRows(0, 1)
    model.setData(model.index(0, 0), "2021")
    qtmodeltester.check(model, force_py=True)


def test_headers_are_column_labels(make_editor: MakeEditor) -> None:
    editor = make_editor("table", "fr")
    model = editor.model

    labels = [
        model.headerData(c, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole)
        for c in range(model.columnCount())
    ]

    assert labels[0] == "Titre dans la langue originale"
    assert labels[3] == "Date d'adoption"
    # On two lines, so that the columns stay narrow.
    assert model.headerData(0, Qt.Orientation.Horizontal) == "Titre dans la langue\noriginale"


def test_typing_in_a_cell_emits_the_rows(make_editor: MakeEditor, qtbot: QtBot) -> None:
    editor = make_editor("table", "fr")
    edits = Recorder(editor)

    qtbot.mouseClick(editor.add_button, Qt.MouseButton.LeftButton)
    assert edits.values == []  # a blank row is no answer yet
    cell = open_editor(editor, 0, "title_original")
    type_text(cell, "Crème brûlée à l'œuvre")
    commit(cell)
    cell = open_editor(editor, 0, "date_adopted")
    type_text(cell, "23/12/1998")
    commit(cell)

    assert edits.values == [
        [{"title_original": "Crème brûlée à l'œuvre"}],
        [{"title_original": "Crème brûlée à l'œuvre", "date_adopted": "1998-12-23"}],
    ]
    assert editor.model.index(0, 3).data() == "23/12/1998"


def test_numbers_are_read_and_shown_in_the_language(make_editor: MakeEditor) -> None:
    editor = make_editor(template().question("e_assistance.projects"), "fr")
    edits = Recorder(editor)
    editor.add_row()

    cell = open_editor(editor, 0, "amount_usd")
    type_text(cell, "1 234,5")
    commit(cell)

    assert edits.values == [[{"amount_usd": "1234.5"}]]
    index = editor.model.index(0, editor.model.column_number("amount_usd") or 0)
    assert index.data() == "1\u202f234,5"
    assert index.data(Qt.ItemDataRole.TextAlignmentRole) & Qt.AlignmentFlag.AlignRight


def test_text_that_is_not_a_number_goes_to_the_session_as_typed(make_editor: MakeEditor) -> None:
    editor = make_editor(template().question("c_sdg.years"), "fr")
    edits = Recorder(editor)
    editor.add_row()

    cell = open_editor(editor, 0, "seized")
    type_text(cell, "beaucoup")
    commit(cell)

    assert edits.values == [[{"seized": "beaucoup"}]]


def test_choice_cells_use_a_list_box(make_editor: MakeEditor) -> None:
    editor = make_editor(template().question("c_sdg.years"), "fr")
    edits = Recorder(editor)
    editor.add_row()

    combo = open_editor(editor, 0, "iafq_answered")
    assert isinstance(combo, QComboBox)
    assert [combo.itemText(n) for n in range(combo.count())] == ["", "Oui", "Non", "En cours"]
    combo.setCurrentIndex(1)
    combo.activated.emit(1)  # picking an entry saves the cell at once

    assert edits.values == [[{"iafq_answered": "yes"}]]
    index = editor.model.index(0, editor.model.column_number("iafq_answered") or 0)
    assert index.data() == "Oui"


def test_multiple_choice_cells_use_check_boxes(make_editor: MakeEditor) -> None:
    editor = make_editor(template().question("e_assistance.projects"), "fr")
    edits = Recorder(editor)
    editor.set_value([PROJECT])

    boxes = open_editor(editor, 0, "type")
    assert isinstance(boxes, QListWidget)
    assert boxes.item(3).checkState() == Qt.CheckState.Checked
    boxes.item(1).setCheckState(Qt.CheckState.Checked)
    commit(boxes)

    assert edits.values == [[{**PROJECT, "type": ["financial", "technical", "training"]}]]


def test_removing_rows(make_editor: MakeEditor, qtbot: QtBot) -> None:
    editor = make_editor("table")
    edits = Recorder(editor)
    second = {"title_original": "Décret 2001-12"}
    editor.set_value([INSTRUMENT, second])
    assert not editor.remove_button.isEnabled()

    editor.view.selectRow(0)
    qtbot.mouseClick(editor.remove_button, Qt.MouseButton.LeftButton)
    editor.view.selectRow(0)
    qtbot.mouseClick(editor.remove_button, Qt.MouseButton.LeftButton)

    assert edits.values == [[second], None]
    assert editor.model.rowCount() == 0


def test_blank_rows_are_not_emitted_and_not_lost(make_editor: MakeEditor) -> None:
    editor = make_editor("table")
    edits = Recorder(editor)
    editor.set_value([INSTRUMENT])
    editor.add_row()
    editor.add_row()

    cell = open_editor(editor, 2, "reference")
    type_text(cell, "JO 12")
    commit(cell)
    stored: list[dict[str, Any]] = edits.values[-1]
    editor.set_value(stored)  # the page shows back what the session stored

    assert stored == [INSTRUMENT, {"reference": "JO 12"}]
    assert editor.model.rowCount() == 3  # the blank row the person added stays


def test_set_value_round_trips(make_editor: MakeEditor) -> None:
    editor = make_editor(template().question("e_assistance.projects"), "fr")
    edits = Recorder(editor)

    editor.set_value([PROJECT])

    assert editor.model.value() == [PROJECT]
    type_index = editor.model.index(0, editor.model.column_number("type") or 0)
    assert type_index.data() == "Aide financière; Formation"
    assert edits.values == []


def test_focus_field_selects_the_cell_of_an_issue(make_editor: MakeEditor) -> None:
    editor = make_editor("table")
    editor.set_value([INSTRUMENT, {"title_original": "Décret"}])
    editor.model.insertRows(0, 1)  # a blank row the stored rows do not count

    editor.focus_field(2, "date_adopted")  # as an issue says: 1-based among the stored rows

    current = editor.view.currentIndex()
    assert (current.row(), current.column()) == (2, 3)
    assert editor.view.selectionModel().isSelected(current)
    editor.focus_field(9, "nothing")
    assert editor.view.currentIndex() == editor.model.index(0, 0)
    assert editor.model.index(0, 0).parent() == QModelIndex()


def test_flush_saves_the_cell_being_typed_in(make_editor: MakeEditor) -> None:
    editor = make_editor("table")
    edits = Recorder(editor)
    editor.add_row()

    cell = open_editor(editor, 0, "reference")
    type_text(cell, "JO 12")
    editor.flush()

    assert edits.values == [[{"reference": "JO 12"}]]
