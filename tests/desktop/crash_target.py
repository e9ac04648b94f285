"""Run by test_crash_safety.py: the application makes edits and says which ones it showed as
saved, then goes on working until it is killed."""

from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from desktop.main_window import MainWindow
from desktop.session import ReportSession
from storage import open_database


def main() -> None:
    db_path, report_id = Path(sys.argv[1]), int(sys.argv[2])
    app = QApplication([])
    db = open_database(db_path)
    window = MainWindow(ReportSession(db, report_id), "en")
    window.show()
    window.select_section("a_coordination")
    page = window.page
    editor = page.blocks["a_coordination.body_name"].editor  # type: ignore[union-attr]
    counter = iter(range(1_000_000))

    def saved(key: str, _when: object) -> None:
        # What the status bar shows as saved is what the person may rely on.
        print(f"SAVED {key} {window.session.value(key)}", flush=True)

    window.session.saved.connect(saved)

    def edit() -> None:
        editor.edited.emit(f"Commission {next(counter)}")  # as the widget does when left

    timer = QTimer()
    timer.timeout.connect(edit)
    timer.start(5)
    app.exec()


if __name__ == "__main__":
    main()
