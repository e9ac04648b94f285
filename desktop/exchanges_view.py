"""Workbooks sent (issue 6): every workbook sent to a ministry for this report, and its return.

Newest first, as the database lists them. A ministry is shown by the name it had when the
workbook was sent; sections by their titles (the whole list in the tooltip).
"""

from __future__ import annotations

from typing import Final

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.errors import show_error
from desktop.language import local_time
from desktop.ministry_export_dialog import t
from desktop.navigation import section_title
from desktop.session import ReportSession
from forms.i18n import LocalizedError
from storage import ExchangeInfo

COLUMNS: Final = ("ministry", "sections", "sent_at", "sent_by", "file", "returned")
EXCHANGE_ROLE: Final = Qt.ItemDataRole.UserRole  # the ExchangeInfo behind a row


class ExchangesDialog(QDialog):
    def __init__(self, session: ReportSession, lang: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session, self.lang = session, lang
        self.setWindowTitle(t("exchanges.title", lang))
        self.resize(1200, 460)
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels(
            [t(f"exchanges.column.{column}", lang) for column in COLUMNS]
        )
        self.table.setAccessibleName(t("exchanges.title", lang))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setTabKeyNavigation(False)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setStretchLastSection(True)  # "Returned": a date and a file name
        for column, width in ((0, 180), (1, 220), (2, 125), (3, 90), (4, 230)):
            self.table.setColumnWidth(column, width)
        self.empty = QLabel(t("exchanges.empty", lang))
        self.empty.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.empty)
        layout.addWidget(buttons)
        self.refresh()

    def refresh(self) -> None:
        try:
            exchanges = self.session.db.exchanges(self.session.report_id)
        except LocalizedError as exc:
            show_error(self, exc, self.lang)
            exchanges = []
        self.table.setRowCount(len(exchanges))
        for row, exchange in enumerate(exchanges):
            for column, (text, tip) in enumerate(self.cells(exchange)):
                item = QTableWidgetItem(text)
                item.setToolTip(tip)
                item.setData(EXCHANGE_ROLE, exchange)
                self.table.setItem(row, column, item)
        self.empty.setVisible(not exchanges)

    def cells(self, exchange: ExchangeInfo) -> list[tuple[str, str]]:
        """(text, tooltip) of each column."""
        lang = self.lang
        known = {section.key: section for section in self.session.template.sections()}
        titles = [
            section_title(known[key], lang) if key in known else key for key in exchange.sections
        ]
        sent_at = local_time(exchange.sent_at, lang)
        if exchange.returned_at is not None:
            returned = t(
                "exchanges.returned",
                lang,
                when=local_time(exchange.returned_at, lang),
                name=exchange.returned_file or "",
            )
            returned_tip = t(
                "exchanges.returned_details",
                lang,
                when=local_time(exchange.returned_at, lang),
                name=exchange.returned_file or "",
                sha256=exchange.returned_sha256 or "",
                who=exchange.returned_by or "",
            )
        else:
            returned = returned_tip = t("exchanges.not_returned", lang)
        return [
            (exchange.ministry, exchange.ministry),
            ("; ".join(titles), "\n".join(titles)),
            (sent_at, sent_at),
            (exchange.sent_by, exchange.sent_by),
            (exchange.file_name, exchange.file_name),
            (returned, returned_tip),
        ]

    def row_texts(self) -> list[list[str]]:
        rows = []
        for row in range(self.table.rowCount()):
            items = [self.table.item(row, column) for column in range(len(COLUMNS))]
            rows.append([item.text() if item is not None else "" for item in items])
        return rows
