"""A history you can trust (issue 8): every entry is sealed into a per-report chain with the
installation's secret key, and verification finds any altered, deleted or reordered entry."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

from storage import Database, ReportInfo, Source, audit, migrations, open_database

TYPED = Source("typed")


@pytest.fixture
def filled(db: Database, report: ReportInfo) -> Database:
    for number in range(5):
        db.set_answer(report.id, "s.q", f"value {number}", source=TYPED)
    db.set_answer(report.id, "s.other", "x", source=TYPED)
    return db


def _sql(db: Database, statement: str, *params: object) -> None:
    with closing(sqlite3.connect(db.path)) as conn:
        conn.execute(statement, params)
        conn.commit()


def _ids(db: Database, report: ReportInfo) -> list[int]:
    return [entry.id for entry in db.history(report.id)]


def _problems(db: Database) -> list[tuple[int, str]]:
    return [(p.history_id, p.problem) for p in db.verify_history().problems]


def test_an_untouched_history_verifies(filled: Database, report: ReportInfo) -> None:
    result = filled.verify_history(report.id)
    assert result.ok and result.checked == 6 and result.problems == ()
    count, head = filled.history_head(report.id)
    assert count == 6 and head == result.heads[report.id]
    assert head is not None and head.startswith(audit.key_id(audit.installation_key()) + ":")


def test_an_altered_entry_is_found(filled: Database, report: ReportInfo) -> None:
    third = _ids(filled, report)[2]
    _sql(filled, "UPDATE history SET new_value = '\"forged\"' WHERE id = ?", third)
    assert _problems(filled) == [(third, "altered")]
    assert not filled.verify_history().ok


def test_a_deleted_entry_is_found(filled: Database, report: ReportInfo) -> None:
    ids = _ids(filled, report)
    _sql(filled, "DELETE FROM history WHERE id = ?", ids[2])
    assert _problems(filled) == [(ids[3], "altered")]


def test_reordered_entries_are_found(filled: Database, report: ReportInfo) -> None:
    first, second = _ids(filled, report)[1:3]
    with closing(sqlite3.connect(filled.path)) as conn:
        rows = {
            row[0]: row[1:]
            for row in conn.execute(
                "SELECT id, new_value, seal FROM history WHERE id IN (?, ?)", (first, second)
            )
        }
        for target, source in ((first, second), (second, first)):
            conn.execute(
                "UPDATE history SET new_value = ?, seal = ? WHERE id = ?", (*rows[source], target)
            )
        conn.commit()
    found = dict(_problems(filled))
    assert found[first] == found[second] == "altered"  # and the chain after them breaks too


def test_a_removed_seal_is_found(filled: Database, report: ReportInfo) -> None:
    last = _ids(filled, report)[-1]
    _sql(filled, "UPDATE history SET seal = NULL WHERE id = ?", last)
    assert _problems(filled) == [(last, "unsealed")]


def test_a_seal_cannot_be_recomputed_without_the_key(filled: Database, report: ReportInfo) -> None:
    second = _ids(filled, report)[1]
    with closing(sqlite3.connect(filled.path)) as conn:
        row = conn.execute("SELECT * FROM history WHERE id = ?", (second,)).fetchone()
    forged_key = b"\x00" * audit.KEY_BYTES
    forged = audit.compute_seal(
        forged_key,
        None,
        type(
            "Row",
            (),
            dict(
                zip(
                    (
                        "id",
                        "report_id",
                        "key",
                        "old_value",
                        "new_value",
                        "changed_at",
                        "user",
                        "source_kind",
                        "source_detail",
                    ),
                    row[:9],
                    strict=True,
                )
            ),
        )(),
    )
    _sql(filled, "UPDATE history SET seal = ? WHERE id = ?", forged, second)
    assert (second, "other_installation") in _problems(filled)


def test_entries_sealed_on_another_installation_are_not_called_tampered(
    filled: Database, report: ReportInfo, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(audit.KEY_FILE_ENV, str(tmp_path / "other.key"))
    result = filled.verify_history()
    assert {p.problem for p in result.problems} == {"other_installation"}
    assert result.ok  # nothing found wrong; these entries just cannot be checked here


def test_the_key_is_private_to_the_user(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "k" / "audit.key"
    monkeypatch.setenv(audit.KEY_FILE_ENV, str(path))
    key = audit.installation_key()
    assert len(key) == audit.KEY_BYTES
    assert path.stat().st_mode & 0o077 == 0
    assert audit.installation_key() == key


def test_upgrading_seals_the_entries_written_before(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with monkeypatch.context() as patch:  # a version-3 database, as the previous release made
        patch.setattr(migrations, "STEPS", migrations.STEPS[:3])
        patch.setattr(migrations, "SCHEMA_VERSION", 3)
        open_database(db_path).close()
    with closing(sqlite3.connect(db_path)) as conn:
        conn.execute(
            "INSERT INTO reports (country, cycle, language, template_id, template_version,"
            " created_at, updated_at) VALUES ('NZL', 2024, 'en', 't', 1, 'now', 'now')"
        )
        for number in range(3):
            conn.execute(
                "INSERT INTO history (report_id, key, old_value, new_value, changed_at, user,"
                " source_kind) VALUES (1, 's.q', NULL, ?, 'now', 'me', 'typed')",
                (f'"{number}"',),
            )
        conn.commit()
    with open_database(db_path) as db:
        assert db.schema_version == migrations.SCHEMA_VERSION
        result = db.verify_history()
        assert result.ok and result.checked == 3 and result.problems == ()
        db.set_answer(1, "s.q", "after the upgrade", source=TYPED)
        assert db.verify_history().ok
