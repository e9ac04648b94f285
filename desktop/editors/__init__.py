"""One editor per question type, all keeping the :class:`QuestionEditor` contract (``base.py``).

A page builds each question's editor with :func:`create_editor`, connects ``edited`` to the
session, shows stored values with ``set_value`` and refusals with ``show_problem``, and calls
``flush`` before it goes away.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Final

from PySide6.QtWidgets import QWidget

from desktop.editors.attachment import AttachmentEditor
from desktop.editors.base import EditorContext, QuestionEditor
from desktop.editors.choice import choice_editor
from desktop.editors.contact import ContactEditor
from desktop.editors.country import CountryEditor
from desktop.editors.date import DateEditor
from desktop.editors.grid import GridEditor
from desktop.editors.multi_choice import MultiChoiceEditor
from desktop.editors.number import NumberEditor
from desktop.editors.table import TableEditor
from desktop.editors.text import LongTextEditor, TextEditor
from forms.model import Question

Factory = Callable[[Question, EditorContext, QWidget | None], QuestionEditor]
EDITORS: Final[dict[str, Factory]] = {
    "yes_no_dev": choice_editor,
    "single_choice": choice_editor,
    "multi_choice": MultiChoiceEditor,
    "text": TextEditor,
    "long_text": LongTextEditor,
    "count": NumberEditor,
    "decimal": NumberEditor,
    "year": NumberEditor,
    "date": DateEditor,
    "country": CountryEditor,
    "contact": ContactEditor,
    "table": TableEditor,
    "grid": GridEditor,
    "attachment": AttachmentEditor,
}


def create_editor(
    question: Question, context: EditorContext, parent: QWidget | None = None
) -> QuestionEditor:
    """The editor for ``question``'s type (a KeyError names a type no editor handles)."""
    return EDITORS[question.type](question, context, parent)


__all__ = ["EDITORS", "EditorContext", "QuestionEditor", "create_editor"]
