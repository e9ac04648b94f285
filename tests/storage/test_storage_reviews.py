"""Review statuses, the final mark and the locks they put on answers (issue 7, schema v3).

A status is set by compare-and-set and every change is a history row; an approved section's
answers and every answer of a final report are refused on every path that writes answers, inside
the same transaction, with nothing written.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import uuid
from collections.abc import Callable
from contextlib import closing
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import inspect
from sqlalchemy.exc import IntegrityError

from storage import (
    REPORT_STATUS_KEY,
    REVIEW_STATUSES,
    SCHEMA_VERSION,
    SOURCE_KINDS,
    Database,
    FinalInfo,
    ReportAlreadyFinalError,
    ReportChangedError,
    ReportFinalError,
    ReportInfo,
    ReportNotFinalError,
    ReportNotFoundError,
    SectionLockedError,
    SectionReview,
    Source,
    StatusChangedError,
    audit,
    migrations,
    open_database,
)

TYPED = Source("typed")
SHA = hashlib.sha256(b"returned workbook").hexdigest()


def dump(db: Database) -> list[str]:
    """The database's whole logical content, to prove a refusal wrote nothing."""
    with closing(sqlite3.connect(db.path)) as conn:
        return list(conn.iterdump())


def make_report(db: Database, cycle: int = 2024, country: str = "NZL") -> ReportInfo:
    return db.create_report(
        country=country,
        cycle=cycle,
        language="en",
        template_id="poa",
        template_version=1,
        answers={"s1.q1": "one", "s2.q1": "two", "s2.q2": 2},
        source=TYPED,
    )


def approve(db: Database, report_id: int, section: str) -> SectionReview:
    """None → ready → approved, as reporting.workflow would."""
    db.set_section_status(report_id, section, "ready", expected=None, user="uma")
    return db.set_section_status(report_id, section, "approved", expected="ready", user="vic")


# Schema


def test_schema_has_the_review_tables_since_version_3(db: Database) -> None:
    assert SCHEMA_VERSION >= 3 and db.schema_version == SCHEMA_VERSION
    assert db._engine is not None
    inspector = inspect(db._engine)
    assert {"section_reviews", "report_final"} <= set(inspector.get_table_names())
    assert inspector.get_pk_constraint("section_reviews")["constrained_columns"] == [
        "report_id",
        "section_key",
    ]
    assert inspector.get_pk_constraint("report_final")["constrained_columns"] == ["report_id"]
    assert "workflow" in SOURCE_KINDS
    assert REVIEW_STATUSES == ("draft", "ready", "approved", "returned")


def test_the_database_refuses_an_unknown_status(db: Database, report: ReportInfo) -> None:
    # The last line of defence if a write ever bypassed the Python check.
    assert db._engine is not None
    with pytest.raises(IntegrityError), db._engine.begin() as conn:
        conn.exec_driver_sql(
            "INSERT INTO section_reviews VALUES (?, 's1', 'not_started', NULL, 'now', 'me')",
            (report.id,),
        )
    assert db.section_reviews(report.id) == {}


# Section statuses


def test_set_and_read_section_statuses(db: Database) -> None:
    report = make_report(db)
    assert db.section_reviews(report.id) == {}
    ready = db.set_section_status(report.id, "s2", "ready", expected=None, user="uma")
    assert ready.section_key == "s2" and ready.status == "ready"
    assert ready.comment is None and ready.changed_by == "uma"
    returned = db.set_section_status(
        report.id, "s2", "returned", expected="ready", comment="Give the 2023 figure", user="vic"
    )
    draft = db.set_section_status(report.id, "s1", "draft", expected=None, user="uma")
    assert draft == SectionReview("s1", "draft", None, draft.changed_at, "uma")
    assert db.section_reviews(report.id) == {"s1": draft, "s2": returned}
    assert returned.comment == "Give the 2023 figure"
    assert ready.changed_at <= returned.changed_at <= draft.changed_at
    assert db.get_report(report.id).updated_at == draft.changed_at


