"""Free text: one line (``text``) or several (``long_text``), saved when the person pauses."""

from __future__ import annotations

from typing import Any, Final

from PySide6.QtCore import QSignalBlocker, QSizeF, Qt
from PySide6.QtWidgets import QLabel, QLineEdit, QPlainTextEdit, QWidget

from desktop.editors.base import EditorContext
from desktop.editors.common import (
    ERROR_COLOUR,
    FieldEditor,
    LockedEdits,
    PendingEdit,
    blank_to_none,
    read_only_palette,
)
from forms.i18n import tr
from forms.model import DEFAULT_TEXT_LENGTH, LONG_TEXT_LENGTH, Question
from forms.numbers import format_number

# The counter appears near the limit only: elsewhere it is noise.
COUNTER_FROM: Final = 0.8
MIN_LINES: Final = 4
MAX_LINES: Final = 15  # beyond this the box scrolls instead of pushing the page down


class _TextEditor(FieldEditor):
    """Shared by both text editors: the pending edit and the length counter."""

    default_length = DEFAULT_TEXT_LENGTH

    def __init__(
        self, question: Question, context: EditorContext, parent: QWidget | None = None
    ) -> None:
        super().__init__(question, context, parent)
        self.limit = question.max_length or self.default_length
        self.counter = QLabel()
        self.counter.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.counter.hide()
        self.pending = PendingEdit(self, lambda: blank_to_none(self.text()))

    def text(self) -> str:
        raise NotImplementedError

    def _show_text(self, text: str) -> None:
        raise NotImplementedError

    def _typed(self) -> None:
        self._update_counter()
        self.pending.schedule()

    def _update_counter(self) -> None:
        length = len(self.text())
        near = length > COUNTER_FROM * self.limit
        self.counter.setVisible(near)
        if near:
            self.counter.setText(
                tr(
                    "editor.char_count",
                    self.lang,
                    count=format_number(length, self.lang),
                    limit=format_number(self.limit, self.lang),
                )
            )
            self.counter.setStyleSheet(f"color: {ERROR_COLOUR};" if length > self.limit else "")

    def set_value(self, value: Any) -> None:
        text = value if isinstance(value, str) else ""
        # Setting the same text again would move the cursor under the person's fingers.
        if text != self.text():
            self._show_text(text)
        self._update_counter()
        self.pending.reset()

    def flush(self) -> None:
        self.pending.commit()


class TextEditor(_TextEditor):
    """A one-line text."""

    def __init__(
        self, question: Question, context: EditorContext, parent: QWidget | None = None
    ) -> None:
        super().__init__(question, context, parent)
        self.line = QLineEdit()
        self.name_input(self.line)
        self.line.textEdited.connect(self._typed)
        self.line.returnPressed.connect(self.pending.commit)
        self.pending.watch(self.line)
        self.body.addWidget(self.line)
        self.body.addWidget(self.counter)

    def text(self) -> str:
        return self.line.text()

    def _show_text(self, text: str) -> None:
        with QSignalBlocker(self.line):
            self.line.setText(text)

    def focus_field(self, row: int | None = None, column: str | None = None) -> None:
        self.line.setFocus()


class LongTextEditor(_TextEditor):
    """Several paragraphs; the box grows with its text up to a height, then scrolls."""

    default_length = LONG_TEXT_LENGTH

    def __init__(
        self, question: Question, context: EditorContext, parent: QWidget | None = None
    ) -> None:
        super().__init__(question, context, parent)
        self.box = QPlainTextEdit()
        self.box.setTabChangesFocus(True)  # Tab moves on, as in every other field
        self.name_input(self.box)
        self.box.textChanged.connect(self._typed)
        layout = self.box.document().documentLayout()
        layout.documentSizeChanged.connect(self._fit_height)
        self.pending.watch(self.box)
        self.locked_edits = LockedEdits(self)
        self.locked_edits.watch(self.box)
        self.body.addWidget(self.box)
        self.body.addWidget(self.counter)
        self._fit_height(QSizeF())

    def set_locked(self, locked: bool) -> None:
        """Read-only rather than disabled: a text longer than the box still scrolls."""
        self.box.setReadOnly(locked)
        self.box.setPalette(read_only_palette(self.palette(), locked))
        self.locked_edits.locked = locked

    def text(self) -> str:
        return self.box.toPlainText()

    def _show_text(self, text: str) -> None:
        with QSignalBlocker(self.box):
            self.box.setPlainText(text)

    def _fit_height(self, size: QSizeF) -> None:
        # A plain text document measures its height in lines (wrapped lines included); one
        # empty line more shows where the next one goes.
        lines = min(max(round(size.height()) + 1, MIN_LINES), MAX_LINES)
        document_margin = round(self.box.document().documentMargin())
        frame = 2 * (self.box.frameWidth() + document_margin) + 2  # 2: the cursor's overhang
        self.box.setFixedHeight(lines * self.box.fontMetrics().lineSpacing() + frame)

    def focus_field(self, row: int | None = None, column: str | None = None) -> None:
        self.box.setFocus()
