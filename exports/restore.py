"""Restoring a report from the "data" sheet of a workbook this program exported.

:func:`read_submission` reads the data sheet alone (every other sheet is for people and may be
edited freely), decodes every value, checks the SHA-256 fingerprint against the one written at
export — any change to the data since then refuses the file — and re-checks every value against
its question with the same rules as typed input. :func:`restore_report` then creates a new
report and stores the answers, or changes nothing at all.

Attached files cannot come back from a workbook (it holds their names and fingerprints, not
their contents): their answers are listed in ``Submission.skipped`` and not stored.

The fingerprint proves the data is unchanged, not who made it: anyone can recompute a SHA-256.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Final

from exports.base import report_checksum
from exports.excel_codec import DecodeError, decode
from exports.excel_read import RestoreError, read_data_sheet
from forms.countries import country_name
from forms.countries import lookup as lookup_country
from forms.i18n import LANGUAGES, LocalizedError
from forms.loader import load_template
from forms.model import Template
from forms.values import InvalidValue, normalise
from reporting.service import DEFAULT_TEMPLATE, ReportState, create_report
from storage import Database, DuplicateReportError, ReportInfo, Source

__all__ = ["RestoreError", "Submission", "read_submission", "restore_report"]

SKIPPED_TYPES: Final = ("attachment",)
_SHA256: Final = re.compile(r"[0-9a-f]{64}")


@dataclass(frozen=True)
class Submission:
    """What a workbook's data sheet holds, checked against its template."""

    template_id: str
    template_version: int
    country: str
    cycle: int
    language: str
    answers: dict[str, Any]  # every value of the data sheet, by question key
    skipped: tuple[str, ...]  # keys a restore cannot store: attached files
    checksum: str
    generated_at: str

    def restorable(self) -> dict[str, Any]:
        return {key: value for key, value in self.answers.items() if key not in self.skipped}


def read_submission(data: bytes) -> Submission:
    """Read and check the data sheet; raises :class:`RestoreError` naming the first problem."""
    sheet = read_data_sheet(data)
    header = sheet.header
    template_id = _field(header, "template_id", str)
    version = _field(header, "template_version", int)
    cycle = _field(header, "cycle", int)
    language = _field(header, "language", str)
    checksum = _field(header, "checksum_sha256", str)
    expected_count = _field(header, "values", int)
    country = lookup_country(_field(header, "country", str))
    if country is None or len(header["country"]) != 3:
        raise RestoreError("restore.bad_field", field="country", value=str(header["country"]))
    if language not in LANGUAGES:
        raise RestoreError("restore.bad_field", field="language", value=language)
    if not _SHA256.fullmatch(checksum):
        raise RestoreError("restore.bad_field", field="checksum_sha256", value=checksum)
    try:
        template = load_template(template_id, version)
    except Exception:  # unknown id or version: the loader's errors are for template authors
        raise RestoreError(
            "restore.unknown_template", template=template_id, version=version
        ) from None
    decoded = _decode_rows(sheet.rows, template)
    if len(decoded) != expected_count:
        raise RestoreError("restore.count_mismatch", expected=expected_count, found=len(decoded))
    info = ReportInfo(
        0, country.alpha3, cycle, language, template_id, version, None, "", "", None, False
    )
    if report_checksum(ReportState(info, template, decoded, frozenset())) != checksum:
        raise RestoreError("restore.checksum")
    answers: dict[str, Any] = {}
    for row in sheet.rows:
        question = template.question(row.key)
        try:
            value = normalise(question, decoded[row.key], language)
        except InvalidValue as exc:
            raise RestoreError(
                "restore.bad_value", cell=row.cell(), key=row.key, problem=exc
            ) from None
        if value is None:
            raise RestoreError("restore.blank_value", cell=row.cell(), key=row.key)
        answers[row.key] = value
    skipped = tuple(key for key in answers if template.question(key).type in SKIPPED_TYPES)
    return Submission(
        template_id=template_id,
        template_version=version,
        country=country.alpha3,
        cycle=cycle,
        language=language,
        answers=answers,
        skipped=skipped,
        checksum=checksum,
        generated_at=str(header.get("generated_at_utc") or ""),
    )


def _field(header: dict[str, Any], name: str, kind: type) -> Any:
    value = header.get(name)
    if kind is int and isinstance(value, float) and value.is_integer():
        value = int(value)  # LibreOffice may write 2024 as 2024.0
    if not isinstance(value, kind) or isinstance(value, bool) or value == "":
        raise RestoreError("restore.bad_field", field=name, value=str(value))
    return value


def _decode_rows(rows: list[Any], template: Template) -> dict[str, Any]:
    """Each row's value exactly as it was stored (before any re-checking)."""
    decoded: dict[str, Any] = {}
    first_row: dict[str, int] = {}
    for row in rows:
        if row.key in first_row:
            raise RestoreError(
                "restore.duplicate_key", cell=row.cell(1), key=row.key, first=first_row[row.key]
            )
        first_row[row.key] = row.row
        if not template.has_question(row.key):
            raise RestoreError(
                "restore.unknown_question",
                cell=row.cell(1),
                key=row.key,
                template=template.id,
                version=template.version,
            )
        expected = template.question(row.key).type
        if row.qtype != expected:
            raise RestoreError(
                "restore.type_mismatch",
                cell=row.cell(2),
                key=row.key,
                expected=expected,
                found=row.qtype,
            )
        try:
            decoded[row.key] = decode(row.fmt, row.cells, expected)
        except DecodeError as exc:
            raise RestoreError(
                "restore.bad_value", cell=row.cell(), key=row.key, problem=exc
            ) from None
    return decoded


def restore_report(db: Database, data: bytes, *, name: str | None = None) -> ReportInfo:
    """Create a report from a workbook; all or nothing (see the module notes on attachments).

    ``name`` (the file's name) is recorded as the source of every answer in the history.
    """
    submission = read_submission(data)
    if (submission.template_id, submission.template_version) != DEFAULT_TEMPLATE:
        current_id, current_version = DEFAULT_TEMPLATE
        raise RestoreError(
            "restore.other_template",
            template=submission.template_id,
            version=submission.template_version,
            current=current_id,
            current_version=current_version,
        )
    _refuse_existing(db, submission)
    try:
        # The report and all its answers in one transaction: a crash leaves all or nothing.
        return create_report(
            db,
            country=submission.country,
            cycle=submission.cycle,
            language=submission.language,
            answers=submission.restorable(),
            answers_source=Source("imported", name or "workbook"),
        )
    except DuplicateReportError:  # created by someone else since the check above
        _refuse_existing(db, submission)
        raise


def _refuse_existing(db: Database, submission: Submission) -> None:
    existing = db.find_report(submission.country, submission.cycle)
    if existing is not None:
        raise RestoreError(
            "restore.report_exists",
            country=_CountryName(submission.country),
            code=submission.country,
            cycle=submission.cycle,
            report=existing.id,
        )


class _CountryName(LocalizedError):
    """A country's name as a message parameter, rendered in the language the error is shown in."""

    def __init__(self, code: str) -> None:
        self.code = code
        super().__init__("restore.country_name", code=code)

    def message(self, lang: str) -> str:
        return country_name(self.code, lang)
