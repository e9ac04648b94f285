"""What every part of the PDF rendering needs to know: the report, the language, the page width."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from exports.pdf_style import Styles
from forms.model import Question
from reporting.service import ReportState


@dataclass(frozen=True)
class Context:
    state: ReportState
    lang: str
    styles: Styles
    width: float  # of the text frame, in points
    blank: bool  # a blank form: every question, no answer
    asked: Mapping[str, bool]  # relevance by question key: skip logic leaves the others out

    def shown(self, question: Question) -> bool:
        """Whether the question is printed: all of them on a blank form, else those asked."""
        return self.blank or self.asked.get(question.key, True)

    def value(self, question: Question) -> Any:
        """The answer to print; none on a blank form or for a question skip logic hides."""
        if self.blank or not self.asked.get(question.key, True):
            return None
        return self.state.answers.get(question.key)

    def label(self, question: Question) -> str:
        return question.label.get(self.lang)
