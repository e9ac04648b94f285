"""The page machinery of the PDF: page templates, "Page X of Y", contents entries and bookmarks.

The table of contents needs the page of each heading, so the document is built with
``multiBuild`` until the contents stop moving; headings announce themselves through
:class:`Heading`. "Page X of Y" needs the page count before any page is written: it takes the
count of the previous pass, and :class:`PageCount` asks for one more pass until they agree.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Final

from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Frame, PageTemplate, Paragraph
from reportlab.platypus.flowables import Flowable
from reportlab.platypus.tableofcontents import IndexingFlowable

from exports.pdf_style import BOLD, FONT, GREY, MARGIN, RULE, WATERMARK

COVER: str = "cover"
BODY: str = "body"
HEADING_ROOM = 14.0  # points above a heading kept in view when a bookmark opens it
WATERMARK_SHARE: Final = 0.62  # of the page's diagonal that the watermark's text spans
WATERMARK_MAX_SIZE: Final = 150.0  # points


@dataclass(frozen=True)
class PageText:
    """What the header and footer say; plain text (drawn with drawString, never parsed)."""

    header_left: str
    header_right: str
    footer_left: str  # generation date
    footer_right: str  # data checksum
    page_label: Callable[[int, int], str]  # (page, pages) -> "Page 3 of 41"
    watermark: str | None = None  # "DRAFT" across every page of a report not yet final


class Heading(Paragraph):  # type: ignore[misc]  # reportlab has no type hints
    """A heading that goes into the table of contents and the PDF outline.

    ``self.text`` is the escaped markup shown in the contents; ``plain`` is the unescaped title
    for the outline, which PDF viewers show as plain text.
    """

    def __init__(self, text: str, style: Any, *, level: int, key: str, plain: str) -> None:
        super().__init__(text, style)
        self.toc_level = level
        self.toc_key = key
        self.plain = plain


class PageCount(IndexingFlowable):  # type: ignore[misc]  # reportlab has no type hints
    """An invisible flowable that keeps ``multiBuild`` going until "of Y" is the real count.

    Each pass prints the page count found by the pass before; the document is finished when
    the count printed and the count found agree. (A canvas that holds back its pages until the
    count is known breaks the outline and the contents links, which point at pages.)
    """

    def __init__(self) -> None:
        super().__init__()
        self.printed = 0
        self.counted = 0

    def beforeBuild(self) -> None:
        self.printed = self.counted

    def isSatisfied(self) -> bool:
        return self.printed == self.counted

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        pass


def decorate(canvas: Canvas, text: PageText, page: int, total: int) -> None:
    """The watermark, the header (not on the cover) and the footer of one page.

    Page templates decorate a page before its content is drawn, so the watermark lies under
    the text, which stays readable; a table's shaded cells cover it where they are.
    """
    width, height = canvas._pagesize
    right = width - MARGIN
    if text.watermark:
        watermark(canvas, text.watermark)
    canvas.saveState()
    canvas.setStrokeColor(RULE)
    canvas.setLineWidth(0.5)
    canvas.setFillColor(GREY)
    canvas.setFont(FONT, 7.5)
    if page > 1:
        room = right - MARGIN - stringWidth(text.header_right, FONT, 7.5) - 24
        canvas.drawString(MARGIN, height - MARGIN + 16, _fit(text.header_left, room))
        canvas.drawRightString(right, height - MARGIN + 16, text.header_right)
        canvas.line(MARGIN, height - MARGIN + 12, right, height - MARGIN + 12)
    canvas.line(MARGIN, MARGIN - 12, right, MARGIN - 12)
    canvas.drawString(MARGIN, MARGIN - 22, text.footer_left)
    canvas.drawRightString(right, MARGIN - 22, text.footer_right)
    canvas.setFont(BOLD, 7.5)
    canvas.drawCentredString(width / 2, MARGIN - 22, text.page_label(page, total))
    canvas.restoreState()


def watermark(canvas: Canvas, text: str) -> None:
    """``text`` in large light letters along the page's rising diagonal, centred.

    Drawn opaque (no transparency group), so the same page gives the same bytes and every
    viewer and printer shows it the same way.
    """
    width, height = canvas._pagesize
    diagonal = math.hypot(width, height)
    natural = stringWidth(text, BOLD, 1)  # the text's width at 1 point
    size = min(WATERMARK_MAX_SIZE, diagonal * WATERMARK_SHARE / natural) if natural else 0
    if size <= 0:
        return
    canvas.saveState()
    canvas.setFillColor(WATERMARK)
    canvas.setFont(BOLD, size)
    canvas.translate(width / 2, height / 2)
    canvas.rotate(math.degrees(math.atan2(height, width)))
    # Centred on the middle of the letters' height, not on their baseline.
    canvas.drawCentredString(0, -size * 0.36, text)
    canvas.restoreState()


def _fit(text: str, room: float, size: float = 7.5) -> str:
    """Shorten a header text that would run into the right-hand side."""
    if stringWidth(text, FONT, size) <= room:
        return text
    while text and stringWidth(text + "…", FONT, size) > room:
        text = text[:-1]
    return text.rstrip() + "…"


class ReportDoc(BaseDocTemplate):  # type: ignore[misc]  # reportlab has no type hints
    """A cover page template and a body page template; headings feed contents and outline."""

    def __init__(
        self,
        buffer: Any,
        *,
        pagesize: tuple[float, float],
        page_text: PageText,
        page_count: PageCount,
        **info: Any,
    ) -> None:
        self.page_text = page_text
        self.page_count = page_count
        super().__init__(
            buffer,
            pagesize=pagesize,
            leftMargin=MARGIN,
            rightMargin=MARGIN,
            topMargin=MARGIN,
            bottomMargin=MARGIN,
            # Every page starts in our font: the default, Helvetica, is a font not embedded.
            initialFontName=FONT,
            **info,
        )
        frame = Frame(
            self.leftMargin, self.bottomMargin, self.width, self.height, id="main", showBoundary=0
        )
        self.addPageTemplates(
            [
                PageTemplate(
                    id=COVER, frames=[frame], onPage=self._decorate, autoNextPageTemplate=BODY
                ),
                PageTemplate(id=BODY, frames=[frame], onPage=self._decorate),
            ]
        )

    def _decorate(self, canvas: Canvas, doc: BaseDocTemplate) -> None:
        decorate(canvas, self.page_text, self.page, self.page_count.printed)

    def afterPage(self) -> None:
        self.page_count.counted = self.page

    def afterFlowable(self, flowable: Flowable) -> None:
        if isinstance(flowable, Heading):
            self.notify(
                "TOCEntry", (flowable.toc_level, flowable.text, self.page, flowable.toc_key)
            )
            # The frame's cursor is now just below the heading: point the bookmark at its top.
            top = self.frame._y + flowable.height + HEADING_ROOM
            self.canv.bookmarkHorizontal(flowable.toc_key, 0, min(top, self.pagesize[1]))
            self.canv.addOutlineEntry(
                flowable.plain, flowable.toc_key, level=flowable.toc_level, closed=True
            )
