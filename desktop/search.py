"""Search the report (Ctrl+F): commitments by number or words, the official text, answers.

Matching ignores case and accents ("tracage" finds "traçage"). The index is built when the dialog
first searches and again after the answers change, never on every keystroke.
"""

from __future__ import annotations

import html
import re
import unicodedata
from dataclasses import dataclass, replace
from typing import Any, Final

from PySide6.QtCore import (
    QAbstractListModel,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QPoint,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import QAbstractTextDocumentLayout, QKeyEvent, QPainter, QPalette, QTextDocument
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QDialog,
    QLabel,
    QLineEdit,
    QListView,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from desktop.navigation import section_title
from desktop.session import ReportSession
from forms.catalogue import load_catalogue
from forms.display import format_value
from forms.i18n import tr
from forms.model import Template

_Index = QModelIndex | QPersistentModelIndex
HTML_ROLE: Final = Qt.ItemDataRole.UserRole + 1
LIMIT: Final = 200  # more results than this are not read; a narrower search helps more
SNIPPET_WIDTH: Final = 160  # characters: about two lines of the result list
# Characters that neither NFKD nor casefold turn into what people type on any keyboard.
_SPELLINGS: Final = {"œ": "oe", "æ": "ae", "’": "'", "‘": "'", "\u00a0": " ", "\u202f": " "}
_NUMBER: Final = re.compile(r"(?:§|p|para(?:graph|graphe)?)?\.?\s*(\d{1,3})", re.IGNORECASE)
_RANKS: Final = {"number": 0, "title": 1, "official": 2, "answer": 3}
_OPEN_KEYS: Final = (Qt.Key.Key_Return, Qt.Key.Key_Enter)
_MOVE_KEYS: Final = (Qt.Key.Key_Up, Qt.Key.Key_Down, Qt.Key.Key_PageUp, Qt.Key.Key_PageDown)


def fold(text: str) -> tuple[str, list[int]]:
    """``text`` without accents, case-folded, and the position in ``text`` of each character."""
    if text.isascii():  # the common case, one character for one
        return text.casefold(), list(range(len(text)))
    folded: list[str] = []
    origin: list[int] = []
    for position, char in enumerate(text):
        for part in unicodedata.normalize("NFKD", char):
            if not unicodedata.combining(part):
                lowered = _SPELLINGS.get(part.casefold(), part.casefold())
                folded.append(lowered)
                origin.extend([position] * len(lowered))
    return "".join(folded), origin


@dataclass(frozen=True)
class Result:
    """Where a result leads, and the text that matched there."""

    section_key: str
    question_key: str | None  # set when an answer matched: the result leads to the question
    heading: str  # "25. <short title>", with " › <question>" for an answer
    where: str  # what matched: "number" | "title" | "official" | "answer"
    snippet: str = ""  # plain text
    snippet_html: str = ""  # the same, escaped, with the matches in bold


class SearchIndex:
    """Every searchable text of a report, folded once."""

    def __init__(self, template: Template, answers: dict[str, Any], lang: str) -> None:
        self.template, self.lang = template, lang
        catalogue, other = load_catalogue(template.catalogue), "en" if lang == "fr" else "fr"
        self.fields: list[tuple[Result, str, str, list[int]]] = []  # text, folded, origins
        for section in template.sections():
            heading = section_title(section, lang)
            for title in dict.fromkeys((section.title.get(lang), section.title.get(other))):
                self._add(Result(section.key, None, heading, "title"), title)
            if section.paragraph is not None:
                official = catalogue.paragraph(section.paragraph).text_fr
                self._add(Result(section.key, None, heading, "official"), official)
            for question in section.questions:
                if answers.get(question.key) is not None:
                    where = f"{heading} › {question.label.get(lang)}"
                    text = format_value(question, answers[question.key], lang)
                    self._add(Result(section.key, question.key, where, "answer"), text)

    def _add(self, place: Result, text: str) -> None:
        self.fields.append((place, text, *fold(text)))

    def search(self, query: str) -> list[Result]:
        """The paragraph a number names, then matches of every word: titles, official texts,
        answers, each in template order; one result per section or question."""
        results: list[Result] = []
        number = _NUMBER.fullmatch(query.strip())
        section = self.template.section_for_paragraph(int(number[1])) if number else None
        if section is not None:
            title = section.title.get(self.lang)
            heading = section_title(section, self.lang)
            results.append(Result(section.key, None, heading, "number", title, html.escape(title)))
        words = fold(query)[0].split()
        seen: set[tuple[str, str | None]] = {(section.key, None)} if section else set()
        matches = [f for f in self.fields if words and all(word in f[2] for word in words)]
        matches.sort(key=lambda f: _RANKS[f[0].where])  # stable: template order within a rank
        for place, text, folded, origin in matches:
            if (place.section_key, place.question_key) not in seen:
                seen.add((place.section_key, place.question_key))
                plain, marked = snippet(text, folded, origin, words)
                results.append(replace(place, snippet=plain, snippet_html=marked))
        return results


def snippet(text: str, folded: str, origin: list[int], words: list[str]) -> tuple[str, str]:
    """A window of ``text`` around the first match: plain, and as HTML with every match in bold
    (the text is escaped: answers are user data)."""
    # Longest words first, so that "trac" does not cut short a match of "tracage".
    # "(?!)" matches nothing: no words, no bold.
    pattern = "|".join(map(re.escape, sorted(words, key=len, reverse=True))) or "(?!)"
    spans = [(origin[m.start()], origin[m.end() - 1] + 1) for m in re.finditer(pattern, folded)]
    flat = text.replace("\n", " ")
    # Some context before the first match; a text that fits is shown whole.
    low = max(0, min(spans[0][0] - 40, len(flat) - SNIPPET_WIDTH)) if spans else 0
    if low:  # start on a word
        space = flat.find(" ", low, spans[0][0])
        low = space + 1 if space >= 0 else low
    high = min(len(flat), low + SNIPPET_WIDTH)
    pieces, position = [], low
    for start, end in spans:
        start, end = max(start, position), min(end, high)
        if start < end:
            pieces.append(html.escape(flat[position:start]))
            pieces.append(f"<b>{html.escape(flat[start:end])}</b>")
            position = end
    pieces.append(html.escape(flat[position:high]))
    before, after = ("…" if low > 0 else ""), ("…" if high < len(flat) else "")
    return f"{before}{flat[low:high]}{after}", f"{before}{''.join(pieces)}{after}"


class ResultsModel(QAbstractListModel):
    def __init__(self, lang: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.lang = lang
        self.results: list[Result] = []

    def set_results(self, results: list[Result]) -> None:
        self.beginResetModel()
        self.results = list(results)
        self.endResetModel()

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt's own default
        return 0 if parent.isValid() else len(self.results)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self.results):
            return None
        result = self.results[index.row()]
        lang, where = self.lang, tr(f"tools.search.in.{result.where}", self.lang)
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            line = tr("tools.search.match", lang, where=where, text=result.snippet)
            return f"{result.heading}\n{line}"
        if role == HTML_ROLE:
            where = html.escape(where)
            line = tr("tools.search.match", lang, where=where, text=result.snippet_html)
            return f"<b>{html.escape(result.heading)}</b><br>{line}"
        return None


class _HtmlDelegate(QStyledItemDelegate):
    """Draws a result's HTML (bold heading and matches) in the width of the list."""

    def __init__(self, view: QListView) -> None:
        super().__init__(view)
        self.view = view

    def _document(self, index: _Index, option: QStyleOptionViewItem) -> QTextDocument:
        document = QTextDocument()
        document.setDefaultFont(option.font)
        document.setHtml(str(index.data(HTML_ROLE)))
        document.setTextWidth(max(200, self.view.viewport().width() - 12))
        return document

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: _Index) -> None:
        item = QStyleOptionViewItem(option)
        self.initStyleOption(item, index)
        item.text = ""
        style = self.view.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, item, painter, self.view)
        context = QAbstractTextDocumentLayout.PaintContext()
        selected = bool(item.state & QStyle.StateFlag.State_Selected)
        colour = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        context.palette.setColor(QPalette.ColorRole.Text, item.palette.color(colour))
        painter.save()
        painter.translate(item.rect.topLeft() + QPoint(6, 3))
        document = self._document(index, item)  # kept: its layout dies with it
        document.documentLayout().draw(painter, context)
        painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem, index: _Index) -> QSize:
        document = self._document(index, option)
        return QSize(int(document.textWidth()), int(document.size().height()) + 6)


