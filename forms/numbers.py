"""Numbers as people read them: exact sums and locale-aware display."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal, InvalidOperation
from typing import Any


def as_decimal(value: Any) -> Decimal | None:
    """A stored count (int) or decimal (str) as an exact Decimal; None for blank or non-numbers."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, str):
        try:
            number = Decimal(value)
        except InvalidOperation:
            return None
        return number if number.is_finite() else None
    return None


def exact_sum(values: Iterable[Any]) -> Decimal | None:
    """The sum of the values, or None when any is blank (a blank is never counted as zero)."""
    total = Decimal(0)
    for value in values:
        number = as_decimal(value)
        if number is None:
            return None
        total += number
    return total


def format_number(number: Decimal | int, lang: str, places: int | None = None) -> str:
    """``1,234.5`` in English, ``1 234,5`` in French (narrow no-break space for thousands)."""
    value = Decimal(number)
    if places is not None:
        value = value.quantize(Decimal(1).scaleb(-places))
    text = format(value, ",f")
    if lang == "fr":
        text = text.replace(",", "\u202f").replace(".", ",")
    return text
