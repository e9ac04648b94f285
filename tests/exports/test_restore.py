"""Restoring a report from its workbook: the same answers come back (attachments excepted), and
anything that is not an unchanged export of ours is refused with a message naming the problem —
with nothing created."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import time
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from openpyxl.worksheet.worksheet import Worksheet

from exports import restore
from exports.excel import ExcelExporter
from exports.excel_data import DATA_SHEET, TABLE_HEADER_ROW
from exports.restore import RestoreError, read_submission, restore_report
from reporting.service import ReportState, load_state
from storage import Database, open_database

WHEN = dt.datetime(2024, 6, 1, 12, 30)


@pytest.fixture(scope="module")
def demo_xlsx(demo_state: ReportState) -> bytes:
    return ExcelExporter().export(demo_state, lang="fr", generated_at=WHEN)


@pytest.fixture
def db(tmp_path: Path) -> Iterator[Database]:
    with open_database(tmp_path / "restored.sqlite") as database:
        yield database


def without_attachments(state: ReportState) -> dict[str, Any]:
    return {
        key: value
        for key, value in state.answers.items()
        if state.template.question(key).type != "attachment"
    }


def edit_data_sheet(data: bytes, change: Callable[[Worksheet], None]) -> bytes:
    book = openpyxl.load_workbook(io.BytesIO(data))
    change(book[DATA_SHEET])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def data_row(ws: Worksheet, key: str) -> int:
    for row in ws.iter_rows(min_row=TABLE_HEADER_ROW + 1):
        if row[0].value == key:
            return row[0].row
    raise KeyError(key)


def refused(data: bytes, message_id: str) -> RestoreError:
    started = time.perf_counter()
    with pytest.raises(RestoreError) as caught:
        read_submission(data)
    assert time.perf_counter() - started < 10
    assert caught.value.message_id == message_id, caught.value.message("en")
    for lang in ("en", "fr"):
        assert "{" not in caught.value.message(lang)
    return caught.value


def test_submission_holds_every_answer_and_names_what_cannot_be_restored(
    demo_state: ReportState, demo_xlsx: bytes
) -> None:
    submission = read_submission(demo_xlsx)
    assert submission.answers == demo_state.answers
    assert (submission.country, submission.cycle, submission.language) == ("XDM", 2024, "en")
    assert (submission.template_id, submission.template_version) == ("bms8-2022", 1)
    assert set(submission.skipped) == {"a_contacts.nap_file", "f_attachments.files"}
    assert submission.restorable() == without_attachments(demo_state)
    assert submission.generated_at == "2024-06-01T12:30:00Z"


def test_restore_gives_back_the_same_answers(
    demo_state: ReportState, demo_xlsx: bytes, db: Database
) -> None:
    info = restore_report(db, demo_xlsx, name="demoland.xlsx")
    restored = load_state(db, info.id)
    assert restored.answers == without_attachments(demo_state)
    assert (info.country, info.cycle, info.language) == ("XDM", 2024, "en")
    sources = {entry.source for entry in db.history(info.id, "p21.status")}
    assert {(s.kind, s.detail) for s in sources} == {("imported", "demoland.xlsx")}


def test_an_existing_country_and_cycle_is_refused_and_nothing_is_created(
    demo_xlsx: bytes, db: Database
) -> None:
    restore_report(db, demo_xlsx)
    before = db.list_reports()
    with pytest.raises(RestoreError) as caught:
        restore_report(db, demo_xlsx)
    assert caught.value.message_id == "restore.report_exists"
    assert "Demoland (fictional State) (XDM), cycle 2024" in caught.value.message("en")
    assert "Démolande (État fictif) (XDM)" in caught.value.message("fr")
    assert db.list_reports() == before


def test_a_failure_after_creating_the_report_leaves_nothing(
    demo_xlsx: bytes, db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The report and its answers are one transaction: a failure half-way leaves nothing."""
    from storage import changes

    real_apply = changes.apply
    calls: list[str] = []

    def failing_apply(*args: Any, **kwargs: Any) -> bool:
        calls.append(args[2])
        if len(calls) == 100:  # well into the answers, after the report row was inserted
            raise OSError("disk full")
        return real_apply(*args, **kwargs)

    monkeypatch.setattr(changes, "apply", failing_apply)
    with pytest.raises(OSError, match="disk full"):
        restore_report(db, demo_xlsx)
    assert len(calls) == 100
    assert db.list_reports() == []


