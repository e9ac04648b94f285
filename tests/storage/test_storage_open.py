"""Opening files: location, pragmas, refusal of foreign/newer/damaged files, migrations.

RELIABILITY.md: every open runs quick_check; a newer database is refused; WAL with
synchronous=FULL; foreign_keys per connection; migrations keyed by user_version.
"""

from __future__ import annotations

import hashlib
import sqlite3
from contextlib import closing
from pathlib import Path

import platformdirs
import pytest
from sqlalchemy import Connection, event, inspect

from storage import (
    APPLICATION_ID,
    SCHEMA_VERSION,
    Database,
    DatabaseDamagedError,
    DatabaseLocationError,
    NotOurDatabaseError,
    SchemaTooNewError,
    Source,
    default_db_path,
    migrations,
    open_database,
)
from storage.engine import read_connection
from storage.schema import metadata


def snapshot(directory: Path) -> dict[str, str]:
    """Every file in a directory with the hash of its bytes."""
    return {
        path.name: hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(directory.iterdir())
    }


def assert_untouched(directory: Path, before: dict[str, str], main: Path) -> None:
    """The database file has the same bytes; at most SQLite's companion files were added.

    A read-only connection to a WAL database (how a file is inspected before anything is
    written) leaves an empty -wal and a -shm file beside it; both are harmless.
    """
    after = snapshot(directory)
    assert after[main.name] == before[main.name]
    extra = set(after) - set(before)
    assert extra <= {f"{main.name}-wal", f"{main.name}-shm"}
    if f"{main.name}-wal" in extra:
        assert (directory / f"{main.name}-wal").stat().st_size == 0
    assert {name: after[name] for name in before} == before


def pragma(db: Database, name: str) -> object:
    engine = db._engine
    assert engine is not None
    with read_connection(engine) as conn:
        return conn.exec_driver_sql(f"PRAGMA {name}").scalar_one()


def set_header(path: Path, *, user_version: int | None = None, app_id: int | None = None) -> None:
    with closing(sqlite3.connect(path)) as conn:
        if user_version is not None:
            conn.execute(f"PRAGMA user_version = {user_version}")
        if app_id is not None:
            conn.execute(f"PRAGMA application_id = {app_id}")
        conn.commit()


# Location


