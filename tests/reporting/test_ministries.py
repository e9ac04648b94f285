"""Sending sections to a ministry and taking its workbook back (issue 6): the checks on whose file
it is, the review statuses (conflicts included), and provenance in the history."""

from __future__ import annotations

import io
import sqlite3
import zipfile
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from ministry_helpers import edit, load, save

from exports.ministry_meta import META_SHEET, MinistryWorkbookError
from exports.xlsx_reader import WorkbookRefused
from reporting.demo import create_demo_report
from reporting.ministries import (
    CHANGED,
    CHANGED_HERE,
    CLEARED,
    CONFLICT,
    INVALID,
    NEW,
    UNCHANGED,
    MinistryImportError,
    apply_review,
    owned_sections,
    read_provenance,
    review_workbook,
    send_workbook,
)
from reporting.service import ReportInputError, create_report, load_state, set_value
from storage import Database, ReportInfo, Source, open_database

MINISTRY = "Ministry of Interior"
TYPED = Source("typed")


@pytest.fixture
def db(tmp_path: Path) -> Iterator[Database]:
    with open_database(tmp_path / "reports.sqlite") as database:
        yield database


@pytest.fixture
def report(db: Database) -> ReportInfo:
    info = create_demo_report(db)
    db.add_ministry(MINISTRY)
    db.set_section_owners(info.id, {"p21": MINISTRY, "a_contacts": MINISTRY})
    return info


@pytest.fixture
def sent(db: Database, report: ReportInfo, tmp_path: Path) -> bytes:
    path = tmp_path / "interior.xlsx"
    send_workbook(db, report.id, ministry="ministry of interior", path=path)
    return path.read_bytes()


def dump(db: Database) -> list[str]:
    with closing(sqlite3.connect(db.path)) as conn:
        return list(conn.iterdump())


def test_the_ministry_gets_its_own_sections_and_the_sending_is_recorded(
    db: Database, report: ReportInfo, sent: bytes
) -> None:
    assert owned_sections(db, report.id, MINISTRY) == ["a_contacts", "p21"]
    (exchange,) = db.exchanges(report.id)
    assert exchange.ministry == MINISTRY  # as the list spells it, whatever was typed
    assert exchange.sections == ("a_contacts", "p21")
    assert exchange.file_name == "interior.xlsx"
    assert not exchange.returned
    assert exchange.sent_values["p21.measures"] == load_state(db, report.id).answers["p21.measures"]
    assert load(sent)[META_SHEET]["B2"].value == exchange.id


def test_sending_refuses_unknown_ministry_or_nothing_to_send(
    db: Database, report: ReportInfo, tmp_path: Path
) -> None:
    before = dump(db)
    with pytest.raises(ReportInputError) as caught:
        send_workbook(db, report.id, ministry="Defence", path=tmp_path / "x.xlsx")
    assert caught.value.message_id == "exchange.unknown_ministry"
    db.add_ministry("Defence")
    before = dump(db)
    with pytest.raises(ReportInputError) as caught:
        send_workbook(db, report.id, ministry="Defence", path=tmp_path / "x.xlsx")
    assert caught.value.message_id == "exchange.no_sections"
    with pytest.raises(ReportInputError):
        send_workbook(db, report.id, ministry="Defence", sections=["p999"], path=tmp_path / "x")
    assert dump(db) == before
    assert not (tmp_path / "x.xlsx").exists()


def test_untouched_workbook_changes_nothing(db: Database, report: ReportInfo, sent: bytes) -> None:
    review = review_workbook(db, report.id, sent, file_name="interior.xlsx")
    assert {item.status for item in review.items} == {UNCHANGED}
    assert review.exchange is not None
    before = dump(db)
    assert apply_review(db, review, []) == 0
    assert load_state(db, report.id).answers == load_state(db, report.id).answers
    assert db.exchanges(report.id)[0].returned  # it came back, even with nothing to take
    assert len(dump(db)) == len(before)


