"""The strict template loader (Issue 2 §4): good definitions load, each kind of bad one is refused
with an error naming the file, the key and the problem."""

from __future__ import annotations

import copy
import textwrap
from pathlib import Path
from typing import Any

import pytest

from forms.conditions import Compare
from forms.loader import TemplateError, load_template, load_template_file, parse_template
from forms.model import QUESTION_TYPES
from forms.yaml_strict import load_yaml

T = {"en": "Text", "fr": "Texte"}


def _minimal() -> dict[str, Any]:
    """A small but complete template: one Part A section and a Part B over paragraphs 21–22."""
    return {
        "id": "test",
        "version": 1,
        "catalogue": "bms8-2022",
        "languages": ["en", "fr"],
        "title": T,
        "choice_lists": {"status": [{"code": "done", "label": T}, {"code": "todo", "label": T}]},
        "dimensions": {
            "sex": {
                "label": T,
                "members": [{"code": "female", "label": T}, {"code": "unknown", "label": T}],
            },
        },
        "blocks": {
            "std": {
                "questions": [
                    {
                        "key": "status",
                        "type": "single_choice",
                        "choices": "status",
                        "label": T,
                        "help": T,
                    },
                ]
            }
        },
        "addressee_blocks": {
            a: "std"
            for a in (
                "all_states",
                "states_in_a_position",
                "regional_organisations",
                "secretariat_or_revcon",
            )
        },
        "parts": [
            {
                "key": "a",
                "title": T,
                "sections": [
                    {
                        "key": "a_one",
                        "title": T,
                        "tags": ["[PoA II.4]"],
                        "questions": [
                            {"key": "exists", "type": "yes_no_dev", "label": T, "help": T},
                            {
                                "key": "members",
                                "type": "count",
                                "label": T,
                                "help": T,
                                "relevant": {"q": ".exists", "eq": "yes"},
                            },
                            {
                                "key": "women",
                                "type": "count",
                                "label": T,
                                "help": T,
                                "rules": [
                                    {
                                        "kind": "not_exceed",
                                        "part": [".women"],
                                        "total": [".members"],
                                        "severity": "error",
                                        "message": {
                                            "en": "{part} > {total}",
                                            "fr": "{part} > {total}",
                                        },
                                    }
                                ],
                            },
                            {
                                "key": "victims",
                                "type": "grid",
                                "dimensions": ["sex"],
                                "label": T,
                                "help": T,
                            },
                        ],
                    }
                ],
            },
            {"key": "b", "title": T, "commitments": {"first": 21, "last": 22}},
        ],
    }


def _error(data: dict[str, Any]) -> str:
    with pytest.raises(TemplateError) as caught:
        parse_template(data, "broken.yaml")
    message = str(caught.value)
    assert message.startswith("broken.yaml: ")
    return message


def test_minimal_template_loads() -> None:
    template = parse_template(_minimal(), "ok.yaml")
    assert [s.key for s in template.sections()] == ["a_one", "p21", "p22"]
    # Part B sections get the block, the paragraph's heading path and the [BMS8 N] tag.
    status = template.question("p21.status")
    assert status.tags == ("[BMS8 21]",)
    assert template.section("p21").heading_path[1] == "1. Au niveau national"
    # Relative references resolve within the section.
    members = template.question("a_one.members")
    assert members.relevant == Compare("a_one.members".replace("members", "exists"), "eq", "yes")


def test_shipped_template_loads() -> None:
    """The real template covers Parts A–F and every commitment 21–95 (Issue 2 §4)."""
    template = load_template("bms8-2022", 1)
    assert [part.key for part in template.parts] == ["a", "b", "c", "d", "e", "f"]
    paragraphs = [s.paragraph for s in template.sections() if s.paragraph is not None]
    assert paragraphs == list(range(21, 96))
    assert {q.type for q in template.questions()} == set(QUESTION_TYPES)
    for question in template.questions():
        assert question.tags, question.key
        assert question.help is not None, question.key
    assert template.computed[0].key == "sdg_1642"


