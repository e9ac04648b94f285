"""What editor tests share: the template's questions, a fake page, a person's keyboard."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QFocusEvent, QKeyEvent
from PySide6.QtWidgets import QApplication, QWidget

from desktop.editors import EditorContext, QuestionEditor
from forms.loader import load_template
from forms.model import Question, Template

# make_editor(question or type, lang="en"): a shown editor, closed after the test.
MakeEditor = Callable[..., Any]


@cache
def template() -> Template:
    return load_template()


def question_of_type(qtype: str) -> Question:
    return next(q for q in template().questions() if q.type == qtype)


@dataclass
class FakePage:
    """Stands for the page: records what editors ask of it."""

    attached: list[tuple[str, Path]] = field(default_factory=list)
    opened: list[dict[str, Any]] = field(default_factory=list)

    def context(self, lang: str) -> EditorContext:
        return EditorContext(
            lang,
            lambda key, path: self.attached.append((key, path)),
            self.opened.append,
        )


class Recorder:
    """Every value an editor emitted."""

    def __init__(self, editor: QuestionEditor) -> None:
        self.values: list[Any] = []
        editor.edited.connect(self.values.append)


def type_text(widget: QWidget, text: str) -> None:
    """Type any text, accents and Arabic included, one key event per character.

    (qtbot.keyClicks aborts the test process on non-ASCII text.)
    """
    for char in text:
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            event = QKeyEvent(kind, Qt.Key.Key_unknown, Qt.KeyboardModifier.NoModifier, char)
            QApplication.sendEvent(widget, event)


def leave(widget: QWidget) -> None:
    """The person tabs away from the widget."""
    QApplication.sendEvent(widget, QFocusEvent(QEvent.Type.FocusOut, Qt.FocusReason.TabFocusReason))


def tab_through(window: QWidget, count: int) -> list[QWidget | None]:
    """The widgets the focus lands on when the person presses Tab ``count`` times."""
    visited: list[QWidget | None] = []
    for _ in range(count):
        focused = QApplication.focusWidget() or window
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            event = QKeyEvent(kind, Qt.Key.Key_Tab, Qt.KeyboardModifier.NoModifier)
            QApplication.sendEvent(focused, event)
        visited.append(QApplication.focusWidget())
    return visited