def test_statuses_changed_new_cleared_conflict_changed_here(
    db: Database, report: ReportInfo, sent: bytes
) -> None:
    set_value(db, report.id, "a_contacts.nap_title", None, source=TYPED)  # blank here
    set_value(db, report.id, "p21.challenges", "Changed here", source=TYPED)
    set_value(db, report.id, "p21.agencies", "Changed here too", source=TYPED)
    data = edit(
        sent,
        {
            "p21.measures": "Changed by the ministry",
            "a_contacts.nap_title": "Plan 2030",  # blank here now, answered there
            "a_contacts.nap_period_end": None,  # emptied there
            "p21.challenges": "Changed there",  # changed on both sides: a conflict
        },
    )
    review = review_workbook(db, report.id, data, file_name="back.xlsx")
    status = {item.key: item.status for item in review.items}
    assert status["p21.measures"] == CHANGED
    assert status["a_contacts.nap_title"] == CONFLICT  # was sent with a value, blanked here
    assert status["a_contacts.nap_period_end"] == CLEARED
    assert status["p21.challenges"] == CONFLICT
    assert status["p21.agencies"] == CHANGED_HERE
    assert status["p21.status"] == UNCHANGED
    assert set(review.default_accepted()) == {"p21.measures"}


def test_new_answer_from_the_ministry(db: Database, report: ReportInfo, tmp_path: Path) -> None:
    set_value(db, report.id, "a_contacts.nap_title", None, source=TYPED)
    path = tmp_path / "w.xlsx"
    send_workbook(db, report.id, ministry=MINISTRY, path=path)
    data = edit(path.read_bytes(), {"a_contacts.nap_title": "Plan 2030"})
    review = review_workbook(db, report.id, data, file_name="w.xlsx")
    assert review.item("a_contacts.nap_title").status == NEW


def test_applied_values_record_where_they_came_from(
    db: Database, report: ReportInfo, sent: bytes
) -> None:
    data = edit(sent, {"p21.measures": "Changed by the ministry", "p21.challenges": "And this"})
    review = review_workbook(db, report.id, data, file_name="back.xlsx")
    assert apply_review(db, review, ["p21.measures"]) == 1
    answers = load_state(db, report.id).answers
    assert answers["p21.measures"] == "Changed by the ministry"
    assert answers["p21.challenges"] != "And this"  # not accepted: untouched
    entry = db.history(report.id, "p21.measures")[-1]
    assert entry.source.kind == "ministry"
    detail = read_provenance(entry.source.detail)
    assert detail["file"] == "back.xlsx"
    assert detail["sha256"] == review.sha256 and len(review.sha256) == 64
    assert detail["ministry"] == MINISTRY
    assert detail["imported_at"].endswith("Z")
    exchange = db.exchanges(report.id)[0]
    assert (exchange.returned_file, exchange.returned_sha256) == ("back.xlsx", review.sha256)


def test_problems_make_a_question_invalid_and_not_importable(
    db: Database, report: ReportInfo, sent: bytes
) -> None:
    data = edit(sent, {"a_contacts.nap_period_end": "soon"})
    review = review_workbook(db, report.id, data, file_name="back.xlsx")
    item = review.item("a_contacts.nap_period_end")
    assert item.status == INVALID and not item.importable and item.problems
    with pytest.raises(ValueError):
        apply_review(db, review, [item.key])


def test_a_review_made_stale_by_a_later_edit_is_refused(
    db: Database, report: ReportInfo, sent: bytes
) -> None:
    review = review_workbook(db, report.id, edit(sent, {"p21.measures": "X"}), file_name="b.xlsx")
    set_value(db, report.id, "p21.measures", "Typed meanwhile", source=TYPED)
    before = dump(db)
    with pytest.raises(MinistryImportError) as caught:
        apply_review(db, review, ["p21.measures"])
    assert caught.value.message_id == "exchange.review_outdated"
    assert dump(db) == before


def test_workbook_of_another_report_is_refused(
    db: Database, report: ReportInfo, sent: bytes
) -> None:
    other = create_report(db, country="FRA", cycle=2024, language="fr")
    before = dump(db)
    with pytest.raises(MinistryImportError) as caught:
        review_workbook(db, other.id, sent, file_name="interior.xlsx")
    assert caught.value.message_id == "exchange.other_report"
    assert "Demoland" in caught.value.message("en")
    assert "2024" in caught.value.message("fr")
    assert dump(db) == before


