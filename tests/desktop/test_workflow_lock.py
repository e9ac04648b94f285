"""Issue 7: an approved section's answers are locked until it is reopened with a reason.

Its editors are disabled (still readable); a click on one asks for a reason: Cancel changes
nothing, a reason reopens the section (recorded in the history) and the edit goes ahead. A final
report asks to reopen both. A save that still meets a lock (another window approved the section
meanwhile; an undo) is refused, shown, and the stored value stays on screen.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLineEdit, QRadioButton, QWidget
from pytestqt.qtbot import QtBot
from workflow_helpers import (
    approve_everything,
    open_window,
    screenshot,
    section_page,
    status_history,
    type_text,
)

from desktop.session import ReportSession
from desktop.workflow_banner import t
from reporting import workflow

SECTION = "a_coordination"
KEY = "a_coordination.body_name"
REASON = "The body was renamed by the decree of 3 May."


def stored(session: ReportSession, key: str = KEY) -> object:
    answer = session.db.answer(session.report_id, key)
    return None if answer is None else answer.value


def name_field(page: object) -> QLineEdit:
    field = page.blocks[KEY].editor.findChild(QLineEdit)  # type: ignore[attr-defined]
    assert isinstance(field, QLineEdit)
    return field


def test_an_approved_section_refuses_edits_until_reopened_with_a_reason(
    qtbot: QtBot, session: ReportSession, shown_errors: list[str]
) -> None:
    window = open_window(qtbot, session)
    page = section_page(window, SECTION)
    name_field(page).selectAll()
    type_text(name_field(page), "NCSA")  # an edit, then the section is approved
    assert stored(session) == "NCSA" and session.undo_stack.canUndo()
    page.banner.submit()
    page.banner.approve()
    assert not session.undo_stack.canUndo()  # no undoing into a locked section
    field = name_field(page)
    assert page.locked and not field.isEnabled() and field.text() == "NCSA"  # still readable
    screenshot(window, "locked_en")

    asked: list[str] = []

    def cancel(question: str) -> None:
        asked.append(question)

    page.banner.ask_text = cancel  # type: ignore[method-assign]
    history_before = len(session.db.history(session.report_id))
    QTest.mouseClick(field, Qt.MouseButton.LeftButton)
    assert asked == ["lock"]  # "This section is approved. Reopen it to edit? Reason:"
    assert session.status(SECTION).status == "approved" and not field.isEnabled()
    no = page.blocks[f"{SECTION}.body_exists"].editor.findChildren(QRadioButton)[1]
    QTest.mouseClick(no, Qt.MouseButton.LeftButton)  # a disabled radio button swallows clicks
    assert asked == ["lock", "lock"] and not no.isChecked()
    assert stored(session, f"{SECTION}.body_exists") == "yes"
    assert len(session.db.history(session.report_id)) == history_before  # nothing recorded

    page.banner.ask_text = lambda _question: REASON  # type: ignore[method-assign]
    QTest.mouseClick(field, Qt.MouseButton.LeftButton)
    assert session.status(SECTION).status == "draft" and field.isEnabled()
    assert status_history(session.db, session.report_id, SECTION)[-1] == (
        "approved",
        "draft",
        REASON,
    )
    field.end(False)
    type_text(field, " (renamed)")  # the edit goes ahead
    assert stored(session) == "NCSA (renamed)"
    assert shown_errors == []


def test_the_lock_prompt_wording() -> None:
    assert t("ask.lock.prompt", "en") == "This section is approved. Reopen it to edit? Reason:"
    assert t("ask.lock.prompt", "fr").startswith("Cette section est approuvée.")


def test_a_final_report_asks_to_reopen_it_and_the_section(
    qtbot: QtBot, session: ReportSession, shown_errors: list[str]
) -> None:
    approve_everything(session.db, session.report_id)
    workflow.finalise(session.db, session.report_id, acknowledge_warnings=True, lang="en")
    session.refresh_workflow()  # the session was opened before
    window = open_window(qtbot, session)
    page = section_page(window, SECTION)
    assert page.locked and page.banner.offered() == ["reopen"]
    assert "final" in page.banner.hint.text()
    asked: list[str] = []

    def reason(question: str) -> str:
        asked.append(question)
        return REASON

    page.banner.ask_text = reason  # type: ignore[method-assign]
    QTest.mouseClick(name_field(page), Qt.MouseButton.LeftButton)
    assert asked == ["lock_final"]
    assert not session.is_final() and session.status(SECTION).status == "draft"
    assert status_history(session.db, session.report_id, "report")[-1] == (
        "final",
        "draft",
        REASON,
    )
    assert status_history(session.db, session.report_id, SECTION)[-1][2] == REASON
    assert not page.locked and window.windowTitle().endswith("— Draft")
    # Only this section was reopened: the others stay approved and locked.
    assert section_page(window, "p21").locked
    assert shown_errors == []


def test_a_save_that_meets_a_lock_is_shown_and_the_stored_value_stays(
    qtbot: QtBot, session: ReportSession, shown_errors: list[str]
) -> None:
    window = open_window(qtbot, session)
    page = section_page(window, SECTION)
    before = stored(session)
    # Another window submits and approves the section while this page is open.
    workflow.submit(session.db, session.report_id, SECTION)
    workflow.approve(session.db, session.report_id, SECTION)
    editor = page.blocks[KEY].editor
    editor.edited.emit("A name typed too late")  # as a paste, or leaving the field, would
    assert stored(session) == before
    assert len(shown_errors) == 1 and "is approved" in shown_errors[0]
    assert name_field(page).text() == before  # the editor shows what is stored
    assert page.locked and not editor.isEnabled()  # and the page now shows the lock


def test_an_undo_that_meets_a_lock_is_refused_and_shown(
    qtbot: QtBot, session: ReportSession, shown_errors: list[str]
) -> None:
    window = open_window(qtbot, session)
    page = section_page(window, SECTION)
    name_field(page).selectAll()
    type_text(name_field(page), "NCSA")
    workflow.submit(session.db, session.report_id, SECTION)  # in another window
    workflow.approve(session.db, session.report_id, SECTION)
    window.undo_action.trigger()
    assert stored(session) == "NCSA"
    assert len(shown_errors) == 1 and "is approved" in shown_errors[0]
    qtbot.waitUntil(lambda: not session.undo_stack.canUndo())  # steps that cannot be taken


def press(widget: QWidget, key: Qt.Key, text: str = "") -> None:
    QApplication.sendEvent(
        widget, QKeyEvent(QEvent.Type.KeyPress, key, Qt.KeyboardModifier.NoModifier, text)
    )


def test_long_texts_tables_and_files_stay_readable_while_locked(
    qtbot: QtBot, session: ReportSession, shown_errors: list[str]
) -> None:
    """What scrolls or can be saved is read-only rather than disabled: a text longer than its
    box, a table longer than its view, an attached file to save."""
    window = open_window(qtbot, session)
    approve_everything(session.db, session.report_id)
    session.refresh_workflow()
    asked: list[str] = []

    def cancel(question: str) -> None:
        asked.append(question)

    page = section_page(window, "p21")
    page.banner.ask_text = cancel  # type: ignore[method-assign]
    box = page.blocks["p21.measures"].editor.box  # type: ignore[attr-defined]
    before = box.toPlainText()
    assert box.isEnabled() and box.isReadOnly()
    press(box, Qt.Key.Key_Down)  # reading: moving and scrolling are no edits
    assert asked == []
    press(box, Qt.Key.Key_X, "x")  # typing is one: it asks to reopen
    assert asked == ["lock"] and box.toPlainText() == before

    table: Any = page.blocks["p21.instruments"].editor
    assert table.view.isEnabled() and not table.add_button.isEnabled()
    first = table.model.index(0, 0)
    cell = table.view.visualRect(first).center()
    QTest.mouseDClick(table.view.viewport(), Qt.MouseButton.LeftButton, pos=cell)
    assert asked == ["lock", "lock"] and table.view.indexWidget(first) is None  # no cell editor
    QTest.mouseClick(table.add_button, Qt.MouseButton.LeftButton)
    assert asked == ["lock"] * 3  # a disabled button is a click on a locked field

    files: Any = section_page(window, "f_attachments").blocks["f_attachments.files"].editor
    files.files.setCurrentRow(0)
    assert files.save_button.isEnabled()  # an attached file can still be saved and read
    assert not files.add_button.isEnabled() and not files.remove_button.isEnabled()

    page = section_page(window, "p21")
    page.banner.ask_text = lambda _question: REASON  # type: ignore[method-assign]
    box = page.blocks["p21.measures"].editor.box  # type: ignore[attr-defined]
    press(box, Qt.Key.Key_X, "x")
    assert session.status("p21").status == "draft" and not box.isReadOnly()
    assert shown_errors == []
