"""The SDG 16.4.2 table: the counts by year, the numerator, the denominator and the proportion.

The table is printed with the years across (few years, many figures), then the definition, the
proportion of each year and of the whole period in words, and a bar chart. A proportion with a
missing input is "not computable" with the missing inputs named, and the chart shows "n/c"
instead of a bar: a missing figure is never drawn as 0 %.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any, Final

from reportlab.graphics.shapes import Drawing, Line, Rect, String
from reportlab.platypus import Flowable, Paragraph, Spacer

from exports.pdf_answers import label_flowables, no_response
from exports.pdf_context import Context
from exports.pdf_style import ACCENT, BOLD, FONT, GREY, ITALIC, RULE, message, plain
from exports.pdf_tables import NUMERIC, cell, grid_table, widths
from forms.computed import Ratio, RatioResult
from forms.display import format_ratio, format_value
from forms.i18n import tr
from forms.model import Computed, Question
from forms.numbers import format_number

YEARS_PER_TABLE: Final = 5  # more years go into a second table, so the columns stay readable
BLANK_YEARS: Final = 3  # columns to fill in on a blank form
BLANK_ROW: Final = 18.0  # points: the height of a row to fill in by hand
CHART_HEIGHT: Final = 170.0
PERIOD_COLOUR: Final = RULE


def _percent(ratio: Ratio, lang: str) -> str:
    proportion = ratio.proportion
    if proportion is None:
        return tr("pdf.sdg.nc", lang)
    return f"{format_number(proportion, lang, places=1)}\u00a0%"


def _terms(table: Question, keys: tuple[str, ...], lang: str) -> str:
    return " + ".join(table.column(key).label.get(lang) for key in keys)


def _years_table(
    ctx: Context,
    table: Question,
    item: Computed,
    rows: list[dict[str, Any]],
    ratios: list[Ratio | None],
) -> Flowable:
    """One table, the years across: each column of the question becomes a line."""
    styles, lang = ctx.styles, ctx.lang
    label_column = table.column(item.row_label)
    head = [cell(label_column.label.get(lang), styles, head=True)]
    head += [
        plain(format_value(label_column, row.get(item.row_label), lang), styles.cell_head_number)
        for row in rows
    ]
    data: list[list[Any]] = [head]
    for column in table.columns:
        if column.key == item.row_label:
            continue
        values = [
            cell(
                format_value(column, row.get(column.key), lang),
                styles,
                number=column.type in NUMERIC,
            )
            for row in rows
        ]
        data.append([cell(column.label.get(lang), styles), *values])

    def amount(number: Decimal | None) -> str:
        return tr("pdf.sdg.nc", lang) if number is None else format_number(number, lang)

    computed: tuple[tuple[str, Callable[[Ratio], str]], ...] = (
        ("pdf.sdg.numerator", lambda ratio: amount(ratio.numerator)),
        ("pdf.sdg.denominator", lambda ratio: amount(ratio.denominator)),
        ("pdf.sdg.proportion", lambda ratio: _percent(ratio, lang)),
    )
    for key, pick in computed:
        figures = [
            cell("" if ratio is None else pick(ratio), styles, number=True) for ratio in ratios
        ]
        data.append([cell(tr(key, lang), styles, head=True), *figures])
    weights = [2.6] + [1.0] * len(rows)
    col_widths = widths(weights, ctx.width)
    # A blank form needs room to write the figures by hand.
    table_flowable = grid_table(data, col_widths, row_height=BLANK_ROW if ctx.blank else None)
    # The three computed lines stand apart from the figures they are computed from.
    table_flowable.setStyle([("LINEABOVE", (0, -3), (-1, -3), 1.2, ACCENT)])
    return table_flowable


def chart(ctx: Context, result: RatioResult) -> Drawing:
    """Bars for each year and for the whole period; "n/c" where no proportion can be computed."""
    lang = ctx.lang
    items = [(ratio.label, ratio, ACCENT) for ratio in result.rows]
    items.append((tr("computed.period", lang), result.overall, PERIOD_COLOUR))
    # initialFontName: the default, Helvetica, would add a font that is not embedded.
    drawing = Drawing(ctx.width, CHART_HEIGHT, initialFontName=FONT)
    left, bottom = 42.0, 28.0
    plot_width, plot_height = ctx.width - left - 10, CHART_HEIGHT - bottom - 18
    for tick in (0, 25, 50, 75, 100):
        y = bottom + plot_height * tick / 100
        drawing.add(Line(left, y, left + plot_width, y, strokeColor=RULE, strokeWidth=0.3))
        drawing.add(
            String(
                left - 4,
                y - 3,
                f"{tick} %",
                fontName=FONT,
                fontSize=7,
                fillColor=GREY,
                textAnchor="end",
            )
        )
    slot = plot_width / max(len(items), 1)
    bar = min(slot * 0.55, 60.0)
    for index, (label, ratio, colour) in enumerate(items):
        centre = left + slot * (index + 0.5)
        drawing.add(
            String(centre, bottom - 12, label, fontName=FONT, fontSize=7.5, textAnchor="middle")
        )
        proportion = ratio.proportion
        if proportion is None:
            drawing.add(
                String(
                    centre,
                    bottom + 5,
                    tr("pdf.sdg.nc", lang),
                    fontName=ITALIC,
                    fontSize=8,
                    fillColor=GREY,
                    textAnchor="middle",
                )
            )
            continue
        height = plot_height * min(float(proportion), 100.0) / 100
        drawing.add(Rect(centre - bar / 2, bottom, bar, height, fillColor=colour, strokeColor=None))
        drawing.add(
            String(
                centre,
                bottom + height + 3,
                _percent(ratio, lang),
                fontName=BOLD,
                fontSize=7.5,
                textAnchor="middle",
            )
        )
    return drawing


def sdg_flowables(
    ctx: Context, table: Question, item: Computed, result: RatioResult
) -> list[Flowable]:
    """The table question that feeds an SDG indicator, with the indicator computed from it."""
    styles, lang = ctx.styles, ctx.lang
    found = label_flowables(ctx, table)
    rows: list[dict[str, Any]] = list(ctx.value(table) or [])
    ratios: list[Ratio | None] = list(result.rows)
    if ctx.blank:
        rows, ratios = [{} for _ in range(BLANK_YEARS)], [None] * BLANK_YEARS
    if not rows:
        found.append(no_response(ctx))
    for start in range(0, len(rows), YEARS_PER_TABLE):
        chunk = slice(start, start + YEARS_PER_TABLE)
        found.append(_years_table(ctx, table, item, rows[chunk], ratios[chunk]))
    found.append(plain(item.label.get(lang), styles.subheading))
    found.append(plain(item.definition.get(lang), styles.note))
    formula = message(
        "pdf.sdg.formula",
        lang,
        numerator=_terms(table, item.numerator, lang),
        denominator=_terms(table, item.denominator, lang),
    )
    found.append(Paragraph(formula, styles.body))
    if ctx.blank:
        found.append(Paragraph(message("pdf.sdg.blank_note", lang), styles.note))
        return found
    lines = [
        tr("pdf.sdg.line", lang, label=ratio.label, value=format_ratio(ratio, table, lang))
        for ratio in result.rows
    ]
    period = format_ratio(result.overall, table, lang)
    lines.append(tr("pdf.sdg.line", lang, label=tr("computed.period", lang), value=period))
    found.append(plain("\n".join(lines), styles.answer))
    found.append(Spacer(1, 4))
    found.append(chart(ctx, result))
    found.append(Paragraph(message("pdf.sdg.chart_caption", lang), styles.note))
    return found
