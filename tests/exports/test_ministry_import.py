"""Reading a returned ministry workbook (issue 6, "Back"): values read robustly, wherever the rows
went, and every cell that cannot be read reported by sheet, cell and question."""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

import pytest
from ministry_helpers import Formula, build, column_of, edit, find, load, put, read_back, save

from exports.ministry_import import MinistryWorkbookError, open_ministry_workbook, read_values
from exports.ministry_meta import META_SHEET
from forms.i18n import tr
from reporting.service import ReportState


@pytest.fixture(scope="module")
def sent(demo_state: ReportState) -> Any:
    return build(demo_state)


def test_untouched_workbook_reads_back_exactly_what_was_sent(
    sent: Any, demo_state: ReportState
) -> None:
    incoming = read_back(demo_state, sent.data)
    assert incoming.problems == {}
    assert incoming.notices == ()
    assert incoming.values == sent.sent_values


def test_typed_values_are_read_as_people_mean_them(sent: Any, demo_state: ReportState) -> None:
    book = load(sent.data)
    changes: dict[str, Any] = {
        "p21.agencies": "Customs\nPolice",
        "a_contacts.nap_period_end": "2 030",  # a year typed as text, with a space
        "a_contacts.nap_adopted": "31/03/2024",  # a date typed as text, day first
        "p21.assistance_needed": "Oui",  # a choice by its French label
        "d_grids.victims_killed@total": "1,234",  # English thousands separator, as text
        "d_grids.victims_killed@margin:sex/female": 12.0,  # a whole float from a formula
        "a_contacts.poc_poa@title": "Mme",
        "p21.assistance_types@opt:training": "x",
    }
    for key, value in changes.items():
        ws, row = find(book, key)
        put(ws, row, 3, value)
    incoming = read_back(demo_state, save(book))
    assert incoming.problems == {}
    values = incoming.values
    assert values["p21.agencies"] == "Customs\nPolice"
    assert values["a_contacts.nap_period_end"] == 2030
    assert values["a_contacts.nap_adopted"] == "2024-03-31"
    assert values["p21.assistance_needed"] == "yes"
    assert values["d_grids.victims_killed"]["total"] == 1234
    assert values["d_grids.victims_killed"]["margins"]["sex"]["female"] == 12
    assert values["a_contacts.poc_poa"]["title"] == "ms"
    assert "training" in values["p21.assistance_types"]


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        (dt.datetime(2024, 3, 31), "2024-03-31"),
        ("2024-03-31", "2024-03-31"),
        ("2024/03/31", "2024-03-31"),
        ("31.03.2024", "2024-03-31"),
        (45382, "2024-03-31"),  # the day number, once the cell's date format is lost
    ],
)
def test_dates_in_any_form(sent: Any, demo_state: ReportState, typed: Any, expected: str) -> None:
    book = load(sent.data)
    ws, row = find(book, "a_contacts.nap_adopted")
    put(ws, row, 3, typed)
    if isinstance(typed, int):
        ws.cell(row, 3).number_format = "General"
    assert read_back(demo_state, save(book)).values["a_contacts.nap_adopted"] == expected


def test_french_report_reads_french_numbers(demo_state: ReportState) -> None:
    french = dataclasses.replace(
        demo_state, info=dataclasses.replace(demo_state.info, language="fr")
    )
    data = edit(build(french).data, {"d_grids.victims_killed@total": "1\u202f234"})
    values = read_back(french, data).values
    assert values["d_grids.victims_killed"]["total"] == 1234


def test_table_rows_and_grid_cells(sent: Any, demo_state: ReportState) -> None:
    book = load(sent.data)
    current = demo_state.answers.get("e_assistance.projects") or []
    ws, row = find(book, f"e_assistance.projects#row:{len(current) + 1}")
    put(ws, row, column_of(book, "e_assistance.projects", "partner"), "New partner")
    ws, row = find(book, "d_grids.victims_killed#cells:female/age_18_24")
    put(ws, row, column_of(book, "d_grids.victims_killed", "without"), 4)
    values = read_back(demo_state, save(book)).values
    assert values["e_assistance.projects"][-1]["partner"] == "New partner"
    assert values["d_grids.victims_killed"]["cells"]["female/age_18_24/without"] == 4
    assert values["d_grids.victims_killed"]["mode"] == "full"


def test_formula_without_a_result_is_flagged_never_read_as_zero(
    sent: Any, demo_state: ReportState
) -> None:
    data = edit(sent.data, {"d_grids.victims_killed@total": Formula("=2+3")})
    incoming = read_back(demo_state, data)
    assert "d_grids.victims_killed" not in incoming.values
    (problem,) = incoming.problems["d_grids.victims_killed"]
    ws, row = find(load(sent.data), "d_grids.victims_killed@total")
    assert (problem.sheet, problem.cell) == (ws.title, f"C{row}")
    assert tr("ministry.value.formula_without_result", "en") in problem.message("en")
    assert tr("ministry.value.formula_without_result", "fr") in problem.message("fr")


