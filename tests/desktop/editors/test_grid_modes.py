"""grid modes: the total only, one dimension alone, or the full breakdown — and nothing typed is
lost when the person switches between them."""

from __future__ import annotations

from editor_helpers import MakeEditor, Recorder, tab_through, template, type_text
from PySide6.QtCore import Qt
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot
from test_grid_editor import grid, type_in_cell

from desktop.editors.grid import GridEditor
from desktop.editors.grid_model import MarginModel

KILLED = template().question("d_grids.victims_killed")


def choose_mode(editor: GridEditor, mode: str) -> None:
    """The person picks a mode in the list."""
    index = editor.mode_box.findData(mode)
    assert index >= 0, mode
    editor.mode_box.setCurrentIndex(index)


def shown_tables(editor: GridEditor) -> list[str]:
    return [mode for mode, table in editor.tables.items() if table.isVisible()]


def test_the_modes_are_named_from_the_dimensions(make_editor: MakeEditor) -> None:
    french: GridEditor = make_editor(KILLED, "fr")
    box = french.mode_box
    names = [box.itemText(i) for i in range(box.count())]

    assert names == [
        "Total uniquement",
        "Par sexe",
        "Par tranche d'âge (ans)",
        "Par handicap",
        "Ventilation complète",
    ]
    assert french.mode() == "full"  # a blank grid invites the breakdown
    assert box.accessibleName() == f"{KILLED.label.fr} — Ventilation :"
    assert french.margin_views["sex"].accessibleName() == f"{KILLED.label.fr} — Par sexe"
    english: GridEditor = make_editor(KILLED, "en")
    assert english.mode_box.itemText(2) == "By age group (years)"


def test_switching_mode_keeps_what_was_entered_in_every_mode(make_editor: MakeEditor) -> None:
    editor: GridEditor = make_editor(KILLED, "fr")
    edits = Recorder(editor)
    cells = {"female/age_18_24/with": 3, "male/age_0_17/without": 4}

    type_in_cell(editor, 1, 0, "3")
    type_in_cell(editor, 5, 1, "4")  # Masculin · 0–17, Sans handicap
    choose_mode(editor, "sex")
    assert shown_tables(editor) == ["sex"]
    assert edits.values[-1] == grid(cells=cells, mode="sex")  # the switch itself is an edit
    type_in_cell(editor.margin_views["sex"], 0, 0, "5")
    type_in_cell(editor.margin_views["sex"], 1, 0, "9")
    choose_mode(editor, "total")
    assert shown_tables(editor) == []  # just the declared total
    choose_mode(editor, "full")

    assert shown_tables(editor) == ["full"]
    assert editor.model.cells == cells
    assert editor.model.index(1, 0).data() == "3"
    margins = {"sex": {"female": 5, "male": 9}}
    assert edits.values[-3:] == [
        grid(cells=cells, mode="sex", margins=margins),
        grid(cells=cells, mode="total", margins=margins),
        grid(cells=cells, mode="full", margins=margins),
    ]
    assert editor.kept_note.isVisible()  # the other entries are not lost, and not counted
    assert editor.kept_note.text() == "Saisies conservées mais non comptées : Par sexe"


def test_the_by_dimension_table_totals_follow_live(make_editor: MakeEditor) -> None:
    editor: GridEditor = make_editor(KILLED, "fr")
    choose_mode(editor, "age")
    table = editor.margin_views["age"]
    model = table.count_model
    total_row = model.rowCount() - 1

    assert [model.headerData(r, Qt.Orientation.Vertical) for r in range(model.rowCount())] == [
        "0–17",
        "18–24",
        "25–59",
        "60 et plus",
        "Inconnu",
        "Total",
    ]
    assert model.columnCount() == 1  # one count column, no total column
    assert model.index(total_row, 0).data() == ""  # nothing entered: blank, not 0
    type_in_cell(table, 1, 0, "1 200")
    assert model.index(total_row, 0).data() == "1\u202f200"
    type_in_cell(table, 3, 0, "34")
    assert model.index(total_row, 0).data() == "1\u202f234"
    type_in_cell(table, 1, 0, "")
    assert model.index(total_row, 0).data() == "34"
    assert not model.flags(model.index(total_row, 0)) & Qt.ItemFlag.ItemIsEditable


