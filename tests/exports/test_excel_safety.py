"""What keeps the workbook safe and stable: no formula from user text (OWASP triggers), cells
that hold what Excel keeps, valid sheet titles, the same bytes for the same input, progress."""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile

import openpyxl
import pytest
from excel_helpers import OWASP, WHEN, export, formula_cells, load, with_answers

from exports.excel import ExcelExporter
from exports.excel_cells import CELL_LIMIT, fit, ooxml_escape, put_text, sheet_title, utf16_length
from exports.restore import read_submission
from forms.i18n import tr
from reporting.service import ReportState


def test_sheet_title_repairs_what_excel_refuses() -> None:
    used: set[str] = set()
    titles = [
        sheet_title(text, used)
        for text in [
            "a/b:c*d?e[f]g\\h",
            "'quoted'",
            "History",
            "x" * 40,
            "x" * 40,
            "",
            "DATA",
            "data",
        ]
    ]
    for title in titles:
        assert 1 <= len(title) <= 31 and not re.search(r"[\[\]:*?/\\]", title)
        assert not title.startswith("'") and not title.endswith("'")
    assert titles[0] == "a-b-c-d-e-f-g-h" and titles[2] != "History"
    assert len({t.casefold() for t in titles}) == len(titles)


def test_owasp_triggers_never_become_formulas(demo_state: ReportState) -> None:
    texts = {
        "a_coordination.body_name": OWASP[0],
        "p21.measures": "\n".join(OWASP),
        "p21.agencies": OWASP[2],
        "p21.challenges": OWASP[3],
        "c_sdg.notes": OWASP[4],
        "c_sdg.methodology": OWASP[5],
        "a_contacts.nap_title": OWASP[6],
        "a_contacts.poc_poa": {"name": OWASP[0], "organisation": OWASP[1], "email": OWASP[6]},
        "p21.instruments": [{"title_original": t, "description": t} for t in OWASP],
        "d_grids.victims_injured": {"total": 3, "not_disaggregated": OWASP[3]},
    }
    state = with_answers(demo_state, texts)
    for lang in ("en", "fr"):
        data = export(state, lang)
        book = load(data)
        assert formula_cells(book) == []
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            for name in archive.namelist():
                if name.startswith("xl/worksheets/sheet"):
                    assert b"<f>" not in archive.read(name) and b"<f " not in archive.read(name)
        part_a = book[tr("xlsx.sheet.part", lang, part="A")]
        row = next(r for r in part_a.iter_rows() if r[5].value == "a_coordination.body_name")
        assert row[2].value == OWASP[0] and row[2].data_type == "s" and row[2].quotePrefix
        assert read_submission(data).answers == state.answers


def test_same_report_and_time_give_the_same_bytes(demo_state: ReportState) -> None:
    first, second = export(demo_state, "fr"), export(demo_state, "fr")
    assert first == second
    with zipfile.ZipFile(io.BytesIO(first)) as archive:
        assert {info.date_time for info in archive.infolist()} == {(2024, 6, 1, 12, 30, 0)}
    book = load(first)
    assert book.properties.created == WHEN and book.properties.modified == WHEN
    later = ExcelExporter().export(demo_state, lang="fr", generated_at=WHEN + dt.timedelta(days=1))
    assert later != first


def test_progress_is_reported_per_sheet_and_options_are_checked(demo_state: ReportState) -> None:
    calls: list[tuple[int, int]] = []
    data = export(demo_state, progress=lambda done, total: calls.append((done, total)))
    sheets = len(load(data).sheetnames)
    assert calls == [(done, sheets + 1) for done in range(sheets + 2)]
    with pytest.raises(TypeError, match="paper"):
        export(demo_state, paper="A4")
    assert ExcelExporter.extension == "xlsx"


def test_cells_hold_what_excel_can_keep() -> None:
    long_text = "é" * 40000
    cut = fit(long_text, " [cut]")
    assert utf16_length(ooxml_escape(cut)) <= CELL_LIMIT and cut.endswith(" [cut]")
    emoji = fit("😀" * 20000, "…")
    assert utf16_length(emoji) <= CELL_LIMIT
    assert fit("short", "…") == "short"
    assert ooxml_escape("_x0041_\r\x01") == "_x005F_x0041__x000D__x0001_"
    assert ooxml_escape("  ") == "_x0020_ "
    ws = openpyxl.Workbook().active
    with pytest.raises(ValueError, match="does not fit"):
        put_text(ws["A1"], "x" * (CELL_LIMIT + 1), exact=True)
    put_text(ws["A3"], "x" * (CELL_LIMIT + 1), marker="[cut]")
    assert len(ws["A3"].value) == CELL_LIMIT and ws["A3"].value.endswith("[cut]")
    put_text(ws["A2"], "=1+1")
    assert ws["A2"].data_type == "s" and ws["A2"].value == "=1+1"
