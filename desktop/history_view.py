"""The history of one answer: who changed it, when, from what to what, and where it came from.

Every change is in the database's audit trail (``storage``), newest shown first. Times are
stored in UTC and shown in local time, written the way the interface language writes them.
The review status of a section (``@status/<section>``) and of the report (``@status/report``)
have a history too (issue 7): its values read as statuses, its source as "Status: Approved"
with the comment or reason given.
"""

from __future__ import annotations

import json
from typing import Any, Final

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.language import local_time
from desktop.navigation import section_title
from desktop.preflight import counted
from desktop.session import ReportSession
from desktop.workflow_status import status_label
from forms.countries import country_name
from forms.display import format_value
from forms.i18n import tr
from forms.model import Question
from reporting.ministries import read_provenance
from storage import REPORT_STATUS_KEY, STATUS_KEY_PREFIX, HistoryEntry, StorageError

_Index = QModelIndex | QPersistentModelIndex
COLUMNS: Final = ("when", "who", "change", "source")


def is_status_key(key: str) -> bool:
    """A history key of review statuses (issue 7), not of an answer."""
    return key.startswith(STATUS_KEY_PREFIX)


def status_value(key: str, value: Any, lang: str) -> str:
    """A status as stored in the history, in words: "Approved"; "Final" for the report."""
    if value is None:  # no status stored yet: derived from the answers, never reviewed
        return tr("desktop_workflow.history.no_status", lang)
    if key == REPORT_STATUS_KEY:
        return tr(f"workflow.report.{value}", lang)
    return status_label(str(value), lang)


def workflow_note(entry: HistoryEntry, lang: str) -> str | None:
    """The comment or reason of a status change; for a report made final, the warnings its
    author acknowledged (counted here, listed by :func:`workflow_details`)."""
    detail = entry.source.detail
    if not detail:
        return None
    acknowledged = _acknowledged(entry)
    if acknowledged is None:
        return detail
    if not acknowledged:
        return None
    return counted("desktop_workflow.history.acknowledged", len(acknowledged), lang)


def workflow_details(entry: HistoryEntry, lang: str) -> str:
    """The whole note of a status change, for a tooltip."""
    status = status_value(entry.key, entry.new_value, lang)
    text = tr("desktop_workflow.history.source", lang, status=status)
    acknowledged = _acknowledged(entry)
    if acknowledged:
        note = counted("desktop_workflow.history.acknowledged", len(acknowledged), lang)
        return "\n".join([text, f"{note}:", *(f"• {message}" for message in acknowledged)])
    return f"{text}\n{entry.source.detail}" if entry.source.detail else text


def _acknowledged(entry: HistoryEntry) -> list[str] | None:
    """The warnings acknowledged when the report was marked final (None: not that entry)."""
    if entry.key != REPORT_STATUS_KEY or not entry.source.detail:
        return None
    try:
        detail = json.loads(entry.source.detail)
    except ValueError:
        return None
    found = detail.get("acknowledged") if isinstance(detail, dict) else None
    return [str(message) for message in found] if isinstance(found, list) else None