def test_bad_value_reported_by_sheet_cell_and_question_in_both_languages(
    sent: Any, demo_state: ReportState
) -> None:
    data = edit(sent.data, {"a_contacts.nap_period_end": "soon"})
    incoming = read_back(demo_state, data)
    (problem,) = incoming.problems["a_contacts.nap_period_end"]
    question = demo_state.template.question("a_contacts.nap_period_end")
    english, french = problem.message("en"), problem.message("fr")
    assert problem.sheet in english and problem.cell in english
    assert question.label.en in english and question.label.fr in french
    assert "soon" in english and "Feuille" in french
    assert "a_contacts.nap_period_end" not in incoming.values


def test_rows_sorted_or_inserted_and_sheets_renamed_or_added(
    sent: Any, demo_state: ReportState
) -> None:
    book = load(sent.data)
    ws, _ = find(book, "p21.measures")
    ws.title = "Renamed by the ministry"
    # Reverse the order of every row below the title, as a careless sort would.
    rows = [[ws.cell(r, c).value for c in range(1, 8)] for r in range(4, ws.max_row + 1)]
    for offset, values in enumerate(reversed(rows)):
        for column, value in enumerate(values, start=1):
            ws.cell(4 + offset, column).value = value
    ws.insert_rows(5, 2)
    put(ws, 5, 3, "a note the ministry added")
    notes = book.create_sheet("Notes")
    put(notes, 1, 3, "our own workings")
    for sheet in book.worksheets:
        sheet.sheet_state = "visible"
        sheet.protection.sheet = False
    incoming = read_back(demo_state, save(book))
    assert incoming.problems == {}
    assert incoming.values == sent.sent_values
    messages = [notice.message("en") for notice in incoming.notices]
    assert any("Renamed by the ministry" in m and "row 5" in m for m in messages)
    assert any('"Notes"' in m for m in messages)


def test_a_copied_row_or_a_deleted_row_is_reported(sent: Any, demo_state: ReportState) -> None:
    book = load(sent.data)
    ws, row = find(book, "p21.measures")
    ws.cell(ws.max_row + 2, 1).value = "p21.measures"  # the row copied below
    ws, row = find(book, "p21.agencies")
    ws.delete_rows(row)
    incoming = read_back(demo_state, save(book))
    assert set(incoming.problems) == {"p21.measures", "p21.agencies"}
    assert "twice" in incoming.problems["p21.measures"][0].message("en")
    assert "missing" in incoming.problems["p21.agencies"][0].message("en")


def test_merged_cells(sent: Any, demo_state: ReportState) -> None:
    book = load(sent.data)
    ws, row = find(book, "p21.agencies")
    ws.merge_cells(start_row=row, start_column=3, end_row=row, end_column=5)  # answer kept
    ws, row = find(book, "p21.challenges")
    ws.merge_cells(start_row=row, start_column=2, end_row=row, end_column=3)  # answer lost
    incoming = read_back(demo_state, save(book))
    assert incoming.values["p21.agencies"] == sent.sent_values["p21.agencies"]
    (problem,) = incoming.problems["p21.challenges"]
    assert f"B{row}" in problem.message("en")


def test_a_missing_table_column_is_reported(sent: Any, demo_state: ReportState) -> None:
    book = load(sent.data)
    ws, row = find(book, "e_assistance.projects#columns")
    ws.cell(row, column_of(book, "e_assistance.projects", "partner")).value = None
    incoming = read_back(demo_state, save(book))
    assert "partner" in incoming.problems["e_assistance.projects"][0].message("en")


def test_metadata_checked_before_anything_is_read(sent: Any, demo_state: ReportState) -> None:
    book = load(sent.data)
    book[META_SHEET]["B2"] = "not-an-id"
    with pytest.raises(MinistryWorkbookError) as caught:
        open_ministry_workbook(save(book))
    assert caught.value.message_id == "ministry.meta_damaged"
    book = load(sent.data)
    del book[META_SHEET]
    with pytest.raises(MinistryWorkbookError) as caught:
        open_ministry_workbook(save(book))
    assert caught.value.message_id == "ministry.not_ours"


def test_a_map_naming_a_question_that_was_not_sent_is_refused(
    sent: Any, demo_state: ReportState
) -> None:
    book = load(sent.data)
    meta = book[META_SHEET]
    meta.cell(16, 1).value = "p99.secret"
    meta.cell(16, 2).value = "p99.secret"
    file = open_ministry_workbook(save(book))
    with pytest.raises(MinistryWorkbookError):
        read_values(file, demo_state.template, {})
