"""The report database: reports, answers with their history, attachments and ministries.

Each public method is one transaction that has committed (WAL, ``synchronous=FULL``) when it
returns, so an acknowledged save survives a crash or power loss. Values are opaque JSON
values (see ``values.py``); their meaning belongs to the forms layer.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Row, select
from sqlalchemy.exc import DBAPIError

from storage import audit, changes, cipher, migrations, writer_lock
from storage.attachments import ATTACHMENT_KEY_PREFIX, AttachmentStore, copy_attachments
from storage.backups import BackupStore
from storage.engine import create_sqlite_engine, journal_mode
from storage.errors import DatabaseLocationError, DuplicateReportError, ReportNotFoundError
from storage.exchanges import (
    ExchangeStore,
    check_return,
    copy_section_owners,
    mark_returned,
    require_exchange,
)
from storage.inspection import inspect_file
from storage.paths import prepare_location
from storage.records import (
    Answer,
    AttachmentInfo,
    ExchangeInfo,
    FinalInfo,
    HistoryEntry,
    ReportInfo,
    SectionReview,
    Source,
)
from storage.reviews import ReviewStore, check_writable
from storage.schema import answers, history, reports
from storage.store import raise_storage_error
from storage.values import check_key, current_user, decode_value, encode_value, utc_now

__all__ = [
    "ATTACHMENT_KEY_PREFIX",
    "Answer",
    "AttachmentInfo",
    "Database",
    "ExchangeInfo",
    "FinalInfo",
    "HistoryEntry",
    "ReportInfo",
    "SectionReview",
    "Source",
    "open_database",
]

_COUNTRY = re.compile(r"[A-Z]{3}")


def open_database(
    path: Path | None = None, *, passphrase: str | None = None, remember: bool = False
) -> Database:
    """Open (creating or upgrading if needed) the database at ``path`` or the default path.

    With ``passphrase``, the database is encrypted with SQLCipher (a new one is created
    encrypted): ``WrongPassphraseError`` if it does not open it, ``NotEncryptedError`` if the
    file is a plain database. Without, a file shaped like an encrypted database gets
    ``PassphraseRequiredError``. Either way the file is left exactly as it was.

    ``DatabaseInUseError`` (another program has it open), ``NotOurDatabaseError``,
    ``SchemaTooNewError`` and ``DatabaseDamagedError`` are raised before anything is written:
    the file is left exactly as it was. ``Database.network_share`` says whether the file is on a
    network file system, which the interfaces warn about.
    """
    if passphrase is not None:
        cipher.check_passphrase(passphrase)
    path = prepare_location(path)
    if passphrase is None:
        passphrase = cipher.known_passphrase(path)
    inspect_file(path, passphrase)  # read-only: a file that is not ours gets no lock file beside it
    lock = writer_lock.acquire(path)  # DatabaseInUseError when another program has it
    try:
        engine = create_sqlite_engine(path, passphrase)
    except BaseException:
        writer_lock.release(lock)
        raise
    try:
        if journal_mode(engine) != "wal":
            raise DatabaseLocationError(path, "no_wal")
        version = migrations.migrate(engine, path, passphrase)
    except DBAPIError as exc:
        engine.dispose()
        writer_lock.release(lock)
        raise_storage_error(exc, path)
    except BaseException:
        engine.dispose()
        writer_lock.release(lock)
        raise
    database = Database(engine, path, version, passphrase=passphrase)
    if passphrase is not None and remember:
        cipher.remember_passphrase(path, passphrase)
    database.hold(lock, network_share=writer_lock.on_network_share(path))
    return database


class Database(AttachmentStore, BackupStore, ExchangeStore, ReviewStore):
    """An open report database; also a context manager. Create it with ``open_database``.

    Every write of answers refuses, writing nothing, to change an answer of a final report
    (``ReportFinalError``) or of an approved section (``SectionLockedError``): see ``reviews.py``.
    """

    # Reports

    def create_report(
        self,
        *,
        country: str,
        cycle: int,
        language: str,
        template_id: str,
        template_version: int,
        title: str | None = None,
        is_demo: bool = False,
        answers: Mapping[str, Any] | None = None,
        source: Source | None = None,
        user: str | None = None,
    ) -> ReportInfo:
        """A new report, with its first ``answers`` (recorded as from ``source``) in the same
        transaction: a crash leaves either no report or the whole one."""
        if not _COUNTRY.fullmatch(country):
            raise ValueError(f"country must be an ISO 3166-1 alpha-3 code, got {country!r}")
        encoded = _encode_answers(answers or {})
        if encoded and source is None:
            raise ValueError("answers given at creation need a source for the history")
        now, who = utc_now(), current_user(user)
        with self._write() as conn:
            if self._find(conn, country, cycle) is not None:
                raise DuplicateReportError(country, cycle)
            new_id = conn.execute(
                reports.insert()
                .values(
                    country=country,
                    cycle=cycle,
                    language=language,
                    template_id=template_id,
                    template_version=template_version,
                    title=title,
                    created_at=now,
                    updated_at=now,
                    is_demo=is_demo,
                )
                .returning(reports.c.id)
            ).scalar_one()
            for key, text in encoded.items():
                assert source is not None  # noqa: S101 - checked above
                changes.apply(conn, new_id, key, text, source=source, user=who, now=now)
            return self._report(conn, new_id)

    def list_reports(self) -> list[ReportInfo]:
        """All reports, latest cycle first."""
        query = select(reports).order_by(reports.c.cycle.desc(), reports.c.country)
        with self._read() as conn:
            return [_report_info(row) for row in conn.execute(query)]

    def get_report(self, report_id: int) -> ReportInfo:
        with self._read() as conn:
            return self._report(conn, report_id)

    def find_report(self, country: str, cycle: int) -> ReportInfo | None:
        with self._read() as conn:
            return self._find(conn, country, cycle)

    def delete_report(self, report_id: int) -> None:
        """Delete a report with its answers, history, attachments, section owners and exchanges."""
        with self._write() as conn:
            if conn.execute(reports.delete().where(reports.c.id == report_id)).rowcount == 0:
                raise ReportNotFoundError(report_id)

    @staticmethod
    def _report(conn: Connection, report_id: int) -> ReportInfo:
        row = conn.execute(select(reports).where(reports.c.id == report_id)).first()
        if row is None:
            raise ReportNotFoundError(report_id)
        return _report_info(row)

    @staticmethod
    def _find(conn: Connection, country: str, cycle: int) -> ReportInfo | None:
        query = select(reports).where(reports.c.country == country, reports.c.cycle == cycle)
        row = conn.execute(query).first()
        return None if row is None else _report_info(row)

    # Answers

    def answers(self, report_id: int) -> dict[str, Answer]:
        """Every non-blank answer of a report, by key."""
        query = select(answers).where(answers.c.report_id == report_id).order_by(answers.c.key)
        with self._read() as conn:
            changes.require_report(conn, report_id)
            return {row.key: _answer(row) for row in conn.execute(query)}

    def answer(self, report_id: int, key: str) -> Answer | None:
        query = select(answers).where(answers.c.report_id == report_id, answers.c.key == key)
        with self._read() as conn:
            changes.require_report(conn, report_id)
            row = conn.execute(query).first()
        return None if row is None else _answer(row)

    def set_answer(
        self, report_id: int, key: str, value: Any, *, source: Source, user: str | None = None
    ) -> bool:
        """Store one value (None clears it); False, and nothing written, if already equal."""
        return self.set_answers(report_id, {key: value}, source=source, user=user) == 1

    def set_answers(
        self,
        report_id: int,
        values: Mapping[str, Any],
        *,
        source: Source,
        user: str | None = None,
    ) -> int:
        """Store several values in one transaction (all or nothing); return how many changed."""
        encoded = _encode_answers(values)
        who, now = current_user(user), utc_now()
        with self._write() as conn:
            changes.require_report(conn, report_id)
            _check_writable(conn, report_id, encoded)
            return _apply_answers(conn, report_id, encoded, source=source, user=who, now=now)

    def import_answers(
        self,
        report_id: int,
        values: Mapping[str, Any],
        *,
        source: Source,
        exchange_id: str | None,
        file_name: str,
        sha256: str,
        user: str | None = None,
    ) -> int:
        """``set_answers`` for a workbook that came back; return how many answers changed.

        With ``exchange_id``, the same transaction records the return of that workbook, even
        when ``values`` is empty (the user rejected every change, but the workbook came back).
        The exchange must belong to ``report_id``, else ``ValueError`` and nothing is written.
        """
        encoded = _encode_answers(values)
        check_return(exchange_id, file_name=file_name, sha256=sha256)
        who, now = current_user(user), utc_now()
        with self._write() as conn:
            changes.require_report(conn, report_id)
            if exchange_id is not None:
                require_exchange(conn, report_id, exchange_id)
            _check_writable(conn, report_id, encoded)
            changed = _apply_answers(conn, report_id, encoded, source=source, user=who, now=now)
            if exchange_id is not None:
                mark_returned(
                    conn, exchange_id, file_name=file_name, sha256=sha256, user=who, now=now
                )
        return changed

    def confirm_carried(self, report_id: int, key: str, *, user: str | None = None) -> None:
        """A person vouches for a carried-over answer; a no-op if it is not carried over."""
        who, now = current_user(user), utc_now()
        with self._write() as conn:
            changes.require_report(conn, report_id)
            current = changes.stored(conn, report_id, key)
            if current is not None and current[1]:
                check_writable(conn, report_id, [key])
            if changes.confirm(conn, report_id, key, user=who, now=now):
                changes.touch_report(conn, report_id, now)

    def carry_forward(
        self,
        from_report_id: int,
        to_report_id: int,
        *,
        keys: Callable[[str], str | None] | None = None,
        user: str | None = None,
    ) -> int:
        """Copy answers into another report, flagged as carried over; return how many.

        ``keys`` maps an old key to its new key, or to None to leave it behind. Answers the
        target already has are kept, never overwritten: they are someone's newer work. So are
        its section owners: only sections without an owner take the source's.
        """
        if from_report_id == to_report_id:
            raise ValueError("cannot carry a report forward into itself")
        who, now, copied = current_user(user), utc_now(), 0
        source = Source("carried_forward", str(from_report_id))
        with self._write() as conn:
            changes.require_report(conn, from_report_id)
            changes.require_report(conn, to_report_id)
            query = select(answers.c.key, answers.c.value).where(
                answers.c.report_id == from_report_id
            )
            for old_key, text in conn.execute(query).all():
                new_key = keys(old_key) if keys is not None else old_key
                if new_key is None or changes.stored(conn, to_report_id, check_key(new_key)):
                    continue
                copied += changes.apply(
                    conn,
                    to_report_id,
                    new_key,
                    text,
                    source=source,
                    user=who,
                    now=now,
                    carried_over=True,
                )
            copy_attachments(conn, from_report_id, to_report_id, source=source, user=who, now=now)
            copy_section_owners(conn, from_report_id, to_report_id)
            conn.execute(
                reports.update()
                .where(reports.c.id == to_report_id)
                .values(carried_from=from_report_id, updated_at=now)
            )
        return copied

    def verify_history(self, report_id: int | None = None) -> audit.AuditResult:
        """Check every seal of the history (of one report, or all): see ``audit.py``."""
        with self._read() as conn:
            if report_id is not None:
                changes.require_report(conn, report_id)
            return audit.verify(conn, report_id)

    def history_head(self, report_id: int) -> tuple[int, str | None]:
        """The number of history entries of a report and the seal of the newest."""
        with self._read() as conn:
            changes.require_report(conn, report_id)
            return audit.head(conn, report_id)

    def history(self, report_id: int, key: str | None = None) -> list[HistoryEntry]:
        """The audit trail of a report (or of one key), oldest first."""
        query = select(history).where(history.c.report_id == report_id).order_by(history.c.id)
        if key is not None:
            query = query.where(history.c.key == key)
        with self._read() as conn:
            changes.require_report(conn, report_id)
            return [_history_entry(row) for row in conn.execute(query)]


def _encode_answers(values: Mapping[str, Any]) -> dict[str, str | None]:
    # Called before the transaction: a bad key or value fails with nothing begun.
    return {check_key(key): encode_value(value) for key, value in values.items()}


def _check_writable(conn: Connection, report_id: int, encoded: Mapping[str, str | None]) -> None:
    """Refuse if a value would change an answer that is locked; an equal value changes nothing."""
    changing = []
    for key, text in encoded.items():
        current = changes.stored(conn, report_id, key)
        if (None if current is None else current[0]) != text:
            changing.append(key)
    check_writable(conn, report_id, changing)


def _apply_answers(
    conn: Connection,
    report_id: int,
    encoded: Mapping[str, str | None],
    *,
    source: Source,
    user: str,
    now: str,
) -> int:
    """Store encoded values, each with its history; return how many changed."""
    changed = 0
    for key, text in encoded.items():
        changed += changes.apply(conn, report_id, key, text, source=source, user=user, now=now)
    if changed:
        changes.touch_report(conn, report_id, now)
    return changed


def _report_info(row: Row[Any]) -> ReportInfo:
    return ReportInfo(**row._mapping)


def _answer(row: Row[Any]) -> Answer:
    return Answer(row.key, decode_value(row.value), bool(row.carried_over), row.updated_at)


def _history_entry(row: Row[Any]) -> HistoryEntry:
    return HistoryEntry(
        id=row.id,
        report_id=row.report_id,
        key=row.key,
        old_value=decode_value(row.old_value),
        new_value=decode_value(row.new_value),
        changed_at=row.changed_at,
        user=row.user,
        source=Source(row.source_kind, row.source_detail),
    )
