"""Schema migrations: an ordered list of steps keyed by ``PRAGMA user_version``.

``STEPS[n]`` upgrades a database from version ``n`` to ``n + 1``. To change the schema, append
a function and mirror the result in ``schema.py``; never edit a released step, since files in
the field were made by it. Each step runs in its own ``BEGIN IMMEDIATE`` transaction that
sets ``user_version`` last, so a crash leaves the file at the previous version, intact.

Steps use literal DDL rather than ``metadata.create_all``: the metadata describes the latest
schema, and step 1 must keep creating the version-1 tables once step 2 exists. A step that
rebuilds a table (SQLite's way to alter constraints) should follow sqlite.org's 12-step
recipe; ``foreign_key_check`` runs after every step to catch a broken rebuild.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from contextlib import closing
from datetime import UTC, datetime
from pathlib import Path
from typing import Final

from sqlalchemy import Connection, Engine

from storage import audit, cipher
from storage.engine import read_connection
from storage.errors import SchemaTooNewError

# Written into every database we create ("POAR"), so we never mistake another program's
# SQLite file for ours, nor let ours be written by a program that does not know it.
APPLICATION_ID: Final = 0x504F4152

Step = Callable[[Connection], None]

_V1_DDL: Final = (
    """CREATE TABLE reports (
        id INTEGER PRIMARY KEY,
        country TEXT NOT NULL CHECK (length(country) = 3 AND country = upper(country)),
        cycle INTEGER NOT NULL,
        language TEXT NOT NULL,
        template_id TEXT NOT NULL,
        template_version INTEGER NOT NULL,
        title TEXT,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        carried_from INTEGER REFERENCES reports (id) ON DELETE SET NULL,
        is_demo INTEGER NOT NULL DEFAULT 0 CHECK (is_demo IN (0, 1)),
        UNIQUE (country, cycle)
    )""",
    """CREATE TABLE answers (
        report_id INTEGER NOT NULL REFERENCES reports (id) ON DELETE CASCADE,
        key TEXT NOT NULL,
        value TEXT NOT NULL,
        carried_over INTEGER NOT NULL DEFAULT 0 CHECK (carried_over IN (0, 1)),
        updated_at TEXT NOT NULL,
        PRIMARY KEY (report_id, key)
    )""",
    """CREATE TABLE history (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        report_id INTEGER NOT NULL REFERENCES reports (id) ON DELETE CASCADE,
        key TEXT NOT NULL,
        old_value TEXT,
        new_value TEXT,
        changed_at TEXT NOT NULL,
        "user" TEXT NOT NULL,
        source_kind TEXT NOT NULL,
        source_detail TEXT
    )""",
    "CREATE INDEX history_by_report_key ON history (report_id, key, id)",
    """CREATE TABLE attachments (
        id INTEGER PRIMARY KEY,
        report_id INTEGER NOT NULL REFERENCES reports (id) ON DELETE CASCADE,
        name TEXT NOT NULL,
        media_type TEXT NOT NULL,
        size INTEGER NOT NULL CHECK (size = length(data)),
        sha256 TEXT NOT NULL,
        data BLOB NOT NULL,
        created_at TEXT NOT NULL
    )""",
    "CREATE INDEX attachments_by_report ON attachments (report_id)",
    # Foreign-key columns are indexed so that deleting a report does not scan whole tables.
    "CREATE INDEX reports_by_carried_from ON reports (carried_from)",
)


def _v1_initial(conn: Connection) -> None:
    for statement in _V1_DDL:
        conn.exec_driver_sql(statement)


# Version 2 (issue 6): ministries, who answers which section, and the workbooks sent to them.
_V2_DDL: Final = (
    # NOCASE only folds ASCII; the Python code also compares names with str.casefold.
    """CREATE TABLE ministries (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL COLLATE NOCASE UNIQUE,
        created_at TEXT NOT NULL
    )""",
    """CREATE TABLE section_owners (
        report_id INTEGER NOT NULL REFERENCES reports (id) ON DELETE CASCADE,
        section_key TEXT NOT NULL,
        ministry_id INTEGER NOT NULL REFERENCES ministries (id) ON DELETE CASCADE,
        PRIMARY KEY (report_id, section_key)
    )""",
    "CREATE INDEX section_owners_by_ministry ON section_owners (ministry_id)",
    # The ministry is the name when the workbook was sent, not a link: renaming or removing a
    # ministry must not rewrite what was sent. The four returned_* columns are set together.
    """CREATE TABLE exchanges (
        id TEXT NOT NULL PRIMARY KEY CHECK (length(id) = 32),
        report_id INTEGER NOT NULL REFERENCES reports (id) ON DELETE CASCADE,
        ministry TEXT NOT NULL,
        sections TEXT NOT NULL,
        file_name TEXT NOT NULL,
        sent_at TEXT NOT NULL,
        sent_by TEXT NOT NULL,
        checksum TEXT NOT NULL,
        sent_values TEXT NOT NULL,
        returned_at TEXT,
        returned_file TEXT,
        returned_sha256 TEXT,
        returned_by TEXT,
        CHECK ((returned_at IS NULL) = (returned_file IS NULL)
            AND (returned_at IS NULL) = (returned_sha256 IS NULL)
            AND (returned_at IS NULL) = (returned_by IS NULL))
    )""",
    "CREATE INDEX exchanges_by_report ON exchanges (report_id)",
)


def _v2_ministries(conn: Connection) -> None:
    for statement in _V2_DDL:
        conn.exec_driver_sql(statement)


# Version 3 (issue 7): each section's review status, and whether the report is final.
_V3_DDL: Final = (
    """CREATE TABLE section_reviews (
        report_id INTEGER NOT NULL REFERENCES reports (id) ON DELETE CASCADE,
        section_key TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('draft', 'ready', 'approved', 'returned')),
        comment TEXT,
        changed_at TEXT NOT NULL,
        changed_by TEXT NOT NULL,
        PRIMARY KEY (report_id, section_key)
    )""",
    # A row means the report is final; acknowledged is the JSON list of the warnings accepted.
    """CREATE TABLE report_final (
        report_id INTEGER NOT NULL PRIMARY KEY REFERENCES reports (id) ON DELETE CASCADE,
        finalised_at TEXT NOT NULL,
        finalised_by TEXT NOT NULL,
        acknowledged TEXT
    )""",
)


def _v3_reviews(conn: Connection) -> None:
    for statement in _V3_DDL:
        conn.exec_driver_sql(statement)


def _v4_sealed_history(conn: Connection) -> None:
    """Seals for the history (see ``audit.py``); the entries written so far are sealed now, in
    the same transaction, so that after this step an entry without a seal is a tampered one."""
    conn.exec_driver_sql("ALTER TABLE history ADD COLUMN seal TEXT")
    audit.seal_all(conn)


STEPS: Final[tuple[Step, ...]] = (_v1_initial, _v2_ministries, _v3_reviews, _v4_sealed_history)
SCHEMA_VERSION: Final = len(STEPS)


def user_version(conn: Connection) -> int:
    return int(conn.exec_driver_sql("PRAGMA user_version").scalar_one())


def check_not_too_new(path: Path, version: int) -> None:
    # Looked up at call time so that tests can append a step to STEPS.
    if version > SCHEMA_VERSION:
        raise SchemaTooNewError(path, version, SCHEMA_VERSION)


def migrate(engine: Engine, path: Path, passphrase: str | None = None) -> int:
    """Bring the database to ``SCHEMA_VERSION``; return that version."""
    with read_connection(engine) as conn:
        version = user_version(conn)
    check_not_too_new(path, version)
    if 0 < version < SCHEMA_VERSION:
        backup_before_migration(engine, path, version, passphrase)
    while version < SCHEMA_VERSION:
        with engine.begin() as conn:
            # Re-read under the write lock: another process may have migrated meanwhile.
            version = user_version(conn)
            check_not_too_new(path, version)
            if version == SCHEMA_VERSION:
                break
            STEPS[version](conn)
            problems = conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
            if problems:
                raise RuntimeError(f"migration step {version + 1} broke foreign keys: {problems}")
            conn.exec_driver_sql(f"PRAGMA application_id = {APPLICATION_ID:d}")
            conn.exec_driver_sql(f"PRAGMA user_version = {version + 1:d}")
        version += 1
    return version


def backup_before_migration(
    engine: Engine, path: Path, version: int, passphrase: str | None = None
) -> Path:
    """Copy the database beside itself with SQLite's backup API (never a file copy).

    The copy of an encrypted database is encrypted with the same passphrase.
    """
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    target = path.with_name(f"{path.name}.schema-v{version}.{stamp}.bak")
    raw = engine.raw_connection()
    try:
        source = raw.driver_connection
        if source is None or (passphrase is None and not isinstance(source, sqlite3.Connection)):
            raise TypeError(f"expected a sqlite3 connection, got {type(source).__name__}")
        with closing(cipher.open_file(target, passphrase)) as copy:
            source.backup(copy)
    finally:
        raw.close()
    return target
