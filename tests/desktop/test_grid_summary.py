"""The disaggregated data in the overview (Issue 4): each grid's total, mode and check."""

from __future__ import annotations

from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from desktop.grid_summary import KEY_ROLE, GridSummaryModel
from desktop.overview import OverviewView
from desktop.session import ReportSession


def rows(model: GridSummaryModel) -> dict[str, list[str]]:
    return {
        model.index(r, 0).data(KEY_ROLE): [model.index(r, c).data() for c in range(4)]
        for r in range(model.rowCount())
    }


def test_summary_of_every_grid(session: ReportSession, qtmodeltester: ModelTester) -> None:
    model = GridSummaryModel(session, "en")
    qtmodeltester.check(model)
    found = rows(model)
    assert len(found) == 7
    killed = found["d_grids.victims_killed"]
    assert killed[1:] == ["214", "Full breakdown", "Adds up to the total"]
    assert found["d_grids.victims_injured"][3].startswith("not disaggregated (")
    session.set_value(
        "d_grids.persons_arrested",
        {"total": 10, "margins": {"sex": {"female": 3, "male": 5}}, "mode": "sex"},
    )
    model.refresh()
    arrested = rows(model)["d_grids.persons_arrested"]
    assert arrested[2] == "By sex"
    assert arrested[3] == "Female (3) + Male (5) = 8, but the total is 10 (difference 2)."
    qtmodeltester.check(model)


def test_overview_row_opens_the_grid(session: ReportSession, qtbot: QtBot) -> None:
    view = OverviewView(session, "fr")
    qtbot.addWidget(view)
    index = view.grids.index(0, 0)
    with qtbot.waitSignal(view.jump_requested) as jump:
        view.grid_view.activated.emit(index)
    assert jump.args[0] == "d_grids.victims_killed"
