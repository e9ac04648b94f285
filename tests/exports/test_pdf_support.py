"""Helpers shared by the PDF export tests (no tests here): export, read back, compare text."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from functools import cached_property
from io import BytesIO
from pathlib import Path
from typing import Any

from pypdf import PdfReader

from exports.pdf import PdfExporter
from forms import grids
from forms.display import format_value
from forms.numbers import format_number
from forms.validation import relevance
from reporting.demo import create_demo_report
from reporting.service import ReportState, load_state
from storage import open_database

FIXED_TIME = dt.datetime(2024, 6, 12, 10, 30, tzinfo=dt.UTC)


def export(state: ReportState, **options: Any) -> bytes:
    options.setdefault("lang", "en")
    options.setdefault("generated_at", FIXED_TIME)
    return PdfExporter().export(state, **options)


def demo_in(language: str, folder: Path) -> ReportState:
    with open_database(folder / "demo.sqlite") as db:
        return load_state(db, create_demo_report(db, language=language).id)


def squash(text: str) -> str:
    """Text without any whitespace: lines wrap differently in a PDF than in the data."""
    return re.sub(r"\s+", "", text)


class Pdf:
    """A PDF read back with pypdf; its text is extracted once, when first needed."""

    def __init__(self, data: bytes) -> None:
        self.data = data
        self.reader = PdfReader(BytesIO(data))

    @cached_property
    def pages(self) -> list[str]:
        return [page.extract_text() for page in self.reader.pages]

    @cached_property
    def text(self) -> str:
        return "\n".join(self.pages)

    @cached_property
    def squashed(self) -> str:
        return squash(self.text)

    def layout(self, index: int) -> str:
        """One page's text laid out as printed (lines of the contents keep their numbers)."""
        return str(self.reader.pages[index].extract_text(extraction_mode="layout"))

    def contains(self, text: str) -> bool:
        return squash(text) in self.squashed

    def outline(self) -> Iterator[tuple[int, str, int]]:
        """(level, title, 0-based page) of every bookmark, in order."""

        def walk(items: list[Any], level: int) -> Iterator[tuple[int, str, int]]:
            for item in items:
                if isinstance(item, list):
                    yield from walk(item, level + 1)
                else:
                    yield level, str(item.title), self.reader.get_destination_page_number(item)

        yield from walk(self.reader.outline, 0)


def expected_texts(state: ReportState, lang: str) -> list[tuple[str, str]]:
    """(where, text) of every answer a reader must find in the PDF, as the screen formats it."""
    asked = relevance(state.template, state.answers)
    found: list[tuple[str, str]] = []
    for question in state.template.questions():
        value = state.answers.get(question.key)
        if value is None or not asked[question.key]:
            continue
        if question.type == "table":
            for number, row in enumerate(value, start=1):
                for column in question.columns:
                    if row.get(column.key) is not None:
                        where = f"{question.key}[{number}].{column.key}"
                        found.append((where, format_value(column, row[column.key], lang)))
        elif question.type == "grid":
            total = grids.grid_total(value)
            if total is not None:
                found.append((question.key, format_number(total, lang)))
            if value.get("not_disaggregated"):
                found.append((question.key, value["not_disaggregated"]))
        elif question.type == "attachment":
            found += [(question.key, item["name"]) for item in value]
        else:
            text = format_value(question, value, lang)
            found += [(question.key, line) for line in text.splitlines() if line.strip()]
    return found
