"""Every question type of the shipped template gets an editor that keeps the base.py contract."""

from __future__ import annotations

from typing import Any

import pytest
from editor_helpers import MakeEditor, question_of_type, template
from PySide6.QtWidgets import QWidget

from desktop.editors import EDITORS, QuestionEditor
from forms.model import QUESTION_TYPES

SHA = "0" * 64
# A stored value of every type, as the session hands it to set_value.
SAMPLES: dict[str, Any] = {
    "yes_no_dev": "developing",
    "single_choice": "fr",
    "multi_choice": ["financial", "training"],
    "text": "Commission nationale",
    "long_text": "Première ligne\nDeuxième ligne",
    "count": 1234,
    "decimal": "1234.5",
    "date": "2023-05-17",
    "year": 2018,
    "country": "CIV",
    "contact": {"title": "ms", "name": "Awa Koné", "email": "awa@example.org"},
    "table": [{"title_original": "Loi n° 98-749", "date_adopted": "1998-12-23"}],
    "grid": {"total": 5, "cells": {"female/age_18_24/with": 2}, "not_disaggregated": None},
    "attachment": [{"name": "plan.pdf", "sha256": SHA}],
}


def test_every_type_of_the_template_has_an_editor() -> None:
    used = {question.type for question in template().questions()}
    assert used == set(QUESTION_TYPES) == set(EDITORS) == set(SAMPLES)


@pytest.mark.parametrize("qtype", QUESTION_TYPES)
@pytest.mark.parametrize("lang", ["en", "fr"])
def test_set_value_never_emits(make_editor: MakeEditor, qtype: str, lang: str) -> None:
    editor: QuestionEditor = make_editor(qtype, lang)
    emitted: list[Any] = []
    editor.edited.connect(emitted.append)

    editor.set_value(SAMPLES[qtype])
    editor.flush()
    editor.set_value(None)
    editor.flush()

    assert emitted == []


@pytest.mark.parametrize("qtype", QUESTION_TYPES)
def test_inputs_carry_the_question_for_screen_readers(make_editor: MakeEditor, qtype: str) -> None:
    editor: QuestionEditor = make_editor(qtype, "fr")
    label = question_of_type(qtype).label.fr
    named = [w for w in editor.findChildren(QWidget) if w.accessibleName()]

    assert named
    assert all(widget.accessibleName().startswith(label) for widget in named)
    assert question_of_type(qtype).help is not None
    assert all(widget.accessibleDescription() for widget in named)


@pytest.mark.parametrize("qtype", QUESTION_TYPES)
def test_a_problem_shows_in_red_under_the_field_and_clears(
    make_editor: MakeEditor, qtype: str
) -> None:
    editor = make_editor(qtype, "fr")
    editor.set_value(SAMPLES[qtype])

    editor.show_problem("Une réponse est obligatoire.")

    assert editor.problem.isVisible()
    assert editor.problem.text() == "Une réponse est obligatoire."
    assert "#b3261e" in editor.problem.styleSheet()
    editor.show_problem(None)
    assert not editor.problem.isVisible()


@pytest.mark.parametrize("qtype", QUESTION_TYPES)
def test_focus_field_puts_the_cursor_inside(make_editor: MakeEditor, qtype: str) -> None:
    editor = make_editor(qtype)
    editor.activateWindow()

    editor.focus_field()

    focused = editor.focusWidget()
    assert focused is not None and editor.isAncestorOf(focused)
