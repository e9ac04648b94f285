"""SDG indicator 16.4.2 at a glance: definition, formula, a table per year and a bar chart.

A year whose proportion cannot be computed (a blank count, or no arms at all) is shown as such —
"n/c" and a hatched placeholder, never a 0 % bar — because a missing figure is not zero, while a
real 0 % is a value and gets its own thin bar.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any, Final

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QFontMetrics, QPainter, QPaintEvent, QPalette, QPen
from PySide6.QtWidgets import QHeaderView, QLabel, QTableView, QVBoxLayout, QWidget

from desktop.session import ReportSession
from forms.computed import Ratio, RatioResult
from forms.display import format_ratio
from forms.i18n import tr
from forms.model import Question
from forms.numbers import format_number

_Index = QModelIndex | QPersistentModelIndex
SDG_KEY: Final = "sdg_1642"  # in the template; failing it, its first computed value is shown
AGENCY_COLUMN: Final = "agency"
HEADERS: Final = ("sdg.year", "sdg.numerator", "sdg.denominator", "sdg.proportion", "sdg.status")
NO_FIGURE: Final = "—"  # a blank count: shown as absent, never as 0
CHART_HEIGHT: Final = 180
GRID_STEPS: Final = (0, 25, 50, 75, 100)
CENTRE: Final = Qt.AlignmentFlag.AlignCenter


def percent(value: Decimal, lang: str, places: int | None = 1) -> str:
    """The proportion as "34.6 %" in English, "34,6 %" in French: one decimal, as UNODC does."""
    return tr("sdg.percent", lang, percent=format_number(value, lang, places=places))


class SdgTableModel(QAbstractTableModel):
    """One row per year, then the whole period: year, numerator, denominator, proportion, status."""

    def __init__(self, lang: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.lang = lang
        self.ratios: list[Ratio] = []
        self.table: Question | None = None

    def set_result(self, result: RatioResult | None, table: Question | None) -> None:
        self.beginResetModel()
        # No year at all: no "whole period" row either; the panel says what to enter instead.
        self.ratios = [*result.rows, result.overall] if result and result.rows else []
        self.table = table
        self.endResetModel()

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt's own default
        return 0 if parent.isValid() else len(self.ratios)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt's own default
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        horizontal = orientation == Qt.Orientation.Horizontal and 0 <= section < len(HEADERS)
        if horizontal and role == Qt.ItemDataRole.DisplayRole:
            return tr(HEADERS[section], self.lang)
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self.ratios):
            return None
        ratio, column = self.ratios[index.row()], index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return self._text(ratio, column, tooltip=role == Qt.ItemDataRole.ToolTipRole)
        if role == Qt.ItemDataRole.TextAlignmentRole and 0 < column < 4:
            return Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        if role == Qt.ItemDataRole.FontRole:
            font = QFont()
            font.setBold(not ratio.label)  # the whole period
            # "Not computable" reads differently from a number at a glance, not only by its words.
            font.setItalic(not ratio.computable and column >= 3)
            return font
        return None

    def _text(self, ratio: Ratio, column: int, *, tooltip: bool) -> str:
        lang = self.lang
        if column == 0:
            return ratio.label or tr("sdg.period", lang)
        if column in (1, 2):
            number = ratio.numerator if column == 1 else ratio.denominator
            return NO_FIGURE if number is None else format_number(number, lang)
        status = (
            format_ratio(ratio, self.table, lang) if self.table and not ratio.computable else ""
        )
        if column == 3 and ratio.proportion is not None:
            return percent(ratio.proportion, lang)
        if column == 3:  # the abbreviation on screen, the reason in the tooltip
            return status if tooltip else tr("sdg.short_not_computable", lang)
        return status


class SdgChart(QWidget):
    """Bars of the proportion per year on a fixed 0–100 % scale, so years compare at a glance."""

    def __init__(self, lang: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.lang = lang
        self.bars: list[tuple[str, Decimal | None]] = []
        self.setFixedHeight(CHART_HEIGHT)  # the width follows the panel
        self.setMinimumWidth(80)

    def set_bars(self, bars: list[tuple[str, Decimal | None]], label: str) -> None:
        lang, self.bars = self.lang, list(bars)
        unknown = tr("sdg.not_computable", lang)
        items = [
            tr("sdg.chart_item", lang, year=year, value=unknown if v is None else percent(v, lang))
            for year, v in self.bars
        ]
        summary = tr("sdg.chart_separator", lang).join(items) or tr("sdg.chart_empty", lang)
        self.setAccessibleName(tr("sdg.chart_name", lang, label=label))
        self.setAccessibleDescription(summary)
        self.setToolTip(summary)
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        lang, painter = self.lang, QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        palette = self.palette()
        ink = palette.color(QPalette.ColorRole.WindowText)
        back = palette.color(self.backgroundRole())
        # A dark blue on light themes, a light blue on dark ones: at least 4.5:1 against either.
        dark_theme = palette.color(QPalette.ColorRole.Window).lightnessF() < 0.5
        bar_colour = QColor("#8cbcf5" if dark_theme else "#1f5fa8")
        faint = QColor(ink.red(), ink.green(), ink.blue(), 70)  # gridlines, hatching
        muted = QColor(ink.red(), ink.green(), ink.blue(), 150)  # baseline, dashed outline
        metrics = self.fontMetrics()
        line = metrics.height()
        axis = metrics.horizontalAdvance(percent(Decimal(100), lang, None)) + 6
        plot = QRectF(axis + 4, line + 6, self.width() - axis - 10, self.height() - 2 * line - 12)
        painter.setPen(ink)
        for step in GRID_STEPS:
            y = plot.bottom() - plot.height() * step / 100
            painter.fillRect(QRectF(plot.left(), y, plot.width(), 1), faint if step else muted)
            tick = percent(Decimal(step), lang, None)
            painter.drawText(QRectF(0, y - line / 2, axis, line), Qt.AlignmentFlag.AlignRight, tick)
        if not self.bars:
            painter.drawText(plot, CENTRE, tr("sdg.chart_empty", lang))
        slot, na = plot.width() / max(len(self.bars), 1), tr("sdg.short_not_computable", lang)
        width = min(slot * 0.6, 56.0)
        year_font, years = self._fit([[year, f"’{year[-2:]}"] for year, _ in self.bars], slot)
        value_font, values = self._fit(
            [[na, na] if v is None else [percent(v, lang), format_number(v, lang, places=1)]
             for _, v in self.bars], slot)  # fmt: skip
        for number, (_, value) in enumerate(self.bars):
            left = plot.left() + number * slot
            painter.setFont(year_font)
            painter.drawText(QRectF(left, plot.bottom() + 3, slot, line), CENTRE, years[number])
            bar = QRectF(left + (slot - width) / 2, plot.top(), width, plot.height())
            if value is None:
                # Full height, hatched and dashed: a gap in the data, not a short bar.
                painter.setPen(QPen(muted, 1, Qt.PenStyle.DashLine))
                painter.setBrush(QBrush(faint, Qt.BrushStyle.BDiagPattern))
                painter.drawRect(bar)
                label = QRectF(left, plot.center().y() - line / 2, slot, line)
                gap = QFontMetrics(value_font).horizontalAdvance(values[number]) + 6
                # A plain backdrop, so the hatching does not run through the letters.
                painter.fillRect(QRectF(bar.center().x() - gap / 2, label.top(), gap, line), back)
            else:
                share = min(max(float(value), 0.0), 100.0) / 100
                # 0 % is a value: a 3 px bar on the baseline, unlike the empty n/c placeholder.
                bar.setTop(plot.bottom() - max(plot.height() * share, 3.0))
                painter.fillRect(bar, bar_colour)
                label = QRectF(left, bar.top() - line - 2, slot, line)
            painter.setPen(ink)
            painter.setFont(value_font)
            painter.drawText(label, CENTRE, values[number])
        painter.end()

    def _fit(self, labels: list[list[str]], width: float) -> tuple[QFont, list[str]]:
        """One wording and one font for a row of labels, so they read alike: the full wording,
        then the short one, each shrunk to 70 % at most; else none (the tooltip and accessible
        description still say every value)."""
        for variant in (0, 1):
            for scale in (1.0, 0.85, 0.7):
                font, texts = QFont(self.font()), [label[variant] for label in labels]
                if font.pointSizeF() > 0:  # a font sized in pixels keeps its size
                    font.setPointSizeF(font.pointSizeF() * scale)
                if all(QFontMetrics(font).horizontalAdvance(t) <= width - 2 for t in texts):
                    return font, texts
        return self.font(), [""] * len(labels)


class _FitTable(QTableView):
    """Shows every row at once: a table scrolling inside the scrolling page is easy to miss."""

    def __init__(self) -> None:
        super().__init__()
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.verticalHeader().hide()  # the year is the row's name
        for header in (self.verticalHeader(), self.horizontalHeader()):
            # Columns as wide as their figures; rows as high as their wrapped status.
            header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.horizontalHeader().setStretchLastSection(True)

    def updateGeometries(self) -> None:
        # Qt calls this once rows, columns and scroll bars have settled: the moment to fit.
        super().updateGeometries()
        self.fit()

    def fit(self) -> None:
        height = self.horizontalHeader().sizeHint().height() + self.verticalHeader().length()
        if self.horizontalScrollBar().maximum() > 0:  # narrow: keep the last row above it
            height += self.horizontalScrollBar().sizeHint().height()
        self.setFixedHeight(height + 2 * self.frameWidth())


class SdgPanel(QWidget):
    """The indicator of the open report; refreshes itself when its table changes."""

    def __init__(self, session: ReportSession, lang: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session, self.lang = session, lang
        self.column = column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        self.title = self._label(title=True)
        self.definition, self.formula = self._label(), self._label()
        self.no_years = self._label(tr("sdg.no_years", lang))
        self.model = SdgTableModel(lang, self)
        self.table = _FitTable()
        self.table.setModel(self.model)
        column.addWidget(self.table)
        self.chart = SdgChart(lang)
        column.addWidget(self.chart)
        self.legend = self._label(tr("sdg.chart_legend", lang))
        self.agencies = self._label()
        column.addStretch(1)  # spare height goes below, not between the lines
        session.changed.connect(self._changed)
        self.refresh()

    def result(self) -> RatioResult | None:
        results = self.session.computed()
        return results.get(SDG_KEY) or next(iter(results.values()), None)

    def refresh(self) -> None:
        lang, result = self.lang, self.result()
        if result is None:  # a template without the indicator
            self.hide()
            return
        item = result.definition
        table = self.session.template.question(item.table)
        label = item.label.get(lang)
        self.title.setText(label)
        self.definition.setText(item.definition.get(lang))

        def labels(keys: tuple[str, ...]) -> str:
            return " + ".join(table.column(key).label.get(lang) for key in keys)

        numerator = tr("sdg.formula_numerator", lang, columns=labels(item.numerator))
        denominator = tr("sdg.formula_denominator", lang, columns=labels(item.denominator))
        self.formula.setText(f"{numerator}\n{denominator}")
        self.no_years.setVisible(not result.rows)
        self.model.set_result(result, table)
        self.table.setVisible(bool(result.rows))
        self.table.setAccessibleName(tr("sdg.table_name", lang, label=label))
        self.chart.set_bars([(row.label, row.proportion) for row in result.rows], label)
        self.legend.setVisible(any(value is None for _, value in self.chart.bars))
        agencies = self._agencies(item.table)
        self.agencies.setText(tr("sdg.agencies", lang, agencies=agencies) if agencies else "")
        self.agencies.setVisible(bool(agencies))

    def _changed(self, key: str) -> None:
        # Only the indicator's own table moves it; computing it is cheap, so no deferral.
        if key in {item.table for item in self.session.template.computed}:
            self.refresh()

    def _agencies(self, table_key: str) -> str:
        """Distinct agencies in order; a cell often lists several, separated by semicolons."""
        cells = [str(row.get(AGENCY_COLUMN) or "") for row in self.session.value(table_key) or []]
        names = dict.fromkeys(name.strip() for cell in cells for name in cell.split(";"))
        names.pop("", None)
        return tr("sdg.list_separator", self.lang).join(names)

    def _label(self, text: str = "", *, title: bool = False) -> QLabel:
        label = QLabel(text)
        label.setTextFormat(Qt.TextFormat.PlainText)  # report texts are never markup
        label.setWordWrap(True)
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        if title:  # as the overview's headings
            font = label.font()
            font.setBold(True)
            font.setPointSizeF(font.pointSizeF() * 1.15)
            label.setFont(font)
        self.column.addWidget(label)
        return label
