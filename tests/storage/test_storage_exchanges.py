"""Ministries, section owners and the workbooks exchanged with them (issue 6, schema v2).

A ministry name is unique without regard to case (Unicode, not only ASCII); section owners link
by id, so they follow a rename and go with a removed ministry; an exchange keeps the name and
values as sent; a returned workbook's answers and its return are one transaction.
"""

from __future__ import annotations

import hashlib
import sqlite3
import uuid
from contextlib import closing
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import inspect
from sqlalchemy.exc import IntegrityError

from storage import (
    SCHEMA_VERSION,
    SOURCE_KINDS,
    Database,
    ExchangeInfo,
    MinistryNameError,
    MinistryNotFoundError,
    ReportInfo,
    ReportNotFoundError,
    Source,
    migrations,
    open_database,
)
from storage.engine import read_connection

TYPED = Source("typed")
JUSTICE = "Ministry of Justice"
INTERIOR = "Ministère de l’Intérieur"
SHA = hashlib.sha256(b"returned workbook").hexdigest()


def make_report(db: Database, cycle: int, country: str = "NZL") -> ReportInfo:
    return db.create_report(
        country=country, cycle=cycle, language="en", template_id="poa", template_version=1
    )


def send(db: Database, report_id: int, **changes: Any) -> ExchangeInfo:
    arguments: dict[str, Any] = {
        "exchange_id": uuid.uuid4().hex,
        "ministry": JUSTICE,
        "sections": ["s2", "s4"],
        "file_name": "justice.xlsx",
        "checksum": hashlib.sha256(b"sent values").hexdigest(),
        "sent_values": {"s2.q1": "yes", "s2.q2": None, "s4.q1": {"count": 3}},
        "user": "alice",
    }
    return db.record_exchange(report_id, **(arguments | changes))


def ministry_source(exchange_id: str) -> Source:
    return Source("ministry", f'{{"exchange":"{exchange_id}","file":"back.xlsx"}}')


# Schema


def test_schema_is_version_2_with_the_new_tables_and_indexes(db: Database) -> None:
    assert SCHEMA_VERSION >= 2 and db.schema_version == SCHEMA_VERSION  # v3: issue 7
    assert db._engine is not None
    inspector = inspect(db._engine)
    assert {"ministries", "section_owners", "exchanges"} <= set(inspector.get_table_names())
    indexes = {
        table: {index["name"]: index["column_names"] for index in inspector.get_indexes(table)}
        for table in ("section_owners", "exchanges")
    }
    assert indexes["section_owners"]["section_owners_by_ministry"] == ["ministry_id"]
    assert indexes["exchanges"]["exchanges_by_report"] == ["report_id"]
    assert "ministry" in SOURCE_KINDS


def test_the_database_refuses_names_equal_but_for_ascii_case(db: Database) -> None:
    # The last line of defence if a write ever bypassed the Python check.
    db.add_ministry(JUSTICE)
    assert db._engine is not None
    with pytest.raises(IntegrityError), db._engine.begin() as conn:
        conn.exec_driver_sql(
            "INSERT INTO ministries (name, created_at) VALUES (?, ?)", (JUSTICE.upper(), "now")
        )
    assert db.ministries() == [JUSTICE]


