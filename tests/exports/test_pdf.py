"""The PDF of the demo report: every answer in it, pages numbered, contents, outline, fonts.

Mission: "a submission-grade PDF following the template (cover, contents, tables, chosen
language)" (ANCHORS.md, what none of them has, 6); printing must not cut text or ignore skip
logic (users' complaint 6).
"""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import pytest
from test_pdf_support import Pdf, demo_in, expected_texts, export, squash

from exports.pdf import PdfExporter
from forms.computed import compute
from forms.display import format_ratio
from reporting.service import ReportState

A4 = (595.28, 841.89)
LETTER = (612.0, 792.0)


@pytest.fixture(scope="module")
def english(demo_state: ReportState) -> Pdf:
    return Pdf(export(demo_state))


@pytest.fixture(scope="module")
def french_state(tmp_path_factory: pytest.TempPathFactory) -> ReportState:
    return demo_in("fr", tmp_path_factory.mktemp("demo_fr"))


@pytest.fixture(scope="module")
def french(french_state: ReportState) -> Pdf:
    return Pdf(export(french_state, lang="fr"))


def test_exporter_interface() -> None:
    assert PdfExporter.extension == "pdf"


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_every_answer_of_the_demo_report_is_printed(
    lang: str, demo_state: ReportState, french_state: ReportState, english: Pdf, french: Pdf
) -> None:
    state, pdf = (demo_state, english) if lang == "en" else (french_state, french)
    expected = expected_texts(state, lang)
    assert len(expected) > 500  # scalars, table cells, contacts, grids, attachments
    missing = [(where, text) for where, text in expected if squash(text) not in pdf.squashed]
    assert missing == []


def test_sdg_proportions_are_printed_and_a_missing_input_is_not_zero(
    demo_state: ReportState, english: Pdf
) -> None:
    result = compute(demo_state.template, demo_state.answers)["sdg_1642"]
    table = demo_state.template.question(result.definition.table)
    for ratio in (*result.rows, result.overall):
        assert english.contains(format_ratio(ratio, table, "en"))
    assert english.contains("34.6 % (244 / 705)")
    assert english.contains("37.0 % (306 / 828)")
    assert english.contains("Not computable: missing 2024 — Arms surrendered.")
    assert "n/c" in english.text  # the 2024 bar and the proportion line of the table
    assert not english.contains("0.0 %")


def test_grids_have_computed_row_column_and_grand_totals(
    demo_state: ReportState, english: Pdf
) -> None:
    question = demo_state.template.question("d_grids.victims_killed")
    cells = demo_state.answers[question.key]["cells"]
    ages = [member.code for member in question.dimensions[1].members]
    by_age = [sum(n for key, n in cells.items() if key.split("/")[1] == age) for age in ages]
    totals = "".join(str(n) if n else "" for n in by_age) + str(sum(by_age))
    assert squash(f"Total {totals}") in english.squashed  # the last row: column totals
    female_unknown = [cells.get(f"female/{age}/unknown") for age in ages]
    row = "".join(str(n) for n in female_unknown if n) + str(sum(n or 0 for n in female_unknown))
    assert squash(f"Female · Unknown {row}") in english.squashed  # a row with its total
    assert english.contains("Breakdown entered: full breakdown")
    assert english.contains("The breakdown adds up to the declared total (214).")
    assert english.contains("Declared total: 486")
    assert english.contains("Not disaggregated: Hospital admission records")


def test_pages_are_numbered_page_x_of_y(english: Pdf) -> None:
    count = len(english.pages)
    assert 20 < count < 200
    for number, text in enumerate(english.pages, start=1):
        assert f"Page {number} of {count}" in text
        assert "Generated 2024-06-12 10:30 UTC" in text
        assert re.search(r"Data checksum [0-9a-f]{12}\b", text)
    assert "Demoland (fictional State) — National report" not in english.pages[0]  # no header
    assert "Demoland (fictional State) — National report" in english.pages[1]


