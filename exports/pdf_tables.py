"""Tables for the PDF: wrapped cells, a repeated header row, widths that suit the content.

Every cell is a Paragraph, so long texts wrap instead of running off the page. A row taller than
a page (a 32,767-character description) may split inside (``splitInRow``) rather than stop the
export with a layout error; other rows never split, since a split row is hard to read.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Final

from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Paragraph, Table, TableStyle

from exports.pdf_style import BOLD, FONT, HEAD, LIGHT, RULE, Styles, plain
from forms.model import Question

# Relative widths of table columns by type: free text gets the room, codes and numbers little.
_WEIGHTS: Final = {
    "long_text": 3.0,
    "text": 2.0,
    "multi_choice": 1.6,
    "single_choice": 1.4,
    "country": 1.4,
    "date": 1.15,
    "decimal": 1.15,
    "yes_no_dev": 1.0,
    "count": 0.95,
    "year": 0.8,
}
NUMERIC: Final = ("count", "decimal")  # right-aligned; years read as labels
MIN_SPLIT: Final = 30  # points: the least of a split row worth leaving at the foot of a page
TALL_ROW: Final = 480.0  # points: a row this tall might not fit on a page (A4 or Letter)
PADDING: Final = 7.0  # left + right cell padding, plus a little air


def table_style(commands: list[tuple[Any, ...]]) -> TableStyle:
    """A table style whose plain-string cells (if any) use our embedded font, not Helvetica."""
    return TableStyle([("FONTNAME", (0, 0), (-1, -1), FONT), *commands])


def widths(weights: Sequence[float], total: float) -> list[float]:
    scale = total / sum(weights)
    return [weight * scale for weight in weights]


def column_widths(
    columns: Sequence[Question], total: float, texts: Sequence[Sequence[str]] = ()
) -> list[float]:
    """Widths by column type, widened where a word (or a number) would not fit.

    ``texts`` holds the header labels, then the cell texts, row by row.
    """
    weights = [_WEIGHTS.get(column.type, 1.0) for column in columns]
    least = [0.0] * len(columns)
    for number, row in enumerate(texts):
        font = BOLD if number == 0 else FONT
        for index, text in enumerate(row):
            numeric = number > 0 and columns[index].type in NUMERIC
            least[index] = max(least[index], _least_width(text, font, numeric))
    return fit(weights, least, total)


def _least_width(text: str, font: str, whole: bool, size: float = 7.5) -> float:
    """The width a cell needs so that no word is cut (a number is kept whole)."""
    words = [text] if whole else text.split()
    return max((stringWidth(word, font, size) for word in words), default=0.0) + PADDING


def fit(weights: Sequence[float], least: Sequence[float], total: float) -> list[float]:
    """Share ``total`` by weight, giving every column at least its least width if possible."""
    if sum(least) >= total:
        return widths(least, total)  # too many long words: shrink all alike
    fixed: dict[int, float] = {}
    while True:
        free = [i for i in range(len(weights)) if i not in fixed]
        room = total - sum(fixed.values())
        share = widths([weights[i] for i in free], room) if free else []
        short = [i for i, width in zip(free, share, strict=True) if width < least[i]]
        if not short:
            result = dict(zip(free, share, strict=True)) | fixed
            return [result[i] for i in range(len(weights))]
        for i in short:
            fixed[i] = least[i]


def cell(text: str, styles: Styles, *, head: bool = False, number: bool = False) -> Paragraph:
    """A wrapped cell showing ``text`` literally."""
    style = styles.cell_head if head else styles.cell_number if number else styles.cell
    return plain(text, style)


def grid_table(
    rows: list[list[Any]],
    col_widths: Sequence[float],
    *,
    header_rows: int = 1,
    total_row: bool = False,
    total_col: bool = False,
    zebra: bool = True,
    row_height: float | None = None,
) -> Table:
    """A ruled table whose first ``header_rows`` rows repeat on every page it spans.

    ``row_height`` sets the least height of the other rows: room to write in a blank form.
    """
    heights = None
    if row_height is not None:
        heights = [None] * header_rows + [row_height] * (len(rows) - header_rows)
    table = Table(
        rows,
        colWidths=list(col_widths),
        rowHeights=heights,
        repeatRows=header_rows,
        hAlign="LEFT",
    )
    commands: list[tuple[Any, ...]] = [
        ("GRID", (0, 0), (-1, -1), 0.4, RULE),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
    ]
    if header_rows:
        commands.append(("BACKGROUND", (0, 0), (-1, header_rows - 1), HEAD))
    if zebra:
        commands.append(("ROWBACKGROUNDS", (0, header_rows), (-1, -1), [None, LIGHT]))
    if total_row:
        commands.append(("BACKGROUND", (0, -1), (-1, -1), HEAD))
        commands.append(("LINEABOVE", (0, -1), (-1, -1), 1.0, RULE))
    if total_col:
        commands.append(("BACKGROUND", (-1, header_rows), (-1, -1), HEAD))
        commands.append(("LINEBEFORE", (-1, 0), (-1, -1), 1.0, RULE))
    table.setStyle(table_style(commands))
    # Measure once: only tables with a row that may not fit on a page may split rows.
    _width, _height = table.wrap(sum(col_widths), 1e9)
    if max(table._rowHeights, default=0) > TALL_ROW:
        table.splitInRow = MIN_SPLIT
    table.spaceBefore = 2
    table.spaceAfter = 8
    return table
