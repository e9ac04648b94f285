"""One sheet per Part of the template, laid out for people: one row per question asked.

Questions that skip logic hides are left out (as in the printed report); unanswered ones say
"No response", never a blank that could be mistaken for a zero. Every row repeats its commitment
number and short title, so a filter on one commitment shows all of its questions.
"""

from __future__ import annotations

from openpyxl.worksheet.worksheet import Worksheet

from exports.excel_cells import (
    MUTED,
    header_row,
    print_setup,
    put_answer,
    put_int,
    put_text,
    set_widths,
    title_row,
)
from forms.i18n import tr
from forms.model import Part
from reporting.service import ReportState

HEADER_ROW = 2


def part_has_paragraphs(part: Part) -> bool:
    return any(section.paragraph is not None for section in part.sections)


def write_part(
    ws: Worksheet, part: Part, state: ReportState, lang: str, asked: dict[str, bool]
) -> None:
    numbered = part_has_paragraphs(part)
    title_row(ws, tr("xlsx.part.title", lang, part=part.key.upper(), title=part.title.get(lang)))
    labels = [
        tr("xlsx.col.section", lang),
        tr("xlsx.col.question", lang),
        tr("xlsx.col.answer", lang),
        tr("xlsx.col.source", lang),
        tr("xlsx.col.note", lang),
        tr("xlsx.col.key", lang),
    ]
    if numbered:
        labels.insert(0, tr("xlsx.col.paragraph", lang))
    header_row(ws, HEADER_ROW, labels)
    marker = tr("xlsx.truncated", lang)
    row = HEADER_ROW
    for section in part.sections:
        for question in section.questions:
            if not asked.get(question.key, False):
                continue
            row += 1
            column = 1
            if numbered:
                if section.paragraph is not None:
                    put_int(ws.cell(row, 1), section.paragraph, grouped=False)
                column = 2
            put_text(ws.cell(row, column), section.title.get(lang), wrap=True)
            put_text(ws.cell(row, column + 1), question.label.get(lang), wrap=True)
            answer = ws.cell(row, column + 2)
            value = state.answers.get(question.key)
            if value is None:
                put_text(answer, tr("xlsx.no_response", lang), wrap=True)
                answer.font = MUTED
            else:
                put_answer(answer, question, value, lang, marker)
            put_text(ws.cell(row, column + 3), " ".join(question.tags), code=True, wrap=True)
            if question.key in state.carried_over:
                put_text(ws.cell(row, column + 4), tr("show.carried_over", lang), wrap=True)
            put_text(ws.cell(row, column + 5), question.key, code=True)
    ws.freeze_panes = ws.cell(HEADER_ROW + 1, 2 if numbered else 1)
    last = ws.cell(row, len(labels)).coordinate
    ws.auto_filter.ref = f"A{HEADER_ROW}:{last}"
    set_widths(ws, ([7] if numbered else []) + [28, 45, 70, 18, 16, 26])
    print_setup(ws, f"{HEADER_ROW}:{HEADER_ROW}")
