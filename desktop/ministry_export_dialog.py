"""Export for a ministry (issue 6): a workbook of chosen sections for a ministry to fill in.

The dialog chooses the ministry (its own sections ticked) and the sections; OK asks where to save
the file, then :func:`reporting.ministries.send_workbook` writes it (atomically) and records the
sending, off the GUI thread with progress and a Cancel button.

The work runs in another thread, so it opens its own connection to the report's database file
(:func:`worker_database`) rather than using the session's (see ``desktop.worker``).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Final

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.errors import show_error
from desktop.navigation import section_title
from desktop.preflight import counted
from desktop.session import ReportSession
from desktop.worker import BackgroundTask, Cancelled, Progress, run_in_background
from forms.i18n import LocalizedError, normalise_language, tr
from reporting.ministries import send_workbook
from storage import Database, ExchangeInfo, ReportInfo, open_database

KEY_ROLE: Final = Qt.ItemDataRole.UserRole  # the section key behind a list item
NAME_LIMIT: Final = 60  # characters of the ministry's name in a suggested file name
HINT_STYLE: Final = "color: #8a5a00;"  # the dark amber of warnings (desktop.icons)


def t(key: str, lang: str, **params: object) -> str:
    return tr(f"desktop_exchange.{key}", lang, **params)


def plural(message_id: str, count: int, lang: str, **params: object) -> str:
    """``message_id.one`` or ``.other``: French uses the singular for 0 and 1, English for 1."""
    one = count <= 1 if normalise_language(lang) == "fr" else count == 1
    return tr(f"{message_id}.{'one' if one else 'other'}", lang, count=count, **params)


@contextmanager
def worker_database(path: Path) -> Iterator[Database]:
    """The report's database for a worker thread: its own engine, closed afterwards."""
    with open_database(path) as db:
        yield db


def file_name_part(name: str) -> str:
    """A ministry's name as a portable part of a file name: "Ministère de l'Intérieur" becomes
    "Ministere_de_l_Interieur"; a name in another script keeps its letters."""
    decomposed = unicodedata.normalize("NFKD", name)
    ascii_only = "".join(char for char in decomposed if not unicodedata.combining(char))
    part = re.sub(r"[^A-Za-z0-9]+", "_", ascii_only).strip("_")
    if not part:  # Arabic, Chinese…: letters of any script, nothing a file system refuses
        part = re.sub(r"[^\w]+", "_", unicodedata.normalize("NFC", name)).strip("_")
    return part[:NAME_LIMIT].rstrip("_") or "ministry"


def suggested_name(info: ReportInfo, ministry: str) -> str:
    """ "XDM-2024-Ministry_of_Interior.xlsx"."""
    return f"{info.country}-{info.cycle}-{file_name_part(ministry)}.xlsx"


def ask_save_path(parent: QWidget, suggested: str, lang: str) -> Path | None:
    title = t("export.save_title", lang)
    chosen, _ = QFileDialog.getSaveFileName(parent, title, suggested, t("filter.xlsx", lang))
    if not chosen:
        return None
    path = Path(chosen)
    return path if path.suffix.lower() == ".xlsx" else path.with_name(path.name + ".xlsx")


def offer_ministries_dialog(parent: QWidget, lang: str) -> bool:
    """There is no ministry to export for yet: open "Ministries and sections"?"""
    answer = QMessageBox.question(parent, t("export.title", lang), t("export.no_ministries", lang))
    return answer == QMessageBox.StandardButton.Yes


def start_ministry_export(
    parent: QWidget,
    db_path: Path,
    report_id: int,
    *,
    ministry: str,
    sections: list[str],
    target: Path,
    lang: str,
    on_done: Callable[[ExchangeInfo], None],
    on_error: Callable[[BaseException], None],
) -> BackgroundTask[ExchangeInfo]:
    """Write and record the workbook in the background; a cancel writes and records nothing."""

    def work(progress: Progress) -> ExchangeInfo:
        def report(done: int, total: int) -> None:
            progress.check()  # a cancel stops the workbook at its next step
            progress.report(done, total)

        with worker_database(db_path) as db:
            return send_workbook(
                db, report_id, ministry=ministry, path=target, sections=sections, progress=report
            )

    def failed(exc: BaseException) -> None:
        if not isinstance(exc, Cancelled):  # a cancel is the person's choice, not an error
            on_error(exc)

    title = t("export.progress", lang, ministry=ministry)
    return run_in_background(parent, title, work, on_done, failed, lang)


