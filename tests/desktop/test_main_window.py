"""The main window (Issue 3): navigation, guided entry with autosave, skip logic, validation
messages beside their field, the pre-flight jump, undo, the language switch, and reopening."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QFocusEvent, QKeyEvent
from PySide6.QtWidgets import QApplication, QLabel, QLineEdit, QRadioButton, QWidget
from pytestqt.qtbot import QtBot

from desktop.main_window import MainWindow
from desktop.section_page import SectionPage
from desktop.session import ReportSession
from forms.catalogue import load_catalogue
from reporting import service
from storage import Database, open_database


def open_window(qtbot: QtBot, db: Database, report_id: int, lang: str = "en") -> MainWindow:
    window = MainWindow(ReportSession(db, report_id), lang)
    qtbot.addWidget(window)
    window.show()
    return window


@pytest.fixture
def window(qtbot: QtBot, db: Database) -> MainWindow:
    info = service.create_report(db, country="SEN", cycle=2024, language="fr")
    return open_window(qtbot, db, info.id)


def page(window: MainWindow, section: str) -> SectionPage:
    window.select_section(section)
    assert isinstance(window.page, SectionPage) and window.page.section.key == section
    return window.page


def type_text(widget: QWidget, text: str) -> None:
    """Type any text, accents and Arabic included (qtbot.keyClicks aborts on non-ASCII)."""
    widget.setFocus()
    for char in text:
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(
                widget, QKeyEvent(kind, Qt.Key.Key_unknown, Qt.KeyboardModifier.NoModifier, char)
            )
    QApplication.sendEvent(widget, QFocusEvent(QEvent.Type.FocusOut, Qt.FocusReason.TabFocusReason))


def line_edit(window: MainWindow, key: str) -> QLineEdit:
    block = page(window, key.split(".")[0]).blocks[key]
    edit = block.editor.findChild(QLineEdit)
    assert edit is not None
    return edit


def stored(window: MainWindow, key: str) -> Any:
    answer = window.session.db.answer(window.session.report_id, key)
    return None if answer is None else answer.value


def test_navigation_tree_and_keyboard(window: MainWindow) -> None:
    assert window.model.rowCount() == 6
    assert window.current_section_key() == "a_state"
    window.step(1)
    assert window.current_section_key() == "a_coordination"
    window.select_section("p95")
    window.step(1)
    assert window.current_section_key() == "c_sdg"
    window.step(-1)
    assert window.current_section_key() == "p95"
    next_action = next(a for a in window.actions() if a.shortcut().toString() == "Ctrl+PgDown")
    next_action.trigger()
    assert window.current_section_key() == "c_sdg"


def test_official_text_is_shown_and_collapsible(window: MainWindow) -> None:
    p25 = page(window, "p25")
    assert p25.official_box.text() == load_catalogue().paragraph(25).text_fr
    assert p25.official_box.isVisibleTo(p25)
    p25.official_toggle.click()
    assert not p25.official_box.isVisibleTo(p25)


def test_typed_number_is_saved_at_once(window: MainWindow) -> None:
    edit = line_edit(window, "p28.investigations")
    type_text(edit, "1234")
    assert stored(window, "p28.investigations") == 1234
    assert "saved" in window.statusBar().currentMessage()


def test_refused_input_stays_with_its_message(window: MainWindow) -> None:
    edit = line_edit(window, "p28.investigations")
    type_text(edit, "douze")
    assert stored(window, "p28.investigations") is None
    assert edit.text() == "douze"  # nothing the person typed is lost
    block = window.page.blocks["p28.investigations"]  # type: ignore[union-attr]
    problems = [lbl.text() for lbl in block.editor.findChildren(QLabel) if lbl.isVisibleTo(block)]
    assert any("not a whole number" in text for text in problems)


def test_accented_and_right_to_left_text(window: MainWindow) -> None:
    edit = line_edit(window, "a_coordination.body_name")
    type_text(edit, "Commission nationale — مرحبا")
    assert stored(window, "a_coordination.body_name") == "Commission nationale — مرحبا"


def test_skip_logic_shows_and_hides_questions(window: MainWindow) -> None:
    p29 = page(window, "p29")
    measures = p29.blocks["p29.measures"]
    assert not measures.isVisibleTo(p29)
    radios = {r.text(): r for r in p29.blocks["p29.status"].editor.findChildren(QRadioButton)}
    radios["Implemented"].click()
    assert stored(window, "p29.status") == "implemented"
    assert measures.isVisibleTo(p29)
    radios["Not applicable"].click()
    assert not measures.isVisibleTo(p29)


def test_validation_message_beside_the_field_and_in_the_page_list(window: MainWindow) -> None:
    session = window.session
    session.set_value("a_coordination.body_exists", "yes")
    session.set_value("a_coordination.members", 5)
    coordination = page(window, "a_coordination")
    type_text(line_edit(window, "a_coordination.women"), "9")
    women = coordination.blocks["a_coordination.women"]
    assert any(
        t.startswith("Error: Women") or t.startswith("Error:") for t in women.message_texts()
    )
    assert coordination.issue_list.count() >= 1
    item = next(coordination.issue_list.item(i) for i in range(coordination.issue_list.count())
                if "Error" in coordination.issue_list.item(i).text())  # fmt: skip
    coordination.issue_list.itemActivated.emit(item)
    editor_field = women.editor.findChild(QLineEdit)
    assert editor_field is not None and editor_field.hasFocus()


def test_preflight_jumps_to_the_field(qtbot: QtBot, window: MainWindow) -> None:
    window.session.set_value("a_coordination.body_exists", "yes")
    window.session.set_value("a_coordination.members", 5)
    window.session.set_value("a_coordination.women", 9)
    window.show_preflight()
    assert window.preflight is not None
    window.preflight.refresh()
    window.preflight.jump_requested.emit("a_coordination.women", None, None)
    assert window.current_section_key() == "a_coordination"
    women = window.page.blocks["a_coordination.women"]  # type: ignore[union-attr]
    field = women.editor.findChild(QLineEdit)
    qtbot.waitUntil(lambda: field is not None and field.hasFocus())


def test_undo_and_redo_from_the_menu(window: MainWindow) -> None:
    edit = line_edit(window, "p28.investigations")
    type_text(edit, "12")
    edit.selectAll()
    type_text(edit, "15")
    assert stored(window, "p28.investigations") == 15
    window.undo_action.trigger()
    assert stored(window, "p28.investigations") == 12
    assert edit.text() == "12"
    window.redo_action.trigger()
    assert stored(window, "p28.investigations") == 15


def test_language_switch_changes_visible_texts(window: MainWindow) -> None:
    page(window, "p29")
    assert window.menuBar().actions()[0].text() == "&File"
    window.set_language("fr")
    assert window.menuBar().actions()[0].text() == "&Fichier"
    assert window.current_section_key() == "p29"  # the same page stays open
    assert window.page is not None
    titles = [lbl.text() for lbl in window.page.findChildren(QLabel)]
    assert "29. Contrôle des transferts et certificats d'utilisateur final" in titles
    title = "Rapport national sur le Programme d'action — état\u00a0: Projet"
    assert window.windowTitle().endswith(title)
    # Each shortcut belongs to one action only, or Qt would find it ambiguous and do nothing.
    shortcuts = [a.shortcut().toString() for a in window.actions() if not a.shortcut().isEmpty()]
    assert len(shortcuts) == len(set(shortcuts)) and "Ctrl+PgDown" in shortcuts


EVERY_TYPE: list[tuple[str, Any, Any]] = [
    ("a_coordination.body_exists", "developing", "developing"),
    ("p21.status", "partially_implemented", "partially_implemented"),
    ("p62.mark_contents", ["serial_number", "other"], ["serial_number", "other"]),
    ("a_coordination.body_name", "Crème brûlée à l'œuvre", "Crème brûlée à l'œuvre"),
    ("p21.measures", "مرحبا بالعالم 🕊️", "مرحبا بالعالم 🕊️"),
    ("a_coordination.members", "1 234", 1234),
    ("p63.median_days_to_answer", "12,5", "12.5"),
    ("a_state.period_start", "2022-07-01", "2022-07-01"),
    ("p89.baseline_year", "2023", 2023),
    ("a_state.country", "CIV", "CIV"),
    ("a_contacts.poc_poa", {"title": "ms", "name": "Aïcha"}, {"title": "ms", "name": "Aïcha"}),
    ("p21.instruments", [{"title_original": "Loi n° 1"}], [{"title_original": "Loi n° 1"}]),
    (
        "d_grids.victims_killed",
        {"total": 0, "cells": {"female/age_18_24/with": 0}, "not_disaggregated": None},
        {
            "total": 0,
            "mode": "full",
            "cells": {"female/age_18_24/with": 0},
            "margins": {},
            "not_disaggregated": None,
        },
    ),
]


def test_closing_and_reopening_keeps_every_value(
    qtbot: QtBot, db: Database, tmp_path: Path
) -> None:
    info = service.create_report(db, country="SEN", cycle=2024, language="fr")
    window = open_window(qtbot, db, info.id, lang="fr")
    for key, typed, _ in EVERY_TYPE:
        block = page(window, key.split(".")[0]).blocks[key]
        block.editor.edited.emit(typed)  # what the widget emits (widgets: tests/desktop/editors)
    attached = tmp_path / "plan.txt"
    attached.write_text("Plan d'action national", encoding="utf-8")
    window._attach_file("a_contacts.nap_file", attached)
    window.close()
    with open_database(db.path) as reopened:
        answers = service.load_state(reopened, info.id).answers
    for key, _, expected in EVERY_TYPE:
        assert answers[key] == expected, key
    assert answers["a_contacts.nap_file"][0]["name"] == "plan.txt"
    again = open_window(qtbot, db, info.id, lang="fr")
    p21 = page(again, "p21")
    assert p21.blocks["p21.measures"].editor.findChild(QWidget) is not None


def test_pending_text_is_saved_when_the_window_closes(window: MainWindow) -> None:
    edit = line_edit(window, "a_coordination.body_name")
    edit.setFocus()
    for char in "Commission":
        QApplication.sendEvent(edit, QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_unknown,
                                               Qt.KeyboardModifier.NoModifier, char))  # fmt: skip
    assert stored(window, "a_coordination.body_name") is None  # still typing: not yet saved
    window.close()
    assert stored(window, "a_coordination.body_name") == "Commission"


def test_carried_over_answer_is_confirmed_on_its_page(qtbot: QtBot, db: Database) -> None:
    first = service.create_report(db, country="SEN", cycle=2024, language="en")
    service.set_value(db, first.id, "p29.agencies", "Douanes", source=service.Source("typed"))
    second = service.create_report(db, country="SEN", cycle=2026, language="en",
                                   carry_from=first.id)  # fmt: skip
    window = open_window(qtbot, db, second.id)
    p29 = page(window, "p29")
    block = p29.blocks["p29.agencies"]
    assert block.carried.isVisibleTo(p29)
    block.confirm_requested.emit("p29.agencies")
    assert not block.carried.isVisibleTo(p29)
    assert not window.session.is_carried("p29.agencies")


def test_sdg_page_shows_the_indicator(window: MainWindow) -> None:
    """Issue 4: the SDG 16.4.2 panel sits on the page where its figures are entered."""
    from desktop.sdg_panel import SdgPanel

    sdg = page(window, "c_sdg")
    panel = sdg.findChild(SdgPanel)
    assert panel is not None
    window.session.set_value(
        "c_sdg.years",
        [{"year": 2022, "seized": 80, "found": 15, "surrendered": 5,
          "established_tracing": 30, "established_other": 10}],
    )  # fmt: skip
    assert "2022: 40.0 %" in panel.chart.accessibleDescription().replace("\u00a0", " ")


@pytest.mark.parametrize(("kind", "magic"), [("xlsx", b"PK"), ("pdf", b"%PDF"), ("blank", b"%PDF")])
def test_export_from_the_file_menu(
    qtbot: QtBot, window: MainWindow, tmp_path: Path, kind: str, magic: bytes
) -> None:
    """Issue 5: File › Export, off the GUI thread, written atomically, said in the status bar."""
    target = tmp_path / f"report.{kind}"
    window.ask_export_path = lambda _kind, _suggested: target  # type: ignore[method-assign]
    window.export(kind)
    qtbot.waitUntil(lambda: window.export_task.done, timeout=60_000)
    assert target.read_bytes().startswith(magic)
    qtbot.waitUntil(lambda: str(target) in window.statusBar().currentMessage())
