"""Reading a workbook another ministry edited (issue 6: safety): every non-empty cell comes back
with its cached value, formula flag, error and number format, and every hostile or oversized file
is refused with a message naming the problem — before it can use unbounded time or memory.

Workbooks are built with openpyxl where it can write what is tested, and by hand (raw zip parts)
for what it cannot: cached formula values, shared strings, the 1904 epoch, lying dimensions,
cells without coordinates, hostile XML."""

from __future__ import annotations

import datetime as dt
import io
import random
import zipfile
from pathlib import Path

import openpyxl
import pytest
from xlsx_parts import MAIN, OLE2, RELS, build, one_sheet, saved, sheet

from exports.xlsx_reader import Limits, RawCell, WorkbookRefused, read_workbook


def refused(data: bytes, message_id: str, limits: Limits | None = None) -> WorkbookRefused:
    with pytest.raises(WorkbookRefused) as caught:
        read_workbook(data, limits=limits or Limits())
    error = caught.value
    assert error.message_id == message_id, error.message("en")
    for lang in ("en", "fr"):
        text = error.message(lang)
        assert text and "{" not in text and text != message_id
    assert error.__cause__ is None  # the cause is named in the message, never chained
    assert error.__context__ is None or error.__suppress_context__
    return error


# --- What comes back ------------------------------------------------------------------------


def test_a_workbook_saved_by_openpyxl_comes_back_cell_by_cell() -> None:
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = "Seizures"
    ws["A1"] = "Weapons seized"
    ws["B1"] = 1204
    ws["C1"] = 0.25
    ws["C1"].number_format = "0.00%"
    ws["A2"] = dt.date(2024, 3, 31)
    ws["A2"].number_format = "dd/mm/yyyy"
    ws["B2"] = dt.datetime(2024, 3, 31, 14, 5)
    ws["C2"] = dt.date(2023, 12, 1)
    ws["C2"].number_format = "mm-dd-yy"  # built-in format 14
    ws["D2"] = dt.time(9, 30)
    ws["A3"] = True
    ws["B3"] = False
    ws["C3"] = "=SUM(B1:B2)"  # openpyxl writes no cached value
    ws["A4"] = ""  # an empty text is an empty cell
    ws.merge_cells("A6:C7")
    hidden = book.create_sheet("Notes")
    hidden.sheet_state = "hidden"
    hidden["B2"] = "internal"
    book.create_sheet("Secret").sheet_state = "veryHidden"

    workbook = read_workbook(saved(book))

    assert [s.title for s in workbook.sheets] == ["Seizures", "Notes", "Secret"]
    assert [s.state for s in workbook.sheets] == ["visible", "hidden", "veryHidden"]
    assert workbook.epoch_1904 is False
    seizures = workbook.sheets[0]
    assert seizures.cell(1, 1) == RawCell("Weapons seized", False, True, None, "General")
    assert seizures.cell(1, 2) == RawCell(1204, False, True, None, "General")
    assert seizures.cell(1, 3) == RawCell(0.25, False, True, None, "0.00%")
    assert seizures.cell(2, 1) == RawCell(dt.datetime(2024, 3, 31), False, True, None, "dd/mm/yyyy")
    assert seizures.cell(2, 2) == RawCell(
        dt.datetime(2024, 3, 31, 14, 5), False, True, None, "yyyy-mm-dd h:mm:ss"
    )
    assert seizures.cell(2, 3) == RawCell(dt.datetime(2023, 12, 1), False, True, None, "mm-dd-yy")
    assert seizures.cell(2, 4) == RawCell(dt.time(9, 30), False, True, None, "h:mm:ss")
    assert seizures.cell(3, 1) == RawCell(True, False, True, None, "General")
    assert seizures.cell(3, 2) == RawCell(False, False, True, None, "General")
    assert seizures.cell(3, 3) == RawCell(None, True, False, None, "General")  # never read as 0
    assert seizures.cell(4, 1) is None and seizures.cell(9, 9) is None
    assert len(seizures.cells) == 10 and seizures.max_row() == 3
    assert seizures.merges == ((6, 1, 7, 3),)
    assert seizures.merge_anchor(7, 3) == (6, 1) and seizures.merge_anchor(6, 1) == (6, 1)
    assert seizures.merge_anchor(5, 1) is None and seizures.merge_anchor(6, 4) is None
    assert workbook.sheet("Notes").cells == {  # type: ignore[union-attr]
        (2, 2): RawCell("internal", False, True, None, "General")
    }
    assert workbook.sheet("Secret").cells == {}  # type: ignore[union-attr]
    assert workbook.sheet("Secret").max_row() == 0  # type: ignore[union-attr]
    assert workbook.sheet("seizures") is None  # titles match exactly


