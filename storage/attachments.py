"""Files attached to a report (evidence, annexes), stored whole inside the database.

Keeping the bytes in SQLite rather than beside it means one file to back up, and a report
that cannot lose its annexes by a folder being moved.
"""

from __future__ import annotations

import hashlib
from typing import Any, Final

from sqlalchemy import Connection, Row, select

from storage import changes
from storage.errors import AttachmentNotFoundError
from storage.records import AttachmentInfo, Source
from storage.schema import attachments
from storage.store import Store
from storage.values import current_user, encode_value, utc_now

ATTACHMENT_KEY_PREFIX: Final = "@attachment/"  # history key; "@" never starts an answer key

# Everything but the bytes, so that listing attachments does not read them.
_INFO_QUERY: Final = select(
    *(column for column in attachments.c if column.name != "data")
).order_by(attachments.c.id)


class AttachmentStore(Store):
    def add_attachment(
        self,
        report_id: int,
        *,
        name: str,
        media_type: str,
        data: bytes,
        user: str | None = None,
        source: Source | None = None,
    ) -> AttachmentInfo:
        """Store a file's bytes; the addition is recorded in the history as ``@attachment/<id>``."""
        if not isinstance(data, bytes):
            raise TypeError(f"attachment data must be bytes, got {type(data).__name__}")
        if not name or not media_type:
            raise ValueError("an attachment needs a name and a media type")
        digest = hashlib.sha256(data).hexdigest()
        who, now = current_user(user), utc_now()
        summary = {"name": name, "media_type": media_type, "size": len(data), "sha256": digest}
        with self._write() as conn:
            changes.require_report(conn, report_id)
            insert = attachments.insert().values(
                report_id=report_id,
                name=name,
                media_type=media_type,
                size=len(data),
                sha256=digest,
                data=data,
                created_at=now,
            )
            new_id = conn.execute(insert.returning(attachments.c.id)).scalar_one()
            changes.record(
                conn,
                report_id,
                f"{ATTACHMENT_KEY_PREFIX}{new_id}",
                None,
                encode_value(summary),
                source=source or Source("typed", name),
                user=who,
                now=now,
            )
            changes.touch_report(conn, report_id, now)
            return _one(conn, new_id)

    def attachment(self, attachment_id: int) -> AttachmentInfo:
        with self._read() as conn:
            return _one(conn, attachment_id)

    def attachment_data(self, attachment_id: int) -> bytes:
        query = select(attachments.c.data).where(attachments.c.id == attachment_id)
        with self._read() as conn:
            data = conn.execute(query).scalar()
        if data is None:
            raise AttachmentNotFoundError(attachment_id)
        return bytes(data)

    def list_attachments(self, report_id: int) -> list[AttachmentInfo]:
        with self._read() as conn:
            changes.require_report(conn, report_id)
            rows = conn.execute(_INFO_QUERY.where(attachments.c.report_id == report_id))
            return [_info(row) for row in rows]


def copy_attachments(
    conn: Connection, from_report_id: int, to_report_id: int, *, source: Source, user: str, now: str
) -> int:
    """Copy every attachment the target lacks (by content), recording each copy in its history.

    Answers refer to attachments by SHA-256, so carried-over answers stay valid in the new report.
    """
    have = set(
        conn.execute(select(attachments.c.sha256).where(attachments.c.report_id == to_report_id))
        .scalars()
        .all()
    )
    query = select(attachments).where(attachments.c.report_id == from_report_id)
    copied = 0
    for row in conn.execute(query.order_by(attachments.c.id)).all():
        if row.sha256 in have:
            continue
        have.add(row.sha256)
        new_id = conn.execute(
            attachments.insert()
            .values(
                report_id=to_report_id,
                name=row.name,
                media_type=row.media_type,
                size=row.size,
                sha256=row.sha256,
                data=row.data,
                created_at=now,
            )
            .returning(attachments.c.id)
        ).scalar_one()
        summary = {
            "name": row.name,
            "media_type": row.media_type,
            "size": row.size,
            "sha256": row.sha256,
        }
        changes.record(
            conn,
            to_report_id,
            f"{ATTACHMENT_KEY_PREFIX}{new_id}",
            None,
            encode_value(summary),
            source=source,
            user=user,
            now=now,
        )
        copied += 1
    return copied


def _one(conn: Connection, attachment_id: int) -> AttachmentInfo:
    row = conn.execute(_INFO_QUERY.where(attachments.c.id == attachment_id)).first()
    if row is None:
        raise AttachmentNotFoundError(attachment_id)
    return _info(row)


def _info(row: Row[Any]) -> AttachmentInfo:
    return AttachmentInfo(**row._mapping)
