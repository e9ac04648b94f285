"""Looking at a file before opening it read-write.

The inspection never writes: a file that is not ours, is too new or is damaged must be left
exactly as it was (even ``PRAGMA journal_mode=WAL`` rewrites the header), so it is looked at
through the raw header and a ``mode=ro`` connection before any read-write connection exists.
"""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path
from typing import Final

from storage import migrations
from storage.engine import SQLITE_BUSY, SQLITE_CORRUPT, SQLITE_LOCKED, SQLITE_NOTADB
from storage.errors import DatabaseBusyError, DatabaseDamagedError, NotOurDatabaseError

SQLITE_MAGIC: Final = b"SQLite format 3\x00"
HEADER_SIZE: Final = 100


def inspect_file(path: Path) -> None:
    """Raise unless ``path`` is absent, empty or one of our databases in good health."""
    if not path.exists() or path.stat().st_size == 0:
        return  # a new database
    with path.open("rb") as file:
        header = file.read(HEADER_SIZE)
    if len(header) < HEADER_SIZE or not header.startswith(SQLITE_MAGIC):
        raise NotOurDatabaseError(path)
    # Decide from the raw header whatever it can decide, so that such files never even get
    # the -wal/-shm files a read-only connection leaves beside a WAL database. The header
    # may lag behind a WAL that was not checkpointed, but our first commit sets both fields
    # together and versions only grow, so these conclusions hold either way.
    header_version = int.from_bytes(header[60:64], "big")
    header_app_id = int.from_bytes(header[68:72], "big")
    if header_app_id not in (0, migrations.APPLICATION_ID) or (
        header_app_id == 0 and header_version != 0
    ):
        raise NotOurDatabaseError(path)
    migrations.check_not_too_new(path, header_version)
    try:
        with closing(sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)) as reader:
            app_id = reader.execute("PRAGMA application_id").fetchone()[0]
            version = reader.execute("PRAGMA user_version").fetchone()[0]
            objects = reader.execute("SELECT count(*) FROM sqlite_schema").fetchone()[0]
            # application_id 0 is only ours if nothing was ever created in the file.
            if app_id != migrations.APPLICATION_ID and (app_id != 0 or version != 0 or objects):
                raise NotOurDatabaseError(path)
            migrations.check_not_too_new(path, version)
            rows = reader.execute("PRAGMA quick_check").fetchall()
    except sqlite3.Error as exc:
        raise _classify(exc, path) from exc
    except UnicodeDecodeError as exc:  # SQLite's own message quotes damaged bytes of the schema
        raise DatabaseDamagedError(path, ["malformed database schema"]) from exc
    if rows != [("ok",)]:
        raise DatabaseDamagedError(path, [str(row[0]) for row in rows])


def _classify(exc: sqlite3.Error, path: Path) -> Exception:
    code = getattr(exc, "sqlite_errorcode", 0) & 0xFF
    if code == SQLITE_NOTADB:
        return NotOurDatabaseError(path)
    if code == SQLITE_CORRUPT:
        return DatabaseDamagedError(path, [str(exc)])
    if code in (SQLITE_BUSY, SQLITE_LOCKED):
        return DatabaseBusyError(path)
    return exc
