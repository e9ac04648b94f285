"""attachment: files added through the page, saved as copies, removed from the list."""

from __future__ import annotations

from pathlib import Path

import pytest
from editor_helpers import FakePage, MakeEditor, Recorder, question_of_type
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from desktop.editors.attachment import AttachmentEditor

PLAN = {"name": "plan d'action.pdf", "sha256": "a" * 64}
LAW = {"name": "loi.docx", "sha256": "b" * 64}


def test_add_file_asks_for_a_path_and_gives_it_to_the_page(
    make_editor: MakeEditor, page: FakePage, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    editor = make_editor("attachment", "fr")
    edits = Recorder(editor)
    chosen = Path("/tmp/plan d'action.pdf")
    monkeypatch.setattr(AttachmentEditor, "ask_open_path", lambda self: chosen)

    assert editor.add_button.text() == "Ajouter un fichier…"
    qtbot.mouseClick(editor.add_button, Qt.MouseButton.LeftButton)
    editor.set_value([PLAN])  # the page stored the file and shows the new list

    assert page.attached == [(question_of_type("attachment").key, chosen)]
    assert editor.files.item(0).text() == "plan d'action.pdf"
    assert edits.values == []


def test_a_cancelled_dialog_changes_nothing(
    make_editor: MakeEditor, page: FakePage, monkeypatch: pytest.MonkeyPatch
) -> None:
    editor = make_editor("attachment")
    monkeypatch.setattr(AttachmentEditor, "ask_open_path", lambda self: None)

    editor.add_file()

    assert page.attached == []


def test_save_a_copy_of_the_selected_file(
    make_editor: MakeEditor, page: FakePage, qtbot: QtBot
) -> None:
    editor = make_editor("attachment")
    editor.set_value([PLAN, LAW])
    assert not editor.save_button.isEnabled()

    editor.files.setCurrentRow(1)
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)

    assert page.opened == [LAW]


def test_remove_emits_the_list_without_the_file(make_editor: MakeEditor, qtbot: QtBot) -> None:
    editor = make_editor("attachment")
    edits = Recorder(editor)
    editor.set_value([PLAN, LAW])

    editor.files.setCurrentRow(0)
    qtbot.mouseClick(editor.remove_button, Qt.MouseButton.LeftButton)
    editor.files.setCurrentRow(0)
    qtbot.mouseClick(editor.remove_button, Qt.MouseButton.LeftButton)

    assert edits.values == [[LAW], None]
    assert not editor.remove_button.isEnabled()
