"""Looking at a file before opening it read-write.

The inspection never writes: a file that is not ours, is too new or is damaged must be left
exactly as it was (even ``PRAGMA journal_mode=WAL`` rewrites the header), so it is looked at
through the raw header and a ``mode=ro`` connection before any read-write connection exists.
"""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path
from typing import Any, Final

from storage import cipher, migrations
from storage.engine import SQLITE_BUSY, SQLITE_CORRUPT, SQLITE_LOCKED, SQLITE_NOTADB
from storage.errors import (
    DatabaseBusyError,
    DatabaseDamagedError,
    NotEncryptedError,
    NotOurDatabaseError,
    PassphraseRequiredError,
)

SQLITE_MAGIC: Final = b"SQLite format 3\x00"
HEADER_SIZE: Final = 100


def inspect_file(path: Path, passphrase: str | None = None) -> None:
    """Raise unless ``path`` is absent, empty or one of our databases in good health.

    With ``passphrase``, the file must be a SQLCipher database that this passphrase opens
    (``WrongPassphraseError`` otherwise); without, a file shaped like an encrypted database
    gets ``PassphraseRequiredError`` (a kind of ``NotOurDatabaseError``).
    """
    if not path.exists() or path.stat().st_size == 0:
        return  # a new database
    if passphrase is not None:
        _inspect_encrypted(path, passphrase)
        return
    with path.open("rb") as file:
        header = file.read(HEADER_SIZE)
    if len(header) < HEADER_SIZE or not header.startswith(SQLITE_MAGIC):
        if cipher.looks_encrypted(path):
            raise PassphraseRequiredError(path)
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
            rows = _check_contents(reader, path)
    except sqlite3.Error as exc:
        raise _classify(exc, path) from exc
    except UnicodeDecodeError as exc:  # SQLite's own message quotes damaged bytes of the schema
        raise DatabaseDamagedError(path, ["malformed database schema"]) from exc
    if rows != [("ok",)]:
        raise DatabaseDamagedError(path, [str(row[0]) for row in rows])


def _check_contents(reader: Any, path: Path) -> list[Any]:
    """Ours and not too new (else raise); the rows of ``PRAGMA quick_check``."""
    app_id = reader.execute("PRAGMA application_id").fetchone()[0]
    version = reader.execute("PRAGMA user_version").fetchone()[0]
    objects = reader.execute("SELECT count(*) FROM sqlite_schema").fetchone()[0]
    # application_id 0 is only ours if nothing was ever created in the file.
    if app_id != migrations.APPLICATION_ID and (app_id != 0 or version != 0 or objects):
        raise NotOurDatabaseError(path)
    migrations.check_not_too_new(path, version)
    return list(reader.execute("PRAGMA quick_check").fetchall())


def _inspect_encrypted(path: Path, passphrase: str) -> None:
    """The checks of ``inspect_file`` through a read-only SQLCipher connection with the key."""
    if cipher.is_plain(path):
        raise NotEncryptedError(path)
    if not cipher.looks_encrypted(path):
        raise NotOurDatabaseError(path)
    try:
        with closing(cipher.connect(path, passphrase, read_only=True)) as reader:
            cipher.verify_key(reader, path)  # WrongPassphraseError before anything else
            rows = _check_contents(reader, path)
    except cipher.DRIVER_ERRORS as exc:
        raise _classify(exc, path) from exc
    except UnicodeDecodeError as exc:
        raise DatabaseDamagedError(path, ["malformed database schema"]) from exc
    if rows != [("ok",)]:
        raise DatabaseDamagedError(path, [str(row[0]) for row in rows])


def _classify(exc: Exception, path: Path) -> Exception:
    code = getattr(exc, "sqlite_errorcode", 0) & 0xFF
    if code == SQLITE_NOTADB:
        return NotOurDatabaseError(path)
    if code == SQLITE_CORRUPT:
        return DatabaseDamagedError(path, [str(exc)])
    if code in (SQLITE_BUSY, SQLITE_LOCKED):
        return DatabaseBusyError(path)
    return exc
