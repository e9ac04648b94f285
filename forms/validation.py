"""Checking a report against its template: errors and warnings per question, never a save blocker.

Validation reads answers (key → stored value) and returns :class:`Issue` objects in the report's
language. A question that skip logic hides is neither required nor checked, and reads as blank to
the conditions of other questions.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Final

from forms import grids
from forms.conditions import evaluate
from forms.display import format_value
from forms.i18n import tr
from forms.model import Breakdown, Question, Rule, Template
from forms.numbers import as_decimal, exact_sum, format_number
from forms.values import InvalidValue, normalise

# Deliberately simple: catches typos, not every RFC 5322 subtlety.
_EMAIL: Final = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")


@dataclass(frozen=True)
class Issue:
    key: str  # the question key
    severity: str  # "error" | "warning"
    code: str  # what failed: "required", "range", "length", "rule", "grid_sum", …
    message: str
    paragraph: int | None = None  # the commitment, for Part B questions
    row: int | None = None  # 1-based table row
    column: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "paragraph": self.paragraph,
            "severity": self.severity,
            "code": self.code,
            "message": self.message,
            "row": self.row,
            "column": self.column,
        }


def _term(value: Any) -> Any:
    """A rule term's number: a breakdown grid counts by its total (or the sum of its entries)."""
    return grids.grid_total(value) if isinstance(value, dict) else value


def relevance(template: Template, answers: Mapping[str, Any]) -> dict[str, bool]:
    """Whether each question is asked, given answers (the loader ensures relevance is acyclic)."""
    result: dict[str, bool] = {}

    def is_relevant(key: str) -> bool:
        if key not in result:
            question = template.question(key)
            result[key] = question.relevant is None or evaluate(question.relevant, lookup)
        return result[key]

    def lookup(key: str) -> Any:
        return answers.get(key) if is_relevant(key) else None

    for question in template.questions():
        is_relevant(question.key)
    return result


