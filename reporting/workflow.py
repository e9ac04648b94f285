"""Review, approval and sign-off (issue 7): which status may follow which, and the final mark.

Each section of a report has a status. Two are derived, for a section that has never been
submitted: *not started* (no answer yet) and *draft*. The others are stored (``storage.reviews``)
with who changed them, when, and the comment given::

    not started / draft / returned --submit--> ready --approve--> approved --reopen(reason)--> draft
                                      ready --withdraw--> draft
                                      ready --return(comment)--> returned

An approved section's answers are locked (storage refuses to change them) until it is reopened
with a reason. The report as a whole can be marked final only when every section is approved and
the pre-flight check finds no errors; its warnings must be acknowledged, and the acknowledged
messages are recorded. A final report changes in nothing until it is reopened with a reason.
Every change of status is in the report's history (``@status/<section>``, ``@status/report``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Final

from forms.i18n import LocalizedError, tr
from forms.model import Section, Template
from forms.validation import Issue
from reporting.service import ReportInputError, ReportState, load_state
from storage import (
    Database,
    FinalInfo,
    ReportAlreadyFinalError,
    ReportFinalError,
    SectionLockedError,
    SectionReview,
)
from storage.reviews import section_of

NOT_STARTED: Final = "not_started"  # derived: no row and no answer
DRAFT: Final = "draft"  # derived without a row; stored after a withdrawal or a reopening
READY: Final = "ready"  # ready for review
APPROVED: Final = "approved"
RETURNED: Final = "returned"  # sent back with a comment
STATUSES: Final = (NOT_STARTED, DRAFT, READY, APPROVED, RETURNED)

SUBMIT: Final = "submit"
WITHDRAW: Final = "withdraw"
APPROVE: Final = "approve"
RETURN: Final = "return"
REOPEN: Final = "reopen"

# How many unapproved sections a refusal names before "…".
_NAMED_SECTIONS: Final = 10


@dataclass(frozen=True)
class Transition:
    sources: frozenset[str]  # the statuses it may start from
    target: str
    refusal: str  # message id when the section's status is not one of ``sources``
    requires: str | None = None  # message id when a comment (or reason) is required but blank


TRANSITIONS: Final[Mapping[str, Transition]] = {
    SUBMIT: Transition(frozenset({NOT_STARTED, DRAFT, RETURNED}), READY, "workflow.cannot_submit"),
    WITHDRAW: Transition(frozenset({READY}), DRAFT, "workflow.cannot_withdraw"),
    APPROVE: Transition(frozenset({READY}), APPROVED, "workflow.cannot_approve"),
    RETURN: Transition(
        frozenset({READY}), RETURNED, "workflow.cannot_return", "workflow.comment_required"
    ),
    REOPEN: Transition(
        frozenset({APPROVED}), DRAFT, "workflow.cannot_reopen", "workflow.reason_required"
    ),
}


class WorkflowError(LocalizedError):
    """A change of status that the workflow does not allow; nothing was changed.

    ``section_key`` and ``status`` are the section refused and its current status, when one is;
    ``blocker`` says what keeps a report from being final ("unapproved", "errors", "warnings").
    """

    def __init__(self, message_id: str, /, *, blocker: str | None = None, **params: Any) -> None:
        section, status = params.get("section"), params.get("status")
        self.section_key = section.section.key if isinstance(section, SectionName) else None
        self.status = status.status if isinstance(status, StatusName) else None
        self.blocker = blocker
        super().__init__(message_id, **params)


class SectionName(LocalizedError):
    """A section as a message parameter: its title, in the message's language, and its key."""

    def __init__(self, section: Section) -> None:
        self.section = section
        super().__init__("workflow.section", key=section.key)

    def message(self, lang: str) -> str:
        title = self.section.title.get(lang)
        if self.section.paragraph is not None:
            title = f"{self.section.paragraph}. {title}"
        return tr("workflow.section", lang, key=self.section.key, title=title)


class StatusName(LocalizedError):
    """A status as a message parameter (``workflow.status.<status>``)."""

    def __init__(self, status: str) -> None:
        self.status = status
        super().__init__(f"workflow.status.{status}")


def status_name(status: str, lang: str) -> str:
    """The name of a section status in ``lang`` (also for the desktop's overview)."""
    return tr(f"workflow.status.{status}", lang)


