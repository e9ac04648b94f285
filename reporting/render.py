"""The plain-text rendering of a report for the terminal (``poa-report show``)."""

from __future__ import annotations

from collections.abc import Callable

from forms.display import format_ratio, format_value
from forms.i18n import tr
from forms.validation import relevance
from reporting.service import ReportState


def show_text(state: ReportState, keys: list[str], lang: str, out: Callable[[str], None]) -> None:
    """Each section with its answers; questions hidden by skip logic are left out."""
    asked = relevance(state.template, state.answers)
    wanted = {key for key in keys if asked[key]}
    for section in state.template.sections():
        questions = [q for q in section.questions if q.key in wanted]
        if not questions:
            continue
        number = f"{section.paragraph}. " if section.paragraph else ""
        out(f"== {number}{section.title.get(lang)} [{section.key}]")
        for question in questions:
            value = state.answers.get(question.key)
            text = format_value(question, value, lang) if value is not None else ""
            carried = question.key in state.carried_over
            mark = f" ({tr('show.carried_over', lang)})" if carried else ""
            out(f"  {question.key}: {question.label.get(lang)}{mark}")
            for line in text.splitlines() or [tr("show.blank", lang)]:
                out(f"      {line}")
    for result in state.computed().values():
        if result.definition.table not in wanted:
            continue
        table = state.template.question(result.definition.table)
        out(f"== {result.definition.label.get(lang)}")
        for ratio in result.rows:
            out(f"  {ratio.label}: {format_ratio(ratio, table, lang)}")
        out(f"  {tr('computed.period', lang)}: {format_ratio(result.overall, table, lang)}")
