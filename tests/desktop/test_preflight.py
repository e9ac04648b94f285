"""The pre-flight list: errors, warnings and answers to confirm, with filters and jumps."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from desktop.preflight import ROW_ROLE, PreflightModel, PreflightView, check_report, counted
from desktop.session import ReportSession
from reporting import service
from reporting.demo import create_demo_report
from storage import Database


def make_view(qtbot: QtBot, session: ReportSession, lang: str = "en") -> PreflightView:
    view = PreflightView(session, lang)
    qtbot.addWidget(view)
    return view


def shown(view: PreflightView) -> list[tuple[str, str]]:
    model = view.model
    return [(model.row_at(model.index(r, 0)).kind, model.row_at(model.index(r, 0)).key)
            for r in range(model.rowCount())]  # fmt: skip


def test_the_demo_report_has_one_warning_and_nothing_else(
    qtbot: QtBot, session: ReportSession
) -> None:
    view = make_view(qtbot, session)

    assert shown(view) == [("warning", "p28.convictions")]
    assert view.summary.text() == "Found: 0 errors, 1 warning, 0 answers to confirm."
    row = view.model.index(0, 0)
    assert view.model.data(row) == "Warning"  # said in words, not by colour alone
    assert view.model.data(row, Qt.ItemDataRole.DecorationRole) is not None
    assert (
        view.model.data(view.model.index(0, 1))
        == "28. Inter-agency coordination against traffickers"
    )
    assert "Convictions (61) exceed prosecutions (58)" in view.model.data(view.model.index(0, 3))


def test_an_invalid_combination_is_listed_first_and_the_jump_carries_its_key(
    qtbot: QtBot, session: ReportSession
) -> None:
    view = make_view(qtbot, session)
    # Commitment: the national coordination body's members (21) include at most 21 women.
    session.set_value("a_coordination.women", 50)
    view.refresh()

    kind, key = shown(view)[0]
    assert (kind, key) == ("error", "a_coordination.women")
    # The women's figure also breaks "women and men add up to the members": a warning.
    assert view.summary.text() == "Found: 1 error, 2 warnings, 0 answers to confirm."
    assert (
        view.model.data(view.model.index(0, 0), Qt.ItemDataRole.ForegroundRole).color().name()
        == "#b3261e"
    )

    view.table.setFocus()
    view.table.setCurrentIndex(view.model.index(0, 2))
    with qtbot.waitSignal(view.jump_requested) as jump:
        qtbot.keyClick(view.table, Qt.Key.Key_Return)
    assert jump.args == ["a_coordination.women", None, None]


def test_a_table_error_carries_its_row_and_column(qtbot: QtBot, session: ReportSession) -> None:
    years = [dict(row) for row in session.value("c_sdg.years")]
    years[1]["year"] = years[0]["year"]  # each year is reported once
    session.set_value("c_sdg.years", years)
    view = make_view(qtbot, session)

    view.resize(900, 400)
    view.show()
    qtbot.waitExposed(view)

    assert shown(view)[0] == ("error", "c_sdg.years")
    where = view.table.visualRect(view.model.index(0, 3)).center()
    with qtbot.waitSignal(view.jump_requested) as jump:
        # A double-click is a click and then a double-click event, as the platform sends them.
        qtbot.mouseClick(view.table.viewport(), Qt.MouseButton.LeftButton, pos=where)
        qtbot.mouseDClick(view.table.viewport(), Qt.MouseButton.LeftButton, pos=where)
    assert jump.args == ["c_sdg.years", 2, "year"]


def test_filters_hide_and_show_kinds(qtbot: QtBot, session: ReportSession) -> None:
    view = make_view(qtbot, session)
    session.set_value("a_coordination.women", 50)
    view.refresh()
    assert [kind for kind, _ in shown(view)] == ["error", "warning", "warning"]
    assert view.filters["error"].text() == "Errors (1)"
    assert view.filters["warning"].text() == "Warnings (2)"

    view.filters["error"].setChecked(False)
    assert [kind for kind, _ in shown(view)] == ["warning", "warning"]
    view.filters["warning"].setChecked(False)
    assert shown(view) == []
    view.filters["error"].setChecked(True)
    assert [kind for kind, _ in shown(view)] == ["error"]


def test_carried_over_answers_are_listed_to_confirm(qtbot: QtBot, db: Database) -> None:
    demo = create_demo_report(db, language="fr")
    info = service.create_report(db, country="XDM", cycle=2026, language="fr", carry_from=demo.id)
    session = ReportSession(db, info.id)
    view = make_view(qtbot, session, "fr")

    kinds = [kind for kind, _ in shown(view)]
    assert kinds.index("confirm") > max(i for i, kind in enumerate(kinds) if kind != "confirm")
    confirm = [key for kind, key in shown(view) if kind == "confirm"]
    assert len(confirm) == len(session.state.carried_over)
    # Template order: Part A before the commitments.
    assert confirm[0].startswith("a_") and confirm.index("p21.status") < confirm.index("p22.status")
    assert view.filters["confirm"].text() == f"À confirmer ({len(confirm)})"
    assert f"{len(confirm)} réponses à confirmer" in view.summary.text()
    first = view.model.index(kinds.index("confirm"), 0)
    assert view.model.data(first) == "À confirmer"

    session.confirm("p21.status")  # the list follows the session when it is on screen
    view.show()
    qtbot.waitUntil(lambda: "p21.status" not in [key for _, key in shown(view)])


def test_the_check_can_run_in_the_background(qtbot: QtBot, session: ReportSession) -> None:
    view = make_view(qtbot, session)
    session.set_value("a_coordination.women", 50)
    view.model.set_rows([])  # forget the last result, to see the background check's

    view.refresh_async()
    assert not view.check_button.isEnabled()
    qtbot.waitUntil(lambda: view.check_button.isEnabled(), timeout=5000)

    assert [kind for kind, _ in shown(view)] == ["error", "warning", "warning"]


def test_counts_use_each_languages_plural() -> None:
    assert counted("tools.count.error", 0, "en") == "0 errors"
    assert counted("tools.count.error", 0, "fr") == "0 erreur"
    assert counted("tools.count.warning", 1, "en") == "1 warning"
    assert counted("tools.count.confirm", 2, "fr") == "2 réponses à confirmer"


def test_the_model_passes_qt_checks(qtmodeltester: ModelTester, session: ReportSession) -> None:
    state = session.state
    session.set_value("a_coordination.women", 50)
    model = PreflightModel("fr")
    model.set_rows(check_report(state.template, session.state.answers, {"p21.status"}, "fr"))
    qtmodeltester.check(model)
    model.set_kinds({"confirm"})
    qtmodeltester.check(model)
    assert model.data(model.index(0, 0), ROW_ROLE).key == "p21.status"
    assert model.data(QModelIndex()) is None
