"""Workbooks sent (issue 6): every workbook sent to a ministry for the report, newest first, with
its sections, when and by whom it was sent, its file, and whether it came back."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMenu
from pytestqt.qtbot import QtBot

from desktop.exchanges_view import COLUMNS, ExchangesDialog
from desktop.history_view import local_time
from desktop.main_window import MainWindow
from desktop.session import ReportSession
from reporting.ministries import apply_review, review_workbook, send_workbook

INTERIOR = "Ministry of Interior"
JUSTICE = "Ministry of Justice"


def make_dialog(qtbot: QtBot, session: ReportSession, lang: str = "en") -> ExchangesDialog:
    dialog = ExchangesDialog(session, lang)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def test_nothing_sent_yet(qtbot: QtBot, session: ReportSession) -> None:
    dialog = make_dialog(qtbot, session, "fr")
    assert dialog.table.rowCount() == 0
    assert dialog.empty.isVisible()
    assert dialog.empty.text().startswith("Aucun classeur n'a encore été envoyé")
    model = dialog.table.model()
    headers = [model.headerData(n, Qt.Orientation.Horizontal) for n in range(len(COLUMNS))]
    assert headers == ["Ministère", "Sections", "Envoyé le", "Par", "Fichier", "Retour"]


def test_each_workbook_sent_and_its_return(
    qtbot: QtBot, session: ReportSession, tmp_path: Path
) -> None:
    db, report = session.db, session.report_id
    for name in (INTERIOR, JUSTICE):
        db.add_ministry(name)
    first = send_workbook(
        db, report, ministry=INTERIOR, path=tmp_path / "interior.xlsx", sections=["p21", "p22"]
    )
    send_workbook(db, report, ministry=JUSTICE, path=tmp_path / "justice.xlsx", sections=["p23"])
    data = (tmp_path / "interior.xlsx").read_bytes()
    review = review_workbook(db, report, data, file_name="interior-back.xlsx")
    apply_review(db, review, [])  # nothing accepted, but the workbook came back

    dialog = make_dialog(qtbot, session)
    rows = dialog.row_texts()
    assert [row[0] for row in rows] == [JUSTICE, INTERIOR]  # newest first
    justice, interior = rows
    assert justice[1] == "23. Complementarity with regional and other instruments"
    assert justice[4] == "justice.xlsx" and justice[5] == "not yet"
    assert interior[1] == (
        "21. Laws and regulations on life-cycle control; "
        "22. Life-cycle controls to prevent diversion"
    )
    assert interior[2] == local_time(first.sent_at, "en")
    assert interior[3] == first.sent_by
    [returned] = [e for e in db.exchanges(report) if e.id == first.id]
    assert returned.returned_at is not None
    assert interior[5] == f"{local_time(returned.returned_at, 'en')} — interior-back.xlsx"
    tip = dialog.table.item(1, 5).toolTip()  # type: ignore[union-attr]
    assert review.sha256 in tip and "interior-back.xlsx" in tip
    sections_tip = dialog.table.item(1, 1).toolTip()  # type: ignore[union-attr]
    assert sections_tip.count("\n") == 1  # the whole list, a section per line
    assert not dialog.empty.isVisible()

    # A ministry renamed since keeps, in this list, the name it was sent under.
    db.rename_ministry(INTERIOR, "Ministry of the Interior")
    dialog.refresh()
    assert dialog.row_texts()[1][0] == INTERIOR


def test_the_main_window_opens_it(qtbot: QtBot, session: ReportSession) -> None:
    window = MainWindow(session, "en")
    qtbot.addWidget(window)
    menu = window.menuBar().actions()[2].menu()
    assert isinstance(menu, QMenu)
    [action] = [a for a in menu.actions() if a.text() == "&Workbooks sent…"]
    action.trigger()
    [dialog] = window.findChildren(ExchangesDialog)
    assert dialog.isVisible() and dialog.windowTitle() == "Workbooks sent to ministries"