def test_every_status_change_is_a_history_row(db: Database) -> None:
    report = make_report(db)
    first = db.set_section_status(report.id, "s2", "ready", expected=None, user="uma")
    second = db.set_section_status(
        report.id, "s2", "returned", expected="ready", comment="Check q2", user="vic"
    )
    db.set_section_status(report.id, "s2", "ready", expected="returned", user="uma")
    entries = db.history(report.id, "@status/s2")
    assert [(e.old_value, e.new_value) for e in entries] == [
        (None, "ready"),
        ("ready", "returned"),
        ("returned", "ready"),
    ]
    assert [e.user for e in entries] == ["uma", "vic", "uma"]
    assert [e.source for e in entries] == [
        Source("workflow"),
        Source("workflow", "Check q2"),
        Source("workflow"),
    ]
    assert [e.changed_at for e in entries[:2]] == [first.changed_at, second.changed_at]
    # Resubmitted, the row no longer carries the return comment; the history keeps it.
    assert db.section_reviews(report.id)["s2"].comment is None


def test_compare_and_set_refuses_a_status_changed_meanwhile(db: Database) -> None:
    report = make_report(db)
    db.set_section_status(report.id, "s2", "ready", expected=None, user="uma")
    before = dump(db)
    with pytest.raises(StatusChangedError) as caught:
        # Another window still thinks the section has no status.
        db.set_section_status(report.id, "s2", "draft", expected=None)
    assert (caught.value.section, caught.value.expected, caught.value.found) == (
        "s2",
        None,
        "ready",
    )
    assert caught.value.message_id == "storage.status_changed"
    assert "s2" in caught.value.message("en") and "s2" in caught.value.message("fr")
    with pytest.raises(StatusChangedError):
        db.set_section_status(report.id, "s1", "ready", expected="draft")  # s1 has no row
    assert dump(db) == before


def test_several_sections_change_together_or_not_at_all(db: Database) -> None:
    report = make_report(db)
    db.set_section_status(report.id, "s2", "ready", expected=None)
    before = dump(db)
    with pytest.raises(StatusChangedError):
        db.set_section_statuses(
            report.id,
            {"s1": "ready", "s2": "approved", "s3": "ready"},
            expected={"s1": None, "s2": "ready", "s3": "draft"},
        )
    assert dump(db) == before
    changed = db.set_section_statuses(
        report.id, {"s1": "ready", "s3": "ready"}, expected={"s1": None, "s3": None}, user="uma"
    )
    assert set(changed) == {"s1", "s3"}
    assert {k: r.status for k, r in db.section_reviews(report.id).items()} == {
        "s1": "ready",
        "s2": "ready",
        "s3": "ready",
    }


@pytest.mark.parametrize(
    ("section", "status", "expected", "comment", "error"),
    [
        ("s1", "not_started", None, None, ValueError),  # derived, never stored
        ("s1", "final", None, None, ValueError),
        ("s1", "ready", "done", None, ValueError),
        ("s1", "returned", "ready", None, ValueError),  # a return needs its comment
        ("s1", "returned", "ready", "  ", ValueError),
        ("", "ready", None, None, ValueError),
        ("@attachment/1", "ready", None, None, ValueError),
        ("s1.q1", "ready", None, None, ValueError),  # a question, not a section
        ("report", "ready", None, None, ValueError),  # the report's own history key
        (1, "ready", None, None, TypeError),
        ("s1", "ready", None, "\udc80", TypeError),
    ],
)
def test_bad_arguments_are_refused_before_anything_begins(
    db: Database, section: Any, status: str, expected: str | None, comment: str | None, error: type
) -> None:
    report = make_report(db)
    before = dump(db)
    with pytest.raises(error):
        db.set_section_status(report.id, section, status, expected=expected, comment=comment)
    assert dump(db) == before


def test_unknown_report_is_refused(db: Database) -> None:
    with pytest.raises(ReportNotFoundError):
        db.section_reviews(99)
    with pytest.raises(ReportNotFoundError):
        db.set_section_status(99, "s1", "ready", expected=None)
    with pytest.raises(ReportNotFoundError):
        db.final_info(99)
    with pytest.raises(ReportNotFoundError):
        db.finalise(99, acknowledged=[])
    with pytest.raises(ReportNotFoundError):
        db.reopen_report(99, reason="typo")


# The final mark


