"""Ministries and sections (issue 6): the list of ministries (add, rename, remove after a
confirmation) and the ministry answering each section, stored as each change is made; refused
changes go through the one error display and leave the database as it was."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QMenu
from pytestqt.qtbot import QtBot

from desktop.main_window import MainWindow
from desktop.ministries_dialog import NONE, MinistriesDialog
from desktop.session import ReportSession

INTERIOR = "Ministry of Interior"
JUSTICE = "Ministry of Justice"
SCREENS = Path("/tmp/screens")


def make_dialog(qtbot: QtBot, session: ReportSession, lang: str = "en") -> MinistriesDialog:
    dialog = MinistriesDialog(session, lang)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def list_names(dialog: MinistriesDialog) -> list[str]:
    return [dialog.ministry_list.item(row).text() for row in range(dialog.ministry_list.count())]


def choose_owner(dialog: MinistriesDialog, section_key: str, ministry: str | None) -> None:
    """What a person does: pick an entry of the section's combo box."""
    combo = dialog.owner_combo(section_key)
    index = combo.findData(ministry) if ministry is not None else 0
    combo.setCurrentIndex(index)
    combo.activated.emit(index)


def test_add_rename_and_remove_ministries(
    qtbot: QtBot,
    session: ReportSession,
    shown_errors: list[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    dialog = make_dialog(qtbot, session)
    assert dialog.empty_label.isVisible()
    assert not dialog.rename_button.isEnabled() and not dialog.remove_button.isEnabled()

    answers = iter([f"  {INTERIOR} ", JUSTICE])
    dialog.ask_name = lambda *_args: next(answers)  # type: ignore[method-assign]
    dialog.add_button.click()
    dialog.add_button.click()
    assert session.db.ministries() == [INTERIOR, JUSTICE]  # stored at once, stripped
    assert list_names(dialog) == [f"{INTERIOR} — 0 sections", f"{JUSTICE} — 0 sections"]
    assert dialog.selected_ministry() == JUSTICE and dialog.remove_button.isEnabled()
    assert not dialog.empty_label.isVisible()

    dialog.select_ministry(INTERIOR)
    dialog.ask_name = lambda *_args: "Ministry of the Interior"  # type: ignore[method-assign]
    dialog.rename_button.click()
    assert session.db.ministries() == [JUSTICE, "Ministry of the Interior"]

    questions: list[str] = []

    def decline(_title: str, text: str) -> bool:
        questions.append(text)
        return False

    monkeypatch.setattr(dialog, "confirm", decline)
    dialog.select_ministry(JUSTICE)
    dialog.remove_button.click()
    assert JUSTICE in session.db.ministries()  # the person said no
    assert JUSTICE in questions[0] and "0 sections" in questions[0]
    monkeypatch.setattr(dialog, "confirm", lambda _title, _text: True)
    dialog.remove_button.click()
    assert session.db.ministries() == ["Ministry of the Interior"]
    assert shown_errors == []


def test_refused_names_are_shown_and_change_nothing(
    qtbot: QtBot, session: ReportSession, shown_errors: list[str]
) -> None:
    session.db.add_ministry(INTERIOR)
    dialog = make_dialog(qtbot, session)

    assert dialog.add_ministry("ministry of interior") is None  # the same name, another case
    assert dialog.add_ministry("   ") is None
    assert len(shown_errors) == 2 and all(text for text in shown_errors)
    assert session.db.ministries() == [INTERIOR]
    assert list_names(dialog) == [f"{INTERIOR} — 0 sections"]


def test_each_section_gets_its_ministry_from_its_combo_box(
    qtbot: QtBot, session: ReportSession, shown_errors: list[str]
) -> None:
    for name in (INTERIOR, JUSTICE):
        session.db.add_ministry(name)
    dialog = make_dialog(qtbot, session)
    assert dialog.owner("p21") is None
    assert dialog.owner_combo("p21").currentText() == NONE

    choose_owner(dialog, "p21", INTERIOR)
    choose_owner(dialog, "p22", JUSTICE)
    assert session.db.section_owners(session.report_id) == {"p21": INTERIOR, "p22": JUSTICE}
    assert f"{INTERIOR} — 1 section" in list_names(dialog)
    choose_owner(dialog, "p21", None)
    assert session.db.section_owners(session.report_id) == {"p22": JUSTICE}

    # Renaming moves nothing: the sections follow the ministry.
    dialog.rename_ministry(JUSTICE, "Ministère de la Justice")
    assert dialog.owner("p22") == "Ministère de la Justice"
    # Removing a ministry leaves its sections without one.
    dialog.remove_ministry("Ministère de la Justice")
    assert session.db.section_owners(session.report_id) == {}
    assert dialog.owner("p22") is None
    assert shown_errors == []


def test_several_selected_sections_are_assigned_at_once(
    qtbot: QtBot, session: ReportSession
) -> None:
    session.db.add_ministry(INTERIOR)
    dialog = make_dialog(qtbot, session)
    assert not dialog.assign_button.isEnabled()  # nothing selected yet

    dialog.select_sections(["p21", "p22", "p23"])
    assert dialog.selected_sections() == ["p21", "p22", "p23"]
    dialog.bulk_combo.setCurrentIndex(dialog.bulk_combo.findData(INTERIOR))
    dialog.assign_button.click()
    owners = session.db.section_owners(session.report_id)
    assert owners == dict.fromkeys(["p21", "p22", "p23"], INTERIOR)
    assert [dialog.owner(key) for key in ("p21", "p22", "p23")] == [INTERIOR] * 3
    assert dialog.selected_sections() == ["p21", "p22", "p23"]  # still selected after saving

    dialog.select_sections(["p22"])
    dialog.bulk_combo.setCurrentIndex(0)  # "—": no ministry
    dialog.assign_button.click()
    assert session.db.section_owners(session.report_id) == dict.fromkeys(["p21", "p23"], INTERIOR)


def test_a_ministry_removed_meanwhile_is_an_error_and_the_dialog_shows_the_database(
    qtbot: QtBot, session: ReportSession, shown_errors: list[str]
) -> None:
    session.db.add_ministry(INTERIOR)
    dialog = make_dialog(qtbot, session)
    session.db.remove_ministry(INTERIOR)  # another window, or another person on a shared file

    choose_owner(dialog, "p21", INTERIOR)
    assert len(shown_errors) == 1 and INTERIOR in shown_errors[0]
    assert session.db.section_owners(session.report_id) == {}
    assert dialog.ministries() == [] and dialog.owner("p21") is None


def test_the_main_window_opens_it_from_the_ministries_menu(
    qtbot: QtBot, session: ReportSession
) -> None:
    window = MainWindow(session, "fr")
    qtbot.addWidget(window)
    titles = [action.text() for action in window.menuBar().actions()]
    assert titles[:5] == ["&Fichier", "&Édition", "&Ministères", "&Rapport", "&Aller à"]
    menu = window.menuBar().actions()[2].menu()
    assert isinstance(menu, QMenu)
    texts = [action.text() for action in menu.actions() if not action.isSeparator()]
    assert texts == [
        "Ministères et &sections…",
        "&Exporter pour un ministère…",
        "&Importer le classeur d'un ministère…",
        "&Classeurs envoyés…",
    ]
    menu.actions()[0].trigger()
    assert window.ministries_dialog is not None
    assert window.ministries_dialog.windowTitle() == "Ministères et sections"
    window.set_language("en")
    assert [action.text() for action in window.menuBar().actions()][2] == "&Ministries"


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_screenshot(qtbot: QtBot, session: ReportSession, lang: str) -> None:
    for name in (INTERIOR, JUSTICE, "Ministère des Affaires étrangères"):
        session.db.add_ministry(name)
    session.db.set_section_owners(
        session.report_id,
        {"p21": INTERIOR, "p22": INTERIOR, "a_coordination": JUSTICE, "p23": INTERIOR},
    )
    dialog = make_dialog(qtbot, session, lang)
    dialog.select_ministry(INTERIOR)
    dialog.select_sections(["p24", "p25"])
    qtbot.wait(50)  # the layout settles, as on a screen
    SCREENS.mkdir(parents=True, exist_ok=True)
    assert dialog.grab().save(str(SCREENS / f"ministries_{lang}.png"))
    if lang == "fr":
        assert dialog.add_button.text() == "&Ajouter…"
        first = list_names(dialog)[0]  # French puts a non-breaking space after a number
        assert first.startswith("Ministère des Affaires étrangères — 0\u00a0section")
