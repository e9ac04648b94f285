"""Answer values (Issue 2 §4, §7): typed input is read in the user's language, canonicalised,
and bad input is refused with a message; blank is never zero."""

from __future__ import annotations

from typing import Any

import pytest

from forms.grids import cell_keys as grid_cell_keys
from forms.model import Template
from forms.values import InvalidValue, normalise, parse_input


@pytest.mark.parametrize(
    ("key", "raw", "lang", "expected"),
    [
        ("ynd", "yes", "en", "yes"),
        ("ynd", "Oui", "fr", "yes"),
        ("ynd", "en cours", "fr", "developing"),
        ("single", "Rouge", "fr", "red"),
        ("multi", "other, red", "en", ["red", "other"]),
        ("multi", '["green"]', "en", ["green"]),
        ("members", "1 234", "fr", 1234),
        ("members", "1,234", "en", 1234),
        ("members", "0", "en", 0),
        ("amount", "1 234,50", "fr", "1234.5"),
        ("amount", "1,234.50", "en", "1234.5"),
        ("amount", "0,5", "fr", "0.5"),
        ("amount", "12345678901234567.89", "en", "12345678901234567.89"),
        ("adopted", "2022-07-12", "en", "2022-07-12"),
        ("adopted", "12/07/2022", "fr", "2022-07-12"),
        ("year", "2024", "en", 2024),
        ("country", "fra", "en", "FRA"),
        ("country", "XDM", "en", "XDM"),
        ("short", "", "en", None),
        ("members", "  ", "en", None),
        (
            "contact",
            '{"title": "Ms.", "name": "Amina Diallo", "email": ""}',
            "en",
            {"title": "ms", "name": "Amina Diallo"},
        ),
        (
            "laws",
            '[{"title": "Loi n° 2021-3", "seized": 4}, {}]',
            "fr",
            [{"title": "Loi n° 2021-3", "seized": 4}],
        ),
    ],
)
def test_typed_input_is_read(
    every_type: Template, key: str, raw: str, lang: str, expected: Any
) -> None:
    assert parse_input(every_type.question(f"s.{key}"), raw, lang) == expected


@pytest.mark.parametrize(
    ("key", "raw", "message_id"),
    [
        ("members", "abc", "value.not_integer"),
        ("members", "-3", "value.negative"),
        ("members", "2.5", "value.not_integer"),
        ("amount", "12,3,4", "value.not_number"),
        ("amount", "NaN", "value.not_number"),
        ("amount", "1e5", "value.not_number"),
        ("ynd", "perhaps", "value.not_a_choice"),
        ("single", "blue", "value.not_a_choice"),
        ("adopted", "2022-02-30", "value.not_date"),
        ("year", "99", "value.not_year"),
        ("country", "ZZZZ", "value.not_country"),
        ("country", "ABC", "value.not_country"),
        ("short", "bell\x07", "value.control_character"),
        ("contact", '{"name": "x", "fax": "1"}', "value.unknown_field"),
        ("contact", "not json", "value.not_json"),
        ("laws", '[{"nope": 1}]', "value.unknown_column"),
        ("laws", '[{"seized": -1}]', "value.bad_cell"),
        ("victims", '{"cells": {"female/other": 1}}', "value.unknown_cell"),
        ("files", '[{"name": "x", "sha256": "zz"}]', "value.not_attachment"),
        ("files", '[{"id": 1, "name": "x", "sha256": "%s"}]' % ("a" * 64), "value.not_attachment"),
    ],
)
def test_bad_input_is_refused(every_type: Template, key: str, raw: str, message_id: str) -> None:
    with pytest.raises(InvalidValue) as caught:
        parse_input(every_type.question(f"s.{key}"), raw, "en")
    assert caught.value.message_id == message_id
    # Every refusal reads in French too, without leftover placeholders.
    assert "{" not in caught.value.message("fr")


def test_floats_are_refused_for_decimals(every_type: Template) -> None:
    """A float has already lost exactness: the interfaces pass text."""
    with pytest.raises(InvalidValue):
        normalise(every_type.question("s.amount"), 0.1)


def test_grid_keeps_zero_distinct_from_blank(every_type: Template) -> None:
    grid = every_type.question("s.victims")
    value = normalise(grid, {"total": 0, "cells": {"female/with": 0, "male/with": None}})
    assert value == {
        "total": 0,
        "mode": "full",
        "cells": {"female/with": 0},
        "margins": {},
        "not_disaggregated": None,
    }
    assert normalise(grid, {"total": None, "cells": {}}) is None
    assert len(grid_cell_keys(grid)) == 3 * 2


def test_text_is_kept_exactly(every_type: Template) -> None:
    long = every_type.question("s.long")
    for text in (
        "Crème brûlée à l'œuvre",
        "مرحبا بالعالم",
        "🔫🕊️ peace",
        "x" * 32767,
        "line one\nline two\ttab",
        "=SUM(A1)",
    ):
        assert normalise(long, text) == text
