"""The first desktop window, on the demo report: navigation, section pages, states, start-up."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import (
    QApplication,
    QLabel,
    QMessageBox,
    QTreeWidgetItem,
    QTreeWidgetItemIterator,
    QWidget,
)
from pytestqt.qtbot import QtBot

import desktop.app
import reporting.launch
from desktop.app import build_main_window, run
from desktop.main_window import (
    STATE_ROLE,
    STRINGS,
    MainWindow,
    SectionState,
    section_state,
)
from forms.catalogue import load_catalogue
from forms.i18n import placeholders
from forms.validation import relevance
from reporting import service
from reporting.demo import create_demo_report
from reporting.service import ReportState
from storage import Source, open_database

TYPED = Source("typed")
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "r.sqlite"


@pytest.fixture
def report_id(db_path: Path) -> int:
    with open_database(db_path) as db:
        return create_demo_report(db).id


def load(db_path: Path, report_id: int) -> ReportState:
    with open_database(db_path) as db:
        return service.load_state(db, report_id)


def make_window(qtbot: QtBot, state: ReportState, lang: str = "en") -> MainWindow:
    window = MainWindow(state, lang)
    qtbot.addWidget(window)
    return window


def items(window: MainWindow) -> Iterator[QTreeWidgetItem]:
    iterator = QTreeWidgetItemIterator(window.tree)
    while (item := iterator.value()) is not None:
        yield item
        iterator += 1


def page(window: MainWindow) -> QWidget:
    widget = window.page_area.widget()
    assert widget is not None
    return widget


def page_texts(window: MainWindow) -> list[str]:
    return [label.text() for label in page(window).findChildren(QLabel)]


def parent_of(item: QTreeWidgetItem) -> QTreeWidgetItem:
    parent = item.parent()
    assert parent is not None
    return parent


def select(window: MainWindow, text_prefix: str) -> QTreeWidgetItem:
    """Click the navigation item whose text starts with ``text_prefix``, as a person would."""
    item = next(item for item in items(window) if item.text(0).startswith(text_prefix))
    window.tree.setCurrentItem(item)
    return item


# -- navigation --------------------------------------------------------------------------------


def test_tree_has_one_top_level_item_per_part(qtbot: QtBot, db_path: Path, report_id: int) -> None:
    state = load(db_path, report_id)
    window = make_window(qtbot, state)

    tops = [item.text(0) for item in items(window) if item.parent() is None]
    assert tops == [part.title.en for part in state.template.parts]


def test_part_b_sections_sit_under_their_headings(
    qtbot: QtBot, db_path: Path, report_id: int
) -> None:
    state = load(db_path, report_id)
    window = make_window(qtbot, state)

    item = select(window, "25. ")
    section = state.template.section("p25")
    assert item.text(0) == f"25. {section.title.en}"
    assert parent_of(item).text(0) == section.heading_path[1]
    assert parent_of(parent_of(item)).text(0) == section.heading_path[0]


def test_first_section_is_selected_on_open(qtbot: QtBot, db_path: Path, report_id: int) -> None:
    state = load(db_path, report_id)
    window = make_window(qtbot, state)

    first = next(state.template.sections())
    assert window.tree.currentItem() is window.section_items[first.key]
    assert first.title.en in page_texts(window)


def test_every_item_opens_a_page_with_its_title(
    qtbot: QtBot, db_path: Path, report_id: int
) -> None:
    window = make_window(qtbot, load(db_path, report_id))

    for item in items(window):
        window.tree.setCurrentItem(item)
        texts = page_texts(window)
        assert texts[0] == item.text(0)


def test_a_heading_page_shows_the_official_chapeau(
    qtbot: QtBot, db_path: Path, report_id: int
) -> None:
    heading = next(h for h in load_catalogue().headings if h.chapeau and len(h.path) == 1)
    window = make_window(qtbot, load(db_path, report_id))

    select(window, heading.path[0])

    assert heading.chapeau in page_texts(window)


# -- section pages -------------------------------------------------------------------------------


def test_paragraph_25_shows_its_official_french_text(
    qtbot: QtBot, db_path: Path, report_id: int
) -> None:
    window = make_window(qtbot, load(db_path, report_id))

    select(window, "25. ")

    texts = page_texts(window)
    assert load_catalogue().paragraph(25).text_fr in texts
    assert "Official text (French)" in texts


def test_page_shows_answers_and_blanks(qtbot: QtBot, db_path: Path, report_id: int) -> None:
    with open_database(db_path) as db:
        service.set_value(db, report_id, "p29.challenges", "<b>not markup</b> & more", source=TYPED)
        service.set_value(db, report_id, "p29.agencies", None, source=TYPED)
    window = make_window(qtbot, load(db_path, report_id))

    select(window, "29. ")

    answers = {label.text(): label for label in page(window).findChildren(QLabel, "answer")}
    # User text is shown as typed, never interpreted as rich text.
    assert answers["<b>not markup</b> & more"].textFormat().name == "PlainText"
    assert "[No response]" in answers


def test_french_interface(qtbot: QtBot, db_path: Path, report_id: int) -> None:
    window = make_window(qtbot, load(db_path, report_id), "fr")

    select(window, "25. ")

    assert window.windowTitle().startswith("Démolande (État fictif) — 2024 — ")
    assert "Texte officiel (français)" in page_texts(window)
    status = [label.text() for label in window.statusBar().findChildren(QLabel)]
    assert STRINGS["fr"]["read_only"] in status


def test_status_bar_says_read_only(qtbot: QtBot, db_path: Path, report_id: int) -> None:
    window = make_window(qtbot, load(db_path, report_id))

    status = [label.text() for label in window.statusBar().findChildren(QLabel)]
    assert "Read-only preview — editing comes in the next version" in status


# -- section states ------------------------------------------------------------------------------


def test_section_with_an_error_shows_the_error_state(
    qtbot: QtBot, db_path: Path, report_id: int
) -> None:
    coordination = {
        "a_coordination.body_exists": "yes",
        "a_coordination.members": 5,
        "a_coordination.women": 9,
        "a_coordination.men": 1,
    }
    with open_database(db_path) as db:
        service.set_values(db, report_id, coordination, source=TYPED)
    window = make_window(qtbot, load(db_path, report_id))

    item = window.section_items["a_coordination"]
    assert item.data(0, STATE_ROLE) == SectionState.ERRORS
    assert "Has errors" in item.toolTip(0)
    window.tree.setCurrentItem(item)
    texts = page_texts(window)
    assert "Has errors" in texts
    assert any(t.startswith("Error: The number of women (9)") for t in texts)
    assert any(t.startswith("Warning: ") for t in texts)  # women + men differ from members


@pytest.mark.parametrize(
    ("answers", "expected"),
    [
        ({}, SectionState.EMPTY),
        ({"p29.challenges": "Porous borders."}, SectionState.IN_PROGRESS),  # status missing
        ({"p29.status": "implemented"}, SectionState.COMPLETE),
    ],
)
def test_section_state(
    db_path: Path, report_id: int, answers: dict[str, Any], expected: SectionState
) -> None:
    template = load(db_path, report_id).template
    state = ReportState(load(db_path, report_id).info, template, answers, frozenset())
    issues: dict[str, list[Any]] = {}
    for issue in state.issues("en"):
        issues.setdefault(issue.key, []).append(issue)

    result = section_state(template.section("p29"), answers, issues, relevance(template, answers))

    assert result == expected


def test_strings_have_the_same_keys_and_placeholders_in_every_language() -> None:
    english = STRINGS["en"]
    for strings in STRINGS.values():
        assert strings.keys() == english.keys()
        for key, text in strings.items():
            assert placeholders(text) == placeholders(english[key]), key


# -- start-up ------------------------------------------------------------------------------------


def test_first_run_creates_the_demo_report(qtbot: QtBot, db_path: Path) -> None:
    window = build_main_window(db_path, "en")
    qtbot.addWidget(window)

    assert window.windowTitle() == "Demoland (fictional State) — 2024 — PoA national report"
    with open_database(db_path) as db:
        reports = db.list_reports()
    assert [(info.country, info.is_demo) for info in reports] == [("XDM", True)]


def test_opens_the_most_recently_updated_report(
    qtbot: QtBot, db_path: Path, report_id: int
) -> None:
    with open_database(db_path) as db:
        other = service.create_report(db, country="FRA", cycle=2030, language="fr")
        service.set_value(db, report_id, "p29.challenges", "Updated last.", source=TYPED)

    window = build_main_window(db_path, "en")
    qtbot.addWidget(window)

    assert window.state.info.id == report_id != other.id


def test_run_shows_the_event_loop_and_returns_its_exit_code(
    qtbot: QtBot, qapp: QApplication, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("POA_REPORT_LANG", "en")
    QTimer.singleShot(0, lambda: qapp.exit(0))  # ends the event loop as soon as it starts

    assert run(db_path) == 0
    assert QApplication.applicationName() == "PoA National Report"
    with open_database(db_path) as db:
        assert len(db.list_reports()) == 1


def test_run_reports_a_database_error_in_a_message_box(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("POA_REPORT_LANG", "fr")
    shown: list[str] = []

    def critical(_parent: object, _title: str, text: str) -> None:
        shown.append(text)

    monkeypatch.setattr(QMessageBox, "critical", critical)
    not_ours = tmp_path / "notes.sqlite"
    not_ours.write_text("not a database", encoding="utf-8")

    assert run(not_ours) == 2
    assert len(shown) == 1
    assert str(not_ours) in shown[0]
    assert not_ours.read_text(encoding="utf-8") == "not a database"


def test_launch_delegates_to_the_desktop_application(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[Path | None] = []

    def fake_run(path: Path | None) -> int:
        calls.append(path)
        return 7

    monkeypatch.setattr(desktop.app, "run", fake_run)

    assert reporting.launch.start_application(db_path) == 7
    assert calls == [db_path]


def test_the_command_line_does_not_import_qt() -> None:
    code = "import sys, reporting.cli; print(any(m.startswith('PySide6') for m in sys.modules))"
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "False"