def test_env_var_overrides_default(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("POA_REPORT_DB", str(tmp_path / "elsewhere.sqlite"))
    assert default_db_path() == tmp_path / "elsewhere.sqlite"
    with open_database() as db:
        assert db.path == (tmp_path / "elsewhere.sqlite").resolve()


def test_default_path_is_per_user_and_its_directory_is_created(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    data_dir = tmp_path / "user-data" / "poa-report"
    monkeypatch.setattr(platformdirs, "user_data_dir", lambda *a, **k: str(data_dir))
    assert default_db_path() == data_dir / "reports.sqlite"
    with open_database() as db:
        assert db.path == (data_dir / "reports.sqlite").resolve()
    assert (data_dir / "reports.sqlite").is_file()


def test_missing_directory_is_refused_and_nothing_created(tmp_path: Path) -> None:
    target = tmp_path / "no-such-folder" / "reports.sqlite"
    with pytest.raises(DatabaseLocationError) as caught:
        open_database(target)
    assert caught.value.problem == "missing_directory"
    assert "no-such-folder" in caught.value.message("en")
    assert list(tmp_path.iterdir()) == []


def test_missing_directory_from_env_var_is_refused(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("POA_REPORT_DB", str(tmp_path / "typo" / "reports.sqlite"))
    with pytest.raises(DatabaseLocationError):
        open_database()
    assert list(tmp_path.iterdir()) == []


def test_a_directory_is_not_a_database(tmp_path: Path) -> None:
    with pytest.raises(DatabaseLocationError) as caught:
        open_database(tmp_path)
    assert caught.value.problem == "is_directory"


# Pragmas and transactions


def test_pragmas_are_in_force_on_every_connection(db: Database) -> None:
    assert pragma(db, "journal_mode") == "wal"
    assert pragma(db, "synchronous") == 2  # FULL
    assert pragma(db, "foreign_keys") == 1
    assert pragma(db, "busy_timeout") == 5000
    assert pragma(db, "application_id") == APPLICATION_ID
    engine = db._engine
    assert engine is not None
    # Two pooled connections at once (readers: two writers would wait for each other).
    with read_connection(engine) as first, read_connection(engine) as second:
        for conn in (first, second):
            assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar_one() == 1
            assert conn.exec_driver_sql("PRAGMA synchronous").scalar_one() == 2


def test_writes_begin_immediate_and_reads_begin_deferred(db: Database) -> None:
    statements: list[str] = []

    def log(conn: Connection, cursor: object, statement: str, *args: object) -> None:
        statements.append(statement)

    assert db._engine is not None
    event.listen(db._engine, "before_cursor_execute", log)
    report = db.create_report(
        country="FRA", cycle=2024, language="fr", template_id="t", template_version=1
    )
    assert statements[0] == "BEGIN IMMEDIATE"
    statements.clear()
    db.answers(report.id)
    assert statements[0] == "BEGIN DEFERRED"


# Migrations


def test_new_file_is_migrated_to_latest(db_path: Path) -> None:
    with open_database(db_path) as db:
        assert db.schema_version == SCHEMA_VERSION
        assert pragma(db, "user_version") == SCHEMA_VERSION
        assert db.integrity_check() == ["ok"]


def test_empty_existing_file_is_migrated(db_path: Path) -> None:
    db_path.touch()
    with open_database(db_path) as db:
        assert db.schema_version == SCHEMA_VERSION


def test_migrated_tables_match_schema_module(db: Database) -> None:
    assert db._engine is not None
    inspector = inspect(db._engine)
    assert set(inspector.get_table_names()) - {"sqlite_sequence"} == set(metadata.tables)
    for table in metadata.tables.values():
        found = {c["name"]: c["nullable"] for c in inspector.get_columns(table.name)}
        expected = {c.name: c.nullable for c in table.columns if not c.primary_key}
        assert {k: v for k, v in found.items() if k in expected} == expected, table.name
        assert set(found) == {c.name for c in table.columns}, table.name


def test_newer_database_is_refused_untouched(db_path: Path) -> None:
    open_database(db_path).close()
    set_header(db_path, user_version=SCHEMA_VERSION + 1)
    before = snapshot(db_path.parent)
    with pytest.raises(SchemaTooNewError) as caught:
        open_database(db_path)
    assert (caught.value.found, caught.value.supported) == (SCHEMA_VERSION + 1, SCHEMA_VERSION)
    assert snapshot(db_path.parent) == before


def test_newer_database_still_in_wal_is_refused_untouched(db_path: Path) -> None:
    # The newer version's upgrade is only in the -wal file (it crashed before a checkpoint).
    with open_database(db_path) as db:
        db.create_report(
            country="FRA", cycle=2024, language="fr", template_id="t", template_version=1
        )
        with closing(sqlite3.connect(db_path)) as other:
            other.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
            other.commit()
        before = db_path.read_bytes()
        with pytest.raises(SchemaTooNewError):
            open_database(db_path)
        assert db_path.read_bytes() == before


def fake_step_2(conn: Connection) -> None:
    conn.exec_driver_sql("CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT NOT NULL)")


def test_appending_a_step_upgrades_and_backs_up_first(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with open_database(db_path) as db:
        report = db.create_report(
            country="FRA", cycle=2024, language="fr", template_id="t", template_version=1
        )
        db.set_answer(report.id, "a.x", "kept", source=Source("typed"))
    monkeypatch.setattr(migrations, "STEPS", (*migrations.STEPS, fake_step_2))
    monkeypatch.setattr(migrations, "SCHEMA_VERSION", SCHEMA_VERSION + 1)
    with open_database(db_path) as db:
        assert db.schema_version == SCHEMA_VERSION + 1
        assert pragma(db, "user_version") == SCHEMA_VERSION + 1
        assert db.answer(report.id, "a.x") is not None
        assert db._engine is not None
        assert "notes" in inspect(db._engine).get_table_names()
    (backup,) = db_path.parent.glob(f"{db_path.name}.schema-v{SCHEMA_VERSION}.*.bak")
    with closing(sqlite3.connect(backup)) as copy:
        assert copy.execute("PRAGMA user_version").fetchone() == (SCHEMA_VERSION,)
        assert copy.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert copy.execute("SELECT value FROM answers").fetchall() == [('"kept"',)]


def test_failed_step_leaves_previous_version(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    open_database(db_path).close()

    def broken_step(conn: Connection) -> None:
        fake_step_2(conn)
        raise RuntimeError("step failed half way")

    monkeypatch.setattr(migrations, "STEPS", (*migrations.STEPS, broken_step))
    monkeypatch.setattr(migrations, "SCHEMA_VERSION", SCHEMA_VERSION + 1)
    with pytest.raises(RuntimeError, match="half way"):
        open_database(db_path)
    monkeypatch.undo()
    with open_database(db_path) as db:
        assert pragma(db, "user_version") == SCHEMA_VERSION
        assert db._engine is not None
        assert "notes" not in inspect(db._engine).get_table_names()


# Files that are not ours


def test_non_sqlite_file_is_refused_untouched(db_path: Path) -> None:
    db_path.write_bytes(b"PK\x03\x04 this is a spreadsheet, not a database" * 20)
    before = snapshot(db_path.parent)
    with pytest.raises(NotOurDatabaseError) as caught:
        open_database(db_path)
    assert str(db_path) in caught.value.message("en")
    assert snapshot(db_path.parent) == before


def test_short_non_sqlite_file_is_refused(db_path: Path) -> None:
    db_path.write_text("hello")
    with pytest.raises(NotOurDatabaseError):
        open_database(db_path)
    assert db_path.read_text() == "hello"


@pytest.mark.parametrize("app_id", [0, 0x12345678], ids=["no-application-id", "other-program"])
def test_foreign_sqlite_database_is_refused_untouched(db_path: Path, app_id: int) -> None:
    with closing(sqlite3.connect(db_path)) as conn:
        conn.execute("CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT)")
        conn.execute("INSERT INTO customers (name) VALUES ('Ada')")
        conn.execute(f"PRAGMA application_id = {app_id}")
        conn.commit()
    before = snapshot(db_path.parent)
    with pytest.raises(NotOurDatabaseError):
        open_database(db_path)
    assert snapshot(db_path.parent) == before


def test_foreign_database_using_user_version_is_refused(db_path: Path) -> None:
    set_header(db_path, user_version=3)
    before = snapshot(db_path.parent)
    with pytest.raises(NotOurDatabaseError):
        open_database(db_path)
    assert snapshot(db_path.parent) == before


def test_damaged_database_is_refused_untouched(db_path: Path) -> None:
    with open_database(db_path) as db:
        report = db.create_report(
            country="FRA", cycle=2024, language="fr", template_id="t", template_version=1
        )
        db.set_answers(report.id, {f"s.q{i}": "x" * 200 for i in range(200)}, source=Source("cli"))
    data = bytearray(db_path.read_bytes())
    page_size = int.from_bytes(data[16:18], "big")
    for page in range(2, len(data) // page_size):  # every b-tree page but the schema page
        data[page * page_size : page * page_size + 8] = b"\xff" * 8
    db_path.write_bytes(bytes(data))
    before = snapshot(db_path.parent)
    with pytest.raises(DatabaseDamagedError) as caught:
        open_database(db_path)
    assert caught.value.problems
    assert_untouched(db_path.parent, before, db_path)
