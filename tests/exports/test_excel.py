"""The Excel export's content: every answer on the data sheet and on the human sheets, typed
cells, SDG 16.4.2 numbers, grids with exact totals, the projects table; titles in both languages."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import re
from decimal import Decimal
from typing import Any

import pytest
from excel_helpers import WHEN, export, formula_cells, load, with_answers
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from exports.excel_data import DATA_SHEET, FIRST_VALUE_COLUMN, FORMAT_VERSION, TABLE_HEADER_ROW
from forms import grids
from forms.display import format_value
from forms.i18n import tr
from forms.validation import relevance
from reporting.service import ReportState


def unescape(text: str) -> str:
    """What Excel shows for a cell openpyxl wrote (OOXML _xHHHH_ escapes decoded)."""
    return re.sub(r"_x([0-9A-F]{4})_", lambda m: chr(int(m.group(1), 16)), text)


def rows_by_key(ws: Worksheet, key_column: int) -> dict[str, tuple[Any, ...]]:
    found: dict[str, tuple[Any, ...]] = {}
    for row in ws.iter_rows(min_row=3):
        key = row[key_column - 1].value
        if isinstance(key, str):
            found[key] = row
    return found


@pytest.fixture(scope="module")
def demo_book(demo_state: ReportState) -> Workbook:
    return load(export(demo_state))


def test_sheets_in_order_with_valid_titles_in_both_languages(demo_state: ReportState) -> None:
    for lang in ("en", "fr"):
        names = load(export(demo_state, lang)).sheetnames
        parts = [tr("xlsx.sheet.part", lang, part=p.key.upper()) for p in demo_state.template.parts]
        assert names == [
            tr("xlsx.sheet.cover", lang),
            *parts,
            tr("xlsx.sheet.sdg", lang),
            tr("xlsx.sheet.grids", lang),
            tr("xlsx.sheet.cooperation", lang),
            DATA_SHEET,
        ]
        for name in names:
            assert 1 <= len(name) <= 31 and not re.search(r"[\[\]:*?/\\]", name), name
        assert len({name.casefold() for name in names}) == len(names)


def test_data_sheet_holds_every_stored_value_cell_by_cell(
    demo_state: ReportState, demo_book: Workbook
) -> None:
    ws = demo_book[DATA_SHEET]
    assert ws["A1"].value == "format" and ws["B1"].value == FORMAT_VERSION
    found: dict[str, Any] = {}
    for row in ws.iter_rows(min_row=TABLE_HEADER_ROW + 1, values_only=True):
        key, qtype, fmt = row[0], row[1], row[2]
        cells = [c for c in row[FIRST_VALUE_COLUMN - 1 :] if c is not None]
        assert qtype == demo_state.template.question(key).type
        if fmt == "number":
            assert len(cells) == 1 and isinstance(cells[0], int)
            found[key] = cells[0]
        elif fmt == "text":
            found[key] = cells[0]
        else:
            assert fmt == "json"
            found[key] = json.loads("".join(cells))
    assert found == demo_state.answers
    assert ws.freeze_panes == f"A{TABLE_HEADER_ROW + 1}"


def test_part_sheets_show_each_asked_question_with_its_formatted_answer(
    demo_state: ReportState, demo_book: Workbook
) -> None:
    asked = relevance(demo_state.template, demo_state.answers)
    shown: set[str] = set()
    for part in demo_state.template.parts:
        ws = demo_book[f"Part {part.key.upper()}"]
        numbered = part.key == "b"
        offset = 1 if numbered else 0
        assert ws.freeze_panes == ("B3" if numbered else "A3")
        for key, row in rows_by_key(ws, 6 + offset).items():
            shown.add(key)
            question = demo_state.template.question(key)
            cell = row[2 + offset]
            value = demo_state.answers.get(key)
            if numbered:
                assert row[0].value == demo_state.template.section(question.section_key).paragraph
            assert row[3 + offset].value == " ".join(question.tags)
            if value is None:
                assert cell.value == "No response"
            elif question.type in ("count", "year"):
                assert cell.value == value and cell.data_type == "n"
            elif question.type == "decimal":
                assert Decimal(str(cell.value)) == Decimal(value)
            elif question.type == "date":
                assert cell.value == dt.datetime.fromisoformat(value)
                assert cell.number_format == "yyyy-mm-dd"
            else:
                assert unescape(cell.value) == format_value(question, value, "en")
    assert shown == {key for key, is_asked in asked.items() if is_asked}


def test_cover_names_the_report(demo_state: ReportState, demo_book: Workbook) -> None:
    values = [cell.value for row in demo_book["Cover"].iter_rows() for cell in row]
    assert "Demoland (fictional State)" in values and "XDM" in values and 2024 in values
    assert dt.datetime(2022, 7, 1) in values and dt.datetime(2024, 5, 31) in values
    assert WHEN in values and "Draft" in values
    from exports.base import report_checksum

    assert report_checksum(demo_state) in values
    assert any(isinstance(v, str) and "Mireille Andoh-Lefèvre" in v for v in values)
    assert any(isinstance(v, str) and "Koffi Brénat-Sissoko" in v for v in values)
    french = load(export(demo_state, "fr"))["Couverture"]
    assert "Projet" in [cell.value for row in french.iter_rows() for cell in row]


def cover_rows(ws: Worksheet) -> dict[str, list[Any]]:
    """The cover's rows by the label in column A (the first row of each label)."""
    found: dict[str, list[Any]] = {}
    for row in ws.iter_rows():
        if isinstance(row[0].value, str):
            found.setdefault(row[0].value, [cell.value for cell in row])
    return found


