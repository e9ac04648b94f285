"""Shared fixtures for the storage tests: a fresh database file per test."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from storage import Database, ReportInfo, open_database


@pytest.fixture(autouse=True)
def _no_env_database(monkeypatch: pytest.MonkeyPatch) -> None:
    # A developer's own $POA_REPORT_DB must never leak into, or be touched by, a test.
    monkeypatch.delenv("POA_REPORT_DB", raising=False)


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "reports.sqlite"


@pytest.fixture
def db(db_path: Path) -> Iterator[Database]:
    with open_database(db_path) as database:
        yield database


@pytest.fixture
def report(db: Database) -> ReportInfo:
    return db.create_report(
        country="NZL", cycle=2024, language="en", template_id="poa-national", template_version=1
    )
