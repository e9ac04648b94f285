"""The report as a PDF for printing and approval, or as a blank form for the ministries.

``PdfExporter().export(state, lang="fr", paper="a4")`` returns the bytes of a PDF with a cover,
a table of contents, every part and section of the template in order (Part B with the official
French text of each commitment), the SDG 16.4.2 figures and chart, the disaggregated grids with
their totals, and a sign-off block. Every page after the cover has a header (country, report);
every page has a footer ("Page X of Y", generation date, data checksum). A report not marked
final (``ReportState.final``) is a draft: "DRAFT" runs across every page, under the text, and
the cover says it is not approved for submission. A blank form has no such mark.

The same input and ``generated_at`` give the same bytes: reportlab's ``invariant`` mode fixes
the dates and identifiers it would otherwise draw from the clock.

User text is always escaped before reportlab parses it (see ``exports.pdf_style.markup``): an
answer can never add markup, an image or a link to the document, nor make reportlab open a file.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, Final

from reportlab import rl_config
from reportlab.platypus import Flowable

from exports.base import Exporter, Progress, report_checksum
from exports.pdf_context import Context
from exports.pdf_cover import contents_flowables, cover_flowables, status_message
from exports.pdf_doc import PageCount, PageText, ReportDoc
from exports.pdf_sections import part_flowables, section_flowables
from exports.pdf_style import MARGIN, PAPERS, make_styles, register_fonts
from forms.catalogue import Catalogue, CatalogueError, load_catalogue
from forms.countries import country_name
from forms.i18n import LANGUAGES, tr
from forms.validation import relevance
from reporting.service import ReportState

SHORT_CHECKSUM: Final = 12  # hex digits of the data checksum in the footer
MAX_PASSES: Final = 6  # multiBuild passes until the page numbers in the contents settle


class PdfExporter:
    """The report, or a blank form of it, as PDF bytes."""

    extension = "pdf"

    def export(
        self,
        state: ReportState,
        *,
        lang: str,
        progress: Progress | None = None,
        paper: str = "a4",
        blank: bool = False,
        generated_at: dt.datetime | None = None,
        **options: Any,
    ) -> bytes:
        """Build the PDF; ``progress(done, total)`` is called after each section.

        ``paper`` is "a4" or "letter"; ``blank`` prints every question without answers;
        ``generated_at`` (default: now, in UTC) is printed on every page.
        """
        if options:
            raise TypeError(f"unknown option(s): {', '.join(sorted(options))}")
        if lang not in LANGUAGES:
            raise ValueError(f"unsupported language {lang!r}")
        if paper not in PAPERS:
            raise ValueError(f"unknown paper {paper!r}: expected one of {', '.join(PAPERS)}")
        register_fonts()
        generated = format_timestamp(generated_at or dt.datetime.now(dt.UTC))
        checksum = report_checksum(state)
        pagesize = PAPERS[paper]
        ctx = Context(
            state=state,
            lang=lang,
            styles=make_styles(),
            width=pagesize[0] - 2 * MARGIN,
            blank=blank,
            asked=relevance(state.template, state.answers),
        )
        total = len(list(state.template.sections())) + 1  # each section, then the layout
        story: list[Flowable] = cover_flowables(ctx, generated=generated, checksum=checksum)
        story += contents_flowables(ctx)
        catalogue = _catalogue(state)
        done = 0
        previous: tuple[str, ...] = ()
        for part in state.template.parts:
            story += part_flowables(ctx, part)
            for section in part.sections:
                story += section_flowables(ctx, section, catalogue, previous)
                previous = section.heading_path
                done += 1
                if progress is not None:
                    progress(done, total)
        page_text = _page_text(state, lang, generated, checksum, blank)
        data = _build(story, ctx, pagesize, page_text)
        if progress is not None:
            progress(total, total)
        return data


def format_timestamp(moment: dt.datetime) -> str:
    """ "2024-06-12 10:30 UTC": unambiguous in every language."""
    text = moment.strftime("%Y-%m-%d %H:%M")
    zone = moment.tzname()
    return f"{text} {zone}" if zone else text


def _catalogue(state: ReportState) -> Catalogue | None:
    try:
        return load_catalogue(state.template.catalogue)
    except (CatalogueError, OSError):
        return None  # a template without its catalogue still exports, without official texts


def _page_text(
    state: ReportState, lang: str, generated: str, checksum: str, blank: bool
) -> PageText:
    info = state.info
    status = tr(status_message(state, blank), lang)
    return PageText(
        header_left=f"{country_name(info.country, lang)} — {tr('pdf.report_short', lang)}",
        header_right=f"{info.cycle} · {status}",
        footer_left=tr("pdf.footer.generated", lang, date=generated),
        footer_right=tr("pdf.footer.checksum", lang, checksum=checksum[:SHORT_CHECKSUM]),
        page_label=lambda page, pages: tr("pdf.footer.page", lang, page=page, pages=pages),
        # A blank form is no report, so it is neither a draft nor final.
        watermark=None if blank or state.final else tr("pdf.watermark.draft", lang),
    )


@contextmanager
def _invariant() -> Iterator[None]:
    """Reproducible output for this build only; the setting is global in reportlab."""
    saved = rl_config.invariant
    rl_config.invariant = 1
    try:
        yield
    finally:
        rl_config.invariant = saved


def _build(
    story: list[Flowable], ctx: Context, pagesize: tuple[float, float], page_text: PageText
) -> bytes:
    info = ctx.state.info
    buffer = io.BytesIO()
    page_count = PageCount()
    with _invariant():
        doc = ReportDoc(
            buffer,
            pagesize=pagesize,
            page_text=page_text,
            page_count=page_count,
            title=ctx.state.template.title.get(ctx.lang),
            author=country_name(info.country, ctx.lang),
            subject=f"{info.template_id} v{info.template_version} — {info.cycle}",
            creator="poa-report",
            lang=ctx.lang,
            invariant=1,
        )
        doc.multiBuild([page_count, *story], maxPasses=MAX_PASSES)
    return buffer.getvalue()


if TYPE_CHECKING:  # PdfExporter has the shape every exporter has
    _EXPORTER: Exporter = PdfExporter()
