"""Issue 7: a section's review status on its page, and every transition through the interface.

Draft → submitted → withdrawn → submitted → returned with a comment (shown to whoever edits
next) → submitted → approved (who and when) → reopened with a reason. A refused transition is
shown through the one error display; the navigation, the overview and the history follow.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from workflow_helpers import open_window, screenshot, section_page, status_history

from desktop.history_view import HistoryDialog
from desktop.navigation import STATUS_COLUMN, STATUS_ROLE
from desktop.reason_dialog import ReasonDialog
from desktop.session import ReportSession
from desktop.workflow_overview import COLUMNS, SectionStatusModel
from reporting import workflow

SECTION = "a_coordination"
COMMENT = "Please give the number of women members and the date of the last meeting."
REASON = "The decree of 3 May changed the body's name."


def answers(model: SectionStatusModel, key: str) -> dict[str, str]:
    row = next(n for n, section in enumerate(model.sections) if section.key == key)
    return {name: model.data(model.index(row, c)) for c, name in enumerate(COLUMNS)}


def test_each_transition_through_the_banner(
    qtbot: QtBot, session: ReportSession, shown_errors: list[str]
) -> None:
    session.db.add_ministry("Ministry of Interior")
    session.db.set_section_owners(session.report_id, {SECTION: "Ministry of Interior"})
    window = open_window(qtbot, session)
    page = section_page(window, SECTION)
    banner = page.banner
    assert banner.heading.text() == "Review status: Draft"  # the demo answers it
    assert banner.offered() == ["submit"]
    assert banner.owner.text() == "Answered by: Ministry of Interior"
    screenshot(window, "banner_draft_en")

    banner.buttons["submit"].click()
    assert session.status(SECTION).status == "ready"
    assert banner.offered() == ["withdraw", "approve", "return"]
    who = session.status(SECTION).changed_by
    assert banner.detail.text().startswith(f"Submitted for review by {who} on ")
    screenshot(window, "banner_ready_en")

    banner.buttons["withdraw"].click()
    assert session.status(SECTION).status == "draft" and banner.offered() == ["submit"]
    banner.buttons["submit"].click()

    # Returning needs a comment: cancelling the question changes nothing.
    asked: list[str] = []

    def cancel(question: str) -> None:
        asked.append(question)

    banner.ask_text = cancel  # type: ignore[method-assign]
    banner.buttons["return"].click()
    assert asked == ["return"] and session.status(SECTION).status == "ready"
    banner.ask_text = lambda _question: COMMENT  # type: ignore[method-assign]
    banner.buttons["return"].click()
    assert session.status(SECTION).status == "returned"
    # The comment, prominently, for whoever edits the section next.
    assert banner.comment.text() == COMMENT and banner.comment.isVisibleTo(banner)
    assert "submit the section for review again" in banner.hint.text()
    assert banner.offered() == ["submit"]
    assert not page.locked  # a returned section is edited
    screenshot(window, "banner_returned_en")

    banner.buttons["submit"].click()
    banner.buttons["approve"].click()
    approved = session.status(SECTION)
    assert approved.status == "approved"
    assert banner.detail.text().startswith(f"Approved by {approved.changed_by} on ")
    assert "locked" in banner.hint.text() and banner.offered() == ["reopen"]
    assert page.locked and not page.blocks[f"{SECTION}.body_name"].editor.isEnabled()
    screenshot(window, "banner_approved_en")

    banner.ask_text = lambda _question: REASON  # type: ignore[method-assign]
    banner.buttons["reopen"].click()
    assert session.status(SECTION).status == "draft" and not page.locked
    assert banner.comment.text() == REASON and banner.detail.text().startswith("Reopened by ")
    screenshot(window, "banner_reopened_en")

    assert status_history(session.db, session.report_id, SECTION) == [
        (None, "ready", ""),
        ("ready", "draft", ""),
        ("draft", "ready", ""),
        ("ready", "returned", COMMENT),
        ("returned", "ready", ""),
        ("ready", "approved", ""),
        ("approved", "draft", REASON),
    ]
    assert shown_errors == []


def test_a_refused_transition_is_shown_and_the_banner_catches_up(
    qtbot: QtBot, session: ReportSession, shown_errors: list[str]
) -> None:
    window = open_window(qtbot, session)
    banner = section_page(window, SECTION).banner
    banner.buttons["submit"].click()
    # Another window approves the section; this one still offers to withdraw it.
    workflow.approve(session.db, session.report_id, SECTION)
    banner.buttons["withdraw"].click()
    assert shown_errors == [
        "The section “National coordination body” (a_coordination) cannot be withdrawn from "
        "review: its status is “approved”, not “ready for review”."
    ]
    assert session.status(SECTION).status == "approved"  # unchanged, and now shown
    assert banner.offered() == ["reopen"]


def test_the_comment_or_reason_is_required() -> None:
    dialog = ReasonDialog("Return the section", "What should be changed?", "Return", "en")
    assert not dialog.ok_button.isEnabled()
    dialog.text.setPlainText("   \n ")
    assert not dialog.ok_button.isEnabled()  # blank is no comment
    dialog.text.setPlainText("  Add the 2023 figures. ")
    assert dialog.ok_button.isEnabled() and dialog.reason() == "Add the 2023 figures."


def test_navigation_and_overview_show_status_and_owner(
    qtbot: QtBot, session: ReportSession
) -> None:
    session.db.add_ministry("Ministry of Justice")
    window = open_window(qtbot, session)
    ministries = window.open_ministries()
    ministries.assign(["p28"], "Ministry of Justice")  # the tree learns the new owner
    ministries.close()
    banner = section_page(window, "p28").banner
    banner.submit()
    banner.ask_text = lambda _question: "Which courts?"  # type: ignore[method-assign]
    banner.return_with_comment()

    index = window.model.section_index("p28")
    status = index.siblingAtColumn(STATUS_COLUMN)
    assert status.data() == "Returned" and status.data(STATUS_ROLE) == "returned"
    tooltip = index.data(Qt.ItemDataRole.ToolTipRole)
    assert "Review status: Returned" in tooltip
    assert "Answered by: Ministry of Justice" in tooltip and "Comment: Which courts?" in tooltip
    assert window.model.section_index("p29").siblingAtColumn(STATUS_COLUMN).data() is None

    window.show_overview()
    assert window.overview is not None
    model = window.overview.review.model
    assert answers(model, "p28")["status"] == "Returned"
    assert answers(model, "p28")["owner"] == "Ministry of Justice"
    assert answers(model, "p28")["comment"] == "Which courts?"
    assert answers(model, "p29")["status"] == "Draft" and answers(model, "p29")["owner"] == ""
    assert "Returned: 1" in window.overview.review.summary.text()
    # A double-click (or Enter) on a row opens its section.
    window.overview.review.view.activated.emit(model.index(3, 0))
    assert window.current_section_key() == model.sections[3].key


def test_the_status_history_reads_as_statuses_with_the_comment(
    qtbot: QtBot, session: ReportSession
) -> None:
    workflow.submit(session.db, session.report_id, SECTION)
    workflow.return_section(session.db, session.report_id, SECTION, COMMENT)
    session.refresh_workflow()
    dialog = HistoryDialog(session, f"@status/{SECTION}", "en")
    qtbot.addWidget(dialog)
    model = dialog.view.model
    rows = [[model.data(model.index(r, c)) for c in range(4)] for r in range(model.rowCount())]
    assert [row[2] for row in rows] == [
        "Ready for review → Returned",
        "Not reviewed yet → Ready for review",  # a draft, derived: no status stored
    ]
    assert rows[0][3] == f"Status: Returned — {COMMENT}"
    assert rows[1][3] == "Status: Ready for review"
    assert dialog.windowTitle() == "History of the review status"
    assert dialog.view.heading.text() == "National coordination body\nReview status"

    french = HistoryDialog(session, f"@status/{SECTION}", "fr")
    qtbot.addWidget(french)
    source = french.view.model.data(french.view.model.index(0, 3))
    assert source == f"Statut\u00a0: Renvoyée — {COMMENT}"


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_banner_screenshots(qtbot: QtBot, session: ReportSession, lang: str) -> None:
    """The banner in each state, in both languages, for a person to look at."""
    window = open_window(qtbot, session, lang)
    banner = section_page(window, SECTION).banner
    banner.ask_text = lambda _question: COMMENT  # type: ignore[method-assign]
    steps = {
        "draft": lambda: None,
        "ready": banner.submit,
        "returned": banner.return_with_comment,
        "approved": lambda: banner.submit() and banner.approve(),
    }
    for name, step in steps.items():
        step()
        assert session.status(SECTION).status == name
        assert screenshot(window, f"banner_{name}_{lang}").stat().st_size > 20_000
