"""grid: a breakdown by sex × age × disability with live totals, a declared total and its check."""

from __future__ import annotations

import dataclasses
from typing import Any

from editor_helpers import MakeEditor, Recorder, leave, question_of_type, type_text
from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLineEdit, QTableView
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from desktop.editors.grid import GridEditor
from desktop.editors.grid_model import GridModel

CELLS = {"female/age_18_24/with": 3, "male/age_25_59/without": 1200, "male/unknown/unknown": 0}


def grid(
    total: int | None = None,
    cells: dict[str, int] | None = None,
    mode: str = "full",
    margins: dict[str, dict[str, int]] | None = None,
    reason: str | None = None,
) -> dict[str, Any]:
    """A grid's value as the editor emits it: every key, always."""
    return {
        "total": total,
        "mode": mode,
        "cells": cells or {},
        "margins": margins or {},
        "not_disaggregated": reason,
    }


def type_in_cell(table: GridEditor | QTableView, row: int, column: int, text: str) -> None:
    """Double-click a cell (of the full grid when given the editor), type, press Enter."""
    view = table.view if isinstance(table, GridEditor) else table
    index = view.model().index(row, column)
    view.setCurrentIndex(index)
    view.edit(index)
    line = view.indexWidget(index)
    assert isinstance(line, QLineEdit)
    line.clear()
    type_text(line, text)
    QTest.keyClick(line, Qt.Key.Key_Return)
    QApplication.processEvents()  # the delegate saves the cell from the event loop


def test_the_model_is_a_sound_qt_model(qtmodeltester: ModelTester) -> None:
    model = GridModel(question_of_type("grid"), "fr")
    model.set_cells(CELLS)

    qtmodeltester.check(model, force_py=True)
    model.setData(model.index(0, 0), "7")
    qtmodeltester.check(model, force_py=True)


def test_rows_are_combinations_and_columns_the_last_dimension(make_editor: MakeEditor) -> None:
    model = make_editor("grid", "fr").model
    rows = [model.headerData(r, Qt.Orientation.Vertical) for r in range(model.rowCount())]
    columns = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]

    assert len(rows) == 3 * 5 + 1
    assert rows[1] == "Féminin · 18–24"
    assert rows[-1] == "Total"
    assert columns == ["Avec handicap", "Sans handicap", "Inconnu", "Total"]
    assert model.cell_key(1, 0) == "female/age_18_24/with"
    assert not model.flags(model.index(15, 0)) & Qt.ItemFlag.ItemIsEditable
    assert not model.flags(model.index(0, 3)) & Qt.ItemFlag.ItemIsEditable


def test_typed_cells_are_emitted_and_totals_follow(make_editor: MakeEditor) -> None:
    editor = make_editor("grid", "fr")
    edits = Recorder(editor)
    model = editor.model

    type_in_cell(editor, 1, 0, "3")
    type_in_cell(editor, 1, 1, "1 200")
    type_in_cell(editor, 5, 0, "4")  # Masculin · 0–17

    assert edits.values[-1] == grid(
        cells={
            "female/age_18_24/with": 3,
            "female/age_18_24/without": 1200,
            "male/age_0_17/with": 4,
        }
    )
    assert len(edits.values) == 3
    assert model.index(1, 3).data() == "1\u202f203"  # the row's total
    assert model.index(15, 0).data() == "7"  # the column's total
    assert model.index(15, 3).data() == "1\u202f207"
    assert model.index(2, 3).data() == ""  # no cell of that row: blank, not 0


def test_zero_is_a_value_and_blank_is_none(make_editor: MakeEditor) -> None:
    editor = make_editor("grid")
    edits = Recorder(editor)

    type_in_cell(editor, 0, 0, "0")
    assert editor.model.index(0, 3).data() == "0"
    type_in_cell(editor, 0, 0, "")

    assert edits.values == [grid(cells={"female/age_0_17/with": 0}), None]
    assert editor.model.index(0, 0).data() == ""


def test_cells_take_whole_numbers_only(make_editor: MakeEditor) -> None:
    editor = make_editor("grid")
    model = editor.model

    type_in_cell(editor, 0, 0, "-2,5")  # the minus is refused as typed, and 2.5 is no count
    assert model.cells == {}
    type_in_cell(editor, 0, 0, "1,234")  # an English thousands separator
    assert model.cells == {"female/age_0_17/with": 1234}
    assert not model.setData(model.index(0, 0), "abc")
    assert not model.setData(model.index(0, 0), -1)
    assert not model.setData(model.index(15, 0), "3")  # a total is computed, not typed


