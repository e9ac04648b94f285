"""Report › Verify the history… (issue 8): the seals are checked off the GUI thread; an intact
history says so with the number of entries, a tampered one lists the entry and its problem, and
every report's chain head is shown as exports print it."""

from __future__ import annotations

import sqlite3
from contextlib import closing

from pytestqt.qtbot import QtBot

from desktop.main_window import MainWindow
from desktop.session import ReportSession
from desktop.verify_dialog import VerifyDialog
from storage.audit import short
from tests.desktop.safety_helpers import screenshot


def verify(qtbot: QtBot, window: MainWindow) -> VerifyDialog:
    previous = window.verify_dialog
    window.verify_history()
    qtbot.waitUntil(
        lambda: window.verify_dialog is not None and window.verify_dialog is not previous,
        timeout=10_000,
    )
    dialog = window.verify_dialog
    assert isinstance(dialog, VerifyDialog) and dialog.isVisible()
    return dialog


def test_intact_then_tampered(qtbot: QtBot, session: ReportSession) -> None:
    window = MainWindow(session, "en")
    qtbot.addWidget(window)
    window.show()
    session.set_value("a_coordination.body_name", "A sealed change")
    count, seal = session.db.history_head(session.report_id)

    dialog = verify(qtbot, window)
    assert dialog.verdict.objectName() == "verdict:ok"
    assert dialog.verdict.text() == f"The history is intact ({count} entries checked)."
    assert dialog.problem_rows() == [] and not dialog.problems.isVisibleTo(dialog)
    (head,) = [dialog.heads.topLevelItem(0)]
    assert head is not None and head.text(1) == short(seal)
    assert head.text(0).startswith("Demoland")
    screenshot(dialog, "verify_ok")

    with closing(sqlite3.connect(session.db.path)) as conn:
        conn.execute("UPDATE history SET user = 'someone else' WHERE id = 5")
        conn.commit()
    dialog = verify(qtbot, window)
    assert dialog.verdict.objectName() == "verdict:failed"
    assert dialog.verdict.text().startswith("The history was tampered with")
    rows = dialog.problem_rows()
    assert rows[0][1:] == ("5", "Altered, or an entry before it was deleted or moved")
    assert rows[0][0].startswith("Demoland")
    screenshot(dialog, "verify_tampered")


def test_the_dialog_in_french(qtbot: QtBot, session: ReportSession) -> None:
    window = MainWindow(session, "fr")
    qtbot.addWidget(window)
    with closing(sqlite3.connect(session.db.path)) as conn:
        conn.execute("UPDATE history SET seal = NULL WHERE id = 3")
        conn.commit()
    dialog = verify(qtbot, window)
    assert dialog.windowTitle() == "Vérifier l’historique"
    assert dialog.problem_rows()[0][1:] == ("3", "Son sceau a été retiré")
    screenshot(dialog, "verify_fr")
