"""A small template with one question of every type, written inline as data (Issue 2 §4)."""

from __future__ import annotations

from typing import Any

import pytest

from forms.loader import parse_template
from forms.model import Template

T = {"en": "Text", "fr": "Texte"}


def q(key: str, qtype: str, **extra: Any) -> dict[str, Any]:
    return {"key": key, "type": qtype, "label": {"en": key, "fr": key}, "help": T, **extra}


RULE_MSG = {"en": "part {part} over total {total}", "fr": "partie {part} au-delà du total {total}"}


def every_type_template() -> dict[str, Any]:
    return {
        "id": "every-type",
        "version": 1,
        "catalogue": "bms8-2022",
        "languages": ["en", "fr"],
        "title": T,
        "choice_lists": {
            "colour": [
                {"code": "red", "label": {"en": "Red", "fr": "Rouge"}},
                {"code": "green", "label": {"en": "Green", "fr": "Vert"}},
                {"code": "other", "label": {"en": "Other", "fr": "Autre"}},
            ],
        },
        "dimensions": {
            "sex": {
                "label": T,
                "members": [
                    {"code": "female", "label": T},
                    {"code": "male", "label": T},
                    {"code": "unknown", "label": T},
                ],
            },
            "disability": {
                "label": T,
                "members": [{"code": "with", "label": T}, {"code": "unknown", "label": T}],
            },
        },
        "parts": [
            {
                "key": "a",
                "title": T,
                "sections": [
                    {
                        "key": "s",
                        "title": T,
                        "tags": ["[PoA II.4]"],
                        "questions": [
                            q("ynd", "yes_no_dev", required=True),
                            q("single", "single_choice", choices="colour"),
                            q("multi", "multi_choice", choices="colour"),
                            q(
                                "other_text",
                                "text",
                                relevant={"q": ".multi", "contains": "other"},
                                required=True,
                            ),
                            q("short", "text", max_length=10),
                            q("long", "long_text"),
                            q("members", "count", max=1000),
                            q(
                                "women",
                                "count",
                                rules=[
                                    {
                                        "kind": "not_exceed",
                                        "part": [".women"],
                                        "total": [".members"],
                                        "severity": "error",
                                        "message": RULE_MSG,
                                    }
                                ],
                            ),
                            q(
                                "men",
                                "count",
                                rules=[
                                    {
                                        "kind": "sum_equals",
                                        "part": [".women", ".men"],
                                        "total": [".members"],
                                        "severity": "warning",
                                        "message": RULE_MSG,
                                    }
                                ],
                            ),
                            q("amount", "decimal", min=0),
                            q("adopted", "date", min="2001-07-20"),
                            q("year", "year", min=1990, max=2100),
                            q("country", "country"),
                            q("contact", "contact"),
                            q(
                                "laws",
                                "table",
                                min_rows=0,
                                columns=[
                                    {"key": "title", "type": "text", "label": T, "required": True},
                                    {"key": "date", "type": "date", "label": T},
                                    {"key": "seized", "type": "count", "label": T},
                                    {"key": "traced", "type": "count", "label": T},
                                ],
                                row_rules=[
                                    {
                                        "kind": "not_exceed",
                                        "part": ["traced"],
                                        "total": ["seized"],
                                        "severity": "error",
                                        "message": RULE_MSG,
                                    }
                                ],
                            ),
                            q("victims", "grid", dimensions=["sex", "disability"]),
                            q("files", "attachment"),
                            q(
                                "code",
                                "text",
                                rules=[
                                    {
                                        "kind": "pattern",
                                        "regex": "^[A-Z]{2}$",
                                        "severity": "warning",
                                        "message": T,
                                    }
                                ],
                            ),
                        ],
                    }
                ],
            }
        ],
    }


@pytest.fixture(scope="session")
def every_type() -> Template:
    return parse_template(every_type_template(), "every-type.yaml")
