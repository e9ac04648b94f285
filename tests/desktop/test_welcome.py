"""The start screen (desktop/welcome.py): open a recent or listed report, create one (also from
an earlier report), open the demo; refusals are shown and create nothing; keyboard-usable."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QDialog, QWidget
from pytestqt.qtbot import QtBot

from desktop import errors
from desktop.new_report_form import default_cycle
from desktop.report_labels import format_timestamp
from desktop.settings import Preferences
from desktop.welcome import WelcomeDialog
from forms.countries import all_countries, fold, match_country
from forms.i18n import tr
from reporting import service
from reporting.demo import create_demo_report
from storage import Database, ReportInfo, Source, open_database

TYPED = Source("typed")
NEXT_CYCLE = default_cycle(dt.date.today())

Shown = list[tuple[QWidget | None, str, str]]


@pytest.fixture
def db(tmp_path: Path) -> Iterator[Database]:
    with open_database(tmp_path / "r.sqlite") as database:
        yield database


@pytest.fixture
def prefs(tmp_path: Path) -> Preferences:
    return Preferences(QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))


@pytest.fixture
def shown(monkeypatch: pytest.MonkeyPatch) -> Shown:
    captured: Shown = []
    monkeypatch.setattr(errors, "presenter", lambda *args: captured.append(args))
    return captured


def welcome(qtbot: QtBot, db: Database, prefs: Preferences, lang: str = "en") -> WelcomeDialog:
    dialog = WelcomeDialog(db, prefs, lang)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def click(qtbot: QtBot, widget: QWidget) -> None:
    QTest.mouseClick(widget, Qt.MouseButton.LeftButton)


def test_default_cycle_is_the_next_even_year() -> None:
    assert default_cycle(dt.date(2025, 3, 1)) == 2026
    assert default_cycle(dt.date(2026, 12, 31)) == 2026


def test_match_country_by_entry_name_code_or_unique_fragment() -> None:
    countries = all_countries()
    assert fold("Côte d’Ivoire") == "cote d'ivoire"
    cases = {
        "France (FRA)": "FRA",
        "france": "FRA",
        "fra": "FRA",
        "cote d'ivoire": "CIV",
        "Tanzan": "TZA",
        "etats-unis": "USA",
    }
    for text, code in cases.items():
        found = match_country(text, countries, "fr")
        assert found is not None and found.alpha3 == code, text
    assert match_country("Guinea", countries, "en") is not None  # exact beats fragments
    assert match_country("land", countries, "en") is None  # ambiguous
    assert match_country("Atlantis", countries, "en") is None


def test_the_start_screen_in_an_empty_database(
    qtbot: QtBot, db: Database, prefs: Preferences
) -> None:
    dialog = welcome(qtbot, db, prefs)
    assert dialog.windowTitle() == "Welcome — PoA national report"
    assert dialog.empty_label.isVisible()
    assert not dialog.all_list.isVisible() and not dialog.recent_list.isVisible()
    assert not dialog.open_button.isEnabled()
    assert not dialog.carry_button.isEnabled()
    assert dialog.new_button.isDefault()


def test_creating_a_report_by_typing_part_of_the_country_name(
    qtbot: QtBot, db: Database, prefs: Preferences
) -> None:
    dialog = welcome(qtbot, db, prefs)
    click(qtbot, dialog.new_button)
    form = dialog.form
    assert dialog.pages.currentWidget() is form
    assert form.create_button.isDefault()
    assert form.cycle_box.value() == NEXT_CYCLE
    assert not form.source_box.isVisible()

    line_edit = form.country_box.lineEdit()
    assert line_edit is not None
    QTest.keyClicks(line_edit, "Tanzan")
    form.cycle_box.setValue(2030)
    form.language_box.setCurrentIndex(form.language_box.findData("fr"))
    click(qtbot, form.create_button)

    (info,) = db.list_reports()
    assert (info.country, info.cycle, info.language, info.carried_from) == ("TZA", 2030, "fr", None)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.chosen_report_id == info.id
    assert prefs.recent_reports[0].report_id == info.id
    assert prefs.last_report is not None and prefs.last_report.report_id == info.id


def test_the_new_report_form_works_from_the_keyboard(
    qtbot: QtBot, db: Database, prefs: Preferences
) -> None:
    dialog = welcome(qtbot, db, prefs)
    with qtbot.waitActive(dialog):  # mnemonics are shortcuts of the active window
        dialog.activateWindow()
    QTest.keyClick(dialog, Qt.Key.Key_N, Qt.KeyboardModifier.AltModifier)  # "&New report…"
    # A mnemonic "animates" the click: the button fires a moment later.
    qtbot.waitUntil(lambda: dialog.pages.currentWidget() is dialog.form)
    assert dialog.form.country_box.hasFocus() or dialog.focusWidget() is dialog.form.country_box
    line_edit = dialog.form.country_box.lineEdit()
    assert line_edit is not None
    QTest.keyClicks(line_edit, "senegal")  # no accent needed for "Sénégal"
    QTest.keyClick(dialog.form.cycle_box, Qt.Key.Key_Return)  # the default button: Create
    (info,) = db.list_reports()
    assert info.country == "SEN"
    assert dialog.chosen_report_id == info.id


def test_the_completer_finds_any_part_of_the_name_without_accents(
    qtbot: QtBot, db: Database, prefs: Preferences
) -> None:
    dialog = welcome(qtbot, db, prefs, "fr")
    dialog.show_new_report_form(carry=False)
    box = dialog.form.country_box
    completer, line_edit = box.completer(), box.lineEdit()
    assert completer is not None and line_edit is not None
    QTest.keyClicks(line_edit, "ivoire")
    model = completer.completionModel()
    assert [model.index(row, 0).data() for row in range(model.rowCount())] == [
        "Côte d'Ivoire (CIV)"
    ]
    popup = completer.popup()
    assert popup is not None
    qtbot.waitUntil(popup.isVisible)
    QTest.keyClick(popup, Qt.Key.Key_Down)
    QTest.keyClick(popup, Qt.Key.Key_Return)
    assert box.currentText() == "Côte d'Ivoire (CIV)"
    assert dialog.form.chosen_country() == "CIV"


def test_the_country_can_be_set_programmatically_in_french(
    qtbot: QtBot, db: Database, prefs: Preferences
) -> None:
    dialog = welcome(qtbot, db, prefs, "fr")
    assert dialog.new_button.text() == "&Nouveau rapport…"
    dialog.show_new_report_form(carry=False)
    dialog.form.country_box.setEditText("Côte d'Ivoire")
    click(qtbot, dialog.form.create_button)
    (info,) = db.list_reports()
    assert info.country == "CIV"
    assert info.language == "fr"  # the interface language by default


def test_a_refused_creation_is_shown_and_creates_nothing(
    qtbot: QtBot, db: Database, prefs: Preferences, shown: Shown
) -> None:
    service.create_report(db, country="FRA", cycle=NEXT_CYCLE, language="en")
    before = db.list_reports()
    dialog = welcome(qtbot, db, prefs)
    click(qtbot, dialog.new_button)
    dialog.form.country_box.setEditText("France")
    click(qtbot, dialog.form.create_button)

    ((parent, title, text),) = shown
    assert parent is dialog
    assert title == tr("desktop_app.title", "en")
    assert text == tr("desktop_app.new.duplicate", "en", country="France", cycle=NEXT_CYCLE)
    assert db.list_reports() == before
    assert dialog.chosen_report_id is None
    assert dialog.result() != QDialog.DialogCode.Accepted
    assert dialog.pages.currentWidget() is dialog.form  # the form keeps what was typed
    assert dialog.form.country_box.currentText() == "France"


def test_the_database_refusal_is_shown_too(
    qtbot: QtBot, db: Database, prefs: Preferences, shown: Shown, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another window created the same report between the check and the creation."""
    service.create_report(db, country="FRA", cycle=NEXT_CYCLE, language="en")
    before = db.list_reports()
    dialog = welcome(qtbot, db, prefs, "fr")
    monkeypatch.setattr(db, "find_report", lambda country, cycle: None)
    dialog.show_new_report_form(carry=False)
    dialog.form.country_box.setEditText("France")
    click(qtbot, dialog.form.create_button)
    assert shown[0][2] == tr("storage.duplicate_report", "fr", country="FRA", cycle=NEXT_CYCLE)
    assert db.list_reports() == before
    assert dialog.chosen_report_id is None


