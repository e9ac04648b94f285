"""Fonts, paragraph styles and safe text for the PDF export.

Every string that reaches a reportlab ``Paragraph`` goes through :func:`markup` first: a
Paragraph parses its text as markup, so an answer such as ``0.1 < A < 0.9`` would raise, ``S&P``
would print wrongly and ``<img src="file:///etc/passwd"/>`` would make reportlab read a file.
Only this package's own constants may contain tags.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.pagesizes import A4, LETTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Paragraph

from forms.i18n import tr

FONT_DIR: Final = Path(__file__).with_name("fonts")
# Our own family name, so that no other registration of "DejaVuSans" (from another path) clashes.
FONT: Final = "PoaDejaVuSans"
BOLD: Final = f"{FONT}-Bold"
ITALIC: Final = f"{FONT}-Oblique"
BOLD_ITALIC: Final = f"{FONT}-BoldOblique"
_FONT_FILES: Final = {
    FONT: "DejaVuSans.ttf",
    BOLD: "DejaVuSans-Bold.ttf",
    ITALIC: "DejaVuSans-Oblique.ttf",
    BOLD_ITALIC: "DejaVuSans-BoldOblique.ttf",
}
PAPERS: Final = {"a4": A4, "letter": LETTER}
MARGIN: Final = 50.0  # points; leaves room for the header and footer lines

GREY: Final = colors.HexColor("#555555")
LIGHT: Final = colors.HexColor("#F0F0F0")
RULE: Final = colors.HexColor("#999999")
HEAD: Final = colors.HexColor("#DDE4EC")
ACCENT: Final = colors.HexColor("#1F3A5F")
WATERMARK: Final = colors.HexColor("#E4E4E4")  # light enough for black text to read over it

# C0 controls other than tab and newline, and DEL: never valid in stored text, but an export must
# not fail on them either; they are shown as U+FFFD.
_CONTROL: Final = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def register_fonts() -> None:
    """Register DejaVu Sans and its family once, so that ``<b>`` and ``<i>`` use its faces.

    TrueType fonts are embedded (subset) in the PDF, so accents and other scripts print on any
    machine. DejaVu has no emoji: those characters print as an empty box, without an error.
    """
    known = set(pdfmetrics.getRegisteredFontNames())
    for name, filename in _FONT_FILES.items():
        if name not in known:
            pdfmetrics.registerFont(TTFont(name, str(FONT_DIR / filename)))
    pdfmetrics.registerFontFamily(
        FONT, normal=FONT, bold=BOLD, italic=ITALIC, boldItalic=BOLD_ITALIC
    )


def markup(text: object) -> str:
    """User or template text as Paragraph markup that shows it literally.

    Right-to-left text (Arabic) is printed in logical order, i.e. left to right, without
    shaping: reportlab's bidi support needs a library we do not ship yet.
    """
    clean = _CONTROL.sub("\ufffd", str(text))
    return escape(clean).replace("\r\n", "\n").replace("\n", "<br/>")


def plain(text: object, style: ParagraphStyle) -> Paragraph:
    """A paragraph that shows ``text`` literally (escaped, newlines kept as line breaks).

    The parser cuts text at every entity (``&lt;``, ``&amp;``), and long texts full of them
    wrap several times slower; runs of plain text in the same style are joined again.
    """
    paragraph = Paragraph(markup(text), style)
    merged: list[Any] = []
    for frag in paragraph.frags:
        if merged and _same_style(merged[-1], frag):
            merged[-1].text += frag.text
        else:
            merged.append(frag)
    paragraph.frags = merged
    return paragraph


def _same_style(first: Any, second: Any) -> bool:
    if getattr(first, "lineBreak", False) or getattr(second, "lineBreak", False):
        return False
    ours = {key: value for key, value in first.__dict__.items() if key != "text"}
    theirs = {key: value for key, value in second.__dict__.items() if key != "text"}
    return ours == theirs


def message(message_id: str, lang: str, /, **params: Any) -> str:
    """A message of ours, escaped: its placeholders may carry user text."""
    return markup(tr(message_id, lang, **params))


@dataclass(frozen=True)
class Styles:
    body: ParagraphStyle
    small: ParagraphStyle
    note: ParagraphStyle
    flag: ParagraphStyle
    label: ParagraphStyle
    label_loose: ParagraphStyle
    answer: ParagraphStyle
    record: ParagraphStyle
    record_label: ParagraphStyle
    record_value: ParagraphStyle
    no_response: ParagraphStyle
    official_label: ParagraphStyle
    official: ParagraphStyle
    heading_path: ParagraphStyle
    part: ParagraphStyle
    section: ParagraphStyle
    subheading: ParagraphStyle
    cell: ParagraphStyle
    cell_head: ParagraphStyle
    cell_number: ParagraphStyle
    cell_head_number: ParagraphStyle
    cover_country: ParagraphStyle
    cover_title: ParagraphStyle
    cover_line: ParagraphStyle
    cover_label: ParagraphStyle
    signoff_role: ParagraphStyle
    signoff_name: ParagraphStyle
    signoff_line: ParagraphStyle
    signoff_details: ParagraphStyle
    signoff_missing: ParagraphStyle
    signoff_caption: ParagraphStyle
    toc_title: ParagraphStyle
    toc_levels: tuple[ParagraphStyle, ...]


def make_styles() -> Styles:
    def style(name: str, **values: Any) -> ParagraphStyle:
        values.setdefault("fontName", FONT)
        values.setdefault("fontSize", 9.5)
        values.setdefault("leading", values["fontSize"] * 1.3)
        return ParagraphStyle(name, **values)

    answer = style("answer", leftIndent=14, spaceAfter=7)
    cell = style("cell", fontSize=7.5)
    return Styles(
        body=style("body", spaceAfter=6),
        small=style("small", fontSize=8, textColor=GREY),
        note=style("note", fontSize=8, textColor=GREY, fontName=ITALIC, spaceAfter=4),
        flag=style("flag", fontSize=8, textColor=GREY, fontName=ITALIC, keepWithNext=1),
        # A question label stays on the page of its answer.
        label=style("label", fontName=BOLD, fontSize=9, keepWithNext=1, spaceBefore=3),
        # Before a table or grid (see pdf_answers.label_flowables).
        label_loose=style("label_loose", fontName=BOLD, fontSize=9, spaceBefore=3),
        answer=answer,
        record=style(
            "record",
            fontName=BOLD,
            fontSize=8.5,
            leftIndent=14,
            spaceBefore=4,
            keepWithNext=1,
            textColor=ACCENT,
        ),
        record_label=style(
            "record_label", fontName=BOLD, fontSize=8, leftIndent=24, keepWithNext=1
        ),
        record_value=style("record_value", fontSize=8.5, leftIndent=24, spaceAfter=3),
        no_response=ParagraphStyle("no_response", answer, fontName=ITALIC, textColor=GREY),
        official_label=style(
            "official_label", fontName=BOLD, fontSize=8, textColor=GREY, keepWithNext=1
        ),
        official=style(
            "official",
            fontSize=8.5,
            leftIndent=14,
            rightIndent=8,
            backColor=LIGHT,
            borderColor=LIGHT,
            borderPadding=(5, 6, 6, 6),
            spaceBefore=4,
            spaceAfter=12,
        ),
        heading_path=style(
            "heading_path", fontName=ITALIC, fontSize=8.5, textColor=GREY, keepWithNext=1
        ),
        part=style(
            "part",
            fontName=BOLD,
            fontSize=17,
            textColor=ACCENT,
            spaceAfter=10,
            keepWithNext=1,
        ),
        section=style(
            "section",
            fontName=BOLD,
            fontSize=12.5,
            textColor=ACCENT,
            spaceBefore=12,
            spaceAfter=4,
            keepWithNext=1,
        ),
        subheading=style("subheading", fontName=BOLD, fontSize=10, spaceBefore=6, keepWithNext=1),
        cell=cell,
        cell_head=ParagraphStyle("cell_head", cell, fontName=BOLD),
        cell_number=ParagraphStyle("cell_number", cell, alignment=TA_RIGHT),
        cell_head_number=ParagraphStyle(
            "cell_head_number", cell, fontName=BOLD, alignment=TA_RIGHT
        ),
        cover_country=style(
            "cover_country", fontName=BOLD, fontSize=22, textColor=ACCENT, spaceAfter=18
        ),
        cover_title=style("cover_title", fontName=BOLD, fontSize=15, leading=20, spaceAfter=28),
        cover_line=style("cover_line", fontSize=11),
        cover_label=style("cover_label", fontName=BOLD, fontSize=9, leading=14, textColor=GREY),
        signoff_role=style("signoff_role", fontName=BOLD, fontSize=8.5),
        signoff_name=style("signoff_name", fontName=BOLD, fontSize=9.5),
        signoff_line=style("signoff_line", fontSize=8.5),
        signoff_details=style("signoff_details", fontSize=7, textColor=GREY, spaceBefore=3),
        signoff_missing=style("signoff_missing", fontName=ITALIC, fontSize=8.5, textColor=GREY),
        signoff_caption=style("signoff_caption", fontSize=6.5, textColor=GREY),
        toc_title=style("toc_title", fontName=BOLD, fontSize=17, textColor=ACCENT, spaceAfter=12),
        toc_levels=(
            style(
                "toc0", fontName=BOLD, fontSize=10, leftIndent=0, firstLineIndent=0, spaceBefore=6
            ),
            style("toc1", fontSize=8.5, leftIndent=14, firstLineIndent=0),
        ),
    )


def centred(style: ParagraphStyle) -> ParagraphStyle:
    return ParagraphStyle(f"{style.name}_centred", style, alignment=TA_CENTER)
