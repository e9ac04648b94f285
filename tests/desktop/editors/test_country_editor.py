"""country: found by typing any part of its name in the interface language, or its code."""

from __future__ import annotations

from editor_helpers import MakeEditor, Recorder, leave, type_text
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot


def completions(editor: object) -> list[str]:
    completer = editor.combo.completer()  # type: ignore[attr-defined]
    found = []
    for row in range(completer.completionCount()):
        completer.setCurrentRow(row)
        found.append(completer.currentIndex().data())
    return found


def test_typing_part_of_a_french_name_and_picking_it(make_editor: MakeEditor, qtbot: QtBot) -> None:
    editor = make_editor("country", "fr")
    edits = Recorder(editor)
    with qtbot.waitActive(editor):
        editor.activateWindow()
    editor.combo.setFocus()

    type_text(editor.line, "allem")
    popup = editor.combo.completer().popup()
    assert popup.isVisible()
    assert completions(editor) == ["Allemagne (DEU)"]
    qtbot.keyClick(popup, Qt.Key.Key_Down)
    qtbot.keyClick(popup, Qt.Key.Key_Return)

    assert editor.combo.currentText() == "Allemagne (DEU)"
    assert edits.values == ["DEU"]


def test_search_ignores_accents_and_matches_inside_names(make_editor: MakeEditor) -> None:
    editor = make_editor("country", "fr")
    editor.combo.setFocus()

    type_text(editor.line, "cote d")

    assert completions(editor) == ["Côte d'Ivoire (CIV)"]


def test_a_typed_code_is_understood(make_editor: MakeEditor) -> None:
    editor = make_editor("country", "fr")
    edits = Recorder(editor)

    type_text(editor.line, "fra")
    leave(editor.line)

    assert edits.values == ["FRA"]


def test_a_whole_name_is_understood(make_editor: MakeEditor) -> None:
    editor = make_editor("country", "en")
    edits = Recorder(editor)

    type_text(editor.line, "Côte d'Ivoire")
    editor.flush()

    assert edits.values == ["CIV"]


def test_text_naming_no_country_goes_to_the_session_as_typed(make_editor: MakeEditor) -> None:
    editor = make_editor("country", "fr")
    edits = Recorder(editor)

    type_text(editor.line, "Atlantide")
    leave(editor.line)
    editor.line.clear()
    leave(editor.line)

    assert edits.values == ["Atlantide", None]


def test_names_are_in_the_interface_language_and_sorted_as_read(make_editor: MakeEditor) -> None:
    editor = make_editor("country", "fr")
    names = [editor.combo.itemText(row) for row in range(editor.combo.count())]

    assert "Allemagne (DEU)" in names
    # Accented initials sort with their letter, not after Z.
    assert names.index("Égypte (EGY)") < names.index("Érythrée (ERI)") < names.index("Fidji (FJI)")


def test_the_demonstration_state_is_shown_by_name(make_editor: MakeEditor) -> None:
    editor = make_editor("country", "fr")
    edits = Recorder(editor)

    editor.set_value("XDM")
    leave(editor.line)

    assert editor.combo.currentText() == "Démolande (État fictif) (XDM)"
    assert editor.value() == "XDM"
    assert edits.values == []
