"""Issue 7: the final-report rule through the Report menu, and "Draft" or "Final" on screen.

"Mark the report as final…" checks the report in the background; unapproved sections and errors
block (each line opens its section or question), warnings need "I have read these warnings"
ticked before Finalise is enabled. A final report says so in the title and the status bar, and
"Reopen the report…" (with a reason) makes it a draft again.
"""

from __future__ import annotations

import json

import pytest
from PySide6.QtWidgets import QListWidgetItem
from pytestqt.qtbot import QtBot
from workflow_helpers import approve_everything, open_window, screenshot, status_history

from desktop.finalise_dialog import TARGET_ROLE, FinaliseDialog
from desktop.main_window import MainWindow
from desktop.session import ReportSession
from reporting import workflow

WARNING_KEY = "p28.convictions"  # the demo's one warning: convictions exceed prosecutions


def open_dialog(qtbot: QtBot, window: MainWindow) -> FinaliseDialog:
    """What the menu does; the check runs in the background."""
    action = window.finalise_action
    assert action.isEnabled()
    action.trigger()
    dialog = window.finalise_dialog
    assert dialog is not None
    qtbot.waitUntil(lambda: dialog.check is not None and dialog.task is None, timeout=20_000)
    return dialog


def lines(dialog: FinaliseDialog) -> list[QListWidgetItem]:
    return [dialog.problems.item(row) for row in range(dialog.problems.count())]


def test_unapproved_sections_block_and_open_their_section(
    qtbot: QtBot, session: ReportSession, shown_errors: list[str]
) -> None:
    workflow.submit(session.db, session.report_id, "p21")
    workflow.approve(session.db, session.report_id, "p21")
    session.refresh_workflow()
    window = open_window(qtbot, session)
    assert window.windowTitle().endswith("— Draft") and window.report_state.text() == "Draft"
    dialog = open_dialog(qtbot, window)
    assert dialog.headline.text() == "The report cannot be marked final yet:"
    assert not dialog.finalise_button.isEnabled() and not dialog.acknowledge.isVisibleTo(dialog)
    texts = [item.text() for item in lines(dialog)]
    assert texts[0] == "82 sections not approved"  # a heading; p21 is approved
    assert texts[1] == "Reporting State and period — Draft"
    assert not any(text.startswith("21. ") for text in texts)
    screenshot(dialog, "finalise_blocked_many_en")

    target = next(item for item in lines(dialog) if item.data(TARGET_ROLE) == ("section", "p28"))
    dialog.problems.itemActivated.emit(target)
    assert window.current_section_key() == "p28" and not dialog.isVisible()
    assert not session.is_final() and shown_errors == []


def test_errors_block_and_open_their_question(qtbot: QtBot, session: ReportSession) -> None:
    session.set_value("a_state.period_start", None)  # required: an error
    approve_everything(session.db, session.report_id)
    session.refresh_workflow()
    window = open_window(qtbot, session)
    dialog = open_dialog(qtbot, window)
    texts = [item.text() for item in lines(dialog)]
    assert texts[0] == "1 error"
    assert texts[1].endswith("— An answer is required.")
    assert not dialog.finalise_button.isEnabled()
    dialog.problems.itemActivated.emit(lines(dialog)[1])
    assert window.current_section_key() == "a_state"


def test_warnings_need_the_checkbox_then_the_report_is_final(
    qtbot: QtBot, session: ReportSession, shown_errors: list[str]
) -> None:
    approve_everything(session.db, session.report_id)
    session.refresh_workflow()
    window = open_window(qtbot, session)
    window.select_section("a_coordination")
    dialog = open_dialog(qtbot, window)
    assert dialog.headline.text().startswith("Every section is approved and there is no error")
    texts = [item.text() for item in lines(dialog)]
    assert texts[0] == "1 warning" and "Convictions (61) exceed prosecutions (58)" in texts[1]
    assert dialog.acknowledge.isVisibleTo(dialog) and not dialog.acknowledge.isChecked()
    assert not dialog.finalise_button.isEnabled()  # the warnings are not read yet
    assert not dialog.finalise() and not session.is_final()
    screenshot(dialog, "finalise_warnings_en")

    dialog.acknowledge.setChecked(True)
    assert dialog.finalise_button.isEnabled()
    dialog.finalise_button.click()
    assert session.is_final() and not dialog.isVisible()
    assert window.windowTitle().endswith("— Final") and window.report_state.text() == "Final"
    assert not window.finalise_action.isEnabled() and window.reopen_report_action.isEnabled()
    assert window.statusBar().currentMessage().startswith("The report is final")
    old, new, detail = status_history(session.db, session.report_id, "report")[-1]
    assert (old, new) == ("draft", "final")
    assert json.loads(detail)["acknowledged"][0].startswith(f"{WARNING_KEY}: Convictions (61)")
    page_banner = window.page.banner  # type: ignore[union-attr]
    assert "final" in page_banner.hint.text() and window.page.locked  # type: ignore[union-attr]
    screenshot(window, "final_window_en")
    assert shown_errors == []

    # "Reopen the report…": a reason is required; the report is a draft again.
    window.ask_report_reason = lambda: None  # type: ignore[method-assign]
    window.reopen_report_action.trigger()
    assert session.is_final()  # cancelled
    window.ask_report_reason = lambda: "The Ministry of Justice sent new figures."  # type: ignore[method-assign]
    window.reopen_report_action.trigger()
    assert not session.is_final() and window.windowTitle().endswith("— Draft")
    assert window.finalise_action.isEnabled() and not window.reopen_report_action.isEnabled()
    assert status_history(session.db, session.report_id, "report")[-1] == (
        "final",
        "draft",
        "The Ministry of Justice sent new figures.",
    )
    assert window.page.locked  # type: ignore[union-attr]  # its section is still approved
    assert shown_errors == []


def test_a_report_changed_after_the_check_is_refused_and_checked_again(
    qtbot: QtBot, session: ReportSession, shown_errors: list[str]
) -> None:
    approve_everything(session.db, session.report_id)
    session.refresh_workflow()
    window = open_window(qtbot, session)
    dialog = open_dialog(qtbot, window)
    dialog.acknowledge.setChecked(True)
    workflow.reopen(session.db, session.report_id, "p21", "A late correction")  # elsewhere
    assert not dialog.finalise()
    assert shown_errors and "not approved" in shown_errors[0]
    assert not session.is_final()
    qtbot.waitUntil(lambda: dialog.task is None and dialog.check is not None, timeout=20_000)
    assert dialog.check is not None and dialog.check.unapproved == ["p21"]


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_finalise_dialog_screenshots(qtbot: QtBot, session: ReportSession, lang: str) -> None:
    approve_everything(session.db, session.report_id)
    session.refresh_workflow()
    window = open_window(qtbot, session, lang)
    dialog = open_dialog(qtbot, window)
    dialog.acknowledge.setChecked(True)
    assert screenshot(dialog, f"finalise_{lang}").stat().st_size > 10_000
    workflow.reopen(session.db, session.report_id, "p21", "A late correction")
    session.refresh_workflow()
    dialog.refresh()
    assert screenshot(dialog, f"finalise_blocked_{lang}").stat().st_size > 10_000
