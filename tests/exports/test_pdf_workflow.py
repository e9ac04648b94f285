"""The PDF says whether the report is approved (issue 7): a draft carries "DRAFT" across every
page and says so on its cover, a final report neither; the sign-off block names who prepared,
reviewed and approved it — name, position, agency — and when."""

from __future__ import annotations

import dataclasses
import re
from typing import Any

import pytest
from test_pdf_support import Pdf, demo_in, export, squash

from exports.signoff import SIGNOFF_ROLES, SIGNOFF_SECTION
from forms.display import format_contact
from reporting.service import ReportState

DRAFT_COVER = "Draft — not approved for submission"


@pytest.fixture(scope="module")
def draft(demo_state: ReportState) -> Pdf:
    assert not demo_state.final  # a report is a draft until it is marked final
    return Pdf(export(demo_state))


@pytest.fixture(scope="module")
def final(demo_state: ReportState) -> Pdf:
    return Pdf(export(dataclasses.replace(demo_state, final=True)))


@pytest.fixture(scope="module")
def french_state(tmp_path_factory: pytest.TempPathFactory) -> ReportState:
    return demo_in("fr", tmp_path_factory.mktemp("workflow_fr"))


@pytest.fixture(scope="module")
def french_final(french_state: ReportState) -> Pdf:
    return Pdf(export(dataclasses.replace(french_state, final=True), lang="fr"))


def signoff_page(pdf: Pdf, heading: str) -> str:
    """The text of the page with the sign-off table (its header row names the columns)."""
    pages = [page for page in pdf.pages if heading in page]
    assert len(pages) == 1
    return pages[0]


def words(text: str) -> list[str]:
    return re.findall(r"\w+", text)


def test_a_draft_has_the_watermark_on_every_page_under_the_text(draft: Pdf) -> None:
    assert len(draft.pages) > 20
    for number, page in enumerate(draft.pages, start=1):
        # Text is extracted in the order it is drawn: the watermark comes first, so everything
        # else is drawn over it.
        assert page.startswith("DRAFT"), number
        assert page.count("DRAFT") == 1, number


def test_a_draft_says_so_on_the_cover_and_in_every_header(draft: Pdf) -> None:
    assert draft.contains(f"Status {DRAFT_COVER}")
    assert DRAFT_COVER in draft.pages[0]
    for page in draft.pages[1:]:
        assert "2024 · Draft" in page


def test_a_final_report_has_no_watermark_and_says_final(draft: Pdf, final: Pdf) -> None:
    assert len(final.pages) == len(draft.pages)  # the mark changes no layout
    assert "DRAFT" not in final.text
    assert "not approved" not in final.text
    assert final.contains("Status Final Generated")
    for page in final.pages[1:]:
        assert "2024 · Final" in page and "Draft" not in page


def test_the_french_draft_says_projet(french_state: ReportState, french_final: Pdf) -> None:
    pdf = Pdf(export(french_state, lang="fr"))
    for number, page in enumerate(pdf.pages, start=1):
        assert page.startswith("PROJET") and page.count("PROJET") == 1, number
        assert "DRAFT" not in page
    assert pdf.contains("Statut Projet – non approuvé pour présentation")
    assert "2024 · Projet" in pdf.pages[1]
    assert "PROJET" not in french_final.text
    assert french_final.contains("Statut Définitif")


def test_a_blank_form_is_no_report_and_has_no_watermark(demo_state: ReportState) -> None:
    blank = Pdf(export(demo_state, blank=True))
    assert "DRAFT" not in blank.text
    assert "not approved" not in blank.text
    assert blank.contains("Status Blank form")
    page = signoff_page(blank, "Name, position and agency")
    # Room to write each person's name, position and agency, and the date.
    for label in ("Prepared by", "Reviewed by", "Approved by"):
        assert label in page
    assert words(page).count("Position") == len(SIGNOFF_ROLES)
    assert words(page).count("Agency") == len(SIGNOFF_ROLES)
    for date_label in ("Date prepared", "Date reviewed", "Date approved"):
        assert date_label in page


def test_the_same_draft_gives_the_same_bytes(demo_state: ReportState, draft: Pdf) -> None:
    assert export(demo_state) == draft.data


def expected_signoff(state: ReportState, lang: str) -> list[str]:
    """Each role: its label, the name (with the title), position, agency, then the date."""
    found = []
    for who, when in SIGNOFF_ROLES:
        person = state.template.question(f"{SIGNOFF_SECTION}.{who}")
        contact: dict[str, Any] = state.answers[person.key]
        assert contact["position"] and contact["organisation"]  # the demo has them all
        name = format_contact({"title": contact["title"], "name": contact["name"]}, lang)
        found.append(
            " ".join(
                [
                    person.label.get(lang),
                    name,
                    contact["position"],
                    contact["organisation"],
                ]
            )
        )
        found.append(state.answers[f"{SIGNOFF_SECTION}.{when}"])
    return found


def test_the_signoff_names_position_agency_and_date(demo_state: ReportState, draft: Pdf) -> None:
    page = squash(signoff_page(draft, "Name, position and agency"))
    assert squash("Role Name, position and agency Date Signature") in page
    assert (
        squash(
            "Prepared by Ms. Mireille Andoh-Lefèvre Permanent Secretary "
            "National Commission on Small Arms"
        )
        in page
    )
    position = 0
    for text in expected_signoff(demo_state, "en"):
        found = page.find(squash(text), position)
        assert found >= 0, text  # present, and in the order: role, person, date
        position = found
    # The other contact details are still there, in small print under the agency.
    assert "m.andoh@cnal.demoland.example" in page


def test_the_french_signoff_reads_in_french(french_state: ReportState, french_final: Pdf) -> None:
    page = squash(signoff_page(french_final, "Nom, fonction et organisme"))
    for text in expected_signoff(french_state, "fr"):
        assert squash(text) in page, text
    assert squash("Établi par Mme Mireille Andoh-Lefèvre Secrétaire permanente") in page


def test_a_person_not_yet_named_says_no_response(demo_state: ReportState) -> None:
    answers = dict(demo_state.answers)
    del answers[f"{SIGNOFF_SECTION}.reviewed_by"]  # its date is then no longer asked
    approved = dict(answers[f"{SIGNOFF_SECTION}.approved_by"])
    del approved["position"]
    answers[f"{SIGNOFF_SECTION}.approved_by"] = approved
    pdf = Pdf(export(dataclasses.replace(demo_state, answers=answers)))
    page = squash(signoff_page(pdf, "Name, position and agency"))
    assert squash("Reviewed by No response _______________") in page
    assert squash("Approved by Ms. Hélène Vauclin-Aboya Ministry of Foreign Affairs") in page
    assert "Minister" not in page
