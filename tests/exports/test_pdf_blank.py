"""The blank printable form: every question, room to answer, no answer.

DOMAIN.md: drafts are circulated to ministries, which fill in figures by hand; ANCHORS.md (what
none of them has, 6): "a blank printable form for circulation".
"""

from __future__ import annotations

import pytest
from test_pdf_support import Pdf, export, squash

from exports.pdf_blank import BOX
from reporting.service import ReportState

# Answers of the demo report that a blank form must not print.
DEMO_ANSWERS = (
    "Armand Tessé-Wolou",
    "National Commission on Small Arms and Light Weapons (NCSA)",
    "president@cnal.demoland.example",
    "Act No. 2019-14 remains the framework",
    "34.6 %",
    "248,500",
    "Hospital admission records give only the number",
    "national-action-plan-2022-2026.txt",
    "2022-07-01",
)


@pytest.fixture(scope="module")
def blank(demo_state: ReportState) -> Pdf:
    return Pdf(export(demo_state, blank=True))


def test_blank_form_prints_no_answer(blank: Pdf) -> None:
    for answer in DEMO_ANSWERS:
        assert not blank.contains(answer), answer
    assert not blank.contains("No response")


def test_blank_form_prints_every_question_even_those_skip_logic_hides(
    demo_state: ReportState, blank: Pdf
) -> None:
    template = demo_state.template
    labels = {question.label.en for question in template.questions()}
    missing = [label for label in labels if squash(label) not in blank.squashed]
    assert missing == []
    # The demo answers "no" to "same contact for the ITI?", which hides the ITI contact; the
    # blank form asks it, with the condition under which it applies.
    assert blank.contains("National point of contact for the International Tracing Instrument")
    assert blank.contains(
        "Answer only if “Is the same point of contact responsible for the International "
        "Tracing Instrument?” is “No”."
    )


def test_blank_form_has_tick_boxes_and_room_to_write(blank: Pdf) -> None:
    assert blank.contains(f"{BOX} Yes {BOX} No {BOX} Developing")
    assert blank.contains(f"{BOX} Implemented {BOX} Partially implemented")
    assert blank.contains("Tick all boxes that apply.")
    assert blank.contains("YYYY-MM-DD")
    assert blank.contains(f"{BOX} Not disaggregated. Reason:")
    assert blank.contains("Blank form for the ministries and agencies concerned")
    assert "Page 1 of" in blank.pages[0]
    assert len(blank.pages) > 60  # every question of Parts A to F, with room to answer


def test_blank_form_in_french(demo_state: ReportState) -> None:
    pdf = Pdf(export(demo_state, lang="fr", blank=True))
    assert pdf.contains(f"{BOX} Oui {BOX} Non {BOX} En cours")
    assert pdf.contains("Formulaire vierge destiné aux ministères et organismes concernés")
    assert pdf.contains("AAAA-MM-JJ")
    assert pdf.contains("État de la mise en œuvre")
    assert not pdf.contains("Tick one box.")
