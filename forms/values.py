"""Answer values: turning what a person typed, or what a file held, into the one stored form.

Every type has one canonical JSON value (see TEMPLATE_FORMAT.md). :func:`normalise` checks and
canonicalises a value that is already structured (from the interface, a JSON argument or an import);
:func:`parse_input` reads text typed by a person, with the separators of their language. Both raise
:class:`InvalidValue` — a message in the user's language — and never guess: bad input changes
nothing.
Blank is ``None`` and always distinct from ``0`` or ``"no"``.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from typing import Any, Final

from forms import grids
from forms.countries import lookup as lookup_country
from forms.i18n import LocalizedError, tr
from forms.model import CONTACT_FIELDS, CONTACT_TITLES, Question

# C0 controls other than tab, LF and CR cannot be stored in a spreadsheet cell or printed.
_CONTROL: Final = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_SPACES: Final = re.compile(r"[\s\u00a0\u202f\u2009']")
_SHA256: Final = re.compile(r"[0-9a-f]{64}")


class InvalidValue(LocalizedError):
    """The value cannot be an answer to this question."""


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip()) or value in ([], {})


# -- scalars -------------------------------------------------------------------------------------
def _text(value: Any) -> str:
    if not isinstance(value, str):
        raise InvalidValue("value.not_text")
    match = _CONTROL.search(value)
    if match:
        raise InvalidValue("value.control_character", code=f"U+{ord(match.group()):04X}")
    return value


def _code(question: Question, value: Any, lang: str) -> str:
    if isinstance(value, str):
        wanted = value.strip().casefold()
        for code in question.choice_codes():
            labels = {code}
            if question.type == "yes_no_dev":
                labels |= {tr(f"choice.{code}", lang_).casefold() for lang_ in ("en", "fr")}
            labels |= {c.label.en.casefold() for c in question.choices if c.code == code}
            labels |= {c.label.fr.casefold() for c in question.choices if c.code == code}
            if wanted in labels:
                return code
    raise InvalidValue(
        "value.not_a_choice", value=str(value), choices=", ".join(question.choice_codes())
    )


def _integer(value: Any, lang: str) -> int:
    if isinstance(value, bool):
        raise InvalidValue("value.not_integer", value=str(value))
    if isinstance(value, int):
        return value
    if isinstance(value, str):
        number = _decimal_from_text(value, lang)
        if number is not None and number == number.to_integral_value():
            return int(number)
    raise InvalidValue("value.not_integer", value=str(value))


def read_count(value: Any, lang: str) -> int:
    """A count (whole number ≥ 0) from a value or from text in ``lang``'s number format."""
    return _count(value, lang)


def _count(value: Any, lang: str) -> int:
    number = _integer(value, lang)
    if number < 0:
        raise InvalidValue("value.negative", value=str(number))
    return number


def _decimal_from_text(text: str, lang: str) -> Decimal | None:
    """Read a number with the separators of ``lang`` (1 234,5 in French, 1,234.5 in English)."""
    compact = _SPACES.sub("", text.strip())
    if not re.fullmatch(r"[+-]?[\d.,]*\d[\d.,]*", compact):
        return None
    if "," in compact and "." in compact:
        decimal_sep = "," if compact.rfind(",") > compact.rfind(".") else "."
    elif "," in compact:
        # "1,234" is a thousands group in English; a comma is the decimal sign in French.
        groups = re.fullmatch(r"[+-]?\d{1,3}(,\d{3})+", compact)
        decimal_sep = "," if lang == "fr" or not groups else ""
    elif "." in compact:
        groups = re.fullmatch(r"[+-]?\d{1,3}(\.\d{3})+", compact)
        decimal_sep = "" if lang == "fr" and groups else "."
    else:
        decimal_sep = ""
    thousands = {",", "."} - {decimal_sep}
    for sep in thousands:
        compact = compact.replace(sep, "")
    if decimal_sep:
        if compact.count(decimal_sep) > 1:
            return None
        compact = compact.replace(decimal_sep, ".")
    try:
        return Decimal(compact)
    except InvalidOperation:
        return None


