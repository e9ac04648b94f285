"""Spreadsheet exchange with ministries: sections out as a workbook, reviewed values back in.

Out: :func:`send_workbook` writes the workbook for a ministry (its own sections, or any chosen)
and records what was sent, to whom and when. Back: :func:`review_workbook` checks the file is
one of ours, for this report and template, before reading anything; then it compares, question
by question, the current value, the value sent and the value returned. :func:`apply_review`
stores the accepted values in one transaction, each recorded in the history with where it came
from (file, SHA-256, ministry, time), and marks the workbook as returned.

Nothing here changes the database until :func:`apply_review`; a refused file raises a
:class:`MinistryImportError` (or ``WorkbookRefused``) that says which check failed and why.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

from exports.base import write_atomic
from exports.ministry_import import (
    CellProblem,
    Incoming,
    open_ministry_workbook,
    read_values,
)
from exports.ministry_meta import WorkbookMeta
from exports.ministry_workbook import build_ministry_workbook
from forms.countries import country_name
from forms.display import format_value
from forms.i18n import LocalizedError
from forms.model import Template
from reporting.service import ReportInputError, load_state
from storage import Database, ExchangeInfo, ReportInfo, ReportNotFoundError, Source

UNCHANGED: Final = "unchanged"  # the workbook holds what is stored
CHANGED: Final = "changed"  # changed in the workbook only
NEW: Final = "new"  # blank here, answered in the workbook
CLEARED: Final = "cleared"  # answered here, emptied in the workbook
CONFLICT: Final = "conflict"  # changed here since sending, and changed differently there
CHANGED_HERE: Final = "changed_here"  # changed here since sending; the workbook kept what was sent
INVALID: Final = "invalid"  # a cell could not be read: the question is not imported
STATUSES: Final = (CONFLICT, INVALID, CHANGED, NEW, CLEARED, CHANGED_HERE, UNCHANGED)
IMPORTABLE: Final = frozenset({CHANGED, NEW, CLEARED, CONFLICT})
# Accepted unless the user says otherwise: what only the ministry changed. A conflict or an
# emptied answer needs a person's decision.
ACCEPTED_BY_DEFAULT: Final = frozenset({CHANGED, NEW})

Progress = Callable[[int, int], None]


class MinistryImportError(LocalizedError):
    """The workbook cannot be imported into this report; nothing was changed."""


@dataclass(frozen=True)
class ReviewItem:
    key: str
    section_key: str
    status: str
    current: Any  # the stored value now (None: blank)
    incoming: Any  # the value in the workbook (None: blank, or unreadable)
    sent: Any  # the value sent (None: blank or not known)
    problems: tuple[CellProblem, ...] = ()

    @property
    def importable(self) -> bool:
        return self.status in IMPORTABLE

    @property
    def accepted_by_default(self) -> bool:
        return self.status in ACCEPTED_BY_DEFAULT


@dataclass(frozen=True)
class Review:
    report: ReportInfo
    template: Template
    meta: WorkbookMeta
    exchange: ExchangeInfo | None  # None: not sent from this database (no conflicts can be told)
    file_name: str
    sha256: str
    items: tuple[ReviewItem, ...]
    notices: tuple[LocalizedError, ...]

    def item(self, key: str) -> ReviewItem:
        return next(item for item in self.items if item.key == key)

    def counts(self) -> dict[str, int]:
        counts = dict.fromkeys(STATUSES, 0)
        for item in self.items:
            counts[item.status] += 1
        return counts

    def default_accepted(self) -> list[str]:
        return [item.key for item in self.items if item.accepted_by_default]

    def importable(self) -> list[str]:
        return [item.key for item in self.items if item.importable]


# -- out ----------------------------------------------------------------------------------------
def owned_sections(db: Database, report_id: int, ministry: str) -> list[str]:
    """The sections assigned to ``ministry``, in the template's order."""
    state = load_state(db, report_id)
    owners = db.section_owners(report_id)
    wanted = ministry.casefold()
    return [
        section.key
        for section in state.template.sections()
        if owners.get(section.key, "").casefold() == wanted
    ]