def test_finalise_and_reopen_with_history(db: Database) -> None:
    report = make_report(db)
    assert db.final_info(report.id) is None
    warnings = ["s2.q2: 2 seems low", "s1.q1: “one” — vérifiez"]
    info = db.finalise(report.id, acknowledged=warnings, user="wen")
    assert db.final_info(report.id) == info == FinalInfo(info.finalised_at, "wen", tuple(warnings))
    assert db.get_report(report.id).updated_at == info.finalised_at
    db.reopen_report(report.id, reason="The ministry sent a correction", user="xia")
    assert db.final_info(report.id) is None
    db.finalise(report.id, acknowledged=[], user="wen")
    assert db.final_info(report.id) == FinalInfo(db.history(report.id)[-1].changed_at, "wen", ())
    entries = db.history(report.id, REPORT_STATUS_KEY)
    assert REPORT_STATUS_KEY == "@status/report"
    assert [(e.old_value, e.new_value, e.user) for e in entries] == [
        ("draft", "final", "wen"),
        ("final", "draft", "xia"),
        ("draft", "final", "wen"),
    ]
    assert entries[0].source.kind == "workflow"
    assert entries[0].source.detail is not None
    assert json.loads(entries[0].source.detail) == {"acknowledged": warnings}
    assert entries[1].source == Source("workflow", "The ministry sent a correction")
    assert json.loads(entries[2].source.detail or "") == {"acknowledged": []}


def test_finalise_twice_and_reopen_a_draft_are_refused(db: Database) -> None:
    report = make_report(db)
    before = dump(db)
    with pytest.raises(ReportNotFinalError) as not_final:
        db.reopen_report(report.id, reason="why not")
    assert not_final.value.message_id == "storage.report_not_final"
    assert dump(db) == before
    db.finalise(report.id, acknowledged=[])
    before = dump(db)
    with pytest.raises(ReportAlreadyFinalError) as twice:
        db.finalise(report.id, acknowledged=["again"])
    assert isinstance(twice.value, ReportFinalError)
    assert twice.value.message_id == "storage.report_already_final"
    assert str(report.id) in twice.value.message("fr")
    assert dump(db) == before


@pytest.mark.parametrize("reason", ["", "   \n", None])
def test_reopen_needs_a_reason(db: Database, reason: Any) -> None:
    report = make_report(db)
    db.finalise(report.id, acknowledged=[])
    before = dump(db)
    with pytest.raises(ValueError, match="reason"):
        db.reopen_report(report.id, reason=reason)
    assert dump(db) == before


def test_acknowledged_must_be_messages(db: Database) -> None:
    report = make_report(db)
    with pytest.raises(TypeError):
        db.finalise(report.id, acknowledged="one warning")
    with pytest.raises(TypeError):
        db.finalise(report.id, acknowledged=[1])  # type: ignore[list-item]
    assert db.final_info(report.id) is None


def test_finalise_refuses_a_report_changed_since_it_was_checked(db: Database) -> None:
    report = make_report(db)
    seen = db.get_report(report.id).updated_at
    db.set_answer(report.id, "s1.q1", "changed meanwhile", source=TYPED)
    before = dump(db)
    with pytest.raises(ReportChangedError):
        db.finalise(report.id, acknowledged=[], expected_updated_at=seen)
    assert dump(db) == before
    now = db.get_report(report.id).updated_at
    assert db.finalise(report.id, acknowledged=[], expected_updated_at=now).acknowledged == ()


def test_a_final_report_refuses_status_changes(db: Database) -> None:
    report = make_report(db)
    db.set_section_status(report.id, "s1", "ready", expected=None)
    db.finalise(report.id, acknowledged=[])
    before = dump(db)
    with pytest.raises(ReportFinalError) as caught:
        db.set_section_status(report.id, "s1", "approved", expected="ready")
    assert caught.value.message_id == "storage.report_final"
    assert dump(db) == before


# Locks


def _set_answer(db: Database, report_id: int, key: str, value: Any) -> Any:
    return db.set_answer(report_id, key, value, source=TYPED)


def _set_answers(db: Database, report_id: int, key: str, value: Any) -> Any:
    # The unlocked answer first: the whole transaction must still write nothing.
    return db.set_answers(report_id, {"s3.q1": "free", key: value}, source=TYPED)


def _import_answers(db: Database, report_id: int, key: str, value: Any) -> Any:
    return db.import_answers(
        report_id,
        {"s3.q1": "free", key: value},
        source=Source("imported", "back.xlsx"),
        exchange_id=None,
        file_name="back.xlsx",
        sha256=SHA,
    )


