"""Start the desktop application from the command line.

Qt is imported only here, when the application starts, so that every other ``poa-report``
command runs without loading (or even having) Qt.
"""

from __future__ import annotations

from pathlib import Path


def start_application(db_path: Path | None, *, exit_when_ready: bool = False) -> int:
    """Run the desktop application on the database at ``db_path`` (None: the default one)."""
    from desktop.app import run

    return run(db_path, exit_when_ready=exit_when_ready)
