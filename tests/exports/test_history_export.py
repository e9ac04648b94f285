"""The report's history exported for an audit (issue 7): CSV and Excel give exactly the
database's history, one row per entry in the same order, readable (labels, display values,
sources), and no cell of either can become a formula (OWASP CSV injection)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from excel_helpers import OWASP, formula_cells
from openpyxl.worksheet.worksheet import Worksheet

from exports.excel_cells import FORMULA_TRIGGERS, ooxml_unescape
from exports.history_export import (
    COLUMNS,
    HEADER_ROW,
    HistoryRow,
    history_csv,
    history_table,
    history_xlsx,
)
from forms.display import format_value
from forms.model import Template
from reporting.demo import create_demo_report
from reporting.service import create_report, set_value, template_of
from storage import Database, HistoryEntry, ReportInfo, Source, open_database

WHEN = dt.datetime(2024, 6, 20, 8, 15, tzinfo=dt.UTC)
SHA = "5" * 64
PROVENANCE = json.dumps(
    {
        "file": "interior-returned.xlsx",
        "sha256": SHA,
        "ministry": "Ministry of the Interior",
        "exchange": "0123456789abcdef0123456789abcdef",
        "imported_at": "2024-06-10T09:00:00Z",
    }
)
HOSTILE_USER = "=cmd|' /C calc'!A0"


@dataclass(frozen=True)
class Audited:
    db: Database
    demo: ReportInfo
    carried: ReportInfo  # the next cycle's report, carried forward from the demo
    template: Template


@pytest.fixture(scope="module")
def audited(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Audited]:
    path: Path = tmp_path_factory.mktemp("history") / "history.sqlite"
    with open_database(path) as db:
        demo = create_demo_report(db)
        rid = demo.id
        set_value(db, rid, "p21.challenges", OWASP[0], source=Source("typed"))
        set_value(db, rid, "p21.agencies", OWASP[1], source=Source("cli", "poa-report set"))
        set_value(db, rid, "c_sdg.notes", OWASP[6], source=Source("imported", "=returned.xlsx"))
        set_value(db, rid, "a_coordination.members", 1234, source=Source("ministry", PROVENANCE))
        set_value(db, rid, "p21.challenges", None, source=Source("typed"))  # cleared
        db.set_answer(
            rid, "a_coordination.body_name", OWASP[3], source=Source("typed"), user=HOSTILE_USER
        )
        db.add_attachment(rid, name="@evil.txt", media_type="text/plain", data=b"evidence")
        # Review statuses and the report made final, then reopened (storage records them).
        db.set_section_status(rid, "p22", "ready", expected=None, user="-reviewer")
        db.set_section_status(rid, "p22", "returned", expected="ready", comment=OWASP[2])
        db.set_section_status(rid, "p22", "ready", expected="returned")
        db.set_section_status(rid, "p22", "approved", expected="ready", comment="Checked.")
        db.finalise(rid, acknowledged=["+1 warning about the totals"])
        db.reopen_report(rid, reason="-late correction from the Ministry of Defence")
        carried = create_report(db, country="XDM", cycle=2026, language="en", carry_from=rid)
        db.confirm_carried(carried.id, "a_coordination.body_name")
        yield Audited(db, db.get_report(rid), db.get_report(carried.id), template_of(demo))


def reports(audited: Audited) -> list[ReportInfo]:
    return [audited.demo, audited.carried]


def csv_rows(data: bytes) -> list[list[str]]:
    assert data.startswith(b"\xef\xbb\xbf")  # the BOM that tells Excel the file is UTF-8
    return list(csv.reader(io.StringIO(data[3:].decode("utf-8"), newline="")))


def restore(cell: str) -> str:
    """A CSV cell as it was before the apostrophe that keeps it from being a formula."""
    if cell.startswith("'") and cell[1:].startswith(FORMULA_TRIGGERS):
        return cell[1:]
    return cell


def sheet_rows(ws: Worksheet) -> list[list[Any]]:
    return [
        [ooxml_unescape(c.value) if isinstance(c.value, str) else c.value for c in row]
        for row in ws.iter_rows(min_row=HEADER_ROW + 1)
    ]


def shown(entry: HistoryEntry, template: Template, value: Any) -> str:
    """What the export must show for an old or new value of the entry."""
    if value is None:
        return ""
    if template.has_question(entry.key):
        return format_value(template.question(entry.key), value, "en")
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)


def test_csv_and_xlsx_match_the_database_one_to_one(audited: Audited) -> None:
    for report in reports(audited):
        entries = audited.db.history(report.id)
        rows = history_table(entries, audited.template, "en")
        parsed = csv_rows(history_csv(rows, "en"))
        header, body = parsed[0], parsed[1:]
        book = openpyxl.load_workbook(
            io.BytesIO(history_xlsx(rows, "en", report=report, generated_at=WHEN))
        )
        sheet = sheet_rows(book.active)
        assert len(entries) == len(rows) == len(body) == len(sheet) > 10
        assert len(header) == len(COLUMNS)
        for entry, row, line, cells in zip(entries, rows, body, sheet, strict=True):
            assert [restore(cell) for cell in line] == [str(cell) for cell in row.cells()]
            assert cells == [cell if cell != "" else None for cell in row.cells()]
            assert row.entry_id == entry.id
            assert row.changed_at == entry.changed_at  # UTC, as stored
            assert row.user == entry.user
            assert row.key == entry.key
            assert row.old_value == shown(entry, audited.template, entry.old_value)
            if not entry.key.startswith("@attachment/"):
                assert row.new_value == shown(entry, audited.template, entry.new_value)
        assert [row.entry_id for row in rows] == sorted(row.entry_id for row in rows)


def by_key(audited: Audited, key: str, report: ReportInfo | None = None) -> list[HistoryRow]:
    entries = audited.db.history((report or audited.demo).id)
    return [row for row in history_table(entries, audited.template, "en") if row.key == key]


def test_what_changed_and_where_it_came_from_read_plainly(audited: Audited) -> None:
    members = by_key(audited, "a_coordination.members")[-1]
    assert members.section == "National coordination body"
    assert members.what == "Number of members"
    assert members.new_value == "1,234" and members.old_value == "21"
    assert members.source == "ministry workbook"
    assert members.source_detail == (
        f"Ministry of the Interior: file interior-returned.xlsx\nSHA-256 {SHA}"
    )
    first, cleared = by_key(audited, "p21.challenges")[-2:]
    assert first.new_value == OWASP[0] and first.source == "typed" and first.source_detail == ""
    assert cleared.old_value == OWASP[0] and cleared.new_value == ""
    assert cleared.section == "21. Laws and regulations on life-cycle control"
    (notes,) = [row for row in by_key(audited, "c_sdg.notes") if row.source != "demo data"]
    assert notes.source == "imported from a file" and notes.source_detail == "=returned.xlsx"
    (agencies,) = [row for row in by_key(audited, "p21.agencies") if row.source != "demo data"]
    assert agencies.source == "command line" and agencies.source_detail == "poa-report set"
    attachments = [
        row
        for row in history_table(audited.db.history(audited.demo.id), audited.template, "en")
        if row.key.startswith("@attachment/")
    ]
    evil = attachments[-1]
    assert evil.what == "attached file" and evil.section == ""
    assert evil.new_value.startswith("@evil.txt (8 bytes)\nSHA-256 ")
    assert evil.source == "typed" and evil.source_detail == "@evil.txt"


def test_status_changes_say_who_when_and_why(audited: Audited) -> None:
    statuses = by_key(audited, "@status/p22")
    assert [(row.old_value, row.new_value) for row in statuses] == [
        ("", "ready"),
        ("ready", "returned"),
        ("returned", "ready"),
        ("ready", "approved"),
    ]
    assert {row.what for row in statuses} == {"status"}
    assert {row.section for row in statuses} == {"22. Life-cycle controls to prevent diversion"}
    assert {row.source for row in statuses} == {"review and approval"}
    assert [row.reason for row in statuses] == ["", OWASP[2], "", "Checked."]
    assert statuses[0].user == "-reviewer"
    final, reopened = by_key(audited, "@status/report")
    assert final.what == reopened.what == "report status" and final.section == ""
    assert (final.old_value, final.new_value) == ("draft", "final")
    assert final.reason == "Warnings acknowledged:\n+1 warning about the totals"
    assert (reopened.old_value, reopened.new_value) == ("final", "draft")
    assert reopened.reason == "-late correction from the Ministry of Defence"


def test_carried_forward_and_confirmed_answers_name_their_report(audited: Audited) -> None:
    carried = by_key(audited, "a_coordination.body_name", audited.carried)
    assert carried[0].source == "carried forward"
    assert carried[0].source_detail == f"from report {audited.demo.id}"
    assert carried[-1].source == "typed"
    assert carried[-1].source_detail == "carried-over answer confirmed"
    assert carried[-1].old_value == carried[-1].new_value == OWASP[3]


def test_hostile_texts_never_become_formulas(audited: Audited) -> None:
    rows = history_table(audited.db.history(audited.demo.id), audited.template, "en")
    texts = {cell for row in rows for cell in row.cells() if isinstance(cell, str)}
    for hostile in (OWASP[0], OWASP[1], OWASP[2], OWASP[3], OWASP[6], HOSTILE_USER):
        assert hostile in texts
    # CSV: every cell that would start a formula starts with an apostrophe instead.
    raw = csv_rows(history_csv(rows, "en"))
    cells = [cell for line in raw for cell in line]
    assert not [cell for cell in cells if cell.startswith(FORMULA_TRIGGERS)]
    for hostile in (OWASP[0], OWASP[3], HOSTILE_USER, "@status/p22", "-reviewer"):
        assert "'" + hostile in cells
    # Excel: every cell a string or a number, none a formula; texts kept exactly.
    data = history_xlsx(rows, "en", report=audited.demo, generated_at=WHEN)
    book = openpyxl.load_workbook(io.BytesIO(data))
    assert formula_cells(book) == []
    ws = book.active
    for row in ws.iter_rows():
        for cell in row:
            assert cell.data_type in ("s", "n"), cell.coordinate
    values = {ooxml_unescape(v) for line in sheet_rows(ws) for v in line if isinstance(v, str)}
    assert HOSTILE_USER in values and OWASP[0] in values
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for name in archive.namelist():
            if name.startswith("xl/worksheets/sheet"):
                assert b"<f>" not in archive.read(name) and b"<f " not in archive.read(name)


def test_csv_is_excel_friendly_rfc_4180(audited: Audited) -> None:
    rows = history_table(audited.db.history(audited.demo.id), audited.template, "fr")
    data = history_csv(rows, "fr")
    text = data.decode("utf-8-sig")
    assert text.endswith("\r\n") and text.count("\r\n") >= len(rows) + 1
    header = csv_rows(data)[0]
    assert header[:3] == ["N°", "Date et heure (UTC)", "Auteur"]
    multi_line = [row for row in rows if "\n" in row.new_value]  # contacts, addresses
    assert multi_line
    parsed = csv_rows(data)[1:]
    assert {tuple(line) for line in parsed} >= {tuple(restore_all(row)) for row in multi_line}
    assert history_csv(rows, "fr") == data


def restore_all(row: HistoryRow) -> list[str]:
    return [("'" + str(c)) if str(c).startswith(FORMULA_TRIGGERS) else str(c) for c in row.cells()]


def test_workbook_layout_and_same_bytes(audited: Audited) -> None:
    rows = history_table(audited.db.history(audited.demo.id), audited.template, "en")
    data = history_xlsx(rows, "en", report=audited.demo, generated_at=WHEN)
    assert history_xlsx(rows, "en", report=audited.demo, generated_at=WHEN) == data
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert {info.date_time for info in archive.infolist()} == {(2024, 6, 20, 8, 15, 0)}
    book = openpyxl.load_workbook(io.BytesIO(data))
    assert book.sheetnames == ["Change history"]
    ws = book.active
    assert ws["A1"].value == "History of the national report — Demoland (fictional State), 2024"
    assert "UTC" in ws["A3"].value
    header = [cell.value for cell in ws[HEADER_ROW]]
    assert header[:3] == ["No.", "When (UTC)", "Who"] and all(
        cell.font.b for cell in ws[HEADER_ROW]
    )
    assert ws.freeze_panes == f"A{HEADER_ROW + 1}"
    assert ws.auto_filter.ref == f"A{HEADER_ROW}:K{HEADER_ROW + len(rows)}"
    assert ws.cell(HEADER_ROW + 1, 2).number_format == "@"  # the time, as stored
    assert book.properties.created == WHEN.replace(tzinfo=None)
    french = openpyxl.load_workbook(
        io.BytesIO(history_xlsx(rows, "fr", report=audited.demo, generated_at=WHEN))
    )
    assert french.sheetnames == ["Historique des modifications"]


def entry(number: int, key: str, old: Any, new: Any, source: Source) -> HistoryEntry:
    return HistoryEntry(
        number, 1, key, old, new, "2024-06-01T10:00:00.000000+00:00", "amina", source
    )


def test_entries_written_by_hand_each_kind_of_key(audited: Audited) -> None:
    """Keys and values storage may hold that the template does not explain."""
    entries = [
        entry(1, "@status/p21", None, "draft", Source("workflow")),
        entry(2, "@status/p21", "ready", "returned", Source("workflow", "See the figures")),
        entry(3, "@status/report", "draft", "final", Source("workflow", '{"acknowledged": []}')),
        entry(4, "@status/gone", "draft", "ready", Source("workflow", "{not json")),
        entry(5, "old_section.question", {"a": 1}, [1, "b"], Source("system", "migration")),
        entry(6, "a_coordination.members", "not a number", 3, Source("typed")),
        entry(7, "a_contacts.poc_poa", None, {"name": "X", "position": "Y"}, Source("typed")),
        entry(8, "a_coordination.members", 3, 4, Source("ministry", "not json")),
        entry(9, "a_coordination.members", 4, 5, Source("carried_forward", None)),
    ]
    for lang in ("en", "fr"):
        rows = history_table(entries, audited.template, lang)
        assert [row.entry_id for row in rows] == list(range(1, 10))
    rows = history_table(entries, audited.template, "en")
    assert (rows[0].section, rows[0].what, rows[0].old_value, rows[0].new_value) == (
        "21. Laws and regulations on life-cycle control",
        "status",
        "",
        "draft",
    )
    assert rows[1].reason == "See the figures" and rows[1].source_detail == ""
    assert rows[2].what == "report status" and rows[2].reason == ""
    assert (rows[3].section, rows[3].reason) == ("gone", "{not json")
    assert (rows[4].section, rows[4].what) == ("old_section", "old_section.question")
    assert (rows[4].old_value, rows[4].new_value) == ('{"a": 1}', '[1, "b"]')
    assert rows[4].source == "system" and rows[4].source_detail == "migration"
    assert (rows[5].old_value, rows[5].new_value) == ("not a number", "3")
    assert rows[6].new_value == "X\nY"  # name, then position: as every contact is shown
    assert rows[7].source == "ministry workbook" and rows[7].source_detail == "not json"
    assert rows[8].source_detail == ""
    french = history_table(entries, audited.template, "fr")
    assert french[0].what == "statut" and french[2].what == "statut du rapport"
    assert french[1].source == "examen et approbation"