def _import_returned_workbook(db: Database, report_id: int, key: str, value: Any) -> Any:
    (exchange,) = db.exchanges(report_id)  # recorded by ``sent``
    return db.import_answers(
        report_id,
        {key: value},
        source=Source("ministry", "{}"),
        exchange_id=exchange.id,
        file_name="back.xlsx",
        sha256=SHA,
    )


def sent(db: Database, report_id: int) -> str:
    """Record a workbook sent for sections s1 and s2; return its exchange id."""
    exchange_id = uuid.uuid4().hex
    db.record_exchange(
        report_id,
        exchange_id=exchange_id,
        ministry="Justice",
        sections=["s1", "s2"],
        file_name="justice.xlsx",
        checksum=SHA,
        sent_values={},
    )
    return exchange_id


WRITES: dict[str, Callable[[Database, int, str, Any], Any]] = {
    "set_answer": _set_answer,
    "set_answers": _set_answers,
    "import_answers": _import_answers,
    "import_answers_with_exchange": _import_returned_workbook,
}


@pytest.mark.parametrize("value", ["changed", None], ids=["change", "clear"])
@pytest.mark.parametrize("write", list(WRITES.values()), ids=list(WRITES))
def test_an_approved_section_is_locked_on_every_write_path(
    db: Database, write: Callable[[Database, int, str, Any], Any], value: Any
) -> None:
    report = make_report(db)
    exchange_id = sent(db, report.id)
    approve(db, report.id, "s2")
    before = dump(db)
    with pytest.raises(SectionLockedError) as caught:
        write(db, report.id, "s2.q1", value)
    assert (caught.value.section, caught.value.key) == ("s2", "s2.q1")
    assert caught.value.message_id == "storage.section_locked"
    assert "s2" in caught.value.message("en") and "s2" in caught.value.message("fr")
    assert dump(db) == before  # nor is the workbook marked returned
    assert not db.exchange(exchange_id).returned  # type: ignore[union-attr]


@pytest.mark.parametrize("write", list(WRITES.values()), ids=list(WRITES))
def test_a_final_report_is_locked_on_every_write_path(
    db: Database, write: Callable[[Database, int, str, Any], Any]
) -> None:
    report = make_report(db)
    sent(db, report.id)
    db.finalise(report.id, acknowledged=[])
    before = dump(db)
    with pytest.raises(ReportFinalError) as caught:
        write(db, report.id, "s1.q1", "changed")
    assert caught.value.message_id == "storage.report_final"
    assert dump(db) == before


def test_confirming_a_carried_answer_is_locked_too(db: Database) -> None:
    old = make_report(db, 2020)
    new = db.create_report(
        country="NZL", cycle=2024, language="en", template_id="poa", template_version=1
    )
    assert db.carry_forward(old.id, new.id) == 3
    approve(db, new.id, "s2")
    before = dump(db)
    with pytest.raises(SectionLockedError):
        db.confirm_carried(new.id, "s2.q1")
    assert dump(db) == before
    db.confirm_carried(new.id, "s1.q1")  # another section: still open
    assert not db.answer(new.id, "s1.q1").carried_over  # type: ignore[union-attr]
    db.confirm_carried(new.id, "s2.nothing")  # nothing to confirm: nothing refused
    db.finalise(new.id, acknowledged=[])
    before = dump(db)
    with pytest.raises(ReportFinalError):
        db.confirm_carried(new.id, "s2.q2")
    assert dump(db) == before


def test_writes_that_change_nothing_locked_are_not_refused(db: Database) -> None:
    report = make_report(db)
    approve(db, report.id, "s2")
    # The same value again changes nothing, so it is not a write to refuse.
    assert db.set_answers(report.id, {"s2.q1": "two", "s1.q1": "uno"}, source=TYPED) == 1
    assert db.set_answer(report.id, "s2.q3", None, source=TYPED) is False
    # Other sections stay open; so does a section that is only ready or returned.
    db.set_section_status(report.id, "s1", "ready", expected=None)
    assert db.set_answer(report.id, "s1.q1", "eins", source=TYPED)
    db.set_section_status(report.id, "s1", "returned", expected="ready", comment="Why?")
    assert db.set_answer(report.id, "s1.q1", "un", source=TYPED)
    # A workbook that came back with nothing accepted is still recorded on a final report.
    exchange_id = sent(db, report.id)
    db.finalise(report.id, acknowledged=[])
    changed = db.import_answers(
        report.id,
        {"s2.q1": "two"},
        source=Source("ministry", "{}"),
        exchange_id=exchange_id,
        file_name="back.xlsx",
        sha256=SHA,
    )
    assert changed == 0
    assert db.exchange(exchange_id).returned  # type: ignore[union-attr]


