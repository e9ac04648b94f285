"""Encryption at rest (issue 8): a database protected by a passphrase through SQLCipher."""

# ruff: noqa: S105, S106 - test passphrases

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

pytest.importorskip("sqlcipher3")

from storage import (
    BackupError,
    Database,
    DatabaseInUseError,
    NotEncryptedError,
    NotOurDatabaseError,
    PassphraseRequiredError,
    Source,
    WrongPassphraseError,
    decrypt_database,
    encrypt_database,
    list_backups,
    open_database,
    restore_backup,
    set_passphrase,
)
from storage.backups import is_good

SENTINEL = "SENTINEL-7f3a9c"
PASSPHRASE = "correct horse 'battery' staple"  # a quote, to be sure it is not SQL text
TYPED = Source("typed")


def snapshot(directory: Path) -> dict[str, str]:
    """Every file under ``directory`` with the hash of its bytes."""
    return {
        str(path.relative_to(directory)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(directory.rglob("*"))
        if path.is_file()
    }


def fill(db: Database) -> int:
    report = db.create_report(
        country="NZL", cycle=2024, language="en", template_id="poa-national", template_version=1
    )
    db.set_answers(report.id, {"q1": SENTINEL, "q2": 42, "q3": ["a", "b"]}, source=TYPED)
    db.set_answer(report.id, "q2", 43, source=TYPED)
    return report.id


def assert_no_sentinel(directory: Path) -> None:
    for path in directory.rglob("*"):
        if path.is_file():
            assert SENTINEL.encode() not in path.read_bytes(), path


def check_contents(db: Database, report_id: int) -> None:
    answers = db.answers(report_id)
    assert answers["q1"].value == SENTINEL
    assert answers["q2"].value == 43
    assert answers["q3"].value == ["a", "b"]
    assert db.verify_history().ok


@pytest.fixture
def encrypted(db_path: Path) -> int:
    with open_database(db_path, passphrase=PASSPHRASE) as db:
        assert db.encrypted
        report_id = fill(db)
        db.backup("open")
        assert_no_sentinel(db_path.parent)  # the live file and its -wal, while open
    return report_id


def test_sentinel_is_not_in_the_file_its_wal_or_its_backups(db_path: Path, encrypted: int) -> None:
    assert not db_path.read_bytes().startswith(b"SQLite format 3")
    assert list_backups(db_path)
    assert_no_sentinel(db_path.parent)


def test_right_passphrase_reads_it_back(db_path: Path, encrypted: int) -> None:
    with open_database(db_path, passphrase=PASSPHRASE) as db:
        check_contents(db, encrypted)
        assert db.integrity_check() == ["ok"]


def test_wrong_passphrase_is_refused_and_changes_nothing(db_path: Path, encrypted: int) -> None:
    before = snapshot(db_path.parent)
    with pytest.raises(WrongPassphraseError) as caught:
        open_database(db_path, passphrase="wrong")
    assert str(db_path) in caught.value.message("en")
    assert caught.value.message("fr") != caught.value.message("en")
    assert snapshot(db_path.parent) == before


def test_no_passphrase_says_it_is_protected(db_path: Path, encrypted: int) -> None:
    before = snapshot(db_path.parent)
    with pytest.raises(PassphraseRequiredError) as caught:
        open_database(db_path)
    assert isinstance(caught.value, NotOurDatabaseError)  # callers that only know that one
    assert "passphrase" in caught.value.message("en")
    assert snapshot(db_path.parent) == before


def test_passphrase_for_a_plain_database_is_refused(db_path: Path) -> None:
    with open_database(db_path) as db:
        fill(db)
    before = snapshot(db_path.parent)
    with pytest.raises(NotEncryptedError):
        open_database(db_path, passphrase=PASSPHRASE)
    assert snapshot(db_path.parent) == before


def test_backups_are_encrypted_and_restore_needs_the_passphrase(
    db_path: Path, encrypted: int
) -> None:
    backup = list_backups(db_path)[0].path
    assert is_good(backup, PASSPHRASE)
    assert not is_good(backup)
    with pytest.raises(BackupError):
        restore_backup(db_path, backup)
    safety = restore_backup(db_path, backup, passphrase=PASSPHRASE)
    assert safety is not None and is_good(safety.path, PASSPHRASE)
    assert_no_sentinel(db_path.parent)
    with open_database(db_path, passphrase=PASSPHRASE) as db:
        check_contents(db, encrypted)


def test_encrypt_then_decrypt_keeps_everything(db_path: Path) -> None:
    with open_database(db_path) as db:
        report_id = fill(db)
        db.backup("open")
    encrypt_database(db_path, PASSPHRASE)
    assert_no_sentinel(db_path.parent)  # the database and its earlier plain backups
    with pytest.raises(PassphraseRequiredError):
        open_database(db_path)
    with open_database(db_path, passphrase=PASSPHRASE) as db:
        check_contents(db, report_id)
        db.set_answer(report_id, "q4", "after encryption", source=TYPED)
    assert all(is_good(info.path, PASSPHRASE) for info in list_backups(db_path))

    with pytest.raises(WrongPassphraseError):
        decrypt_database(db_path, "wrong")
    kept = decrypt_database(db_path, PASSPHRASE)
    assert is_good(kept.path, PASSPHRASE)  # the original is kept, still encrypted
    with open_database(db_path) as db:
        check_contents(db, report_id)
        assert db.answers(report_id)["q4"].value == "after encryption"
        assert not db.encrypted


def test_change_passphrase(db_path: Path, encrypted: int) -> None:
    set_passphrase(db_path, PASSPHRASE, "another one")
    with pytest.raises(WrongPassphraseError):
        open_database(db_path, passphrase=PASSPHRASE)
    with open_database(db_path, passphrase="another one") as db:
        check_contents(db, encrypted)
    assert_no_sentinel(db_path.parent)


def test_an_open_database_is_not_converted(db_path: Path) -> None:
    with open_database(db_path) as db:
        fill(db)
        before = db_path.read_bytes()
        with pytest.raises(DatabaseInUseError):
            encrypt_database(db_path, PASSPHRASE)
        assert db_path.read_bytes() == before


@pytest.mark.parametrize("passphrase", ["", "nul\x00inside"])
def test_unusable_passphrases_are_refused(db_path: Path, passphrase: str) -> None:
    with pytest.raises(ValueError, match="passphrase"):
        open_database(db_path, passphrase=passphrase)
    assert not db_path.exists()
