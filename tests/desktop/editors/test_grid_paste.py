"""grid paste: a block copied from a spreadsheet lands in the cells all at once, or not at all."""

from __future__ import annotations

from editor_helpers import MakeEditor, Recorder, template
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QAction, QContextMenuEvent, QKeySequence
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMenu
from test_grid_editor import grid

from desktop.editors.grid import GridEditor
from desktop.editors.grid_table import CountTable

KILLED = template().question("d_grids.victims_killed")
BEFORE = {"female/age_18_24/with": 8, "female/age_25_59/without": 9}


def paste(table: CountTable, text: str, row: int, column: int) -> None:
    """Copy ``text`` as a spreadsheet does, click the cell, press Ctrl+V."""
    QApplication.clipboard().setText(text)
    table.setFocus()
    cell = table.visualRect(table.model().index(row, column)).center()
    QTest.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=cell)
    QTest.keyClick(table, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)


def editor_with_cells(make_editor: MakeEditor, lang: str) -> tuple[GridEditor, Recorder]:
    editor: GridEditor = make_editor(KILLED, lang)
    editor.set_value(grid(cells=BEFORE))
    return editor, Recorder(editor)


def test_a_block_is_pasted_as_one_edit(make_editor: MakeEditor) -> None:
    editor, edits = editor_with_cells(make_editor, "fr")

    # Two rows of three from Féminin · 18–24; the blank cell clears the 9 under it.
    paste(editor.view, "1 234\t5\t6\r\n7\t\t0\r\n", 1, 0)

    assert edits.values == [
        grid(
            cells={
                "female/age_18_24/with": 1234,
                "female/age_18_24/without": 5,
                "female/age_18_24/unknown": 6,
                "female/age_25_59/with": 7,
                "female/age_25_59/unknown": 0,
            }
        )
    ]
    assert editor.model.index(1, 3).data() == "1\u202f245"  # the row's total follows
    assert not editor.problem.isVisible()
    pasted = {(i.row(), i.column()) for i in editor.view.selectionModel().selectedIndexes()}
    assert pasted == {(r, c) for r in (1, 2) for c in (0, 1, 2)}  # shown selected


def test_english_thousands_and_the_by_dimension_table(make_editor: MakeEditor) -> None:
    editor: GridEditor = make_editor(KILLED, "en")
    edits = Recorder(editor)
    editor.mode_box.setCurrentIndex(editor.mode_box.findData("sex"))

    paste(editor.margin_views["sex"], "1,234\n56\n", 0, 0)

    assert edits.values[-1] == grid(mode="sex", margins={"sex": {"female": 1234, "male": 56}})
    assert len(edits.values) == 1  # switching the mode of a blank grid stored nothing
    assert editor.margin_views["sex"].count_model.index(3, 0).data() == "1,290"


def test_a_bad_cell_is_named_and_nothing_is_pasted(make_editor: MakeEditor) -> None:
    editor, edits = editor_with_cells(make_editor, "fr")

    paste(editor.view, "1\t2\n3\tdouze\n", 1, 0)

    assert editor.problem.isVisible()
    assert editor.problem.text().startswith("Ligne 2, colonne 2 du bloc collé : « douze »")
    assert editor.problem.text().endswith("Rien n'a été collé.")
    assert edits.values == []
    assert editor.model.cells == BEFORE


def test_a_block_that_does_not_fit_changes_nothing(make_editor: MakeEditor) -> None:
    editor, edits = editor_with_cells(make_editor, "fr")

    paste(editor.view, "1\t2\t3\n4\t5\t6\n", 1, 1)  # the third column would be the Total

    assert editor.problem.text() == (
        "Le bloc collé (2 × 3) ne tient pas à partir de cette cellule. Rien n'a été collé."
    )
    paste(editor.view, "1\n", 15, 0)  # the Total row is computed, not typed
    assert editor.problem.text().startswith("Le bloc collé (1 × 1) ne tient pas")
    assert edits.values == []
    assert editor.model.cells == BEFORE
    paste(editor.view, "1\n", 0, 0)  # a block that fits clears the old message
    assert not editor.problem.isVisible()


def test_paste_from_the_context_menu(make_editor: MakeEditor) -> None:
    editor, edits = editor_with_cells(make_editor, "en")
    QApplication.clipboard().setText("4\t5\n")
    editor.view.setCurrentIndex(editor.model.index(0, 0))

    def choose_paste() -> None:
        menu = QApplication.activePopupWidget()
        assert isinstance(menu, QMenu)
        actions = [action.text() for action in menu.actions()]
        assert actions[0] == "Paste\t" + QKeySequence(QKeySequence.StandardKey.Paste).toString(
            QKeySequence.SequenceFormat.NativeText
        )
        menu.actions()[0].trigger()
        menu.close()

    QTimer.singleShot(0, choose_paste)
    point = editor.view.visualRect(editor.model.index(0, 0)).center()
    event = QContextMenuEvent(
        QContextMenuEvent.Reason.Mouse, point, editor.view.viewport().mapToGlobal(point)
    )
    QApplication.sendEvent(editor.view.viewport(), event)

    pasted = {"female/age_0_17/with": 4, "female/age_0_17/without": 5}
    assert edits.values == [grid(cells={**BEFORE, **pasted})]


def test_ctrl_v_pastes_in_the_table_even_with_a_window_paste_shortcut(
    make_editor: MakeEditor,
) -> None:
    editor, _ = editor_with_cells(make_editor, "en")
    window_paste = QAction(editor)
    window_paste.setShortcut(QKeySequence.StandardKey.Paste)
    triggered: list[bool] = []
    window_paste.triggered.connect(triggered.append)
    editor.addAction(window_paste)

    paste(editor.view, "2\n", 0, 0)

    assert triggered == []
    assert editor.model.cells["female/age_0_17/with"] == 2


def test_delete_clears_the_selected_cells_in_one_edit(make_editor: MakeEditor) -> None:
    editor, edits = editor_with_cells(make_editor, "en")
    view = editor.view
    view.setFocus()
    view.setCurrentIndex(editor.model.index(1, 0))
    QTest.keyClick(view, Qt.Key.Key_Down, Qt.KeyboardModifier.ShiftModifier)
    QTest.keyClick(view, Qt.Key.Key_Right, Qt.KeyboardModifier.ShiftModifier)

    QTest.keyClick(view, Qt.Key.Key_Delete)

    assert edits.values == [None]  # both cells were in the selection: nothing is left
    assert editor.model.cells == {}
    assert view.model().index(1, 0).data() == ""


def test_the_paste_point_is_the_top_left_of_the_selection(make_editor: MakeEditor) -> None:
    editor, _ = editor_with_cells(make_editor, "en")
    view = editor.view
    view.setFocus()
    view.setCurrentIndex(editor.model.index(3, 2))
    QTest.keyClick(view, Qt.Key.Key_Up, Qt.KeyboardModifier.ShiftModifier)
    QTest.keyClick(view, Qt.Key.Key_Left, Qt.KeyboardModifier.ShiftModifier)  # (2,1)–(3,2)
    QApplication.clipboard().setText("1\n")

    QTest.keyClick(view, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)

    assert editor.model.cell_key(2, 1) == "female/age_25_59/without"
    assert editor.model.cells["female/age_25_59/without"] == 1
