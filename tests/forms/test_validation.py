"""Validation and computed values (Issue 2 §5): required, ranges, cross-field rules, breakdown
sums, skip logic, and the SDG 16.4.2 proportion that is never 0 when an input is missing."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from forms.computed import ratio_by_row
from forms.loader import load_template
from forms.model import Template
from forms.validation import Issue, relevance, validate


def issues_for(template: Template, answers: dict[str, Any], lang: str = "en") -> list[Issue]:
    return validate(template, {f"s.{k}": v for k, v in answers.items()}, lang)


def codes(issues: list[Issue]) -> set[tuple[str, str, str]]:
    return {(i.key.removeprefix("s."), i.severity, i.code) for i in issues}


def test_required_and_blank(every_type: Template) -> None:
    assert ("ynd", "error", "required") in codes(issues_for(every_type, {}))
    assert ("ynd", "error", "required") not in codes(issues_for(every_type, {"ynd": "no"}))


def test_skip_logic_hides_required_question(every_type: Template) -> None:
    """other_text is required only when 'other' is ticked."""
    assert ("other_text", "error", "required") not in codes(issues_for(every_type, {"ynd": "no"}))
    found = codes(issues_for(every_type, {"ynd": "no", "multi": ["other"]}))
    assert ("other_text", "error", "required") in found
    shown = relevance(every_type, {"s.multi": ["red"]})
    assert shown["s.other_text"] is False


@pytest.mark.parametrize(
    ("answers", "expected"),
    [
        ({"members": 1001}, ("members", "error", "range")),
        ({"amount": "-0.5"}, ("amount", "error", "range")),
        ({"adopted": "1999-01-01"}, ("adopted", "error", "range")),
        ({"year": 1989}, ("year", "error", "range")),
        ({"short": "x" * 11}, ("short", "error", "length")),
        ({"contact": {"email": "not-an-address"}}, ("contact", "error", "email")),
        ({"code": "abc"}, ("code", "warning", "pattern")),
    ],
)
def test_ranges_lengths_and_patterns(
    every_type: Template, answers: dict[str, Any], expected: tuple[str, str, str]
) -> None:
    assert expected in codes(issues_for(every_type, {"ynd": "yes", **answers}))


def test_part_never_exceeds_total(every_type: Template) -> None:
    found = issues_for(every_type, {"ynd": "yes", "members": 10, "women": 12})
    rule = [i for i in found if i.key == "s.women"]
    assert [(i.severity, i.code) for i in rule] == [("error", "rule")]
    assert rule[0].message == "part 12 over total 10"
    # A blank term makes the rule not applicable: no error, and blank is never read as 0.
    assert not [
        i for i in issues_for(every_type, {"ynd": "yes", "women": 12}) if i.key == "s.women"
    ]


def test_sum_equals_is_a_warning(every_type: Template) -> None:
    found = codes(issues_for(every_type, {"ynd": "yes", "members": 10, "women": 4, "men": 5}))
    assert ("men", "warning", "rule") in found
    found = codes(issues_for(every_type, {"ynd": "yes", "members": 10, "women": 4, "men": 6}))
    assert ("men", "warning", "rule") not in found


def test_table_rows_are_checked(every_type: Template) -> None:
    rows = [{"title": "Act", "seized": 5, "traced": 3}, {"seized": 2, "traced": 3}]
    found = issues_for(every_type, {"ynd": "yes", "laws": rows})
    by_row = {(i.row, i.code) for i in found if i.key == "s.laws"}
    assert by_row == {(2, "required"), (2, "rule")}


def test_breakdown_must_add_up_with_unknown_allowed(every_type: Template) -> None:
    good = {
        "total": 5,
        "cells": {"female/with": 2, "unknown/unknown": 3},
        "not_disaggregated": None,
    }
    bad = {"total": 5, "cells": {"female/with": 2}, "not_disaggregated": None}
    exempt = {"total": 5, "cells": {"female/with": 2}, "not_disaggregated": "records by sex only"}
    assert not [
        i for i in issues_for(every_type, {"ynd": "y", "victims": good}) if i.code == "grid_sum"
    ]
    (issue,) = [i for i in issues_for(every_type, {"victims": bad}) if i.code == "grid_sum"]
    assert "2" in issue.message and "5" in issue.message and "3" in issue.message
    assert not [i for i in issues_for(every_type, {"victims": exempt}) if i.code == "grid_sum"]


def test_messages_in_french(every_type: Template) -> None:
    found = issues_for(every_type, {"members": 10, "women": 12}, lang="fr")
    assert any(i.message == "Une réponse est obligatoire." for i in found)
    assert any(i.message == "partie 12 au-delà du total 10" for i in found)


def test_stale_stored_value_is_an_error_not_a_crash(every_type: Template) -> None:
    """A value the template no longer accepts (a removed code) is reported, never raised."""
    assert ("single", "error", "invalid") in codes(issues_for(every_type, {"single": "purple"}))


# -- SDG 16.4.2 (paragraph 25) ---------------------------------------------------------------
@pytest.fixture(scope="module")
def sdg() -> Any:
    return load_template().computed[0]


def test_sdg_proportion_per_year_and_period(sdg: Any) -> None:
    rows = [
        {
            "year": 2022,
            "seized": 80,
            "found": 15,
            "surrendered": 5,
            "established_tracing": 30,
            "established_other": 10,
        },
        {
            "year": 2023,
            "seized": 50,
            "found": 0,
            "surrendered": 50,
            "established_tracing": 20,
            "established_other": 0,
        },
    ]
    result = ratio_by_row(sdg, rows)
    assert [r.proportion for r in result.rows] == [Decimal(40), Decimal(20)]
    assert (result.overall.numerator, result.overall.denominator) == (60, 200)
    assert result.overall.proportion == Decimal(30)


def test_sdg_missing_input_is_not_computable(sdg: Any) -> None:
    rows = [
        {
            "year": 2022,
            "seized": 80,
            "found": 15,
            "established_tracing": 30,
            "established_other": 10,
        }
    ]
    result = ratio_by_row(sdg, rows)
    assert result.rows[0].proportion is None
    assert result.rows[0].missing == (("2022", "surrendered"),)
    assert result.overall.proportion is None and not result.overall.computable


def test_sdg_zero_denominator_is_not_computable(sdg: Any) -> None:
    rows = [
        {
            "year": 2022,
            "seized": 0,
            "found": 0,
            "surrendered": 0,
            "established_tracing": 0,
            "established_other": 0,
        }
    ]
    result = ratio_by_row(sdg, rows)
    assert result.rows[0].zero_denominator and result.rows[0].proportion is None
    assert ratio_by_row(sdg, []).overall.proportion is None


def test_sdg_established_cannot_exceed_seized() -> None:
    """The template's row rule: arms whose origin was established ≤ seized + found + surrendered."""
    template = load_template()
    row = {
        "year": 2022,
        "seized": 5,
        "found": 0,
        "surrendered": 0,
        "tracing_requests": 10,
        "established_tracing": 4,
        "established_other": 3,
    }
    found = [i for i in validate(template, {"c_sdg.years": [row]}) if i.key == "c_sdg.years"]
    assert any(i.severity == "error" and i.row == 1 and i.code == "rule" for i in found)


