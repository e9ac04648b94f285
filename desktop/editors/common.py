"""What every editor shares: the problem line under the field, accessible names, emit-once edits."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Final

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QFocusEvent, QKeyEvent, QKeySequence, QPalette
from PySide6.QtWidgets import QAbstractItemView, QLabel, QVBoxLayout, QWidget

from desktop.editors.base import EditorContext, QuestionEditor
from forms.model import Question

ERROR_COLOUR: Final = "#b3261e"  # the main window's error red, readable on white
WARNING_COLOUR: Final = "#8a5a00"
# Long enough not to interrupt a word being typed, short enough that a pause feels saved.
DEBOUNCE_MS: Final = 800


class FieldEditor(QuestionEditor):
    """An editor laid out as its input (``self.body``) with the refusal message below it."""

    def __init__(
        self, question: Question, context: EditorContext, parent: QWidget | None = None
    ) -> None:
        super().__init__(question, context, parent)
        self.lang = context.lang
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(4)
        self.body = QVBoxLayout()
        self.body.setSpacing(4)
        outer.addLayout(self.body)
        self.problem = QLabel()
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet(f"color: {ERROR_COLOUR};")
        self.problem.hide()
        outer.addWidget(self.problem)
        outer.addStretch(1)  # given more height than it needs, the editor stays at the top

    def show_problem(self, message: str | None) -> None:
        self.problem.setText(message or "")
        self.problem.setVisible(bool(message))

    def name_input(self, widget: QWidget, part: str | None = None) -> None:
        """Give a screen reader the question (and, in a composite editor, which part of it)."""
        label = self.question.label.get(self.lang)
        widget.setAccessibleName(f"{label} — {part}" if part else label)
        if self.question.help is not None:
            widget.setAccessibleDescription(self.question.help.get(self.lang))


class PendingEdit(QObject):
    """Emits an editor's value when the person pauses or leaves a field, never twice the same.

    ``read`` returns the value the editor shows; :meth:`commit` emits it if it differs from the
    last value emitted or shown by ``set_value`` (which calls :meth:`reset`).
    """

    def __init__(self, editor: QuestionEditor, read: Callable[[], Any]) -> None:
        super().__init__(editor)
        self._editor = editor
        self._read = read
        self._last: Any = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DEBOUNCE_MS)
        self._timer.timeout.connect(self.commit)

    def watch(self, *widgets: QWidget) -> None:
        """Commit whenever one of these widgets loses the focus."""
        for widget in widgets:
            widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # A completer or calendar popup takes the focus while the person is still choosing.
        if (
            event.type() == QEvent.Type.FocusOut
            and isinstance(event, QFocusEvent)
            and event.reason() != Qt.FocusReason.PopupFocusReason
        ):
            self.commit()
        return False

    def schedule(self) -> None:
        """Restart the pause timer: called at every keystroke."""
        self._timer.start()

    @property
    def pending(self) -> bool:
        return self._timer.isActive()

    def commit(self) -> None:
        self._timer.stop()
        value = self._read()
        if value != self._last:
            self._last = value
            self._editor.edited.emit(value)

    def reset(self) -> None:
        """The editor now shows a stored value: nothing is pending."""
        self._timer.stop()
        self._last = self._read()


# Keys that read rather than change: moving, selecting, leaving the field.
_READING_KEYS: Final = frozenset(
    {
        Qt.Key.Key_Up, Qt.Key.Key_Down, Qt.Key.Key_Left, Qt.Key.Key_Right, Qt.Key.Key_PageUp,
        Qt.Key.Key_PageDown, Qt.Key.Key_Home, Qt.Key.Key_End, Qt.Key.Key_Tab, Qt.Key.Key_Backtab,
        Qt.Key.Key_Escape, Qt.Key.Key_Shift, Qt.Key.Key_Control, Qt.Key.Key_Alt, Qt.Key.Key_Meta,
    }
)  # fmt: skip
_EDITING_KEYS: Final = frozenset({Qt.Key.Key_Backspace, Qt.Key.Key_Delete, Qt.Key.Key_F2})


def changes_text(event: QKeyEvent) -> bool:
    """Whether a key press would change an editable field (copying and moving do not)."""
    if event.matches(QKeySequence.StandardKey.Copy) or event.matches(
        QKeySequence.StandardKey.SelectAll
    ):
        return False
    if event.key() in _READING_KEYS:
        return False
    return bool(event.text()) or event.key() in _EDITING_KEYS


class LockedEdits(QObject):
    """While an editor is locked (issue 7), stops what would change it — typing, pasting, and in
    tables a double-click — and emits the editor's ``edit_refused``; reading, scrolling,
    selecting and copying still work."""

    def __init__(self, editor: QuestionEditor) -> None:
        super().__init__(editor)
        self._editor = editor
        self.locked = False
        self._double_clicks: set[QObject] = set()

    def watch(self, widget: QWidget, *, double_click: bool = False) -> None:
        widget.installEventFilter(self)
        if double_click:
            self._double_clicks.add(widget)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if not self.locked:
            return False
        if isinstance(event, QKeyEvent) and event.type() == QEvent.Type.KeyPress:
            refused = changes_text(event)
        else:
            double = event.type() == QEvent.Type.MouseButtonDblClick
            refused = double and watched in self._double_clicks
        if refused:
            self._editor.edit_refused.emit()
        return refused


def read_only_palette(palette: QPalette, read_only: bool) -> QPalette:
    """A read-only field's background is the window's, as a disabled one's would be."""
    shown = QPalette(palette)
    if read_only:
        shown.setColor(QPalette.ColorRole.Base, palette.color(QPalette.ColorRole.Window))
    return shown


def blank_to_none(text: str) -> str | None:
    """Blank text is no answer (the stored form of blank is None, never "")."""
    return text if text.strip() else None


def commit_open_cell(view: QAbstractItemView) -> None:
    """A cell still being typed in is an edit too, e.g. when the window closes."""
    cell_editor = view.indexWidget(view.currentIndex())
    if cell_editor is not None:
        view.commitData(cell_editor)
