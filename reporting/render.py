"""The plain-text rendering of a report for the terminal (``poa-report show``)."""

from __future__ import annotations

from collections.abc import Callable

from forms.display import format_value
from forms.i18n import tr
from reporting.service import ReportState


def show_text(state: ReportState, keys: list[str], lang: str, out: Callable[[str], None]) -> None:
    wanted = set(keys)
    relevant_sections = [
        s for s in state.template.sections() if any(q.key in wanted for q in s.questions)
    ]
    for section in relevant_sections:
        number = f"{section.paragraph}. " if section.paragraph else ""
        out(f"== {number}{section.title.get(lang)} [{section.key}]")
        for question in section.questions:
            if question.key not in wanted:
                continue
            value = state.answers.get(question.key)
            text = (
                format_value(question, value, lang) if value is not None else tr("show.blank", lang)
            )
            mark = (
                f" ({tr('show.carried_over', lang)})" if question.key in state.carried_over else ""
            )
            lines = text.splitlines() or [""]
            out(f"  {question.key}: {question.label.get(lang)}{mark}")
            for line in lines:
                out(f"      {line}")
