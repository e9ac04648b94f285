"""Editors built from the shipped template's questions, shown as a person would see them."""

from __future__ import annotations

from typing import Any

import pytest
from editor_helpers import FakePage, MakeEditor, question_of_type
from pytestqt.qtbot import QtBot

from desktop.editors import create_editor
from forms.model import Question


@pytest.fixture
def page() -> FakePage:
    return FakePage()


@pytest.fixture
def make_editor(qtbot: QtBot, page: FakePage) -> MakeEditor:
    """Build the editor of a question (or of the template's first question of a type), shown."""

    def make(question: Question | str, lang: str = "en") -> Any:
        if isinstance(question, str):
            question = question_of_type(question)
        editor = create_editor(question, page.context(lang))
        qtbot.addWidget(editor)
        editor.show()
        return editor

    return make
