"""contact: a small form emitted whole when the person leaves any of its fields."""

from __future__ import annotations

from editor_helpers import MakeEditor, Recorder, leave, tab_through, type_text
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from forms.model import CONTACT_FIELDS


def test_fields_are_emitted_together_when_one_is_left(
    make_editor: MakeEditor, qtbot: QtBot
) -> None:
    editor = make_editor("contact", "fr")
    edits = Recorder(editor)

    editor.title.setCurrentIndex(2)
    editor.title.activated.emit(2)
    type_text(editor.lines["name"], "Awa Koné")
    leave(editor.lines["name"])
    type_text(editor.address, "Rue 12")
    qtbot.keyClick(editor.address, Qt.Key.Key_Return)
    type_text(editor.address, "Abidjan")
    leave(editor.address)
    leave(editor.address)

    assert edits.values == [
        {"title": "ms"},
        {"title": "ms", "name": "Awa Koné"},
        {"title": "ms", "name": "Awa Koné", "address": "Rue 12\nAbidjan"},
    ]


def test_titles_and_labels_are_translated(make_editor: MakeEditor) -> None:
    editor = make_editor("contact", "fr")
    titles = [editor.title.itemText(row) for row in range(editor.title.count())]

    assert titles[0] == ""
    assert len(titles) == 5
    assert editor.lines["email"].accessibleName() == "Personne à contacter — Courriel"


def test_all_fields_emptied_is_blank(make_editor: MakeEditor) -> None:
    editor = make_editor("contact")
    edits = Recorder(editor)
    editor.set_value({"name": "Ana"})

    editor.lines["name"].clear()
    leave(editor.lines["name"])

    assert edits.values == [None]


def test_set_value_round_trips(make_editor: MakeEditor) -> None:
    editor = make_editor("contact")
    edits = Recorder(editor)
    contact = {
        "title": "dr",
        "name": "Ana Silva",
        "organisation": "Ministère de l'Intérieur",
        "address": "1 rue de la Paix\n75000 Paris",
        "telephone": "+33 1 23 45 67 89",
        "email": "ana@example.org",
    }

    editor.set_value(contact)
    for field in ("name", "organisation", "telephone", "email"):
        leave(editor.lines[field])

    assert editor.value() == contact
    assert edits.values == []


def test_tab_goes_down_the_form(make_editor: MakeEditor, qtbot: QtBot) -> None:
    editor = make_editor("contact")
    with qtbot.waitActive(editor):
        editor.activateWindow()
    editor.title.setFocus()

    visited = tab_through(editor, len(CONTACT_FIELDS) - 1)

    assert visited == [editor.field_widget(field) for field in CONTACT_FIELDS[1:]]
