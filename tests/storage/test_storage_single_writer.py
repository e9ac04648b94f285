"""One program at a time on a database (issue 8): a second process is told the database is in
use and cannot change it; the lock goes with the process, even when it is killed; a database
on a network file system is flagged for a warning."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from storage import DatabaseInUseError, open_database, writer_lock

ROOT = Path(__file__).resolve().parents[2]
HOLDER = """
import sys, time
from storage import open_database
db = open_database(__import__("pathlib").Path(sys.argv[1]))
print("open", flush=True)
time.sleep(60)
"""


def _hold(db_path: Path) -> subprocess.Popen[str]:
    process = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(db_path)],
        cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)},
        stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    assert process.stdout is not None
    assert process.stdout.readline().strip() == "open"
    return process


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")
def test_a_second_program_is_refused_until_the_first_is_gone(tmp_path: Path) -> None:
    db_path = tmp_path / "reports.sqlite"
    open_database(db_path).close()
    before = db_path.read_bytes()
    holder = _hold(db_path)
    try:
        with pytest.raises(DatabaseInUseError) as caught:
            open_database(db_path)
        assert str(db_path) in caught.value.message("fr")
        assert db_path.read_bytes() == before
    finally:
        holder.send_signal(signal.SIGKILL)  # no chance to clean up: the OS drops the lock
        holder.wait(timeout=30)
        if holder.stdout is not None:
            holder.stdout.close()
    deadline = time.monotonic() + 10
    while True:
        try:
            with open_database(db_path) as db:
                assert db.integrity_check() == ["ok"]
            break
        except DatabaseInUseError:
            assert time.monotonic() < deadline
            time.sleep(0.1)


def test_the_same_program_may_open_it_twice(tmp_path: Path) -> None:
    db_path = tmp_path / "reports.sqlite"
    with open_database(db_path) as first, open_database(db_path) as second:
        assert first.integrity_check() == second.integrity_check() == ["ok"]
    # Both closed: the lock is free for anyone.
    assert writer_lock.lock_path(db_path) not in writer_lock._held


def test_network_file_systems_are_recognised(monkeypatch: pytest.MonkeyPatch) -> None:
    mounts = "server:/export /mnt/share nfs4 rw 0 0\n/dev/sda1 / ext4 rw 0 0\n"
    monkeypatch.setattr(Path, "read_text", lambda self, **_: mounts)
    assert writer_lock._linux_file_system(Path("/mnt/share/reports.sqlite")) == "nfs4"
    assert writer_lock._linux_file_system(Path("/home/me/reports.sqlite")) == "ext4"
    assert writer_lock._linux_file_system(Path("/mnt/shared/x")) == "ext4"  # not a prefix match


def test_a_local_database_is_not_flagged(tmp_path: Path) -> None:
    with open_database(tmp_path / "reports.sqlite") as db:
        assert db.network_share is False
