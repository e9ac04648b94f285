"""Preferences (desktop/settings.py): typed, versioned, robust to a damaged settings file, with
window state kept apart from preferences (STYLE.md practice 8)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QByteArray, QSettings

from desktop import settings
from desktop.settings import MAX_RECENT, SETTINGS_VERSION, Preferences, ReportRef


@pytest.fixture
def ini(tmp_path: Path) -> Path:
    return tmp_path / "poa-report.ini"


@pytest.fixture
def qsettings(ini: Path) -> Iterator[QSettings]:
    store = QSettings(str(ini), QSettings.Format.IniFormat)
    yield store
    store.sync()


@pytest.fixture
def prefs(qsettings: QSettings) -> Preferences:
    return Preferences(qsettings)


def reopen(ini: Path) -> Preferences:
    return Preferences(QSettings(str(ini), QSettings.Format.IniFormat))


def test_default_settings_are_a_per_user_ini_file() -> None:
    store = settings.default_settings()
    assert store.format() == QSettings.Format.IniFormat
    assert store.scope() == QSettings.Scope.UserScope
    assert (store.organizationName(), store.applicationName()) == ("PoA Report", "poa-report")


def test_language_defaults_to_the_system_language(
    prefs: Preferences, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert settings.system_language() in ("en", "fr")
    monkeypatch.setattr(settings, "system_language", lambda: "fr")
    assert prefs.language == "fr"
    prefs.language = "en"
    assert prefs.language == "en"


def test_language_is_checked_and_persists(prefs: Preferences, ini: Path) -> None:
    prefs.language = "fr"
    with pytest.raises(ValueError, match="de"):
        prefs.language = "de"
    prefs.sync()
    assert reopen(ini).language == "fr"


def test_recent_reports_most_recent_first_unique_and_bounded(
    prefs: Preferences, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "r.sqlite"
    for report_id in range(1, 12):
        prefs.add_recent_report(db, report_id)
    prefs.add_recent_report(db, 5)  # opened again: moves to the top, not listed twice
    ids = [ref.report_id for ref in prefs.recent_reports]
    assert ids == [5, 11, 10, 9, 8, 7, 6, 4]
    assert len(ids) == MAX_RECENT

    # The same file through another spelling counts once.
    monkeypatch.chdir(tmp_path)
    prefs.add_recent_report(Path("r.sqlite"), 4)
    assert prefs.recent_reports[0] == ReportRef(db.resolve(), 4)
    assert [ref.report_id for ref in prefs.recent_reports].count(4) == 1


def test_forget_report_and_last_report(prefs: Preferences, tmp_path: Path) -> None:
    db = tmp_path / "r.sqlite"
    assert prefs.last_report is None
    prefs.remember_report(db, 3)
    prefs.remember_report(db, 7)
    assert prefs.last_report == ReportRef(db.resolve(), 7)
    assert [ref.report_id for ref in prefs.recent_reports] == [7, 3]
    prefs.forget_report(db, 7)
    assert [ref.report_id for ref in prefs.recent_reports] == [3]
    assert prefs.last_report is None
    prefs.last_report = ReportRef(db, 3)
    assert prefs.last_report == ReportRef(db.resolve(), 3)
    prefs.last_report = None
    assert prefs.last_report is None


def test_window_state_round_trips_apart_from_preferences(prefs: Preferences, ini: Path) -> None:
    assert prefs.restore_window("main") is None
    prefs.language = "fr"
    prefs.save_window("main", QByteArray(b"\x01\x02geometry"), QByteArray(b"state\x00"))
    prefs.sync()
    again = reopen(ini)
    assert again.restore_window("main") == (
        QByteArray(b"\x01\x02geometry"),
        QByteArray(b"state\x00"),
    )
    again.forget_windows()
    assert again.restore_window("main") is None
    assert again.language == "fr"


RECENT_GARBAGE = [1, "x", {"db": 3, "id": 1}, {"db": "/a", "id": True}, {"db": "/a", "id": -2}]
GARBAGE = f"""\
[meta]
version=banana

[preferences]
language=@Variant(\\0\\0\\0\\x7f\\0\\0\\0\\x10garbage)
recent_reports={json.dumps(json.dumps([*RECENT_GARBAGE, {"db": "/ok.sqlite", "id": 4}]))}
last_report=not json at all {{{{{{

[window_state]
main\\geometry=12
main\\state=@ByteArray(
"""


def test_garbage_in_the_settings_file_falls_back_to_defaults(
    ini: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ini.write_text(GARBAGE, encoding="utf-8")
    monkeypatch.setattr(settings, "system_language", lambda: "en")
    prefs = reopen(ini)
    assert prefs.language == "en"
    assert prefs.recent_reports == [ReportRef(Path("/ok.sqlite"), 4)]
    assert prefs.last_report is None
    assert prefs.restore_window("main") is None
    # Writing over garbage works too.
    prefs.add_recent_report(Path("/ok.sqlite"), 5)
    assert [ref.report_id for ref in prefs.recent_reports] == [5, 4]


@pytest.mark.parametrize("value", ["{}", "[[[", "null", '"text"', "[" * 5000 + "]" * 5000])
def test_any_recent_list_value_reads_safely(qsettings: QSettings, value: str) -> None:
    qsettings.setValue(settings.KEY_RECENT, value)
    qsettings.setValue(settings.KEY_LAST, value)
    prefs = Preferences(qsettings)
    assert prefs.recent_reports == []
    assert prefs.last_report is None


def test_a_new_file_gets_the_current_version(prefs: Preferences, qsettings: QSettings) -> None:
    assert prefs.stored_version() == SETTINGS_VERSION
    assert int(str(qsettings.value(settings.KEY_VERSION))) == SETTINGS_VERSION


def test_migrations_run_in_order_once(
    qsettings: QSettings, monkeypatch: pytest.MonkeyPatch
) -> None:
    qsettings.setValue(settings.KEY_VERSION, 1)
    qsettings.setValue("preferences/interface_language", "fr")  # a version-1 name

    def rename_language(store: QSettings) -> None:
        store.setValue(settings.KEY_LANGUAGE, store.value("preferences/interface_language"))
        store.remove("preferences/interface_language")

    monkeypatch.setattr(settings, "SETTINGS_VERSION", 2)
    monkeypatch.setitem(settings.MIGRATIONS, 1, rename_language)
    prefs = Preferences(qsettings)
    assert prefs.stored_version() == 2
    assert prefs.language == "fr"
    assert not qsettings.contains("preferences/interface_language")
    Preferences(qsettings)  # nothing left to do the second time
    assert prefs.language == "fr"


def test_a_newer_file_is_left_alone(qsettings: QSettings) -> None:
    qsettings.setValue(settings.KEY_VERSION, SETTINGS_VERSION + 5)
    qsettings.setValue("preferences/from_the_future", "kept")
    prefs = Preferences(qsettings)
    assert prefs.stored_version() == SETTINGS_VERSION + 5
    assert qsettings.value("preferences/from_the_future") == "kept"
    prefs.language = "fr"
    assert prefs.language == "fr"
