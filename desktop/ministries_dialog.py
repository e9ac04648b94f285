"""Ministries and sections (issue 6): the ministries that answer parts of the report, and which.

The list of ministries is the database's (one list for every report); the owner of each section is
the report's. Every change is stored as it is made, through the database's own checks, so there is
nothing to save and nothing to lose: a refused change (a duplicate name, say) is shown through
:func:`desktop.errors.show_error` and the dialog shows the database again.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Final

from PySide6.QtCore import QItemSelectionModel, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.errors import show_error
from desktop.navigation import section_title
from desktop.preflight import counted
from desktop.session import ReportSession
from forms.i18n import LocalizedError, tr

NAME_ROLE: Final = Qt.ItemDataRole.UserRole  # the ministry's name behind a list item
KEY_ROLE: Final = Qt.ItemDataRole.UserRole  # the section key behind a table row
NONE: Final = "—"  # no ministry


def t(key: str, lang: str, **params: object) -> str:
    return tr(f"desktop_exchange.{key}", lang, **params)


def fill_combo(combo: QComboBox, ministries: Iterable[str], current: str | None) -> None:
    """Offer "—" and every ministry, ``current`` selected, without emitting a change."""
    blocked = combo.blockSignals(True)
    combo.clear()
    combo.addItem(NONE, None)
    for name in ministries:
        combo.addItem(name, name)
    combo.setCurrentIndex(max(combo.findData(current), 0) if current is not None else 0)
    combo.blockSignals(blocked)


class MinistriesDialog(QDialog):
    """Add, rename and remove ministries; choose the ministry that answers each section."""

    # Ministries or section owners changed (and were stored).
    changed = Signal()

    def __init__(self, session: ReportSession, lang: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session, self.lang = session, lang
        self.db = session.db
        self.setWindowTitle(t("ministries.title", lang))
        self.resize(1040, 640)
        self.sections = list(session.template.sections())
        self._combos: dict[str, QComboBox] = {}
        self._ministries: list[str] = []
        self._owners: dict[str, str] = {}

        splitter = QSplitter()
        splitter.addWidget(self._ministry_box())
        splitter.addWidget(self._section_box())
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([330, 710])
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        hint = QLabel(t("ministries.saved_hint", lang))
        hint.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(splitter, 1)
        bottom = QHBoxLayout()
        bottom.addWidget(hint, 1)
        bottom.addWidget(buttons)
        layout.addLayout(bottom)
        self.refresh()

    # -- layout ------------------------------------------------------------------------------
    def _ministry_box(self) -> QGroupBox:
        box = QGroupBox(t("ministries.list", self.lang))
        self.ministry_list = QListWidget()
        self.ministry_list.setAccessibleName(t("ministries.list", self.lang))
        self.ministry_list.currentItemChanged.connect(self._update_buttons)
        self.ministry_list.itemDoubleClicked.connect(lambda _item: self._rename_clicked())
        self.empty_label = QLabel(t("ministries.empty", self.lang))
        self.empty_label.setWordWrap(True)
        self.add_button = QPushButton(t("ministries.add", self.lang))
        self.rename_button = QPushButton(t("ministries.rename", self.lang))
        self.remove_button = QPushButton(t("ministries.remove", self.lang))
        self.add_button.clicked.connect(self._add_clicked)
        self.rename_button.clicked.connect(self._rename_clicked)
        self.remove_button.clicked.connect(self._remove_clicked)
        row = QHBoxLayout()
        for button in (self.add_button, self.rename_button, self.remove_button):
            row.addWidget(button)
        row.addStretch(1)
        layout = QVBoxLayout(box)
        layout.addWidget(self.ministry_list, 1)
        layout.addWidget(self.empty_label)
        layout.addLayout(row)
        return box

    def _section_box(self) -> QGroupBox:
        box = QGroupBox(t("ministries.sections", self.lang))
        table = QTableWidget(len(self.sections), 2)
        table.setHorizontalHeaderLabels(
            [t("ministries.column.section", self.lang), t("ministries.column.owner", self.lang)]
        )
        table.setAccessibleName(t("ministries.sections", self.lang))
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setWordWrap(False)
        table.verticalHeader().hide()
        header = table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Interactive)
        table.setColumnWidth(1, 260)
        row_height = QComboBox().sizeHint().height() + 4
        table.verticalHeader().setDefaultSectionSize(row_height)
        for row, section in enumerate(self.sections):
            title = section_title(section, self.lang)
            item = QTableWidgetItem(title)
            item.setData(KEY_ROLE, section.key)
            item.setToolTip(title)
            table.setItem(row, 0, item)
            combo = QComboBox()
            combo.setAccessibleName(t("ministries.owner_of", self.lang, section=title))
            combo.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
            )
            combo.setMinimumContentsLength(16)
            # "activated": the person's choice only, never a refill of the list.
            combo.activated.connect(
                lambda _index, key=section.key, box=combo: self.assign([key], box.currentData())
            )
            table.setCellWidget(row, 1, combo)
            self._combos[section.key] = combo
        table.itemSelectionChanged.connect(self._update_buttons)
        self.section_table = table

        self.bulk_combo = QComboBox()
        self.bulk_combo.setAccessibleName(t("ministries.assign_to", self.lang))
        self.assign_button = QPushButton(t("ministries.assign", self.lang))
        self.assign_button.clicked.connect(self._assign_clicked)
        bulk = QHBoxLayout()
        label = QLabel(t("ministries.assign_to", self.lang))
        label.setBuddy(self.bulk_combo)
        bulk.addWidget(label)
        bulk.addWidget(self.bulk_combo, 1)
        bulk.addWidget(self.assign_button)
        layout = QVBoxLayout(box)
        layout.addWidget(table, 1)
        layout.addLayout(bulk)
        return box

    # -- reading the database ------------------------------------------------------------------
    def refresh(self) -> None:
        """Show the database's ministries and section owners (after every change)."""
        try:
            self._ministries = self.db.ministries()
            self._owners = self.db.section_owners(self.session.report_id)
        except LocalizedError as exc:
            show_error(self, exc, self.lang)
            return
        selected = self.selected_ministry()
        self.ministry_list.clear()
        for name in self._ministries:
            count = sum(owner == name for owner in self._owners.values())
            text = f"{name} — {counted('desktop_exchange.count.section', count, self.lang)}"
            item = QListWidgetItem(text)
            item.setData(NAME_ROLE, name)
            item.setToolTip(name)
            self.ministry_list.addItem(item)
            if name == selected:
                self.ministry_list.setCurrentItem(item)
        self.empty_label.setVisible(not self._ministries)
        for section in self.sections:
            fill_combo(self._combos[section.key], self._ministries, self._owners.get(section.key))
        fill_combo(self.bulk_combo, self._ministries, self.bulk_combo.currentData())
        self._update_buttons()

    def ministries(self) -> list[str]:
        return list(self._ministries)

    def owner(self, section_key: str) -> str | None:
        """The ministry the combo box shows for a section (None: no ministry)."""
        data = self._combos[section_key].currentData()
        return data if isinstance(data, str) else None

    def owner_combo(self, section_key: str) -> QComboBox:
        return self._combos[section_key]

    def selected_ministry(self) -> str | None:
        item = self.ministry_list.currentItem()
        name = item.data(NAME_ROLE) if item is not None else None
        return name if isinstance(name, str) else None

    def select_ministry(self, name: str) -> None:
        for row in range(self.ministry_list.count()):
            item = self.ministry_list.item(row)
            if item.data(NAME_ROLE) == name:
                self.ministry_list.setCurrentItem(item)

    def selected_sections(self) -> list[str]:
        rows = sorted({index.row() for index in self.section_table.selectedIndexes()})
        return [self.sections[row].key for row in rows]

    def select_sections(self, keys: Iterable[str]) -> None:
        wanted = set(keys)
        model = self.section_table.selectionModel()
        model.clearSelection()
        flags = QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows
        for row, section in enumerate(self.sections):
            if section.key in wanted:
                model.select(self.section_table.model().index(row, 0), flags)

    # -- changes (each one stored at once) -------------------------------------------------
    def add_ministry(self, name: str) -> str | None:
        """Add a ministry; its name as stored, or None if refused (the error was shown)."""
        try:
            stored = self.db.add_ministry(name)
        except LocalizedError as exc:
            show_error(self, exc, self.lang)
            return None
        self._changed()
        self.select_ministry(stored)
        return stored

    def rename_ministry(self, old: str, new: str) -> str | None:
        try:
            stored = self.db.rename_ministry(old, new)
        except LocalizedError as exc:
            show_error(self, exc, self.lang)
            return None
        self._changed()
        self.select_ministry(stored)
        return stored

    def remove_ministry(self, name: str) -> bool:
        try:
            self.db.remove_ministry(name)
        except LocalizedError as exc:
            show_error(self, exc, self.lang)
            return False
        self._changed()
        return True

    def assign(self, section_keys: Iterable[str], ministry: str | None) -> bool:
        """Give sections to a ministry (None: to no ministry), in one transaction."""
        owners = {key: ministry for key in section_keys}
        if not owners:
            return False
        try:
            self.db.set_section_owners(self.session.report_id, owners)
        except LocalizedError as exc:
            show_error(self, exc, self.lang)
            self.refresh()  # the combo boxes show the database again
            return False
        self._changed()
        return True

    def _changed(self) -> None:
        selection = self.selected_sections()
        self.refresh()
        self.select_sections(selection)
        self.changed.emit()

    # -- questions to the user (tests replace these two) -------------------------------------
    def ask_name(self, title: str, label: str, text: str = "") -> str | None:
        name, ok = QInputDialog.getText(self, title, label, QLineEdit.EchoMode.Normal, text)
        return name if ok else None

    def confirm(self, title: str, text: str) -> bool:
        answer = QMessageBox.question(self, title, text)
        return answer == QMessageBox.StandardButton.Yes

    # -- buttons -----------------------------------------------------------------------------
    def _add_clicked(self) -> None:
        name = self.ask_name(t("ministries.add_title", self.lang), t("ministries.name", self.lang))
        if name is not None:
            self.add_ministry(name)

    def _rename_clicked(self) -> None:
        old = self.selected_ministry()
        if old is None:
            return
        title = t("ministries.rename_title", self.lang)
        new = self.ask_name(title, t("ministries.new_name", self.lang, name=old), old)
        if new is not None and new != old:
            self.rename_ministry(old, new)

    def _remove_clicked(self) -> None:
        name = self.selected_ministry()
        if name is None:
            return
        count = sum(owner == name for owner in self._owners.values())
        text = t(
            "ministries.remove_question",
            self.lang,
            name=name,
            sections=counted("desktop_exchange.count.section", count, self.lang),
        )
        if self.confirm(t("ministries.remove_title", self.lang), text):
            self.remove_ministry(name)

    def _assign_clicked(self) -> None:
        self.assign(self.selected_sections(), self.bulk_combo.currentData())

    def _update_buttons(self) -> None:
        has_ministry = self.selected_ministry() is not None
        self.rename_button.setEnabled(has_ministry)
        self.remove_button.setEnabled(has_ministry)
        self.assign_button.setEnabled(bool(self.selected_sections()))
