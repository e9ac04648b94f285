"""Errors the storage layer reports to the user.

Every error carries a message id from ``forms/locale/storage.<lang>.json`` and the named
parameters that fill it, so the desktop can show it in the user's language. Programming errors
(a float in a value, a malformed country code) stay plain ``TypeError``/``ValueError``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from forms.i18n import LocalizedError

LocationProblem = Literal["missing_directory", "is_directory", "cannot_create", "no_wal"]
MinistryNameProblem = Literal["blank", "too_long", "control_character", "duplicate"]
BackupProblem = Literal["damaged", "cannot_write"]


class StorageError(LocalizedError):
    """Base of every error raised on purpose by ``storage``."""


class DatabaseLocationError(StorageError):
    """The database cannot live at the given path (nothing was created there)."""

    def __init__(self, path: Path, problem: LocationProblem = "missing_directory") -> None:
        self.path = path
        self.problem = problem
        super().__init__(f"storage.location.{problem}", path=str(path), directory=str(path.parent))


class NotOurDatabaseError(StorageError):
    """The file is not SQLite, or a SQLite database of another program; it was left untouched."""

    def __init__(self, path: Path) -> None:
        self.path = path
        super().__init__("storage.not_our_database", path=str(path))


class SchemaTooNewError(StorageError):
    """The database was written by a newer program; opening it could lose its newer data."""

    def __init__(self, path: Path, found: int, supported: int) -> None:
        self.path = path
        self.found = found
        self.supported = supported
        super().__init__("storage.schema_too_new", path=str(path), found=found, supported=supported)


class DatabaseDamagedError(StorageError):
    """``quick_check`` (or SQLite itself) found the file damaged."""

    def __init__(self, path: Path, problems: list[str]) -> None:
        self.path = path
        self.problems = problems
        first = problems[0] if problems else "?"
        super().__init__("storage.database_damaged", path=str(path), detail=first)


class DatabaseBusyError(StorageError):
    """Another program or window held the database longer than the busy timeout."""

    def __init__(self, path: Path) -> None:
        self.path = path
        super().__init__("storage.database_busy", path=str(path))


class DatabaseWriteError(StorageError):
    """The disk refused a write (full, read-only, I/O error); the transaction was rolled back."""

    def __init__(self, path: Path, detail: str) -> None:
        self.path = path
        self.detail = detail
        super().__init__("storage.write_failed", path=str(path), detail=detail)


class ReportNotFoundError(StorageError):
    def __init__(self, report_id: int) -> None:
        self.report_id = report_id
        super().__init__("storage.report_not_found", report_id=report_id)


class DuplicateReportError(StorageError):
    """A country has at most one report per reporting cycle."""

    def __init__(self, country: str, cycle: int) -> None:
        self.country = country
        self.cycle = cycle
        super().__init__("storage.duplicate_report", country=country, cycle=cycle)


class AttachmentNotFoundError(StorageError):
    def __init__(self, attachment_id: int) -> None:
        self.attachment_id = attachment_id
        super().__init__("storage.attachment_not_found", attachment_id=attachment_id)


class MinistryNameError(StorageError):
    """A ministry name that cannot be stored; ``problem`` says why.

    For ``duplicate``, ``name`` is the existing ministry's name, as the user will find it.
    """

    def __init__(self, problem: MinistryNameProblem, name: str, *, limit: int = 0) -> None:
        self.problem = problem
        self.name = name
        super().__init__(f"storage.ministry.{problem}", name=name, length=len(name), limit=limit)


class MinistryNotFoundError(StorageError):
    def __init__(self, name: str) -> None:
        self.name = name
        super().__init__("storage.ministry.not_found", name=name)


class ReportFinalError(StorageError):
    """The report is marked final: nothing in it changes until it is reopened with a reason."""

    def __init__(self, report_id: int, message_id: str = "storage.report_final") -> None:
        self.report_id = report_id
        super().__init__(message_id, report_id=report_id)


class ReportAlreadyFinalError(ReportFinalError):
    """The report cannot be marked final twice."""

    def __init__(self, report_id: int) -> None:
        super().__init__(report_id, "storage.report_already_final")


class ReportNotFinalError(StorageError):
    """Only a final report can be reopened."""

    def __init__(self, report_id: int) -> None:
        self.report_id = report_id
        super().__init__("storage.report_not_final", report_id=report_id)


class SectionLockedError(StorageError):
    """The section is approved: its answers are locked until it is reopened with a reason."""

    def __init__(self, section: str, key: str) -> None:
        self.section = section
        self.key = key
        super().__init__("storage.section_locked", section=section, key=key)


class StatusChangedError(StorageError):
    """A section's status is no longer the one the caller saw (someone changed it meanwhile)."""

    def __init__(self, section: str, expected: str | None, found: str | None) -> None:
        self.section = section
        self.expected = expected
        self.found = found
        super().__init__("storage.status_changed", section=section)


class ReportChangedError(StorageError):
    """The report changed after it was checked; the check has to be made again."""

    def __init__(self, report_id: int) -> None:
        self.report_id = report_id
        super().__init__("storage.report_changed", report_id=report_id)


class BackupError(StorageError):
    """A backup could not be made, or a file chosen to restore from is not a good backup."""

    def __init__(self, path: Path, problem: BackupProblem) -> None:
        self.path = path
        self.problem = problem
        super().__init__(f"storage.backup.{problem}", path=str(path))


class WrongPassphraseError(StorageError):
    """SQLCipher could not decrypt the file with this passphrase; the file was left untouched."""

    def __init__(self, path: Path) -> None:
        self.path = path
        super().__init__("storage.wrong_passphrase", path=str(path))


class PassphraseRequiredError(NotOurDatabaseError):
    """Not a plain SQLite file, but shaped like an encrypted one: it may need a passphrase.

    A ``NotOurDatabaseError`` too, since nothing proves the file is ours until it is decrypted.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        StorageError.__init__(self, "storage.passphrase_required", path=str(path))


class NotEncryptedError(StorageError):
    """A passphrase was given for a database that is not protected by one."""

    def __init__(self, path: Path) -> None:
        self.path = path
        super().__init__("storage.not_encrypted", path=str(path))


class EncryptionUnavailableError(StorageError):
    """A passphrase was given but ``sqlcipher3`` cannot be imported."""

    def __init__(self) -> None:
        super().__init__("storage.encryption_unavailable")