def test_period_cannot_end_before_it_starts() -> None:
    template = load_template()
    answers = {"a_state.period_start": "2024-05-31", "a_state.period_end": "2022-07-01"}
    (issue,) = [i for i in validate(template, answers) if i.code == "rule"]
    assert issue.key == "a_state.period_end" and issue.severity == "error"
    assert "2022-07-01" in issue.message and "2024-05-31" in issue.message
    answers["a_state.period_end"] = "2024-06-30"
    assert not [i for i in validate(template, answers) if i.code == "rule"]


def test_project_years_in_order() -> None:
    template = load_template()
    rows = [{"direction": "received", "partner": "UNRCPD", "start_year": 2023, "end_year": 2021}]
    found = [i for i in validate(template, {"e_assistance.projects": rows}) if i.code == "rule"]
    assert [(i.key, i.row) for i in found] == [("e_assistance.projects", 1)]


def test_sdg_year_cannot_repeat() -> None:
    template = load_template()
    rows = [{"year": 2022, "seized": 1}, {"year": 2023}, {"year": 2022}]
    found = [i for i in validate(template, {"c_sdg.years": rows}) if i.code == "duplicate"]
    assert [(i.row, i.column) for i in found] == [(3, "year")]
    assert "row 1" in found[0].message


def test_grid_total_is_compared_with_counts_elsewhere() -> None:
    """Template rules: Part D breakdowns agree with paragraph 28 and Part A (warnings)."""
    template = load_template()
    grid = {"total": None, "cells": {"female/age_18_24/with": 2, "male/unknown/unknown": 3}}
    answers = {"d_grids.persons_convicted": grid, "p28.convictions": 6, "p28.prosecutions": 6}
    found = [i for i in validate(template, answers) if i.code == "rule"]
    assert [(i.key, i.severity) for i in found] == [("d_grids.persons_convicted", "warning")]
    assert "(5)" in found[0].message and "(6)" in found[0].message
    answers["p28.convictions"] = 5
    assert not [i for i in validate(template, answers) if i.code == "rule"]
