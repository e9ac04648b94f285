"""Property (issue 6): whatever the answers — hostile text included — a workbook sent and returned
untouched reads back as sent, and values a ministry types read back exactly."""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

from excel_helpers import OWASP
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from ministry_helpers import build, edit, read_back

from exports.ministry_sheets import choice_labels
from forms.loader import load_template
from forms.model import Question
from forms.values import normalise
from reporting.service import DEFAULT_TEMPLATE, ReportState

SECTIONS = ("p21", "a_contacts")
# Texts that broke spreadsheet tools before: formula triggers, OOXML escapes, line ends,
# right-to-left marks, emoji, spaces at the edges.
HOSTILE = [
    *OWASP,
    "_x0041_",
    "x005F_",
    "_x005F_x0041_",
    "a\r\nb\rc",
    "\u202eمرحبا\u202c",
    "😀",
    "  spaces  ",
    "\ufffe",
    "<b>&amp;</b>",
]
_TEXT_ALPHABET = st.characters(
    blacklist_categories=("Cs",),
    blacklist_characters="".join(map(chr, [*range(0, 9), 11, 12, *range(14, 32), 127])),
)
TYPED_FIELDS = ("name", "organisation")
texts = st.one_of(
    st.sampled_from(HOSTILE),
    st.text(_TEXT_ALPHABET, min_size=1, max_size=40),
    st.lists(st.sampled_from(HOSTILE), min_size=2, max_size=4).map("".join),
).filter(lambda text: bool(text.strip()))


def _value(question: Question) -> st.SearchStrategy[Any]:
    kind = question.type
    if kind in ("text", "long_text"):
        return texts
    if kind == "count":
        return st.integers(0, 10**12)
    if kind == "year":
        return st.integers(1000, 9999)
    if kind == "date":
        return st.dates(dt.date(1901, 1, 1), dt.date(9999, 12, 31)).map(dt.date.isoformat)
    if kind in ("yes_no_dev", "single_choice"):
        return st.sampled_from(question.choice_codes())
    if kind == "multi_choice":
        return st.lists(st.sampled_from(question.choice_codes()), unique=True, min_size=1)
    if kind == "contact":
        return st.fixed_dictionaries({"name": texts}, optional={"organisation": texts})
    if kind == "table":
        text_columns = [c.key for c in question.columns if c.type in ("text", "long_text")]
        row = st.fixed_dictionaries({}, optional={key: texts for key in text_columns})
        return st.lists(row.filter(bool), min_size=1, max_size=3)
    return st.none()


def _answers() -> st.SearchStrategy[dict[str, Any]]:
    template = load_template(*DEFAULT_TEMPLATE)
    questions = [
        q
        for key in SECTIONS
        for q in template.section(key).questions
        if q.type != "attachment" and q.prefill is None
    ]
    return st.fixed_dictionaries({}, optional={q.key: _value(q) for q in questions})


ANSWERS = _answers()


def _normalised(state: ReportState, values: dict[str, Any]) -> dict[str, Any]:
    return {key: normalise(state.template.question(key), v) for key, v in values.items()}


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(drawn=ANSWERS)
def test_stored_answers_come_back_unchanged(demo_state: ReportState, drawn: dict[str, Any]) -> None:
    answers = _normalised(demo_state, drawn)
    state = dataclasses.replace(demo_state, answers={**demo_state.answers, **answers})
    sent = build(state, SECTIONS)
    incoming = read_back(state, sent.data, sent.sent_values)
    assert incoming.problems == {}
    assert incoming.values == sent.sent_values


def _typed(question: Question, value: Any, lang: str) -> dict[str, Any]:
    """The cells a ministry fills in to give ``value``, as Excel would store them."""
    key = question.key
    if question.type in ("yes_no_dev", "single_choice"):
        codes = question.choice_codes()
        return {key: choice_labels(question, lang)[codes.index(value)]}
    if question.type == "date":
        return {key: dt.date.fromisoformat(value)}
    if question.type == "multi_choice":
        codes = question.choice_codes()
        return {f"{key}@opt:{code}": "Yes" if code in value else None for code in codes}
    if question.type == "contact":
        return {f"{key}@{field}": value.get(field) for field in TYPED_FIELDS}
    return {key: value}


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(drawn=ANSWERS)
def test_typed_values_come_back_exactly(demo_state: ReportState, drawn: dict[str, Any]) -> None:
    sent = build(demo_state, SECTIONS)
    wanted = {
        key: value
        for key, value in drawn.items()
        if demo_state.template.question(key).type != "table"
    }
    cells: dict[str, Any] = {}
    for key, value in wanted.items():
        cells.update(_typed(demo_state.template.question(key), value, "en"))
    incoming = read_back(demo_state, edit(sent.data, cells), sent.sent_values)
    assert incoming.problems == {}
    expected = _normalised(demo_state, wanted)
    for key, value in expected.items():
        got = incoming.values[key]
        if demo_state.template.question(key).type == "contact":
            # Only the name and organisation were typed: the other fields keep what was sent.
            kept = sent.sent_values.get(key) or {}
            value = {**{f: v for f, v in kept.items() if f not in TYPED_FIELDS}, **value}
        assert got == value, key
