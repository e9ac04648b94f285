"""Through LibreOffice (issue 6): a ministry workbook opened, edited and saved by LibreOffice —
which recalculates formulas, rewrites every string and may drop sheet states and protection —
still imports exactly."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from libreoffice import convert, needs_libreoffice
from ministry_helpers import Formula, build, edit, load, read_back

from exports.ministry_meta import META_SHEET
from reporting.service import ReportState

pytestmark = [pytest.mark.slow, needs_libreoffice]

EDITS: dict[str, Any] = {
    "p21.measures": "Edited in LibreOffice: _x0041_, x005F_, =not a formula,\nsecond line 😀",
    "p21.assistance_needed": "Developing",
    "a_contacts.nap_period_end": "2 031",
    "d_grids.victims_killed@total": Formula("=40+2"),  # a formula LibreOffice calculates on saving
    "d_grids.victims_killed@margin:sex/female": 7,
}


@pytest.fixture(scope="module")
def sent(demo_state: ReportState) -> Any:
    return build(demo_state)


def _through_libreoffice(data: bytes, tmp_path: Path) -> bytes:
    source = tmp_path / "ministry.xlsx"
    source.write_bytes(data)
    return convert(source, "xlsx:Calc MS Excel 2007 XML", tmp_path).read_bytes()


def test_saved_untouched_by_libreoffice_reads_back_as_sent(
    sent: Any, demo_state: ReportState, tmp_path: Path
) -> None:
    resaved = _through_libreoffice(sent.data, tmp_path)
    assert resaved != sent.data
    incoming = read_back(demo_state, resaved, sent.sent_values)
    assert incoming.problems == {}
    assert incoming.notices == ()
    assert incoming.values == sent.sent_values


def test_edited_then_saved_by_libreoffice_imports_the_edits(
    sent: Any, demo_state: ReportState, tmp_path: Path
) -> None:
    resaved = _through_libreoffice(edit(sent.data, EDITS), tmp_path)
    incoming = read_back(demo_state, resaved, sent.sent_values)
    assert incoming.problems == {}
    values = incoming.values
    assert values["p21.measures"] == EDITS["p21.measures"]
    assert values["p21.assistance_needed"] == "developing"
    assert values["a_contacts.nap_period_end"] == 2031
    grid = values["d_grids.victims_killed"]
    assert grid["total"] == 42  # the formula's result, as LibreOffice calculated it
    assert grid["margins"]["sex"]["female"] == 7
    changed = {key for key in values if values[key] != sent.sent_values[key]}
    assert changed == {
        "p21.measures",
        "p21.assistance_needed",
        "a_contacts.nap_period_end",
        "d_grids.victims_killed",
    }


def test_import_does_not_depend_on_hidden_states_or_protection(
    sent: Any, demo_state: ReportState, tmp_path: Path
) -> None:
    book = load(sent.data)
    for sheet in book.worksheets:
        sheet.sheet_state = "visible"
        sheet.protection.sheet = False
    book[META_SHEET].title = META_SHEET  # kept: the importer finds it by name
    source = tmp_path / "shown.xlsx"
    book.save(source)
    resaved = convert(source, "xlsx:Calc MS Excel 2007 XML", tmp_path).read_bytes()
    incoming = read_back(demo_state, resaved, sent.sent_values)
    assert incoming.problems == {}
    assert incoming.values == sent.sent_values