SHARED = [
    "<si><t>Firearms</t></si>",
    '<si><t xml:space="preserve">  spaced  </t></si>',
    "<si><r><rPr><b/></rPr><t>Rich</t></r><r><t> text</t></r></si>",  # runs: plain text back
    '<si><t>Ammunition</t><rPh sb="0" eb="1"><t>ignored</t></rPh></si>',
]


def test_shared_inline_and_rich_strings_become_plain_text() -> None:
    rows = (
        '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c>'
        '<c r="C1" t="s"><v>2</v></c><c r="D1" t="s"><v>3</v></c></row>'
        '<row r="2"><c r="A2" t="inlineStr"><is><t>inline</t></is></c>'
        '<c r="B2" t="inlineStr"><is><r><rPr><i/></rPr><t>rich</t></r><r><t> inline</t></r></is>'
        '</c><c r="C2" t="str"><v>a str cell</v></c></row>'
    )
    cells = read_workbook(one_sheet(rows, shared=SHARED)).sheets[0].cells
    assert {key: cell.value for key, cell in cells.items()} == {
        (1, 1): "Firearms",
        (1, 2): "  spaced  ",
        (1, 3): "Rich text",
        (1, 4): "Ammunition",
        (2, 1): "inline",
        (2, 2): "rich inline",
        (2, 3): "a str cell",
    }


def test_formulas_keep_their_cached_values_and_errors() -> None:
    rows = (
        '<row r="1"><c r="A1"><f>1+1</f><v>2</v></c>'
        '<c r="B1" t="str"><f>"a"&amp;"b"</f><v>ab</v></c>'
        '<c r="C1" t="b"><f>1=1</f><v>1</v></c>'
        '<c r="D1" t="e"><f>1/0</f><v>#DIV/0!</v></c>'
        '<c r="E1" s="2"><f>DATE(2024,1,31)</f><v>45322</v></c>'
        '<c r="F1" t="str"><f>""</f><v></v></c>'
        '<c r="G1"><f>A1*2</f></c>'
        '<c r="H1"><f>A1*3</f><v/></c></row>'
        '<row r="2"><c r="A2" t="e"><v>#N/A</v></c><c r="B2" t="e"><v>#REF!</v></c></row>'
    )
    sheet1 = read_workbook(one_sheet(rows)).sheets[0]
    assert sheet1.cell(1, 1) == RawCell(2, True, True, None, "General")
    assert sheet1.cell(1, 2) == RawCell("ab", True, True, None, "General")
    assert sheet1.cell(1, 3) == RawCell(True, True, True, None, "General")
    assert sheet1.cell(1, 4) == RawCell(None, True, True, "#DIV/0!", "General")
    assert sheet1.cell(1, 5) == RawCell(dt.datetime(2024, 1, 31), True, True, None, "dd/mm/yyyy")
    assert sheet1.cell(1, 6) == RawCell("", True, True, None, "General")
    assert sheet1.cell(1, 7) == RawCell(None, True, False, None, "General")
    assert sheet1.cell(1, 8) == RawCell(None, True, False, None, "General")
    assert sheet1.cell(2, 1) == RawCell(None, False, True, "#N/A", "General")
    assert sheet1.cell(2, 2) == RawCell(None, False, True, "#REF!", "General")


