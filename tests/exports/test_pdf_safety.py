"""PDF export of hostile text: never raises, reads no file or URL, prints the text literally;
and the same input gives the same bytes.

RELIABILITY.md, check 8: "PDF export of generated text (markup characters, <img>, emoji,
right-to-left) never raises and reads no file or URL."
"""

from __future__ import annotations

import builtins
import copy
import dataclasses
import datetime as dt
import io
import urllib.request
from typing import Any

import pytest
from reportlab import rl_config
from reportlab.lib import utils as rl_utils
from test_pdf_support import Pdf, export

from reporting.service import ReportState

IMG = '<img src="file:///etc/passwd"/>'
LINK = '<a href="http://x">'
HOSTILE = [IMG, LINK, "0.1 < A < 0.9", "S&P", "&amp; &#60; ]]> <b>not bold</b> </para>"]
EMOJI = "🔫🕊️"  # DejaVu Sans has no emoji: they print as empty boxes, without an error
ARABIC = "مرحبا"
# The longest text a long_text answer may hold, with markers at both ends.
LONGEST = ("LONGSTART " + "lorem <ipsum> & dolor " * 1600)[: 32767 - 8] + " LONGEND"


@pytest.fixture(scope="module")
def hostile_state(demo_state: ReportState) -> ReportState:
    answers = copy.deepcopy(demo_state.answers)
    answers["p21.measures"] = " | ".join([*HOSTILE, EMOJI, ARABIC])
    answers["p22.measures"] = LONGEST
    answers["p21.instruments"][0]["description"] = LONGEST  # a table row taller than a page
    answers["p21.instruments"][1]["title_original"] = IMG + " " + ARABIC
    answers["a_coordination.body_contact"]["name"] = LINK + " S&P"
    answers["d_grids.victims_injured"]["not_disaggregated"] = "0.1 < A < 0.9 " + IMG
    answers["p23.agencies"] = "x" * 500  # one word wider than the page
    return dataclasses.replace(demo_state, answers=answers)


@pytest.fixture(scope="module")
def hostile(hostile_state: ReportState) -> Pdf:
    return Pdf(export(hostile_state))


def test_hostile_text_is_printed_literally(hostile: Pdf) -> None:
    for text in HOSTILE:
        assert hostile.contains(text), text
    assert hostile.contains(IMG + " | " + LINK + " | 0.1 < A < 0.9 | S&P")
    assert hostile.contains("LONGSTART") and hostile.contains("LONGEND")
    assert hostile.squashed.count("LONGEND") == 2
    # Without a bidi library, Arabic is drawn in logical order from left to right; pypdf
    # reports such runs reversed. Either way every letter is there, in one run.
    assert ARABIC in hostile.text or ARABIC[::-1] in hostile.text


def test_hostile_text_adds_no_link_and_no_image(hostile: Pdf) -> None:
    for page in hostile.reader.pages:
        for annotation in page.get("/Annots") or []:
            action = annotation.get_object().get("/A") or {}
            assert "/URI" not in action  # links of the contents point inside the document
        resources = page["/Resources"]
        assert "/XObject" not in resources  # no image was loaded


def test_hostile_export_reads_no_file_and_no_url(
    hostile_state: ReportState, monkeypatch: pytest.MonkeyPatch
) -> None:
    export(hostile_state)  # fonts, messages and catalogue are read once, then cached
    attempts: list[Any] = []

    def refuse(*args: Any, **kwargs: Any) -> Any:
        attempts.append(args[:1] or kwargs)
        raise OSError("the PDF export must not open files or URLs")

    for owner, name in (
        (builtins, "open"),
        (io, "open"),
        (urllib.request, "urlopen"),
        (urllib.request.OpenerDirector, "open"),
        (rl_utils, "open_for_read"),
        (rl_utils, "rlUrlRead"),
    ):
        monkeypatch.setattr(owner, name, refuse)
    data = export(hostile_state)
    monkeypatch.undo()
    assert attempts == []
    assert data.startswith(b"%PDF")


def test_same_input_gives_the_same_bytes(demo_state: ReportState) -> None:
    saved = rl_config.invariant
    first = export(demo_state, lang="fr")
    assert export(demo_state, lang="fr") == first
    assert rl_config.invariant == saved  # the global setting is restored after the build
    later = export(demo_state, lang="fr", generated_at=dt.datetime(2025, 1, 1, tzinfo=dt.UTC))
    assert later != first  # the generation date is printed