def test_contents_and_bookmarks_point_at_the_headings(
    demo_state: ReportState, english: Pdf
) -> None:
    template = demo_state.template
    outline = list(english.outline())
    parts = [title for level, title, _ in outline if level == 0]
    assert parts == [f"Part {part.key.upper()}. {part.title.en}" for part in template.parts]
    sections = [title for level, title, _ in outline if level == 1]
    assert len(sections) == len(list(template.sections()))
    assert "25. SDG 16.4.2 data collection" in sections
    assert "Contents" in english.pages[1]
    contents: dict[str, int] = {}
    for index in range(1, 5):
        # The demo report is a draft: layout extraction puts the diagonal watermark on a line.
        for line in english.layout(index).replace("DRAFT", "").splitlines():
            entry = re.fullmatch(r"\s*(\S.*?)[\s.]*\s(\d+)\s*", line)
            if entry:
                contents[squash(entry.group(1))] = int(entry.group(2))
    for _level, title, page in outline:
        assert squash(title) in squash(english.pages[page]), title
        assert contents.get(squash(title)) == page + 1, title


def test_fonts_are_embedded_dejavu(english: Pdf) -> None:
    fonts = {}
    for page in english.reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            fonts[str(font["/BaseFont"])] = font
    assert fonts
    for name, font in fonts.items():
        assert "DejaVuSans" in name
        assert "/FontFile2" in font["/FontDescriptor"], f"{name} is not embedded"


def test_a4_and_letter_paper(english: Pdf, demo_state: ReportState) -> None:
    letter = Pdf(export(demo_state, paper="letter"))
    for pdf, size in ((english, A4), (letter, LETTER)):
        for page in pdf.reader.pages:
            box = page.mediabox
            assert (float(box.width), float(box.height)) == pytest.approx(size, abs=0.01)
    assert len(letter.reader.pages) > len(english.reader.pages)  # a shorter page


def test_unknown_paper_is_refused(demo_state: ReportState) -> None:
    with pytest.raises(ValueError, match="legal"):
        export(demo_state, paper="legal")


def test_french_output_has_french_labels(french: Pdf) -> None:
    count = len(french.pages)
    assert f"Page 1 sur {count}" in french.pages[0]
    for text in (
        "Démolande (État fictif)",
        "Rapport national sur la mise en œuvre du Programme d'action",
        "Table des matières",
        "Partie B. Mise en œuvre des engagements",
        "Texte officiel (français)",
        "État de la mise en œuvre",
        "Statut",
        "Projet",
        "34,6 % (244 / 705)",
        "Établi par",
    ):
        assert french.contains(text), text
    for text in ("Official text (French)", "Contents", "Draft", "No response", "Page 1 of"):
        assert not french.contains(text), text


def test_skipped_questions_are_left_out_and_blanks_say_no_response(
    demo_state: ReportState, tmp_path: Path
) -> None:
    answers = dict(demo_state.answers)
    answers["a_contacts.same_poc_iti"] = "yes"  # the ITI contact is no longer asked …
    del answers["p22.challenges"]  # … and one asked question has no answer
    state = dataclasses.replace(demo_state, answers=answers, carried_over=frozenset({"p21.status"}))
    calls: list[tuple[int, int]] = []
    pdf = Pdf(export(state, progress=lambda done, total: calls.append((done, total))))
    assert "Koffi Brénat-Sissoko" in demo_state.answers["a_contacts.poc_iti"]["name"]
    assert not pdf.contains("Koffi Brénat-Sissoko")
    assert not pdf.contains("National point of contact for the International Tracing Instrument")
    assert pdf.contains("Challenges and obstacles No response Does your State need assistance")
    assert pdf.contains("Carried over from the previous report; to be confirmed.")
    sections = len(list(demo_state.template.sections()))
    assert calls == [(done, sections + 1) for done in range(1, sections + 2)]


def test_grids_by_one_dimension_total_only_and_not_adding_up(demo_state: ReportState) -> None:
    answers = dict(demo_state.answers)
    answers["d_grids.officials_trained"] = {
        "total": 612,
        "mode": "sex",
        "cells": {},
        "margins": {"sex": {"female": 142, "male": 450}},  # 20 short of the total
        "not_disaggregated": None,
    }
    answers["d_grids.coordination_members"] = {"total": 21, "mode": "total", "cells": {}}
    pdf = Pdf(export(dataclasses.replace(demo_state, answers=answers)))
    assert pdf.contains("Sex Number Female 142 Male 450 Unknown Total 592")
    assert pdf.contains("Breakdown entered: by Sex")
    assert pdf.contains(
        "The breakdown adds up to 592, which differs from the declared total (612)."
    )
    assert pdf.contains("Breakdown entered: total only Declared total: 21")
