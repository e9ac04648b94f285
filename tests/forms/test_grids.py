"""Disaggregated grids and SDG 16.4.2 arithmetic (Issue 4): blanks, unknowns, "not
disaggregated", entry modes, the sum rule's message, pasted blocks, and generated data."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from forms import grids
from forms.computed import ratio_by_row
from forms.loader import load_template
from forms.paste import parse_block
from forms.validation import validate
from forms.values import InvalidValue, normalise

TEMPLATE = load_template()
GRID = TEMPLATE.question("d_grids.victims_killed")
SDG = TEMPLATE.computed[0]


def grid(**value: Any) -> dict[str, Any]:
    return normalise(GRID, value)  # type: ignore[no-any-return]


def test_modes_come_from_the_dimensions() -> None:
    assert grids.modes(GRID) == ["total", "sex", "age", "disability", "full"]
    assert len(grids.cell_keys(GRID)) == 3 * 5 * 3


def test_blank_is_not_zero() -> None:
    assert grids.entries_sum(grid(total=5, mode="full")) is None
    assert grids.entries_sum(grid(cells={"female/age_18_24/with": 0})) == 0
    assert (
        grids.grid_total(grid(cells={"female/age_18_24/with": 0, "male/unknown/unknown": 2})) == 2
    )


def test_switching_mode_keeps_every_entry() -> None:
    cells = {"female/age_18_24/with": 3, "unknown/unknown/unknown": 2}
    by_sex = grid(total=5, cells=cells, margins={"sex": {"female": 3, "unknown": 2}}, mode="sex")
    assert by_sex["cells"] == cells and by_sex["margins"] == {"sex": {"female": 3, "unknown": 2}}
    assert grids.entries(by_sex) == {"female": 3, "unknown": 2}
    full = normalise(GRID, {**by_sex, "mode": "full"})
    assert grids.entries(full) == cells
    assert grids.entries(normalise(GRID, {**by_sex, "mode": "total"})) == {}


def test_unknown_mode_or_member_is_refused() -> None:
    with pytest.raises(InvalidValue):
        grid(total=1, mode="colour")
    with pytest.raises(InvalidValue):
        grid(margins={"sex": {"other": 1}})


def test_sum_message_names_every_cell_and_the_difference() -> None:
    value = grid(total=14, cells={"female/age_18_24/with": 4, "male/age_25_59/without": 8})
    message = grids.sum_problem(GRID, value, "en")
    assert message == (
        "Female · 18–24 · With disability (4) + Male · 25–59 · Without disability (8) = 12, "
        "but the total is 14 (difference 2)."
    )
    french = grids.sum_problem(GRID, value, "fr")
    assert french is not None and "= 12, mais le total est de 14 (écart de 2)." in french
    (issue,) = [i for i in validate(TEMPLATE, {GRID.key: value}) if i.code == "grid_sum"]
    assert issue.message == message and issue.severity == "error"


def test_sum_by_one_dimension() -> None:
    value = grid(total=10, margins={"sex": {"female": 4, "male": 5}}, mode="sex")
    message = grids.sum_problem(GRID, value, "en")
    assert message == "Female (4) + Male (5) = 9, but the total is 10 (difference 1)."
    fixed = grid(total=10, margins={"sex": {"female": 4, "male": 5, "unknown": 1}}, mode="sex")
    assert grids.sum_problem(GRID, fixed, "en") is None


@pytest.mark.parametrize(
    "value",
    [
        {"total": 10, "cells": {"female/age_18_24/with": 4}, "not_disaggregated": "police data"},
        {"total": 10, "cells": {"female/age_18_24/with": 4}, "mode": "total"},
        {"cells": {"female/age_18_24/with": 4}},  # no declared total: the cells are the total
        {"total": 10},
    ],
    ids=["not-disaggregated", "total-only", "no-total", "total-only-implicit"],
)
def test_sum_not_checked(value: dict[str, Any]) -> None:
    assert grids.sum_problem(GRID, grid(**value), "en") is None


def test_long_sums_are_shortened() -> None:
    cells = {key: 1 for key in grids.cell_keys(GRID)[:12]}
    message = grids.sum_problem(GRID, grid(total=99, cells=cells), "en")
    assert message is not None and "+ 4 more = 12" in message


@settings(max_examples=60, deadline=None)
@given(
    cells=st.dictionaries(
        st.sampled_from(grids.cell_keys(GRID)),
        st.integers(min_value=0, max_value=10**6),
        max_size=20,
    ),
    total=st.one_of(st.none(), st.integers(min_value=0, max_value=2 * 10**7)),
)
def test_sum_rule_holds_for_generated_grids(cells: dict[str, int], total: int | None) -> None:
    value = grid(total=total, cells=cells)
    if value is None:
        assert total is None and not cells
        return
    problem = grids.sum_problem(GRID, value, "en")
    adds_up = total is None or not cells or sum(cells.values()) == total
    assert (problem is None) == adds_up
    assert grids.grid_total(value) == (
        total if total is not None else sum(cells.values()) if cells else None
    )


# -- pasted blocks --------------------------------------------------------------------------
def test_paste_reads_locale_numbers() -> None:
    assert parse_block("1 234\t\t5\r\n0\t7\t\n", "fr") == [[1234, None, 5], [0, 7, None]]
    assert parse_block("1,234\t2\n", "en") == [[1234, 2]]
    assert parse_block("1.234\t2", "fr") == [[1234, 2]]


@pytest.mark.parametrize(
    ("text", "row", "column"),
    [("1\t2\nx\t3", 2, 1), ("1\t-2", 1, 2), ("1\t2,5", 1, 2)],
)
def test_paste_reports_the_bad_cell(text: str, row: int, column: int) -> None:
    with pytest.raises(InvalidValue) as caught:
        parse_block(text, "en")
    assert caught.value.message_id == "paste.bad_cell"
    assert (caught.value.params["row"], caught.value.params["column"]) == (row, column)
    assert "Nothing was pasted" in caught.value.message("en")
    assert "Rien n'a été collé" in caught.value.message("fr")


def test_paste_refuses_empty_and_giant_blocks() -> None:
    with pytest.raises(InvalidValue, match="nothing to paste"):
        parse_block("\n\n", "en")
    with pytest.raises(InvalidValue) as caught:
        parse_block("1\t" * 10_001, "en")
    assert caught.value.message_id == "paste.too_big"


# -- SDG 16.4.2 ------------------------------------------------------------------------------
_COUNT = st.one_of(st.none(), st.integers(min_value=0, max_value=10**6))
_ROW = st.fixed_dictionaries(
    {"year": st.integers(2001, 2100)},
    optional={
        name: _COUNT
        for name in ("seized", "found", "surrendered", "established_tracing", "established_other")
    },
)


@settings(max_examples=80, deadline=None)
@given(rows=st.lists(_ROW, max_size=5))
def test_indicator_is_right_for_generated_data(rows: list[dict[str, Any]]) -> None:
    rows = [{k: v for k, v in row.items() if v is not None} for row in rows]
    result = ratio_by_row(SDG, rows)
    for row, ratio in zip(rows, result.rows, strict=True):
        inputs = [row.get(k) for k in (*SDG.numerator, *SDG.denominator)]
        if None in inputs:
            assert ratio.proportion is None and ratio.missing  # never 0 for a gap
            continue
        numerator = row["established_tracing"] + row["established_other"]
        denominator = row["seized"] + row["found"] + row["surrendered"]
        if denominator == 0:
            assert ratio.proportion is None and ratio.zero_denominator
        else:
            assert ratio.proportion == Decimal(numerator) * 100 / Decimal(denominator)
    complete = rows and all(
        all(row.get(k) is not None for k in (*SDG.numerator, *SDG.denominator)) for row in rows
    )
    if not complete:
        assert result.overall.proportion is None


def test_arms_by_type_must_add_up_to_the_year() -> None:
    years = [{"year": 2022, "seized": 10, "found": 2}]
    by_type = [
        {"year": 2022, "arm_type": "revolvers_pistols", "seized": 6, "found": 2},
        {"year": 2022, "arm_type": "unknown", "seized": 3},
    ]
    answers = {"c_sdg.years": years, "c_sdg.by_type": by_type}
    (issue,) = [i for i in validate(TEMPLATE, answers) if i.code == "breakdown"]
    assert issue.key == "c_sdg.by_type" and issue.column == "seized"
    assert (
        issue.message
        == "2022: the arms by type add up to 9 (Seized), but the figure for the year is 10."
    )
    by_type[1]["seized"] = 4
    assert not [i for i in validate(TEMPLATE, answers) if i.code == "breakdown"]


def test_a_year_and_type_appear_once() -> None:
    by_type = [
        {"year": 2022, "arm_type": "shotguns"},
        {"year": 2022, "arm_type": "shotguns"},
        {"year": 2023, "arm_type": "shotguns"},
    ]
    found = [i for i in validate(TEMPLATE, {"c_sdg.by_type": by_type}) if i.code == "duplicate"]
    assert [(i.row, i.severity) for i in found] == [(2, "error")]
    assert "Year, Type of arm 2022, Shotguns" in found[0].message
