"""A full disk during a save (issue 8): the save is refused with a message the user can act on,
the database keeps its last good state, and the same save succeeds once there is room again.

SQLite reports a full disk exactly as it reports reaching ``max_page_count``, which every new
connection is given here: a real SQLITE_FULL, without filling a real disk."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from sqlalchemy import event

from storage import Database, DatabaseWriteError, ReportInfo, Source

TYPED = Source("typed")


def _limit_pages(db: Database, pages: int) -> Callable[[Any, Any], None]:
    engine = db._live_engine()

    def limit(connection: Any, _record: Any) -> None:
        connection.execute(f"PRAGMA max_page_count = {pages}")

    engine.dispose()  # only new connections from now on, each with the limit
    event.listen(engine, "connect", limit)
    return limit


def test_a_full_disk_refuses_the_save_and_keeps_the_data(db: Database, report: ReportInfo) -> None:
    db.set_answer(report.id, "s.q", "saved before", source=TYPED)
    with db._read() as conn:
        pages = conn.exec_driver_sql("PRAGMA page_count").scalar_one()
    limit = _limit_pages(db, pages)
    big = "x" * 200_000
    with pytest.raises(DatabaseWriteError) as caught:
        db.set_answer(report.id, "s.q", big, source=TYPED)
    assert caught.value.message_id == "storage.write_failed"
    assert "disk" in caught.value.message("en").lower() and caught.value.message("fr")
    assert db.answer(report.id, "s.q").value == "saved before"  # type: ignore[union-attr]
    assert db.integrity_check() == ["ok"]
    assert db.verify_history().ok
    # Room again: the same save, retried, goes through.
    event.remove(db._live_engine(), "connect", limit)
    db._live_engine().dispose()
    assert db.set_answer(report.id, "s.q", big, source=TYPED)
    assert db.answer(report.id, "s.q").value == big  # type: ignore[union-attr]
