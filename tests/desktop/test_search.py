"""Search: commitments by number and words (both languages, accents ignored), answers, keyboard."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from desktop.search import HTML_ROLE, ResultsModel, SearchDialog, SearchIndex, fold, snippet
from desktop.session import ReportSession


@pytest.fixture
def index(session: ReportSession) -> SearchIndex:
    return SearchIndex(session.template, session.state.answers, "en")


def make_dialog(qtbot: QtBot, session: ReportSession, lang: str = "en") -> SearchDialog:
    dialog = SearchDialog(session, lang)
    qtbot.addWidget(dialog)
    return dialog


def type_text(widget: QApplication | object, text: str) -> None:
    # qtbot.keyClicks aborts on non-ASCII text (PLATFORM.md): send the key events ourselves.
    for char in text:
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            event = QKeyEvent(kind, Qt.Key.Key_unknown, Qt.KeyboardModifier.NoModifier, char)
            QApplication.sendEvent(widget, event)  # type: ignore[arg-type]


@pytest.mark.parametrize("query", ["25", "§25", "§ 25", "p25", "P.25", "para 25"])
def test_a_commitment_is_found_by_its_number(index: SearchIndex, query: str) -> None:
    first = index.search(query)[0]
    assert (first.section_key, first.where) == ("p25", "number")
    assert first.heading == "25. SDG 16.4.2 data collection"


def test_words_of_the_short_title_in_either_language(index: SearchIndex) -> None:
    english = index.search("voluntary national targets")
    french = index.search("objectifs nationaux volontaires")  # the other language's title

    assert english[0].section_key == "p26"
    assert french[0].section_key == "p26"
    assert french[0].where == "title"


@pytest.mark.parametrize("query", ["traçage", "tracage", "TRAÇAGE"])
def test_the_official_french_text_ignoring_accents_and_case(index: SearchIndex, query: str) -> None:
    results = index.search(query)
    # §25's short title says "SDG 16.4.2"; its official text names the Tracing Instrument.
    official = next(r for r in results if r.section_key == "p25")
    assert official.where == "official"
    assert "<b>traçage</b>" in official.snippet_html


def test_ligatures_and_apostrophes_are_typed_as_on_any_keyboard(index: SearchIndex) -> None:
    results = index.search("oeuvre d'action")  # the text has "œuvre" and "d’action"
    assert results
    assert all(r.where in ("official", "title", "answer") for r in results)


def test_section_titles_outside_part_b(index: SearchIndex) -> None:
    result = index.search("coordination body")[0]
    assert (result.section_key, result.question_key) == ("a_coordination", None)
    assert index.search("organe national de coordination")[0].section_key == "a_coordination"


def test_answers_lead_to_their_question(index: SearchIndex) -> None:
    results = index.search("Korvane")  # the demo's licensed manufacturer, named in answers only

    assert results
    assert {r.where for r in results} == {"answer"}
    first = results[0]
    assert first.question_key is not None
    assert first.question_key.startswith(first.section_key + ".")
    assert "<b>Korvane</b>" in first.snippet_html
    assert first.heading.startswith("22. ")


def test_snippets_escape_html_and_bold_every_word() -> None:
    text = "Act <No. 5> & the <b>Act</b> on arms"
    folded, origin = fold(text)
    plain, marked = snippet(text, folded, origin, ["act"])

    assert plain == text
    assert marked == ("<b>Act</b> &lt;No. 5&gt; &amp; the &lt;b&gt;<b>Act</b>&lt;/b&gt; on arms")


def test_folding_keeps_positions_in_the_original_text() -> None:
    folded, origin = fold("Œuvre «traçage»")
    assert folded == "oeuvre «tracage»"
    start = folded.index("tracage")
    assert "Œuvre «traçage»"[origin[start] : origin[start + 6] + 1] == "traçage"


def test_the_dialog_searches_as_one_types_and_enter_opens(
    qtbot: QtBot, session: ReportSession
) -> None:
    dialog = make_dialog(qtbot, session, "fr")
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.field.setFocus()

    type_text(dialog.field, "§25")
    assert dialog.status.text() == "Résultats : 1"
    assert dialog.model.data(dialog.model.index(0, 0)).startswith("25. Collecte de données")

    with qtbot.waitSignal(dialog.section_requested) as request:
        qtbot.keyClick(dialog.field, Qt.Key.Key_Return)
    assert request.args == ["p25"]
    assert not dialog.isVisible()


def test_arrows_choose_a_result_and_an_answer_jumps_to_its_question(
    qtbot: QtBot, session: ReportSession
) -> None:
    dialog = make_dialog(qtbot, session)
    dialog.show()
    dialog.field.setText("Korvane")
    assert dialog.model.rowCount() >= 2
    second = dialog.model.results[1]

    qtbot.keyClick(dialog.field, Qt.Key.Key_Down)
    assert dialog.results.currentIndex().row() == 1
    with qtbot.waitSignal(dialog.jump_requested) as jump:
        qtbot.keyClick(dialog.field, Qt.Key.Key_Enter)
    assert jump.args == [second.question_key, None, None]


def test_nothing_found_is_said(qtbot: QtBot, session: ReportSession) -> None:
    dialog = make_dialog(qtbot, session)
    dialog.field.setText("zzzxq")
    assert dialog.model.rowCount() == 0
    assert dialog.status.text() == "Nothing found for “zzzxq”."


def test_the_index_follows_changed_answers(qtbot: QtBot, session: ReportSession) -> None:
    dialog = make_dialog(qtbot, session)
    dialog.show()
    dialog.field.setText("Quintessence")
    assert dialog.model.rowCount() == 0

    session.set_value("a_coordination.body_name", "Quintessence Commission")

    assert [r.question_key for r in dialog.model.results] == ["a_coordination.body_name"]


def test_the_model_passes_qt_checks(qtmodeltester: ModelTester, index: SearchIndex) -> None:
    model = ResultsModel("fr")
    model.set_results(index.search("traçage"))
    qtmodeltester.check(model)
    assert "<b>" in model.data(model.index(0, 0), HTML_ROLE)
