"""Ministries, the report sections each one answers, and the workbooks sent to them (issue 6).

A ministry is a name the user keeps in a list; a section owner links a report's section to a
ministry by id, so renaming a ministry moves nothing. An exchange records one workbook as it
was sent (the ministry's name at the time, the sections, the values and their checksum) and,
once the workbook comes back, who imported which file when.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping, Sequence
from typing import Any, Final

from sqlalchemy import Connection, Row, literal, literal_column, select
from sqlalchemy.dialects.sqlite import insert

from storage import changes
from storage.errors import MinistryNameError, MinistryNotFoundError
from storage.records import ExchangeInfo
from storage.schema import exchanges, ministries, section_owners
from storage.store import Store
from storage.values import check_key, current_user, decode_value, encode_value, utc_now

MINISTRY_NAME_LIMIT: Final = 200  # characters; longer names do not fit a sheet tab or a cell

# Control characters, lone surrogates, and line and paragraph separators. Format characters
# (Cf) are allowed: zero-width joiners belong to the spelling of some scripts.
_FORBIDDEN_CATEGORIES: Final = frozenset({"Cc", "Cs", "Zl", "Zp"})
_EXCHANGE_ID: Final = re.compile(r"[0-9a-f]{32}")  # uuid.uuid4().hex
_SHA256: Final = re.compile(r"[0-9a-f]{64}")


def clean_ministry_name(name: str) -> str:
    """The name as stored (stripped, NFC); ``MinistryNameError`` if it cannot be one."""
    if not isinstance(name, str):
        raise TypeError(f"a ministry name must be str, got {type(name).__name__}")
    cleaned = unicodedata.normalize("NFC", name.strip())
    if not cleaned:
        raise MinistryNameError("blank", cleaned)
    if len(cleaned) > MINISTRY_NAME_LIMIT:
        raise MinistryNameError("too_long", cleaned, limit=MINISTRY_NAME_LIMIT)
    if any(unicodedata.category(char) in _FORBIDDEN_CATEGORIES for char in cleaned):
        raise MinistryNameError("control_character", cleaned)
    return cleaned


def fold(name: str) -> str:
    """The key under which two names count as the same: Unicode caseless matching.

    SQLite's NOCASE folds ASCII only, so "MINISTÈRE" and "ministère" are told apart there.
    Decomposed, the key also sorts "Énergie" among the E's rather than after the Z's.
    """
    return unicodedata.normalize("NFD", unicodedata.normalize("NFD", name.strip()).casefold())


class ExchangeStore(Store):
    # Ministries

    def ministries(self) -> list[str]:
        """Every ministry name, sorted without regard to case (see ``fold``)."""
        with self._read() as conn:
            names = conn.execute(select(ministries.c.name)).scalars().all()
        return sorted(names, key=lambda name: (fold(name), name))

    def add_ministry(self, name: str) -> str:
        """Add a ministry; return its name as stored (stripped)."""
        cleaned = clean_ministry_name(name)
        with self._write() as conn:
            _refuse_duplicate(conn, cleaned)
            conn.execute(ministries.insert().values(name=cleaned, created_at=utc_now()))
        return cleaned

    def rename_ministry(self, old: str, new: str) -> str:
        """Rename a ministry; return the new name as stored.

        Section owners follow (they link by id); exchanges keep the name they were sent under.
        """
        cleaned = clean_ministry_name(new)
        with self._write() as conn:
            ministry_id = _require_ministry(conn, old)
            _refuse_duplicate(conn, cleaned, allowed_id=ministry_id)
            conn.execute(
                ministries.update().where(ministries.c.id == ministry_id).values(name=cleaned)
            )
        return cleaned

    def remove_ministry(self, name: str) -> None:
        """Remove a ministry and, with it, every section assignment it had."""
        with self._write() as conn:
            ministry_id = _require_ministry(conn, name)
            conn.execute(ministries.delete().where(ministries.c.id == ministry_id))

    # Section owners

    def section_owners(self, report_id: int) -> dict[str, str]:
        """The ministry answering each assigned section of a report, by section key."""
        query = (
            select(section_owners.c.section_key, ministries.c.name)
            .join(ministries, ministries.c.id == section_owners.c.ministry_id)
            .where(section_owners.c.report_id == report_id)
            .order_by(section_owners.c.section_key)
        )
        with self._read() as conn:
            changes.require_report(conn, report_id)
            return {row.section_key: row.name for row in conn.execute(query)}

    def set_section_owner(self, report_id: int, section_key: str, ministry: str | None) -> None:
        """Assign a section to a ministry (matched without regard to case); None clears it."""
        self.set_section_owners(report_id, {section_key: ministry})

    def set_section_owners(self, report_id: int, owners: Mapping[str, str | None]) -> None:
        """Assign several sections in one transaction: all of them, or none if one fails."""
        for key, ministry in owners.items():
            _check_section_key(key)
            if ministry is not None and not isinstance(ministry, str):
                raise TypeError(f"a ministry name must be str, got {type(ministry).__name__}")
        with self._write() as conn:
            changes.require_report(conn, report_id)
            query = select(section_owners.c.section_key, section_owners.c.ministry_id).where(
                section_owners.c.report_id == report_id
            )
            current = {row.section_key: row.ministry_id for row in conn.execute(query)}
            changed = False
            for key, ministry in owners.items():
                ministry_id = None if ministry is None else _require_ministry(conn, ministry)
                if current.get(key) == ministry_id:
                    continue
                changed = True
                if ministry_id is None:
                    conn.execute(
                        section_owners.delete().where(
                            section_owners.c.report_id == report_id,
                            section_owners.c.section_key == key,
                        )
                    )
                else:
                    upsert = insert(section_owners).values(
                        report_id=report_id, section_key=key, ministry_id=ministry_id
                    )
                    conn.execute(
                        upsert.on_conflict_do_update(
                            index_elements=["report_id", "section_key"],
                            set_={"ministry_id": ministry_id},
                        )
                    )
            if changed:
                changes.touch_report(conn, report_id, utc_now())

    # Exchanges

    def record_exchange(
        self,
        report_id: int,
        *,
        exchange_id: str,
        ministry: str,
        sections: Sequence[str],
        file_name: str,
        checksum: str,
        sent_values: Mapping[str, Any],
        user: str | None = None,
    ) -> ExchangeInfo:
        """Record a workbook sent to a ministry, with the values it carried."""
        _check_exchange_id(exchange_id)
        _check_sha256(checksum, "checksum")
        if not ministry.strip() or not file_name:
            raise ValueError("an exchange needs a ministry name and a file name")
        if isinstance(sections, str):  # a str is a Sequence[str] of its letters
            raise TypeError("sections must be a sequence of section keys, not one str")
        for key in sections:
            _check_section_key(key)
        # Encode everything before the transaction: a bad value fails with nothing begun.
        values_text = encode_value({check_key(key): value for key, value in sent_values.items()})
        sections_text = encode_value(list(sections))
        assert values_text is not None and sections_text is not None  # noqa: S101 - never blank
        who, now = current_user(user), utc_now()
        with self._write() as conn:
            changes.require_report(conn, report_id)
            if _exchange_row(conn, exchange_id) is not None:
                raise ValueError(f"exchange {exchange_id} is already recorded")
            conn.execute(
                exchanges.insert().values(
                    id=exchange_id,
                    report_id=report_id,
                    ministry=ministry,
                    sections=sections_text,
                    file_name=file_name,
                    sent_at=now,
                    sent_by=who,
                    checksum=checksum,
                    sent_values=values_text,
                )
            )
            row = _exchange_row(conn, exchange_id)
        assert row is not None  # noqa: S101 - inserted just above
        return _exchange_info(row)

    def exchanges(self, report_id: int) -> list[ExchangeInfo]:
        """The workbooks sent for a report, newest first."""
        query = (
            select(exchanges)
            .where(exchanges.c.report_id == report_id)
            # sent_at ties within a microsecond; rowid then keeps the order of recording.
            .order_by(exchanges.c.sent_at.desc(), literal_column("exchanges.rowid").desc())
        )
        with self._read() as conn:
            changes.require_report(conn, report_id)
            return [_exchange_info(row) for row in conn.execute(query)]

    def exchange(self, exchange_id: str) -> ExchangeInfo | None:
        """One exchange, whichever report it belongs to; None if unknown."""
        with self._read() as conn:
            row = _exchange_row(conn, exchange_id)
        return None if row is None else _exchange_info(row)


def copy_section_owners(conn: Connection, from_report_id: int, to_report_id: int) -> int:
    """Give the target the source's owner of every section the target has no owner for."""
    copied = select(
        literal(to_report_id), section_owners.c.section_key, section_owners.c.ministry_id
    ).where(section_owners.c.report_id == from_report_id)
    statement = (
        insert(section_owners)
        .from_select(["report_id", "section_key", "ministry_id"], copied)
        .on_conflict_do_nothing(index_elements=["report_id", "section_key"])
    )
    return int(conn.execute(statement).rowcount)