@pytest.mark.parametrize(
    ("text", "message_id"),
    [("", "desktop_app.new.no_country"), ("Atlantis", "desktop_app.new.unknown_country")],
)
def test_an_unknown_country_is_refused(
    qtbot: QtBot, db: Database, prefs: Preferences, shown: Shown, text: str, message_id: str
) -> None:
    dialog = welcome(qtbot, db, prefs, "fr")
    dialog.show_new_report_form(carry=False)
    dialog.form.country_box.setEditText(text)
    click(qtbot, dialog.form.create_button)
    assert shown[0][2] == tr(message_id, "fr", text=text)
    assert db.list_reports() == []


def earlier_report(db: Database) -> ReportInfo:
    info = service.create_report(db, country="SEN", cycle=2024, language="fr")
    service.set_value(db, info.id, "a_coordination.women", 8, source=TYPED)
    return info


def test_carrying_forward_from_an_earlier_report(
    qtbot: QtBot, db: Database, prefs: Preferences
) -> None:
    create_demo_report(db)
    earlier = earlier_report(db)
    dialog = welcome(qtbot, db, prefs)
    click(qtbot, dialog.carry_button)
    form = dialog.form
    assert form.source_box.isVisible()
    # The latest real report, never the demo, with its country and language.
    assert form.source_box.currentData() == earlier.id
    assert form.country_box.currentData() == "SEN"
    assert form.language_box.currentData() == "fr"
    assert form.cycle_box.value() == NEXT_CYCLE
    click(qtbot, form.create_button)

    new = db.get_report(dialog.chosen_report_id or 0)
    assert (new.country, new.cycle, new.carried_from) == ("SEN", NEXT_CYCLE, earlier.id)
    state = service.load_state(db, new.id)
    assert state.answers["a_coordination.women"] == 8
    assert "a_coordination.women" in state.carried_over


