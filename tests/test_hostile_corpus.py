"""Hostile input everywhere the program reads a file (issue 8): every trap of the generated
corpus — billion laughs, quadratic blowup, external entities, zip bomb, giant sheets, lying
dimension records, control characters, the 1904 date system, formulas without cached values,
truncated, password-protected and renamed files, damaged databases — is refused with a message,
or reported for its field, within 10 s and 500 MB, and the database is left untouched.

The readers run in a process of their own (tests/support/hostile_worker.py) so that its peak
memory is its own; the bounds are safety limits, far above what the readers need.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]
WORKER = ROOT / "tests" / "support" / "hostile_worker.py"
MAX_SECONDS = 10.0
MAX_MEGABYTES = 500.0
PER_FIELD = {"control_characters_in_a_field", "formula_without_cached_value"}


@pytest.fixture(scope="module")
def results(tmp_path_factory: pytest.TempPathFactory) -> list[dict[str, Any]]:
    work = tmp_path_factory.mktemp("hostile")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [sys.executable, str(WORKER), str(work)],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=600, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-3000:]
    return [json.loads(line) for line in done.stdout.splitlines() if line.startswith("{")]


def _cases(results: list[dict[str, Any]], reader: str) -> dict[str, dict[str, Any]]:
    return {r["case"]: r for r in results if r.get("reader") == reader}


def test_nothing_crashes_and_each_file_is_read_quickly(results: list[dict[str, Any]]) -> None:
    timed = [r for r in results if "seconds" in r]
    assert len(timed) > 30
    for result in timed:
        assert result["outcome"] != "crashed", result
        assert result["seconds"] <= MAX_SECONDS, result


def test_memory_stays_bounded(results: list[dict[str, Any]]) -> None:
    (peak,) = [r["peak_rss_mb"] for r in results if "peak_rss_mb" in r]
    assert peak <= MAX_MEGABYTES


def test_ministry_workbook_traps_are_refused_or_reported_and_change_nothing(
    results: list[dict[str, Any]],
) -> None:
    cases = _cases(results, "ministry")
    assert cases.pop("database_unchanged")["outcome"] == "True"
    dialect = cases.pop("date_1904_system")
    assert dialect["outcome"] == "accepted" and dialect["changed"] == ["p21.agencies"]
    for case, result in cases.items():
        expected = "reported" if case in PER_FIELD else "refused"
        assert result["outcome"] == expected, result
        assert result["detail"], result


def test_submission_workbook_traps_are_refused(results: list[dict[str, Any]]) -> None:
    for result in _cases(results, "restore").values():
        assert result["outcome"] == "refused", result
        assert result["message_id"].startswith("restore."), result


def test_database_file_traps_are_refused_and_left_unchanged(
    results: list[dict[str, Any]],
) -> None:
    cases = _cases(results, "database")
    assert {"random_bytes", "another_programs_sqlite", "damaged_pages"} <= set(cases)
    for result in cases.values():
        assert result["outcome"] == "refused", result
        assert result["file_unchanged"], result