def check_return(exchange_id: str | None, *, file_name: str, sha256: str) -> None:
    """Check what ``mark_returned`` will record, before any transaction begins."""
    if exchange_id is not None:
        _check_exchange_id(exchange_id)
    _check_sha256(sha256, "sha256")
    if not file_name:
        raise ValueError("a returned workbook needs a file name")


def require_exchange(conn: Connection, report_id: int, exchange_id: str) -> None:
    """Raise ``ValueError`` unless ``exchange_id`` is a workbook sent for ``report_id``."""
    row = _exchange_row(conn, exchange_id)
    if row is None or row.report_id != report_id:
        raise ValueError(f"exchange {exchange_id} was not sent for report {report_id}")


def mark_returned(
    conn: Connection, exchange_id: str, *, file_name: str, sha256: str, user: str, now: str
) -> None:
    """Record that the workbook came back; a later return of the same workbook replaces it."""
    conn.execute(
        exchanges.update()
        .where(exchanges.c.id == exchange_id)
        .values(returned_at=now, returned_file=file_name, returned_sha256=sha256, returned_by=user)
    )


def _ministry_ids(conn: Connection) -> dict[str, tuple[int, str]]:
    # Few enough to read whole: the caseless comparison has to happen in Python.
    rows = conn.execute(select(ministries.c.id, ministries.c.name)).all()
    return {fold(row.name): (row.id, row.name) for row in rows}


