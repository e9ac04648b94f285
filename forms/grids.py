"""Breakdown grids (sex × age × disability): their stored form, their arithmetic and their checks.

A grid is entered in one of three modes — the total only, by one dimension (e.g. by sex), or the
full breakdown — and switching mode keeps what was entered in the others. Only the entries of the
chosen mode are checked and counted. Blank is never 0: a blank entry is left out of a sum, and a sum
with every entry blank is blank.

Stored value::

    {"total": 14, "mode": "full", "cells": {"female/age_18_24/with": 3, …},
     "margins": {"sex": {"female": 5, "male": 9}}, "not_disaggregated": None}
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Final

from forms.i18n import tr
from forms.model import Question
from forms.numbers import format_number

MODE_TOTAL: Final = "total"
MODE_FULL: Final = "full"
SEPARATOR: Final = "/"  # between the member codes of a cell key
MAX_TERMS_SHOWN: Final = 8  # a message lists at most this many cells


def cell_keys(question: Question) -> list[str]:
    """Every cell of a grid, as member codes joined by '/' in dimension order."""
    keys = [""]
    for dimension in question.dimensions:
        keys = [
            f"{prefix}{SEPARATOR}{code}" if prefix else code
            for prefix in keys
            for code in dimension.codes()
        ]
    return keys


def modes(question: Question) -> list[str]:
    """The entry modes a grid offers: total only, each dimension alone, the full breakdown."""
    by_one = [dim.name for dim in question.dimensions] if len(question.dimensions) > 1 else []
    return [MODE_TOTAL, *by_one, MODE_FULL]


def default_mode(cells: dict[str, int], margins: dict[str, dict[str, int]]) -> str:
    if cells:
        return MODE_FULL
    filled = [name for name, members in margins.items() if members]
    return filled[0] if len(filled) == 1 else MODE_TOTAL


def cell_label(question: Question, key: str, lang: str) -> str:
    """ "Female · 18–24 · With disability" for the cell ``female/age_18_24/with``."""
    codes = key.split(SEPARATOR)
    parts = []
    for dimension, code in zip(question.dimensions, codes, strict=False):
        label = next((m.label.get(lang) for m in dimension.members if m.code == code), code)
        parts.append(label)
    return " · ".join(parts)


def member_label(question: Question, dimension_name: str, code: str, lang: str) -> str:
    for dimension in question.dimensions:
        if dimension.name == dimension_name:
            return next((m.label.get(lang) for m in dimension.members if m.code == code), code)
    return code


def entries(value: dict[str, Any]) -> dict[str, int]:
    """The entries of the grid's current mode: cells, one dimension's members, or nothing."""
    mode = value.get("mode") or MODE_FULL
    if mode == MODE_FULL:
        return dict(value.get("cells") or {})
    if mode == MODE_TOTAL:
        return {}
    return dict((value.get("margins") or {}).get(mode) or {})


def entries_sum(value: dict[str, Any]) -> int | None:
    """The sum of the current mode's entries; None when they are all blank (never 0)."""
    found = entries(value)
    return sum(found.values()) if found else None


def grid_total(value: dict[str, Any]) -> int | None:
    """The grid's number in a rule: the declared total, else the sum of its entries."""
    total = value.get("total")
    return total if total is not None else entries_sum(value)


def sum_problem(question: Question, value: dict[str, Any], lang: str) -> str | None:
    """Why the entries do not add up to the declared total, naming every term; None when they do.

    Not checked: a grid marked "not disaggregated" (with its reason), a grid entered as a total
    only, and a grid whose total or entries are all blank.
    """
    total = value.get("total")
    found = entries(value)
    if value.get("not_disaggregated") or total is None or not found:
        return None
    entered = sum(found.values())
    if entered == total:
        return None
    mode = value.get("mode") or MODE_FULL
    name: Callable[[str], str] = (
        (lambda key: cell_label(question, key, lang))
        if mode == MODE_FULL
        else (lambda code: member_label(question, mode, code, lang))
    )
    terms = [f"{name(key)} ({format_number(number, lang)})" for key, number in found.items()]
    if len(terms) > MAX_TERMS_SHOWN:
        hidden = len(terms) - MAX_TERMS_SHOWN
        terms = [*terms[:MAX_TERMS_SHOWN], tr("check.grid_more_terms", lang, count=hidden)]
    return tr(
        "check.grid_sum",
        lang,
        terms=" + ".join(terms),
        sum=format_number(entered, lang),
        total=format_number(total, lang),
        difference=format_number(abs(total - entered), lang),
    )