def known_ministry(db: Database, name: str) -> str:
    """The ministry's name as the user keeps it; refuses a name not in the list."""
    for known in db.ministries():
        if known.casefold() == name.strip().casefold():
            return known
    listed = ", ".join(db.ministries())
    raise ReportInputError("exchange.unknown_ministry", name=name, known=listed or "—")


def send_workbook(
    db: Database,
    report_id: int,
    *,
    ministry: str,
    path: Path,
    sections: Sequence[str] | None = None,
    progress: Progress | None = None,
    now: dt.datetime | None = None,
) -> ExchangeInfo:
    """Write the workbook for ``ministry`` to ``path`` (atomically) and record the sending.

    ``sections`` defaults to the ministry's own sections.
    """
    name = known_ministry(db, ministry)
    state = load_state(db, report_id)
    chosen = list(sections) if sections else owned_sections(db, report_id, name)
    if not chosen:
        raise ReportInputError("exchange.no_sections", name=name)
    for key in chosen:
        if key not in {section.key for section in state.template.sections()}:
            raise ReportInputError("report.unknown_section", key=key)
    order = [section.key for section in state.template.sections() if section.key in set(chosen)]
    exchange_id = uuid.uuid4().hex
    workbook = build_ministry_workbook(
        state,
        ministry=name,
        sections=order,
        exchange_id=exchange_id,
        generated_at=now or dt.datetime.now(dt.UTC),
        progress=progress,
    )
    try:
        write_atomic(path, workbook.data)
    except OSError as exc:
        raise ReportInputError(
            "report.cannot_write_file", name=str(path), problem=exc.strerror or str(exc)
        ) from exc
    return db.record_exchange(
        report_id,
        exchange_id=exchange_id,
        ministry=name,
        sections=order,
        file_name=path.name,
        checksum=workbook.meta.checksum,
        sent_values=workbook.sent_values,
    )


# -- back ---------------------------------------------------------------------------------------
def review_workbook(
    db: Database,
    report_id: int,
    data: bytes,
    *,
    file_name: str,
    progress: Progress | None = None,
) -> Review:
    """Check and read a returned workbook against the report; changes nothing."""
    info = db.get_report(report_id)
    file = open_ministry_workbook(data, progress=progress)
    meta = file.meta
    exchange = db.exchange(meta.exchange_id)
    _check_belongs(db, info, meta, exchange)
    state = load_state(db, report_id)
    sent = dict(exchange.sent_values) if exchange is not None else {}
    incoming = read_values(file, state.template, {**state.answers, **sent})
    items = _compare(state.template, meta, incoming, state.answers, sent, exchange is not None)
    return Review(
        report=info,
        template=state.template,
        meta=meta,
        exchange=exchange,
        file_name=file_name,
        sha256=file.sha256,
        items=tuple(items),
        notices=incoming.notices,
    )


def _check_belongs(
    db: Database, info: ReportInfo, meta: WorkbookMeta, exchange: ExchangeInfo | None
) -> None:
    if exchange is not None and exchange.report_id != info.id:
        try:
            other = db.get_report(exchange.report_id)
        except ReportNotFoundError:
            other = None
        if other is not None:
            raise _other_report(other.country, other.cycle, info)
    if (meta.country, meta.cycle) != (info.country, info.cycle):
        raise _other_report(meta.country, meta.cycle, info)
    if (meta.template_id, meta.template_version) != (info.template_id, info.template_version):
        raise MinistryImportError(
            "exchange.other_template",
            template=meta.template_id,
            version=meta.template_version,
            current=info.template_id,
            current_version=info.template_version,
        )
    if exchange is not None and exchange.checksum != meta.checksum:
        raise MinistryImportError("exchange.meta_altered", sent=exchange.sent_at)


def _other_report(country: str, cycle: int, info: ReportInfo) -> MinistryImportError:
    return MinistryImportError(
        "exchange.other_report",
        country=_CountryName(country),
        cycle=cycle,
        current=_CountryName(info.country),
        current_cycle=info.cycle,
    )