def _require_ministry(conn: Connection, name: str) -> int:
    found = _ministry_ids(conn).get(fold(name))
    if found is None:
        raise MinistryNotFoundError(name)
    return found[0]


def _refuse_duplicate(conn: Connection, name: str, *, allowed_id: int | None = None) -> None:
    found = _ministry_ids(conn).get(fold(name))
    if found is not None and found[0] != allowed_id:
        raise MinistryNameError("duplicate", found[1])


def _check_section_key(key: object) -> None:
    if not isinstance(key, str):
        raise TypeError(f"section key must be str, got {type(key).__name__}")
    if not key:
        raise ValueError("a section key cannot be empty")


def _check_exchange_id(exchange_id: str) -> None:
    if not isinstance(exchange_id, str) or not _EXCHANGE_ID.fullmatch(exchange_id):
        raise ValueError(f"exchange id must be 32 lowercase hex digits, got {exchange_id!r}")


def _check_sha256(digest: str, what: str) -> None:
    if not isinstance(digest, str) or not _SHA256.fullmatch(digest):
        raise ValueError(f"{what} must be a SHA-256 in lowercase hex, got {digest!r}")


def _exchange_row(conn: Connection, exchange_id: str) -> Row[Any] | None:
    return conn.execute(select(exchanges).where(exchanges.c.id == exchange_id)).first()


def _exchange_info(row: Row[Any]) -> ExchangeInfo:
    return ExchangeInfo(
        id=row.id,
        report_id=row.report_id,
        ministry=row.ministry,
        sections=tuple(decode_value(row.sections)),
        file_name=row.file_name,
        sent_at=row.sent_at,
        sent_by=row.sent_by,
        checksum=row.checksum,
        sent_values=decode_value(row.sent_values),
        returned_at=row.returned_at,
        returned_file=row.returned_file,
        returned_sha256=row.returned_sha256,
        returned_by=row.returned_by,
    )
