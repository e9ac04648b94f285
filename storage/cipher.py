"""SQLCipher connections for databases protected by a passphrase (optional, ``sqlcipher3``).

The passphrase is handed to SQLCipher with ``Connection.set_key`` (the C function
``sqlite3_key``, what ``PRAGMA key = '<passphrase>'`` does), so it never passes through SQL
text and needs no quoting. SQLCipher derives the page key from it and a random per-file salt
(PBKDF2-HMAC-SHA512, its defaults); each page is encrypted (AES-256) and authenticated (HMAC),
so a wrong passphrase fails on the first page read, before anything is written.

An encrypted file has no ``SQLite format 3`` header: its first 16 bytes are the salt.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from types import ModuleType
from typing import Any, Final

from storage.errors import EncryptionUnavailableError, WrongPassphraseError

try:
    from sqlcipher3 import dbapi2 as _sqlcipher
except ImportError:  # pragma: no cover - an installation without the optional component
    _sqlcipher = None

SQLITE_MAGIC: Final = b"SQLite format 3\x00"
SQLITE_NOTADB: Final = 26
# Smallest page size SQLite and SQLCipher use: an encrypted file is whole pages of it.
MIN_PAGE_SIZE: Final = 512

# Errors of either driver, for ``except`` clauses that may see both.
DRIVER_ERRORS: tuple[type[Exception], ...] = (
    (sqlite3.Error,) if _sqlcipher is None else (sqlite3.Error, _sqlcipher.Error)
)


def available() -> bool:
    return _sqlcipher is not None


def dbapi() -> ModuleType:
    """The ``sqlcipher3`` DBAPI module, or ``EncryptionUnavailableError``."""
    if _sqlcipher is None:
        raise EncryptionUnavailableError
    module: ModuleType = _sqlcipher
    return module


def check_passphrase(passphrase: str) -> None:
    if not isinstance(passphrase, str) or not passphrase:
        raise ValueError("a passphrase is a non-empty string")
    if "\x00" in passphrase:
        raise ValueError("a passphrase cannot contain a NUL character")


def connect(path: Path, passphrase: str, *, read_only: bool = False) -> Any:
    """A ``sqlcipher3`` connection to ``path`` keyed with ``passphrase`` (not yet verified)."""
    check_passphrase(passphrase)
    module = dbapi()
    if read_only:
        conn = module.connect(f"{path.as_uri()}?mode=ro", uri=True)
    else:
        conn = module.connect(str(path))
    try:
        conn.execute("PRAGMA cipher_log_level = NONE")  # no decryption errors on stderr
        conn.set_key(passphrase)
    except BaseException:
        conn.close()
        raise
    return conn


def open_file(path: Path, passphrase: str | None, *, read_only: bool = False) -> Any:
    """A plain ``sqlite3`` connection without a passphrase, else a keyed SQLCipher one."""
    if passphrase is None:
        if read_only:
            return sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)
        return sqlite3.connect(path)
    return connect(path, passphrase, read_only=read_only)


def verify_key(conn: Any, path: Path) -> None:
    """Read the first page: ``WrongPassphraseError`` if it cannot be decrypted."""
    try:
        conn.execute("SELECT count(*) FROM sqlite_schema").fetchone()
    except DRIVER_ERRORS as exc:
        if getattr(exc, "sqlite_errorcode", 0) & 0xFF == SQLITE_NOTADB:
            raise WrongPassphraseError(path) from exc
        raise


def is_plain(path: Path) -> bool:
    """Whether ``path`` starts with the header of an unencrypted SQLite database."""
    with path.open("rb") as file:
        return file.read(len(SQLITE_MAGIC)) == SQLITE_MAGIC


def looks_encrypted(path: Path) -> bool:
    """Whether a file that is not plain SQLite has the shape of an encrypted database.

    Only a shape (whole pages, at least two of the smallest size): random bytes of such a size
    pass too, which is why the error for it also says the file may not be ours.
    """
    size = path.stat().st_size
    return size >= 2 * MIN_PAGE_SIZE and size % MIN_PAGE_SIZE == 0 and not is_plain(path)


# Passphrases a person gave to open a database in this process (``remember=True``: the desktop),
# by path: a second connection (a worker thread, a reopening after a restore) opens it without
# asking again. They are in memory while the program runs anyway, since backups are encrypted
# with them. Changing a database's passphrase forgets it (``forget_passphrase``).
_passphrases: dict[Path, str] = {}


def remember_passphrase(path: Path, passphrase: str) -> None:
    _passphrases[path.expanduser().resolve()] = passphrase


def forget_passphrase(path: Path) -> None:
    _passphrases.pop(path.expanduser().resolve(), None)


def known_passphrase(path: Path) -> str | None:
    """The passphrase that opened ``path`` in this process, if any."""
    return _passphrases.get(path.expanduser().resolve())
