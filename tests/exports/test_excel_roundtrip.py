"""import(export(report)) == report for generated answers (RELIABILITY.md check 5): any text
without control characters — formula triggers, CR LF, OOXML escape look-alikes, 32,767
characters, right-to-left, emoji — and numbers far beyond 15 digits, kept exact."""

from __future__ import annotations

import dataclasses
import string
from decimal import Decimal
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from exports.excel import ExcelExporter
from exports.restore import read_submission, restore_report
from forms.values import normalise
from reporting.service import ReportState, load_state
from storage import open_database

CONTROL = "".join(chr(c) for c in range(32) if chr(c) not in "\t\n\r") + "\x7f"
TRICKY = [
    "=1+1",
    "+1",
    "-1",
    "@SUM(A1)",
    "\t=1",
    "\r=1",
    "\r\n",
    '=HYPERLINK("http://x.example","click")',
    "_x0041_",
    "_x000D_",
    "x005F_",
    "\u202eمرحبا بكم\u202c",
    "😀🕊️",
    "\ufeff",
    "\u00a0",
]
# Whole cells and more: 32,767 characters, twice as many UTF-16 units, escapes that expand.
LONG = ["é" * 32767, "😀" * 32767, "\r\n" * 16000 + "x", "_x0041_" * 4700, " " * 40000 + "."]
TEXT_KEYS = ("a_coordination.body_name", "p21.measures", "p21.agencies", "c_sdg.notes")
COUNT_KEYS = ("a_coordination.members", "p28.investigations", "p29.export_licences_issued")

characters = st.characters(codec="utf-8", exclude_categories=("Cs",), exclude_characters=CONTROL)
texts = st.one_of(
    st.builds(
        lambda prefix, body, suffix: prefix + body + suffix,
        st.sampled_from(["", *TRICKY]),
        st.text(characters, max_size=60),
        st.sampled_from(["", *TRICKY, "  "]),
    ),
    st.sampled_from(LONG),
).filter(lambda text: bool(text.strip()))
counts = st.integers(min_value=0, max_value=10**20)
decimals = st.decimals(allow_nan=False, allow_infinity=False, min_value=-(10**20), max_value=10**20)


def build(state: ReportState, raw: dict[str, Any]) -> ReportState:
    answers = {key: normalise(state.template.question(key), value) for key, value in raw.items()}
    return dataclasses.replace(state, answers={k: v for k, v in answers.items() if v is not None})


def round_trip(state: ReportState, lang: str) -> dict[str, Any]:
    return read_submission(ExcelExporter().export(state, lang=lang)).answers


@settings(
    max_examples=40,
    deadline=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(
    text_values=st.lists(texts, min_size=len(TEXT_KEYS), max_size=len(TEXT_KEYS)),
    count_values=st.lists(counts, min_size=len(COUNT_KEYS), max_size=len(COUNT_KEYS)),
    decimal=decimals,
    contact=st.fixed_dictionaries({"name": texts, "organisation": texts}),
    seized=counts,
    agency=texts,
    lang=st.sampled_from(["en", "fr"]),
)
def test_generated_answers_come_back_exactly(
    demo_state: ReportState,
    text_values: list[str],
    count_values: list[int],
    decimal: Decimal,
    contact: dict[str, str],
    seized: int,
    agency: str,
    lang: str,
) -> None:
    raw: dict[str, Any] = dict(zip(TEXT_KEYS, text_values, strict=True))
    raw.update(zip(COUNT_KEYS, count_values, strict=True))
    raw["p63.median_days_to_answer"] = format(decimal, "f")
    raw["a_contacts.poc_poa"] = contact
    raw["c_sdg.years"] = [{"year": 2023, "seized": seized, "agency": agency}]
    raw["p21.instruments"] = [{"title_original": text} for text in text_values]
    state = build(demo_state, raw)
    assert round_trip(state, lang) == state.answers


def test_blank_zero_and_huge_numbers_stay_distinct(demo_state: ReportState) -> None:
    state = build(
        demo_state,
        {
            "a_coordination.members": 0,
            "a_coordination.women": 10**15,  # one digit more than Excel keeps
            "a_coordination.men": 10**15 - 1,
            "p63.median_days_to_answer": "12345678901234567.25",
            "c_sdg.years": [{"year": 2023, "seized": 0, "found": 123456789012345678901234567890}],
        },
    )
    assert "a_coordination.body_name" not in state.answers
    assert round_trip(state, "en") == state.answers


def test_a_restored_report_equals_the_exported_one(demo_state: ReportState, tmp_path: Path) -> None:
    raw = {
        key: prefix + string.ascii_letters for key, prefix in zip(TEXT_KEYS, TRICKY, strict=False)
    }
    raw["a_contacts.poc_poa"] = {"name": "=cmd|' /C calc'!A0", "email": "x@example.org"}
    raw["a_state.country"] = "XDM"
    raw["a_coordination.members"] = 10**18
    state = build(demo_state, raw)
    data = ExcelExporter().export(state, lang="fr")
    with open_database(tmp_path / "restored.sqlite") as db:
        info = restore_report(db, data)
        assert load_state(db, info.id).answers == state.answers
