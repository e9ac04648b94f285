"""Blocks of cells copied from a spreadsheet (tab-separated text), read all or nothing.

Excel and LibreOffice put a copied range on the clipboard as lines of tab-separated cells, with
numbers as the sheet shows them: "1 234" or "1.234" in French, "1,234" in English. A block is read
whole before anything is used, so a bad cell is reported by its position and nothing is half-pasted.
"""

from __future__ import annotations

from typing import Final

from forms.values import InvalidValue, read_count

MAX_CELLS: Final = 10_000  # far more than any grid; a guard against pasting a whole sheet


def parse_block(text: str, lang: str) -> list[list[int | None]]:
    """The block's rows of counts (None for an empty cell); 1-based positions in errors."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    while lines and not lines[-1].strip():
        lines.pop()  # spreadsheets end the copied block with a line break
    rows: list[list[int | None]] = []
    cells = 0
    for row_number, line in enumerate(lines, start=1):
        row: list[int | None] = []
        for column_number, raw in enumerate(line.split("\t"), start=1):
            cells += 1
            if cells > MAX_CELLS:
                raise InvalidValue("paste.too_big", limit=MAX_CELLS)
            cell = raw.strip().strip('"')
            if not cell:
                row.append(None)
                continue
            try:
                row.append(read_count(cell, lang))
            except InvalidValue as exc:
                raise InvalidValue(
                    "paste.bad_cell",
                    row=row_number,
                    column=column_number,
                    text=cell,
                    problem=exc,
                ) from exc
        rows.append(row)
    if not rows:
        raise InvalidValue("paste.empty")
    return rows