@pytest.mark.parametrize(
    ("mutate", "expected"),
    [
        pytest.param(
            lambda d: d.update(colour="red"), "unknown key 'colour'", id="unknown-top-key"
        ),
        pytest.param(
            lambda d: d["parts"][0]["sections"][0]["questions"][0].update(size=3),
            "unknown key 'size'",
            id="unknown-question-key",
        ),
        pytest.param(
            lambda d: d["parts"][0]["sections"][0]["questions"][0]["label"].pop("fr"),
            "missing translation 'fr'",
            id="missing-translation",
        ),
        pytest.param(
            lambda d: d["parts"][0]["sections"][0]["questions"][0].update(
                label={"en": "x", "fr": " "}
            ),
            "the translation is empty",
            id="empty-translation",
        ),
        pytest.param(
            lambda d: d["parts"][0]["sections"][0]["questions"].append(
                {"key": "exists", "type": "text", "label": T, "help": T}
            ),
            "duplicate question key 'a_one.exists'",
            id="duplicate-question-key",
        ),
        pytest.param(
            lambda d: d["parts"][0]["sections"][0]["questions"][0].update(type="slider"),
            "unknown question type 'slider'",
            id="unknown-type",
        ),
        pytest.param(
            lambda d: d["parts"][0]["sections"][0]["questions"][1].update(
                relevant={"q": "a_one.nothing", "eq": "yes"}
            ),
            "refers to unknown question 'a_one.nothing'",
            id="condition-unknown-question",
        ),
        pytest.param(
            lambda d: d["parts"][0]["sections"][0]["questions"][2]["rules"][0].update(
                total=["a_one.ghost"]
            ),
            "refers to unknown question 'a_one.ghost'",
            id="rule-unknown-question",
        ),
        pytest.param(
            lambda d: d["parts"][0]["sections"][0]["questions"][0].update(
                relevant={"q": ".members", "gt": 0}
            ),
            "relevance cycle",
            id="cycle",
        ),
        pytest.param(
            lambda d: d["parts"][0]["sections"][0]["questions"][1].update(
                relevant={"q": ".exists", "eq": "maybe"}
            ),
            "'maybe' is not a choice of 'a_one.exists'",
            id="condition-bad-code",
        ),
        pytest.param(
            lambda d: d["parts"][0]["sections"][0]["questions"][1].update(
                relevant={"q": ".members", "eq": 1}
            ),
            "refers to its own question",
            id="self-reference",
        ),
        pytest.param(
            lambda d: d["parts"][0]["sections"][0].update(tags=["[Foo 1]"]),
            "does not match",
            id="bad-source-tag",
        ),
        pytest.param(
            lambda d: d["blocks"]["std"]["questions"][0].update(choices="nope"),
            "unknown choice list 'nope'",
            id="unknown-choice-list",
        ),
        pytest.param(
            lambda d: d["parts"][0]["sections"][0]["questions"][3].update(dimensions=["age"]),
            "unknown dimension 'age'",
            id="unknown-dimension",
        ),
        pytest.param(
            lambda d: d["dimensions"]["sex"]["members"].pop(),
            "a dimension needs the member 'unknown'",
            id="dimension-without-unknown",
        ),
        pytest.param(
            lambda d: d["parts"][0]["sections"][0]["questions"][2]["rules"][0].update(
                message={"en": "{oops}", "fr": "x"}
            ),
            "unknown placeholder",
            id="bad-placeholder",
        ),
        pytest.param(
            lambda d: d["parts"][0]["sections"][0]["questions"][0].pop("help"),
            "missing key 'help'",
            id="missing-help",
        ),
        pytest.param(
            lambda d: d["parts"][0]["sections"][0]["questions"][0].update(max_length=9),
            "not allowed for type 'yes_no_dev'",
            id="key-not-for-type",
        ),
        pytest.param(
            lambda d: d["parts"][0]["sections"][0]["questions"][2].update(
                rules=[
                    {
                        "kind": "order",
                        "earlier": ".members",
                        "later": ".women",
                        "severity": "error",
                        "message": T,
                    }
                ]
            ),
            "is not a date or year question",
            id="order-rule-on-counts",
        ),
        pytest.param(
            lambda d: d["parts"][0]["sections"][0]["questions"][0].update(prefill="country"),
            "not allowed for type 'yes_no_dev'",
            id="prefill-wrong-type",
        ),
        pytest.param(
            lambda d: d["parts"][1]["commitments"].update(last=200),
            "paragraph 97 is not in the catalogue",
            id="paragraph-not-in-catalogue",
        ),
    ],
)
def test_bad_definitions_are_refused(mutate: Any, expected: str) -> None:
    data = copy.deepcopy(_minimal())
    mutate(data)
    assert expected in _error(data)


def test_error_names_the_question(tmp_path: Path) -> None:
    data = copy.deepcopy(_minimal())
    data["parts"][0]["sections"][0]["questions"][1]["label"] = {"en": "Members"}
    message = _error(data)
    assert "a_one.members" in message and "label" in message


def test_duplicate_yaml_key_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "dup.v1.yaml"
    path.write_text(
        textwrap.dedent("""\
        id: test
        version: 1
        id: again
    """),
        encoding="utf-8",
    )
    with pytest.raises(TemplateError, match=r"dup\.v1\.yaml:3: .*duplicate key 'id'"):
        load_template_file(path)


def test_yaml_keeps_yes_no_and_dates_as_strings() -> None:
    data = load_yaml("a: yes\nb: no\nc: 2001-07-20\nd: true\ne: on\n", "x.yaml")
    assert data == {"a": "yes", "b": "no", "c": "2001-07-20", "d": True, "e": "on"}


def test_unreadable_file_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "bin.v1.yaml"
    path.write_bytes(b"\xff\xfe\x00garbage")
    with pytest.raises(TemplateError, match=r"bin\.v1\.yaml"):
        load_template_file(path)
