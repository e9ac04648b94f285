"""The sealed history's head is printed on every export (issue 8), so that a later verification
can tell that no entry was removed since: the PDF cover and the workbook cover carry it."""

from __future__ import annotations

import io
import subprocess
from pathlib import Path

import openpyxl

from exports.excel import ExcelExporter
from exports.pdf import PdfExporter
from reporting.demo import create_demo_report
from reporting.service import load_state
from storage import open_database
from storage.audit import short


def test_both_covers_carry_the_history_head(tmp_path: Path) -> None:
    with open_database(tmp_path / "r.sqlite") as db:
        state = load_state(db, create_demo_report(db).id)
        count, seal = db.history_head(state.info.id)
    assert count > 0 and seal is not None and state.history_head == (count, seal)
    pdf = tmp_path / "r.pdf"
    pdf.write_bytes(PdfExporter().export(state, lang="en"))
    first_page = subprocess.run(
        ["pdftotext", "-f", "1", "-l", "1", str(pdf), "-"],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    assert short(seal) in first_page.replace("\n", "") and str(count) in first_page
    book = openpyxl.load_workbook(io.BytesIO(ExcelExporter().export(state, lang="fr")))
    cover = [str(c.value) for row in book.worksheets[0].iter_rows() for c in row if c.value]
    assert any(short(seal) in text and "entrées" in text for text in cover)
