"""Writing answers with their audit trail, inside a transaction the caller owns.

Every function here takes an open write connection; ``Database`` decides where transactions
begin and end (one per user action), so several changes commit or roll back together.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, select
from sqlalchemy.dialects.sqlite import insert

from storage import audit
from storage.errors import ReportNotFoundError
from storage.records import Source
from storage.schema import answers, history, reports


def require_report(conn: Connection, report_id: int) -> None:
    found = conn.execute(select(reports.c.id).where(reports.c.id == report_id)).first()
    if found is None:
        raise ReportNotFoundError(report_id)


def touch_report(conn: Connection, report_id: int, now: str) -> None:
    conn.execute(reports.update().where(reports.c.id == report_id).values(updated_at=now))


def stored(conn: Connection, report_id: int, key: str) -> tuple[str, bool] | None:
    """The stored JSON text and carried-over flag of one answer, or None when blank."""
    row = conn.execute(
        select(answers.c.value, answers.c.carried_over).where(
            answers.c.report_id == report_id, answers.c.key == key
        )
    ).first()
    return None if row is None else (row.value, row.carried_over)


def record(
    conn: Connection,
    report_id: int,
    key: str,
    old: str | None,
    new: str | None,
    *,
    source: Source,
    user: str,
    now: str,
) -> None:
    new_id = conn.execute(
        history.insert()
        .values(
            report_id=report_id,
            key=key,
            old_value=old,
            new_value=new,
            changed_at=now,
            user=user,
            source_kind=source.kind,
            source_detail=source.detail,
        )
        .returning(history.c.id)
    ).scalar_one()
    audit.seal_entry(conn, new_id)


def apply(
    conn: Connection,
    report_id: int,
    key: str,
    new: str | None,
    *,
    source: Source,
    user: str,
    now: str,
    carried_over: bool = False,
) -> bool:
    """Store ``new`` (canonical JSON, None = blank) for one key; False if already equal."""
    current = stored(conn, report_id, key)
    old = None if current is None else current[0]
    if old == new:
        return False
    if new is None:
        conn.execute(answers.delete().where(answers.c.report_id == report_id, answers.c.key == key))
    else:
        values: dict[str, Any] = {"value": new, "carried_over": carried_over, "updated_at": now}
        upsert = insert(answers).values(report_id=report_id, key=key, **values)
        conn.execute(upsert.on_conflict_do_update(index_elements=["report_id", "key"], set_=values))
    record(conn, report_id, key, old, new, source=source, user=user, now=now)
    return True


def confirm(conn: Connection, report_id: int, key: str, *, user: str, now: str) -> bool:
    """Clear the carried-over flag of one answer; False if there was nothing to confirm."""
    current = stored(conn, report_id, key)
    if current is None or not current[1]:
        return False
    conn.execute(
        answers.update()
        .where(answers.c.report_id == report_id, answers.c.key == key)
        .values(carried_over=False, updated_at=now)
    )
    # old == new: the audit trail shows who vouched for the carried value, and when.
    record(
        conn,
        report_id,
        key,
        current[0],
        current[0],
        source=Source("typed", "confirmed"),
        user=user,
        now=now,
    )
    return True