@dataclass(frozen=True)
class SectionStatus:
    section_key: str
    status: str  # one of STATUSES
    comment: str | None = None  # given with the last change: the return comment, the reason…
    changed_at: str | None = None  # None: derived, never changed
    changed_by: str | None = None

    @property
    def stored(self) -> str | None:
        """The status as stored, which a change must expect; None when derived."""
        return None if self.changed_at is None else self.status

    @property
    def locked(self) -> bool:
        """Approved: its answers cannot change until it is reopened."""
        return self.status == APPROVED


@dataclass(frozen=True)
class FinalCheck:
    """What stands between a report and its final mark."""

    unapproved: list[str]  # section keys, in template order
    errors: list[Issue]
    warnings: list[Issue]  # do not block, but must be acknowledged
    final: bool = False  # already marked final

    @property
    def ok(self) -> bool:
        """Every section approved and no errors (warnings still need an acknowledgement)."""
        return not self.unapproved and not self.errors


# -- reading --------------------------------------------------------------------------------------
def section_statuses(db: Database, report_id: int) -> dict[str, SectionStatus]:
    """The status of every section of the report's template, in template order."""
    return _statuses(load_state(db, report_id), db.section_reviews(report_id))


def section_status(db: Database, report_id: int, section_key: str) -> SectionStatus:
    state = load_state(db, report_id)
    _section(state.template, section_key)
    return _statuses(state, db.section_reviews(report_id))[section_key]


def is_final(db: Database, report_id: int) -> bool:
    return db.final_info(report_id) is not None


def check_editable(db: Database, report_id: int, keys: Iterable[str]) -> None:
    """Raise what storage would (``ReportFinalError``, ``SectionLockedError``) if these answers
    were changed now; for a caller that writes something else first (an attached file)."""
    keys = list(keys)
    if not keys:
        return
    if is_final(db, report_id):
        raise ReportFinalError(report_id)
    reviews = db.section_reviews(report_id)
    for key in keys:
        section = section_of(key)
        review = reviews.get(section) if section is not None else None
        if section is not None and review is not None and review.status == APPROVED:
            raise SectionLockedError(section, key)


# -- sections -------------------------------------------------------------------------------------
def change_status(
    db: Database,
    report_id: int,
    action: str,
    sections: Sequence[str],
    *,
    comment: str | None = None,
    user: str | None = None,
) -> dict[str, SectionStatus]:
    """Apply one transition (``SUBMIT``, ``APPROVE``…) to several sections, all or none."""
    if action not in TRANSITIONS:
        raise ValueError(f"unknown transition {action!r}; expected one of {sorted(TRANSITIONS)}")
    if isinstance(sections, str):  # a str is a Sequence[str] of its letters
        raise TypeError("sections must be a sequence of section keys, not one str")
    transition = TRANSITIONS[action]
    keys = list(dict.fromkeys(sections))
    if not keys:
        return {}
    state = load_state(db, report_id)
    found = {key: _section(state.template, key) for key in keys}
    text = comment.strip() if comment is not None else None
    if transition.requires is not None and not text:
        raise WorkflowError(transition.requires, section=SectionName(found[keys[0]]))
    if state.final:
        raise ReportFinalError(report_id)
    current = _statuses(state, db.section_reviews(report_id))
    for key in keys:
        status = current[key].status
        if status not in transition.sources:
            raise WorkflowError(
                transition.refusal, section=SectionName(found[key]), status=StatusName(status)
            )
    changed = db.set_section_statuses(
        report_id,
        dict.fromkeys(keys, transition.target),
        expected={key: current[key].stored for key in keys},
        comment=text or None,
        user=user,
    )
    return {key: _from_review(review) for key, review in changed.items()}


def _one(
    db: Database,
    report_id: int,
    action: str,
    section_key: str,
    comment: str | None,
    user: str | None,
) -> SectionStatus:
    """One section through ``action``: the common case of :func:`change_status`."""
    return change_status(db, report_id, action, [section_key], comment=comment, user=user)[
        section_key
    ]


def submit(
    db: Database,
    report_id: int,
    section_key: str,
    *,
    comment: str | None = None,
    user: str | None = None,
) -> SectionStatus:
    """Not started, draft or returned → ready for review."""
    return _one(db, report_id, SUBMIT, section_key, comment, user)


def withdraw(
    db: Database,
    report_id: int,
    section_key: str,
    *,
    comment: str | None = None,
    user: str | None = None,
) -> SectionStatus:
    """Ready for review → draft (taken back before anyone reviewed it)."""
    return _one(db, report_id, WITHDRAW, section_key, comment, user)


def approve(
    db: Database,
    report_id: int,
    section_key: str,
    *,
    comment: str | None = None,
    user: str | None = None,
) -> SectionStatus:
    """Ready for review → approved: who and when are recorded, and the answers locked."""
    return _one(db, report_id, APPROVE, section_key, comment, user)