def test_cover_status_is_draft_until_the_report_is_final(
    demo_state: ReportState, demo_book: Workbook
) -> None:
    assert not demo_state.final
    assert cover_rows(demo_book["Cover"])["Report status"][1] == "Draft"
    final = dataclasses.replace(demo_state, final=True)
    assert cover_rows(load(export(final))["Cover"])["Report status"][1] == "Final"
    french = cover_rows(load(export(final, "fr"))["Couverture"])
    assert french["État du rapport"][1] == "Définitif"


def test_cover_names_who_prepared_reviewed_and_approved(demo_book: Workbook) -> None:
    rows = cover_rows(demo_book["Cover"])
    assert rows["Role"][:5] == ["Role", "Name", "Position", "Agency", "Date"]
    assert rows["Prepared by"][:5] == [
        "Prepared by",
        "Ms. Mireille Andoh-Lefèvre",
        "Permanent Secretary",
        "National Commission on Small Arms",
        dt.datetime(2024, 6, 5),
    ]
    assert rows["Reviewed by"][:5] == [
        "Reviewed by",
        "Dr. Paul-Henri Mbaye-Rousset",
        "Director of Disarmament and International Security",
        "Ministry of Foreign Affairs",
        dt.datetime(2024, 6, 7),
    ]
    assert rows["Approved by"][:5] == [
        "Approved by",
        "Ms. Hélène Vauclin-Aboya",
        "Minister for Foreign Affairs",
        "Ministry of Foreign Affairs",
        dt.datetime(2024, 6, 11),
    ]
    order = [row[0].value for row in demo_book["Cover"].iter_rows()]
    assert order.index("Preparation and approval") + 1 == order.index("Role")
    assert order.index("Role") + 1 == order.index("Prepared by")


