"""Answers, their audit trail (who, when, old, new, source) and carrying answers forward."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from storage import (
    Database,
    ReportInfo,
    ReportNotFoundError,
    Source,
    open_database,
)

TYPED = Source("typed")
MAIN = Path(__file__).resolve().parents[2]


def make_report(db: Database, cycle: int, country: str = "NZL") -> ReportInfo:
    return db.create_report(
        country=country, cycle=cycle, language="en", template_id="poa", template_version=1
    )


def test_history_records_old_new_user_and_source(db: Database, report: ReportInfo) -> None:
    db.set_answer(report.id, "a.x", "first", source=TYPED, user="alice")
    imported = Source("imported", "ministry-of-justice.xlsx")
    db.set_answer(report.id, "a.x", "second", source=imported, user="bob")
    first, second = db.history(report.id, "a.x")
    assert (first.old_value, first.new_value, first.user, first.source) == (
        None,
        "first",
        "alice",
        TYPED,
    )
    assert (second.old_value, second.new_value, second.user, second.source) == (
        "first",
        "second",
        "bob",
        imported,
    )
    assert first.id < second.id
    assert first.changed_at <= second.changed_at
    assert first.changed_at.endswith("+00:00") and "." in first.changed_at  # UTC, microseconds


def test_equal_value_writes_nothing(db: Database, report: ReportInfo) -> None:
    assert db.set_answer(report.id, "a.x", {"b": [1, 2], "a": "z"}, source=TYPED)
    updated = db.get_report(report.id).updated_at
    # Same value, keys in another order: canonical JSON makes them equal.
    assert db.set_answer(report.id, "a.x", {"a": "z", "b": [1, 2]}, source=TYPED) is False
    assert len(db.history(report.id)) == 1
    assert db.get_report(report.id).updated_at == updated


def test_change_bumps_report_updated_at(db: Database, report: ReportInfo) -> None:
    db.set_answer(report.id, "a.x", 1, source=TYPED)
    assert db.get_report(report.id).updated_at > report.updated_at


def test_default_user_is_the_login_name_or_unknown(
    db: Database, report: ReportInfo, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("getpass.getuser", lambda: "carol")
    db.set_answer(report.id, "a.x", 1, source=TYPED)

    def no_user() -> str:
        raise OSError("no login name")

    monkeypatch.setattr("getpass.getuser", no_user)
    db.set_answer(report.id, "a.x", 2, source=TYPED)
    assert [entry.user for entry in db.history(report.id)] == ["carol", "unknown"]


def test_history_filters_by_key_oldest_first(db: Database, report: ReportInfo) -> None:
    for value in range(3):
        db.set_answer(report.id, "a.x", value, source=TYPED)
        db.set_answer(report.id, "a.y", value, source=TYPED)
    assert [e.new_value for e in db.history(report.id, "a.x")] == [0, 1, 2]
    assert [e.key for e in db.history(report.id)] == ["a.x", "a.y"] * 3


def test_unknown_source_kind_is_refused() -> None:
    with pytest.raises(ValueError, match="source kind"):
        Source("guessed")


@pytest.mark.parametrize("key", ["", "@attachment/1"])
def test_reserved_or_empty_keys_are_refused(db: Database, report: ReportInfo, key: str) -> None:
    with pytest.raises(ValueError):
        db.set_answer(report.id, key, 1, source=TYPED)


def test_set_answers_counts_changes(db: Database, report: ReportInfo) -> None:
    db.set_answer(report.id, "a.x", 1, source=TYPED)
    changed = db.set_answers(report.id, {"a.x": 1, "a.y": 2, "a.z": None}, source=TYPED)
    assert changed == 1
    assert set(db.answers(report.id)) == {"a.x", "a.y"}


def test_set_answers_is_all_or_nothing(db: Database, report: ReportInfo) -> None:
    db.set_answer(report.id, "a.x", "kept", source=TYPED)
    with pytest.raises(TypeError):
        db.set_answers(report.id, {"a.x": "replaced", "a.y": 2.5, "a.z": 3}, source=TYPED)
    assert {k: a.value for k, a in db.answers(report.id).items()} == {"a.x": "kept"}
    assert len(db.history(report.id)) == 1


def test_writing_to_a_missing_report_fails_cleanly(db: Database) -> None:
    with pytest.raises(ReportNotFoundError) as caught:
        db.set_answer(404, "a.x", 1, source=TYPED)
    assert caught.value.report_id == 404
    with pytest.raises(ReportNotFoundError):
        db.answers(404)


def test_saved_value_is_committed_at_once(db_path: Path) -> None:
    with open_database(db_path) as db:
        report = make_report(db, 2024)
        db.set_answer(report.id, "a.x", "saved", source=TYPED)
        with open_database(db_path) as other:  # a second connection sees it immediately
            answer = other.answer(report.id, "a.x")
            assert answer is not None and answer.value == "saved"
    with open_database(db_path) as db:
        answer = db.answer(report.id, "a.x")
        assert answer is not None and answer.value == "saved"


def test_acknowledged_save_survives_a_killed_process(db_path: Path) -> None:
    # The process dies right after set_answer returns: no close(), no checkpoint.
    script = textwrap.dedent(
        f"""
        import os
        from pathlib import Path
        from storage import Source, open_database
        db = open_database(Path({str(db_path)!r}))
        report = db.create_report(
            country="NZL", cycle=2024, language="en", template_id="t", template_version=1
        )
        db.set_answer(report.id, "a.x", "acknowledged", source=Source("cli"))
        os._exit(0)
        """
    )
    subprocess.run([sys.executable, "-c", script], check=True, cwd=MAIN, timeout=60)
    with open_database(db_path) as db:
        assert db.integrity_check() == ["ok"]
        (report,) = db.list_reports()
        answer = db.answer(report.id, "a.x")
        assert answer is not None and answer.value == "acknowledged"


# Carrying forward


def test_carry_forward_renames_drops_and_flags(db: Database) -> None:
    old = make_report(db, 2022)
    new = make_report(db, 2024)
    db.set_answers(old.id, {"a.x": 1, "a.old": "renamed", "a.gone": True}, source=TYPED)
    db.set_answer(new.id, "a.x", 99, source=TYPED)  # newer work is never overwritten

    renames = {"a.old": "a.new", "a.gone": None}
    copied = db.carry_forward(old.id, new.id, keys=lambda key: renames.get(key, key), user="dora")
    assert copied == 1
    answers = db.answers(new.id)
    assert {k: (a.value, a.carried_over) for k, a in answers.items()} == {
        "a.x": (99, False),
        "a.new": ("renamed", True),
    }
    assert db.get_report(new.id).carried_from == old.id
    (entry,) = db.history(new.id, "a.new")
    assert entry.source == Source("carried_forward", str(old.id))
    assert (entry.old_value, entry.new_value, entry.user) == (None, "renamed", "dora")
    assert set(db.answers(old.id)) == {"a.x", "a.old", "a.gone"}  # the source is untouched


def test_confirm_carried_clears_the_flag_with_history(db: Database) -> None:
    old = make_report(db, 2022)
    new = make_report(db, 2024)
    db.set_answer(old.id, "a.x", "same", source=TYPED)
    assert db.carry_forward(old.id, new.id) == 1
    db.confirm_carried(new.id, "a.x", user="erin")
    answer = db.answer(new.id, "a.x")
    assert answer is not None and answer.carried_over is False and answer.value == "same"
    last = db.history(new.id, "a.x")[-1]
    assert (last.old_value, last.new_value, last.user) == ("same", "same", "erin")
    assert last.source == Source("typed", "confirmed")
    db.confirm_carried(new.id, "a.x")  # nothing left to confirm: no new history
    assert len(db.history(new.id, "a.x")) == 2


def test_editing_a_carried_answer_clears_the_flag(db: Database) -> None:
    old = make_report(db, 2022)
    new = make_report(db, 2024)
    db.set_answer(old.id, "a.x", 1, source=TYPED)
    db.carry_forward(old.id, new.id)
    db.set_answer(new.id, "a.x", 2, source=TYPED)
    answer = db.answer(new.id, "a.x")
    assert answer is not None and answer.carried_over is False


def test_carry_forward_is_one_transaction(db: Database) -> None:
    old = make_report(db, 2022)
    new = make_report(db, 2024)
    db.set_answers(old.id, {"a.a": 1, "a.b": 2, "a.c": 3}, source=TYPED)

    def failing(key: str) -> str:
        if key == "a.c":
            raise LookupError("no mapping for a.c")
        return key

    with pytest.raises(LookupError):
        db.carry_forward(old.id, new.id, keys=failing)
    assert db.answers(new.id) == {}
    assert db.history(new.id) == []
    assert db.get_report(new.id).carried_from is None


def test_carry_forward_needs_two_reports(db: Database, report: ReportInfo) -> None:
    with pytest.raises(ValueError):
        db.carry_forward(report.id, report.id)
    with pytest.raises(ReportNotFoundError):
        db.carry_forward(report.id, 404)
