"""A second writer waits for the first (BEGIN IMMEDIATE + busy_timeout) or is told so."""

from __future__ import annotations

import sqlite3
import threading
from contextlib import closing
from pathlib import Path

import pytest

from storage import DatabaseBusyError, Source, engine, open_database

TYPED = Source("typed")


def test_writer_waits_for_another_writer(db_path: Path) -> None:
    with open_database(db_path) as db:
        report = db.create_report(
            country="NZL", cycle=2024, language="en", template_id="t", template_version=1
        )
        with closing(
            sqlite3.connect(db_path, isolation_level=None, check_same_thread=False)
        ) as other:
            other.execute("BEGIN IMMEDIATE")  # another window holds the write lock...
            release = threading.Timer(0.3, other.execute, args=("COMMIT",))
            release.start()  # ...and lets go shortly
            try:
                assert db.set_answer(report.id, "a.x", 1, source=TYPED)
            finally:
                release.join()
        answer = db.answer(report.id, "a.x")
        assert answer is not None and answer.value == 1


def test_writer_is_told_when_the_lock_is_never_released(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(engine, "BUSY_TIMEOUT_MS", 100)
    with open_database(db_path) as db:
        report = db.create_report(
            country="NZL", cycle=2024, language="en", template_id="t", template_version=1
        )
        db.set_answer(report.id, "a.x", "before", source=TYPED)
        with closing(sqlite3.connect(db_path, isolation_level=None)) as other:
            other.execute("BEGIN IMMEDIATE")
            with pytest.raises(DatabaseBusyError) as caught:
                db.set_answer(report.id, "a.x", "after", source=TYPED)
            assert str(db_path) in caught.value.message("fr")
            # Readers are never blocked by a writer (WAL, BEGIN DEFERRED).
            answer = db.answer(report.id, "a.x")
            assert answer is not None and answer.value == "before"
            other.execute("ROLLBACK")
        assert db.set_answer(report.id, "a.x", "after", source=TYPED)
