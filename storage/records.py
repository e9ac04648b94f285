"""What the database hands out: frozen snapshots, detached from any connection."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Final

# "ministry": a value that came back in a ministry workbook; its detail is JSON text written
# by the caller (which exchange, which file). "workflow": a review status changed (issue 7);
# its detail is the comment or reason given, if any.
SOURCE_KINDS: Final = frozenset(
    {"typed", "imported", "carried_forward", "demo", "cli", "system", "ministry", "workflow"}
)


@dataclass(frozen=True)
class Source:
    """Where a change came from, for the audit trail."""

    kind: str  # one of SOURCE_KINDS
    detail: str | None = None  # e.g. the file name imported, the source report id

    def __post_init__(self) -> None:
        if self.kind not in SOURCE_KINDS:
            raise ValueError(f"unknown source kind {self.kind!r}; expected one of {SOURCE_KINDS}")


@dataclass(frozen=True)
class ReportInfo:
    id: int
    country: str
    cycle: int
    language: str
    template_id: str
    template_version: int
    title: str | None
    created_at: str
    updated_at: str
    carried_from: int | None
    is_demo: bool


@dataclass(frozen=True)
class Answer:
    key: str
    value: Any
    carried_over: bool  # copied from an earlier report and not yet confirmed by a person
    updated_at: str


@dataclass(frozen=True)
class HistoryEntry:
    id: int
    report_id: int
    key: str
    old_value: Any  # None: was blank
    new_value: Any  # None: cleared
    changed_at: str
    user: str
    source: Source


@dataclass(frozen=True)
class AttachmentInfo:
    id: int
    report_id: int
    name: str
    media_type: str
    size: int
    sha256: str
    created_at: str


@dataclass(frozen=True)
class ExchangeInfo:
    """One workbook sent to a ministry, and whether it came back."""

    id: str  # uuid4 hex, also written into the workbook
    report_id: int
    ministry: str  # the name when sent, kept even if the ministry is renamed or removed
    sections: tuple[str, ...]
    file_name: str
    sent_at: str
    sent_by: str
    checksum: str  # SHA-256 hex of the values sent
    sent_values: dict[str, Any]  # key -> value sent (None: sent blank)
    returned_at: str | None
    returned_file: str | None
    returned_sha256: str | None
    returned_by: str | None

    @property
    def returned(self) -> bool:
        return self.returned_at is not None


@dataclass(frozen=True)
class SectionReview:
    """The stored review status of one section of a report (issue 7)."""

    section_key: str
    status: str  # draft | ready | approved | returned
    comment: str | None  # given with the last change (the return comment, the reopen reason)
    changed_at: str
    changed_by: str


@dataclass(frozen=True)
class FinalInfo:
    """Who marked a report final, when, and which warnings they acknowledged."""

    finalised_at: str
    finalised_by: str
    acknowledged: tuple[str, ...]
