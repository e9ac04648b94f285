"""yes_no_dev, single_choice and multi_choice: a click is an edit; Clear makes the answer blank."""

from __future__ import annotations

import dataclasses

from editor_helpers import MakeEditor, Recorder, question_of_type
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QRadioButton
from pytestqt.qtbot import QtBot

from desktop.editors.choice import ChoiceEditor, ChoiceListEditor
from forms.model import Choice, Text


def test_yes_no_dev_radios_side_by_side_emit_the_code(
    make_editor: MakeEditor, qtbot: QtBot
) -> None:
    editor = make_editor("yes_no_dev", "fr")
    edits = Recorder(editor)
    radios = editor.findChildren(QRadioButton)

    assert isinstance(editor, ChoiceEditor)
    assert [radio.text() for radio in radios] == ["Oui", "Non", "En cours"]
    assert len({radio.y() for radio in radios}) == 1  # three short answers fit on one line
    qtbot.mouseClick(radios[2], Qt.MouseButton.LeftButton)
    qtbot.mouseClick(radios[0], Qt.MouseButton.LeftButton)

    assert edits.values == ["developing", "yes"]


def test_clear_makes_the_answer_blank_again(make_editor: MakeEditor, qtbot: QtBot) -> None:
    editor = make_editor("yes_no_dev", "fr")
    edits = Recorder(editor)
    editor.set_value("no")

    assert editor.clear_button.text() == "Effacer"
    assert editor.clear_button.isEnabled()
    qtbot.mouseClick(editor.clear_button, Qt.MouseButton.LeftButton)

    assert edits.values == [None]
    assert editor.group.checkedButton() is None
    assert not editor.clear_button.isEnabled()
    # Once cleared, any choice can be clicked again.
    qtbot.mouseClick(editor.group.button(1), Qt.MouseButton.LeftButton)
    assert edits.values == [None, "no"]


def test_set_value_ticks_the_radio_without_emitting(make_editor: MakeEditor) -> None:
    editor = make_editor("single_choice")
    edits = Recorder(editor)

    editor.set_value("ar")
    assert editor.value() == "ar"
    editor.set_value(None)

    assert editor.value() is None
    assert edits.values == []


def test_more_than_four_choices_stack_vertically(make_editor: MakeEditor) -> None:
    editor = make_editor("single_choice")  # the report's language: six choices
    radios = editor.findChildren(QRadioButton)

    assert len(radios) == 6
    assert radios[0].y() < radios[1].y() < radios[5].y()
    assert radios[0].x() == radios[1].x()


def test_long_lists_use_a_list_box_with_a_blank_entry(make_editor: MakeEditor) -> None:
    many = tuple(Choice(f"c{n}", Text(f"Choice {n}", f"Choix {n}")) for n in range(12))
    question = dataclasses.replace(question_of_type("single_choice"), choices=many)
    editor = make_editor(question, "fr")
    edits = Recorder(editor)

    assert isinstance(editor, ChoiceListEditor)
    assert editor.combo.itemText(0) == ""
    assert not editor.combo.isEditable()
    editor.combo.setCurrentIndex(4)
    editor.combo.activated.emit(4)
    editor.combo.setCurrentIndex(0)
    editor.combo.activated.emit(0)
    editor.set_value("c7")

    assert edits.values == ["c3", None]
    assert editor.combo.currentText() == "Choix 7"


def test_multi_choice_emits_ticked_codes_in_list_order(
    make_editor: MakeEditor, qtbot: QtBot
) -> None:
    editor = make_editor("multi_choice", "fr")
    edits = Recorder(editor)
    boxes = editor.boxes

    assert boxes["training"].text() == "Formation"
    for code in ("other", "financial", "other", "financial"):
        box = boxes[code]
        # On the box itself: the widget is wider than its label.
        qtbot.mouseClick(box, Qt.MouseButton.LeftButton, pos=QPoint(8, box.height() // 2))

    assert edits.values == [["other"], ["financial", "other"], ["financial"], None]


def test_multi_choice_set_value_round_trips(make_editor: MakeEditor) -> None:
    editor = make_editor("multi_choice")
    edits = Recorder(editor)

    editor.set_value(["technical", "equipment"])

    assert editor.value() == ["technical", "equipment"]
    assert edits.values == []
