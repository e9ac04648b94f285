"""Review, approval and sign-off (issue 7): each section's status, and the report made final.

A section's status row is written by compare-and-set: the caller says which status it saw
(``expected``; None when the section has no row yet) and nothing is written if another window
or program changed it since. Every change is also a history row under ``@status/<section>``
(``@status/report`` for the report as a whole), with the comment or reason as its source.

The locks are kept here, inside the transaction of each write of answers (see
:func:`check_writable`), so that no path can bypass them: an approved section's answers, and
every answer of a final report, stay as they are until reopened. Which statuses may follow
which is a business rule, kept in ``reporting.workflow``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any, Final

from sqlalchemy import Connection, Row, select
from sqlalchemy.dialects.sqlite import insert

from storage import changes
from storage.errors import (
    ReportAlreadyFinalError,
    ReportChangedError,
    ReportFinalError,
    ReportNotFinalError,
    SectionLockedError,
    StatusChangedError,
)
from storage.records import FinalInfo, SectionReview, Source
from storage.schema import report_final, reports, section_reviews
from storage.store import Store
from storage.values import check_value, current_user, decode_value, encode_value, utc_now

REVIEW_STATUSES: Final = ("draft", "ready", "approved", "returned")  # as stored
APPROVED: Final = "approved"
STATUS_KEY_PREFIX: Final = "@status/"  # history key; "@" never starts an answer key
REPORT_STATUS_KEY: Final = f"{STATUS_KEY_PREFIX}report"
# The report as a whole, in its history rows: a draft until it is marked final.
REPORT_DRAFT: Final = "draft"
REPORT_FINAL: Final = "final"


def section_of(key: str) -> str | None:
    """The section an answer key belongs to (before the first "."); None for "@" keys."""
    return None if key.startswith("@") else key.split(".", 1)[0]


class ReviewStore(Store):
    # Sections

    def section_reviews(self, report_id: int) -> dict[str, SectionReview]:
        """The stored status of every section that has one, by section key."""
        query = (
            select(section_reviews)
            .where(section_reviews.c.report_id == report_id)
            .order_by(section_reviews.c.section_key)
        )
        with self._read() as conn:
            changes.require_report(conn, report_id)
            return {row.section_key: _review(row) for row in conn.execute(query)}

    def set_section_status(
        self,
        report_id: int,
        section_key: str,
        status: str,
        *,
        expected: str | None,
        comment: str | None = None,
        user: str | None = None,
    ) -> SectionReview:
        """Set one section's status if it is still ``expected`` (None: the section has no row).

        Else ``StatusChangedError`` and nothing is written; ``ReportFinalError`` on a final report.
        """
        changed = self.set_section_statuses(
            report_id,
            {section_key: status},
            expected={section_key: expected},
            comment=comment,
            user=user,
        )
        return changed[section_key]

    def set_section_statuses(
        self,
        report_id: int,
        statuses: Mapping[str, str],
        *,
        expected: Mapping[str, str | None],
        comment: str | None = None,
        user: str | None = None,
    ) -> dict[str, SectionReview]:
        """``set_section_status`` for several sections in one transaction: all, or none."""
        for key, status in statuses.items():
            _check_section_key(key)
            if status not in REVIEW_STATUSES:
                raise ValueError(
                    f"unknown review status {status!r}; expected one of {REVIEW_STATUSES}"
                )
            if key not in expected:
                raise ValueError(f"no expected status given for section {key!r}")
            if expected[key] is not None and expected[key] not in REVIEW_STATUSES:
                raise ValueError(f"unknown expected status {expected[key]!r}")
            if status == "returned" and not (comment or "").strip():
                raise ValueError("a returned section needs a comment")
        if comment is not None:
            check_value(comment, "comment")
        who, now = current_user(user), utc_now()
        source = Source("workflow", comment)
        with self._write() as conn:
            changes.require_report(conn, report_id)
            if _is_final(conn, report_id):
                raise ReportFinalError(report_id)
            current = _stored_statuses(conn, report_id)
            for key in statuses:
                if current.get(key) != expected[key]:
                    raise StatusChangedError(key, expected[key], current.get(key))
            for key, status in statuses.items():
                values = {
                    "status": status,
                    "comment": comment,
                    "changed_at": now,
                    "changed_by": who,
                }
                upsert = insert(section_reviews).values(
                    report_id=report_id, section_key=key, **values
                )
                conn.execute(
                    upsert.on_conflict_do_update(
                        index_elements=["report_id", "section_key"], set_=values
                    )
                )
                changes.record(
                    conn,
                    report_id,
                    f"{STATUS_KEY_PREFIX}{key}",
                    encode_value(current.get(key)),
                    encode_value(status),
                    source=source,
                    user=who,
                    now=now,
                )
            if statuses:
                changes.touch_report(conn, report_id, now)
            return {
                key: SectionReview(key, status, comment, now, who)
                for key, status in statuses.items()
            }

    # The report

    def final_info(self, report_id: int) -> FinalInfo | None:
        """Who marked the report final, and when; None while it is a draft."""
        with self._read() as conn:
            changes.require_report(conn, report_id)
            return _final_info(conn, report_id)

    def finalise(
        self,
        report_id: int,
        *,
        acknowledged: Sequence[str],
        user: str | None = None,
        expected_updated_at: str | None = None,
    ) -> FinalInfo:
        """Mark the report final, recording the warning messages the user acknowledged.

        Whether it may be (every section approved, no errors) is for the caller to decide; with
        ``expected_updated_at`` (``ReportInfo.updated_at`` when it decided) nothing is written,
        and ``ReportChangedError`` raised, if the report changed since.
        """
        if isinstance(acknowledged, str):  # a str is a Sequence[str] of its letters
            raise TypeError("acknowledged must be a sequence of messages, not one str")
        messages = list(acknowledged)
        for message in messages:
            if not isinstance(message, str):
                raise TypeError(
                    f"an acknowledged warning must be str, got {type(message).__name__}"
                )
        acknowledged_text = encode_value(messages)
        detail = encode_value({"acknowledged": messages})
        who, now = current_user(user), utc_now()
        with self._write() as conn:
            changes.require_report(conn, report_id)
            if _is_final(conn, report_id):
                raise ReportAlreadyFinalError(report_id)
            if expected_updated_at is not None:
                updated_at = conn.execute(
                    select(reports.c.updated_at).where(reports.c.id == report_id)
                ).scalar_one()
                if updated_at != expected_updated_at:
                    raise ReportChangedError(report_id)
            conn.execute(
                report_final.insert().values(
                    report_id=report_id,
                    finalised_at=now,
                    finalised_by=who,
                    acknowledged=acknowledged_text,
                )
            )
            _record_report_status(
                conn, report_id, REPORT_DRAFT, REPORT_FINAL, detail, user=who, now=now
            )
            changes.touch_report(conn, report_id, now)
        return FinalInfo(now, who, tuple(messages))

    def reopen_report(self, report_id: int, *, reason: str, user: str | None = None) -> None:
        """Make a final report a draft again; the reason is kept in the history."""
        if not isinstance(reason, str) or not reason.strip():
            raise ValueError("reopening a final report needs a reason")
        check_value(reason, "reason")
        who, now = current_user(user), utc_now()
        with self._write() as conn:
            changes.require_report(conn, report_id)
            if not _is_final(conn, report_id):
                raise ReportNotFinalError(report_id)
            conn.execute(report_final.delete().where(report_final.c.report_id == report_id))
            _record_report_status(
                conn, report_id, REPORT_FINAL, REPORT_DRAFT, reason, user=who, now=now
            )
            changes.touch_report(conn, report_id, now)


def check_writable(conn: Connection, report_id: int, keys: Iterable[str]) -> None:
    """Refuse, inside the caller's transaction, to change these answers of the report.

    ``ReportFinalError`` if the report is final, else ``SectionLockedError`` for the first key
    whose section is approved. Keys starting with "@" (storage's own entries) are not answers.
    """
    keys = list(keys)
    if not keys:
        return
    if _is_final(conn, report_id):
        raise ReportFinalError(report_id)
    sections = {section for key in keys if (section := section_of(key)) is not None}
    if not sections:
        return
    query = select(section_reviews.c.section_key).where(
        section_reviews.c.report_id == report_id,
        section_reviews.c.status == APPROVED,
        section_reviews.c.section_key.in_(sorted(sections)),
    )
    locked = set(conn.execute(query).scalars().all())
    for key in keys:
        section = section_of(key)
        if section is not None and section in locked:
            raise SectionLockedError(section, key)


def _is_final(conn: Connection, report_id: int) -> bool:
    query = select(report_final.c.report_id).where(report_final.c.report_id == report_id)
    return conn.execute(query).first() is not None


def _final_info(conn: Connection, report_id: int) -> FinalInfo | None:
    row = conn.execute(select(report_final).where(report_final.c.report_id == report_id)).first()
    if row is None:
        return None
    return FinalInfo(
        finalised_at=row.finalised_at,
        finalised_by=row.finalised_by,
        acknowledged=tuple(decode_value(row.acknowledged) or ()),
    )


def _stored_statuses(conn: Connection, report_id: int) -> dict[str, str]:
    query = select(section_reviews.c.section_key, section_reviews.c.status).where(
        section_reviews.c.report_id == report_id
    )
    return {row.section_key: row.status for row in conn.execute(query)}


def _record_report_status(
    conn: Connection, report_id: int, old: str, new: str, detail: str | None, *, user: str, now: str
) -> None:
    changes.record(
        conn,
        report_id,
        REPORT_STATUS_KEY,
        encode_value(old),
        encode_value(new),
        source=Source("workflow", detail),
        user=user,
        now=now,
    )


def _check_section_key(key: object) -> None:
    if not isinstance(key, str):
        raise TypeError(f"section key must be str, got {type(key).__name__}")
    # "." would make it no answer's section; "report" is the report's own history key.
    if not key or key.startswith("@") or "." in key or key == "report":
        raise ValueError(f"invalid section key {key!r}")
    check_value(key, "section key")


def _review(row: Row[Any]) -> SectionReview:
    return SectionReview(
        section_key=row.section_key,
        status=row.status,
        comment=row.comment,
        changed_at=row.changed_at,
        changed_by=row.changed_by,
    )
