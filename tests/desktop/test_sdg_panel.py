"""The SDG 16.4.2 panel: table, chart and texts; a missing figure is never shown as 0 %."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from desktop.sdg_panel import SdgChart, SdgPanel, SdgTableModel
from desktop.session import ReportSession
from forms.i18n import LOCALE_DIR, placeholders
from reporting.demo import create_demo_report
from storage import Database

PANEL_SOURCE = Path(__file__).resolve().parents[2] / "desktop" / "sdg_panel.py"
BAR_COLOUR = QColor("#1f5fa8")  # the light-theme bar colour of the chart
COMPLETE = {"found": 0, "surrendered": 0, "established_tracing": 0, "established_other": 0}


def make_panel(qtbot: QtBot, session: ReportSession, lang: str = "en") -> SdgPanel:
    panel = SdgPanel(session, lang)
    qtbot.addWidget(panel)
    return panel


def cells(model: SdgTableModel) -> list[list[Any]]:
    return [
        [model.data(model.index(row, column)) for column in range(model.columnCount())]
        for row in range(model.rowCount())
    ]


def bar_heights(chart: SdgChart, width: int = 400) -> list[int]:
    """The height in pixels of each bar drawn, left to right (an n/c year draws none)."""
    chart.resize(width, chart.height())
    image = chart.grab().toImage()
    columns = [
        sum(image.pixelColor(x, y) == BAR_COLOUR for y in range(image.height()))
        for x in range(image.width())
    ]
    heights, current = [], 0
    for count in [*columns, 0]:
        if count == 0 and current:
            heights.append(current)
        current = max(current, count) if count else 0
    return heights


def test_the_model_passes_qt_checks(
    qtmodeltester: ModelTester, qtbot: QtBot, session: ReportSession
) -> None:
    panel = make_panel(qtbot, session)
    qtmodeltester.check(panel.model)
    session.set_value("c_sdg.years", None)
    qtmodeltester.check(panel.model)


def test_demo_values_in_english(qtbot: QtBot, session: ReportSession) -> None:
    panel = make_panel(qtbot, session)

    assert panel.title.text() == "SDG indicator 16.4.2"
    assert panel.definition.text().startswith("Proportion of seized, found or surrendered arms")
    assert panel.formula.text() == (
        "Numerator: Origin established by tracing + Origin established by other means.\n"
        "Denominator: Arms seized + Arms found + Arms surrendered."
    )
    assert [panel.model.headerData(c, Qt.Orientation.Horizontal) for c in range(5)] == [
        "Year",
        "Numerator",
        "Denominator",
        "Proportion",
        "Status",
    ]
    status = "Not computable: missing 2024 — Arms surrendered."
    assert cells(panel.model) == [
        ["2022", "244", "705", "34.6 %", ""],
        ["2023", "306", "828", "37.0 %", ""],
        # The surrendered arms are blank: no denominator, and no proportion — not 0 %.
        ["2024", "60", "—", "n/c", status],
        ["Whole period", "—", "—", "n/c", status],
    ]
    assert panel.model.data(panel.model.index(2, 3), Qt.ItemDataRole.ToolTipRole) == status
    assert not panel.no_years.isVisibleTo(panel)
    assert panel.legend.isVisibleTo(panel)  # explains "n/c"
    assert panel.agencies.text() == (
        "Data supplied by: National Police (Central Firearms Office); Customs Directorate; "
        "National Commission on Small Arms (surrenders)"
    )


def test_demo_values_in_french(qtbot: QtBot, db: Database) -> None:
    session = ReportSession(db, create_demo_report(db, language="fr").id)
    panel = make_panel(qtbot, session, "fr")

    assert panel.title.text() == "Indicateur 16.4.2 des ODD"
    assert panel.formula.text().startswith("Numérateur\u00a0: Origine établie par traçage + ")
    rows = cells(panel.model)
    assert rows[0][:4] == ["2022", "244", "705", "34,6\u00a0%"]
    assert rows[1][:4] == ["2023", "306", "828", "37,0\u00a0%"]
    assert rows[2][3:] == ["n.c.", "Non calculable : il manque 2024 — Armes remises."]
    assert rows[3][0] == "Ensemble de la période"
    assert panel.chart.accessibleDescription() == (
        "2022\u00a0: 34,6\u00a0%\u00a0; 2023\u00a0: 37,0\u00a0%\u00a0; 2024\u00a0: non calculable"
    )


def test_the_chart_says_every_value(qtbot: QtBot, session: ReportSession) -> None:
    panel = make_panel(qtbot, session)
    chart = panel.chart

    assert chart.accessibleName() == "Bar chart: SDG indicator 16.4.2, proportion by year"
    assert chart.accessibleDescription() == "2022: 34.6 %, 2023: 37.0 %, 2024: not computable"
    assert chart.toolTip() == chart.accessibleDescription()
    assert chart.height() == 180
    heights = bar_heights(chart)
    assert len(heights) == 2  # 2024 is a placeholder, not a bar
    assert heights[0] < heights[1]  # 34.6 % below 37.0 %


def test_zero_is_a_value_and_not_computable_is_not(qtbot: QtBot, session: ReportSession) -> None:
    panel = make_panel(qtbot, session)
    session.set_value(
        "c_sdg.years",
        [
            {"year": 2022, "seized": 10, **COMPLETE},  # nothing traced: 0 %
            {"year": 2023, "seized": 0, **COMPLETE},  # no arms at all
            {"year": 2024, "seized": 8, "established_tracing": 4, "established_other": 0},
        ],
    )

    rows = cells(panel.model)
    assert rows[0] == ["2022", "0", "10", "0.0 %", ""]
    assert rows[1] == [
        "2023",
        "0",
        "0",
        "n/c",
        "Not computable: no arms were seized, found or surrendered.",
    ]
    assert rows[2][3] == "n/c"
    assert panel.chart.accessibleDescription() == (
        "2022: 0.0 %, 2023: not computable, 2024: not computable"
    )
    # The 0 % year has a thin bar on the baseline; the others have none.
    heights = bar_heights(panel.chart)
    assert len(heights) == 1 and 1 <= heights[0] <= 4


def test_the_panel_follows_the_session(qtbot: QtBot, session: ReportSession) -> None:
    panel = make_panel(qtbot, session)
    with qtbot.waitSignal(panel.model.modelReset):
        row = {"year": 2022, "seized": 40, **COMPLETE, "established_tracing": 10}
        session.set_value("c_sdg.years", [row | {"agency": "Customs; Police"}])

    assert cells(panel.model) == [
        ["2022", "10", "40", "25.0 %", ""],
        ["Whole period", "10", "40", "25.0 %", ""],
    ]
    assert panel.chart.accessibleDescription() == "2022: 25.0 %"
    assert not panel.legend.isVisibleTo(panel)
    assert panel.agencies.text() == "Data supplied by: Customs; Police"

    session.set_value("c_sdg.years", None)
    assert panel.model.rowCount() == 0
    assert panel.no_years.text() == (
        "Enter the figures for each year of the reporting period in Part C."
    )
    assert panel.no_years.isVisibleTo(panel) and not panel.table.isVisibleTo(panel)
    assert not panel.agencies.isVisibleTo(panel)

    session.undo_stack.undo()  # an undo is a change like any other
    assert panel.model.rowCount() == 2


def test_other_answers_leave_the_panel_alone(qtbot: QtBot, session: ReportSession) -> None:
    panel = make_panel(qtbot, session)
    with qtbot.assertNotEmitted(panel.model.modelReset):
        session.set_value("a_coordination.women", 3)


@pytest.mark.parametrize("years", [0, 1, 10])
@pytest.mark.parametrize("width", [300, 1000])
def test_paints_at_any_width(qtbot: QtBot, session: ReportSession, years: int, width: int) -> None:
    panel = make_panel(qtbot, session)
    rows = [
        {"year": 2015 + n, "seized": 100, **COMPLETE, "established_tracing": n * 11}
        for n in range(years)
    ]
    session.set_value("c_sdg.years", rows or None)
    panel.resize(width, 700)

    image = panel.grab()

    assert (image.width(), image.height()) == (width, 700)
    assert len(bar_heights(panel.chart, width)) == years  # 0 % included: n = 0 gets its marker
    if years == 10:  # 99 % is drawn at full height, within the chart
        assert "2024: 99.0 %" in panel.chart.accessibleDescription()


def test_messages_exist_in_both_languages_and_are_all_used() -> None:
    english, french = (
        json.loads((LOCALE_DIR / f"desktop_sdg.{lang}.json").read_text(encoding="utf-8"))
        for lang in ("en", "fr")
    )
    used = set(re.findall(r'"(sdg\.[a-z_.]+)"', PANEL_SOURCE.read_text(encoding="utf-8")))

    assert english.keys() == french.keys() == used
    for key, text in french.items():
        assert placeholders(text) == placeholders(english[key]), key