def test_carry_forward_from_the_selected_report_and_source_follows_the_country(
    qtbot: QtBot, db: Database, prefs: Preferences
) -> None:
    old = service.create_report(db, country="SEN", cycle=2022, language="en")
    other = service.create_report(db, country="GHA", cycle=2024, language="en")
    dialog = welcome(qtbot, db, prefs)
    items = [
        dialog.all_list.topLevelItem(row) for row in range(dialog.all_list.topLevelItemCount())
    ]
    item = next(item for item in items if item is not None and "Senegal" in item.text(0))
    assert item is not None
    dialog.all_list.setCurrentItem(item)
    dialog.show_new_report_form(carry=True)
    assert dialog.form.source_box.currentData() == old.id
    dialog.form.country_box.setEditText("Ghana")
    assert dialog.form.source_box.currentData() == other.id


def test_carry_forward_needs_a_chosen_source(
    qtbot: QtBot, db: Database, prefs: Preferences, shown: Shown
) -> None:
    create_demo_report(db)  # the only report: offered, never chosen for the user
    dialog = welcome(qtbot, db, prefs)
    dialog.show_new_report_form(carry=True)
    assert dialog.form.source_box.currentIndex() == -1
    dialog.form.country_box.setEditText("Senegal")
    click(qtbot, dialog.form.create_button)
    assert shown[0][2] == tr("desktop_app.new.no_source", "en")
    assert len(db.list_reports()) == 1


def test_opening_the_demo_report(qtbot: QtBot, db: Database, prefs: Preferences) -> None:
    dialog = welcome(qtbot, db, prefs, "fr")
    click(qtbot, dialog.demo_button)
    (info,) = db.list_reports()
    assert info.is_demo and info.language == "fr"
    assert dialog.chosen_report_id == info.id
    assert dialog.result() == QDialog.DialogCode.Accepted