def return_section(
    db: Database, report_id: int, section_key: str, comment: str, *, user: str | None = None
) -> SectionStatus:
    """Ready for review → returned, with a comment for whoever edits it next (required)."""
    return _one(db, report_id, RETURN, section_key, comment, user)


def reopen(
    db: Database, report_id: int, section_key: str, reason: str, *, user: str | None = None
) -> SectionStatus:
    """Approved → draft, so that its answers can be edited again; the reason is required."""
    return _one(db, report_id, REOPEN, section_key, reason, user)


def approve_all_ready(
    db: Database, report_id: int, *, comment: str | None = None, user: str | None = None
) -> list[str]:
    """Approve every section ready for review (in one transaction); return their keys."""
    ready = [key for key, s in section_statuses(db, report_id).items() if s.status == READY]
    change_status(db, report_id, APPROVE, ready, comment=comment, user=user)
    return ready


# -- the report -----------------------------------------------------------------------------------
def finalise_check(db: Database, report_id: int, lang: str) -> FinalCheck:
    """Unapproved sections, then the pre-flight check's errors and warnings, in ``lang``."""
    return _final_check(db, report_id, lang)[0]


def finalise(
    db: Database,
    report_id: int,
    *,
    acknowledge_warnings: bool,
    lang: str,
    user: str | None = None,
) -> FinalInfo:
    """Mark the report final; refuses unless every section is approved and there are no errors.

    Warnings refuse it too unless ``acknowledge_warnings``; the messages acknowledged (each as
    "<question key>: <message>", in ``lang``) are recorded with the final mark.
    """
    check, state = _final_check(db, report_id, lang)
    if check.final:
        raise ReportAlreadyFinalError(report_id)
    if check.unapproved:
        named = check.unapproved[:_NAMED_SECTIONS]
        listed = ", ".join(named) + (", …" if len(check.unapproved) > len(named) else "")
        raise WorkflowError(
            "workflow.finalise.unapproved",
            blocker="unapproved",
            count=len(check.unapproved),
            sections=listed,
        )
    if check.errors:
        raise WorkflowError("workflow.finalise.errors", blocker="errors", count=len(check.errors))
    if check.warnings and not acknowledge_warnings:
        raise WorkflowError(
            "workflow.finalise.warnings", blocker="warnings", count=len(check.warnings)
        )
    return db.finalise(
        report_id,
        acknowledged=[f"{issue.key}: {issue.message}" for issue in check.warnings],
        user=user,
        # Refused if anything changed after the state the check was made on was read.
        expected_updated_at=state.info.updated_at,
    )


def reopen_report(db: Database, report_id: int, reason: str, user: str | None = None) -> None:
    """Make a final report a draft again; the reason is required and kept in the history.

    Its sections stay approved: to edit an answer, reopen its section too.
    """
    text = reason.strip() if isinstance(reason, str) else ""
    if not text:
        raise WorkflowError("workflow.report_reason_required")
    db.reopen_report(report_id, reason=text, user=user)


# -- helpers --------------------------------------------------------------------------------------
def _final_check(db: Database, report_id: int, lang: str) -> tuple[FinalCheck, ReportState]:
    state = load_state(db, report_id)  # reads the report (its updated_at) first
    statuses = _statuses(state, db.section_reviews(report_id))
    issues = state.issues(lang)
    check = FinalCheck(
        unapproved=[key for key, status in statuses.items() if status.status != APPROVED],
        errors=[issue for issue in issues if issue.severity == "error"],
        warnings=[issue for issue in issues if issue.severity != "error"],
        final=state.final,
    )
    return check, state


def _statuses(state: ReportState, reviews: Mapping[str, SectionReview]) -> dict[str, SectionStatus]:
    answered = {section_of(key) for key in state.answers}
    result = {}
    for section in state.template.sections():
        review = reviews.get(section.key)
        if review is not None:
            result[section.key] = _from_review(review)
        else:
            derived = DRAFT if section.key in answered else NOT_STARTED
            result[section.key] = SectionStatus(section.key, derived)
    return result


def _from_review(review: SectionReview) -> SectionStatus:
    return SectionStatus(
        review.section_key, review.status, review.comment, review.changed_at, review.changed_by
    )


def _section(template: Template, key: str) -> Section:
    if not isinstance(key, str) or key not in {section.key for section in template.sections()}:
        raise ReportInputError("report.unknown_section", key=key)
    return template.section(key)
