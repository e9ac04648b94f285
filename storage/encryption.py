"""Protecting a database with a passphrase, changing it, or removing it (SQLCipher).

A closed database is converted with ``sqlcipher_export`` into a temporary file beside it,
which is checked (key, ``quick_check``, identity and the row count of every table) and then
renamed over the original: a crash leaves the old file or the new one. ``sqlcipher_export``
copies neither ``user_version`` nor ``application_id``; they are copied explicitly.

No plaintext copy of an encrypted database is ever written: the original is kept as a backup
only when it was encrypted (the backup is encrypted with the old passphrase), and encrypting a
database also encrypts its existing backups and pre-migration copies in place. Deleted plaintext
may still be recoverable from the disk itself: use disk encryption too (docs/SECURITY.md).
"""

from __future__ import annotations

from contextlib import closing
from pathlib import Path

from storage import cipher, writer_lock
from storage.backups import BackupInfo, _copy, _created, _target, list_backups
from storage.errors import DatabaseDamagedError
from storage.inspection import inspect_file
from storage.writer_lock import DatabaseInUseError


def encrypt_database(path: Path, passphrase: str) -> None:
    """Protect the plain database at ``path`` (closed) with ``passphrase``."""
    set_passphrase(path, None, passphrase)


def decrypt_database(path: Path, passphrase: str) -> BackupInfo:
    """Remove the passphrase of the database at ``path``; return the encrypted backup kept."""
    safety = set_passphrase(path, passphrase, None)
    assert safety is not None  # noqa: S101 - an encrypted original is always kept
    return safety


def set_passphrase(path: Path, old: str | None, new: str | None) -> BackupInfo | None:
    """Convert the closed database at ``path`` from passphrase ``old`` to ``new``.

    ``None`` means unencrypted. Return the backup of the original, kept only when it was
    encrypted (``old`` given; the backup is encrypted with ``old``). The file is inspected with
    ``old`` first (``WrongPassphraseError``, ``NotEncryptedError``, … leave it untouched).
    """
    if old is None and new is None:
        raise ValueError("nothing to do: neither an old nor a new passphrase")
    if new is not None:
        cipher.check_passphrase(new)
    path = path.expanduser().resolve()
    if not path.is_file() or path.stat().st_size == 0:
        raise FileNotFoundError(path)
    cipher.dbapi()  # EncryptionUnavailableError before anything is done
    if writer_lock.held_here(path):
        raise DatabaseInUseError(path)
    inspect_file(path, old)
    lock = writer_lock.acquire(path)
    try:
        safety = None
        if old is not None:
            target = _target(path, "before-passphrase", None)
            with closing(cipher.open_file(path, old, read_only=True)) as current:
                _copy(current, target, old)
            size = target.stat().st_size
            safety = BackupInfo(target, _created(target), "before-passphrase", size)
        _convert(path, old, new, journal_mode="WAL")
        cipher.forget_passphrase(path)  # whatever this process remembered no longer opens it
        if old is None:
            _encrypt_copies(path, new)
        return safety
    finally:
        writer_lock.release(lock)


def _encrypt_copies(path: Path, passphrase: str | None) -> None:
    """Encrypt in place the plain backups and pre-migration copies of ``path``."""
    copies = [info.path for info in list_backups(path)]
    copies += sorted(path.parent.glob(f"{path.name}.schema-v*.bak"))
    for copy in copies:
        if copy.is_file() and copy.stat().st_size > 0 and cipher.is_plain(copy):
            _convert(copy, None, passphrase, journal_mode="DELETE")


def _convert(path: Path, old: str | None, new: str | None, *, journal_mode: str) -> None:
    temporary = path.with_name(f".{path.name}.converting")
    temporary.unlink(missing_ok=True)
    try:
        _export(path, old, temporary, new)
        _check(temporary, new, journal_mode)
        temporary.replace(path)
        for suffix in ("-wal", "-shm"):  # they belonged to the replaced file
            path.with_name(path.name + suffix).unlink(missing_ok=True)
    finally:
        temporary.unlink(missing_ok=True)
        for suffix in ("-wal", "-shm", "-journal"):
            temporary.with_name(temporary.name + suffix).unlink(missing_ok=True)


def _export(source: Path, old: str | None, target: Path, new: str | None) -> None:
    """``source`` (key ``old``) into the new file ``target`` (key ``new``), counts compared."""
    module = cipher.dbapi()
    with closing(module.connect(str(source))) as conn:
        conn.isolation_level = None
        conn.execute("PRAGMA cipher_log_level = NONE")
        if old is not None:
            conn.set_key(old)
        cipher.verify_key(conn, source)
        # Bound parameters: neither the path nor the passphrase passes through SQL text.
        conn.execute("ATTACH DATABASE ? AS target KEY ?", (str(target), new or ""))
        try:
            conn.execute("SELECT sqlcipher_export('target')")
            for pragma in ("application_id", "user_version"):
                value = int(conn.execute(f"PRAGMA main.{pragma}").fetchone()[0])
                conn.execute(f"PRAGMA target.{pragma} = {value:d}")
            tables = conn.execute(
                "SELECT name FROM main.sqlite_schema WHERE type = 'table'"
                " AND name NOT LIKE 'sqlite_%'"
            ).fetchall()
            for (name,) in tables:
                quoted = '"' + str(name).replace('"', '""') + '"'
                counts = [
                    conn.execute(f"SELECT count(*) FROM {schema}.{quoted}").fetchone()[0]  # noqa: S608
                    for schema in ("main", "target")
                ]
                if counts[0] != counts[1]:
                    raise DatabaseDamagedError(target, [f"table {name}: {counts}"])
        finally:
            conn.execute("DETACH DATABASE target")


def _check(path: Path, passphrase: str | None, journal_mode: str) -> None:
    with closing(cipher.open_file(path, passphrase)) as conn:
        cipher.verify_key(conn, path)
        conn.execute(f"PRAGMA journal_mode = {journal_mode}")
        rows = conn.execute("PRAGMA quick_check").fetchall()
    if rows != [("ok",)]:
        raise DatabaseDamagedError(path, [str(row[0]) for row in rows])
    if passphrase is not None and cipher.is_plain(path):
        raise DatabaseDamagedError(path, ["the converted copy is not encrypted"])