def test_a_workbook_of_another_template_is_refused(
    demo_xlsx: bytes, db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(restore, "DEFAULT_TEMPLATE", ("bms9-2026", 1))
    with pytest.raises(RestoreError) as caught:
        restore_report(db, demo_xlsx)
    assert caught.value.message_id == "restore.other_template"
    assert db.list_reports() == []


def test_files_that_are_not_workbooks_are_refused() -> None:
    refused(b"PoA national report", "restore.not_workbook")
    refused(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(4096), "restore.ole_file")
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr("word/document.xml", "<w:document/>")
    refused(archive.getvalue(), "restore.not_workbook")


def test_a_truncated_workbook_is_refused(demo_xlsx: bytes) -> None:
    refused(demo_xlsx[: len(demo_xlsx) // 2], "restore.not_workbook")


def test_a_workbook_without_our_data_sheet_is_refused() -> None:
    plain = io.BytesIO()
    openpyxl.Workbook().save(plain)
    refused(plain.getvalue(), "restore.no_data_sheet")
    book = openpyxl.Workbook()
    book.active.title = DATA_SHEET
    book.active["A1"] = "Seized arms"
    other = io.BytesIO()
    book.save(other)
    refused(other.getvalue(), "restore.no_data_sheet")


def test_another_format_version_is_refused(demo_xlsx: bytes) -> None:
    def newer(ws: Worksheet) -> None:
        ws["B1"] = "poa-report-data 2"

    error = refused(edit_data_sheet(demo_xlsx, newer), "restore.wrong_format")
    assert "poa-report-data 2" in error.message("en")


def test_a_value_changed_after_export_is_refused(demo_xlsx: bytes) -> None:
    def tamper(ws: Worksheet) -> None:
        ws.cell(data_row(ws, "a_coordination.women"), 6).value = 9

    refused(edit_data_sheet(demo_xlsx, tamper), "restore.checksum")


def test_an_invalid_value_is_refused_naming_its_cell(demo_state: ReportState) -> None:
    # Even with a matching fingerprint, every value is checked against its question.
    answers = dict(demo_state.answers, **{"p21.status": "bogus", "a_coordination.men": -4})
    data = ExcelExporter().export(dataclasses.replace(demo_state, answers=answers), lang="en")
    ws = openpyxl.load_workbook(io.BytesIO(data))[DATA_SHEET]
    error = refused(data, "restore.bad_value")
    cell = f"data!F{data_row(ws, 'a_coordination.men')}"
    assert cell in error.message("en") and "-4" in error.message("fr")


def test_edited_rows_are_refused(demo_xlsx: bytes) -> None:
    def retype(ws: Worksheet) -> None:
        ws.cell(data_row(ws, "p21.status"), 2).value = "text"

    def formula(ws: Worksheet) -> None:
        ws.cell(data_row(ws, "p21.status"), 6).value = "=1+1"

    def drop(ws: Worksheet) -> None:
        ws.delete_rows(data_row(ws, "p21.status"))

    def duplicate(ws: Worksheet) -> None:
        row = data_row(ws, "p21.status")
        ws.cell(row + 1, 1).value = "p21.status"

    def unknown(ws: Worksheet) -> None:
        ws.cell(data_row(ws, "p21.status"), 1).value = "p21.mystery"

    def as_date(ws: Worksheet) -> None:
        ws.cell(data_row(ws, "a_state.period_start"), 6).value = dt.datetime(2022, 7, 1)

    refused(edit_data_sheet(demo_xlsx, retype), "restore.type_mismatch")
    assert "data!F" in refused(edit_data_sheet(demo_xlsx, formula), "restore.formula").message("en")
    refused(edit_data_sheet(demo_xlsx, drop), "restore.count_mismatch")
    refused(edit_data_sheet(demo_xlsx, duplicate), "restore.duplicate_key")
    refused(edit_data_sheet(demo_xlsx, unknown), "restore.unknown_question")
    refused(edit_data_sheet(demo_xlsx, as_date), "restore.bad_value")


def replace_part(data: bytes, name: str, content: bytes) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            target.writestr(info, content if info.filename == name else source.read(info))
    return out.getvalue()


BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
<!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">]>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>
<row r="1"><c r="A1" t="inlineStr"><is><t>&lol4;</t></is></c></row></sheetData></worksheet>"""

EXTERNAL_ENTITY = b"""<?xml version="1.0"?>
<!DOCTYPE w [<!ENTITY x SYSTEM "file:///etc/passwd">]>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">&x;</workbook>"""


def data_sheet_part(data: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        sheets = [n for n in archive.namelist() if n.startswith("xl/worksheets/sheet")]
    return max(sheets, key=lambda name: int(name.removeprefix("xl/worksheets/sheet")[:-4]))


def test_hostile_xml_is_refused(demo_xlsx: bytes) -> None:
    bomb = replace_part(demo_xlsx, data_sheet_part(demo_xlsx), BILLION_LAUGHS)
    assert "EntitiesForbidden" in refused(bomb, "restore.unsafe_xml").message("en")
    refused(replace_part(demo_xlsx, "xl/workbook.xml", EXTERNAL_ENTITY), "restore.unsafe_xml")
    broken = replace_part(demo_xlsx, data_sheet_part(demo_xlsx), b"<worksheet><sheetData>")
    refused(broken, "restore.unreadable")


def test_a_zip_bomb_is_refused_before_inflating(demo_xlsx: bytes) -> None:
    out = io.BytesIO(demo_xlsx)
    with zipfile.ZipFile(out, "a", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/media/padding.bin", bytes(50 * 1024 * 1024))
    refused(out.getvalue(), "restore.zip_bomb")


def test_reading_needs_defusedxml(demo_xlsx: bytes, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(openpyxl, "DEFUSEDXML", False)
    refused(demo_xlsx, "restore.unsafe_parser")
    assert openpyxl.DEFUSEDXML is False  # the patch, undone after the test


def test_defusedxml_is_active() -> None:
    assert openpyxl.DEFUSEDXML is True
