from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from reporting.cli import main


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "reports.sqlite"


@pytest.fixture
def cli(
    db_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> Iterator[Callable[..., tuple[int, str, str]]]:
    """Run ``poa-report --db DB ARGS…`` in-process; returns (exit code, stdout, stderr)."""
    monkeypatch.setenv("POA_REPORT_LANG", "en")

    def run(*args: str) -> tuple[int, str, str]:
        capsys.readouterr()
        code = main(["--db", str(db_path), *args])
        out, err = capsys.readouterr()
        return code, out, err

    yield run
