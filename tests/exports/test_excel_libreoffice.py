"""Through LibreOffice: a workbook opened and saved again by another program still restores
exactly, and no user text has become a formula (RELIABILITY.md checks 5 and 6)."""

from __future__ import annotations

import csv
import dataclasses
import io
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from excel_helpers import formula_cells
from libreoffice import convert, needs_libreoffice

from exports.excel import ExcelExporter
from exports.excel_data import DATA_SHEET, TABLE_HEADER_ROW
from exports.restore import read_submission
from forms.values import normalise
from reporting.service import ReportState

pytestmark = [pytest.mark.slow, needs_libreoffice]

OWASP = ["=1+1", "+1", "-1", "@SUM(A1)", "\t=1", "\r=1", '=HYPERLINK("http://x.example","y")']
TRICKY: dict[str, Any] = {
    "a_coordination.body_name": OWASP[0],
    "p21.measures": "\r\n".join(OWASP) + "\n_x0041_ x005F_ \u202eمرحبا\u202c 😀",
    "p21.agencies": OWASP[2],
    "p21.challenges": OWASP[3],
    "c_sdg.notes": OWASP[4],
    "c_sdg.methodology": OWASP[5],
    "a_contacts.nap_title": OWASP[6],
    "p22.measures": "😀" * 32767,
    "p23.measures": "  leading and trailing spaces  ",
    "a_contacts.poc_poa": {"name": OWASP[1], "organisation": "=cmd|' /C calc'!A0"},
    "p21.instruments": [{"title_original": text} for text in OWASP],
    "a_coordination.members": 10**15 - 1,
    "a_coordination.women": 10**20,
    "p63.median_days_to_answer": "0.1",
    "d_grids.victims_injured": {"total": 3, "not_disaggregated": OWASP[3]},
}


def tricky_state(demo_state: ReportState) -> ReportState:
    answers = dict(demo_state.answers)
    for key, value in TRICKY.items():
        answers[key] = normalise(demo_state.template.question(key), value)
    return dataclasses.replace(demo_state, answers=answers)


@pytest.fixture(scope="module")
def resaved(
    demo_state: ReportState, tmp_path_factory: pytest.TempPathFactory
) -> tuple[ReportState, Path]:
    tmp_path = tmp_path_factory.mktemp("libreoffice")
    state = tricky_state(demo_state)
    source = tmp_path / "report.xlsx"
    source.write_bytes(ExcelExporter().export(state, lang="fr"))
    return state, convert(source, "xlsx", tmp_path)


def test_a_workbook_saved_by_libreoffice_restores_exactly(
    resaved: tuple[ReportState, Path],
) -> None:
    state, path = resaved
    assert read_submission(path.read_bytes()).answers == state.answers


def test_libreoffice_finds_no_formula_anywhere(resaved: tuple[ReportState, Path]) -> None:
    _, path = resaved
    book = openpyxl.load_workbook(path)
    assert formula_cells(book) == []
    values = openpyxl.load_workbook(path, data_only=True)
    texts = {
        cell.value
        for ws in values.worksheets
        for row in ws.iter_rows()
        for cell in row
        if isinstance(cell.value, str)
    }
    for trigger in ("=1+1", "-1", "@SUM(A1)"):
        assert trigger in texts  # kept as the text typed, not computed


def test_the_data_sheet_reads_the_same_as_csv(
    resaved: tuple[ReportState, Path], tmp_path: Path
) -> None:
    """Another program's view of the data sheet: every key once, big numbers digit for digit."""
    state, path = resaved
    # Comma, double quote, UTF-8, from line 1, … , -1: every sheet to its own file.
    options = "44,34,76,1,,0,false,true,false,false,false,-1"
    convert(path, f"csv:Text - txt - csv (StarCalc):{options}", tmp_path)
    found = sorted((tmp_path / "out-csv").glob(f"*-{DATA_SHEET}.csv"))
    assert found, "LibreOffice wrote no CSV for the data sheet"
    rows = list(csv.reader(io.StringIO(found[0].read_text(encoding="utf-8"))))
    by_key = {row[0]: row for row in rows[TABLE_HEADER_ROW:] if row and row[0]}
    assert len(by_key) == len(rows[TABLE_HEADER_ROW:]) and set(by_key) == set(state.answers)
    assert by_key["a_coordination.women"][5] == str(10**20)
    assert by_key["a_coordination.members"][5] == str(10**15 - 1)
    assert by_key["a_coordination.body_name"][5] == "=1+1"
    assert by_key["p63.median_days_to_answer"][5] == "0.1"
