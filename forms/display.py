"""Answers as text for people: the same wording on screen, in the terminal and in exports."""

from __future__ import annotations

from typing import Any

from forms import grids
from forms.computed import Ratio
from forms.countries import country_name
from forms.i18n import tr
from forms.model import Question
from forms.numbers import as_decimal, format_number


def format_value(question: Question, value: Any, lang: str) -> str:
    """A one-line (or, for tables and contacts, several-line) rendering; "" for blank."""
    if value is None:
        return ""
    qtype = question.type
    if qtype == "yes_no_dev":
        return tr(f"choice.{value}", lang)
    if qtype == "single_choice":
        return question.choice_label(value, lang)
    if qtype == "multi_choice":
        return "; ".join(question.choice_label(code, lang) for code in value)
    if qtype in ("count", "decimal"):
        number = as_decimal(value)
        text = format_number(number, lang) if number is not None else str(value)
        return f"{text} {question.unit.get(lang)}" if question.unit else text
    if qtype == "country":
        return f"{country_name(value, lang)} ({value})"
    if qtype == "contact":
        return format_contact(value, lang)
    if qtype == "table":
        return "\n".join(
            " | ".join(
                tr(
                    "display.field",
                    lang,
                    label=column.label.get(lang),
                    value=format_value(column, row[column.key], lang),
                )
                for column in question.columns
                if column.key in row
            )
            for row in value
        )
    if qtype == "grid":
        return format_grid(question, value, lang)
    if qtype == "attachment":
        return "; ".join(item["name"] for item in value)
    return str(value)


def format_contact(value: dict[str, str], lang: str) -> str:
    title = tr(f"contact.title.{value['title']}", lang) if "title" in value else ""
    name = " ".join(part for part in (title, value.get("name", "")) if part)
    lines = [
        name,
        value.get("position", ""),
        value.get("organisation", ""),
        value.get("address", ""),
        value.get("telephone", ""),
        value.get("email", ""),
    ]
    return "\n".join(line for line in lines if line)


def format_grid(question: Question, value: dict[str, Any], lang: str) -> str:
    """The total, then the entries of the grid's mode: "Total: 14; Female: 5, Male: 9"."""
    total = grids.grid_total(value)
    parts = [tr("grid.total", lang, total="—" if total is None else format_number(total, lang))]
    if value.get("not_disaggregated"):
        parts.append(tr("grid.not_disaggregated", lang, reason=value["not_disaggregated"]))
        return "; ".join(parts)
    mode = value.get("mode") or grids.MODE_FULL
    found = grids.entries(value)
    if mode == grids.MODE_FULL and found:
        parts.append(tr("grid.cells_filled", lang, count=len(found)))
    elif found:
        parts.append(
            ", ".join(
                f"{grids.member_label(question, mode, code, lang)}: {format_number(number, lang)}"
                for code, number in found.items()
            )
        )
    return "; ".join(parts)


def format_ratio(ratio: Ratio, table: Question, lang: str) -> str:
    """The proportion as "40.0 % (40 / 100)", or why it cannot be computed — never a silent 0 %."""
    if ratio.zero_denominator:
        return tr("computed.zero_denominator", lang)
    proportion = ratio.proportion
    if proportion is None or ratio.numerator is None or ratio.denominator is None:
        missing = [
            f"{row} — {_column_label(table, column, lang)}" if row else table.label.get(lang)
            for row, column in ratio.missing
        ]
        return tr("computed.not_computable", lang, missing="; ".join(missing))
    return tr(
        "computed.proportion",
        lang,
        percent=format_number(proportion, lang, places=1),
        numerator=format_number(ratio.numerator, lang),
        denominator=format_number(ratio.denominator, lang),
    )


def _column_label(table: Question, key: str, lang: str) -> str:
    try:
        return table.column(key).label.get(lang)
    except KeyError:
        return key
