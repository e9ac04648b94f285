"""A full disk while saving from the window (issue 8): the person is told, what they typed stays
in the field for a retry, the database keeps its last good state, and the retry saves it."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QLineEdit
from pytestqt.qtbot import QtBot
from sqlalchemy import event
from workflow_helpers import open_window, section_page

from desktop.session import ReportSession

KEY = "a_coordination.body_name"
TYPED = "Commission nationale — nom complet " + "x" * 30_000  # a field holds 32,767


def test_the_input_stays_for_a_retry_when_the_disk_is_full(
    qtbot: QtBot, session: ReportSession, shown_errors: list[str]
) -> None:
    window = open_window(qtbot, session)
    page = section_page(window, "a_coordination")
    before = session.db.answer(session.report_id, KEY)
    engine = session.db._live_engine()
    with session.db._read() as conn:
        pages = conn.exec_driver_sql("PRAGMA page_count").scalar_one()

    def full(connection: Any, _record: Any) -> None:
        connection.execute(f"PRAGMA max_page_count = {pages}")

    engine.dispose()
    event.listen(engine, "connect", full)
    editor = page.blocks[KEY].editor
    field = editor.findChild(QLineEdit)
    assert isinstance(field, QLineEdit)
    field.setText(TYPED)
    editor.edited.emit(TYPED)  # leaving the field saves it
    assert shown_errors and "disk" in shown_errors[-1].lower()
    assert field.text() == TYPED  # still there, for a retry
    assert session.db.answer(session.report_id, KEY) == before
    assert session.db.integrity_check() == ["ok"]
    event.remove(engine, "connect", full)  # room again
    engine.dispose()
    editor.edited.emit(TYPED)
    answer = session.db.answer(session.report_id, KEY)
    assert answer is not None and answer.value == TYPED
