"""The workbook sent to a ministry (issue 6, "Out"): its sheets, cells, rules and metadata."""

from __future__ import annotations

from typing import Any

import pytest
from ministry_helpers import EXCHANGE, SECTIONS, build, find, load, rows_with_keys

from exports.excel_cells import FORMULA_TRIGGERS
from exports.ministry_meta import FORMAT, META_SHEET
from exports.ministry_sheets import LISTS_SHEET
from exports.ministry_workbook import section_sheet_title, values_checksum
from forms.i18n import tr
from reporting.service import ReportState


@pytest.fixture(scope="module")
def sent(demo_state: ReportState) -> Any:
    return build(demo_state)


@pytest.fixture(scope="module")
def book(sent: Any) -> Any:
    return load(sent.data)


def test_sheets_instructions_first_then_sections_then_hidden_lists_and_metadata(
    book: Any, demo_state: ReportState
) -> None:
    titles = [ws.title for ws in book.worksheets]
    assert titles[0] == tr("ministry.sheet.instructions", "en")
    assert titles[1:5] == [
        section_sheet_title(demo_state.template.section(key), "en")[:31].rstrip()
        for key in SECTIONS
    ]
    assert book[LISTS_SHEET].sheet_state == "hidden"
    assert book[META_SHEET].sheet_state == "hidden"
    assert book.active.title == titles[0]


def test_instructions_are_in_the_report_language(demo_state: ReportState) -> None:
    import dataclasses

    french = dataclasses.replace(
        demo_state, info=dataclasses.replace(demo_state.info, language="fr")
    )
    first = load(build(french).data).worksheets[0]
    assert first.title == tr("ministry.sheet.instructions", "fr")
    texts = [cell.value for row in first.iter_rows() for cell in row if cell.value]
    assert tr("ministry.instructions.step1", "fr") in texts
    assert "Ministry of Interior" in texts


def test_labels_locked_answers_unlocked_and_prefilled(book: Any, demo_state: ReportState) -> None:
    ws, row = find(book, "p21.measures")
    assert ws.protection.sheet
    assert ws.cell(row, 2).protection.locked
    assert ws.cell(row, 1).protection.locked
    answer = ws.cell(row, 3)
    assert not answer.protection.locked
    assert answer.value == demo_state.answers["p21.measures"]
    assert answer.number_format == "@"  # texts stay texts, whatever they look like
    assert ws.column_dimensions["A"].hidden


def _validation_of(ws: Any, coordinate: str) -> Any:
    found = [dv for dv in ws.data_validations.dataValidation if coordinate in dv.sqref]
    assert len(found) == 1, f"{coordinate}: {len(found)} validations"
    return found[0]


def test_choices_get_dropdowns_listing_their_labels(book: Any) -> None:
    ws, row = find(book, "p21.assistance_needed")  # yes / no / developing
    validation = _validation_of(ws, f"C{row}")
    assert validation.type == "list"
    sheet, cells = validation.formula1.lstrip("=").split("!")
    column = cells.split(":")[0].strip("$").rstrip("$1")
    labels = [c.value for c in book[sheet][column] if c.value]
    assert labels == [tr(f"choice.{code}", "en") for code in ("yes", "no", "developing")]


def test_counts_dates_and_years_get_their_rules(book: Any) -> None:
    ws, row = find(book, "d_grids.victims_killed@total")
    count = _validation_of(ws, f"C{row}")
    assert (count.type, count.operator, count.formula1) == ("whole", "greaterThanOrEqual", "0")
    ws, row = find(book, "a_contacts.nap_adopted")
    date = _validation_of(ws, f"C{row}")
    assert date.type == "date"
    assert ws.cell(row, 3).is_date


def test_help_text_is_a_comment_on_the_label(book: Any, demo_state: ReportState) -> None:
    with_help = [
        q
        for key in SECTIONS
        for q in demo_state.template.section(key).questions
        if q.help is not None and q.type not in ("multi_choice", "contact", "table", "grid")
    ]
    assert with_help
    question = with_help[0]
    ws, row = find(book, question.key)
    assert ws.cell(row, 2).comment is not None
    assert ws.cell(row, 2).comment.text.startswith(question.help.get("en")[:50])