class HistoryModel(QAbstractTableModel):
    """One row per recorded change of one question, newest first."""

    def __init__(self, session: ReportSession, lang: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.session, self.lang = session, lang
        self.key: str | None = None
        # The 4 columns, the change's tooltip and the source's tooltip.
        self.rows: list[tuple[str, str, str, str, str, str]] = []

    def set_key(self, key: str | None) -> None:
        self.key = key
        self.reload()

    def reload(self) -> None:
        entries = self.session.history(self.key) if self.key is not None else []
        answer = self.key is not None and not is_status_key(self.key)
        question = self.session.question(self.key) if answer and self.key is not None else None
        self.beginResetModel()
        # The audit trail is oldest first; ids break ties between changes of the same instant.
        self.rows = [
            self._row(entry, question)
            for entry in sorted(entries, key=lambda e: (e.changed_at, e.id), reverse=True)
        ]
        self.endResetModel()

    def _row(
        self, entry: HistoryEntry, question: Question | None
    ) -> tuple[str, str, str, str, str, str]:
        old, new = (
            self._value(entry.key, question, value) for value in (entry.old_value, entry.new_value)
        )
        # Tables and contacts take several lines; the cell shows one, the tooltip all of them.
        change = f"{_one_line(old)} → {_one_line(new)}"
        tooltip = tr("tools.history.before_after", self.lang, old=old, new=new)
        when = local_time(entry.changed_at, self.lang)
        source = self._source(entry)
        return when, entry.user, change, source, tooltip, self._source_details(entry) or source

    def _value(self, key: str, question: Question | None, value: Any) -> str:
        if is_status_key(key):
            return status_value(key, value, self.lang)
        if value is None:
            return tr("tools.history.blank", self.lang)
        return format_value(question, value, self.lang) if question is not None else str(value)

    def _source(self, entry: HistoryEntry) -> str:
        kind, detail = entry.source.kind, entry.source.detail
        if kind == "workflow":
            status = status_value(entry.key, entry.new_value, self.lang)
            note = workflow_note(entry, self.lang)
            if note is None:
                return tr("desktop_workflow.history.source", self.lang, status=status)
            return tr("desktop_workflow.history.source_note", self.lang, status=status,
                      note=_one_line(note))  # fmt: skip
        if kind == "typed" and detail == "confirmed":
            return tr("tools.history.source.confirmed", self.lang)
        if kind == "imported":
            if not detail:
                return tr("tools.history.source.imported_unnamed", self.lang)
            return tr("tools.history.source.imported", self.lang, name=detail)
        if kind == "carried_forward":
            return tr(
                "tools.history.source.carried_forward", self.lang, report=self._report(detail)
            )
        if kind == "ministry":
            fields = read_provenance(detail)
            if not fields.get("file"):
                return tr("desktop_exchange.history.source_unnamed", self.lang)
            return tr(
                "desktop_exchange.history.source",
                self.lang,
                ministry=fields.get("ministry", ""),
                file=fields["file"],
                sha256=fields.get("sha256", "")[:8],
            )
        return tr(f"tools.history.source.{kind}", self.lang)

    def _source_details(self, entry: HistoryEntry) -> str | None:
        """Everything known of where a value came from, for the tooltip (ministry workbooks,
        status changes)."""
        if entry.source.kind == "workflow":
            return workflow_details(entry, self.lang)
        if entry.source.kind != "ministry":
            return None
        fields = read_provenance(entry.source.detail)
        if not fields:
            return None
        imported = fields.get("imported_at", "")
        return tr(
            "desktop_exchange.history.source_details",
            self.lang,
            ministry=fields.get("ministry", ""),
            file=fields.get("file", ""),
            sha256=fields.get("sha256", ""),
            exchange=fields.get("exchange", ""),
            imported_at=local_time(imported.replace("Z", "+00:00"), self.lang) if imported else "",
        )

    def _report(self, detail: str | None) -> str:
        """The report an answer was carried from, by country and cycle when it still exists."""
        try:
            info = self.session.db.get_report(int(detail or ""))
        except (ValueError, StorageError):
            return f"#{detail}"  # deleted since: its number is all that is left
        return f"{country_name(info.country, self.lang)}, {info.cycle}"

    # -- Qt model interface ------------------------------------------------------------------
    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt's own default
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self.rows):
            return None
        row = self.rows[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return row[index.column()]
        if role == Qt.ItemDataRole.ToolTipRole:
            column = COLUMNS[index.column()]
            if column in ("change", "source"):
                return row[4] if column == "change" else row[5]
            return row[index.column()]
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        horizontal = orientation == Qt.Orientation.Horizontal
        if horizontal and role == Qt.ItemDataRole.DisplayRole and 0 <= section < len(COLUMNS):
            return tr(f"tools.history.column.{COLUMNS[section]}", self.lang)
        return None


class HistoryView(QWidget):
    """The history table of one question; follows the session's changes."""

    def __init__(self, session: ReportSession, lang: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session, self.lang = session, lang
        self.model = HistoryModel(session, lang, self)
        self.heading = QLabel()
        self.heading.setWordWrap(True)
        self.heading.setTextFormat(Qt.TextFormat.PlainText)
        self.empty = QLabel(tr("tools.history.empty", lang))
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setAccessibleName(tr("tools.history.accessible", lang))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setTabKeyNavigation(False)  # Tab leaves the table, arrows move inside it
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        for column, width in ((0, 140), (1, 110), (3, 220)):
            self.table.setColumnWidth(column, width)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.heading)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.empty)
        session.changed.connect(self._on_changed)
        session.workflow_changed.connect(self._on_workflow_changed)

    def set_key(self, key: str) -> None:
        self.heading.setText(self._heading(key))
        self.model.set_key(key)
        self._update_empty()

    def _heading(self, key: str) -> str:
        status = tr("desktop_workflow.history.heading", self.lang)
        if key == REPORT_STATUS_KEY:
            return f"{tr('desktop_workflow.history.report', self.lang)}\n{status}"
        if is_status_key(key):
            section = self.session.template.section(key.removeprefix(STATUS_KEY_PREFIX))
            return f"{section_title(section, self.lang)}\n{status}"
        question = self.session.question(key)
        section = self.session.template.section(question.section_key)
        return f"{section_title(section, self.lang)}\n{question.label.get(self.lang)}"

    def _on_changed(self, key: str) -> None:
        if key == self.model.key:
            self.model.reload()
            self._update_empty()

    def _on_workflow_changed(self, _section_key: str) -> None:
        if self.model.key is not None and is_status_key(self.model.key):
            self.model.reload()
            self._update_empty()

    def _update_empty(self) -> None:
        self.empty.setVisible(self.model.rowCount() == 0)


class HistoryDialog(QDialog):
    """The history of question ``key`` in a dialog of its own (Ctrl+H in the main window)."""

    def __init__(
        self, session: ReportSession, key: str, lang: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        title = "desktop_workflow.history.title" if is_status_key(key) else "tools.history.title"
        self.setWindowTitle(tr(title, lang))
        self.resize(860, 380)
        self.view = HistoryView(session, lang, self)
        self.view.set_key(key)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.view, 1)
        layout.addWidget(buttons)


def _one_line(text: str) -> str:
    return "; ".join(line for line in text.splitlines() if line.strip())
