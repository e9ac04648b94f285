"""Rolling backups of the database, made with SQLite's backup API, and restoring one.

A backup is a consistent copy of the whole database taken through SQLite (never a file copy,
which could catch a transaction half-written or miss what is still in the WAL), written under a
temporary name, checked with ``PRAGMA quick_check`` and then renamed: a crash leaves the old set
of backups or the new one, never a half backup. The newest ``keep`` are kept.

Backups live beside the database in ``<database>.backups/``, named
``<UTC time>-<reason>.sqlite``, so they sort by age and say why they were made ("open",
"interval", "before-restore", …).

The backups of a database protected by a passphrase are encrypted with the same passphrase
(SQLCipher's backup API into a target keyed identically), and restoring one needs it.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import re
import shutil
import sqlite3
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

from storage import cipher, writer_lock
from storage.errors import BackupError
from storage.inspection import inspect_file
from storage.store import Store

DEFAULT_KEEP: Final = 10
_NAME: Final = re.compile(r"(?P<stamp>\d{8}T\d{6}\d{6}Z)-(?P<reason>[a-z-]{1,30})\.sqlite")
_STAMP: Final = "%Y%m%dT%H%M%S%fZ"


@dataclass(frozen=True)
class BackupInfo:
    path: Path
    created_at: dt.datetime  # UTC
    reason: str
    size: int


def backup_folder(db_path: Path) -> Path:
    return db_path.with_name(f"{db_path.name}.backups")


def list_backups(db_path: Path) -> list[BackupInfo]:
    """The backups of the database at ``db_path``, newest first."""
    folder = backup_folder(db_path)
    if not folder.is_dir():
        return []
    found = []
    for path in folder.iterdir():
        match = _NAME.fullmatch(path.name)
        if match is None or not path.is_file():
            continue  # temporary files, or anything a person put there
        created = dt.datetime.strptime(match["stamp"], _STAMP).replace(tzinfo=dt.UTC)
        found.append(BackupInfo(path, created, match["reason"], path.stat().st_size))
    return sorted(found, key=lambda info: info.path.name, reverse=True)


def is_good(path: Path, passphrase: str | None = None) -> bool:
    """Whether ``path`` is one of our databases that passes ``PRAGMA quick_check``.

    With ``passphrase``, only an encrypted database that this passphrase opens is good.
    """
    try:
        inspect_file(path, passphrase)
    except Exception:
        return False
    return path.exists() and path.stat().st_size > 0


def newest_good_backup(db_path: Path, passphrase: str | None = None) -> BackupInfo | None:
    return next((info for info in list_backups(db_path) if is_good(info.path, passphrase)), None)


def _copy(source: Any, target: Path, passphrase: str | None = None) -> None:
    """``source`` into a new file ``target`` through the backup API, checked, then renamed.

    With ``passphrase`` (``source`` is then a SQLCipher connection), ``target`` is encrypted.
    """
    temporary = target.with_name(f".{target.name}.partial")
    temporary.unlink(missing_ok=True)
    try:
        with closing(cipher.open_file(temporary, passphrase)) as copy:
            source.backup(copy)
            copy.execute("PRAGMA journal_mode = DELETE")  # one self-contained file
            if copy.execute("PRAGMA quick_check").fetchall() != [("ok",)]:
                raise BackupError(target, "damaged")
        temporary.replace(target)
    finally:
        temporary.unlink(missing_ok=True)


def _prune(db_path: Path, keep: int) -> None:
    for old in list_backups(db_path)[keep:]:
        with contextlib.suppress(OSError):
            old.path.unlink()


def _target(db_path: Path, reason: str, now: dt.datetime | None) -> Path:
    if not re.fullmatch(r"[a-z-]{1,30}", reason):
        raise ValueError(f"a backup reason is a short lower-case word, got {reason!r}")
    folder = backup_folder(db_path)
    try:
        folder.mkdir(exist_ok=True)
    except OSError as exc:
        raise BackupError(folder, "cannot_write") from exc
    moment = (now or dt.datetime.now(dt.UTC)).astimezone(dt.UTC)
    target = folder / f"{moment.strftime(_STAMP)}-{reason}.sqlite"
    while target.exists():  # two backups in the same microsecond
        moment += dt.timedelta(microseconds=1)
        target = folder / f"{moment.strftime(_STAMP)}-{reason}.sqlite"
    return target


class BackupStore(Store):
    """Backups of an open database (a mixin of ``Database``)."""

    def backup(
        self, reason: str, *, keep: int = DEFAULT_KEEP, now: dt.datetime | None = None
    ) -> BackupInfo:
        """A checked copy of the database now; only the newest ``keep`` backups are kept."""
        target = _target(self.path, reason, now)
        raw = self._live_engine().raw_connection()
        try:
            source = raw.driver_connection
            if self._passphrase is None and not isinstance(source, sqlite3.Connection):
                raise TypeError(f"expected a sqlite3 connection, got {type(source).__name__}")
            try:
                _copy(source, target, self._passphrase)
            except cipher.DRIVER_ERRORS as exc:
                raise BackupError(target, "cannot_write") from exc
            except OSError as exc:
                raise BackupError(target, "cannot_write") from exc
        finally:
            raw.close()
        _prune(self.path, keep)
        return BackupInfo(target, _created(target), reason, target.stat().st_size)


def _created(path: Path) -> dt.datetime:
    match = _NAME.fullmatch(path.name)
    assert match is not None  # noqa: S101 - we named it
    return dt.datetime.strptime(match["stamp"], _STAMP).replace(tzinfo=dt.UTC)


def restore_backup(
    db_path: Path, backup: Path, *, passphrase: str | None = None
) -> BackupInfo | None:
    """Replace the (closed) database at ``db_path`` with ``backup``; return the safety copy.

    An encrypted backup needs its ``passphrase`` (else it is refused as ``damaged``), and the
    restored database is encrypted with it. The safety copy of an encrypted current database
    is made only if ``passphrase`` opens it (it stays encrypted); otherwise it is moved aside,
    as it is, like a damaged one: never decrypted.

    The backup is checked first (ours, healthy) and nothing is touched if it is not. The
    current database is kept: as a backup ("before-restore") when it can still be read, else
    moved aside as ``<name>.damaged-<time>`` for a specialist. Every connection to it must be
    closed (the desktop closes the report first).
    """
    if not is_good(backup, passphrase):
        raise BackupError(backup, "damaged")
    lock = writer_lock.acquire(db_path)  # not while the program has the database open
    try:
        return _replace(db_path, backup, passphrase)
    finally:
        writer_lock.release(lock)


def _replace(db_path: Path, backup: Path, passphrase: str | None) -> BackupInfo | None:
    safety: BackupInfo | None = None
    current_key = _current_key(db_path, passphrase)
    if db_path.exists() and is_good(db_path, current_key):
        target = _target(db_path, "before-restore", None)
        with closing(cipher.open_file(db_path, current_key, read_only=True)) as current:
            _copy(current, target, current_key)
        safety = BackupInfo(target, _created(target), "before-restore", target.stat().st_size)
    elif db_path.exists():
        stamp = dt.datetime.now(dt.UTC).strftime(_STAMP)
        for suffix in ("", "-wal", "-shm"):
            part = db_path.with_name(db_path.name + suffix)
            if part.exists():
                shutil.move(part, db_path.with_name(f"{db_path.name}.damaged-{stamp}{suffix}"))
    for suffix in ("-wal", "-shm"):  # they belong to the file being replaced
        db_path.with_name(db_path.name + suffix).unlink(missing_ok=True)
    temporary = db_path.with_name(f".{db_path.name}.restoring")
    with closing(cipher.open_file(backup, passphrase, read_only=True)) as source:
        _copy(source, temporary, passphrase)
    with closing(cipher.open_file(temporary, passphrase)) as restored:
        restored.execute("PRAGMA journal_mode = WAL")
    temporary.replace(db_path)
    return safety


def _current_key(db_path: Path, passphrase: str | None) -> str | None:
    """The passphrase to check the current database with: none for a plain file."""
    if passphrase is None or not db_path.exists() or db_path.stat().st_size == 0:
        return None
    return None if cipher.is_plain(db_path) else passphrase