def test_reopening_unlocks(db: Database) -> None:
    report = make_report(db)
    approve(db, report.id, "s2")
    db.finalise(report.id, acknowledged=[])
    db.reopen_report(report.id, reason="Correction")
    with pytest.raises(SectionLockedError):  # the report is a draft; the section still approved
        db.set_answer(report.id, "s2.q1", "deux", source=TYPED)
    db.set_section_status(report.id, "s2", "draft", expected="approved", comment="Correction")
    assert db.set_answer(report.id, "s2.q1", "deux", source=TYPED)


def test_creating_and_carrying_forward_are_not_locked(db: Database) -> None:
    old = make_report(db, 2020)
    approve(db, old.id, "s1")
    db.finalise(old.id, acknowledged=[])
    new = db.create_report(
        country="NZL",
        cycle=2024,
        language="en",
        template_id="poa",
        template_version=1,
        answers={"s1.q9": "typed"},
        source=TYPED,
    )
    assert db.carry_forward(old.id, new.id) == 3
    assert db.section_reviews(new.id) == {} and db.final_info(new.id) is None
    assert db.final_info(old.id) is not None


def test_deleting_a_report_deletes_its_reviews_and_final_mark(db: Database) -> None:
    report, other = make_report(db), make_report(db, 2020)
    approve(db, report.id, "s1")
    approve(db, other.id, "s1")
    db.finalise(report.id, acknowledged=["w"])
    db.delete_report(report.id)
    with closing(sqlite3.connect(db.path)) as conn:
        assert conn.execute("SELECT report_id FROM section_reviews").fetchall() == [(other.id,)]
        assert conn.execute("SELECT count(*) FROM report_final").fetchone() == (0,)
    assert set(db.section_reviews(other.id)) == {"s1"}


# Migration


def test_a_version_2_file_is_upgraded_keeping_its_data_after_a_backup(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(migrations, "STEPS", migrations.STEPS[:2])
    monkeypatch.setattr(migrations, "SCHEMA_VERSION", 2)
    monkeypatch.setattr(audit, "seal_entry", lambda conn, history_id: None)  # v2 had no seals
    with open_database(db_path) as db:
        assert db.schema_version == 2
        report = make_report(db)  # create_report writes answers without looking for locks
        db.add_ministry("Justice")
        db.set_section_owner(report.id, "s2", "Justice")
        before = (db.list_reports(), db.answers(report.id))
    with closing(sqlite3.connect(db_path)) as conn:  # today's history query reads the seals
        written = conn.execute("SELECT count(*) FROM history").fetchone()[0]
    monkeypatch.undo()

    with open_database(db_path) as db:
        assert db.schema_version == SCHEMA_VERSION
        assert (db.list_reports(), db.answers(report.id)) == before
        assert len(db.history(report.id)) == written
        assert db.verify_history().ok  # sealed by the upgrade
        assert db.section_owners(report.id) == {"s2": "Justice"}
        assert db.integrity_check() == ["ok"]
        # The new tables work at once, and the answers were not locked by the upgrade.
        assert db.section_reviews(report.id) == {} and db.final_info(report.id) is None
        assert db.set_answer(report.id, "s2.q1", "after", source=TYPED)
        approve(db, report.id, "s2")
        assert db.section_reviews(report.id)["s2"].status == "approved"

    (backup,) = db_path.parent.glob(f"{db_path.name}.schema-v2.*.bak")
    with closing(sqlite3.connect(backup)) as copy:
        assert copy.execute("PRAGMA user_version").fetchone() == (2,)
        tables = {row[0] for row in copy.execute("SELECT name FROM sqlite_schema")}
        assert "section_reviews" not in tables and "ministries" in tables
