"""The report session behind every page (Issue 3: autosave, undo/redo, section states)."""

from __future__ import annotations

import pytest
from pytestqt.qtbot import QtBot

from desktop.session import ReportSession, SectionState
from forms.values import InvalidValue
from reporting import service
from storage import Database, open_database


@pytest.fixture
def session(db: Database) -> ReportSession:
    info = service.create_report(db, country="SEN", cycle=2024, language="fr")
    return ReportSession(db, info.id)


def test_a_change_is_committed_at_once(session: ReportSession, qtbot: QtBot) -> None:
    with qtbot.waitSignal(session.saved) as saved:
        assert session.set_value("p28.investigations", "1 234", lang="fr")
    assert saved.args[0] == "p28.investigations"
    # Another connection sees it: it is in the database, not in a cache.
    with open_database(session.db.path) as other:
        assert other.answer(session.report_id, "p28.investigations").value == 1234  # type: ignore[union-attr]
    assert session.last_saved_at is not None


def test_refused_value_changes_nothing(session: ReportSession) -> None:
    before = session.history()
    with pytest.raises(InvalidValue):
        session.set_value("p28.investigations", "douze", lang="fr")
    assert session.history() == before and session.value("p28.investigations") is None
    assert session.undo_stack.count() == 0


def test_undo_and_redo_are_saved_too(session: ReportSession) -> None:
    session.set_value("p29.status", "implemented")
    session.set_value("p29.status", "not_implemented")
    session.undo_stack.undo()
    assert session.value("p29.status") == "implemented"
    session.undo_stack.undo()
    assert session.value("p29.status") is None
    session.undo_stack.redo()
    assert session.value("p29.status") == "implemented"
    with open_database(session.db.path) as other:
        assert other.answer(session.report_id, "p29.status").value == "implemented"  # type: ignore[union-attr]


def test_section_states(session: ReportSession) -> None:
    section = session.template.section("a_coordination")
    assert session.section_state(section, "en") is SectionState.EMPTY
    session.set_value("a_coordination.body_exists", "yes")
    assert session.section_state(section, "en") is SectionState.COMPLETE
    session.set_value("a_coordination.members", 5)
    session.set_value("a_coordination.women", 9)  # more women than members: an error
    assert session.section_state(section, "en") is SectionState.ERRORS
    p29 = session.template.section("p29")
    session.set_value("p29.agencies", "Douanes")
    assert session.section_state(p29, "en") is SectionState.IN_PROGRESS  # status still missing


def test_carried_over_state_until_confirmed(db: Database, session: ReportSession) -> None:
    session.set_value("p29.status", "implemented")
    new = service.create_report(db, country="SEN", cycle=2026, language="fr",
                                carry_from=session.report_id)  # fmt: skip
    carried = ReportSession(db, new.id)
    p29 = carried.template.section("p29")
    assert carried.section_state(p29, "en") is SectionState.CARRIED
    carried.confirm("p29.status")
    assert carried.section_state(p29, "en") is SectionState.COMPLETE
