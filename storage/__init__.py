"""Qt-free storage of reports, answers, their history, attachments and ministries in SQLite."""

from storage.database import (
    ATTACHMENT_KEY_PREFIX,
    Answer,
    AttachmentInfo,
    Database,
    ExchangeInfo,
    HistoryEntry,
    ReportInfo,
    Source,
    open_database,
)
from storage.errors import (
    AttachmentNotFoundError,
    DatabaseBusyError,
    DatabaseDamagedError,
    DatabaseLocationError,
    DatabaseWriteError,
    DuplicateReportError,
    MinistryNameError,
    MinistryNotFoundError,
    NotOurDatabaseError,
    ReportNotFoundError,
    SchemaTooNewError,
    StorageError,
)
from storage.migrations import APPLICATION_ID, SCHEMA_VERSION
from storage.paths import default_db_path
from storage.records import SOURCE_KINDS

__all__ = [
    "APPLICATION_ID",
    "ATTACHMENT_KEY_PREFIX",
    "SCHEMA_VERSION",
    "SOURCE_KINDS",
    "Answer",
    "AttachmentInfo",
    "AttachmentNotFoundError",
    "Database",
    "DatabaseBusyError",
    "DatabaseDamagedError",
    "DatabaseLocationError",
    "DatabaseWriteError",
    "DuplicateReportError",
    "ExchangeInfo",
    "HistoryEntry",
    "MinistryNameError",
    "MinistryNotFoundError",
    "NotOurDatabaseError",
    "ReportInfo",
    "ReportNotFoundError",
    "SchemaTooNewError",
    "Source",
    "StorageError",
    "default_db_path",
    "open_database",
]