def _decimal(value: Any, lang: str) -> str:
    number: Decimal | None
    if isinstance(value, bool | float):
        # A float has already lost exactness; the interface must pass text.
        raise InvalidValue("value.not_number", value=str(value))
    if isinstance(value, int):
        number = Decimal(value)
    elif isinstance(value, str):
        number = _decimal_from_text(value, lang)
    else:
        number = None
    if number is None or not number.is_finite():
        raise InvalidValue("value.not_number", value=str(value))
    text = format(number.normalize(), "f")
    return "0" if text in ("-0", "+0") else text


def _date(value: Any, lang: str) -> str:
    del lang
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, str):
        text = value.strip()
        for pattern, order in (
            (r"(\d{4})-(\d{1,2})-(\d{1,2})", "ymd"),
            (r"(\d{1,2})[/.](\d{1,2})[/.](\d{4})", "dmy"),
        ):
            match = re.fullmatch(pattern, text)
            if match:
                parts = dict(zip(order, (int(g) for g in match.groups()), strict=True))
                try:
                    return dt.date(parts["y"], parts["m"], parts["d"]).isoformat()
                except ValueError:
                    break
    raise InvalidValue("value.not_date", value=str(value))


def _year(value: Any, lang: str) -> int:
    year = _integer(value, lang)
    if not 1000 <= year <= 9999:
        raise InvalidValue("value.not_year", value=str(value))
    return year


def _country(value: Any, lang: str) -> str:
    del lang
    if isinstance(value, str) and re.fullmatch(r"[A-Za-z]{3}", value.strip()):
        country = lookup_country(value)
        if country is not None:
            return country.alpha3
    raise InvalidValue("value.not_country", value=str(value))


# -- composite values ----------------------------------------------------------------------------
def _multi(question: Question, value: Any, lang: str) -> list[str] | None:
    items = value.split(",") if isinstance(value, str) else value
    if not isinstance(items, list):
        raise InvalidValue("value.not_list")
    chosen = {_code(question, item, lang) for item in items if not _blank(item)}
    ordered = [code for code in question.choice_codes() if code in chosen]
    return ordered or None


def _contact(value: Any) -> dict[str, str] | None:
    if not isinstance(value, dict):
        raise InvalidValue("value.not_contact")
    contact: dict[str, str] = {}
    for field, item in value.items():
        if field not in CONTACT_FIELDS:
            raise InvalidValue("value.unknown_field", field=str(field))
        if _blank(item):
            continue
        text = _text(item).strip()
        if field == "title" and text.lower().rstrip(".") not in CONTACT_TITLES:
            raise InvalidValue("value.not_a_choice", value=text, choices=", ".join(CONTACT_TITLES))
        contact[field] = text.lower().rstrip(".") if field == "title" else text
    return contact or None


def _table(question: Question, value: Any, lang: str) -> list[dict[str, Any]] | None:
    if not isinstance(value, list):
        raise InvalidValue("value.not_table")
    rows: list[dict[str, Any]] = []
    for number, row in enumerate(value, start=1):
        if not isinstance(row, dict):
            raise InvalidValue("value.not_table")
        clean: dict[str, Any] = {}
        for key, cell in row.items():
            try:
                column = question.column(str(key))
            except KeyError:
                raise InvalidValue("value.unknown_column", column=str(key), row=number) from None
            try:
                normalised = normalise(column, cell, lang)
            except InvalidValue as exc:
                raise InvalidValue(
                    "value.bad_cell",
                    row=number,
                    column=column.label.get(lang),
                    problem=exc,
                ) from exc
            if normalised is not None:
                clean[column.key] = normalised
        if clean:
            rows.append(clean)
    return rows or None


_GRID_KEYS: Final = {"total", "cells", "margins", "mode", "not_disaggregated"}


