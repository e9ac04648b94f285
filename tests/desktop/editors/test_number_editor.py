"""count, decimal and year: numbers read and shown with the interface language's separators."""

from __future__ import annotations

from editor_helpers import MakeEditor, Recorder, leave, question_of_type, type_text
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from desktop.editors.common import DEBOUNCE_MS
from forms.values import parse_input


def test_french_decimal_is_emitted_as_typed(make_editor: MakeEditor) -> None:
    editor = make_editor("decimal", "fr")
    edits = Recorder(editor)

    type_text(editor.line, "1 234,5")
    leave(editor.line)

    assert edits.values == ["1 234,5"]
    # What the session will make of it.
    assert parse_input(question_of_type("decimal"), edits.values[0], "fr") == "1234.5"


def test_stored_numbers_are_shown_for_the_language(make_editor: MakeEditor) -> None:
    french, english = make_editor("decimal", "fr"), make_editor("decimal", "en")

    french.set_value("1234.5")
    english.set_value("1234.5")

    assert french.line.text() == "1\u202f234,5"
    assert english.line.text() == "1,234.5"
    assert french.line.alignment() & Qt.AlignmentFlag.AlignRight
    assert french.unit.text() == "jours"


def test_years_have_no_thousands_separator(make_editor: MakeEditor) -> None:
    editor = make_editor("year", "fr")

    editor.set_value(2018)

    assert editor.line.text() == "2018"


def test_blank_is_not_zero(make_editor: MakeEditor, qtbot: QtBot) -> None:
    editor = make_editor("count")
    edits = Recorder(editor)

    editor.set_value(0)
    assert editor.line.text() == "0"
    editor.set_value(None)
    assert editor.line.text() == ""
    type_text(editor.line, "0")
    leave(editor.line)
    qtbot.keyClick(editor.line, Qt.Key.Key_Backspace)
    leave(editor.line)

    assert edits.values == ["0", None]


def test_typing_then_pausing_emits_once(make_editor: MakeEditor, qtbot: QtBot) -> None:
    editor = make_editor("count", "fr")
    edits = Recorder(editor)

    type_text(editor.line, "12")
    with qtbot.waitSignal(editor.edited, timeout=2 * DEBOUNCE_MS):
        pass
    leave(editor.line)
    editor.flush()

    assert edits.values == ["12"]


def test_the_stored_value_does_not_retype_under_the_cursor(
    make_editor: MakeEditor, qtbot: QtBot
) -> None:
    editor = make_editor("count", "fr")
    with qtbot.waitActive(editor):
        editor.activateWindow()
    editor.line.setFocus()
    type_text(editor.line, "1234")
    editor.flush()

    editor.set_value(1234)  # the page shows back what the session stored

    assert editor.line.hasFocus()
    assert editor.line.text() == "1234"
    editor.line.clearFocus()
    editor.set_value(1234)
    assert editor.line.text() == "1\u202f234"