class MinistryExportDialog(QDialog):
    """Choose the ministry and the sections; OK asks for the file and writes it."""

    # After the workbook was written and recorded: the record and the file.
    exported = Signal(object, object)

    def __init__(self, session: ReportSession, lang: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session, self.lang = session, lang
        self.task: BackgroundTask[ExchangeInfo] | None = None
        self.setWindowTitle(t("export.title", lang))
        self.resize(640, 620)
        try:
            ministries = session.db.ministries()
            self._owners = session.db.section_owners(session.report_id)
        except LocalizedError as exc:
            show_error(parent, exc, lang)
            ministries, self._owners = [], {}

        self.ministry_combo = QComboBox()
        self.ministry_combo.addItem(t("export.choose", lang), None)
        for name in ministries:
            self.ministry_combo.addItem(name, name)
        self.ministry_combo.currentIndexChanged.connect(self._ministry_changed)
        form = QFormLayout()
        form.addRow(t("export.ministry", lang), self.ministry_combo)

        self.section_list = QListWidget()
        self.section_list.setAccessibleName(t("export.sections", lang))
        for section in session.template.sections():
            item = QListWidgetItem(section_title(section, lang))
            item.setData(KEY_ROLE, section.key)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            owner = self._owners.get(section.key)
            if owner is not None:
                item.setToolTip(t("export.owned_by", lang, ministry=owner))
            self.section_list.addItem(item)
        self.section_list.itemChanged.connect(self._update)
        self.all_button = QPushButton(t("export.select_all", lang))
        self.none_button = QPushButton(t("export.select_none", lang))
        self.own_button = QPushButton(t("export.select_own", lang))
        self.all_button.clicked.connect(lambda: self.set_checked(self.all_sections()))
        self.none_button.clicked.connect(lambda: self.set_checked([]))
        self.own_button.clicked.connect(self._select_own)
        selection = QHBoxLayout()
        for button in (self.all_button, self.none_button, self.own_button):
            selection.addWidget(button)
        selection.addStretch(1)

        self.hint = QLabel()
        self.hint.setWordWrap(True)
        self.hint.setStyleSheet(HINT_STYLE)
        self.summary = QLabel()
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(t("export.ok", lang))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addLayout(form)
        sections_label = QLabel(t("export.sections", lang))
        sections_label.setBuddy(self.section_list)
        layout.addWidget(sections_label)
        layout.addWidget(self.section_list, 1)
        layout.addLayout(selection)
        layout.addWidget(self.summary)
        layout.addWidget(self.hint)
        layout.addWidget(buttons)
        if len(ministries) == 1:  # nothing to choose
            self.ministry_combo.setCurrentIndex(1)
        self._update()

    # -- the choice --------------------------------------------------------------------------
    def ministry(self) -> str | None:
        data = self.ministry_combo.currentData()
        return data if isinstance(data, str) else None

    def set_ministry(self, name: str) -> None:
        index = self.ministry_combo.findData(name)
        if index < 0:
            raise KeyError(name)
        self.ministry_combo.setCurrentIndex(index)

    def all_sections(self) -> list[str]:
        return [self._item(row).data(KEY_ROLE) for row in range(self.section_list.count())]

    def owned_sections(self, ministry: str) -> list[str]:
        return [key for key in self.all_sections() if self._owners.get(key) == ministry]

    def sections(self) -> list[str]:
        """The ticked sections, in the template's order."""
        return [
            self._item(row).data(KEY_ROLE)
            for row in range(self.section_list.count())
            if self._item(row).checkState() == Qt.CheckState.Checked
        ]

    def set_checked(self, keys: list[str]) -> None:
        wanted = set(keys)
        blocked = self.section_list.blockSignals(True)
        for row in range(self.section_list.count()):
            item = self._item(row)
            checked = item.data(KEY_ROLE) in wanted
            item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
        self.section_list.blockSignals(blocked)
        self._update()

    def _item(self, row: int) -> QListWidgetItem:
        return self.section_list.item(row)

    def _ministry_changed(self) -> None:
        self._select_own()

    def _select_own(self) -> None:
        ministry = self.ministry()
        self.set_checked(self.owned_sections(ministry) if ministry is not None else [])

    def problem(self) -> str | None:
        """Why OK is disabled, or None."""
        ministry = self.ministry()
        if ministry is None:
            return t("export.need_ministry", self.lang)
        if not self.sections():
            if not self.owned_sections(ministry):
                return t("export.need_sections_none_owned", self.lang, ministry=ministry)
            return t("export.need_sections", self.lang)
        return None

    def _update(self) -> None:
        problem = self.problem()
        self.ok_button.setEnabled(problem is None)
        self.hint.setText(problem or "")
        self.hint.setVisible(problem is not None)
        count = len(self.sections())
        self.summary.setText(
            t("export.summary", self.lang,
              sections=counted("desktop_exchange.count.section", count, self.lang))
        )  # fmt: skip
        self.own_button.setEnabled(self.ministry() is not None)

    # -- OK: the file, then the work -------------------------------------------------------
    def ask_path(self, suggested: str) -> Path | None:
        """Where to save the workbook (a file dialog; tests replace this method)."""
        return ask_save_path(self, suggested, self.lang)

    def accept(self) -> None:
        ministry, sections = self.ministry(), self.sections()
        if ministry is None or not sections:
            return
        target = self.ask_path(suggested_name(self.session.info, ministry))
        if target is None:
            return  # the dialog stays open: the person may change the choice or cancel
        super().accept()
        host = self.parentWidget() or self

        def done(info: ExchangeInfo) -> None:
            self.exported.emit(info, target)

        self.task = start_ministry_export(
            host,
            self.session.db.path,
            self.session.report_id,
            ministry=ministry,
            sections=sections,
            target=target,
            lang=self.lang,
            on_done=done,
            on_error=lambda exc: show_error(host, exc, self.lang),
        )
