"""The SQLAlchemy engine: per-connection pragmas, explicit BEGINs, SQLite error mapping."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Final

from sqlalchemy import URL, Connection, Engine, create_engine, event
from sqlalchemy.exc import DBAPIError

from storage import cipher
from storage.errors import (
    DatabaseBusyError,
    DatabaseDamagedError,
    DatabaseWriteError,
    StorageError,
)

BUSY_TIMEOUT_MS = 5000  # a module variable so tests can shorten it
READ_ONLY_OPTION: Final = "storage_read_only"

# Primary SQLite result codes (sqlite3.h); extended codes carry them in the low byte.
SQLITE_BUSY, SQLITE_LOCKED, SQLITE_CORRUPT, SQLITE_NOTADB = 5, 6, 11, 26
_WRITE_FAILURES: Final = {8: "read-only", 10: "I/O error", 13: "disk full", 14: "cannot open"}


def _on_connect(dbapi_connection: sqlite3.Connection, _record: object) -> None:
    # SQLAlchemy's pysqlite recipe: stop the driver's own lazy BEGIN so that ours (below) is
    # the only one, and DDL in migrations is transactional too.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    try:
        # busy_timeout first, so that switching to WAL waits for a concurrent opener.
        cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS:d}")
        cursor.execute("PRAGMA journal_mode = WAL")
        # FULL: in WAL mode, NORMAL may lose the last commits on power loss.
        cursor.execute("PRAGMA synchronous = FULL")
        cursor.execute("PRAGMA foreign_keys = ON")
    finally:
        cursor.close()


def _on_begin(conn: Connection) -> None:
    if conn.get_execution_options().get(READ_ONLY_OPTION):
        # A reader takes no lock at BEGIN: a snapshot that never blocks a writer.
        conn.exec_driver_sql("BEGIN DEFERRED")
    else:
        # A writer takes the write lock up front, so it waits (busy_timeout) for another
        # writer instead of failing later on a read-to-write lock upgrade.
        conn.exec_driver_sql("BEGIN IMMEDIATE")


def create_sqlite_engine(path: Path, passphrase: str | None = None) -> Engine:
    """The engine of ``path``; with ``passphrase``, through SQLCipher (see ``cipher.py``)."""
    if passphrase is None:
        engine = create_engine(URL.create("sqlite", database=str(path)))
    else:
        cipher.check_passphrase(passphrase)
        # The pysqlite dialect with sqlcipher3 as its DBAPI (what SQLAlchemy's own pysqlcipher
        # dialect does), each connection keyed by ``creator`` before the pragmas below run.
        engine = create_engine(
            URL.create("sqlite", database=str(path)),
            module=cipher.dbapi(),
            creator=lambda: cipher.connect(path, passphrase),
        )
    event.listen(engine, "connect", _on_connect)
    event.listen(engine, "begin", _on_begin)
    return engine


def read_connection(engine: Engine) -> Connection:
    """A connection whose transactions are ``BEGIN DEFERRED`` (use only for reading)."""
    return engine.connect().execution_options(**{READ_ONLY_OPTION: True})


def journal_mode(engine: Engine) -> str:
    with read_connection(engine) as conn:
        return str(conn.exec_driver_sql("PRAGMA journal_mode").scalar_one())


def translate_error(exc: DBAPIError, path: Path) -> StorageError | None:
    """The user-facing error for a SQLite failure the user can act on, else ``None``."""
    code = getattr(exc.orig, "sqlite_errorcode", None)
    if not isinstance(code, int):
        return None
    primary = code & 0xFF
    if primary in (SQLITE_BUSY, SQLITE_LOCKED):
        return DatabaseBusyError(path)
    if primary in (SQLITE_CORRUPT, SQLITE_NOTADB):
        return DatabaseDamagedError(path, [str(exc.orig)])
    if primary in _WRITE_FAILURES:
        return DatabaseWriteError(path, _WRITE_FAILURES[primary])
    return None
