"""The engine holder every part of ``Database`` builds on: lifetime and transactions."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import TracebackType
from typing import NoReturn, Self

from sqlalchemy import Connection, Engine
from sqlalchemy.exc import DBAPIError

from storage import writer_lock
from storage.engine import read_connection, translate_error


def raise_storage_error(exc: DBAPIError, path: Path) -> NoReturn:
    """Re-raise a SQLite failure as the user-facing error it means, if it has one."""
    error = translate_error(exc, path)
    if error is None:
        raise exc
    raise error from exc


class Store:
    def __init__(
        self, engine: Engine, path: Path, schema_version: int, *, passphrase: str | None = None
    ) -> None:
        """Use ``open_database``: it checks and migrates the file first."""
        self._engine: Engine | None = engine
        self._passphrase = passphrase  # kept to encrypt backups with the same key
        self.path = path
        self.schema_version = schema_version
        self._lock: Path | None = None
        self.network_share = False

    def hold(self, lock: Path, *, network_share: bool) -> None:
        """Keep the one-program lock taken by ``open_database`` until :meth:`close`."""
        self._lock, self.network_share = lock, network_share

    @property
    def encrypted(self) -> bool:
        """Whether the database is protected by a passphrase (SQLCipher)."""
        return self._passphrase is not None

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {str(self.path)!r} schema v{self.schema_version}>"

    def close(self) -> None:
        """Close every connection (the last one to close checkpoints the WAL)."""
        if self._engine is not None:
            self._engine.dispose()
            self._engine = None
        if self._lock is not None:
            writer_lock.release(self._lock)
            self._lock = None

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def _live_engine(self) -> Engine:
        if self._engine is None:
            raise RuntimeError("the database is closed")
        return self._engine

    @contextmanager
    def _write(self) -> Iterator[Connection]:
        """One ``BEGIN IMMEDIATE`` transaction: committed on exit, rolled back on any error."""
        try:
            with self._live_engine().begin() as conn:
                yield conn
        except DBAPIError as exc:
            raise_storage_error(exc, self.path)

    @contextmanager
    def _read(self) -> Iterator[Connection]:
        """One snapshot (``BEGIN DEFERRED``) so that several SELECTs agree with each other."""
        try:
            with read_connection(self._live_engine()) as conn, conn.begin():
                yield conn
        except DBAPIError as exc:
            raise_storage_error(exc, self.path)

    def integrity_check(self) -> list[str]:
        """Every row of ``PRAGMA integrity_check``; healthy only if it is exactly ``["ok"]``."""
        with self._read() as conn:
            return [str(row[0]) for row in conn.exec_driver_sql("PRAGMA integrity_check")]