def test_dates_follow_the_number_formats_and_the_1904_epoch() -> None:
    rows = (
        '<row r="1"><c r="A1" s="1"><v>45322</v></c><c r="B1" s="2"><v>45322.5</v></c>'
        '<c r="C1" s="3"><v>0.5</v></c><c r="D1"><v>45322</v></c>'
        '<c r="E1" s="9"><v>7</v></c>'  # a style that does not exist: General
        '<c r="F1" s="2"><v>99999999</v></c>'  # a "date" past year 9999 stays a number
        '<c r="G1" s="4"><v>1.5</v></c></row>'
    )
    windows = read_workbook(one_sheet(rows)).sheets[0]
    assert windows.cell(1, 1) == RawCell(dt.datetime(2024, 1, 31), False, True, None, "mm-dd-yy")
    assert windows.cell(1, 2) == RawCell(
        dt.datetime(2024, 1, 31, 12), False, True, None, "dd/mm/yyyy"
    )
    assert windows.cell(1, 3) == RawCell(0.5, False, True, None, "0.00%")
    assert windows.cell(1, 4) == RawCell(45322, False, True, None, "General")
    assert windows.cell(1, 5) == RawCell(7, False, True, None, "General")
    assert windows.cell(1, 6) == RawCell(99999999, False, True, None, "dd/mm/yyyy")
    assert windows.cell(1, 7) == RawCell(dt.timedelta(hours=36), False, True, None, "[h]:mm:ss")

    mac = read_workbook(one_sheet(rows, date1904=True))
    assert mac.epoch_1904 is True
    assert mac.sheets[0].cell(1, 1).value == dt.datetime(2028, 2, 1)  # type: ignore[union-attr]
    assert mac.sheets[0].cell(1, 4).value == 45322  # type: ignore[union-attr]


def test_a_workbook_without_styles_reads_as_general() -> None:
    cells = read_workbook(one_sheet('<row r="1"><c r="A1"><v>3</v></c></row>', styles=None))
    assert cells.sheets[0].cells == {(1, 1): RawCell(3, False, True, None, "General")}


def test_cells_and_rows_without_coordinates_are_placed_by_position() -> None:
    # LibreOffice sometimes omits the r attributes: cells and rows then follow one another.
    rows = (
        "<row><c><v>1</v></c><c><v>2</v></c></row>"
        '<row r="4"><c><v>3</v></c><c r="D4"><v>4</v></c><c><v>5</v></c></row>'
        '<row><c t="inlineStr"><is><t>next</t></is></c></row>'
    )
    cells = read_workbook(one_sheet(rows)).sheets[0].cells
    assert {key: cell.value for key, cell in cells.items()} == {
        (1, 1): 1,
        (1, 2): 2,
        (4, 1): 3,
        (4, 4): 4,
        (4, 5): 5,
        (5, 1): "next",
    }


def test_merges_states_and_sheet_order_from_a_hand_made_workbook() -> None:
    merges = (
        '<mergeCells count="3"><mergeCell ref="B2:D2"/><mergeCell ref="A5:A9"/>'
        '<mergeCell ref="F1"/></mergeCells>'
    )
    data = build(
        [
            ("Visible", sheet('<row r="2"><c r="B2"><v>1</v></c></row>', after=merges)),
            ("Hidden", sheet("")),
            ("Very hidden", sheet("")),
        ],
        states={"Hidden": "hidden", "Very hidden": "veryHidden"},
    )
    workbook = read_workbook(data)
    first = workbook.sheets[0]
    assert first.merges == ((2, 2, 2, 4), (5, 1, 9, 1), (1, 6, 1, 6))
    assert first.merge_anchor(2, 4) == (2, 2) and first.merge_anchor(8, 1) == (5, 1)
    assert first.merge_anchor(3, 2) is None
    assert [(s.title, s.state) for s in workbook.sheets] == [
        ("Visible", "visible"),
        ("Hidden", "hidden"),
        ("Very hidden", "veryHidden"),
    ]


