"""text and long_text: typed text is emitted once, when the person pauses or leaves the field."""

from __future__ import annotations

import dataclasses

import pytest
from editor_helpers import MakeEditor, Recorder, leave, question_of_type, type_text
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from desktop.editors.common import DEBOUNCE_MS
from desktop.editors.text import LongTextEditor, TextEditor

ACCENTED = "Crème brûlée à l'œuvre"
ARABIC = "مرحبا"


def field(editor: TextEditor | LongTextEditor) -> QWidget:
    return editor.line if isinstance(editor, TextEditor) else editor.box


@pytest.mark.parametrize("qtype", ["text", "long_text"])
def test_unicode_typed_is_emitted_when_leaving(make_editor: MakeEditor, qtype: str) -> None:
    editor = make_editor(qtype, "fr")
    edits = Recorder(editor)

    type_text(field(editor), ACCENTED)
    leave(field(editor))
    leave(field(editor))  # leaving again changes nothing

    assert editor.text() == ACCENTED
    assert edits.values == [ACCENTED]


@pytest.mark.parametrize("qtype", ["text", "long_text"])
def test_right_to_left_text(make_editor: MakeEditor, qtype: str) -> None:
    editor = make_editor(qtype)
    edits = Recorder(editor)

    type_text(field(editor), ARABIC)
    editor.flush()

    assert edits.values == [ARABIC]


@pytest.mark.parametrize("qtype", ["text", "long_text"])
def test_a_pause_in_typing_emits_once(make_editor: MakeEditor, qtbot: QtBot, qtype: str) -> None:
    editor = make_editor(qtype)
    edits = Recorder(editor)

    type_text(field(editor), "Comm")
    qtbot.wait(DEBOUNCE_MS // 2)
    type_text(field(editor), "ission")  # restarts the pause
    assert edits.values == []
    with qtbot.waitSignal(editor.edited, timeout=2 * DEBOUNCE_MS):
        pass
    qtbot.wait(DEBOUNCE_MS + 100)
    leave(field(editor))

    assert edits.values == ["Commission"]


def test_flush_emits_what_is_pending_at_once(make_editor: MakeEditor) -> None:
    editor = make_editor("text")
    edits = Recorder(editor)

    type_text(editor.line, "Bureau")
    editor.flush()
    editor.flush()

    assert edits.values == ["Bureau"]
    assert not editor.pending.pending


def test_emptied_text_is_blank(make_editor: MakeEditor, qtbot: QtBot) -> None:
    editor = make_editor("text")
    edits = Recorder(editor)
    editor.set_value("Bureau")

    editor.line.selectAll()
    qtbot.keyClick(editor.line, Qt.Key.Key_Delete)
    type_text(editor.line, "   ")
    leave(editor.line)

    assert edits.values == [None]


def test_set_value_round_trips_without_emitting(make_editor: MakeEditor) -> None:
    editor = make_editor("long_text", "fr")
    edits = Recorder(editor)

    editor.set_value("Première ligne\nDeuxième ligne")
    leave(editor.box)
    editor.flush()

    assert editor.text() == "Première ligne\nDeuxième ligne"
    assert edits.values == []


def test_the_counter_appears_near_the_limit(make_editor: MakeEditor) -> None:
    question = dataclasses.replace(question_of_type("text"), max_length=10)
    editor = make_editor(question, "fr")

    type_text(editor.line, "12345678")
    assert not editor.counter.isVisible()
    type_text(editor.line, "9")
    assert editor.counter.isVisible()
    assert editor.counter.text() == "9 / 10 caractères"
    type_text(editor.line, "01")
    assert editor.counter.text() == "11 / 10 caractères"
    assert "#b3261e" in editor.counter.styleSheet()  # over the limit: the session will refuse it


def test_long_text_grows_with_its_lines(make_editor: MakeEditor) -> None:
    editor = make_editor("long_text")
    four_lines = editor.box.height()

    editor.set_value("\n".join(f"Ligne {n}" for n in range(8)))
    eight_lines = editor.box.height()
    editor.set_value("\n".join(f"Ligne {n}" for n in range(100)))

    assert four_lines >= 4 * editor.box.fontMetrics().lineSpacing()
    assert eight_lines > four_lines
    assert editor.box.height() < 20 * editor.box.fontMetrics().lineSpacing()
