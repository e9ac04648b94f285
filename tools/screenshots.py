"""Render the main screens of the application into docs/screenshots/, in English and French.

    PYTHONPATH=. QT_QPA_PLATFORM=offscreen .venv/bin/python tools/screenshots.py [OUTPUT_DIR]

Uses the demo report in a throw-away database, the fonts that ship with the program and a fixed
window size, so the pictures change only when the interface does.
"""

from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication, QWidget

from desktop.finalise_dialog import FinaliseDialog
from desktop.fonts import load_fonts
from desktop.language import apply_language
from desktop.main_window import MainWindow
from desktop.ministries_dialog import MinistriesDialog
from desktop.ministry_review import ReviewDialog
from desktop.section_page import SectionPage
from desktop.session import ReportSession
from desktop.settings import Preferences
from desktop.welcome import WelcomeDialog
from reporting import workflow
from reporting.demo import create_demo_report
from reporting.ministries import review_workbook, send_workbook
from storage import Database, open_database

ROOT = Path(__file__).resolve().parents[1]
SIZE = (1280, 860)


def settle(app: QApplication) -> None:
    for _ in range(3):
        app.processEvents()


def grab(app: QApplication, widget: QWidget, path: Path) -> None:
    settle(app)
    if not widget.grab().save(str(path)):
        raise OSError(f"cannot write {path}")
    print(path.relative_to(ROOT) if path.is_relative_to(ROOT) else path)


def question_page(window: MainWindow, key: str) -> Callable[[], None]:
    def show() -> None:
        window.select_section(key.split(".")[0])
        page = window.page
        if isinstance(page, SectionPage):
            page.ensureWidgetVisible(page.blocks[key], 0, 0)
            scroll = page.verticalScrollBar()
            scroll.setValue(page.blocks[key].y() - 8)

    return show


def render(app: QApplication, db: Database, report_id: int, lang: str, out: Path) -> None:
    apply_language(app, lang)
    preferences = Preferences()
    welcome = WelcomeDialog(db, preferences, lang)
    welcome.resize(900, 620)
    welcome.show()
    grab(app, welcome, out / f"welcome_{lang}.png")
    welcome.close()
    window = MainWindow(ReportSession(db, report_id), lang)
    window.resize(*SIZE)
    window.show()
    screens: dict[str, Callable[[], None]] = {
        "commitment": lambda: window.select_section("p29"),
        "table": question_page(window, "e_assistance.projects"),
        "grid": question_page(window, "d_grids.victims_killed"),
        "sdg": question_page(window, "c_sdg.methodology"),
        "overview": window.show_overview,
        "preflight": window.show_preflight,
    }
    for name, show in screens.items():
        show()
        if name == "preflight" and window.preflight is not None:
            window.preflight.refresh()
        grab(app, window, out / f"{name}_{lang}.png")
    ministry_screens(app, window.session, lang, out)
    workflow_screens(app, window, lang, out)
    window.close()


MINISTRIES = ("Ministry of Interior", "Ministry of Justice", "Ministère des Affaires étrangères")
# What the Interior changes in its workbook: an answer, a new one, and a number it mistyped.
RETURNED = {
    "p21.agencies": "Ministry of the Interior; Customs",
    "p21.assistance_description": "Training for customs officers",
    "a_coordination.women": 9,
    "a_coordination.members": "twenty",
}


def ministry_screens(app: QApplication, session: ReportSession, lang: str, out: Path) -> None:
    """Issue 6: who answers which section, and the review of a workbook that came back."""
    from openpyxl import load_workbook

    db, report_id = session.db, session.report_id
    for name in MINISTRIES:
        if name not in db.ministries():  # one list for every report of the database
            db.add_ministry(name)
    db.set_section_owners(report_id, {"a_coordination": MINISTRIES[0], "p21": MINISTRIES[0],
                                      "p22": MINISTRIES[0], "p28": MINISTRIES[1]})  # fmt: skip
    ministries = MinistriesDialog(session, lang)
    ministries.select_ministry(MINISTRIES[0])
    ministries.show()
    grab(app, ministries, out / f"ministries_{lang}.png")
    ministries.close()
    with tempfile.TemporaryDirectory() as scratch:
        sent = Path(scratch) / "XDM-2024-Ministry_of_Interior.xlsx"
        send_workbook(
            db, report_id, ministry=MINISTRIES[0], path=sent, sections=["a_coordination", "p21"]
        )
        session.set_value("p21.challenges", "Changed here since the workbook was sent")
        workbook = load_workbook(sent)
        edited = {**RETURNED, "p21.challenges": "The transit decree was adopted in May 2024."}
        for sheet in workbook.worksheets:
            for row in sheet.iter_rows():
                if sheet.sheet_state == "visible" and row[0].value in edited:
                    row[2].value = edited[row[0].value]
        workbook.save(sent)
        review = review_workbook(db, report_id, sent.read_bytes(), file_name=sent.name)
    dialog = ReviewDialog(session, review, lang)
    dialog.show()
    grab(app, dialog, out / f"ministry_review_{lang}.png")
    dialog.close()


# What a reviewer writes when returning a section (issue 7).
RETURN_COMMENT = {
    "en": "Please give the number of women members and the date of the last meeting.",
    "fr": "Merci d'indiquer le nombre de femmes membres et la date de la dernière réunion.",
}


def workflow_screens(app: QApplication, window: MainWindow, lang: str, out: Path) -> None:
    """Issue 7: a section returned with a comment, and the report about to be marked final."""
    session = window.session
    db, report_id = session.db, session.report_id
    workflow.submit(db, report_id, "a_coordination")
    workflow.return_section(db, report_id, "a_coordination", RETURN_COMMENT[lang])
    session.refresh_workflow()
    window.select_section("a_coordination")
    grab(app, window, out / f"review_{lang}.png")
    keys = [key for key, s in session.statuses().items() if s.status != "approved"]
    workflow.change_status(db, report_id, workflow.SUBMIT, keys)
    workflow.approve_all_ready(db, report_id)
    session.refresh_workflow()
    dialog = FinaliseDialog(session, lang, window)
    dialog.refresh()
    dialog.acknowledge.setChecked(True)
    dialog.show()
    grab(app, dialog, out / f"finalise_{lang}.png")
    dialog.close()


def main(argv: list[str]) -> int:
    out = Path(argv[1]) if len(argv) > 1 else ROOT / "docs" / "screenshots"
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as scratch:
        # Never the user's settings or database.
        QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, scratch)
        app = QApplication([])
        load_fonts(app)
        with open_database(Path(scratch) / "demo.sqlite") as db:
            for lang in ("en", "fr"):
                report = create_demo_report(db, language=lang)
                render(app, db, report.id, lang, out)
                db.delete_report(report.id)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