def test_a_version_1_file_is_upgraded_keeping_its_data_after_a_backup(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(migrations, "STEPS", migrations.STEPS[:1])
    monkeypatch.setattr(migrations, "SCHEMA_VERSION", 1)
    with open_database(db_path) as db:
        assert db.schema_version == 1
        before = db.list_reports()
    # What the version-1 program wrote (today's code would also seal the history).
    with closing(sqlite3.connect(db_path)) as conn:
        conn.execute(
            "INSERT INTO reports (country, cycle, language, template_id, template_version,"
            " created_at, updated_at) VALUES ('NZL', 2024, 'en', 'poa', 1, 't', 't')"
        )
        for key, value in (("a.x", '"kept"'), ("a.y", "[1,2]")):
            conn.execute(
                "INSERT INTO answers (report_id, key, value, updated_at) VALUES (1, ?, ?, 't')",
                (key, value),
            )
            conn.execute(
                "INSERT INTO history (report_id, key, new_value, changed_at, user, source_kind)"
                " VALUES (1, ?, ?, 't', 'uma', 'typed')",
                (key, value),
            )
        conn.commit()
    with open_database(db_path) as db:
        before = db.list_reports()
        report = before[0]
    monkeypatch.undo()

    with open_database(db_path) as db:
        assert db.schema_version == SCHEMA_VERSION
        assert db.list_reports() == before
        assert {k: a.value for k, a in db.answers(report.id).items()} == {
            "a.x": "kept",
            "a.y": [1, 2],
        }
        assert [entry.user for entry in db.history(report.id)] == ["uma", "uma"]
        assert db.integrity_check() == ["ok"]
        # The new tables work at once.
        db.add_ministry(JUSTICE)
        db.set_section_owner(report.id, "s1", JUSTICE)
        assert db.section_owners(report.id) == {"s1": JUSTICE}
        assert db._engine is not None
        with read_connection(db._engine) as conn:
            assert conn.exec_driver_sql("PRAGMA user_version").scalar_one() == SCHEMA_VERSION

    (backup,) = db_path.parent.glob(f"{db_path.name}.schema-v1.*.bak")
    with closing(sqlite3.connect(backup)) as copy:
        assert copy.execute("PRAGMA user_version").fetchone() == (1,)
        assert copy.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        tables = {row[0] for row in copy.execute("SELECT name FROM sqlite_schema")}
        assert "ministries" not in tables
        assert sorted(copy.execute("SELECT key, value FROM answers")) == [
            ("a.x", '"kept"'),
            ("a.y", "[1,2]"),
        ]


# Ministries


def test_add_and_list_ministries_in_caseless_order(db: Database) -> None:
    assert db.ministries() == []
    assert db.add_ministry("  ministry of Defence \n") == "ministry of Defence"
    assert db.add_ministry(INTERIOR) == INTERIOR
    assert db.add_ministry(JUSTICE) == JUSTICE
    assert db.add_ministry("Énergie") == "Énergie"
    # Names sort decomposed, so "Énergie" comes with the E's rather than after the Z's.
    assert db.ministries() == ["Énergie", INTERIOR, "ministry of Defence", JUSTICE]


def test_a_name_is_stored_in_composed_form(db: Database) -> None:
    decomposed = "Ministe\u0300re"  # "è" typed as "e" + combining grave accent
    assert db.add_ministry(decomposed) == "Ministère"
    with pytest.raises(MinistryNameError) as caught:
        db.add_ministry("MINISTÈRE")
    assert (caught.value.problem, caught.value.name) == ("duplicate", "Ministère")


@pytest.mark.parametrize(
    ("existing", "candidate"),
    [
        (JUSTICE, JUSTICE),
        (JUSTICE, "  MINISTRY OF JUSTICE "),
        (INTERIOR, INTERIOR.upper()),  # NOCASE alone would accept this one
        ("Straße", "STRASSE"),  # casefold, not lower()
    ],
)
def test_duplicates_are_refused_regardless_of_case(
    db: Database, existing: str, candidate: str
) -> None:
    db.add_ministry(existing)
    with pytest.raises(MinistryNameError) as caught:
        db.add_ministry(candidate)
    assert caught.value.problem == "duplicate"
    assert caught.value.message_id == "storage.ministry.duplicate"
    assert caught.value.name == existing  # the name the user will find in the list
    assert existing in caught.value.message("en")
    assert db.ministries() == [existing]


@pytest.mark.parametrize(
    ("name", "problem"),
    [
        ("", "blank"),
        (" \t\n ", "blank"),
        ("x" * 201, "too_long"),
        ("Ministry\tof Justice", "control_character"),
        ("Ministry\nof Justice", "control_character"),
        ("Ministry\x00", "control_character"),
        ("Ministry\u2028of Justice", "control_character"),
        ("Ministry \ud800", "control_character"),
    ],
)
def test_bad_names_are_refused_and_nothing_is_added(db: Database, name: str, problem: str) -> None:
    with pytest.raises(MinistryNameError) as caught:
        db.add_ministry(name)
    assert caught.value.problem == problem
    assert caught.value.message_id == f"storage.ministry.{problem}"
    assert db.ministries() == []


def test_longest_name_is_accepted(db: Database) -> None:
    name = "M" * 200
    assert db.add_ministry(f" {name} ") == name
    with pytest.raises(MinistryNameError) as caught:
        db.add_ministry("M" * 201)
    assert caught.value.message("en") == (
        "The ministry name is too long (201 characters; at most 200)."
    )


def test_rename_keeps_owners_and_leaves_exchanges_as_sent(db: Database, report: ReportInfo) -> None:
    db.add_ministry(JUSTICE)
    db.set_section_owners(report.id, {"s2": JUSTICE, "s4": JUSTICE})
    sent = send(db, report.id)
    assert db.rename_ministry("ministry of justice", " Ministry of Justice and Police ") == (
        "Ministry of Justice and Police"
    )
    assert db.ministries() == ["Ministry of Justice and Police"]
    assert db.section_owners(report.id) == {
        "s2": "Ministry of Justice and Police",
        "s4": "Ministry of Justice and Police",
    }
    assert db.exchange(sent.id) == sent
    assert sent.ministry == JUSTICE


def test_rename_to_a_different_case_of_itself_is_allowed(db: Database) -> None:
    db.add_ministry("ministry of justice")
    assert db.rename_ministry("ministry of justice", JUSTICE) == JUSTICE
    assert db.ministries() == [JUSTICE]
    assert db.rename_ministry(JUSTICE, JUSTICE) == JUSTICE  # no change at all is no error


def test_rename_refusals_change_nothing(db: Database, report: ReportInfo) -> None:
    db.add_ministry(JUSTICE)
    db.add_ministry(INTERIOR)
    db.set_section_owner(report.id, "s1", INTERIOR)
    with pytest.raises(MinistryNameError) as duplicate:
        db.rename_ministry(INTERIOR, "MINISTRY of justice")
    assert (duplicate.value.problem, duplicate.value.name) == ("duplicate", JUSTICE)
    with pytest.raises(MinistryNameError) as blank:
        db.rename_ministry(INTERIOR, "  ")
    assert blank.value.problem == "blank"
    with pytest.raises(MinistryNotFoundError) as missing:
        db.rename_ministry("Ministry of Magic", "Ministry of Sport")
    assert missing.value.name == "Ministry of Magic"
    assert missing.value.message_id == "storage.ministry.not_found"
    assert db.ministries() == [INTERIOR, JUSTICE]
    assert db.section_owners(report.id) == {"s1": INTERIOR}


def test_remove_ministry_clears_its_sections_only(db: Database) -> None:
    first, second = make_report(db, 2022), make_report(db, 2024)
    db.add_ministry(JUSTICE)
    db.add_ministry(INTERIOR)
    db.set_section_owners(first.id, {"s1": JUSTICE, "s2": INTERIOR})
    db.set_section_owner(second.id, "s1", JUSTICE)
    sent = send(db, second.id)
    db.remove_ministry("MINISTRY OF JUSTICE")
    assert db.ministries() == [INTERIOR]
    assert db.section_owners(first.id) == {"s2": INTERIOR}
    assert db.section_owners(second.id) == {}
    assert db.exchange(sent.id) == sent  # the record of what was sent stays
    with pytest.raises(MinistryNotFoundError):
        db.remove_ministry(JUSTICE)
    assert db.ministries() == [INTERIOR]
    assert db.integrity_check() == ["ok"]


# Section owners


def test_set_and_clear_section_owners(db: Database, report: ReportInfo) -> None:
    db.add_ministry(JUSTICE)
    db.add_ministry(INTERIOR)
    assert db.section_owners(report.id) == {}
    db.set_section_owner(report.id, "s2", "  ministry OF justice")  # matched without case
    db.set_section_owner(report.id, "s1", INTERIOR.upper())
    assert db.section_owners(report.id) == {"s1": INTERIOR, "s2": JUSTICE}
    db.set_section_owner(report.id, "s2", INTERIOR)  # reassigned
    db.set_section_owner(report.id, "s1", None)  # cleared
    db.set_section_owner(report.id, "s9", None)  # clearing an unassigned section is no error
    assert db.section_owners(report.id) == {"s2": INTERIOR}


def test_owner_changes_bump_updated_at_only_when_something_changed(
    db: Database, report: ReportInfo
) -> None:
    db.add_ministry(JUSTICE)
    db.set_section_owner(report.id, "s1", JUSTICE)
    updated = db.get_report(report.id).updated_at
    assert updated > report.updated_at
    db.set_section_owners(report.id, {"s1": JUSTICE, "s2": None})
    assert db.get_report(report.id).updated_at == updated


def test_set_section_owners_is_all_or_nothing(db: Database, report: ReportInfo) -> None:
    db.add_ministry(JUSTICE)
    db.set_section_owner(report.id, "s1", JUSTICE)
    updated = db.get_report(report.id).updated_at
    with pytest.raises(MinistryNotFoundError) as caught:
        db.set_section_owners(
            report.id, {"s1": None, "s2": JUSTICE, "s3": "Ministry of Magic", "s4": JUSTICE}
        )
    assert caught.value.name == "Ministry of Magic"
    assert db.section_owners(report.id) == {"s1": JUSTICE}
    assert db.get_report(report.id).updated_at == updated
    with pytest.raises(ValueError, match="section key"):
        db.set_section_owners(report.id, {"s1": None, "": JUSTICE})
    assert db.section_owners(report.id) == {"s1": JUSTICE}


def test_section_owners_of_a_missing_report(db: Database) -> None:
    db.add_ministry(JUSTICE)
    with pytest.raises(ReportNotFoundError):
        db.section_owners(404)
    with pytest.raises(ReportNotFoundError):
        db.set_section_owner(404, "s1", JUSTICE)
    with pytest.raises(ReportNotFoundError):
        db.set_section_owners(404, {"s1": None})


def test_carry_forward_copies_owners_of_unowned_sections(db: Database) -> None:
    old, new = make_report(db, 2022), make_report(db, 2024)
    db.add_ministry(JUSTICE)
    db.add_ministry(INTERIOR)
    db.set_section_owners(old.id, {"s1": JUSTICE, "s2": JUSTICE, "s3": INTERIOR})
    db.set_section_owner(new.id, "s2", INTERIOR)  # someone's newer decision is kept
    db.carry_forward(old.id, new.id)
    assert db.section_owners(new.id) == {"s1": JUSTICE, "s2": INTERIOR, "s3": INTERIOR}
    assert db.section_owners(old.id) == {"s1": JUSTICE, "s2": JUSTICE, "s3": INTERIOR}


def test_carry_forward_that_fails_copies_no_owner(db: Database) -> None:
    old, new = make_report(db, 2022), make_report(db, 2024)
    db.add_ministry(JUSTICE)
    db.set_section_owner(old.id, "s1", JUSTICE)
    db.set_answer(old.id, "a.x", 1, source=TYPED)

    def failing(key: str) -> str:
        raise LookupError(key)

    with pytest.raises(LookupError):
        db.carry_forward(old.id, new.id, keys=failing)
    assert db.section_owners(new.id) == {}


# Exchanges


def test_record_and_read_an_exchange(db: Database, report: ReportInfo) -> None:
    exchange_id = uuid.uuid4().hex
    sent = send(db, report.id, exchange_id=exchange_id, sections=("s4", "s2"))
    assert sent == ExchangeInfo(
        id=exchange_id,
        report_id=report.id,
        ministry=JUSTICE,
        sections=("s4", "s2"),
        file_name="justice.xlsx",
        sent_at=sent.sent_at,
        sent_by="alice",
        checksum=hashlib.sha256(b"sent values").hexdigest(),
        sent_values={"s2.q1": "yes", "s2.q2": None, "s4.q1": {"count": 3}},
        returned_at=None,
        returned_file=None,
        returned_sha256=None,
        returned_by=None,
    )
    assert sent.sent_at.endswith("+00:00")
    assert sent.returned is False
    assert db.exchange(exchange_id) == sent
    assert db.exchanges(report.id) == [sent]
    assert db.exchange(uuid.uuid4().hex) is None
    # Sending is not editing: the report's last change stays where it was.
    assert db.get_report(report.id).updated_at == report.updated_at


def test_exchanges_are_listed_newest_first_per_report(
    db: Database, report: ReportInfo, monkeypatch: pytest.MonkeyPatch
) -> None:
    other = make_report(db, 2022)
    first = send(db, report.id)
    second = send(db, report.id, ministry=INTERIOR)
    elsewhere = send(db, other.id)
    # Two sent within the same microsecond: the one recorded last still comes first.
    monkeypatch.setattr("storage.exchanges.utc_now", lambda: "2030-01-01T00:00:00.000000+00:00")
    third, fourth = send(db, report.id), send(db, report.id)
    assert [e.id for e in db.exchanges(report.id)] == [fourth.id, third.id, second.id, first.id]
    assert db.exchanges(other.id) == [elsewhere]


@pytest.mark.parametrize(
    ("changes", "error"),
    [
        ({"exchange_id": "not-a-uuid"}, ValueError),
        ({"exchange_id": uuid.uuid4().hex.upper()}, ValueError),
        ({"checksum": "abc"}, ValueError),
        ({"ministry": "  "}, ValueError),
        ({"file_name": ""}, ValueError),
        ({"sections": "s2"}, TypeError),
        ({"sections": ["s2", ""]}, ValueError),
        ({"sent_values": {"s2.q1": 0.5}}, TypeError),
        ({"sent_values": {"@attachment/1": "x"}}, ValueError),
    ],
)
def test_bad_exchanges_are_refused_and_nothing_recorded(
    db: Database, report: ReportInfo, changes: dict[str, Any], error: type[Exception]
) -> None:
    with pytest.raises(error):
        send(db, report.id, **changes)
    assert db.exchanges(report.id) == []


def test_an_exchange_id_is_recorded_once(db: Database, report: ReportInfo) -> None:
    sent = send(db, report.id)
    with pytest.raises(ValueError, match="already recorded"):
        send(db, report.id, exchange_id=sent.id, ministry=INTERIOR)
    assert db.exchanges(report.id) == [sent]
    with pytest.raises(ReportNotFoundError):
        send(db, 404)
    with pytest.raises(ReportNotFoundError):
        db.exchanges(404)


# Importing a returned workbook


def test_import_answers_stores_values_and_marks_the_return(
    db: Database, report: ReportInfo
) -> None:
    db.set_answer(report.id, "s2.q1", "no", source=TYPED)
    sent = send(db, report.id)
    source = ministry_source(sent.id)
    changed = db.import_answers(
        report.id,
        {"s2.q1": "yes", "s2.q2": 12, "s4.q1": None},
        source=source,
        exchange_id=sent.id,
        file_name="justice (returned).xlsx",
        sha256=SHA,
        user="bruno",
    )
    assert changed == 2
    assert {k: a.value for k, a in db.answers(report.id).items()} == {"s2.q1": "yes", "s2.q2": 12}
    last = db.history(report.id)[-1]
    assert (last.source, last.user) == (source, "bruno")
    back = db.exchange(sent.id)
    assert back is not None and back.returned
    assert (back.returned_file, back.returned_sha256, back.returned_by) == (
        "justice (returned).xlsx",
        SHA,
        "bruno",
    )
    assert back.returned_at == last.changed_at  # one transaction, one moment
    assert back.returned_at is not None and back.returned_at > back.sent_at
    assert (back.ministry, back.sent_values) == (sent.ministry, sent.sent_values)
    assert db.get_report(report.id).updated_at == back.returned_at


def test_a_workbook_returned_with_every_change_rejected_is_still_returned(
    db: Database, report: ReportInfo
) -> None:
    sent = send(db, report.id)
    changed = db.import_answers(
        report.id,
        {},
        source=ministry_source(sent.id),
        exchange_id=sent.id,
        file_name="back.xlsx",
        sha256=SHA,
        user="carla",
    )
    assert changed == 0
    back = db.exchange(sent.id)
    assert back is not None and back.returned and back.returned_by == "carla"
    assert db.history(report.id) == []
    assert db.get_report(report.id).updated_at == report.updated_at


def test_a_later_return_of_the_same_workbook_replaces_the_first(
    db: Database, report: ReportInfo
) -> None:
    sent = send(db, report.id)
    for name in ("first.xlsx", "corrected.xlsx"):
        db.import_answers(
            report.id,
            {"s2.q1": name},
            source=ministry_source(sent.id),
            exchange_id=sent.id,
            file_name=name,
            sha256=SHA,
        )
    back = db.exchange(sent.id)
    assert back is not None and back.returned_file == "corrected.xlsx"


def test_import_without_an_exchange_is_set_answers(db: Database, report: ReportInfo) -> None:
    sent = send(db, report.id)
    changed = db.import_answers(
        report.id,
        {"s2.q1": "yes"},
        source=Source("imported", "old.xlsx"),
        exchange_id=None,
        file_name="old.xlsx",
        sha256=SHA,
    )
    assert changed == 1
    assert db.exchange(sent.id) == sent


@pytest.mark.parametrize(
    ("values", "error"),
    [
        ({"s2.q1": "yes", "@attachment/1": "x"}, ValueError),
        ({"s2.q1": "yes", "": "x"}, ValueError),
        ({"s2.q1": "yes", "s2.q2": 0.5}, TypeError),
    ],
)
def test_a_bad_value_imports_nothing_and_marks_nothing(
    db: Database, report: ReportInfo, values: dict[str, Any], error: type[Exception]
) -> None:
    sent = send(db, report.id)
    with pytest.raises(error):
        db.import_answers(
            report.id,
            values,
            source=ministry_source(sent.id),
            exchange_id=sent.id,
            file_name="back.xlsx",
            sha256=SHA,
        )
    assert db.answers(report.id) == {}
    assert db.exchange(sent.id) == sent


def test_an_exchange_of_another_report_is_refused(db: Database, report: ReportInfo) -> None:
    other = make_report(db, 2022)
    sent = send(db, other.id)
    for exchange_id in (sent.id, uuid.uuid4().hex):
        with pytest.raises(ValueError, match="was not sent for report"):
            db.import_answers(
                report.id,
                {"s2.q1": "yes"},
                source=ministry_source(exchange_id),
                exchange_id=exchange_id,
                file_name="back.xlsx",
                sha256=SHA,
            )
    assert db.answers(report.id) == {}
    assert db.history(report.id) == []
    assert db.exchange(sent.id) == sent


@pytest.mark.parametrize(
    "changes",
    [{"exchange_id": "0" * 31}, {"sha256": SHA.upper()}, {"file_name": ""}],
)
def test_malformed_return_details_are_refused(
    db: Database, report: ReportInfo, changes: dict[str, Any]
) -> None:
    sent = send(db, report.id)
    arguments: dict[str, Any] = {"exchange_id": sent.id, "file_name": "back.xlsx", "sha256": SHA}
    with pytest.raises(ValueError):
        db.import_answers(report.id, {"s2.q1": "yes"}, source=TYPED, **(arguments | changes))
    assert db.answers(report.id) == {}
    assert db.exchange(sent.id) == sent


def test_import_into_a_missing_report(db: Database) -> None:
    with pytest.raises(ReportNotFoundError):
        db.import_answers(
            404, {}, source=TYPED, exchange_id=None, file_name="back.xlsx", sha256=SHA
        )


# Deleting a report


def test_deleting_a_report_deletes_its_owners_and_exchanges(
    db: Database, report: ReportInfo
) -> None:
    other = make_report(db, 2022)
    db.add_ministry(JUSTICE)
    db.set_section_owner(report.id, "s1", JUSTICE)
    db.set_section_owner(other.id, "s1", JUSTICE)
    gone, kept = send(db, report.id), send(db, other.id)
    db.delete_report(report.id)
    assert db.exchange(gone.id) is None
    assert db.exchange(kept.id) == kept
    assert db.section_owners(other.id) == {"s1": JUSTICE}
    assert db.ministries() == [JUSTICE]  # ministries belong to no report
    assert db._engine is not None
    with read_connection(db._engine) as conn:
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar_one() == 1
        owners = conn.exec_driver_sql("SELECT report_id FROM section_owners").scalars().all()
    assert owners == [other.id]
    assert db.integrity_check() == ["ok"]


# Messages


@pytest.mark.parametrize(
    "error",
    [
        MinistryNameError("blank", ""),
        MinistryNameError("too_long", "x" * 201, limit=200),
        MinistryNameError("control_character", "a\tb"),
        MinistryNameError("duplicate", JUSTICE),
        MinistryNotFoundError(JUSTICE),
    ],
    ids=lambda error: error.message_id,
)
@pytest.mark.parametrize("lang", ["en", "fr"])
def test_ministry_errors_render(error: MinistryNameError, lang: str) -> None:
    text = error.message(lang)
    assert text != error.message_id
    assert "{" not in text and "}" not in text


def test_ministry_errors_in_french() -> None:
    assert MinistryNameError("duplicate", JUSTICE).message("fr") == (
        f"Un ministère nommé «\u00a0{JUSTICE}\u00a0» existe déjà. Les noms qui ne diffèrent que "
        "par les majuscules sont considérés comme identiques."
    )
    assert MinistryNotFoundError("Justice").message("fr") == (
        "Aucun ministère ne s’appelle «\u00a0Justice\u00a0»\u202f; il a peut-être été renommé "
        "ou supprimé."
    )
    assert MinistryNameError("too_long", "x" * 201, limit=200).message("fr") == (
        "Le nom du ministère est trop long (201 caractères\u202f; 200 au plus)."
    )
