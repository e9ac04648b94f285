"""The new-report form of the start screen: country, cycle, report language and, to carry a
report forward, the earlier report to start from."""

from __future__ import annotations

import datetime as dt
import itertools

from PySide6.QtCore import (
    QAbstractItemModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from desktop.report_labels import (
    ENDONYMS,
    SEARCH_ROLE,
    plain,
    report_title,
    scaled_bold,
)
from forms.countries import all_countries, fold, match_country
from forms.i18n import LANGUAGES, LocalizedError, tr
from reporting.service import MAX_CYCLE, MIN_CYCLE
from storage import ReportInfo


def default_cycle(today: dt.date) -> int:
    """The next even year from today: Meetings of States and Review Conferences are biennial."""
    return today.year + today.year % 2


class CountryCompleter(QCompleter):
    """Completes on the name, its accent-free spelling or the ISO code; inserts the list entry."""

    def __init__(self, model: QAbstractItemModel, parent: QWidget) -> None:
        super().__init__(model, parent)
        self.setCompletionRole(SEARCH_ROLE)
        self.setFilterMode(Qt.MatchFlag.MatchContains)
        self.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.setMaxVisibleItems(12)

    def pathFromIndex(self, index: QModelIndex | QPersistentModelIndex) -> str:
        return str(index.data(Qt.ItemDataRole.DisplayRole))


class NewReportForm(QWidget):
    """The new-report page: country, cycle, report language and, to carry forward, a source."""

    def __init__(self, lang: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.lang = lang
        # Sorted as a reader expects ("Égypte" among the E's) without depending on ICU.
        self.countries = sorted(all_countries(), key=lambda c: fold(c.name(lang)))
        self.carry = False
        self.reports: list[ReportInfo] = []

        self.heading = QLabel()
        self.heading.setFont(scaled_bold(self.font(), 1.2))
        self.intro = QLabel()
        self.intro.setWordWrap(True)

        self.country_box = QComboBox()
        self.country_box.setEditable(True)
        self.country_box.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        for country in self.countries:
            label = country.label(lang)
            self.country_box.addItem(label, country.alpha3)
            index = self.country_box.count() - 1
            search = f"{label} {fold(label)} {fold(country.name_en)}"
            self.country_box.setItemData(index, search, SEARCH_ROLE)
        self.country_box.setCompleter(CountryCompleter(self.country_box.model(), self))
        self.country_box.setCurrentIndex(-1)
        line_edit = self.country_box.lineEdit()
        if line_edit is not None:  # always, since the box is editable
            line_edit.setPlaceholderText(tr("desktop_app.new.country_placeholder", lang))
            line_edit.setClearButtonEnabled(True)
        self.country_box.currentTextChanged.connect(self._preselect_source)

        self.cycle_box = QSpinBox()
        self.cycle_box.setRange(MIN_CYCLE, MAX_CYCLE)
        self.cycle_box.setValue(default_cycle(dt.date.today()))
        self.cycle_hint = QLabel(tr("desktop_app.new.cycle_hint", lang))
        self.cycle_hint.setWordWrap(True)
        self.cycle_box.setToolTip(self.cycle_hint.text())

        self.language_box = QComboBox()
        for code in LANGUAGES:
            self.language_box.addItem(ENDONYMS[code], code)
        self.language_box.setCurrentIndex(self.language_box.findData(lang))

        self.source_box = QComboBox()
        self.create_button = QPushButton(tr("desktop_app.new.create", lang))
        self.back_button = QPushButton(tr("desktop_app.new.back", lang))
        self._lay_out()

    def _lay_out(self) -> None:
        lang = self.lang
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        # The hint sits beside the spin box; the row's label still focuses the spin box itself.
        cycle_row = QHBoxLayout()
        cycle_row.addWidget(self.cycle_box)
        cycle_row.addWidget(self.cycle_hint, 1)
        rows: list[tuple[str, QWidget, QWidget | QHBoxLayout]] = [
            ("desktop_app.new.country", self.country_box, self.country_box),
            ("desktop_app.new.cycle", self.cycle_box, cycle_row),
            ("desktop_app.new.language", self.language_box, self.language_box),
            ("desktop_app.new.carry_from", self.source_box, self.source_box),
        ]
        for message_id, field, row in rows:
            label = QLabel(tr(message_id, lang))
            label.setBuddy(field)
            field.setAccessibleName(plain(label.text()).rstrip(" :\u00a0"))
            form.addRow(label, row)
        self.source_label = form.labelForField(self.source_box)

        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.back_button)
        buttons.addWidget(self.create_button)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.heading)
        layout.addWidget(self.intro)
        layout.addSpacing(8)
        layout.addLayout(form)
        layout.addStretch(1)
        layout.addLayout(buttons)
        order = (
            self.country_box,
            self.cycle_box,
            self.language_box,
            self.source_box,
            self.back_button,
            self.create_button,
        )
        for first, second in itertools.pairwise(order):
            QWidget.setTabOrder(first, second)

    def reset(self, *, carry: bool, reports: list[ReportInfo], source: ReportInfo | None) -> None:
        """Show the form for a new report; to carry forward, start from ``source``."""
        lang = self.lang
        self.carry, self.reports = carry, reports
        suffix = "_carry" if carry else ""
        self.heading.setText(tr(f"desktop_app.new.heading{suffix}", lang))
        self.intro.setText(tr(f"desktop_app.new.intro{suffix}", lang))
        self.source_box.clear()
        for info in reports:
            self.source_box.addItem(report_title(info, lang), info.id)
        self.source_box.setVisible(carry)
        if isinstance(self.source_label, QWidget):
            self.source_label.setVisible(carry)
        self.country_box.setCurrentIndex(-1)
        self.country_box.setEditText("")
        self.cycle_box.setValue(default_cycle(dt.date.today()))
        self.language_box.setCurrentIndex(self.language_box.findData(lang))
        # No source until one is chosen or implied: carrying answers is never a silent default.
        self.source_box.setCurrentIndex(-1)
        if carry and source is not None:
            # The usual case: the same State's next report, in the same language.
            self.country_box.setCurrentIndex(self.country_box.findData(source.country))
            self.language_box.setCurrentIndex(max(self.language_box.findData(source.language), 0))
            self.source_box.setCurrentIndex(self.source_box.findData(source.id))
            # Reports follow each other every two years: never default to the source's own cycle.
            self.cycle_box.setValue(max(self.cycle_box.value(), source.cycle + 2))
        self.country_box.setFocus()

    def _preselect_source(self, text: str) -> None:
        """On a change of country, start from that country's latest report, when there is one."""
        country = match_country(text, self.countries, self.lang)
        same = [info for info in self.reports if country and info.country == country.alpha3]
        if same:
            latest = max(same, key=lambda info: (info.cycle, info.updated_at))
            self.source_box.setCurrentIndex(self.source_box.findData(latest.id))

    def chosen_country(self) -> str:
        """The ISO code of the chosen country; LocalizedError when none is recognisable."""
        text = self.country_box.currentText().strip()
        if not text:
            raise LocalizedError("desktop_app.new.no_country")
        country = match_country(text, self.countries, self.lang)
        if country is None:
            raise LocalizedError("desktop_app.new.unknown_country", text=text)
        return country.alpha3

    def chosen_source(self) -> int | None:
        if not self.carry:
            return None
        data = self.source_box.currentData()
        if not isinstance(data, int):
            raise LocalizedError("desktop_app.new.no_source")
        return data

    def chosen_language(self) -> str:
        data = self.language_box.currentData()
        return data if isinstance(data, str) else self.lang
