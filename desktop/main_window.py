"""The first desktop window: a report's sections on the left, a read-only page on the right.

The window only shows a report. Editing answers is the guided data-entry task that comes next;
until then the status bar says so, so nobody looks for a save button.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from enum import StrEnum
from typing import Any, Final

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QIcon, QPainter, QPainterPath, QPalette, QPen, QPixmap
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QScrollArea,
    QSplitter,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from forms.catalogue import Catalogue, load_catalogue
from forms.countries import country_name
from forms.display import format_value
from forms.i18n import normalise_language, tr
from forms.model import Part, Question, Section
from forms.validation import Issue, relevance
from reporting.service import ReportState

# The window's own strings. They move to Qt Linguist (.ts/.qm) files with the editing task, when
# the desktop has enough strings to be worth a translator's workflow; until then a dict keeps
# both languages side by side and a test can check they have the same keys.
STRINGS: Final[dict[str, dict[str, str]]] = {
    "en": {
        "window_title": "{country} — {cycle} — PoA national report",
        "read_only": "Read-only preview — editing comes in the next version",
        "official_text": "Official text (French)",
        "state.empty": "Not started",
        "state.in_progress": "In progress",
        "state.complete": "Complete",
        "state.errors": "Has errors",
        "issue.error": "Error: {message}",
        "issue.warning": "Warning: {message}",
        "carried_over": "Carried over from the previous report, to confirm",
    },
    "fr": {
        "window_title": "{country} — {cycle} — Rapport national sur le Programme d'action",
        "read_only": "Aperçu en lecture seule — la saisie arrive dans la prochaine version",
        "official_text": "Texte officiel (français)",
        "state.empty": "Non commencé",
        "state.in_progress": "En cours",
        "state.complete": "Complet",
        "state.errors": "Contient des erreurs",
        "issue.error": "Erreur : {message}",
        "issue.warning": "Avertissement : {message}",
        "carried_over": "Repris du rapport précédent, à confirmer",
    },
}

# Tree items carry what they stand for, so selection never depends on their (translated) text.
KIND_ROLE: Final = Qt.ItemDataRole.UserRole
KEY_ROLE: Final = Qt.ItemDataRole.UserRole + 1
STATE_ROLE: Final = Qt.ItemDataRole.UserRole + 2
HEADING_LEVELS: Final = 2  # deeper headings of the outcome document add little to navigation
PAGE_MAX_WIDTH: Final = 860  # long lines are hard to read on wide screens

ERROR_COLOUR: Final = "#b3261e"
WARNING_COLOUR: Final = "#8a5a00"  # a dark amber: pure amber is unreadable on white


def ui_text(key: str, lang: str, /, **params: Any) -> str:
    return STRINGS[normalise_language(lang)][key].format(**params)


class SectionState(StrEnum):
    EMPTY = "empty"
    IN_PROGRESS = "in_progress"
    COMPLETE = "complete"
    ERRORS = "errors"


def section_state(
    section: Section,
    answers: Mapping[str, Any],
    issues: Mapping[str, list[Issue]],
    relevant: Mapping[str, bool],
) -> SectionState:
    """How far a section is, from its answers and validation issues.

    A missing required answer is an unfinished section, not an error: validation reports it as
    an error (code ``required``), but counting it here would paint every untouched section red.
    Questions hidden by skip logic are neither required nor counted.
    """
    asked = [q for q in section.questions if relevant.get(q.key, True)]
    if any(
        issue.severity == "error" and issue.code != "required"
        for question in asked
        for issue in issues.get(question.key, ())
    ):
        return SectionState.ERRORS
    answered = [q for q in asked if answers.get(q.key) is not None]
    if not answered:
        return SectionState.EMPTY
    if all(answers.get(q.key) is not None for q in asked if q.required):
        return SectionState.COMPLETE
    return SectionState.IN_PROGRESS


def section_title(section: Section, lang: str) -> str:
    """Part B sections are known by their paragraph number: "25. <short title>"."""
    title = section.title.get(lang)
    return f"{section.paragraph}. {title}" if section.paragraph is not None else title


class MainWindow(QMainWindow):
    """A report, read-only: navigation tree, section page, and a status bar that says so."""

    def __init__(self, state: ReportState, lang: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self.lang = normalise_language(lang)
        self.catalogue: Catalogue = load_catalogue(state.template.catalogue)
        self.issues = _by_key(state.issues(self.lang))
        self.relevant = relevance(state.template, state.answers)

        info = state.info
        country = country_name(info.country, self.lang)
        self.setWindowTitle(ui_text("window_title", self.lang, country=country, cycle=info.cycle))
        self.resize(1200, 800)

        self.tree = QTreeWidget()
        self.tree.setHeaderHidden(True)
        self.tree.setUniformRowHeights(True)
        self.tree.setIconSize(QSize(16, 16))
        self.tree.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.tree.setMinimumWidth(240)
        self.section_items: dict[str, QTreeWidgetItem] = {}
        self._fill_tree()

        self.page_area = QScrollArea()
        self.page_area.setWidgetResizable(True)
        self.page_area.setFrameShape(QFrame.Shape.NoFrame)
        self.page_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)

        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.tree)
        splitter.addWidget(self.page_area)
        splitter.setChildrenCollapsible(False)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([440, 760])
        self.setCentralWidget(splitter)

        notice = QLabel(ui_text("read_only", self.lang))
        self.statusBar().addWidget(notice, 1)  # a permanent label: showMessage() gets cleared

        self.tree.currentItemChanged.connect(self._show_item)
        first = next(iter(self.section_items.values()), None)
        if first is not None:
            self.tree.setCurrentItem(first)

    # -- navigation ------------------------------------------------------------------------
    def _fill_tree(self) -> None:
        root = self.tree.invisibleRootItem()
        for part in self.state.template.parts:
            part_item = _item(root, part.title.get(self.lang), "part", part.key)
            font = part_item.font(0)
            font.setBold(True)
            part_item.setFont(0, font)
            headings: dict[tuple[str, ...], QTreeWidgetItem] = {}
            for section in part.sections:
                parent = part_item
                for depth in range(1, min(len(section.heading_path), HEADING_LEVELS) + 1):
                    path = section.heading_path[:depth]
                    if path not in headings:
                        headings[path] = _item(parent, path[-1], "heading", path)
                    parent = headings[path]
                self._add_section(parent, section)
        self.tree.expandAll()

    def _add_section(self, parent: QTreeWidgetItem, section: Section) -> None:
        state = section_state(section, self.state.answers, self.issues, self.relevant)
        title = section_title(section, self.lang)
        item = _item(parent, title, "section", section.key)
        state_text = ui_text(f"state.{state}", self.lang)
        item.setIcon(0, state_icon(state))
        item.setData(0, STATE_ROLE, state.value)
        item.setToolTip(0, f"{title}\n{state_text}")
        # The icon's shape and colour are not read out: say the state in words too.
        item.setData(0, Qt.ItemDataRole.AccessibleTextRole, f"{title}, {state_text}")
        self.section_items[section.key] = item

    def select_section(self, key: str) -> None:
        self.tree.setCurrentItem(self.section_items[key])

    def _show_item(self, current: QTreeWidgetItem | None, _previous: object = None) -> None:
        if current is None:
            return
        kind, key = current.data(0, KIND_ROLE), current.data(0, KEY_ROLE)
        if kind == "section":
            page = self._section_page(self.state.template.section(key))
        elif kind == "part":
            page = self._part_page(next(p for p in self.state.template.parts if p.key == key))
        else:
            page = self._heading_page(tuple(key))
        # setWidget() deletes the previous page, so pages never pile up.
        self.page_area.setWidget(page)

    # -- pages -----------------------------------------------------------------------------
    def _section_page(self, section: Section) -> QWidget:
        page = _Page()
        page.add(_title_label(section_title(section, self.lang)))
        if section.heading_path:
            page.add(_small_label(" › ".join(section.heading_path), grey=True))
        state = SectionState(self.section_items[section.key].data(0, STATE_ROLE))
        page.add(_state_row(state, ui_text(f"state.{state}", self.lang)))
        if section.help is not None:
            page.add(_text_label(section.help.get(self.lang)))
        if section.paragraph is not None:
            official = self.catalogue.paragraph(section.paragraph).text_fr
            page.add_official_text(ui_text("official_text", self.lang), official)
        for question in section.questions:
            if self.relevant.get(question.key, True):
                page.add_question(self._question_block(question))
        return page.finish()

    def _question_block(self, question: Question) -> QWidget:
        block = QWidget()
        layout = QVBoxLayout(block)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(3)
        label = _text_label(question.label.get(self.lang))
        bold = label.font()
        bold.setBold(True)
        label.setFont(bold)
        layout.addWidget(label)
        if question.tags:
            layout.addWidget(_small_label("  ".join(question.tags), grey=True))
        if question.help is not None:
            layout.addWidget(_small_label(question.help.get(self.lang)))  # guidance: full contrast
        for answer in self._answer_labels(question, self.state.answers.get(question.key)):
            layout.addWidget(answer)
        if question.key in self.state.carried_over:
            layout.addWidget(_coloured_label(ui_text("carried_over", self.lang), WARNING_COLOUR))
        for issue in self.issues.get(question.key, ()):
            colour = ERROR_COLOUR if issue.severity == "error" else WARNING_COLOUR
            text = ui_text(f"issue.{issue.severity}", self.lang, message=issue.message)
            layout.addWidget(_coloured_label(text, colour))
        return block

    def _answer_labels(self, question: Question, value: Any) -> list[QLabel]:
        if value is None:
            blank = _answer_label(tr("show.blank", self.lang))
            blank.setForegroundRole(QPalette.ColorRole.PlaceholderText)
            return [blank]
        if question.type != "table" or not value:
            return [_answer_label(format_value(question, value, self.lang), True)]
        # One panel per row: wrapped rows run together in a single label.
        return [_answer_label(format_value(question, [row], self.lang), True) for row in value]

    def _part_page(self, part: Part) -> QWidget:
        page = _Page()
        page.add(_title_label(part.title.get(self.lang)))
        if part.help is not None:
            page.add(_text_label(part.help.get(self.lang)))
        return page.finish()

    def _heading_page(self, path: tuple[str, ...]) -> QWidget:
        page = _Page()
        page.add(_title_label(path[-1]))
        if len(path) > 1:
            page.add(_small_label(" › ".join(path[:-1]), grey=True))
        chapeau = next((h.chapeau for h in self.catalogue.headings if h.path == path), None)
        if chapeau:
            page.add_official_text(ui_text("official_text", self.lang), chapeau)
        return page.finish()


class _Page(QWidget):
    """A page of the right-hand side: one column of blocks, kept to a readable width."""

    def __init__(self) -> None:
        super().__init__()
        outer = QHBoxLayout(self)
        outer.setContentsMargins(24, 18, 24, 18)
        self.column = QWidget()
        self.column.setMaximumWidth(PAGE_MAX_WIDTH)
        self.column_layout = QVBoxLayout(self.column)
        self.column_layout.setContentsMargins(0, 0, 0, 0)
        self.column_layout.setSpacing(8)
        # The column takes the width up to its maximum; the spacer takes the rest.
        outer.addWidget(self.column, 1)
        outer.addStretch(0)

    def add(self, widget: QWidget) -> None:
        self.column_layout.addWidget(widget)

    def add_official_text(self, heading: str, text: str) -> None:
        self.column_layout.addSpacing(6)
        caption = _small_label(heading, grey=True)
        font = caption.font()
        font.setBold(True)
        caption.setFont(font)
        self.add(caption)
        box = _text_label(text)
        box.setObjectName("officialText")
        box.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
            | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        box.setStyleSheet(
            "QLabel#officialText { background: palette(alternate-base);"
            " border: 1px solid palette(mid); border-radius: 4px; padding: 10px; }"
        )
        self.add(box)

    def add_question(self, block: QWidget) -> None:
        rule = QFrame()
        rule.setFrameShape(QFrame.Shape.HLine)
        rule.setFrameShadow(QFrame.Shadow.Sunken)
        self.column_layout.addSpacing(4)
        self.add(rule)
        self.add(block)

    def finish(self) -> _Page:
        self.column_layout.addStretch(1)
        return self


# -- small widget helpers --------------------------------------------------------------------


def _item(parent: QTreeWidgetItem, text: str, kind: str, key: object) -> QTreeWidgetItem:
    item = QTreeWidgetItem(parent, [text])
    item.setData(0, KIND_ROLE, kind)
    item.setData(0, KEY_ROLE, key)
    if kind != "section":
        item.setToolTip(0, text)  # headings of the outcome document are long and get elided
    return item


def _text_label(text: str) -> QLabel:
    # Plain text always: answers are user data, and "<" in them must not become markup.
    label = QLabel(text)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    return label


def _answer_label(text: str, selectable: bool = False) -> QLabel:
    label = _text_label(text)
    label.setObjectName("answer")
    # A light panel, like the field it will become with editing, sets answers off from the help.
    label.setStyleSheet(
        "QLabel#answer { background: palette(base); border: 1px solid palette(midlight);"
        " border-radius: 3px; padding: 4px 8px; }"
    )
    if selectable:  # answers can be copied; the "[No response]" placeholder need not be
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


def _title_label(text: str) -> QLabel:
    label = _text_label(text)
    font = label.font()
    font.setPointSizeF(font.pointSizeF() * 1.4)
    font.setWeight(QFont.Weight.DemiBold)
    label.setFont(font)
    return label


def _small_label(text: str, *, grey: bool = False) -> QLabel:
    label = _text_label(text)
    font = label.font()
    font.setPointSizeF(font.pointSizeF() * 0.88)
    label.setFont(font)
    if grey:
        label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
    return label


def _coloured_label(text: str, colour: str) -> QLabel:
    label = _text_label(text)
    label.setStyleSheet(f"color: {colour};")
    return label


def _state_row(state: SectionState, text: str) -> QWidget:
    row = QWidget()
    layout = QHBoxLayout(row)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.setSpacing(6)
    icon = QLabel()
    icon.setPixmap(state_icon(state).pixmap(16, 16))
    layout.addWidget(icon)
    layout.addWidget(QLabel(text))
    layout.addStretch(1)
    return row


def _by_key(issues: Iterable[Issue]) -> dict[str, list[Issue]]:
    grouped: dict[str, list[Issue]] = defaultdict(list)
    for issue in issues:
        grouped[issue.key].append(issue)
    return dict(grouped)


# -- state icons -----------------------------------------------------------------------------
# Drawn rather than taken from a theme or a font: the same on every platform, and each state
# differs in shape as well as colour (outline, half, check mark, exclamation mark). Not cached
# in the module: a pixmap must not outlive the QApplication, and drawing one takes microseconds.


def state_icon(state: SectionState) -> QIcon:
    scale = 2  # drawn at twice the size so it stays sharp on high-density screens
    pixmap = QPixmap(16 * scale, 16 * scale)
    pixmap.setDevicePixelRatio(scale)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    circle = QRectF(1.5, 1.5, 13, 13)
    white = QPen(QColor("white"), 2)
    white.setCapStyle(Qt.PenCapStyle.RoundCap)
    if state is SectionState.EMPTY:
        painter.setPen(QPen(QColor("#8a8a8a"), 1.5))
        painter.drawEllipse(circle)
    elif state is SectionState.IN_PROGRESS:
        blue = QColor("#1f6fb2")
        painter.setPen(QPen(blue, 1.5))
        painter.drawEllipse(circle)
        half = QPainterPath()
        half.moveTo(circle.center())
        half.arcTo(circle, 90, 180)
        painter.fillPath(half, blue)
    elif state is SectionState.COMPLETE:
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor("#2e7d32"))
        painter.drawEllipse(circle)
        painter.setPen(white)
        painter.drawPolyline([QPointF(4.8, 8.2), QPointF(7, 10.4), QPointF(11.2, 5.8)])
    else:
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(ERROR_COLOUR))
        painter.drawEllipse(circle)
        painter.setPen(white)
        painter.drawLine(QPointF(8, 4.5), QPointF(8, 8.8))
        painter.drawPoint(QPointF(8, 11.4))
    painter.end()
    return QIcon(pixmap)
