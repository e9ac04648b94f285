"""A generated corpus of hostile files, one per trap of RELIABILITY.md (issue 8), for every place
the program reads a file: ministry workbooks, its own submission workbook, a database file."""

from __future__ import annotations

import io
import sqlite3
import tempfile
import zipfile
from pathlib import Path

import openpyxl
from openpyxl.utils.datetime import CALENDAR_MAC_1904
from xlsx_parts import MAIN, OLE2, one_sheet, sheet

LAUGHS = (
    '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
    '<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">'
    '<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">'
    '<!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">]>'
)


def _cell(text: str) -> str:
    return f'<row r="1"><c r="A1" t="inlineStr"><is><t>{text}</t></is></c></row>'


def _replaced(data: bytes, changes: dict[str, bytes | str]) -> bytes:
    """A workbook with some of its parts replaced (or added)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for entry in source.infolist():
            if entry.filename not in changes:
                target.writestr(entry, source.read(entry))
        for name, content in changes.items():
            target.writestr(name, content, compress_type=zipfile.ZIP_DEFLATED)
    return out.getvalue()


def sheet_part(data: bytes, title: str | None = None) -> str:
    """The zip part of a sheet of a workbook openpyxl wrote (the first one by default)."""
    titles = openpyxl.load_workbook(io.BytesIO(data), read_only=True).sheetnames
    return f"xl/worksheets/sheet{titles.index(title) + 1 if title else 1}.xml"


def archive_traps(valid: bytes, target: str) -> dict[str, bytes]:
    """Traps in the file itself, made from a ``valid`` workbook of the kind the reader expects;
    the sheet traps replace its part ``target`` (the sheet the reader reads)."""
    giant_rows = "".join(f'<row r="{n}"><c r="A{n}"><v>1</v></c></row>' for n in range(1, 120_001))
    return {
        "billion_laughs": _replaced(valid, {target: LAUGHS + sheet(_cell("&lol4;"))}),
        "quadratic_blowup": _replaced(
            valid,
            {
                target: f'<?xml version="1.0"?><!DOCTYPE q [<!ENTITY a "{"a" * 50_000}">]>'
                + sheet(_cell("&a;" * 20_000))
            },
        ),
        "external_entity": _replaced(
            valid,
            {
                target: '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM '
                '"file:///etc/passwd">]>' + sheet(_cell("&e;"))
            },
        ),
        "zip_bomb": _replaced(valid, {"xl/media/image1.png": bytes(90 * 1024 * 1024)}),
        "giant_sheet": _replaced(valid, {target: sheet(giant_rows)}),
        "lying_dimension": _replaced(
            valid, {target: sheet(giant_rows, before='<dimension ref="A1"/>')}
        ),
        "raw_control_characters": _replaced(valid, {target: sheet(_cell("a\x01b\x02c"))}),
        "truncated": valid[: len(valid) // 2],
        "password_protected": OLE2 + bytes(4096),  # an encrypted .xlsx is an OLE2 container
        "xls_renamed": OLE2 + b"\x00" * 512 + b"Workbook" + bytes(2048),
        "not_a_zip": b"PK\x03\x04" + bytes(100),
        "empty": b"",
    }


def plain_workbook_traps() -> dict[str, bytes]:
    """Workbooks that are well formed but not ours, and ours in an unexpected dialect."""
    book = openpyxl.Workbook()
    book.active["A1"] = "format"
    out = io.BytesIO()
    book.save(out)
    return {
        "someone_elses_workbook": out.getvalue(),
        "shared_string_out_of_range": one_sheet(
            '<row r="1"><c r="A1" t="s"><v>99</v></c></row>',
            shared=[f'<si xmlns="{MAIN}"><t>x</t></si>'],
        ),
    }


def with_1904_epoch(data: bytes) -> bytes:
    """The workbook as a Mac Excel using the 1904 date system would save it (dates kept)."""
    book = openpyxl.load_workbook(io.BytesIO(data))
    book.epoch = CALENDAR_MAC_1904
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def database_traps(valid_database: bytes) -> dict[str, bytes]:
    """Files chosen as a database that are not one of ours in good health."""
    with tempfile.TemporaryDirectory() as folder:
        other = Path(folder) / "other.sqlite"
        with sqlite3.connect(other) as conn:
            conn.execute("CREATE TABLE notes (text TEXT)")
        conn.close()
        foreign = other.read_bytes()
    damaged = bytearray(valid_database)
    for offset in range(4096, min(len(damaged), 4096 * 4), 97):
        damaged[offset] ^= 0xFF
    return {
        "random_bytes": bytes(range(256)) * 64,
        "text_file": b"reports\n" * 100,
        "zip_renamed": one_sheet(""),
        "another_programs_sqlite": foreign,
        "truncated_database": valid_database[: len(valid_database) // 3],
        "damaged_pages": bytes(damaged),
    }
