"""Parsing the parts of a template that refer to questions: conditions, rules, computed values.

Plain functions over a :class:`Reader`, so that each is testable alone; references are resolved
to full keys here and checked against the whole template later (:mod:`forms.crossrefs`).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any, Final

from forms.conditions import COMPARISONS, AllOf, AnyOf, Compare, Condition, Not
from forms.i18n import placeholders
from forms.model import RULE_KINDS, SEVERITIES, Breakdown, Computed, Rule
from forms.reader import Reader, join

KEY: Final = r"[a-z][a-z0-9_]*"


def parse_reference(r: Reader, value: Any, path: str, section: str | None) -> str:
    ref = r.string(value, path)
    if ref.startswith("."):
        if section is None:
            r.fail(path, f"{ref!r}: a relative reference needs a section")
        ref = f"{section}{ref}"
    if not re.fullmatch(rf"{KEY}\.{KEY}", ref):
        r.fail(path, f"{ref!r} is not a question key such as 'section.question'")
    return ref


def parse_condition(r: Reader, value: Any, path: str, section: str) -> Condition:
    if not isinstance(value, Mapping) or len(value) == 0:
        r.fail(path, "expected a condition mapping")
    if "all" in value or "any" in value:
        name = "all" if "all" in value else "any"
        r.mapping(value, path, required=(name,))
        items = r.sequence(value[name], join(path, name), non_empty=True)
        terms = tuple(
            parse_condition(r, item, join(join(path, name), i), section)
            for i, item in enumerate(items)
        )
        return AllOf(terms) if name == "all" else AnyOf(terms)
    if "not" in value:
        r.mapping(value, path, required=("not",))
        return Not(parse_condition(r, value["not"], join(path, "not"), section))
    fields = r.mapping(value, path, required=("q",), optional=COMPARISONS)
    ops = [op for op in COMPARISONS if op in fields]
    if len(ops) != 1:
        r.fail(path, f"a comparison needs exactly one of {', '.join(COMPARISONS)}")
    op = ops[0]
    return Compare(
        key=parse_reference(r, fields["q"], join(path, "q"), section),
        op=op,
        operand=_operand(r, op, fields[op], join(path, op)),
    )


def _operand(r: Reader, op: str, value: Any, path: str) -> str | int | bool | tuple[str | int, ...]:
    if op == "answered":
        return r.boolean(value, path)
    if op == "in":
        items = r.sequence(value, path, non_empty=True)
        for i, item in enumerate(items):
            if isinstance(item, bool) or not isinstance(item, str | int):
                r.fail(join(path, i), "expected a code or an integer")
        return tuple(items)
    if op in ("gt", "ge", "lt", "le"):
        return r.integer(value, path)
    if isinstance(value, float) or not isinstance(value, str | int | bool):
        r.fail(path, "expected a code, an integer or a boolean")
    return value


def parse_rule(
    r: Reader, value: Any, path: str, *, section: str | None, columns: dict[Any, Any] | None
) -> Rule:
    fields = r.mapping(
        value,
        path,
        required=("kind", "severity", "message"),
        optional=("part", "total", "regex", "earlier", "later"),
    )
    kind = r.string(fields["kind"], join(path, "kind"))
    if kind not in RULE_KINDS:
        r.fail(join(path, "kind"), f"unknown rule kind {kind!r}")
    severity = r.string(fields["severity"], join(path, "severity"))
    if severity not in SEVERITIES:
        r.fail(join(path, "severity"), f"severity must be one of {', '.join(SEVERITIES)}")
    message = r.text(fields["message"], join(path, "message"))
    allowed = {"pattern": set(), "order": {"earlier", "later"}}.get(kind, {"part", "total"})
    for lang in ("en", "fr"):
        try:
            used = placeholders(message.get(lang))
        except ValueError as exc:
            r.fail(join(join(path, "message"), lang), f"bad placeholder: {exc}")
        if not used <= allowed:
            r.fail(
                join(join(path, "message"), lang),
                f"unknown placeholder(s) {sorted(used - allowed)}",
            )
    if kind == "pattern":
        if "regex" not in fields or "part" in fields or "total" in fields:
            r.fail(path, "a pattern rule has 'regex' and no 'part' or 'total'")
        regex = r.string(fields["regex"], join(path, "regex"))
        try:
            re.compile(regex)
        except re.error as exc:
            r.fail(join(path, "regex"), f"invalid regular expression: {exc}")
        return Rule(kind=kind, severity=severity, message=message, regex=regex)
    if "regex" in fields:
        r.fail(join(path, "regex"), f"not allowed for a {kind} rule")
    names = ("earlier", "later") if kind == "order" else ("part", "total")
    for name in ("part", "total", "earlier", "later"):
        if name in fields and name not in names:
            r.fail(join(path, name), f"not allowed for a {kind} rule")
    wanted = ("date", "year") if kind == "order" else ("count", "decimal")
    terms: list[tuple[str, ...]] = []
    for name in names:
        if name not in fields:
            r.fail(path, f"missing key {name!r}")
        # An order rule compares two single questions; sums take lists.
        raw = [fields[name]] if kind == "order" else fields[name]
        items = r.sequence(raw, join(path, name), non_empty=True)
        if columns is not None:
            for i, item in enumerate(items):
                if item not in columns:
                    r.fail(join(join(path, name), i), f"unknown column {item!r}")
                if columns[item] not in wanted:
                    r.fail(
                        join(join(path, name), i),
                        f"column {item!r} is not of type {' or '.join(wanted)}",
                    )
            terms.append(tuple(items))
        else:
            terms.append(
                tuple(
                    parse_reference(r, item, join(join(path, name), i), section)
                    for i, item in enumerate(items)
                )
            )
    return Rule(kind=kind, severity=severity, message=message, part=terms[0], total=terms[1])


def parse_computed(r: Reader, value: Any, path: str) -> Computed:
    fields = r.mapping(
        value,
        path,
        required=(
            "key",
            "kind",
            "table",
            "row_label",
            "numerator",
            "denominator",
            "label",
            "definition",
        ),
    )
    if fields["kind"] != "ratio_by_row":
        r.fail(join(path, "kind"), f"unknown computed kind {fields['kind']!r}")
    return Computed(
        key=r.string(fields["key"], join(path, "key"), pattern=KEY),
        kind="ratio_by_row",
        table=parse_reference(r, fields["table"], join(path, "table"), None),
        row_label=r.string(fields["row_label"], join(path, "row_label"), pattern=KEY),
        numerator=tuple(_keys(r, fields["numerator"], join(path, "numerator"))),
        denominator=tuple(_keys(r, fields["denominator"], join(path, "denominator"))),
        label=r.text(fields["label"], join(path, "label")),
        definition=r.text(fields["definition"], join(path, "definition")),
    )


# -- small helpers ---------------------------------------------------------------------
def _keys(r: Reader, value: Any, path: str) -> list[str]:
    items = r.sequence(value, path, non_empty=True)
    return [r.string(item, join(path, i), pattern=KEY) for i, item in enumerate(items)]


def parse_breakdown(r: Reader, value: Any, path: str) -> Breakdown:
    fields = r.mapping(
        value, path, required=("table", "of", "match", "columns", "severity", "message")
    )
    severity = r.string(fields["severity"], join(path, "severity"))
    if severity not in SEVERITIES:
        r.fail(join(path, "severity"), f"severity must be one of {', '.join(SEVERITIES)}")
    message = r.text(fields["message"], join(path, "message"))
    for lang in ("en", "fr"):
        unknown = placeholders(message.get(lang)) - {"row", "column", "part", "total"}
        if unknown:
            r.fail(join(join(path, "message"), lang), f"unknown placeholder(s) {sorted(unknown)}")
    return Breakdown(
        table=parse_reference(r, fields["table"], join(path, "table"), None),
        of=parse_reference(r, fields["of"], join(path, "of"), None),
        match=r.string(fields["match"], join(path, "match"), pattern=KEY),
        columns=tuple(_keys(r, fields["columns"], join(path, "columns"))),
        severity=severity,
        message=message,
    )