def test_recent_reports_show_and_open(
    qtbot: QtBot, db: Database, prefs: Preferences, tmp_path: Path
) -> None:
    demo = create_demo_report(db)
    other = service.create_report(db, country="SEN", cycle=2024, language="fr")
    prefs.add_recent_report(tmp_path / "elsewhere.sqlite", other.id)  # another database
    prefs.add_recent_report(db.path, 999)  # deleted since
    prefs.add_recent_report(db.path, demo.id)
    dialog = welcome(qtbot, db, prefs)

    assert dialog.recent_list.topLevelItemCount() == 1
    item = dialog.recent_list.topLevelItem(0)
    assert item is not None
    assert item.text(0) == "Demoland (fictional State) · demo — 2024 — English"
    assert item.text(1) == format_timestamp(demo.updated_at, "en")
    assert dialog.all_list.topLevelItemCount() == 2
    assert dialog.open_button.isDefault()
    assert dialog.recent_list.currentItem() is item  # preselected: Enter opens it

    QTest.keyClick(dialog.recent_list, Qt.Key.Key_Return)
    assert dialog.chosen_report_id == demo.id
    assert dialog.result() == QDialog.DialogCode.Accepted


def test_all_reports_list_in_the_interface_language(
    qtbot: QtBot, db: Database, prefs: Preferences
) -> None:
    create_demo_report(db)
    report = service.create_report(db, country="CIV", cycle=2022, language="en")
    dialog = welcome(qtbot, db, prefs, "fr")
    rows = [
        [dialog.all_list.topLevelItem(row).text(col) for col in range(3)]  # type: ignore[union-attr]
        for row in range(dialog.all_list.topLevelItemCount())
    ]
    assert rows == [
        ["Démolande (État fictif) · démonstration", "2024", "anglais"],
        ["Côte d'Ivoire", "2022", "anglais"],
    ]
    # Selecting in one list clears the other, so Open opens what is selected.
    second = dialog.all_list.topLevelItem(1)
    assert second is not None
    dialog.all_list.setCurrentItem(second)
    dialog.all_list.itemDoubleClicked.emit(second, 0)
    assert dialog.chosen_report_id == report.id


def test_escape_goes_back_from_the_form_then_closes(
    qtbot: QtBot, db: Database, prefs: Preferences
) -> None:
    dialog = welcome(qtbot, db, prefs)
    dialog.show_new_report_form(carry=False)
    QTest.keyClick(dialog.form.cycle_box, Qt.Key.Key_Escape)
    assert dialog.pages.currentWidget() is dialog.start_page
    assert dialog.isVisible()
    QTest.keyClick(dialog, Qt.Key.Key_Escape)
    assert dialog.result() == QDialog.DialogCode.Rejected
    assert dialog.chosen_report_id is None


def test_mnemonics_and_accessible_names(qtbot: QtBot, db: Database, prefs: Preferences) -> None:
    create_demo_report(db)
    dialog = welcome(qtbot, db, prefs)
    labels = [
        b.text()
        for b in (
            dialog.open_button,
            dialog.new_button,
            dialog.carry_button,
            dialog.demo_button,
            dialog.close_button,
        )
    ]
    assert all("&" in label for label in labels)
    keys = [label[label.index("&") + 1].lower() for label in labels]
    assert len(set(keys)) == len(keys)
    assert dialog.all_list.accessibleName() == "All reports in this database"
    assert dialog.form.country_box.accessibleName() == "Country"
    assert dialog.form.cycle_box.accessibleName() == "Cycle"
    assert dialog.open_button.isDefault()


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_screenshot(
    qtbot: QtBot, db: Database, prefs: Preferences, tmp_path: Path, lang: str
) -> None:
    create_demo_report(db)
    dialog = welcome(qtbot, db, prefs, lang)
    assert dialog.grab().save(str(tmp_path / f"welcome_{lang}.png"))


def test_carrying_forward_proposes_the_cycle_after_the_source(
    qtbot: QtBot, db: Database, prefs: Preferences
) -> None:
    latest = service.create_report(db, country="SEN", cycle=NEXT_CYCLE, language="en")
    dialog = welcome(qtbot, db, prefs)
    dialog.show_new_report_form(carry=True)
    assert dialog.form.source_box.currentData() == latest.id
    assert dialog.form.cycle_box.value() == NEXT_CYCLE + 2
