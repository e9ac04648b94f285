"""Values computed from answers: the SDG 16.4.2 proportion, per year and for the whole period.

A proportion is only ever computed from complete inputs. A missing count makes it "not computable"
and says which input is missing; it is never reported as 0 % or 100 %.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from forms.model import Computed, Template
from forms.numbers import as_decimal


@dataclass(frozen=True)
class Ratio:
    label: str  # the row label (a year), or "" for the whole period
    numerator: Decimal | None
    denominator: Decimal | None
    missing: tuple[tuple[str, str], ...]  # (row label, column key) of each blank input
    zero_denominator: bool = False

    @property
    def computable(self) -> bool:
        return not self.missing and not self.zero_denominator and self.denominator is not None

    @property
    def proportion(self) -> Decimal | None:
        """The proportion in percent, or None when not computable."""
        if not self.computable or self.numerator is None or self.denominator is None:
            return None
        return self.numerator * 100 / self.denominator

    def as_dict(self) -> dict[str, Any]:
        proportion = self.proportion
        return {
            "label": self.label,
            "numerator": _plain(self.numerator),
            "denominator": _plain(self.denominator),
            "percent": None if proportion is None else str(round(proportion, 2)),
            "computable": self.computable,
            "missing": [{"row": row, "input": column} for row, column in self.missing],
            "zero_denominator": self.zero_denominator,
        }


@dataclass(frozen=True)
class RatioResult:
    definition: Computed
    rows: tuple[Ratio, ...]
    overall: Ratio

    def as_dict(self, lang: str) -> dict[str, Any]:
        return {
            "key": self.definition.key,
            "label": self.definition.label.get(lang),
            "definition": self.definition.definition.get(lang),
            "rows": [row.as_dict() for row in self.rows],
            "overall": self.overall.as_dict(),
        }


def _plain(value: Decimal | None) -> str | None:
    return None if value is None else format(value.normalize(), "f")


def _row_ratio(item: Computed, label: str, row: Mapping[str, Any]) -> Ratio:
    missing: list[tuple[str, str]] = []
    sums: list[Decimal | None] = []
    for keys in (item.numerator, item.denominator):
        total: Decimal | None = Decimal(0)
        for key in keys:
            number = as_decimal(row.get(key))
            if number is None:
                missing.append((label, key))
                total = None
            elif total is not None:
                total += number
        sums.append(total)
    numerator, denominator = sums
    return Ratio(label, numerator, denominator, tuple(missing), zero_denominator=denominator == 0)


def ratio_by_row(item: Computed, rows: list[dict[str, Any]]) -> RatioResult:
    per_row = tuple(
        _row_ratio(item, str(row.get(item.row_label, f"#{number}")), row)
        for number, row in enumerate(rows, start=1)
    )
    missing = tuple(name for ratio in per_row for name in ratio.missing)
    if not per_row:
        overall = Ratio("", None, None, (("", item.table),))
    elif missing:
        overall = Ratio("", None, None, missing)
    else:
        numerator = sum((r.numerator or Decimal(0) for r in per_row), Decimal(0))
        denominator = sum((r.denominator or Decimal(0) for r in per_row), Decimal(0))
        overall = Ratio("", numerator, denominator, (), zero_denominator=denominator == 0)
    return RatioResult(item, per_row, overall)


def compute(template: Template, answers: Mapping[str, Any]) -> dict[str, RatioResult]:
    """Every computed value of the template, by key."""
    results: dict[str, RatioResult] = {}
    for item in template.computed:
        rows = answers.get(item.table)
        results[item.key] = ratio_by_row(item, rows if isinstance(rows, list) else [])
    return results
