"""Crash safety of the save path (issue 8): a process saving answers is killed with SIGKILL at
random moments, 200 times; the database must pass ``PRAGMA integrity_check`` every time and hold
every save that was acknowledged (the save call had returned) before the kill.

Each round forks a child that opens the database and saves answers through the same service call
the application uses, reporting each acknowledged save on a pipe; the parent kills it after a
random delay — during start-up, mid-transaction, mid-checkpoint — then checks the file.
"""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import sys
import time
from contextlib import closing
from pathlib import Path

import pytest

from reporting import service
from storage import Source, open_database

ROUNDS = 200
KEYS = ("a_coordination.body_name", "p21.measures", "p21.agencies")
pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="fork and SIGKILL are POSIX")


def _child(db_path: Path, report: int, round_number: int, ack: int) -> None:
    """Save answers until killed; write "key value" on ``ack`` after each save returned."""
    try:
        with open_database(db_path) as db:
            for step in range(10_000):
                key = KEYS[step % len(KEYS)]
                value = f"round {round_number} step {step}"
                service.set_value(db, report, key, value, source=Source("typed"))
                os.write(ack, f"{key}\t{value}\n".encode())
    finally:
        os._exit(0)


def _acknowledged(read_end: int) -> dict[str, str]:
    data = b""
    while chunk := os.read(read_end, 65536):
        data += chunk
    last: dict[str, str] = {}
    for line in data.decode().splitlines():
        key, _, value = line.partition("\t")
        if value:  # a line cut by the kill is not an acknowledgement
            last[key] = value
    return last


def _order(value: str) -> tuple[int, int]:
    _, round_number, _, step = value.split()
    return int(round_number), int(step)


def test_sigkill_at_random_moments_loses_no_acknowledged_save(tmp_path: Path) -> None:
    db_path = tmp_path / "reports.sqlite"
    with open_database(db_path) as db:
        report = service.create_report(db, country="SEN", cycle=2024, language="en").id
    rng = random.Random(20261129)  # noqa: S311 - timing, not secrets; a fixed seed replays
    acknowledged: dict[str, str] = {}
    for round_number in range(ROUNDS):
        read_end, write_end = os.pipe()
        pid = os.fork()
        if pid == 0:  # pragma: no cover - the child never returns
            os.close(read_end)
            _child(db_path, report, round_number, write_end)
        os.close(write_end)
        time.sleep(rng.uniform(0.0, 0.25))
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        acknowledged.update(_acknowledged(read_end))
        os.close(read_end)
        with closing(sqlite3.connect(db_path)) as conn:
            assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)], round_number
            stored = dict(
                conn.execute("SELECT key, value FROM answers WHERE report_id = ?", (report,))
            )
        for key, value in acknowledged.items():
            assert key in stored, (round_number, key)
            # The kill may land after a later save committed but before its acknowledgement:
            # what is stored is the acknowledged save or a later one, never an earlier one.
            kept = stored[key].strip('"')
            assert _order(kept) >= _order(value), (round_number, key, kept, value)
    assert len(acknowledged) == len(KEYS)  # the rounds did save, not only start up
    with open_database(db_path) as db:
        assert db.integrity_check() == ["ok"]