def test_the_declared_total_and_the_live_sum_note(make_editor: MakeEditor) -> None:
    french = make_editor("grid", "fr")
    edits = Recorder(french)
    french.set_value({"total": None, "cells": {"female/age_0_17/with": 12}})
    assert not french.sum_note.isVisible()  # no total declared: nothing to compare

    type_text(french.total, "14")
    assert french.sum_note.isVisible()  # while typing, before the edit is emitted
    assert french.sum_note.text() == (
        "Féminin · 0–17 · Avec handicap (12) = 12, mais le total est de 14 (écart de 2)."
    )
    assert "#8a5a00" in french.sum_note.styleSheet()  # dark amber: a warning, not yet an error
    leave(french.total)
    assert edits.values == [grid(14, {"female/age_0_17/with": 12})]
    type_in_cell(french, 0, 1, "2")
    assert french.sum_note.text() == "La somme correspond au total"

    english = make_editor("grid", "en")
    english.set_value({"total": 1400, "cells": {"female/age_0_17/with": 1200}})
    assert english.sum_note.text() == (
        "Female · 0–17 · With disability (1,200) = 1,200, but the total is 1,400 (difference 200)."
    )


def test_not_disaggregated_with_its_reason(make_editor: MakeEditor, qtbot: QtBot) -> None:
    editor = make_editor("grid", "fr")
    edits = Recorder(editor)
    editor.set_value({"total": 20, "cells": {}, "not_disaggregated": None})
    box = editor.not_disaggregated
    assert box.text() == "Non ventilé"
    assert not editor.reason.isEnabled()

    qtbot.mouseClick(box, Qt.MouseButton.LeftButton, pos=QPoint(8, box.height() // 2))
    assert editor.reason.isEnabled()
    assert edits.values == []  # ticked, but no reason yet
    type_text(editor.reason, "Données de la police non ventilées")
    leave(editor.reason)
    qtbot.mouseClick(box, Qt.MouseButton.LeftButton, pos=QPoint(8, box.height() // 2))

    assert edits.values == [  # stored before modes existed, a total alone is "total only"
        grid(20, mode="total", reason="Données de la police non ventilées"),
        grid(20, mode="total"),
    ]
    assert not editor.reason.isEnabled()


def test_set_value_round_trips_without_emitting(make_editor: MakeEditor) -> None:
    editor = make_editor("grid", "fr")
    edits = Recorder(editor)
    value = grid(1203, dict(sorted(CELLS.items())), margins={"sex": {"male": 1}}, reason="Partiel")

    editor.set_value(value)
    leave(editor.total)
    editor.flush()

    assert editor.value() == value
    assert editor.total.text() == "1\u202f203"  # shown the French way, read back the same
    assert editor.not_disaggregated.isChecked()
    assert not editor.sum_note.isVisible()  # not disaggregated: the cells need not add up
    assert edits.values == []


def test_a_single_dimension_has_one_row(make_editor: MakeEditor) -> None:
    question = question_of_type("grid")
    editor = make_editor(dataclasses.replace(question, dimensions=question.dimensions[:1]), "fr")
    edits = Recorder(editor)
    model = editor.model

    type_in_cell(editor, 0, 1, "5")

    assert model.rowCount() == 1
    assert model.headerData(0, Qt.Orientation.Vertical) == "Nombre"
    assert edits.values == [grid(cells={"male": 5})]
    modes = [editor.mode_box.itemText(i) for i in range(editor.mode_box.count())]
    assert modes == ["Total uniquement", "Par sexe"]  # the full breakdown is by sex alone
    assert model.index(0, model.columnCount() - 1).data() == "5"


def test_focus_field_selects_a_cell_or_the_total(make_editor: MakeEditor) -> None:
    editor = make_editor("grid")

    editor.focus_field(column="male/age_18_24/without")
    current = editor.view.currentIndex()
    assert editor.model.cell_key(current.row(), current.column()) == "male/age_18_24/without"
    editor.focus_field(column="total")
    assert editor.focusWidget() is editor.total


def test_flush_saves_the_cell_being_typed_in(make_editor: MakeEditor) -> None:
    editor = make_editor("grid")
    edits = Recorder(editor)
    index = editor.model.index(0, 0)
    editor.view.setCurrentIndex(index)
    editor.view.edit(index)

    type_text(editor.view.indexWidget(index), "8")
    editor.flush()

    assert edits.values == [grid(cells={"female/age_0_17/with": 8})]