def test_a_huge_dimension_record_with_few_rows_is_read() -> None:
    rows = '<row r="1"><c r="A1"><v>1</v></c></row><row r="3"><c r="B3"><v>2</v></c></row>'
    lying = sheet(rows, before='<dimension ref="A1:XFD1048576"/>')
    workbook = read_workbook(build([("Sheet1", lying)]))
    assert set(workbook.sheets[0].cells) == {(1, 1), (3, 2)}
    assert workbook.sheets[0].max_row() == 3


def test_empty_formatted_cells_beyond_the_limits_are_not_counted() -> None:
    # Spreadsheets write formatted empty cells; only cells holding something are capped.
    rows = '<row r="1"><c r="A1"><v>1</v></c><c r="ZZ1" s="1"/></row><row r="60000" s="1"/>'
    assert set(read_workbook(one_sheet(rows)).sheets[0].cells) == {(1, 1)}


def test_progress_is_reported_after_each_sheet_and_can_cancel() -> None:
    data = build([(f"S{n}", sheet(f'<row r="1"><c r="A1"><v>{n}</v></c></row>')) for n in range(3)])
    calls: list[tuple[int, int]] = []
    read_workbook(data, progress=lambda done, total: calls.append((done, total)))
    assert calls == [(1, 3), (2, 3), (3, 3)]

    class Cancelled(Exception):
        pass

    def cancel(done: int, total: int) -> None:
        raise Cancelled

    with pytest.raises(Cancelled):
        read_workbook(data, progress=cancel)


# --- What is refused ------------------------------------------------------------------------


def noise(size: int) -> bytes:
    """The same random-looking bytes at every run."""
    return random.Random(6).randbytes(size)  # noqa: S311  # test data, not a secret


def small_workbook() -> bytes:
    book = openpyxl.Workbook()
    book.active["A1"] = "Small arms"
    return saved(book)


