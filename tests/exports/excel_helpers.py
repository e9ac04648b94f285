"""What the Excel tests share: a fixed generation time, the OWASP triggers, small builders."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
from typing import Any

import openpyxl
from openpyxl.workbook.workbook import Workbook

from exports.excel import ExcelExporter
from forms.values import normalise
from reporting.service import ReportState

WHEN = dt.datetime(2024, 6, 1, 12, 30)
# Every way a cell's text can start a formula (OWASP CSV injection).
OWASP = ["=1+1", "+1", "-1", "@SUM(A1)", "\t=1", "\r=1", '=HYPERLINK("http://x.example","y")']


def export(state: ReportState, lang: str = "en", **options: Any) -> bytes:
    return ExcelExporter().export(state, lang=lang, generated_at=WHEN, **options)


def load(data: bytes) -> Workbook:
    return openpyxl.load_workbook(io.BytesIO(data))


def with_answers(state: ReportState, changes: dict[str, Any]) -> ReportState:
    """The report with some answers changed (None clears one), each normalised as stored."""
    answers = dict(state.answers)
    for key, value in changes.items():
        answers[key] = normalise(state.template.question(key), value)
    return dataclasses.replace(state, answers={k: v for k, v in answers.items() if v is not None})


def formula_cells(book: Workbook) -> list[str]:
    """ "Sheet!A1" of every cell that holds a formula."""
    return [
        f"{ws.title}!{cell.coordinate}"
        for ws in book.worksheets
        for row in ws.iter_rows()
        for cell in row
        if cell.data_type == "f"
    ]