def _compare(
    template: Template,
    meta: WorkbookMeta,
    incoming: Incoming,
    current: dict[str, Any],
    sent: dict[str, Any],
    sent_known: bool,
) -> list[ReviewItem]:
    items = []
    for key in meta.questions():
        section = template.question(key).section_key
        now, back = current.get(key), incoming.values.get(key)
        was = sent.get(key)
        problems = incoming.problems.get(key, ())
        if problems:
            status = INVALID
        elif back == now:
            status = UNCHANGED
        elif sent_known and key in sent and back == was:
            status = CHANGED_HERE
        elif sent_known and key in sent and now != was:
            status = CONFLICT
        elif back is None:
            status = CLEARED
        elif now is None:
            status = NEW
        else:
            status = CHANGED
        items.append(ReviewItem(key, section, status, now, back, was, problems))
    return items


def apply_review(
    db: Database,
    review: Review,
    accepted: Iterable[str],
    *,
    user: str | None = None,
    now: dt.datetime | None = None,
) -> int:
    """Store the accepted values (one transaction) and mark the workbook returned.

    Refuses, changing nothing, if an accepted question is not importable or if its stored value
    changed since the review was made (the user must look again).
    """
    chosen = list(dict.fromkeys(accepted))
    items = {item.key: item for item in review.items}
    for key in chosen:
        if key not in items or not items[key].importable:
            raise ValueError(f"{key!r} cannot be imported from this review")
    stored = load_state(db, review.report.id).answers
    for key in chosen:
        if stored.get(key) != items[key].current:
            raise MinistryImportError("exchange.review_outdated", key=key)
    moment = (now or dt.datetime.now(dt.UTC)).astimezone(dt.UTC).replace(microsecond=0)
    detail = provenance(review, moment)
    return db.import_answers(
        review.report.id,
        {key: items[key].incoming for key in chosen},
        source=Source("ministry", detail),
        exchange_id=review.exchange.id if review.exchange is not None else None,
        file_name=review.file_name,
        sha256=review.sha256,
        user=user,
    )


def provenance(review: Review, moment: dt.datetime) -> str:
    """Where imported values came from, as the history keeps it (JSON: file, SHA-256, …)."""
    return json.dumps(
        {
            "file": review.file_name,
            "sha256": review.sha256,
            "ministry": review.meta.ministry,
            "exchange": review.meta.exchange_id,
            "imported_at": moment.isoformat().replace("+00:00", "Z"),
        },
        ensure_ascii=False,
        sort_keys=True,
    )


def read_provenance(detail: str | None) -> dict[str, str]:
    """The fields :func:`provenance` wrote; {} for anything else."""
    try:
        data = json.loads(detail or "")
    except ValueError:
        return {}
    if not isinstance(data, dict):
        return {}
    return {str(key): str(value) for key, value in data.items()}


def review_json(review: Review, lang: str) -> dict[str, Any]:
    """The review as plain data (``ministry-import --dry-run --json``)."""
    template = review.template
    return {
        "file": review.file_name,
        "sha256": review.sha256,
        "ministry": review.meta.ministry,
        "exchange_id": review.meta.exchange_id,
        "sent_from_this_database": review.exchange is not None,
        "exported_at": review.meta.exported_at,
        "counts": review.counts(),
        "items": [
            {
                "key": item.key,
                "section": item.section_key,
                "question": template.question(item.key).label.get(lang),
                "status": item.status,
                "current": item.current,
                "incoming": item.incoming,
                "sent": item.sent,
                "current_text": format_value(template.question(item.key), item.current, lang),
                "incoming_text": format_value(template.question(item.key), item.incoming, lang),
                "accepted_by_default": item.accepted_by_default,
                "problems": [
                    {"sheet": p.sheet, "cell": p.cell, "message": p.message(lang)}
                    for p in item.problems
                ],
            }
            for item in review.items
        ],
        "notices": [notice.message(lang) for notice in review.notices],
    }


class _CountryName(LocalizedError):
    """A country's name as a message parameter, in the language the message is shown in."""

    def __init__(self, code: str) -> None:
        self.code = code
        super().__init__("phrase")

    def message(self, lang: str) -> str:
        return f"{country_name(self.code, lang)} ({self.code})"
