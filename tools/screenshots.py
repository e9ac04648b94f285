"""Render the main screens of the application into docs/screenshots/, in English and French.

    QT_QPA_PLATFORM=offscreen .venv/bin/python tools/screenshots.py [OUTPUT_DIR]

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

from desktop.fonts import load_fonts
from desktop.language import apply_language
from desktop.main_window import MainWindow
from desktop.section_page import SectionPage
from desktop.session import ReportSession
from desktop.settings import Preferences
from desktop.welcome import WelcomeDialog
from reporting.demo import create_demo_report
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
    window.close()


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
