"""Where the database lives."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Final

import platformdirs

from storage.errors import DatabaseLocationError

APP_NAME: Final = "poa-report"
DB_FILENAME: Final = "reports.sqlite"
ENV_VAR: Final = "POA_REPORT_DB"


def _platform_default() -> Path:
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)) / DB_FILENAME


def default_db_path() -> Path:
    """``$POA_REPORT_DB`` if set (and non-empty), else the per-user data directory."""
    override = os.environ.get(ENV_VAR)
    if override:
        return Path(override).expanduser()
    return _platform_default()


def prepare_location(path: Path | None) -> Path:
    """The absolute database path to open, after checking its directory.

    Only the platform default's directory is created: a path the user chose (argument or
    ``$POA_REPORT_DB``) with a missing directory is more likely a typo or an unplugged
    drive than a wish for new folders, so it is refused and nothing is created.
    """
    if path is None and not os.environ.get(ENV_VAR):
        path = _platform_default().resolve()
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise DatabaseLocationError(path, "cannot_create") from exc
    else:
        path = (path if path is not None else default_db_path()).expanduser().resolve()
    if path.is_dir():
        raise DatabaseLocationError(path, "is_directory")
    if not path.parent.is_dir():
        raise DatabaseLocationError(path, "missing_directory")
    return path
