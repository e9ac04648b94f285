"""The start screen: choose a report to open, start a new one, or open the demo report.

Two pages in one dialog: the lists of reports, and the form for a new report (embedded rather
than a second modal dialog, so the keyboard path is one window and tests drive it directly).
Reports are created through ``reporting.service`` only; its refusals reach the user through
``desktop.errors.show_error`` and leave the database unchanged.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence

from PySide6.QtCore import (
    Qt,
)
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSizePolicy,
    QStackedWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop import errors
from desktop.new_report_form import NewReportForm
from desktop.report_labels import (
    REPORT_ID_ROLE,
    format_timestamp,
    language_name,
    plain,
    report_title,
    scaled_bold,
)
from desktop.settings import Preferences
from forms.countries import country_name
from forms.i18n import LocalizedError, tr
from reporting.demo import create_demo_report
from reporting.service import create_report
from storage import Database, ReportInfo


class WelcomeDialog(QDialog):
    """The start screen. After ``exec()`` returns Accepted, ``chosen_report_id`` is the report."""

    def __init__(
        self, db: Database, preferences: Preferences, lang: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.db, self.preferences, self.lang = db, preferences, lang
        self.chosen_report_id: int | None = None
        self.reports: list[ReportInfo] = []  # as listed; reloaded by refresh()
        self.setWindowTitle(tr("desktop_app.welcome.window_title", lang))

        self.recent_list = self._report_tree(
            ("desktop_app.welcome.col.report", "desktop_app.welcome.col.updated")
        )
        self.all_list = self._report_tree(
            (
                "desktop_app.welcome.col.country",
                "desktop_app.welcome.col.cycle",
                "desktop_app.welcome.col.language",
                "desktop_app.welcome.col.updated",
            )
        )
        self.open_button = QPushButton(tr("desktop_app.welcome.open", lang))
        self.new_button = QPushButton(tr("desktop_app.welcome.new", lang))
        self.carry_button = QPushButton(tr("desktop_app.welcome.carry", lang))
        self.carry_button.setToolTip(tr("desktop_app.welcome.carry_tip", lang))
        self.demo_button = QPushButton(tr("desktop_app.welcome.demo", lang))
        self.demo_button.setToolTip(tr("desktop_app.welcome.demo_tip", lang))
        self.close_button = QPushButton(tr("desktop_app.welcome.close", lang))
        self.form = NewReportForm(lang)
        self.pages = QStackedWidget()
        self._lay_out()
        self._connect()
        self.refresh()
        self.show_start_page()

    # Building

    def _report_tree(self, columns: Sequence[str]) -> QTreeWidget:
        tree = QTreeWidget()
        tree.setRootIsDecorated(False)
        tree.setUniformRowHeights(True)
        tree.setAllColumnsShowFocus(True)
        tree.setHeaderLabels([tr(column, self.lang) for column in columns])
        # The first column takes the room left by the others: no horizontal scroll bar.
        header = tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        return tree

    def _section(self, message_id: str, tree: QTreeWidget) -> QLabel:
        """The bold title of a list; its mnemonic focuses the list."""
        text = tr(message_id, self.lang)
        label = QLabel(text)
        label.setFont(scaled_bold(self.font(), 1.0))
        label.setBuddy(tree)
        tree.setAccessibleName(plain(text))
        return label

    def _lay_out(self) -> None:
        lang = self.lang
        heading = QLabel(tr("desktop_app.welcome.heading", lang))
        heading.setFont(scaled_bold(self.font(), 1.4))
        heading.setWordWrap(True)
        intro = QLabel(tr("desktop_app.welcome.intro", lang))
        intro.setWordWrap(True)

        self.recent_label = self._section("desktop_app.welcome.recent", self.recent_list)
        self.all_label = self._section("desktop_app.welcome.all", self.all_list)
        self.empty_label = QLabel(tr("desktop_app.welcome.empty", lang))
        self.empty_label.setWordWrap(True)
        # In an empty database the message takes the lists' place, at the top.
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.empty_label.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Expanding)
        database = QLabel(tr("desktop_app.welcome.database", lang, path=str(self.db.path)))
        database.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        # Muted: information, not an action (a disabled label could not be selected and copied).
        database.setForegroundRole(QPalette.ColorRole.PlaceholderText)

        lists = QVBoxLayout()
        lists.addWidget(self.recent_label)
        lists.addWidget(self.recent_list, 2)  # at most MAX_RECENT rows
        lists.addWidget(self.all_label)
        lists.addWidget(self.all_list, 3)
        lists.addWidget(self.empty_label)
        lists.addWidget(database)

        actions = QVBoxLayout()
        actions.addWidget(self.open_button)
        actions.addSpacing(16)
        for button in (self.new_button, self.carry_button, self.demo_button):
            actions.addWidget(button)
        actions.addStretch(1)
        actions.addWidget(self.close_button)

        start = QWidget()
        start_layout = QHBoxLayout(start)
        start_layout.setContentsMargins(0, 0, 0, 0)
        start_layout.addLayout(lists, 1)
        start_layout.addLayout(actions)
        self.start_page = start
        self.pages.addWidget(start)
        self.pages.addWidget(self.form)

        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(intro)
        layout.addSpacing(8)
        layout.addWidget(self.pages, 1)
        order = (
            self.recent_list,
            self.all_list,
            self.open_button,
            self.new_button,
            self.carry_button,
            self.demo_button,
            self.close_button,
        )
        for first, second in itertools.pairwise(order):
            QWidget.setTabOrder(first, second)
        self.resize(820, 560)

    def _connect(self) -> None:
        for tree in (self.recent_list, self.all_list):
            tree.itemSelectionChanged.connect(self._selection_changed)
            # Enter reaches the default button (Open); a double click opens too.
            tree.itemDoubleClicked.connect(lambda *_: self.open_selected())
        self.open_button.clicked.connect(self.open_selected)
        self.new_button.clicked.connect(lambda: self.show_new_report_form(carry=False))
        self.carry_button.clicked.connect(lambda: self.show_new_report_form(carry=True))
        self.demo_button.clicked.connect(self.open_demo)
        self.close_button.clicked.connect(self.reject)
        self.form.create_button.clicked.connect(self.create_report)
        self.form.back_button.clicked.connect(self.show_start_page)

    # Content

    def refresh(self) -> None:
        """Reload both lists from the database and the preferences."""
        self.reports = self.db.list_reports()
        by_id = {info.id: info for info in self.reports}
        here = self.db.path.resolve()
        recent = [
            by_id[ref.report_id]
            for ref in self.preferences.recent_reports
            if ref.db_path == here and ref.report_id in by_id
        ]
        self.recent_list.clear()
        for info in recent:
            self._add_item(
                self.recent_list,
                info,
                [report_title(info, self.lang), format_timestamp(info.updated_at, self.lang)],
            )
        self.all_list.clear()
        for info in self.reports:
            country = country_name(info.country, self.lang)
            if info.is_demo:
                country = tr("desktop_app.welcome.demo_marker", self.lang, country=country)
            columns = [
                country,
                str(info.cycle),
                language_name(info.language, self.lang),
                format_timestamp(info.updated_at, self.lang),
            ]
            self._add_item(self.all_list, info, columns)
        self.recent_label.setVisible(bool(recent))
        self.recent_list.setVisible(bool(recent))
        self.all_label.setVisible(bool(self.reports))
        self.all_list.setVisible(bool(self.reports))
        self.empty_label.setVisible(not self.reports)
        self.carry_button.setEnabled(bool(self.reports))
        first = self.recent_list if recent else self.all_list
        top = first.topLevelItem(0)
        if top is not None:
            first.setCurrentItem(top)
        self._selection_changed()

    @staticmethod
    def _add_item(tree: QTreeWidget, info: ReportInfo, columns: list[str]) -> None:
        item = QTreeWidgetItem(columns)
        item.setData(0, REPORT_ID_ROLE, info.id)
        item.setToolTip(0, columns[0])  # the full name when a narrow window elides it
        if info.is_demo:
            font = item.font(0)
            font.setItalic(True)
            item.setFont(0, font)
        tree.addTopLevelItem(item)

    def selected_report_id(self) -> int | None:
        """The report selected in either list (selecting in one clears the other)."""
        for tree in (self.recent_list, self.all_list):
            items = tree.selectedItems()
            if items:
                data = items[0].data(0, REPORT_ID_ROLE)
                return data if isinstance(data, int) else None
        return None

    def _selection_changed(self) -> None:
        sender = self.sender()
        # One selection across both lists, so "Open" never has to guess which one is meant.
        if sender is self.recent_list and self.recent_list.selectedItems():
            self.all_list.clearSelection()
        elif sender is self.all_list and self.all_list.selectedItems():
            self.recent_list.clearSelection()
        self.open_button.setEnabled(self.selected_report_id() is not None)

    # Pages

    def show_start_page(self) -> None:
        self.pages.setCurrentWidget(self.start_page)
        self.form.create_button.setDefault(False)
        # Enter opens the selected report; in an empty database it starts a new one.
        has_reports = bool(self.reports)
        self.open_button.setDefault(has_reports)
        self.new_button.setDefault(not has_reports)
        if not has_reports:
            self.new_button.setFocus()
        elif self.recent_list.topLevelItemCount():
            self.recent_list.setFocus()
        else:
            self.all_list.setFocus()

    def show_new_report_form(self, *, carry: bool) -> None:
        source = self._default_source() if carry else None
        self.form.reset(carry=carry, reports=self.reports, source=source)
        self.pages.setCurrentWidget(self.form)
        self.open_button.setDefault(False)
        self.new_button.setDefault(False)
        self.form.create_button.setDefault(True)
        self.form.country_box.setFocus()

    def _default_source(self) -> ReportInfo | None:
        """The selected report, else the latest changed one; never the demo by default.

        The demo's invented answers must not slip into a State's real report unnoticed; the
        person can still choose it in the form.
        """
        real = [info for info in self.reports if not info.is_demo]
        selected = next((i for i in real if i.id == self.selected_report_id()), None)
        return selected or max(real, key=lambda info: (info.updated_at, info.id), default=None)

    def reject(self) -> None:
        """Escape on the form goes back to the lists; on the lists it closes the dialog."""
        if self.pages.currentWidget() is self.form:
            self.show_start_page()
            return
        super().reject()

    # Actions

    def open_selected(self) -> None:
        report_id = self.selected_report_id()
        if report_id is not None:
            self._finish(report_id)

    def create_report(self) -> None:
        """Create the report described by the form; on refusal, say why and create nothing."""
        try:
            country, cycle = self.form.chosen_country(), self.form.cycle_box.value()
            if self.db.find_report(country, cycle) is not None:
                # Checked here too to name the country; the database still refuses duplicates.
                name = country_name(country, self.lang)
                raise LocalizedError("desktop_app.new.duplicate", country=name, cycle=cycle)
            info = create_report(
                self.db,
                country=country,
                cycle=cycle,
                language=self.form.chosen_language(),
                carry_from=self.form.chosen_source(),
            )
        except LocalizedError as exc:
            errors.show_error(self, exc, self.lang)
            return
        self._finish(info.id)

    def open_demo(self) -> None:
        try:
            info = create_demo_report(self.db, language=self.lang)
        except LocalizedError as exc:
            errors.show_error(self, exc, self.lang)
            return
        self._finish(info.id)

    def _finish(self, report_id: int) -> None:
        self.chosen_report_id = report_id
        self.preferences.remember_report(self.db.path, report_id)
        self.accept()
