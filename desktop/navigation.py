"""The navigation tree: Parts → headings of the outcome document → sections, with their state.

A Qt item model over the template (which never changes while a report is open) and the session
(whose answers do): the structure is built once, the texts and state icons are read on demand, so a
saved answer only repaints the section icons.

A second column names a section's review status when it matters — ready for review, approved,
returned (issue 7) — and every section's tooltip gives its status, ministry and last comment.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Final

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor, QFont

from desktop.icons import state_icon
from desktop.session import ReportSession, SectionState
from desktop.workflow_status import (
    COLOURS,
    NOTABLE,
    short_label,
    status_icon,
    status_label,
    status_summary,
)
from forms.i18n import tr
from forms.model import Section

KIND_ROLE: Final = Qt.ItemDataRole.UserRole  # "part", "heading" or "section"
KEY_ROLE: Final = Qt.ItemDataRole.UserRole + 1  # part key, heading path (tuple) or section key
STATE_ROLE: Final = Qt.ItemDataRole.UserRole + 2  # a SectionState, for sections
STATUS_ROLE: Final = Qt.ItemDataRole.UserRole + 3  # the review status ("approved"), for sections
STATUS_COLUMN: Final = 1
HEADING_LEVELS: Final = 2  # deeper headings of the outcome document add little to navigation
Index = QModelIndex | QPersistentModelIndex


@dataclass(eq=False)
class _Node:
    kind: str
    key: Any
    parent: _Node | None = None
    children: list[_Node] = field(default_factory=list)
    section: Section | None = None
    title: Any = None  # a Text (parts) or a str (headings, verbatim French)

    def add(self, child: _Node) -> _Node:
        child.parent = self
        self.children.append(child)
        return child

    def row(self) -> int:
        return self.parent.children.index(self) if self.parent is not None else 0


def section_title(section: Section, lang: str) -> str:
    """Part B sections are known by their paragraph number: "25. <short title>"."""
    title = section.title.get(lang)
    return f"{section.paragraph}. {title}" if section.paragraph is not None else title


class NavigationModel(QAbstractItemModel):
    def __init__(self, session: ReportSession, lang: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.lang = lang
        self._root = _Node("root", None)
        self._sections: dict[str, _Node] = {}
        self._build()
        session.changed.connect(self._states_changed)
        session.workflow_changed.connect(self._states_changed)

    def _build(self) -> None:
        for part in self.session.template.parts:
            part_node = self._root.add(_Node("part", part.key, title=part.title))
            headings: dict[tuple[str, ...], _Node] = {}
            for section in part.sections:
                parent = part_node
                path = section.heading_path[:HEADING_LEVELS]
                for depth in range(1, len(path) + 1):
                    prefix = path[:depth]
                    if prefix not in headings:
                        headings[prefix] = parent.add(_Node("heading", prefix, title=prefix[-1]))
                    parent = headings[prefix]
                node = parent.add(_Node("section", section.key, section=section))
                self._sections[section.key] = node

    # -- structure -------------------------------------------------------------------------
    def _node(self, index: Index) -> _Node:
        if index.isValid():
            node = index.internalPointer()
            assert isinstance(node, _Node)  # noqa: S101 - only this model creates indexes
            return node
        return self._root

    def index(self, row: int, column: int, parent: Index = QModelIndex()) -> QModelIndex:  # noqa: B008
        node = self._node(parent)
        if column not in (0, STATUS_COLUMN) or not 0 <= row < len(node.children):
            return QModelIndex()
        return self.createIndex(row, column, node.children[row])

    def parent(self, index: Index = QModelIndex()) -> QModelIndex:  # type: ignore[override]  # noqa: B008
        if not index.isValid():
            return QModelIndex()
        parent = self._node(index).parent
        if parent is None or parent is self._root:
            return QModelIndex()
        return self.createIndex(parent.row(), 0, parent)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        if parent.isValid() and parent.column() != 0:
            return 0
        return len(self._node(parent).children)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 2  # the title, and the review status

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    # -- data ------------------------------------------------------------------------------
    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        node = self._node(index)
        if role == KIND_ROLE:
            return node.kind
        if role == KEY_ROLE:
            return node.key
        if index.column() == STATUS_COLUMN:
            return self._status_data(node, role)
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return self._text(node, accessible=role == Qt.ItemDataRole.AccessibleTextRole)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(node)
        if node.section is None:
            if role == Qt.ItemDataRole.FontRole and node.kind == "part":
                font = QFont()
                font.setBold(True)
                return font
            return None
        if role == STATE_ROLE:
            return self.session.section_state(node.section, self.lang)
        if role == Qt.ItemDataRole.DecorationRole:
            return state_icon(self.session.section_state(node.section, self.lang))
        if role == STATUS_ROLE:
            return self.session.status(node.section.key).status
        return None

    def _status_data(self, node: _Node, role: int) -> Any:
        """The second column: the status of a section in review, approved or returned."""
        if node.section is None:
            return None
        status = self.session.status(node.section.key).status
        if role == STATUS_ROLE:
            return status
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(node)
        if status not in NOTABLE:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return short_label(status, self.lang)
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return status_label(status, self.lang)
        if role == Qt.ItemDataRole.DecorationRole:
            return status_icon(status)
        if role == Qt.ItemDataRole.ForegroundRole:
            return QColor(COLOURS[status])
        return None

    def _tooltip(self, node: _Node) -> str:
        text = self._text(node, accessible=True)
        if node.section is None:
            return text
        key = node.section.key
        summary = status_summary(
            self.session.status(key), self.session.owners().get(key), self.lang
        )
        return f"{text}\n{summary}"

    def _text(self, node: _Node, *, accessible: bool) -> str:
        if node.section is not None:
            text = section_title(node.section, self.lang)
            if accessible:
                state = self.session.section_state(node.section, self.lang)
                text = f"{text} — {tr(f'state.{state.value}', self.lang)}"
                status = self.session.status(node.section.key).status
                if status in NOTABLE:
                    text = f"{text} — {status_label(status, self.lang)}"
            return text
        if node.kind == "part":
            return str(node.title.get(self.lang))
        return str(node.title)

    # -- lookups ---------------------------------------------------------------------------
    def section_index(self, key: str) -> QModelIndex:
        node = self._sections.get(key)
        return QModelIndex() if node is None else self.createIndex(node.row(), 0, node)

    def section_keys(self) -> list[str]:
        """Every section in navigation order (for next / previous)."""
        return list(self._sections)

    def _states_changed(self, _key: str = "") -> None:
        # States depend on validation, which can cross sections: repaint them all (cheap).
        for node in self._sections.values():
            first = self.createIndex(node.row(), 0, node)
            last = self.createIndex(node.row(), STATUS_COLUMN, node)
            self.dataChanged.emit(first, last)

    def set_language(self, lang: str) -> None:
        if lang != self.lang:
            self.beginResetModel()  # every text changes; the structure does not
            self.lang = lang
            self.endResetModel()

    def state_counts(self) -> dict[SectionState, int]:
        counts = dict.fromkeys(SectionState, 0)
        for node in self._sections.values():
            assert node.section is not None  # noqa: S101 - section nodes carry their section
            counts[self.session.section_state(node.section, self.lang)] += 1
        return counts