class SearchDialog(QDialog):
    """A search field over a list of results; Enter or a double-click opens one and closes."""

    section_requested = Signal(str)  # section key
    jump_requested = Signal(str, object, object)  # question key, None, None

    def __init__(self, session: ReportSession, lang: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session, self.lang = session, lang
        self._index: SearchIndex | None = None
        self.setWindowTitle(tr("tools.search.title", lang))
        self.resize(760, 520)
        self.field = QLineEdit()
        self.field.setPlaceholderText(tr("tools.search.placeholder", lang))
        self.field.setClearButtonEnabled(True)
        self.field.setAccessibleName(tr("tools.search.field", lang))
        label = QLabel(tr("tools.search.field", lang))
        label.setBuddy(self.field)
        self.status = QLabel()
        self.model = ResultsModel(lang, self)
        self.results = QListView()
        self.results.setModel(self.model)
        self.results.setItemDelegate(_HtmlDelegate(self.results))
        self.results.setAccessibleName(tr("tools.search.results", lang))
        self.results.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.results.setResizeMode(QListView.ResizeMode.Adjust)  # re-wraps results on resize
        self.results.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        # "activated": Enter or double-click (a single click where the platform says so).
        self.results.activated.connect(self.open_result)
        layout = QVBoxLayout(self)
        layout.addWidget(label)
        layout.addWidget(self.field)
        layout.addWidget(self.status)
        layout.addWidget(self.results, 1)
        self.field.textChanged.connect(self.search)
        self.field.installEventFilter(self)
        session.changed.connect(self._answers_changed)

    def search(self, query: str) -> None:
        if self._index is None:
            state = self.session.state
            self._index = SearchIndex(state.template, state.answers, self.lang)
        results = self._index.search(query) if query.strip() else []
        self.model.set_results(results[:LIMIT])
        if results:
            self.results.setCurrentIndex(self.model.index(0, 0))
        found = "count" if 0 < len(results) <= LIMIT else "truncated" if results else "none"
        count, text = min(len(results), LIMIT), query.strip()
        self.status.setText(tr(f"tools.search.{found}", self.lang, query=text, count=count))
        self.status.setVisible(bool(text))

    def open_result(self, index: QModelIndex | None = None) -> None:
        index = index if index is not None else self.results.currentIndex()
        if not index.isValid():
            return
        result = self.model.results[index.row()]
        if result.question_key is not None:
            self.jump_requested.emit(result.question_key, None, None)
        else:
            self.section_requested.emit(result.section_key)
        self.accept()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # The cursor stays in the field: Enter opens the current result, the arrows move in
        # the list, so a search never needs the mouse.
        if watched is self.field and isinstance(event, QKeyEvent):
            if event.type() == QEvent.Type.KeyPress and event.key() in _OPEN_KEYS:
                self.open_result()
                return True
            if event.type() == QEvent.Type.KeyPress and event.key() in _MOVE_KEYS:
                QApplication.sendEvent(self.results, event)
                return True
        return super().eventFilter(watched, event)

    def _answers_changed(self, _key: str) -> None:
        self._index = None  # rebuilt by the next search
        if self.isVisible() and self.field.text().strip():
            self.search(self.field.text())
