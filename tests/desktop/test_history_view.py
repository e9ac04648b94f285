"""The history of one answer: newest first, old → new as people read values, and the source."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from desktop.history_view import HistoryDialog, HistoryModel, local_time
from desktop.session import ReportSession
from reporting import service
from reporting.demo import create_demo_report
from storage import Database, Source


def table(model: HistoryModel) -> list[list[str]]:
    return [
        [model.data(model.index(row, column)) for column in range(model.columnCount())]
        for row in range(model.rowCount())
    ]


def make_dialog(qtbot: QtBot, session: ReportSession, key: str, lang: str) -> HistoryDialog:
    dialog = HistoryDialog(session, key, lang)
    qtbot.addWidget(dialog)
    return dialog


def test_two_edits_newest_first_with_their_source(qtbot: QtBot, session: ReportSession) -> None:
    session.set_value("a_coordination.women", 9)
    session.set_value("a_coordination.women", 10)
    dialog = make_dialog(qtbot, session, "a_coordination.women", "en")

    rows = table(dialog.view.model)
    assert [row[2] for row in rows] == ["9 → 10", "8 → 9", "blank → 8"]
    assert [row[3] for row in rows] == ["typed", "typed", "demo data"]
    user = session.history("a_coordination.women")[-1].user
    assert {row[1] for row in rows} == {user}
    assert dialog.view.heading.text() == "National coordination body\nNumber of women"


def test_french_sources_and_formatted_values(qtbot: QtBot, session: ReportSession) -> None:
    session.set_value("a_coordination.women", 1200)
    session.set_value("p21.status", None)
    dialog = make_dialog(qtbot, session, "a_coordination.women", "fr")

    rows = table(dialog.view.model)
    assert rows[0][2] == "8 → 1\u202f200"  # French digit grouping, as forms.display writes it
    assert rows[0][3] == "saisie"
    assert rows[-1][3] == "données de démonstration"
    assert dialog.windowTitle() == "Historique de la réponse"

    status = make_dialog(qtbot, session, "p21.status", "fr")
    change = table(status.view.model)[0][2]
    assert change.endswith(" → vide")  # a cleared answer reads "blank", not an empty cell


def test_imports_and_carried_forward_answers_say_where_they_came_from(
    qtbot: QtBot, db: Database
) -> None:
    demo = create_demo_report(db, language="en")
    info = service.create_report(db, country="XDM", cycle=2026, language="en", carry_from=demo.id)
    service.set_value(
        db, info.id, "a_coordination.members", 30, source=Source("imported", "report-2026.xlsx")
    )
    session = ReportSession(db, info.id)
    session.confirm("a_coordination.women")
    lang = "en"

    members_dialog = make_dialog(qtbot, session, "a_coordination.members", lang)
    members = table(members_dialog.view.model)
    assert [row[3] for row in members] == [
        "imported from file report-2026.xlsx",
        "carried forward from report Demoland (fictional State), 2024",
    ]
    women_dialog = make_dialog(qtbot, session, "a_coordination.women", lang)
    women = table(women_dialog.view.model)
    assert women[0][3] == "carried-over answer confirmed"
    assert women[0][2] == "8 → 8"


def test_the_view_follows_new_edits_of_its_question(qtbot: QtBot, session: ReportSession) -> None:
    dialog = make_dialog(qtbot, session, "a_coordination.women", "en")
    assert dialog.view.model.rowCount() == 1

    session.set_value("a_coordination.members", 22)  # another question: nothing to add
    assert dialog.view.model.rowCount() == 1
    session.set_value("a_coordination.women", 7)
    assert table(dialog.view.model)[0][2] == "8 → 7"


def test_multi_line_values_fit_one_line_and_show_whole_in_the_tooltip(
    qtbot: QtBot, session: ReportSession
) -> None:
    contact = dict(session.value("a_contacts.poc_poa"))
    contact["telephone"] = "+000 555 0199"
    session.set_value("a_contacts.poc_poa", contact)
    dialog = make_dialog(qtbot, session, "a_contacts.poc_poa", "en")
    model = dialog.view.model

    change = model.data(model.index(0, 2))
    assert "\n" not in change and "+000 555 0199" in change
    tooltip = model.data(model.index(0, 2), Qt.ItemDataRole.ToolTipRole)
    assert tooltip.startswith("Before:\n") and "\n\nAfter:\n" in tooltip


def test_an_unchanged_question_says_so(qtbot: QtBot, session: ReportSession) -> None:
    unanswered = next(q.key for q in session.template.questions() if not session.history(q.key))
    dialog = make_dialog(qtbot, session, unanswered, "en")
    dialog.show()

    assert dialog.view.model.rowCount() == 0
    assert dialog.view.empty.isVisible()
    assert dialog.view.empty.text() == "No change recorded yet."


def test_times_are_local_in_the_interface_format() -> None:
    english = local_time("2024-03-05T14:07:00+00:00", "en")
    french = local_time("2024-03-05T14:07:00+00:00", "fr")

    assert "05/03/2024" in english and "05/03/2024" in french  # day first, as UN offices write
    assert local_time("not a time", "en") == "not a time"


def test_the_model_passes_qt_checks(qtmodeltester: ModelTester, session: ReportSession) -> None:
    session.set_value("a_coordination.women", 9)
    model = HistoryModel(session, "fr")
    model.set_key("a_coordination.women")
    qtmodeltester.check(model)
    assert model.headerData(0, Qt.Orientation.Horizontal) == "Date"
