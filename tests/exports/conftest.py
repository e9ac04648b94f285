"""Fixtures shared by the export tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from reporting.demo import create_demo_report
from reporting.service import ReportState, load_state
from storage import open_database


@pytest.fixture(scope="session")
def demo_state(tmp_path_factory: pytest.TempPathFactory) -> ReportState:
    """The demo report (English), loaded once: a ReportState is plain frozen data."""
    path: Path = tmp_path_factory.mktemp("demo") / "demo.sqlite"
    with open_database(path) as db:
        info = create_demo_report(db)
        return load_state(db, info.id)