def _counts(mapping: Any, valid: set[str], lang: str) -> dict[str, int]:
    """Non-blank counts of a grid's cells or of one dimension's members, keyed in ``valid``."""
    if not isinstance(mapping, dict):
        raise InvalidValue("value.not_grid")
    counts: dict[str, int] = {}
    for key, number in mapping.items():
        if key not in valid:
            raise InvalidValue("value.unknown_cell", cell=str(key))
        if not _blank(number):
            counts[key] = _count(number, lang)
    return counts


def _grid(question: Question, value: Any, lang: str) -> dict[str, Any] | None:
    if not isinstance(value, dict) or not set(value) <= _GRID_KEYS:
        raise InvalidValue("value.not_grid")
    cells = _counts(value.get("cells") or {}, set(grids.cell_keys(question)), lang)
    margins_in = value.get("margins") or {}
    if not isinstance(margins_in, dict):
        raise InvalidValue("value.not_grid")
    dimensions = {dim.name: dim for dim in question.dimensions}
    margins: dict[str, dict[str, int]] = {}
    for name, members in margins_in.items():
        if name not in dimensions:
            raise InvalidValue("value.unknown_cell", cell=str(name))
        counted = _counts(members or {}, set(dimensions[name].codes()), lang)
        if counted:
            margins[name] = dict(sorted(counted.items()))
    total = None if _blank(value.get("total")) else _count(value.get("total"), lang)
    reason = value.get("not_disaggregated")
    reason = None if _blank(reason) else _text(reason).strip()
    mode = value.get("mode") or grids.default_mode(cells, margins)
    if mode not in grids.modes(question):
        raise InvalidValue("value.not_grid")
    if total is None and not cells and not margins and reason is None:
        return None
    return {
        "total": total,
        "mode": mode,
        "cells": dict(sorted(cells.items())),
        "margins": margins,
        "not_disaggregated": reason,
    }


def _attachments(value: Any) -> list[dict[str, Any]] | None:
    if not isinstance(value, list):
        raise InvalidValue("value.not_attachment")
    refs: list[dict[str, Any]] = []
    for item in value:
        if (
            not isinstance(item, dict)
            or set(item) != {"name", "sha256"}
            or not isinstance(item["name"], str)
            or not isinstance(item["sha256"], str)
            or not _SHA256.fullmatch(item["sha256"])
        ):
            raise InvalidValue("value.not_attachment")
        refs.append({"name": _text(item["name"]), "sha256": item["sha256"]})
    return refs or None


_SCALARS: Final[dict[str, Callable[[Any, str], Any]]] = {
    "count": _count,
    "decimal": _decimal,
    "date": _date,
    "year": _year,
    "country": _country,
}


def normalise(question: Question, value: Any, lang: str = "en") -> Any:
    """The canonical stored value of ``value`` for ``question``, or None for blank."""
    if _blank(value):
        return None
    qtype = question.type
    if qtype in ("text", "long_text"):
        return _text(value)
    if qtype in ("yes_no_dev", "single_choice"):
        return _code(question, value, lang)
    if qtype in _SCALARS:
        return _SCALARS[qtype](value, lang)
    if qtype == "multi_choice":
        return _multi(question, value, lang)
    if qtype == "contact":
        return _contact(value)
    if qtype == "table":
        return _table(question, value, lang)
    if qtype == "grid":
        return _grid(question, value, lang)
    if qtype == "attachment":
        return _attachments(value)
    raise InvalidValue("value.unsupported_type", type=qtype)


_STRUCTURED: Final = ("contact", "table", "grid", "attachment")


def parse_input(question: Question, raw: str, lang: str = "en") -> Any:
    """Read a value typed as text; structured types take JSON (``{"name": …}`` for a contact)."""
    if question.type in _STRUCTURED or (
        question.type == "multi_choice" and raw.lstrip().startswith("[")
    ):
        if _blank(raw):
            return None
        try:
            data = json.loads(raw, parse_float=str)
        except (json.JSONDecodeError, RecursionError):
            raise InvalidValue("value.not_json") from None
        return normalise(question, data, lang)
    return normalise(question, raw, lang)
