"""date: picked in a calendar, shown in the language's format; "No date" is the blank answer."""

from __future__ import annotations

import dataclasses

from editor_helpers import MakeEditor, Recorder, leave, question_of_type
from PySide6.QtCore import QDate, QPoint, Qt
from pytestqt.qtbot import QtBot

from desktop.editors.common import DEBOUNCE_MS


def test_display_follows_the_language(make_editor: MakeEditor) -> None:
    french, english = make_editor("date", "fr"), make_editor("date", "en")

    french.set_value("2023-05-17")
    english.set_value("2023-05-17")

    assert french.date_edit.text() == "17/05/2023"
    assert english.date_edit.text() == "2023-05-17"
    assert french.date_edit.calendarPopup()


def test_blank_shows_no_date_not_a_date(make_editor: MakeEditor) -> None:
    editor = make_editor("date", "fr")
    edits = Recorder(editor)

    editor.set_value(None)

    assert editor.no_date.text() == "Pas de date"
    assert editor.no_date.isChecked()
    assert not editor.date_edit.isEnabled()
    assert editor.date_edit.text() == "—"
    assert editor.value() is None
    assert edits.values == []


def test_picking_a_date_in_the_calendar(make_editor: MakeEditor, qtbot: QtBot) -> None:
    editor = make_editor("date", "fr")
    edits = Recorder(editor)
    box = editor.no_date

    qtbot.mouseClick(box, Qt.MouseButton.LeftButton, pos=QPoint(8, box.height() // 2))
    today = QDate.currentDate().toString("yyyy-MM-dd")
    calendar = editor.date_edit.calendarWidget()
    calendar.setSelectedDate(QDate(2023, 5, 17))
    calendar.clicked.emit(QDate(2023, 5, 17))
    with qtbot.waitSignal(editor.edited, timeout=2 * DEBOUNCE_MS):
        pass
    leave(editor.date_edit)

    # Unticking "No date" saves the date now shown, so what is seen is what is stored.
    assert edits.values == [today, "2023-05-17"]
    assert editor.date_edit.text() == "17/05/2023"


def test_ticking_no_date_makes_the_answer_blank(make_editor: MakeEditor, qtbot: QtBot) -> None:
    editor = make_editor("date")
    edits = Recorder(editor)
    editor.set_value("2023-05-17")
    box = editor.no_date

    qtbot.mouseClick(box, Qt.MouseButton.LeftButton, pos=QPoint(8, box.height() // 2))

    assert edits.values == [None]
    assert editor.date_edit.text() == "—"


def test_the_question_range_bounds_the_calendar(make_editor: MakeEditor) -> None:
    question = dataclasses.replace(question_of_type("date"), max="2030-12-31")
    editor = make_editor(question)

    editor.set_value("2020-01-01")
    editor.date_edit.setDate(QDate(1990, 1, 1))
    assert editor.value() == "2001-07-20"  # the question's minimum
    editor.date_edit.setDate(QDate(2040, 1, 1))
    assert editor.value() == "2030-12-31"


def test_a_stored_date_outside_the_range_is_shown_as_it_is(make_editor: MakeEditor) -> None:
    editor = make_editor("date")

    editor.set_value("1999-03-01")  # imported from an old file; the session reports it

    assert editor.value() == "1999-03-01"
