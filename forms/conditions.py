"""Relevance conditions (skip logic): a tiny, closed language parsed from data, never ``eval``.

A condition compares one answer with a constant, or combines conditions. A blank answer makes a
comparison false, except ``ne`` and ``answered: false``, which hold for a blank.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any, Final

COMPARISONS: Final = ("eq", "ne", "in", "contains", "gt", "ge", "lt", "le", "answered")
Scalar = str | int | bool


@dataclass(frozen=True)
class Compare:
    key: str  # a full question key
    op: str
    operand: Scalar | tuple[Scalar, ...]


@dataclass(frozen=True)
class AllOf:
    terms: tuple[Condition, ...]


@dataclass(frozen=True)
class AnyOf:
    terms: tuple[Condition, ...]


@dataclass(frozen=True)
class Not:
    term: Condition


Condition = Compare | AllOf | AnyOf | Not


def walk(condition: Condition) -> Iterator[Condition]:
    """The condition and every condition inside it."""
    yield condition
    match condition:
        case AllOf(terms=terms) | AnyOf(terms=terms):
            for term in terms:
                yield from walk(term)
        case Not(term=term):
            yield from walk(term)


def references(condition: Condition) -> Iterator[str]:
    """Every question key the condition reads."""
    for term in walk(condition):
        if isinstance(term, Compare):
            yield term.key


def _number(value: Any) -> Decimal | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int | str):
        try:
            return Decimal(value)
        except InvalidOperation:
            return None
    return None


def _compare(op: str, value: Any, operand: Scalar | tuple[Scalar, ...]) -> bool:
    blank = value is None or value == "" or value == []
    if op == "answered":
        return (not blank) == bool(operand)
    if op == "ne":
        return blank or value != operand
    if blank:
        return False
    if op == "eq":
        return bool(value == operand)
    if op == "in":
        return isinstance(operand, tuple) and value in operand
    if op == "contains":
        return isinstance(value, list) and operand in value
    left, right = _number(value), _number(operand)
    if left is None or right is None:
        return False
    return {
        "gt": left > right,
        "ge": left >= right,
        "lt": left < right,
        "le": left <= right,
    }[op]


def evaluate(condition: Condition, lookup: Callable[[str], Any]) -> bool:
    """Whether ``condition`` holds, reading answers through ``lookup(key)`` (None when blank)."""
    match condition:
        case Compare(key=key, op=op, operand=operand):
            return _compare(op, lookup(key), operand)
        case AllOf(terms=terms):
            return all(evaluate(term, lookup) for term in terms)
        case AnyOf(terms=terms):
            return any(evaluate(term, lookup) for term in terms)
        case Not(term=term):
            return not evaluate(term, lookup)
    raise TypeError(f"not a condition: {condition!r}")
