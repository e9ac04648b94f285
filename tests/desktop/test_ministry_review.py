"""Import a ministry workbook (issue 6), end to end: sections assigned to a ministry, the workbook
exported for it and edited by the ministry, then imported: the review lists what changed, Apply
stores the ticked answers with their source in the history and marks the workbook returned,
Cancel changes nothing, and a refused file is shown through the one error display."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook, load_workbook
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QFileDialog, QLineEdit
from pytestqt.qtbot import QtBot

from desktop.history_view import HistoryDialog
from desktop.main_window import MainWindow
from desktop.ministry_review import COLUMNS, ReviewDialog, ReviewModel
from desktop.section_page import SectionPage
from desktop.session import ReportSession
from reporting.demo import create_demo_report
from reporting.ministries import send_workbook
from storage import open_database

INTERIOR = "Ministry of Interior"
KEY = "p21.agencies"  # a simple text question of an exported section
NEW_VALUE = "Ministry of the Interior; Customs"
SCREENS = Path("/tmp/screens")


def answer_open_dialog(monkeypatch: pytest.MonkeyPatch, path: Path) -> None:
    monkeypatch.setattr(
        QFileDialog, "getOpenFileName", staticmethod(lambda *_args: (str(path), ""))
    )


def answer_save_dialog(monkeypatch: pytest.MonkeyPatch, path: Path) -> None:
    monkeypatch.setattr(
        QFileDialog, "getSaveFileName", staticmethod(lambda *_args: (str(path), ""))
    )


def edit_workbook(path: Path, changes: dict[str, Any], saved_as: Path) -> Path:
    """What the ministry does: type new answers in column C of the rows keyed in column A."""
    workbook = load_workbook(path)
    found = set()
    for sheet in workbook.worksheets:
        if sheet.sheet_state != "visible":  # the metadata and the lists are not the ministry's
            continue
        for row in sheet.iter_rows():
            if row[0].value in changes:
                row[2].value = changes[row[0].value]
                found.add(row[0].value)
    assert found == set(changes)
    workbook.save(saved_as)
    return saved_as


def open_window(qtbot: QtBot, session: ReportSession, lang: str = "en") -> MainWindow:
    window = MainWindow(session, lang)
    qtbot.addWidget(window)
    window.show()
    return window


def export_through_the_window(
    qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch, target: Path
) -> None:
    answer_save_dialog(monkeypatch, target)
    window.export_for_ministry()
    dialog = window.ministry_export_dialog
    assert dialog is not None
    dialog.set_ministry(INTERIOR)
    assert dialog.sections() == ["a_coordination", "p21"]
    dialog.accept()
    qtbot.waitUntil(lambda: str(target) in window.statusBar().currentMessage(), timeout=60_000)


def import_through_the_window(
    qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch, path: Path
) -> ReviewDialog:
    answer_open_dialog(monkeypatch, path)
    previous = window.review_dialog
    window.import_ministry_workbook()
    qtbot.waitUntil(
        lambda: (
            window.review_dialog is not None
            and window.review_dialog is not previous
            and window.review_dialog.isVisible()
        ),
        timeout=60_000,
    )
    assert window.review_dialog is not None
    return window.review_dialog


@pytest.fixture
def assigned(session: ReportSession) -> ReportSession:
    session.db.add_ministry(INTERIOR)
    session.db.set_section_owners(session.report_id, {"p21": INTERIOR, "a_coordination": INTERIOR})
    return session


@pytest.fixture
def sent(assigned: ReportSession, tmp_path: Path) -> Path:
    """The workbook sent to the Interior, written without the window (the export has its tests)."""
    target = tmp_path / "XDM-2024-Ministry_of_Interior.xlsx"
    send_workbook(assigned.db, assigned.report_id, ministry=INTERIOR, path=target)
    return target


def rows(model: ReviewModel) -> dict[str, dict[str, Any]]:
    """Each shown row by question key: its texts by column, and its check box."""
    shown = {}
    for row in range(model.rowCount()):
        texts = {column: model.data(model.index(row, n)) for n, column in enumerate(COLUMNS)}
        box = model.index(row, COLUMNS.index("accept"))
        texts["checked"] = model.data(box, Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Checked
        texts["checkable"] = bool(model.flags(box) & Qt.ItemFlag.ItemIsUserCheckable)
        shown[model.item_at(row).key] = texts
    return shown


def stored(session: ReportSession, key: str) -> Any:
    answer = session.db.answer(session.report_id, key)
    return None if answer is None else answer.value


def test_assign_export_edit_import_and_apply(
    qtbot: QtBot,
    assigned: ReportSession,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    shown_errors: list[str],
) -> None:
    session = assigned
    window = open_window(qtbot, session)
    window.select_section("p21")
    sent_path = tmp_path / "XDM-2024-Ministry_of_Interior.xlsx"
    export_through_the_window(qtbot, window, monkeypatch, sent_path)
    assert sent_path.exists()
    [exchange] = session.db.exchanges(session.report_id)
    assert not exchange.returned
    before = stored(session, KEY)
    returned = edit_workbook(sent_path, {KEY: NEW_VALUE}, tmp_path / "returned.xlsx")

    dialog = import_through_the_window(qtbot, window, monkeypatch, returned)
    shown = rows(dialog.model)
    assert list(shown) == [KEY]  # unchanged answers are hidden
    assert shown[KEY]["status"] == "Changed" and shown[KEY]["checked"]
    assert shown[KEY]["current"] == before and shown[KEY]["incoming"] == NEW_VALUE
    assert shown[KEY]["section"] == "21. Laws and regulations on life-cycle control"
    assert dialog.ministry_label.text() == INTERIOR
    assert dialog.file_label.text() == "returned.xlsx"
    digest = dialog.review.sha256
    assert dialog.sha_label.text() == f"{digest[:12]}…" and dialog.sha_label.toolTip() == digest
    assert dialog.counts_label.text().startswith("Changed: 1 · Unchanged: ")
    assert dialog.notice_texts() == []  # sent from here: conflicts can be told
    assert dialog.apply_button.text() == "A&pply (1)"
    assert stored(session, KEY) == before  # nothing stored before Apply

    dialog.apply_button.click()
    assert stored(session, KEY) == NEW_VALUE
    entry = session.history(KEY)[-1]
    assert entry.source.kind == "ministry"
    detail = json.loads(entry.source.detail or "")
    assert detail["sha256"] == digest and detail["file"] == "returned.xlsx"
    [exchange] = session.db.exchanges(session.report_id)
    assert exchange.returned and exchange.returned_file == "returned.xlsx"
    assert exchange.returned_sha256 == digest
    assert window.statusBar().currentMessage() == "1 answer imported from returned.xlsx."
    # The page on screen shows the new answer, and undo does not reach back before the import.
    page = window.page
    assert isinstance(page, SectionPage) and page.section.key == "p21"
    field = page.blocks[KEY].editor.findChild(QLineEdit)
    assert field is not None and field.text() == NEW_VALUE
    assert window.session.value(KEY) == NEW_VALUE
    assert not window.session.undo_stack.canUndo()

    # The history says where the answer came from, in both languages.
    for lang, expected in (
        ("en", f"{INTERIOR} workbook returned.xlsx (SHA-256 {digest[:8]}…)"),
        ("fr", f"classeur returned.xlsx ({INTERIOR}, SHA-256 {digest[:8]}…)"),
    ):
        history = HistoryDialog(session, KEY, lang)
        qtbot.addWidget(history)
        model = history.view.model
        assert model.data(model.index(0, 3)) == expected
        tooltip = model.data(model.index(0, 3), Qt.ItemDataRole.ToolTipRole)
        assert digest in tooltip and INTERIOR in tooltip and exchange.id in tooltip
    assert shown_errors == []


def test_cancel_changes_nothing(
    qtbot: QtBot,
    assigned: ReportSession,
    sent: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    window = open_window(qtbot, assigned)
    before = stored(assigned, KEY)
    history = len(assigned.history())
    returned = edit_workbook(sent, {KEY: NEW_VALUE}, tmp_path / "returned.xlsx")
    dialog = import_through_the_window(qtbot, window, monkeypatch, returned)
    dialog.cancel_button.click()
    assert not dialog.isVisible()
    assert stored(assigned, KEY) == before and len(assigned.history()) == history
    assert not assigned.db.exchanges(assigned.report_id)[0].returned


def test_conflicts_and_cleared_answers_wait_for_a_decision(
    qtbot: QtBot, assigned: ReportSession, sent: Path, tmp_path: Path
) -> None:
    session = assigned
    session.set_value(KEY, "Changed here meanwhile")  # after sending
    returned = edit_workbook(
        sent,
        {KEY: NEW_VALUE, "p21.challenges": None, "a_coordination.members": "twenty"},
        tmp_path / "returned.xlsx",
    )
    review = _review(session, returned)
    dialog = ReviewDialog(session, review, "en")
    qtbot.addWidget(dialog)
    shown = rows(dialog.model)
    assert shown[KEY]["status"] == "Conflict" and not shown[KEY]["checked"]
    assert shown["p21.challenges"]["status"] == "Emptied" and not shown["p21.challenges"]["checked"]
    assert shown["p21.challenges"]["incoming"] == "(blank)"
    invalid = shown["a_coordination.members"]
    assert invalid["status"] == "Invalid" and not invalid["checkable"] and invalid["problems"]
    status_tip = dialog.model.data(
        dialog.model.index(dialog.model.row_of(KEY), COLUMNS.index("status")),
        Qt.ItemDataRole.ToolTipRole,
    )
    assert "Sent to the ministry:" in status_tip
    assert dialog.apply_button.text() == "A&pply (0)"

    dialog.accept_all_button.click()
    assert dialog.model.accepted_keys() == [KEY, "p21.challenges"]
    dialog.reject_all_button.click()
    assert dialog.model.accepted_keys() == []
    box = dialog.model.index(dialog.model.row_of(KEY), COLUMNS.index("accept"))
    assert dialog.model.setData(box, Qt.CheckState.Checked, Qt.ItemDataRole.CheckStateRole)
    assert dialog.apply_button.text() == "A&pply (1)"
    dialog.apply()
    assert stored(session, KEY) == NEW_VALUE
    assert stored(session, "p21.challenges") is not None  # not accepted: kept
    assert session.value(KEY) == NEW_VALUE  # the session was reloaded


def test_enter_ticks_the_current_row_and_never_applies(
    qtbot: QtBot, assigned: ReportSession, sent: Path, tmp_path: Path
) -> None:
    before = stored(assigned, KEY)
    returned = edit_workbook(sent, {KEY: NEW_VALUE}, tmp_path / "returned.xlsx")
    dialog = ReviewDialog(assigned, _review(assigned, returned), "en")
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.table.setFocus()
    assert dialog.model.accepted_keys() == [KEY]
    assert "Responsible agencies" in dialog.details.toPlainText()  # the current row in full
    QTest.keyClick(dialog.table, Qt.Key.Key_Return)
    assert dialog.model.accepted_keys() == []
    assert dialog.isVisible() and stored(assigned, KEY) == before
    QTest.keyClick(dialog.table, Qt.Key.Key_Return)
    assert dialog.model.accepted_keys() == [KEY]
    assert dialog.isVisible() and stored(assigned, KEY) == before


def test_show_unchanged_and_sorting(
    qtbot: QtBot, assigned: ReportSession, sent: Path, tmp_path: Path
) -> None:
    returned = edit_workbook(
        sent, {KEY: NEW_VALUE, "a_coordination.body_name": "NCSA"}, tmp_path / "r.xlsx"
    )
    dialog = ReviewDialog(assigned, _review(assigned, returned), "fr")
    qtbot.addWidget(dialog)
    assert dialog.model.keys() == ["a_coordination.body_name", KEY]  # by section, as sent
    unchanged = dialog.review.counts()["unchanged"]
    assert dialog.show_unchanged.text() == f"Afficher les réponses &inchangées ({unchanged})"
    dialog.show_unchanged.setChecked(True)
    assert dialog.model.rowCount() == unchanged + 2
    assert {row["status"] for row in rows(dialog.model).values()} == {"Modifiée", "Inchangée"}
    dialog.table.sortByColumn(COLUMNS.index("status"), Qt.SortOrder.AscendingOrder)
    assert dialog.model.item_at(0).status == "changed"
    dialog.table.sortByColumn(COLUMNS.index("section"), Qt.SortOrder.DescendingOrder)
    assert dialog.model.item_at(0).section_key == "p21"


def test_a_workbook_not_sent_from_this_database_says_conflicts_cannot_be_told(
    qtbot: QtBot, assigned: ReportSession, tmp_path: Path
) -> None:
    with open_database(tmp_path / "colleague.sqlite") as other:
        report = create_demo_report(other, language="en")
        other.add_ministry(INTERIOR)
        elsewhere = tmp_path / "from-a-colleague.xlsx"
        send_workbook(other, report.id, ministry=INTERIOR, path=elsewhere, sections=["p21"])
    returned = edit_workbook(elsewhere, {KEY: NEW_VALUE}, tmp_path / "returned.xlsx")
    dialog = ReviewDialog(assigned, _review(assigned, returned), "fr")
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.review.exchange is None
    assert dialog.not_ours.isVisible()
    assert dialog.notice_texts()[0].startswith("Ce classeur n'a pas été envoyé depuis cette base")
    assert rows(dialog.model)[KEY]["status"] == "Modifiée"
    dialog.apply()
    assert stored(assigned, KEY) == NEW_VALUE


def test_an_answer_changed_during_the_review_is_refused_and_nothing_is_stored(
    qtbot: QtBot, assigned: ReportSession, sent: Path, tmp_path: Path, shown_errors: list[str]
) -> None:
    returned = edit_workbook(sent, {KEY: NEW_VALUE}, tmp_path / "returned.xlsx")
    dialog = ReviewDialog(assigned, _review(assigned, returned), "en")
    qtbot.addWidget(dialog)
    dialog.show()
    assigned.set_value(KEY, "Typed while the dialog was open")
    dialog.apply()
    assert len(shown_errors) == 1 and KEY in shown_errors[0]
    assert stored(assigned, KEY) == "Typed while the dialog was open"
    assert dialog.isVisible()
    assert not assigned.db.exchanges(assigned.report_id)[0].returned


@pytest.mark.parametrize(
    ("lang", "make", "expected"),
    [
        ("en", "empty_workbook", "This file is not a ministry workbook from this program"),
        ("fr", "text_file", "Le fichier n'est pas un classeur Excel (.xlsx)"),
    ],
)
def test_a_refused_file_is_an_error_and_changes_nothing(
    qtbot: QtBot,
    assigned: ReportSession,
    sent: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    shown_errors: list[str],
    lang: str,
    make: str,
    expected: str,
) -> None:
    path = tmp_path / "returned.xlsx"
    if make == "empty_workbook":
        workbook = Workbook()
        workbook.active["A1"] = "Any workbook at all"
        workbook.save(path)
    else:
        path.write_text("not a workbook, only text renamed .xlsx", encoding="utf-8")
    window = open_window(qtbot, assigned, lang)
    history = len(assigned.history())
    answer_open_dialog(monkeypatch, path)
    window.import_ministry_workbook()
    qtbot.waitUntil(lambda: bool(shown_errors), timeout=60_000)
    assert expected in shown_errors[0]
    assert window.review_dialog is None
    assert len(assigned.history()) == history
    assert not assigned.db.exchanges(assigned.report_id)[0].returned


def test_a_missing_file_is_an_error(
    qtbot: QtBot,
    assigned: ReportSession,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    shown_errors: list[str],
) -> None:
    window = open_window(qtbot, assigned)
    answer_open_dialog(monkeypatch, tmp_path / "gone.xlsx")
    window.import_ministry_workbook()
    qtbot.waitUntil(lambda: bool(shown_errors), timeout=60_000)
    assert shown_errors[0].startswith("The file ") and "gone.xlsx" in shown_errors[0]
    assert "Nothing was changed." in shown_errors[0]


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_screenshot(
    qtbot: QtBot, assigned: ReportSession, sent: Path, tmp_path: Path, lang: str
) -> None:
    assigned.set_value("p21.challenges", "Changed here meanwhile")
    returned = edit_workbook(
        sent,
        {
            KEY: NEW_VALUE,
            "p21.challenges": "The transit decree was adopted in May 2024.",
            "a_coordination.members": "twenty",
            "a_coordination.women": 9,
            "p21.assistance_description": "Training for customs officers",
        },
        tmp_path / "returned.xlsx",
    )
    dialog = ReviewDialog(assigned, _review(assigned, returned), lang)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.wait(50)  # the layout settles, as on a screen
    SCREENS.mkdir(parents=True, exist_ok=True)
    assert dialog.grab().save(str(SCREENS / f"review_{lang}.png"))


def _review(session: ReportSession, path: Path) -> Any:
    from reporting.ministries import review_workbook

    return review_workbook(session.db, session.report_id, path.read_bytes(), file_name=path.name)
