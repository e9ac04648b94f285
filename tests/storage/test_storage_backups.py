"""Rolling backups and restoring one (issue 8): copies made with SQLite's backup API, checked,
only the newest kept; a restore refuses a bad backup and keeps the current database aside."""

from __future__ import annotations

import datetime as dt
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

from storage import (
    BackupError,
    Database,
    ReportInfo,
    Source,
    backup_folder,
    list_backups,
    newest_good_backup,
    open_database,
    restore_backup,
)

TYPED = Source("typed")


def _at(minute: int) -> dt.datetime:
    return dt.datetime(2026, 11, 29, 10, minute, tzinfo=dt.UTC)


def test_a_backup_is_a_checked_copy_with_everything_committed(
    db: Database, report: ReportInfo, db_path: Path
) -> None:
    db.set_answer(report.id, "s.q", "before the backup", source=TYPED)
    info = db.backup("open")
    db.set_answer(report.id, "s.q", "after the backup", source=TYPED)
    assert info.path.parent == backup_folder(db_path)
    assert info.reason == "open" and info.size > 0
    with closing(sqlite3.connect(info.path)) as copy:
        assert copy.execute("PRAGMA quick_check").fetchall() == [("ok",)]
        (value,) = copy.execute("SELECT value FROM answers").fetchone()
    assert value == '"before the backup"'
    assert not list(backup_folder(db_path).glob(".*"))  # no temporary file left behind


def test_only_the_newest_backups_are_kept(db: Database, db_path: Path) -> None:
    for minute in range(6):
        db.backup("interval", keep=3, now=_at(minute))
    kept = list_backups(db_path)
    assert [info.created_at for info in kept] == [_at(5), _at(4), _at(3)]


def test_restore_brings_back_the_backup_and_keeps_the_current_database(
    db_path: Path, report: ReportInfo, db: Database
) -> None:
    db.set_answer(report.id, "s.q", "good", source=TYPED)
    good = db.backup("open")
    db.set_answer(report.id, "s.q", "later mistake", source=TYPED)
    db.close()
    safety = restore_backup(db_path, good.path)
    assert safety is not None and safety.reason == "before-restore"
    with open_database(db_path) as restored:
        assert restored.answer(report.id, "s.q").value == "good"  # type: ignore[union-attr]
        assert restored.integrity_check() == ["ok"]
    with open_database(safety.path) as kept:
        assert kept.answer(report.id, "s.q").value == "later mistake"  # type: ignore[union-attr]


def test_a_bad_backup_is_refused_and_nothing_changes(
    db_path: Path, report: ReportInfo, db: Database, tmp_path: Path
) -> None:
    db.close()
    before = db_path.read_bytes()
    fake = tmp_path / "fake.sqlite"
    fake.write_bytes(b"not a database at all" * 100)
    with pytest.raises(BackupError) as caught:
        restore_backup(db_path, fake)
    assert caught.value.message_id == "storage.backup.damaged"
    assert caught.value.message("fr") != caught.value.message("en")
    assert db_path.read_bytes() == before


def test_a_damaged_database_is_moved_aside_and_the_newest_good_backup_restored(
    db_path: Path, report: ReportInfo, db: Database
) -> None:
    db.backup("open", now=_at(1))
    newer = db.backup("interval", now=_at(2))
    broken = newer.path.read_bytes()
    newer.path.write_bytes(broken[:4096] + bytes(len(broken) - 4096))  # a damaged backup
    db.close()
    data = bytearray(db_path.read_bytes())
    for offset in range(4096, len(data), 97):
        data[offset] ^= 0xFF
    db_path.write_bytes(bytes(data))
    best = newest_good_backup(db_path)
    assert best is not None and best.created_at == _at(1)
    assert restore_backup(db_path, best.path) is None  # the damaged file cannot be backed up
    assert list(db_path.parent.glob(f"{db_path.name}.damaged-*"))
    with open_database(db_path) as restored:
        assert restored.get_report(report.id).country == report.country


def test_a_reason_is_a_short_word(db: Database) -> None:
    with pytest.raises(ValueError):
        db.backup("../escape")
