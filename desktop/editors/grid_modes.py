"""The words around a grid's entries: its modes ("By sex") and the live notes under its table."""

from __future__ import annotations

from typing import Any

from forms import grids
from forms.i18n import tr
from forms.model import Question


def lower_first(text: str) -> str:
    """ "Age group (years)" → "age group (years)", to follow "By"; an acronym keeps its capitals."""
    if len(text) > 1 and text[1].isupper():
        return text
    return text[:1].lower() + text[1:]


def mode_label(question: Question, mode: str, lang: str) -> str:
    """ "Total only", "By sex", "Full breakdown" (or "By sex" for a grid of sex alone)."""
    if mode == grids.MODE_TOTAL:
        return tr("editor.grid_mode_total", lang)
    dimensions = question.dimensions
    if mode == grids.MODE_FULL and len(dimensions) > 1:
        return tr("editor.grid_mode_full", lang)
    dimension = next((d for d in dimensions if d.name == mode), dimensions[0])
    return tr("editor.grid_mode_by", lang, dimension=lower_first(dimension.label.get(lang)))


def sum_note(question: Question, value: dict[str, Any], lang: str) -> tuple[str, bool] | None:
    """The note under the entries, and whether it is a problem; None when there is nothing to say.

    Only the chosen mode's entries are compared with the declared total, as the check does; a grid
    marked "not disaggregated" need not add up.
    """
    if value.get("not_disaggregated"):
        return None
    problem = grids.sum_problem(question, value, lang)
    if problem is not None:
        return problem, True
    counted = grids.entries_sum(value)
    if counted is not None and counted == value.get("total"):
        return tr("editor.grid_adds_up", lang), False
    return None


def kept_note(question: Question, value: dict[str, Any], lang: str) -> str | None:
    """Which other modes hold entries: they are kept, so a person knows nothing was lost."""
    kept = [
        mode_label(question, mode, lang)
        for mode in grids.modes(question)
        if mode != value.get("mode") and grids.entries({**value, "mode": mode})
    ]
    return tr("editor.grid_kept", lang, modes=", ".join(kept)) if kept else None