def test_cover_signoff_in_french_and_with_people_missing(demo_state: ReportState) -> None:
    french = cover_rows(load(export(demo_state, "fr"))["Couverture"])
    assert french["Rôle"][:5] == ["Rôle", "Nom", "Fonction", "Organisme", "Date"]
    # Labels in French; the answers as written (the demo report is in English).
    assert french["Établi par"][1:3] == ["Mme Mireille Andoh-Lefèvre", "Permanent Secretary"]
    state = with_answers(
        demo_state,
        {
            "f_signoff.reviewed_by": None,  # its date is then no longer asked
            "f_signoff.approved_by": {"name": '=HYPERLINK("http://x.example","y")'},
            "f_signoff.prepared_by": {"name": "A. Person", "position": "+1", "organisation": "@x"},
        },
    )
    book = load(export(state))
    rows = cover_rows(book["Cover"])
    assert rows["Reviewed by"][1:5] == ["No response", None, None, None]
    assert rows["Approved by"][1:5] == [
        '=HYPERLINK("http://x.example","y")',
        None,
        None,
        dt.datetime(2024, 6, 11),
    ]
    assert rows["Prepared by"][1:4] == ["A. Person", "+1", "@x"]
    assert formula_cells(book) == []


def sdg_rows(book: Workbook, sheet: str = "SDG 16.4.2") -> dict[Any, tuple[Any, ...]]:
    """The rows of the yearly table, by year, up to and with the whole-period row."""
    found: dict[Any, tuple[Any, ...]] = {}
    for row in book[sheet].iter_rows():
        if row[0].value is not None:
            found.setdefault(row[0].value, row)
    return found


def test_sdg_sheet_gives_numbers_and_never_a_zero_for_missing_inputs(
    demo_state: ReportState, demo_book: Workbook
) -> None:
    rows = sdg_rows(demo_book)
    table = demo_state.template.question("c_sdg.years")
    width = len(table.columns)
    for values in demo_state.answers["c_sdg.years"]:
        row = rows[values["year"]]
        numerator = values["established_tracing"] + values["established_other"]
        assert row[width].value == numerator
        proportion = row[width + 2]
        if "surrendered" in values:
            denominator = values["seized"] + values["found"] + values["surrendered"]
            assert row[width + 1].value == denominator
            assert proportion.value == pytest.approx(numerator / denominator)
            assert proportion.number_format == "0.0%"
        else:  # the demo leaves 2024's surrendered arms blank
            assert row[width + 1].value is None
            assert "Not computable" in proportion.value and "Arms surrendered" in proportion.value
    period = rows["Whole period"]
    assert isinstance(period[width + 2].value, str) and "Not computable" in period[width + 2].value
    assert period[1].value == sum(v["seized"] for v in demo_state.answers["c_sdg.years"])
    assert period[3].value is None  # a blank year makes the total blank, never a partial sum
    by_type = [r for r in demo_book["SDG 16.4.2"].iter_rows() if r[1].value == "Shotguns"]
    assert len(by_type) == len(
        [r for r in demo_state.answers["c_sdg.by_type"] if r["arm_type"] == "shotguns"]
    )


def test_sdg_whole_period_is_computed_when_every_input_is_there(demo_state: ReportState) -> None:
    years = [
        dict(row, surrendered=row.get("surrendered", 5))
        for row in demo_state.answers["c_sdg.years"]
    ]
    book = load(export(with_answers(demo_state, {"c_sdg.years": years})))
    period = sdg_rows(book)["Whole period"]
    width = len(demo_state.template.question("c_sdg.years").columns)
    numerator = sum(r["established_tracing"] + r["established_other"] for r in years)
    denominator = sum(r["seized"] + r["found"] + r["surrendered"] for r in years)
    assert (period[width].value, period[width + 1].value) == (numerator, denominator)
    assert period[width + 2].value == pytest.approx(numerator / denominator)


def grid_blocks(book: Workbook) -> dict[str, list[list[Any]]]:
    """The rows under each grid's heading on the disaggregated-data sheet."""
    blocks: dict[str, list[list[Any]]] = {}
    current: list[list[Any]] = []
    for row in book["Disaggregated data"].iter_rows(min_row=3, values_only=True):
        first = row[0]
        if isinstance(first, str) and "[BMS8 51]" in first:
            current = blocks.setdefault(first.split("  ")[0], [])
        elif any(v is not None for v in row):
            current.append(list(row))
    return blocks


