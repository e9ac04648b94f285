"""Backups, restore and the sealed history from the command line (issue 8)."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from contextlib import closing
from pathlib import Path

import pytest

from storage import list_backups

Cli = Callable[..., tuple[int, str, str]]


def test_backup_list_and_restore_the_latest(cli: Cli, db_path: Path) -> None:
    code, out, _ = cli("demo")
    assert code == 0
    code, out, _ = cli("backup")
    assert code == 0 and Path(out.strip()).exists()
    code, out, _ = cli("backups", "--json")
    (listed,) = json.loads(out)
    assert listed["reason"] == "manual"
    code, out, _ = cli("set", "1", "p21.agencies", "Changed after the backup")
    code, out, err = cli("restore-backup", "--latest")
    assert code == 0, err
    code, out, _ = cli("show", "1", "--json")
    assert "Changed after the backup" not in out
    assert {info.reason for info in list_backups(db_path)} == {"manual", "before-restore"}


def test_verify_passes_then_finds_tampering(cli: Cli, db_path: Path) -> None:
    cli("demo")
    code, out, _ = cli("verify")
    assert code == 0 and "intact" in out
    with closing(sqlite3.connect(db_path)) as conn:
        conn.execute("UPDATE history SET user = 'someone else' WHERE id = 5")
        conn.commit()
    code, out, _ = cli("verify", "1", "--json")
    report = json.loads(out)
    assert code == 1 and not report["ok"]
    assert report["problems"][0] == {"report_id": 1, "history_id": 5, "problem": "altered"}


def test_a_damaged_database_is_refused_with_the_newest_good_backup_named(
    cli: Cli, db_path: Path
) -> None:
    cli("demo")
    cli("backup")
    data = bytearray(db_path.read_bytes())
    for offset in range(4096, len(data), 97):
        data[offset] ^= 0xFF
    db_path.write_bytes(bytes(data))
    for suffix in ("-wal", "-shm"):
        db_path.with_name(db_path.name + suffix).unlink(missing_ok=True)
    code, _, err = cli("list")
    assert code == 2
    assert "restore-backup --latest" in err
    code, _, err = cli("restore-backup", "--latest")
    assert code == 0, err
    code, out, _ = cli("list")
    assert code == 0 and "XDM" in out


def test_encrypt_then_use_with_the_passphrase_then_decrypt(
    cli: Cli, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pytest.importorskip("sqlcipher3")
    cli("demo")
    monkeypatch.setenv("POA_REPORT_PASSPHRASE", "correct horse battery staple")
    code, out, err = cli("encrypt")
    assert code == 0, err
    assert b"Demoland" not in db_path.read_bytes()
    code, out, _ = cli("list")
    assert code == 0 and "XDM" in out
    monkeypatch.setenv("POA_REPORT_PASSPHRASE", "wrong")
    before = db_path.read_bytes()
    code, _, err = cli("list")
    assert code == 2 and "passphrase" in err.lower()
    assert db_path.read_bytes() == before
    monkeypatch.delenv("POA_REPORT_PASSPHRASE")
    code, _, err = cli("list")
    assert code == 2 and "passphrase" in err.lower()
    monkeypatch.setenv("POA_REPORT_PASSPHRASE", "correct horse battery staple")
    code, out, err = cli("decrypt")
    assert code == 0, err
    monkeypatch.delenv("POA_REPORT_PASSPHRASE")
    code, out, _ = cli("list")
    assert code == 0 and "XDM" in out
