"""Checks that span questions: references, condition operands, rule terms and relevance cycles."""

from __future__ import annotations

from forms.conditions import Compare, Condition, references, walk
from forms.model import Question, Rule, Template
from forms.reader import Reader

_NUMERIC = ("count", "decimal")
_SUMMABLE = (*_NUMERIC, "grid")  # a breakdown grid counts by its total in a sum rule


def check_references(template: Template, reader: Reader) -> None:
    for question in template.questions():
        where = f"question {question.key}"
        if question.relevant is not None:
            _check_condition(template, reader, question, question.relevant, f"{where}: relevant")
        for rule in question.rules:
            if rule.kind == "pattern" and question.type not in ("text", "long_text"):
                reader.fail(f"{where}: rules", "a pattern rule needs a text question")
            _check_rule_terms(template, reader, rule, f"{where}: rules")
    for i, rule in enumerate(template.rules):
        if rule.kind == "pattern":
            reader.fail(f"rules[{i}]", "pattern rules belong to a question")
        _check_rule_terms(template, reader, rule, f"rules[{i}]")
    for breakdown in template.breakdowns:
        for table in (breakdown.table, breakdown.of):
            columns = (breakdown.match, *breakdown.columns)
            _check_computed(template, reader, f"breakdown of {breakdown.of}", table, columns)
    for item in template.computed:
        _check_computed(
            template,
            reader,
            item.key,
            item.table,
            (item.row_label, *item.numerator, *item.denominator),
        )
    _check_cycles(template, reader)


def _check_condition(
    template: Template, reader: Reader, owner: Question, condition: Condition, where: str
) -> None:
    for term in walk(condition):
        if not isinstance(term, Compare):
            continue
        if term.key == owner.key:
            reader.fail(where, f"the condition refers to its own question {term.key!r}")
        if not template.has_question(term.key):
            reader.fail(where, f"refers to unknown question {term.key!r}")
        target = template.question(term.key)
        if term.op in ("gt", "ge", "lt", "le") and target.type not in (*_NUMERIC, "year"):
            reader.fail(
                where, f"{term.op!r} needs a numeric question, {term.key!r} is {target.type}"
            )
        if term.op == "contains" and target.type != "multi_choice":
            reader.fail(where, f"'contains' needs a multi_choice question, {term.key!r} is not")
        codes = target.choice_codes()
        if codes and term.op in ("eq", "ne", "in", "contains"):
            operands = term.operand if isinstance(term.operand, tuple) else (term.operand,)
            for operand in operands:
                if operand not in codes:
                    reader.fail(where, f"{operand!r} is not a choice of {term.key!r}")


def _check_rule_terms(template: Template, reader: Reader, rule: Rule, where: str) -> None:
    wanted = ("date", "year") if rule.kind == "order" else _SUMMABLE
    for key in (*rule.part, *rule.total):
        if not template.has_question(key):
            reader.fail(where, f"refers to unknown question {key!r}")
        if template.question(key).type not in wanted:
            reader.fail(where, f"{key!r} is not a {' or '.join(wanted)} question")
    if rule.kind == "order":
        types = {template.question(key).type for key in (*rule.part, *rule.total)}
        if len(types) != 1:
            reader.fail(where, "an order rule compares two dates or two years")


def _check_computed(
    template: Template, reader: Reader, key: str, table: str, columns: tuple[str, ...]
) -> None:
    where = f"computed {key}"
    if not template.has_question(table) or template.question(table).type != "table":
        reader.fail(where, f"{table!r} is not a table question")
    question = template.question(table)
    for column in columns:
        try:
            question.column(column)
        except KeyError:
            reader.fail(where, f"table {table!r} has no column {column!r}")


def _check_cycles(template: Template, reader: Reader) -> None:
    """Relevance must be a directed acyclic graph, so answers can be evaluated in order."""
    depends = {
        question.key: sorted(set(references(question.relevant))) if question.relevant else []
        for question in template.questions()
    }
    state: dict[str, int] = {}  # 1 = on the current path, 2 = done

    def visit(key: str, path: list[str]) -> None:
        state[key] = 1
        for dependency in depends.get(key, []):
            if state.get(dependency) == 1:
                cycle = [*path[path.index(dependency) :], dependency]
                reader.fail(f"question {key}: relevant", f"relevance cycle: {' -> '.join(cycle)}")
            if state.get(dependency) is None:
                visit(dependency, [*path, dependency])
        state[key] = 2

    for key in depends:
        if key not in state:
            visit(key, [key])
