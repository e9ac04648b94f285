"""A kill of the application right after a field edit loses nothing shown as saved (Issue 3)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

from reporting import service
from storage import open_database

ROOT = Path(__file__).resolve().parents[2]
TARGET = Path(__file__).with_name("crash_target.py")


def test_sigkill_after_an_edit_loses_nothing_shown_as_saved(tmp_path: Path) -> None:
    db_path = tmp_path / "r.sqlite"
    with open_database(db_path) as db:
        report = service.create_report(db, country="SEN", cycle=2024, language="en").id
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT)}
    for kill_after in (1, 3, 17, 40):
        with subprocess.Popen(
            [sys.executable, str(TARGET), str(db_path), str(report)],
            cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
        ) as process:  # fmt: skip
            assert process.stdout is not None
            last = ""
            for _ in range(kill_after):
                last = process.stdout.readline().strip()
            process.send_signal(signal.SIGKILL)  # no chance to flush or close anything
            process.wait(timeout=30)
        assert last.startswith("SAVED a_coordination.body_name "), last
        shown_as_saved = last.removeprefix("SAVED a_coordination.body_name ")
        with open_database(db_path) as db:
            assert db.integrity_check() == ["ok"]
            answer = db.answer(report, "a_coordination.body_name")
            # The kill may land after a later save too: never before the one shown.
            assert answer is not None
            number = int(answer.value.removeprefix("Commission "))
            assert number >= int(shown_as_saved.removeprefix("Commission "))
