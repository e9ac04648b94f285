"""The keys that tie each row of a ministry workbook to the report, whatever is done to the sheet.

Every row that holds answers carries a key in column A (a hidden, locked column). The importer
finds rows by these keys, never by their position, so a ministry may sort rows, insert rows or
sheets, or rename sheets without the values landing in the wrong place. The grammar::

    p21.status                    a question with one answer cell (column C)
    p21.contact@name              one part of a question: a contact field, a grid's total or
                                  reason, one member of a grid's margin, one multiple-choice option
    p30.seizures#columns          the (hidden) row naming the columns of a table or grid
    p30.seizures#row:3            the third row of a table
    p30.victims#cells:female/age_18_24   one row of a grid's full breakdown
    p30.victims#head, …#sum       rows for people: headings and total formulas (never read)

Question keys hold only letters, digits, ``_`` and ``.``, so ``@`` and ``#`` cannot be confused
with them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Final

KEY_COLUMN: Final = 1  # A: the key
LABEL_COLUMN: Final = 2  # B: the label, for people
ANSWER_COLUMN: Final = 3  # C: the answer, or the first column of a table or grid

PART: Final = "@"
ROW: Final = "#"
COLUMNS: Final = "columns"  # a row naming the columns below it
TABLE_ROW: Final = "row:"
GRID_CELLS: Final = "cells:"
OPTION: Final = "opt:"
MARGIN: Final = "margin:"
GRID_TOTAL: Final = "total"
GRID_REASON: Final = "reason"
TOTAL_COLUMN: Final = "=total"  # the id of a grid's row-total column (a formula, never read)

_QUESTION: Final = re.compile(r"[A-Za-z0-9_]+(\.[A-Za-z0-9_]+)+")
_KEY: Final = re.compile(r"(?P<question>[A-Za-z0-9_.]+)(?:(?P<kind>[@#])(?P<rest>.*))?", re.DOTALL)


@dataclass(frozen=True)
class RowKey:
    """A parsed key: the question, and which part or row of it (``kind`` "" for the answer)."""

    question: str
    kind: str  # "", "@" (a part) or "#" (a row of a table or grid)
    rest: str

    @property
    def text(self) -> str:
        return f"{self.question}{self.kind}{self.rest}"


def parse(text: object) -> RowKey | None:
    """The key in a column-A cell, or None for anything else (a note, a number, a blank)."""
    if not isinstance(text, str) or len(text) > 400:
        return None
    match = _KEY.fullmatch(text.strip())
    if match is None or not _QUESTION.fullmatch(match["question"]):
        return None
    return RowKey(match["question"], match["kind"] or "", match["rest"] or "")


def answer(question: str) -> str:
    return question


def part(question: str, name: str) -> str:
    return f"{question}{PART}{name}"


def row(question: str, name: str) -> str:
    return f"{question}{ROW}{name}"


def columns(question: str) -> str:
    return row(question, COLUMNS)


def table_row(question: str, number: int) -> str:
    return row(question, f"{TABLE_ROW}{number}")


def grid_row(question: str, prefix: str) -> str:
    return row(question, f"{GRID_CELLS}{prefix}")


def option(question: str, code: str) -> str:
    return part(question, f"{OPTION}{code}")


def margin(question: str, dimension: str, code: str) -> str:
    return part(question, f"{MARGIN}{dimension}/{code}")
