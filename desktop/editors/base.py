"""The contract every question editor keeps, so pages never care which widget a question uses.

An editor shows one question's value and reports the person's edits; it never stores anything.
The page passes each edit to :class:`desktop.session.ReportSession`, and if the session refuses
the value the page calls :meth:`QuestionEditor.show_problem` — the editor keeps what was typed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QWidget

from forms.model import Question


@dataclass(frozen=True)
class EditorContext:
    """What editors need besides their question."""

    lang: str  # the interface language: labels, number and date formats
    # Store a file with the report and add it to the attachment question (key, path).
    attach_file: Callable[[str, Path], None]
    # Save a stored attachment (its reference dict) to a file the person chooses.
    open_attachment: Callable[[dict[str, Any]], None]


class QuestionEditor(QWidget):
    # The person finished an edit (left the field, paused typing, clicked a choice): the new value,
    # as typed (text is parsed by the session in the interface language) or structured.
    edited = Signal(object)
    # While locked (issue 7), the person tried to change the value: typed in a read-only text,
    # double-clicked a table's cell. The page offers to reopen the section.
    edit_refused = Signal()

    def __init__(self, question: Question, context: EditorContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.question = question
        self.context = context

    def set_value(self, value: Any) -> None:
        """Show a stored value (None for blank) without emitting ``edited``."""
        raise NotImplementedError

    def focus_field(self, row: int | None = None, column: str | None = None) -> None:
        """Put the cursor in the editor (for a table: in that row and column)."""
        self.setFocus()

    def show_problem(self, message: str | None) -> None:
        """Show why the last edit was refused (None clears); the typed text stays."""

    def flush(self) -> None:
        """Emit any edit still pending (a debounced text), e.g. before the window closes."""

    def set_locked(self, locked: bool) -> None:
        """Show the value without letting it change (an approved section, a final report).

        By default the editor is disabled, still readable: a click on it reaches the page's
        event filter, which offers to reopen the section. Editors whose content scrolls or can be
        saved (long texts, tables, attachments) stay readable instead, and report an attempt to
        change them with ``edit_refused``.
        """
        self.setEnabled(not locked)
