"""Atomic exports (issue 8): a process writing an export is killed with SIGKILL at random
moments; the file is always the old export or a complete new one, never half of one, and no
temporary file is mistaken for it."""

from __future__ import annotations

import os
import random
import signal
import sys
import time
from pathlib import Path

import pytest

from exports.base import write_atomic

ROUNDS = 60
pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="fork and SIGKILL are POSIX")


def _versions() -> list[bytes]:
    return [bytes([n]) * (2 * 1024 * 1024) for n in range(1, 4)]


def test_a_killed_export_leaves_the_old_file_or_the_new_one(tmp_path: Path) -> None:
    target = tmp_path / "report.pdf"
    versions = _versions()
    write_atomic(target, versions[0])
    rng = random.Random(8)  # noqa: S311 - timing, not secrets
    for round_number in range(ROUNDS):
        pid = os.fork()
        if pid == 0:  # pragma: no cover - the child never returns
            try:
                for step in range(1000):
                    write_atomic(target, versions[(round_number + step) % len(versions)])
            finally:
                os._exit(0)
        time.sleep(rng.uniform(0.0, 0.05))
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        assert target.read_bytes() in versions, round_number
    leftovers = [p.name for p in tmp_path.iterdir() if p != target]
    assert all(name.startswith(".report.pdf.") for name in leftovers)  # hidden temporary files