def test_the_margin_model_is_a_sound_qt_model(qtmodeltester: ModelTester) -> None:
    model = MarginModel(KILLED.dimensions[0], "fr")
    model.set_counts({"female": 5, "unknown": 0})

    qtmodeltester.check(model, force_py=True)
    model.setData(model.index(1, 0), "7")
    model.set_block(0, 0, [[1], [None], [3]])
    qtmodeltester.check(model, force_py=True)
    assert model.counts == {"female": 1, "unknown": 3}


def test_the_live_note_names_the_terms_of_the_chosen_mode(make_editor: MakeEditor) -> None:
    editor: GridEditor = make_editor(KILLED, "en")
    editor.set_value(grid(10, {"female/age_18_24/with": 3, "male/age_0_17/with": 4}))

    assert "Female · 18–24 · With disability (3) + Male · 0–17 · With disability (4)" in (
        editor.sum_note.text()
    )
    assert "the total is 10 (difference 3)" in editor.sum_note.text()
    choose_mode(editor, "sex")
    assert not editor.sum_note.isVisible()  # nothing entered by sex yet
    type_in_cell(editor.margin_views["sex"], 0, 0, "6")
    assert editor.sum_note.text() == "Female (6) = 6, but the total is 10 (difference 4)."
    type_in_cell(editor.margin_views["sex"], 2, 0, "4")
    assert editor.sum_note.text() == "Adds up to the total"
    choose_mode(editor, "total")
    assert not editor.sum_note.isVisible()  # a total alone has nothing to add up


def test_a_stored_value_shows_its_mode_without_emitting(make_editor: MakeEditor) -> None:
    editor: GridEditor = make_editor(KILLED, "fr")
    edits = Recorder(editor)
    value = grid(14, {"female/age_0_17/with": 2}, mode="sex", margins={"sex": {"male": 14}})

    editor.set_value(value)
    assert editor.mode() == "sex"
    assert shown_tables(editor) == ["sex"]
    assert editor.margin_views["sex"].count_model.index(1, 0).data() == "14"
    assert editor.value() == value
    editor.set_value({"total": None, "margins": {"disability": {"with": 1}}})  # before modes
    assert editor.mode() == "disability"
    editor.flush()
    assert edits.values == []


def test_not_disaggregated_keeps_working_in_every_mode(make_editor: MakeEditor) -> None:
    editor: GridEditor = make_editor(KILLED, "fr")
    edits = Recorder(editor)
    editor.set_value(grid(20, mode="total"))

    editor.not_disaggregated.click()
    type_text(editor.reason, "Registres de police")
    editor.flush()
    choose_mode(editor, "sex")

    assert edits.values == [
        grid(20, mode="total", reason="Registres de police"),
        grid(20, mode="sex", reason="Registres de police"),
    ]


def test_focus_field_finds_a_member_of_the_dimension_shown(make_editor: MakeEditor) -> None:
    editor: GridEditor = make_editor(KILLED, "en")
    choose_mode(editor, "sex")

    editor.focus_field(None, "male")
    table = editor.margin_views["sex"]
    assert table.count_model.cell_key(table.currentIndex().row(), 0) == "male"
    choose_mode(editor, "total")
    editor.focus_field(None, "male")  # no table in this mode: the total is what can be fixed
    assert editor.focusWidget() is editor.total


def test_tab_goes_from_the_mode_to_the_total_to_the_table(
    make_editor: MakeEditor, qtbot: QtBot
) -> None:
    editor: GridEditor = make_editor(KILLED, "en")
    with qtbot.waitActive(editor):
        editor.activateWindow()
    choose_mode(editor, "sex")
    editor.mode_box.setFocus()

    visited = tab_through(editor, 3)

    # The reason is skipped while "not disaggregated" is unticked, the hidden tables always.
    assert visited == [editor.total, editor.not_disaggregated, editor.margin_views["sex"]]
