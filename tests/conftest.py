"""Settings every test shares, set before any test runs and inherited by the programs they start."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest

from storage.audit import KEY_FILE_ENV


def pytest_configure(config: pytest.Config) -> None:
    # The history's sealing key is per installation: tests use their own, never the user's.
    if not os.environ.get(KEY_FILE_ENV):
        folder = Path(tempfile.mkdtemp(prefix="poa-audit-key-"))
        os.environ[KEY_FILE_ENV] = str(folder / "audit.key")
