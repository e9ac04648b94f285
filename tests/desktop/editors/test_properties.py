"""Properties over many values: what an editor shows reads back as the same answer."""

from __future__ import annotations

from decimal import Decimal

from editor_helpers import question_of_type
from hypothesis import given
from hypothesis import strategies as st
from PySide6.QtWidgets import QApplication

from desktop.editors.grid_model import GridModel
from desktop.editors.number import number_text
from forms.grids import cell_keys as grid_cell_keys
from forms.values import parse_input

DECIMALS = st.decimals(min_value=0, max_value=10**12, places=3, allow_nan=False)
GRID = question_of_type("grid")


@given(number=DECIMALS, lang=st.sampled_from(["en", "fr"]))
def test_a_shown_decimal_is_read_back_as_itself(number: Decimal, lang: str) -> None:
    question = question_of_type("decimal")
    stored = parse_input(question, str(number), "en")

    assert parse_input(question, number_text(question, stored, lang), lang) == stored


@given(count=st.integers(min_value=0, max_value=10**9), lang=st.sampled_from(["en", "fr"]))
def test_a_shown_count_is_read_back_as_itself(count: int, lang: str) -> None:
    question = question_of_type("count")

    assert parse_input(question, number_text(question, count, lang), lang) == count


@given(
    cells=st.dictionaries(
        st.sampled_from(grid_cell_keys(GRID)), st.integers(min_value=0, max_value=10**6)
    )
)
def test_grid_totals_are_the_sums_of_their_cells(qapp: QApplication, cells: dict[str, int]) -> None:
    model = GridModel(GRID, "en")
    model.set_cells(cells)
    last_row, last_column = model.rowCount() - 1, model.columnCount() - 1

    grand_total = model.number(last_row, last_column)
    row_totals = [model.number(row, last_column) for row in range(last_row)]
    column_totals = [model.number(last_row, column) for column in range(last_column)]

    assert grand_total == (sum(cells.values()) if cells else None)
    assert (
        sum(t or 0 for t in row_totals) == sum(t or 0 for t in column_totals) == (grand_total or 0)
    )
