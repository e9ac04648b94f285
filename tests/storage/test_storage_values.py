"""Answer values round-trip exactly; blanks, zeros, empty strings and False stay distinct.

RELIABILITY.md check 5: 32,767-character text, right-to-left text, numbers over 15 digits
kept exact, blanks distinct from zeros. Floats are refused: decimals travel as strings.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from storage import Database, ReportInfo, Source, open_database

TYPED = Source("typed")


def tagged(value: Any) -> Any:
    """A form of ``value`` where True != 1 and dict order does not matter, for exact checks."""
    if isinstance(value, dict):
        return ("dict", sorted((key, tagged(item)) for key, item in value.items()))
    if isinstance(value, list):
        return ("list", [tagged(item) for item in value])
    return (type(value).__name__, value)


VALUES = {
    "zero": 0,
    "empty-string": "",
    "false": False,
    "true": True,
    "negative": -7,
    "max-excel-cell": "x" * 32_767,
    "accents": "Crème brûlée à l'œuvre",
    "arabic": "مرحبا بالعالم",
    "hebrew": "שלום עולם",
    "mixed-direction": "Report ‏تقرير‎ 2024",
    "emoji": "🔫🕊️",
    "control-characters": "tab\there\nnew line\r\x00nul\x1f",
    "formula-like": "=SUM(A1:A9)",
    "big-int": 10**20,
    "negative-big-int": -(10**30),
    "decimal-string": "12345678901234567.89",
    "nested": {"rows": [{"a": 1, "b": None, "c": [True, "", 0]}, {}], "total": 10**18},
    "list-with-null": [None, None],
    "empty-list": [],
    "empty-dict": {},
}


@pytest.mark.parametrize("value", VALUES.values(), ids=VALUES.keys())
def test_value_round_trips_exactly(db: Database, report: ReportInfo, value: Any) -> None:
    assert db.set_answer(report.id, "s.q", value, source=TYPED) is True
    stored = db.answer(report.id, "s.q")
    assert stored is not None
    assert tagged(stored.value) == tagged(value)
    assert tagged(db.answers(report.id)["s.q"].value) == tagged(value)
    assert tagged(db.history(report.id)[-1].new_value) == tagged(value)


def test_values_survive_reopening(db_path: Path) -> None:
    with open_database(db_path) as db:
        report = db.create_report(
            country="CAN", cycle=2024, language="fr", template_id="t", template_version=1
        )
        assert db.set_answers(report.id, {f"v.{k}": v for k, v in VALUES.items()}, source=TYPED)
    with open_database(db_path) as db:
        stored = db.answers(report.id)
    assert {k: tagged(a.value) for k, a in stored.items()} == {
        f"v.{k}": tagged(v) for k, v in VALUES.items()
    }


def test_none_clears_and_blank_is_distinct_from_zero_empty_and_false(
    db: Database, report: ReportInfo
) -> None:
    assert db.answer(report.id, "s.q") is None
    assert db.set_answer(report.id, "s.q", None, source=TYPED) is False  # already blank
    for value in (0, "", False, 0):
        assert db.set_answer(report.id, "s.q", value, source=TYPED) is True
        answer = db.answer(report.id, "s.q")
        assert answer is not None
        assert tagged(answer.value) == tagged(value)
    assert db.set_answer(report.id, "s.q", None, source=TYPED) is True
    assert db.answer(report.id, "s.q") is None
    assert "s.q" not in db.answers(report.id)
    trail = [(e.old_value, e.new_value) for e in db.history(report.id, "s.q")]
    assert [tuple(map(tagged, pair)) for pair in trail] == [
        (tagged(None), tagged(0)),
        (tagged(0), tagged("")),
        (tagged(""), tagged(False)),
        (tagged(False), tagged(0)),
        (tagged(0), tagged(None)),
    ]


@pytest.mark.parametrize(
    "value",
    [1.5, 0.0, float("nan"), [1, 2.0], {"a": {"b": 1e300}}, {"rows": [{"x": -0.5}]}],
    ids=["float", "zero-float", "nan", "in-list", "nested-dict", "deep"],
)
def test_floats_are_refused_with_nothing_written(
    db: Database, report: ReportInfo, value: Any
) -> None:
    db.set_answer(report.id, "s.q", "before", source=TYPED)
    with pytest.raises(TypeError, match="float"):
        db.set_answer(report.id, "s.q", value, source=TYPED)
    answer = db.answer(report.id, "s.q")
    assert answer is not None and answer.value == "before"
    assert len(db.history(report.id)) == 1


@pytest.mark.parametrize(
    "value",
    [(1, 2), {1, 2}, {1: "a"}, b"bytes", object(), "lone \ud800 surrogate"],
    ids=["tuple", "set", "int-key", "bytes", "object", "surrogate"],
)
def test_values_that_would_not_round_trip_are_refused(
    db: Database, report: ReportInfo, value: Any
) -> None:
    with pytest.raises(TypeError):
        db.set_answer(report.id, "s.q", value, source=TYPED)
    assert db.answers(report.id) == {}
    assert db.history(report.id) == []


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(), children, max_size=4)
    ),
    max_leaves=20,
)


def test_any_json_value_without_floats_round_trips(tmp_path: Path) -> None:
    # One database for all examples: a function-scoped fixture cannot be shared with @given.
    with open_database(tmp_path / "property.sqlite") as db:
        report = db.create_report(
            country="PER", cycle=2024, language="en", template_id="t", template_version=1
        )

        @settings(
            max_examples=50,
            deadline=None,  # every save is fsynced
            database=None,
            suppress_health_check=[HealthCheck.too_slow],
        )
        @given(value=json_values)
        def check(value: Any) -> None:
            db.set_answer(report.id, "p.q", value, source=TYPED)
            stored = db.answer(report.id, "p.q")
            assert tagged(None if stored is None else stored.value) == tagged(value)

        check()
