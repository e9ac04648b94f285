"""Backups in the desktop application (issue 8): made on their own, restored from a menu.

:class:`AutoBackup` makes a backup (``storage.backups``: SQLite's backup API, checked, the
newest ten kept) when a report is opened, and every ``BACKUP_INTERVAL_MS`` while editing if
something was saved since the last one. A failing backup is said once in the status bar and
never stops the person from working: their answers are committed to the database anyway.

:class:`RestoreDialog` lists the backups (File › Restore from a backup…) and, after a
confirmation saying that the database as it is now is kept as a backup too, emits the one
chosen; the application closes the database, restores and opens it again (``desktop.app``).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Final

from PySide6.QtCore import QDateTime, QLocale, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.language import locale_for
from desktop.session import ReportSession
from forms.i18n import tr
from storage import BackupError
from storage.backups import DEFAULT_KEEP, BackupInfo, list_backups

BACKUP_INTERVAL_MS: Final = 10 * 60 * 1000  # ten minutes, while something was saved since
KNOWN_REASONS: Final = ("open", "interval", "manual", "before-restore")


def t(key: str, lang: str, **params: object) -> str:
    return tr(f"desktop_safety.{key}", lang, **params)


def backup_time(info: BackupInfo, lang: str) -> str:
    """When a backup was made, in local time, with seconds (two can be a minute apart)."""
    when = QDateTime.fromMSecsSinceEpoch(round(info.created_at.timestamp() * 1000))
    day = locale_for(lang).toString(when.date(), QLocale.FormatType.ShortFormat)
    return f"{day} {when.time().toString('HH:mm:ss')}"


def reason_label(reason: str, lang: str) -> str:
    return t(f"reason.{reason}", lang) if reason in KNOWN_REASONS else reason


def size_label(size: int, lang: str) -> str:
    return locale_for(lang).formattedDataSize(size, 1, QLocale.DataSizeFormat.DataSizeSIFormat)


def ask(
    parent: QWidget | None,
    title: str,
    text: str,
    accept_text: str,
    reject_text: str,
    icon: QMessageBox.Icon = QMessageBox.Icon.Question,
) -> bool:
    """A question with two named buttons (not Yes/No); True when ``accept_text`` was chosen."""
    box = QMessageBox(icon, title, text, QMessageBox.StandardButton.NoButton, parent)
    accept = box.addButton(accept_text, QMessageBox.ButtonRole.AcceptRole)
    reject = box.addButton(reject_text, QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(reject)  # replacing a database is never the accident of an Enter key
    box.setEscapeButton(reject)
    box.exec()
    chosen = box.clickedButton() is accept
    box.deleteLater()
    return chosen


class AutoBackup(QObject):
    """The automatic backups of one window's database."""

    def __init__(
        self, session: ReportSession, lang: Callable[[], str], show: Callable[[str], None]
    ) -> None:
        super().__init__(session)
        self.session, self._lang, self._show = session, lang, show
        self.dirty = False  # something was saved since the last backup
        self.made: list[BackupInfo] = []  # this window's backups, newest last
        self._failure_shown = False
        self.timer = QTimer(self, interval=BACKUP_INTERVAL_MS)
        self.timer.timeout.connect(self.interval_backup)
        session.saved.connect(self._saved)
        session.changed.connect(self._saved)  # an undo, a confirmation, an import

    def start(self) -> BackupInfo | None:
        """The backup of a report being opened; then the interval timer runs."""
        made = self.backup_now("open")
        self.timer.start()
        return made

    def stop(self) -> None:
        self.timer.stop()

    def interval_backup(self) -> BackupInfo | None:
        """The timer's slot: a backup only if something was saved since the last one."""
        if not self.dirty:
            return None
        return self.backup_now("interval")

    def backup_now(self, reason: str) -> BackupInfo | None:
        try:
            made = self.session.db.backup(reason)
        except BackupError as exc:
            # Said once: a full disk would otherwise repeat it every ten minutes. Answers are
            # still committed to the database, so editing goes on.
            if not self._failure_shown:
                self._failure_shown = True
                lang = self._lang()
                self._show(t("status.backup_failed", lang, problem=exc.message(lang)))
            return None
        self.dirty = False
        self.made.append(made)
        return made

    def _saved(self, *_args: object) -> None:
        self.dirty = True


class RestoreDialog(QDialog):
    """The backups of a database, newest first; ``restore_requested`` carries the one chosen
    (after the person confirmed)."""

    restore_requested = Signal(object)  # BackupInfo

    def __init__(self, db_path: Path, lang: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.lang = lang
        self.setWindowTitle(t("restore.title", lang))
        self.backups = list_backups(db_path)
        intro = QLabel(
            t("restore.intro", lang, path=str(db_path), minutes=BACKUP_INTERVAL_MS // 60_000,
              keep=DEFAULT_KEEP)
        )  # fmt: skip
        intro.setWordWrap(True)
        intro.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.list = QTreeWidget()
        self.list.setRootIsDecorated(False)
        self.list.setUniformRowHeights(True)
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list.setHeaderLabels(
            [t(f"restore.column.{name}", lang) for name in ("when", "reason", "size")]
        )
        self.items: list[QTreeWidgetItem] = []
        for info in self.backups:
            when, why = backup_time(info, lang), reason_label(info.reason, lang)
            item = QTreeWidgetItem([when, why, size_label(info.size, lang)])
            self.items.append(item)
            item.setTextAlignment(2, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            item.setToolTip(0, str(info.path))
            self.list.addTopLevelItem(item)
        header = self.list.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        self.list.setAccessibleName(t("restore.title", lang))
        empty = QLabel(t("restore.none", lang))
        empty.setVisible(not self.backups)
        buttons = QDialogButtonBox()
        self.restore_button = QPushButton(t("restore.button", lang))
        self.restore_button.setEnabled(False)
        buttons.addButton(self.restore_button, QDialogButtonBox.ButtonRole.ActionRole)
        close = buttons.addButton(QDialogButtonBox.StandardButton.Close)
        close.setText(t("close", lang))
        buttons.rejected.connect(self.reject)
        self.restore_button.clicked.connect(self.restore_selected)
        self.list.itemSelectionChanged.connect(
            lambda: self.restore_button.setEnabled(self.selected() is not None)
        )
        self.list.itemDoubleClicked.connect(lambda *_: self.restore_selected())
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.list, 1)
        layout.addWidget(empty)
        layout.addWidget(buttons)
        self.resize(640, 420)
        if self.backups:
            self.list.setCurrentItem(self.items[0])

    def selected(self) -> BackupInfo | None:
        item = self.list.currentItem()
        if item is None or not item.isSelected():
            return None
        return self.backups[self.list.indexOfTopLevelItem(item)]

    def select(self, info: BackupInfo) -> None:
        self.list.setCurrentItem(self.items[self.backups.index(info)])

    def restore_selected(self) -> bool:
        """Confirm, then hand the chosen backup on; False when nothing happened."""
        chosen = self.selected()
        if chosen is None:
            return False
        when = backup_time(chosen, self.lang)
        confirmed = ask(
            self,
            t("restore.confirm.title", self.lang),
            t("restore.confirm.text", self.lang, when=when),
            t("restore.confirm.ok", self.lang),
            t("restore.confirm.cancel", self.lang),
            QMessageBox.Icon.Warning,
        )
        if not confirmed:
            return False
        self.accept()
        self.restore_requested.emit(chosen)
        return True