def test_grids_are_laid_out_with_total_formulas_that_stay_blank_when_empty(book: Any) -> None:
    ws, row = find(book, "d_grids.victims_killed#cells:female/age_0_17")
    total = ws.cell(row, 6).value  # three disability columns C–E, then the total
    assert total == f'=IF(COUNT(C{row}:E{row})=0,"",SUM(C{row}:E{row}))'
    assert ws.cell(row, 6).protection.locked
    assert not ws.cell(row, 3).protection.locked


def test_metadata_names_report_template_exchange_and_every_answer_cell(
    book: Any, sent: Any, demo_state: ReportState
) -> None:
    meta = book[META_SHEET]
    fields = {meta.cell(row, 1).value: meta.cell(row, 2).value for row in range(1, 14)}
    info = demo_state.info
    assert fields["format"] == FORMAT
    assert fields["exchange_id"] == EXCHANGE
    assert (fields["report_id"], fields["country"], fields["cycle"]) == (
        info.id,
        info.country,
        info.cycle,
    )
    assert (fields["template_id"], fields["template_version"]) == ("bms8-2022", 1)
    assert fields["sections"] == ",".join(SECTIONS)
    assert fields["checksum_sha256"] == sent.meta.checksum
    assert fields["cells"] == len(sent.meta.cells)
    mapped = {key for key, _, _, _ in sent.meta.cells}
    for _ws, _row, key in rows_with_keys(book):
        if "#" not in key:  # headings, column names and totals are not answer cells
            assert key in mapped
    for key, question, sheet, cell in sent.meta.cells[:50]:
        assert book[sheet][cell].protection.locked is False
        assert key.startswith(question)


def test_sent_values_and_checksum(sent: Any, demo_state: ReportState) -> None:
    keys = {q.key for s in SECTIONS for q in demo_state.template.section(s).questions}
    attachments = {k for k in keys if demo_state.template.question(k).type == "attachment"}
    assert set(sent.sent_values) == keys - attachments
    for key, value in sent.sent_values.items():
        assert value == demo_state.answers.get(key)
    fields = {
        "exchange": EXCHANGE,
        "report": [demo_state.info.id, demo_state.info.country, demo_state.info.cycle],
        "template": ["bms8-2022", 1],
        "ministry": "Ministry of Interior",
        "sections": list(SECTIONS),
    }
    assert values_checksum(fields, sent.sent_values) == sent.meta.checksum


def test_same_report_same_time_same_bytes(demo_state: ReportState, sent: Any) -> None:
    assert build(demo_state).data == sent.data


def test_no_user_text_becomes_a_formula(demo_state: ReportState) -> None:
    import dataclasses

    hostile = {
        "p21.measures": "=1+1",
        "p21.agencies": '=HYPERLINK("http://x.example","y")',
        "p21.challenges": "@SUM(A1)",
    }
    state = dataclasses.replace(demo_state, answers={**demo_state.answers, **hostile})
    book = load(build(state, ["p21"], ministry="=cmd|' /C calc'!A0").data)
    for ws in book.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if cell.data_type == "f":
                    assert str(cell.value).startswith(("=IF(COUNT(",)), cell.coordinate
                elif isinstance(cell.value, str) and cell.value.startswith(FORMULA_TRIGGERS):
                    assert cell.quotePrefix, f"{ws.title}!{cell.coordinate}"


def test_attachments_are_not_sent_but_named(book: Any, sent: Any) -> None:
    assert "a_contacts.nap_copy" not in sent.sent_values
    texts = [c.value for ws in book.worksheets for row in ws.iter_rows() for c in row]
    assert any(
        isinstance(t, str) and tr("ministry.sheet.not_exchanged.attachment", "en") in t
        for t in texts
    )


def test_unknown_or_no_sections_refused(demo_state: ReportState) -> None:
    with pytest.raises(ValueError, match="unknown"):
        build(demo_state, ["nope"])
    with pytest.raises(ValueError):
        build(demo_state, [])
