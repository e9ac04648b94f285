"""The navigation tree (Issue 3): Parts → headings → sections with their state."""

from __future__ import annotations

from pathlib import Path

from pytestqt.modeltest import ModelTester

from desktop.navigation import KEY_ROLE, KIND_ROLE, STATE_ROLE, NavigationModel
from desktop.session import ReportSession, SectionState
from reporting import service
from storage import open_database


def test_tree_structure_and_states(tmp_path: Path, qtmodeltester: ModelTester) -> None:
    with open_database(tmp_path / "r.sqlite") as db:
        info = service.create_report(db, country="SEN", cycle=2024, language="en")
        session = ReportSession(db, info.id)
        model = NavigationModel(session, "en")
        qtmodeltester.check(model)
        parts = [model.index(row, 0) for row in range(model.rowCount())]
        assert [p.data(KIND_ROLE) for p in parts] == ["part"] * 6
        # Part B: I. → 1. Au niveau national → 21. …
        heading = model.index(0, 0, parts[1])
        assert heading.data(KIND_ROLE) == "heading" and heading.data().startswith("I. Examen")
        national = model.index(0, 0, heading)
        first = model.index(0, 0, national)
        assert first.data(KEY_ROLE) == "p21" and first.data().startswith("21. ")
        assert first.data(STATE_ROLE) == SectionState.EMPTY
        index = model.section_index("p29")
        session.set_value("p29.agencies", "Douanes")
        assert index.data(STATE_ROLE) == SectionState.IN_PROGRESS
        assert len(model.section_keys()) == 83
        qtmodeltester.check(model)