def test_files_that_are_not_workbooks_are_refused() -> None:
    refused(noise(4096), "workbook.not_workbook")
    refused(b"", "workbook.not_workbook")
    whole = small_workbook()
    refused(whole[: len(whole) // 2], "workbook.not_workbook")
    document = io.BytesIO()
    with zipfile.ZipFile(document, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    error = refused(document.getvalue(), "workbook.not_workbook")
    assert "xl/workbook.xml" in error.message("en")


def test_old_and_password_protected_workbooks_are_refused() -> None:
    # Both an .xls renamed .xlsx and an encrypted .xlsx are OLE2 compound files.
    renamed_xls = OLE2 + bytes(504) + b"Workbook".ljust(512, b"\0")
    encrypted = OLE2 + bytes(504) + "EncryptionInfo EncryptedPackage".encode("utf-16-le")
    for data in (renamed_xls, encrypted):
        error = refused(data, "workbook.ole_file")
        assert ".xls" in error.message("en") and "mot de passe" in error.message("fr")
    refused(with_encrypted_entries(small_workbook()), "workbook.ole_file")


def with_encrypted_entries(data: bytes) -> bytes:
    """The zip with every entry marked encrypted (bit 0 of its flags), as zipfile cannot write."""
    patched = bytearray(data)
    for signature, flags_at in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        start = patched.find(signature)
        while start != -1:
            patched[start + flags_at] |= 0x1
            start = patched.find(signature, start + 4)
    assert all(e.flag_bits & 0x1 for e in zipfile.ZipFile(io.BytesIO(patched)).infolist())
    return bytes(patched)


def test_oversized_archives_are_refused_before_parsing() -> None:
    data = small_workbook()
    assert "1 MB" in refused(
        data + bytes(2 * 1024 * 1024), "workbook.too_big", Limits(max_file_bytes=1024 * 1024)
    ).message("en")
    refused(data, "workbook.too_big", Limits(max_uncompressed=1024))
    many = build([("Sheet1", sheet(""))], extra={f"xl/media/{n}.bin": b"" for n in range(2000)})
    refused(many, "workbook.too_big")  # more than 2,000 entries


def test_a_zip_bomb_is_refused_before_inflating() -> None:
    bomb = build([("Sheet1", sheet(""))], extra={"xl/media/padding.bin": bytes(3 * 1024 * 1024)})
    limits = Limits(ratio_checked_from=1024 * 1024)
    assert "padding.bin" in refused(bomb, "workbook.zip_bomb", limits).message("fr")
    # A large part that compresses like real content is accepted.
    texts = noise(3 * 1024 * 1024 // 2).hex().encode()
    fine = build([("Sheet1", sheet(""))], extra={"xl/media/text.bin": texts})
    assert read_workbook(fine, limits=limits).sheets[0].cells == {}


LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
<!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">]>"""


def test_entity_expansion_is_refused_as_unsafe_xml() -> None:
    in_sheet = LAUGHS + sheet('<row r="1"><c r="A1" t="inlineStr"><is><t>&lol4;</t></is></c></row>')
    error = refused(
        one_sheet("", replace={"xl/worksheets/sheet1.xml": in_sheet}), "workbook.unsafe_xml"
    )
    assert "EntitiesForbidden" in error.message("en")
    in_strings = LAUGHS + f'<sst xmlns="{MAIN}"><si><t>&lol4;</t></si></sst>'
    data = one_sheet(
        '<row r="1"><c r="A1" t="s"><v>0</v></c></row>',
        shared=["<si><t>x</t></si>"],
        replace={"xl/sharedStrings.xml": in_strings},
    )
    refused(data, "workbook.unsafe_xml")
    # Quadratic blowup: one long entity, referenced many times.
    long_entity = f'<?xml version="1.0"?><!DOCTYPE q [<!ENTITY a "{"a" * 20000}">]>'
    blowup = long_entity + sheet(
        '<row r="1"><c r="A1" t="inlineStr"><is><t>' + "&a;" * 5000 + "</t></is></c></row>"
    )
    refused(one_sheet("", replace={"xl/worksheets/sheet1.xml": blowup}), "workbook.unsafe_xml")


def test_external_entities_never_read_the_file(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-7731", encoding="utf-8")
    doctype = f'<?xml version="1.0"?><!DOCTYPE w [<!ENTITY x SYSTEM "{secret.as_uri()}">]>'
    in_sheet = doctype + sheet('<row r="1"><c r="A1" t="inlineStr"><is><t>&x;</t></is></c></row>')
    in_workbook = doctype + f'<workbook xmlns="{MAIN}">&x;</workbook>'
    for part, xml in (("xl/worksheets/sheet1.xml", in_sheet), ("xl/workbook.xml", in_workbook)):
        error = refused(one_sheet("", replace={part: xml}), "workbook.unsafe_xml")
        for lang in ("en", "fr"):
            assert "TOP-SECRET" not in error.message(lang)


def test_rows_beyond_the_limit_are_refused_whatever_the_dimension_says() -> None:
    one_far = '<row r="10001"><c r="A10001"><v>1</v></c></row>'
    lying = sheet(one_far, before='<dimension ref="A1"/>')
    error = refused(build([("Seizures", lying)]), "workbook.too_many_rows")
    assert "Seizures" in error.message("en") and "10000" in error.message("fr")
    many = "".join(f'<row r="{n}"><c r="A{n}"><v>{n}</v></c></row>' for n in range(1, 52))
    limits = Limits(max_rows=50)
    refused(
        build([("S", sheet(many, before='<dimension ref="A1"/>'))]),
        "workbook.too_many_rows",
        limits,
    )
    no_coordinates = "<row><c><v>1</v></c></row>" * 51
    refused(one_sheet(no_coordinates), "workbook.too_many_rows", limits)


def test_columns_cells_and_lengths_beyond_the_limits_are_refused() -> None:
    far = '<row r="1"><c r="KO1"><v>1</v></c></row>'  # column 301
    error = refused(build([("Arms", sheet(far))]), "workbook.too_many_columns")
    assert "Arms" in error.message("en") and "300" in error.message("en")
    wide = "<row>" + "<c><v>1</v></c>" * 301 + "</row>"
    refused(one_sheet(wide), "workbook.too_many_columns")

    ten = "".join(f'<row r="{n}"><c r="A{n}"><v>{n}</v></c></row>' for n in range(1, 11))
    two_sheets = build([("A", sheet(ten)), ("B", sheet(ten))])
    assert len(read_workbook(two_sheets, limits=Limits(max_cells=20)).sheets) == 2
    refused(two_sheets, "workbook.too_many_cells", Limits(max_cells=19))  # counted across sheets
    merges = '<mergeCells><mergeCell ref="A1:B1"/><mergeCell ref="A2:B2"/></mergeCells>'
    refused(build([("M", sheet("", after=merges))]), "workbook.too_many_cells", Limits(max_cells=1))

    long_text = "x" * 32768
    too_long = f'<row r="2"><c r="B2" t="inlineStr"><is><t>{long_text}</t></is></c></row>'
    error = refused(build([("Notes", sheet(too_long))]), "workbook.cell_too_long")
    assert "Notes!B2" in error.message("fr")
    shared = one_sheet(
        '<row r="1"><c r="A1" t="s"><v>0</v></c></row>', shared=[f"<si><t>{long_text}</t></si>"]
    )
    refused(shared, "workbook.cell_too_long")
    fits = f'<row r="1"><c r="A1" t="inlineStr"><is><t>{long_text[1:]}</t></is></c></row>'
    assert len(read_workbook(one_sheet(fits)).sheets[0].cells[1, 1].value) == 32767


def test_too_many_sheets_are_refused_before_they_are_opened() -> None:
    four = build([(f"S{n}", sheet("")) for n in range(4)])
    assert "3" in refused(four, "workbook.too_many_sheets", Limits(max_sheets=3)).message("en")
    assert len(read_workbook(four, limits=Limits(max_sheets=4)).sheets) == 4
    # A workbook part listing 100,000 sheets, all pointing at one part, fails at the 101st.
    entries = "".join(f'<sheet name="S{n}" sheetId="{n}" r:id="rId1"/>' for n in range(1, 100_001))
    listing = f'<workbook xmlns="{MAIN}" xmlns:r="{RELS}"><sheets>{entries}</sheets></workbook>'
    refused(one_sheet("", replace={"xl/workbook.xml": listing}), "workbook.too_many_sheets")


def test_malformed_parts_are_unreadable_never_a_traceback() -> None:
    broken = one_sheet(
        "", replace={"xl/worksheets/sheet1.xml": f'<worksheet xmlns="{MAIN}"><sheetData>'}
    )
    assert "no element found" in refused(broken, "workbook.unreadable").message("en")
    for rows in (
        '<row r="1"><c r="A1" t="s"><v>-1</v></c></row>',  # would read the last shared string
        '<row r="1"><c r="A1" t="s"><v>5</v></c></row>',
        '<row r="1"><c r="A1"><v>lots</v></c></row>',
        '<row r="1"><c r="A1" t="b"><v>yes</v></c></row>',
        '<row r="1"><c r="1A"><v>1</v></c></row>',
        '<row r="x"><c><v>1</v></c></row>',
        '<row r="0"><c><v>1</v></c></row>',
        '<row r="1"><c r="A1" s="x"><v>1</v></c></row>',
    ):
        refused(one_sheet(rows, shared=["<si><t>last</t></si>"]), "workbook.unreadable")
    deep = "<x>" * 70 + "</x>" * 70
    refused(
        one_sheet("", replace={"xl/worksheets/sheet1.xml": sheet("", after=deep)}),
        "workbook.unreadable",
    )
    huge_row = '<row r="1">' + "<c/>" * 300_000 + "</row>"
    assert "elements" in refused(one_sheet(huge_row), "workbook.unreadable").message("en")


def test_reading_needs_defusedxml(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(openpyxl, "DEFUSEDXML", False)
    refused(small_workbook(), "workbook.unsafe_parser")
