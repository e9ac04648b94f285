"""Report › Verify the history… (issue 8): check every seal of the history, and say what broke.

The check (``Database.verify_history``, see ``storage/audit.py``) reads the whole history, so it
runs off the GUI thread on its own connection. The dialog then says whether the history is
intact, lists each entry that is altered, unsealed or sealed on another installation, and shows
every report's chain head — the short seal that exports print, to compare with an earlier export.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.ministry_export_dialog import worker_database
from desktop.report_labels import report_title, scaled_bold
from desktop.worker import BackgroundTask, Cancelled, Progress, run_in_background
from forms.i18n import tr
from storage import ReportInfo
from storage.audit import AuditResult, short


def t(key: str, lang: str, **params: object) -> str:
    return tr(f"desktop_safety.{key}", lang, **params)


def start_verify(
    parent: QWidget,
    db_path: Path,
    lang: str,
    *,
    on_done: Callable[[AuditResult], None],
    on_error: Callable[[BaseException], None],
) -> BackgroundTask[AuditResult]:
    """Verify the whole history of the database at ``db_path`` in the thread pool."""

    def work(progress: Progress) -> AuditResult:
        progress.check()
        with worker_database(db_path) as db:  # its own engine: not the GUI thread's connection
            return db.verify_history()

    def failed(exc: BaseException) -> None:
        if not isinstance(exc, Cancelled):
            on_error(exc)

    return run_in_background(parent, t("verify.progress", lang), work, on_done, failed, lang)


class VerifyDialog(QDialog):
    """The outcome of a verification: a verdict, the entries with a problem, the chain heads."""

    def __init__(
        self, result: AuditResult, reports: list[ReportInfo], lang: str, parent: QWidget | None
    ) -> None:
        super().__init__(parent)
        self.audit, self.lang = result, lang
        self.setWindowTitle(t("verify.title", lang))
        names = {info.id: report_title(info, lang) for info in reports}

        def name(report_id: int) -> str:
            return names.get(report_id) or t("verify.unknown_report", lang, report=report_id)

        problems = result.problems
        verdict = "failed" if not result.ok else ("ok_with_notes" if problems else "ok")
        self.verdict = QLabel(t(f"verify.{verdict}", lang, checked=result.checked))
        self.verdict.setObjectName(f"verdict:{verdict}")
        self.verdict.setWordWrap(True)
        self.verdict.setFont(scaled_bold(self.font(), 1.1))
        colour = "#b3261e" if verdict == "failed" else ("#8a5a00" if problems else "#1e7a34")
        self.verdict.setStyleSheet(f"QLabel {{ color: {colour}; }}")
        layout = QVBoxLayout(self)
        layout.addWidget(self.verdict)

        self.problems = QTreeWidget()
        self.problems.setRootIsDecorated(False)
        self.problems.setHeaderLabels(
            [t(f"verify.column.{c}", lang) for c in ("report", "entry", "problem")]
        )
        self.problem_items: list[QTreeWidgetItem] = []
        for problem in problems:
            item = QTreeWidgetItem(
                [name(problem.report_id), str(problem.history_id),
                 t(f"verify.problem.{problem.problem}", lang)]
            )  # fmt: skip
            item.setTextAlignment(1, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            item.setToolTip(2, item.text(2))  # the whole explanation, if the column cuts it
            self.problems.addTopLevelItem(item)
            self.problem_items.append(item)
        _fit(self.problems, stretch=2)
        problems_label = QLabel(t("verify.problems", lang))
        problems_label.setFont(scaled_bold(self.font(), 1.0))
        problems_label.setVisible(bool(problems))
        self.problems.setVisible(bool(problems))
        layout.addWidget(problems_label)
        layout.addWidget(self.problems, 1)

        heads_label = QLabel(t("verify.heads", lang))
        heads_label.setFont(scaled_bold(self.font(), 1.0))
        self.heads = QTreeWidget()
        self.heads.setRootIsDecorated(False)
        self.heads.setHeaderLabels([t(f"verify.column.{c}", lang) for c in ("report", "head")])
        fixed = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        for report_id, seal in sorted(result.heads.items()):
            item = QTreeWidgetItem([name(report_id), short(seal)])
            item.setFont(1, QFont(fixed))
            item.setToolTip(1, seal or "")
            self.heads.addTopLevelItem(item)
        _fit(self.heads, stretch=0)
        _fit_height(self.heads, len(result.heads))
        hint = QLabel(t("verify.heads_hint", lang))
        hint.setWordWrap(True)
        hint.setStyleSheet("QLabel { color: #5f6368; }")
        layout.addWidget(heads_label)
        layout.addWidget(self.heads)
        layout.addWidget(hint)
        if not problems:
            layout.addStretch(1)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(t("close", lang))
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(900 if problems else 760, 560 if problems else 260)

    def problem_rows(self) -> list[tuple[str, str, str]]:
        return [(item.text(0), item.text(1), item.text(2)) for item in self.problem_items]


_STRETCH, _FIT = QHeaderView.ResizeMode.Stretch, QHeaderView.ResizeMode.ResizeToContents


def _fit_height(tree: QTreeWidget, rows: int, most: int = 6) -> None:
    """As tall as its rows (up to ``most``, then it scrolls): one report needs one line."""
    row = max(tree.sizeHintForRow(0), tree.fontMetrics().height() + 4)
    frame = 2 * tree.frameWidth() + 2
    tree.setFixedHeight(tree.header().sizeHint().height() + max(1, min(rows, most)) * row + frame)


def _fit(tree: QTreeWidget, *, stretch: int) -> None:
    """Every column as wide as its text, except ``stretch``, which takes the rest."""
    header = tree.header()
    header.setStretchLastSection(False)
    for column in range(tree.columnCount()):
        stretched = column == stretch
        header.setSectionResizeMode(column, _STRETCH if stretched else _FIT)
    tree.setUniformRowHeights(True)
    tree.setSelectionMode(QTreeWidget.SelectionMode.NoSelection)