def test_grids_are_cross_tables_with_exact_totals(
    demo_state: ReportState, demo_book: Workbook
) -> None:
    blocks = grid_blocks(demo_book)
    question = demo_state.template.question("d_grids.victims_killed")
    value = demo_state.answers[question.key]
    rows = blocks[question.label.get("en")]
    assert rows[0][:2] == ["Entered as", "the full breakdown"]
    assert rows[1][:2] == ["Declared total", value["total"]]
    header = rows[2]
    assert header[:2] == ["Sex", "Age group (years)"] and header[5] == "Total"
    body, total = rows[3:-1], rows[-1]
    assert len(body) == 3 * 5
    cells = grids.entries(value)
    for line in body:
        sex = next(m.code for m in question.dimensions[0].members if m.label.en == line[0])
        age = next(m.code for m in question.dimensions[1].members if m.label.en == line[1])
        numbers = [cells.get(f"{sex}/{age}/{d}") for d in ("with", "without", "unknown")]
        assert line[2:5] == numbers  # blank stays blank, never 0
        present = [n for n in numbers if n is not None]
        assert line[5] == (sum(present) if present else None)
    assert total[0] == "Total" and total[5] == sum(cells.values())
    for column, disability in zip(range(2, 5), ("with", "without", "unknown"), strict=True):
        wanted = [n for k, n in cells.items() if k.endswith("/" + disability)]
        assert total[column] == (sum(wanted) if wanted else None)
    injured = blocks[demo_state.template.question("d_grids.victims_injured").label.get("en")]
    assert injured[2][0] == "Not disaggregated, because"
    assert injured[2][1] == demo_state.answers["d_grids.victims_injured"]["not_disaggregated"]


def test_a_grid_entered_by_one_dimension_shows_its_margins(demo_state: ReportState) -> None:
    grid = {"total": 12, "mode": "sex", "margins": {"sex": {"female": 5, "male": 6}}}
    book = load(export(with_answers(demo_state, {"d_grids.officials_trained": grid})))
    label = demo_state.template.question("d_grids.officials_trained").label.get("en")
    rows = grid_blocks(book)[label]
    assert rows[0][1] == "a breakdown by Sex"
    assert [r[:2] for r in rows[-4:]] == [
        ["Female", 5],
        ["Male", 6],
        ["Unknown", None],
        ["Total", 11],
    ]
    assert any("but the total is 12" in str(r[1]) for r in rows)


def test_cooperation_sheet_is_a_typed_table(demo_state: ReportState, demo_book: Workbook) -> None:
    ws = demo_book["Cooperation"]
    projects = demo_state.answers["e_assistance.projects"]
    assert list(ws.tables) == ["Projects"]
    assert ws.tables["Projects"].ref == f"A3:I{3 + len(projects)}"
    columns = [c.key for c in demo_state.template.question("e_assistance.projects").columns]
    for number, project in enumerate(projects, start=4):
        row = {key: ws.cell(number, index) for index, key in enumerate(columns, start=1)}
        if "amount_usd" in project:
            assert Decimal(str(row["amount_usd"].value)) == Decimal(project["amount_usd"])
            assert "USD" in row["amount_usd"].number_format
        else:
            assert row["amount_usd"].value is None
        assert row["start_year"].value == project["start_year"]
        assert row["start_year"].data_type == "n"
    totals = {r[0]: r[1] for r in ws.iter_rows(min_row=4 + len(projects), values_only=True)}
    received = [
        Decimal(p["amount_usd"])
        for p in projects
        if p["direction"] == "received" and "amount_usd" in p
    ]
    assert Decimal(str(totals["Assistance received"])) == sum(received)
