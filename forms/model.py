"""The report template as frozen data: what the loader builds and everything else reads.

See ``forms/TEMPLATE_FORMAT.md`` for the file format these objects come from.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Final

from forms.conditions import Condition

QUESTION_TYPES: Final = (
    "yes_no_dev",
    "single_choice",
    "multi_choice",
    "text",
    "long_text",
    "count",
    "decimal",
    "date",
    "year",
    "country",
    "contact",
    "table",
    "grid",
    "attachment",
)
# Types a table column may have: one scalar value per cell.
COLUMN_TYPES: Final = (
    "yes_no_dev",
    "single_choice",
    "multi_choice",
    "text",
    "long_text",
    "count",
    "decimal",
    "date",
    "year",
    "country",
)
NUMERIC_TYPES: Final = ("count", "decimal", "year")
YES_NO_DEV: Final = ("yes", "no", "developing")
# "title" is the form of address (Ms, Dr); "position" the person's post (Director of …).
CONTACT_FIELDS: Final = (
    "title",
    "name",
    "position",
    "organisation",
    "address",
    "telephone",
    "email",
)
CONTACT_TITLES: Final = ("mr", "ms", "mx", "dr")
DEFAULT_TEXT_LENGTH: Final = 500
LONG_TEXT_LENGTH: Final = 32767  # the most a spreadsheet cell holds
SEVERITIES: Final = ("error", "warning")
# What a question may be prefilled from when a report is created, and the type it needs.
PREFILLS: Final = {"country": "country", "language": "single_choice"}
RULE_KINDS: Final = ("not_exceed", "sum_equals", "order", "pattern")
ADDRESSEES: Final = (
    "all_states",
    "states_in_a_position",
    "regional_organisations",
    "secretariat_or_revcon",
)


@dataclass(frozen=True)
class Text:
    """A text in every language of the template."""

    en: str
    fr: str

    def get(self, lang: str) -> str:
        return self.fr if lang == "fr" else self.en


@dataclass(frozen=True)
class Choice:
    code: str
    label: Text


@dataclass(frozen=True)
class Dimension:
    name: str
    label: Text
    members: tuple[Choice, ...]

    def codes(self) -> tuple[str, ...]:
        return tuple(member.code for member in self.members)


@dataclass(frozen=True)
class Rule:
    """A cross-field rule.

    ``part`` and ``total`` are full question keys, or column keys in a row rule. An ``order``
    rule keeps its ``earlier`` question in ``part`` and its ``later`` one in ``total``.
    """

    kind: str
    severity: str
    message: Text
    part: tuple[str, ...] = ()
    total: tuple[str, ...] = ()
    regex: str | None = None


@dataclass(frozen=True)
class Question:
    key: str  # the full key: "<section>.<question>"
    type: str
    label: Text
    help: Text | None
    tags: tuple[str, ...]
    required: bool = False
    relevant: Condition | None = None
    rules: tuple[Rule, ...] = ()
    choices: tuple[Choice, ...] = ()
    max_length: int | None = None
    min: int | str | None = None  # str for decimal bounds ("0.5") and dates ("2001-07-20")
    max: int | str | None = None
    unit: Text | None = None
    columns: tuple[Question, ...] = ()
    min_rows: int = 0
    # Table columns (or groups of columns) whose values may not repeat across rows.
    unique: tuple[tuple[str, ...], ...] = ()
    row_rules: tuple[Rule, ...] = ()
    dimensions: tuple[Dimension, ...] = ()
    prefill: str | None = None  # filled in from the report itself: "country" or "language"

    @property
    def section_key(self) -> str:
        return self.key.split(".", 1)[0]

    @property
    def local_key(self) -> str:
        return self.key.split(".", 1)[-1]

    def choice_codes(self) -> tuple[str, ...]:
        if self.type == "yes_no_dev":
            return YES_NO_DEV
        return tuple(choice.code for choice in self.choices)

    def choice_label(self, code: str, lang: str) -> str:
        for choice in self.choices:
            if choice.code == code:
                return choice.label.get(lang)
        return code

    def column(self, key: str) -> Question:
        for column in self.columns:
            if column.local_key == key:
                return column
        raise KeyError(key)


@dataclass(frozen=True)
class Section:
    key: str
    part_key: str
    title: Text
    help: Text | None
    questions: tuple[Question, ...]
    # Part B sections mirror a paragraph of the outcome document.
    paragraph: int | None = None
    heading_path: tuple[str, ...] = ()
    addressee: str | None = None


@dataclass(frozen=True)
class Part:
    key: str
    title: Text
    help: Text | None
    sections: tuple[Section, ...]


@dataclass(frozen=True)
class Breakdown:
    """One table that breaks down the rows of another (arms by type for each year's totals).

    For each row of ``of`` and each of ``columns``, the rows of ``table`` with the same ``match``
    value must add up to the row's figure.
    """

    table: str
    of: str
    match: str
    columns: tuple[str, ...]
    severity: str
    message: Text


@dataclass(frozen=True)
class Computed:
    key: str
    kind: str
    table: str
    row_label: str
    numerator: tuple[str, ...]
    denominator: tuple[str, ...]
    label: Text
    definition: Text


@dataclass(frozen=True)
class Template:
    id: str
    version: int
    catalogue: str
    title: Text
    languages: tuple[str, ...]
    parts: tuple[Part, ...]
    rules: tuple[Rule, ...] = ()
    computed: tuple[Computed, ...] = ()
    breakdowns: tuple[Breakdown, ...] = ()
    source_name: str = ""
    _questions: dict[str, Question] = field(default_factory=dict, repr=False, compare=False)
    _sections: dict[str, Section] = field(default_factory=dict, repr=False, compare=False)

    def __post_init__(self) -> None:
        for section in self.sections():
            self._sections[section.key] = section
            for question in section.questions:
                self._questions[question.key] = question

    def sections(self) -> Iterator[Section]:
        for part in self.parts:
            yield from part.sections

    def questions(self) -> Iterator[Question]:
        for section in self.sections():
            yield from section.questions

    def question(self, key: str) -> Question:
        return self._questions[key]

    def has_question(self, key: str) -> bool:
        return key in self._questions

    def section(self, key: str) -> Section:
        return self._sections[key]

    def section_for_paragraph(self, number: int) -> Section | None:
        return self._sections.get(f"p{number}")