class _Checker:
    def __init__(self, template: Template, answers: Mapping[str, Any], lang: str) -> None:
        self.template = template
        self.answers = answers
        self.lang = lang
        self.relevant = relevance(template, answers)
        self.issues: list[Issue] = []

    def add(self, question: Question, severity: str, code: str, message: str, **where: Any) -> None:
        paragraph = self.template.section(question.section_key).paragraph
        self.issues.append(Issue(question.key, severity, code, message, paragraph, **where))

    def number(self, value: Decimal | None) -> str:
        return "—" if value is None else format_number(value, self.lang)

    def run(self) -> list[Issue]:
        for question in self.template.questions():
            if self.relevant[question.key]:
                self.check_question(question)
        for rule in self.template.rules:
            self.check_rule(rule, owner=self.template.question(rule.part[0]))
        for breakdown in self.template.breakdowns:
            self.check_breakdown(breakdown)
        return self.issues

    # -- one question ----------------------------------------------------------------------
    def check_question(self, question: Question) -> None:
        value = self.answers.get(question.key)
        if value is None:
            if question.required:
                self.add(question, "error", "required", tr("check.required", self.lang))
            return
        try:
            value = normalise(question, value, self.lang)
        except InvalidValue as exc:
            self.add(question, "error", "invalid", exc.message(self.lang))
            return
        for problem in self.scalar_problems(question, value):
            self.add(question, "error", *problem)
        if question.type == "contact" and "email" in value and not _EMAIL.fullmatch(value["email"]):
            self.add(question, "error", "email", tr("check.email", self.lang, value=value["email"]))
        if question.type == "table":
            self.check_table(question, value)
        if question.type == "grid":
            self.check_grid(question, value)
        for rule in question.rules:
            if rule.kind == "pattern":
                if rule.regex and not re.search(rule.regex, value):
                    self.add(question, rule.severity, "pattern", rule.message.get(self.lang))
            else:
                self.check_rule(rule, owner=question)

    def scalar_problems(self, question: Question, value: Any) -> Iterator[tuple[str, str]]:
        """(code, message) for lengths and ranges of one value (a question or a table cell)."""
        too_long = isinstance(value, str) and len(value) > (question.max_length or len(value))
        if too_long:
            yield (
                "length",
                tr("check.too_long", self.lang, length=len(value), limit=question.max_length),
            )
        if question.type == "date":
            if question.min is not None and value < str(question.min):
                yield "range", tr("check.date_too_early", self.lang, limit=question.min)
            if question.max is not None and value > str(question.max):
                yield "range", tr("check.date_too_late", self.lang, limit=question.max)
            return
        number = as_decimal(value)
        if number is None or question.type not in ("count", "decimal", "year"):
            return
        if question.min is not None and number < Decimal(question.min):
            yield (
                "range",
                tr("check.too_small", self.lang, limit=self.number(Decimal(question.min))),
            )
        if question.max is not None and number > Decimal(question.max):
            yield (
                "range",
                tr("check.too_large", self.lang, limit=self.number(Decimal(question.max))),
            )

    # -- tables and grids ------------------------------------------------------------------
    def check_table(self, question: Question, rows: list[dict[str, Any]]) -> None:
        if len(rows) < question.min_rows:
            self.add(
                question, "error", "rows", tr("check.min_rows", self.lang, count=question.min_rows)
            )
        self.check_unique(question, rows)
        for number, row in enumerate(rows, start=1):
            for column in question.columns:
                cell = row.get(column.key)
                where = {"row": number, "column": column.key}
                if cell is None:
                    if column.required:
                        self.add(
                            question,
                            "error",
                            "required",
                            tr(
                                "check.cell_required",
                                self.lang,
                                row=number,
                                column=column.label.get(self.lang),
                            ),
                            **where,
                        )
                    continue
                for code, message in self.scalar_problems(column, cell):
                    self.add(
                        question,
                        "error",
                        code,
                        tr(
                            "check.in_row",
                            self.lang,
                            row=number,
                            column=column.label.get(self.lang),
                            problem=message,
                        ),
                        **where,
                    )
            for rule in question.row_rules:
                failed = self.broken_rule_message(rule, lambda key, row=row: row.get(key))
                if failed is not None:
                    message = tr("check.row_rule", self.lang, row=number, problem=failed)
                    self.add(question, rule.severity, "rule", message, row=number)

    def check_unique(self, question: Question, rows: list[dict[str, Any]]) -> None:
        for group in question.unique:
            first_row: dict[tuple[Any, ...], int] = {}
            for number, row in enumerate(rows, start=1):
                values = tuple(row.get(key) for key in group)
                if None in values:
                    continue
                if values not in first_row:
                    first_row[values] = number
                    continue
                columns = [question.column(key) for key in group]
                message = tr(
                    "check.duplicate_row",
                    self.lang,
                    row=number,
                    column=", ".join(column.label.get(self.lang) for column in columns),
                    value=", ".join(
                        format_value(column, value, self.lang)
                        for column, value in zip(columns, values, strict=True)
                    ),
                    first=first_row[values],
                )
                self.add(question, "error", "duplicate", message, row=number, column=group[0])

    def check_breakdown(self, breakdown: Breakdown) -> None:
        """The rows of a breakdown table add up to the figure of the row they break down."""
        if not (self.relevant.get(breakdown.table) and self.relevant.get(breakdown.of)):
            return
        parts = self.answers.get(breakdown.table) or []
        table = self.template.question(breakdown.table)
        for total_row in self.answers.get(breakdown.of) or []:
            key = total_row.get(breakdown.match)
            matching = [row for row in parts if key is not None and row.get(breakdown.match) == key]
            for column in breakdown.columns:
                entered = [row[column] for row in matching if row.get(column) is not None]
                total = total_row.get(column)
                if not entered or total is None or sum(entered) == total:
                    continue  # no breakdown for this figure, or it adds up
                message = breakdown.message.get(self.lang).format(
                    row=key,
                    column=table.column(column).label.get(self.lang),
                    part=self.number(Decimal(sum(entered))),
                    total=self.number(Decimal(total)),
                )
                self.add(table, breakdown.severity, "breakdown", message, column=column)

    def check_grid(self, question: Question, value: dict[str, Any]) -> None:
        problem = grids.sum_problem(question, value, self.lang)
        if problem is not None:
            self.add(question, "error", "grid_sum", problem)

    # -- cross-field rules -----------------------------------------------------------------
    def check_rule(self, rule: Rule, owner: Question) -> None:
        def lookup(key: str) -> Any:
            return self.answers.get(key) if self.relevant.get(key, False) else None

        failed = self.broken_rule_message(rule, lookup)
        if failed is not None:
            self.add(owner, rule.severity, "rule", failed)

    def broken_rule_message(self, rule: Rule, lookup: Any) -> str | None:
        """The rule's message if the answers break it; None otherwise (or when a term is blank)."""
        if rule.kind == "order":
            earlier, later = lookup(rule.part[0]), lookup(rule.total[0])
            if earlier is None or later is None or earlier <= later:
                return None
            return rule.message.get(self.lang).format(earlier=earlier, later=later)
        part = exact_sum(_term(lookup(key)) for key in rule.part)
        total = exact_sum(_term(lookup(key)) for key in rule.total)
        if part is None or total is None:
            return None  # a blank term: not applicable
        broken = part > total if rule.kind == "not_exceed" else part != total
        if not broken:
            return None
        return rule.message.get(self.lang).format(part=self.number(part), total=self.number(total))


def validate(template: Template, answers: Mapping[str, Any], lang: str = "en") -> list[Issue]:
    """Every error and warning of the report, in template order."""
    return _Checker(template, answers, lang).run()
