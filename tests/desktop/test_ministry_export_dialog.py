"""Export for a ministry (issue 6): the ministry's own sections ticked, OK refused (with a hint)
until a ministry and a section are chosen, a suggested file name, the workbook written off the
GUI thread and recorded, errors through the one error display, and a cancel that leaves nothing."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from PySide6.QtWidgets import QFileDialog, QMessageBox
from pytestqt.qtbot import QtBot

from desktop import ministry_export_dialog as module
from desktop.main_window import MainWindow
from desktop.ministry_export_dialog import MinistryExportDialog, file_name_part
from desktop.session import ReportSession
from reporting import ministries

INTERIOR = "Ministry of Interior"


@pytest.fixture
def interior(session: ReportSession) -> ReportSession:
    """The demo report with two ministries; Interior answers §21 and §22."""
    session.db.add_ministry(INTERIOR)
    session.db.add_ministry("Ministry of Justice")
    session.db.set_section_owners(session.report_id, {"p21": INTERIOR, "p22": INTERIOR})
    return session


def save_to(monkeypatch: pytest.MonkeyPatch, target: Path) -> list[str]:
    """Answer the save-file dialog with ``target``; the names it suggested are recorded."""
    suggested: list[str] = []

    def answer(_parent: Any, _title: str, name: str, _filter: str) -> tuple[str, str]:
        suggested.append(name)
        return str(target), ""

    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(answer))
    return suggested


def make_dialog(qtbot: QtBot, session: ReportSession, lang: str = "en") -> MinistryExportDialog:
    dialog = MinistryExportDialog(session, lang)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def test_suggested_file_names_are_portable() -> None:
    assert file_name_part("Ministry of Interior") == "Ministry_of_Interior"
    french = "Ministère de l'Intérieur / Douanes"
    assert file_name_part(french) == "Ministere_de_l_Interieur_Douanes"
    assert file_name_part("وزارة الداخلية") == "وزارة_الداخلية"  # no Latin letters: kept
    assert file_name_part("***") == "ministry"
    assert len(file_name_part("Ministry " * 20)) <= 60


def test_the_ministry_s_own_sections_are_ticked_and_ok_needs_a_choice(
    qtbot: QtBot, interior: ReportSession
) -> None:
    dialog = make_dialog(qtbot, interior)
    assert dialog.ministry() is None
    assert not dialog.ok_button.isEnabled()
    assert dialog.hint.text() == "Choose the ministry the workbook is for."

    dialog.set_ministry(INTERIOR)
    assert dialog.sections() == ["p21", "p22"]
    assert dialog.ok_button.isEnabled() and not dialog.hint.isVisible()
    assert dialog.summary.text() == "2 sections will be sent."

    dialog.none_button.click()
    assert dialog.sections() == [] and not dialog.ok_button.isEnabled()
    assert dialog.hint.text() == "Tick at least one section to send."
    dialog.all_button.click()
    assert len(dialog.sections()) == len(list(interior.template.sections()))
    dialog.own_button.click()
    assert dialog.sections() == ["p21", "p22"]

    dialog.set_ministry("Ministry of Justice")  # owns nothing: nothing ticked, and the hint says so
    assert dialog.sections() == [] and not dialog.ok_button.isEnabled()
    assert "No section is assigned to Ministry of Justice" in dialog.hint.text()
    dialog.set_checked(["a_coordination"])
    assert dialog.ok_button.isEnabled()


def test_export_writes_and_records_the_workbook(
    qtbot: QtBot,
    interior: ReportSession,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    shown_errors: list[str],
) -> None:
    target = tmp_path / "for-interior.xlsx"
    suggested = save_to(monkeypatch, target)
    dialog = make_dialog(qtbot, interior)
    dialog.set_ministry(INTERIOR)
    dialog.set_checked(["p21", "a_coordination"])
    exported: list[Any] = []
    dialog.exported.connect(lambda info, path: exported.append((info, path)))

    dialog.accept()
    assert suggested == ["XDM-2024-Ministry_of_Interior.xlsx"]
    assert dialog.task is not None
    qtbot.waitUntil(lambda: bool(exported), timeout=60_000)

    info, path = exported[0]
    assert path == target and target.read_bytes().startswith(b"PK")
    assert info.ministry == INTERIOR and info.sections == ("a_coordination", "p21")
    recorded = interior.db.exchanges(interior.report_id)
    assert [e.id for e in recorded] == [info.id] and recorded[0].file_name == target.name
    sheets = load_workbook(target, read_only=True).sheetnames
    assert any(title.startswith("§21") for title in sheets)
    assert shown_errors == []


def test_a_file_that_cannot_be_written_is_an_error_and_nothing_is_recorded(
    qtbot: QtBot,
    interior: ReportSession,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    shown_errors: list[str],
) -> None:
    save_to(monkeypatch, tmp_path / "no such folder" / "w.xlsx")
    dialog = make_dialog(qtbot, interior)
    dialog.set_ministry(INTERIOR)
    dialog.accept()
    assert dialog.task is not None
    qtbot.waitUntil(lambda: bool(shown_errors), timeout=60_000)
    assert "w.xlsx" in shown_errors[0]
    assert interior.db.exchanges(interior.report_id) == []


def test_cancel_in_the_file_dialog_keeps_the_choice_open(
    qtbot: QtBot, interior: ReportSession, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *_a: ("", "")))
    dialog = make_dialog(qtbot, interior)
    dialog.set_ministry(INTERIOR)
    dialog.accept()
    assert dialog.isVisible() and dialog.task is None


def test_a_cancelled_export_writes_and_records_nothing(
    qtbot: QtBot,
    interior: ReportSession,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    shown_errors: list[str],
) -> None:
    target = tmp_path / "w.xlsx"
    save_to(monkeypatch, target)
    go = threading.Event()
    real = ministries.send_workbook

    def gated(*args: Any, **kwargs: Any) -> Any:
        go.wait(10)  # the person presses Cancel before the workbook is built
        return real(*args, **kwargs)

    monkeypatch.setattr(module, "send_workbook", gated)
    dialog = make_dialog(qtbot, interior)
    dialog.set_ministry(INTERIOR)
    exported: list[Any] = []
    dialog.exported.connect(lambda *args: exported.append(args))
    dialog.accept()
    task = dialog.task
    assert task is not None
    task.cancel()
    go.set()
    qtbot.waitUntil(lambda: task.done, timeout=60_000)
    assert not target.exists() and exported == [] and shown_errors == []
    assert interior.db.exchanges(interior.report_id) == []


def test_the_main_window_offers_the_ministries_dialog_when_there_is_none(
    qtbot: QtBot, session: ReportSession, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = MainWindow(session, "en")
    qtbot.addWidget(window)
    asked: list[str] = []

    def yes(_parent: Any, _title: str, text: str, *_args: Any) -> QMessageBox.StandardButton:
        asked.append(text)
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "question", staticmethod(yes))
    window.export_for_ministry()
    assert asked and "list of ministries is empty" in asked[0]
    assert window.ministries_dialog is not None and window.ministries_dialog.isVisible()
    assert window.ministry_export_dialog is None

    window.ministries_dialog.add_ministry(INTERIOR)
    window.ministries_dialog.assign(["p29"], INTERIOR)
    window.ministries_dialog.reject()  # Close: the export carries on
    dialog = window.ministry_export_dialog
    assert dialog is not None and dialog.isVisible()
    assert dialog.ministry() == INTERIOR and dialog.sections() == ["p29"]  # the only ministry


def test_the_main_window_says_where_the_workbook_went(
    qtbot: QtBot, interior: ReportSession, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "w.xlsx"
    save_to(monkeypatch, target)
    window = MainWindow(interior, "fr")
    qtbot.addWidget(window)
    window.export_for_ministry()
    dialog = window.ministry_export_dialog
    assert dialog is not None
    assert dialog.windowTitle() == "Exporter pour un ministère"
    assert dialog.hint.text() == "Choisissez le ministère destinataire du classeur."
    dialog.set_ministry(INTERIOR)
    # French puts a non-breaking space between a number and its noun.
    assert dialog.summary.text() == "Sections à envoyer : 2\u00a0sections."
    dialog.accept()
    qtbot.waitUntil(lambda: str(target) in window.statusBar().currentMessage(), timeout=60_000)
    assert window.statusBar().currentMessage().startswith("Classeur pour Ministry of Interior")
