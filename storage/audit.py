"""A history you can trust: every entry is sealed into a chain, per report, with a secret key.

Each history row carries ``seal = "<key id>:" + HMAC-SHA256(key, previous seal + the row)``,
where the row is its id, report, key, old and new values, time, user and source. Changing any
entry breaks its seal; deleting or reordering entries breaks the seal of the next one; and a
seal cannot be recomputed without the key. The key is made once per installation and kept
outside the database (``audit.key`` in the user's configuration folder, readable by the user
only), so whoever copies or edits the database file alone cannot forge the chain.

What it does not prove: who sat at the keyboard (the operating-system user is recorded, not
authenticated), nor that the newest entries were not all removed — compare the chain head
printed on an earlier export. Entries sealed on another installation (a database moved to a new
computer without its key) are reported as "cannot be checked here", not as tampered.
"""

from __future__ import annotations

import functools
import hashlib
import hmac
import json
import os
import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

import platformdirs
from sqlalchemy import Connection, select, update

from storage.paths import APP_NAME
from storage.schema import history

KEY_FILE_ENV: Final = "POA_REPORT_AUDIT_KEY"  # where the key lives, for tests and deployments
KEY_BYTES: Final = 32


def key_path() -> Path:
    override = os.environ.get(KEY_FILE_ENV)
    if override:
        return Path(override).expanduser()
    return Path(platformdirs.user_config_dir(APP_NAME, appauthor=False)) / "audit.key"


@functools.cache
def _load_key(path: Path) -> bytes:
    try:
        return bytes.fromhex(path.read_text(encoding="ascii").strip())
    except FileNotFoundError:
        pass
    path.parent.mkdir(parents=True, exist_ok=True)
    key = secrets.token_bytes(KEY_BYTES)
    try:  # O_EXCL: two programs starting at once must not each write a different key
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return bytes.fromhex(path.read_text(encoding="ascii").strip())
    with os.fdopen(descriptor, "w", encoding="ascii") as handle:
        handle.write(key.hex())
        handle.flush()
        os.fsync(handle.fileno())
    return key


def installation_key() -> bytes:
    return _load_key(key_path())


def key_id(key: bytes) -> str:
    """A short public name of the key: tells this installation's seals from another's."""
    return hashlib.sha256(b"poa-report audit key\n" + key).hexdigest()[:12]


def _canonical(row: Any) -> bytes:
    fields = [
        row.id,
        row.report_id,
        row.key,
        row.old_value,
        row.new_value,
        row.changed_at,
        row.user,
        row.source_kind,
        row.source_detail,
    ]
    return json.dumps(fields, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def compute_seal(key: bytes, previous: str | None, row: Any) -> str:
    digest = hmac.new(key, (previous or "").encode("ascii") + b"\n" + _canonical(row), "sha256")
    return f"{key_id(key)}:{digest.hexdigest()}"


def _previous_seal(conn: Connection, report_id: int, before_id: int) -> str | None:
    query = (
        select(history.c.seal)
        .where(history.c.report_id == report_id, history.c.id < before_id)
        .order_by(history.c.id.desc())
        .limit(1)
    )
    return conn.execute(query).scalar()


def seal_entry(conn: Connection, history_id: int) -> None:
    """Seal a row just written, chaining it to the report's previous entry."""
    row = conn.execute(select(history).where(history.c.id == history_id)).one()
    previous = _previous_seal(conn, row.report_id, row.id)
    seal = compute_seal(installation_key(), previous, row)
    conn.execute(update(history).where(history.c.id == history_id).values(seal=seal))


def seal_all(conn: Connection) -> int:
    """Seal every existing entry in order (the upgrade that introduced seals); how many."""
    key = installation_key()
    last: dict[int, str] = {}
    count = 0
    for row in conn.execute(select(history).order_by(history.c.id)).all():
        seal = compute_seal(key, last.get(row.report_id), row)
        conn.execute(update(history).where(history.c.id == row.id).values(seal=seal))
        last[row.report_id] = seal
        count += 1
    return count


@dataclass(frozen=True)
class AuditProblem:
    report_id: int
    history_id: int
    problem: str  # "altered" (changed, or an entry before it removed or moved), "unsealed",
    # "other_installation" (sealed with another key: cannot be checked here)


@dataclass(frozen=True)
class AuditResult:
    checked: int
    problems: tuple[AuditProblem, ...]
    heads: dict[int, str]  # report → the seal of its newest entry

    @property
    def ok(self) -> bool:
        return not any(p.problem in ("altered", "unsealed") for p in self.problems)


def verify(conn: Connection, report_id: int | None = None) -> AuditResult:
    key = installation_key()
    mine = key_id(key)
    query = select(history).order_by(history.c.id)
    if report_id is not None:
        query = query.where(history.c.report_id == report_id)
    last: dict[int, str] = {}
    problems: list[AuditProblem] = []
    checked = 0
    for row in conn.execute(query):
        checked += 1
        previous = last.get(row.report_id)
        if row.seal is None:
            problems.append(AuditProblem(row.report_id, row.id, "unsealed"))
        elif not row.seal.startswith(f"{mine}:"):
            problems.append(AuditProblem(row.report_id, row.id, "other_installation"))
        elif not hmac.compare_digest(row.seal, compute_seal(key, previous, row)):
            problems.append(AuditProblem(row.report_id, row.id, "altered"))
        last[row.report_id] = row.seal or ""
    return AuditResult(checked, tuple(problems), last)


def head(conn: Connection, report_id: int) -> tuple[int, str | None]:
    """How many entries the report's history has, and the seal of the newest."""
    rows = conn.execute(
        select(history.c.seal).where(history.c.report_id == report_id).order_by(history.c.id)
    ).all()
    return len(rows), (rows[-1].seal if rows else None)


def short(seal: str | None) -> str:
    """The head as printed on exports: key id and the first 16 hex digits of the seal."""
    if not seal:
        return "—"
    kid, _, digest = seal.partition(":")
    return f"{kid}:{digest[:16]}"
