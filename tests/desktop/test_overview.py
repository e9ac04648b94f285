"""The overview: completion, errors and warnings, SDG 16.4.2, carried-over answers to confirm."""

from __future__ import annotations

import re

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from desktop.overview import CarriedModel, OverviewView, completion_groups
from desktop.preflight import check_report
from desktop.session import ReportSession
from reporting import service
from reporting.demo import create_demo_report
from storage import Database


def make_view(qtbot: QtBot, session: ReportSession, lang: str = "en") -> OverviewView:
    view = OverviewView(session, lang)
    qtbot.addWidget(view)
    return view


def texts(view: OverviewView) -> str:
    return "\n".join(label.text() for label in view.findChildren(QLabel))


def test_title_names_the_country_and_cycle(qtbot: QtBot, session: ReportSession) -> None:
    view = make_view(qtbot, session)
    assert view.title.text() == "Overview of the report — Demoland (fictional State), 2024"
    assert view.accessibleName() == view.title.text()


def test_completion_per_part_and_heading(qtbot: QtBot, session: ReportSession) -> None:
    groups = list(completion_groups(session.template, "en"))
    labels = [(depth, label[:30]) for depth, label, _ in groups]
    # Parts; the headings of Part B, and the second level under I. only (it divides all of I.).
    assert [label for depth, label in labels if depth == 0][:2] == [
        "Part A: Reporting State and co",
        "Part B: Implementation of the ",
    ]
    assert [label[:4] for depth, label in labels if depth == 1] == ["I. E", "II. ", "III."]
    assert [label for depth, label in labels if depth == 2] == [
        "1. Au niveau national",
        "2. Au niveau régional",
        "3. Au niveau mondial",
    ]
    part_b = next(sections for _, label, sections in groups if label.startswith("Part B"))
    assert len(part_b) == 75

    view = make_view(qtbot, session)
    bar, count, _ = view.bars[1]
    done = bar.value()
    assert count.text() == f"{done} / 75 sections complete"
    assert bar.maximum() == 75 and 0 < done <= 75
    assert bar.accessibleName().startswith("Part B")
    # The measure is said on screen.
    assert "complete when every required question" in texts(view)


def test_completion_follows_the_answers(qtbot: QtBot, session: ReportSession) -> None:
    view = make_view(qtbot, session)
    bar, count, _ = view.bars[0]  # Part A
    before = bar.value()

    session.set_value("a_coordination.women", 50)  # an error: the section is no longer complete
    view.refresh()

    assert bar.value() == before - 1
    assert count.text() == f"{before - 1} / 3 sections complete"


def test_sdg_values_per_year_and_for_the_period(qtbot: QtBot, session: ReportSession) -> None:
    view = make_view(qtbot, session)
    model = view.sdg.model
    rows = [
        [model.data(model.index(row, column)) for column in range(model.columnCount())]
        for row in range(model.rowCount())
    ]

    assert view.sdg.title.text() == "SDG indicator 16.4.2"
    assert rows[0][:4] == ["2022", "244", "705", "34.6 %"]
    assert rows[1][:4] == ["2023", "306", "828", "37.0 %"]
    # 2024 lacks the arms surrendered: said so, never a 0 %.
    assert rows[2][3:] == ["n/c", "Not computable: missing 2024 — Arms surrendered."]
    assert rows[3][0] == "Whole period"
    assert not any(re.fullmatch(r"0(?:\.0)? %", str(cell)) for row in rows for cell in row)
    shown = texts(view)
    assert "Proportion of seized, found or surrendered arms" in shown  # the definition
    assert "Numerator: Origin established by tracing + Origin established by other means" in shown


def test_errors_and_warnings_lead_to_their_first_section(
    qtbot: QtBot, session: ReportSession
) -> None:
    view = make_view(qtbot, session)
    errors, warnings = view.issue_buttons["error"], view.issue_buttons["warning"]
    assert (errors.text(), errors.isEnabled()) == ("0 errors", False)
    assert warnings.text() == "1 warning"

    with qtbot.waitSignal(view.section_requested) as request:
        warnings.click()
    assert request.args == ["p28"]

    session.set_value("a_coordination.women", 50)
    view.refresh()
    with qtbot.waitSignal(view.section_requested) as request:
        errors.click()
    assert request.args == ["a_coordination"]


def test_carried_over_answers_to_confirm(qtbot: QtBot, db: Database) -> None:
    demo = create_demo_report(db, language="fr")
    info = service.create_report(db, country="XDM", cycle=2026, language="fr", carry_from=demo.id)
    session = ReportSession(db, info.id)
    view = make_view(qtbot, session, "fr")
    view.show()
    qtbot.waitExposed(view)

    assert view.title.text() == "Vue d'ensemble du rapport — Démolande (État fictif), 2026"
    assert view.carried.rowCount() == len(session.state.carried_over)
    assert view.carried_view.isVisible()
    first = view.carried.index(0, 0)
    assert view.carried.data(first) == (
        "État déclarant et période considérée — Début de la période considérée"
    )
    overall = view.sdg.model.index(view.sdg.model.rowCount() - 1, 4)
    assert "Non calculable" in view.sdg.model.data(overall)

    view.carried_view.setFocus()
    view.carried_view.setCurrentIndex(first)
    with qtbot.waitSignal(view.jump_requested) as jump:
        qtbot.keyClick(view.carried_view, Qt.Key.Key_Return)
    assert jump.args == [view.carried.data(first, Qt.ItemDataRole.UserRole), None, None]


def test_nothing_to_confirm_is_said(qtbot: QtBot, session: ReportSession) -> None:
    view = make_view(qtbot, session)
    assert view.carried.rowCount() == 0
    assert view.carried_note.text() == "No carried-over answer left to confirm."


def test_the_model_passes_qt_checks(qtmodeltester: ModelTester, session: ReportSession) -> None:
    state = session.state
    rows = check_report(state.template, state.answers, {"p21.status", "a_state.country"}, "en")
    model = CarriedModel()
    model.set_rows([row for row in rows if row.kind == "confirm"])
    qtmodeltester.check(model)
    assert model.rowCount() == 2