def test_workbook_from_another_database_for_this_report_is_read_without_conflicts(
    db: Database, report: ReportInfo, sent: bytes, tmp_path: Path
) -> None:
    with open_database(tmp_path / "other.sqlite") as other_db:
        info = create_demo_report(other_db)
        set_value(other_db, info.id, "p21.challenges", "Typed there", source=TYPED)
        review = review_workbook(
            other_db, info.id, edit(sent, {"p21.measures": "X"}), file_name="b.xlsx"
        )
    assert review.exchange is None
    status = {item.key: item.status for item in review.items}
    assert status["p21.measures"] == CHANGED
    assert status["p21.challenges"] == CHANGED  # no record of what was sent: no conflicts


def test_edited_metadata_is_refused(db: Database, report: ReportInfo, sent: bytes) -> None:
    book = load(sent)
    meta = book[META_SHEET]
    row = next(r for r in range(1, 20) if meta.cell(r, 1).value == "checksum_sha256")
    meta.cell(row, 2).value = "0" * 64
    before = dump(db)
    with pytest.raises(MinistryImportError) as caught:
        review_workbook(db, report.id, save(book), file_name="x.xlsx")
    assert caught.value.message_id == "exchange.meta_altered"
    book = load(sent)
    book[META_SHEET]["B5"] = 1999  # the cycle
    with pytest.raises(MinistryImportError):
        review_workbook(db, report.id, save(book), file_name="x.xlsx")
    assert dump(db) == before


@pytest.mark.parametrize(
    "data",
    [
        b"not a workbook at all",
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600,  # an .xls renamed, or encrypted
    ],
)
def test_files_that_are_not_workbooks_are_refused(
    db: Database, report: ReportInfo, data: bytes
) -> None:
    before = dump(db)
    with pytest.raises(WorkbookRefused) as caught:
        review_workbook(db, report.id, data, file_name="x.xlsx")
    assert caught.value.message("fr") and caught.value.message("en")
    assert dump(db) == before


def test_a_workbook_that_is_not_ours_is_refused(db: Database, report: ReportInfo) -> None:
    book = openpyxl.Workbook()
    book.active["A1"] = "format"
    buffer = io.BytesIO()
    book.save(buffer)
    with pytest.raises(MinistryWorkbookError) as caught:
        review_workbook(db, report.id, buffer.getvalue(), file_name="x.xlsx")
    assert caught.value.message_id == "ministry.not_ours"


def _repacked(data: bytes, changes: dict[str, bytes]) -> bytes:
    """The workbook with some zip entries replaced or added."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for entry in source.infolist():
            if entry.filename not in changes:
                target.writestr(entry, source.read(entry))
        for name, content in changes.items():
            target.writestr(name, content, compress_type=zipfile.ZIP_DEFLATED)
    return out.getvalue()


LAUGHS = (
    b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
    b'<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">'
    b'<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>'
    b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    b"<si><t>&lol3;</t></si></sst>"
)


@pytest.mark.parametrize(
    ("tamper", "message_id"),
    [
        (lambda data: data[: len(data) // 2], "workbook.not_workbook"),
        (lambda data: _repacked(data, {"xl/worksheets/sheet2.xml": LAUGHS}), "workbook.unsafe_xml"),
        (
            lambda data: _repacked(data, {"xl/media/bomb.bin": bytes(60 * 1024 * 1024)}),
            "workbook.zip_bomb",
        ),
    ],
    ids=["truncated", "entity-expansion", "zip-bomb"],
)
def test_hostile_returns_are_refused_and_change_nothing(
    db: Database, report: ReportInfo, sent: bytes, tamper: Any, message_id: str
) -> None:
    before = dump(db)
    with pytest.raises(WorkbookRefused) as caught:
        review_workbook(db, report.id, tamper(sent), file_name="x.xlsx")
    assert caught.value.message_id == message_id
    assert caught.value.message("fr") != caught.value.message("en")
    assert dump(db) == before
    assert not db.exchanges(report.id)[0].returned
