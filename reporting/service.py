"""Report operations that join the template (forms) and the database (storage).

Every interface — the command line, the desktop application, importers — goes through these
functions, so a value is always checked the same way before it is stored, and the store never
holds a value its question cannot take.
"""

from __future__ import annotations

import datetime as dt
import mimetypes
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

from forms.computed import RatioResult, compute
from forms.countries import lookup as lookup_country
from forms.i18n import LANGUAGES, LocalizedError
from forms.loader import load_template
from forms.model import Question, Template
from forms.validation import Issue, validate
from forms.values import InvalidValue, normalise, parse_input
from storage import AttachmentInfo, Database, ReportInfo, Source

DEFAULT_TEMPLATE: Final = ("bms8-2022", 1)
MIN_CYCLE: Final = 2002
MAX_CYCLE: Final = 2100
MAX_ATTACHMENT_BYTES: Final = 50 * 1024 * 1024


class ReportInputError(LocalizedError):
    """A request the user made cannot be carried out; nothing was changed."""


@dataclass(frozen=True)
class ReportState:
    """A report with its answers and what the template says about them."""

    info: ReportInfo
    template: Template
    answers: dict[str, Any]
    carried_over: frozenset[str]
    final: bool = False  # marked final after approval (see reporting.workflow); else a draft
    # The sealed history's size and newest seal (storage/audit.py), printed on exports so that
    # a later check can tell that no entry was removed since.
    history_head: tuple[int, str | None] = (0, None)

    def issues(self, lang: str | None = None) -> list[Issue]:
        return validate(self.template, self.answers, lang or self.info.language)

    def computed(self) -> dict[str, RatioResult]:
        return compute(self.template, self.answers)


def template_of(info: ReportInfo) -> Template:
    return load_template(info.template_id, info.template_version)


def check_language(lang: str) -> str:
    if lang not in LANGUAGES:
        raise ReportInputError("report.bad_language", value=lang, choices=", ".join(LANGUAGES))
    return lang


def check_country(code: str) -> str:
    country = lookup_country(code) if len(code.strip()) == 3 else None
    if country is None:
        raise ReportInputError("report.bad_country", value=code)
    return country.alpha3


def check_cycle(cycle: int) -> int:
    if not MIN_CYCLE <= cycle <= MAX_CYCLE:
        raise ReportInputError("report.bad_cycle", value=cycle, low=MIN_CYCLE, high=MAX_CYCLE)
    return cycle


def create_report(
    db: Database,
    *,
    country: str,
    cycle: int,
    language: str,
    carry_from: int | None = None,
    is_demo: bool = False,
    answers: Mapping[str, Any] | None = None,
    answers_source: Source | None = None,
) -> ReportInfo:
    """A new report, created with its first answers in one transaction.

    Without ``answers`` the questions marked ``prefill`` are answered from the report's settings
    (country, language); with them (a restored report), exactly those answers are stored, each
    checked first. With ``carry_from``, every answer of that report is then carried over.
    """
    country = check_country(country)
    check_cycle(cycle)
    check_language(language)
    source = db.get_report(carry_from) if carry_from is not None else None
    template_id, version = DEFAULT_TEMPLATE
    template = load_template(template_id, version)
    if answers is None:
        settings = {"country": country, "language": language}
        first = {q.key: settings[q.prefill] for q in template.questions() if q.prefill}
        answers_source = Source("system", "report settings")
    else:
        first = {
            key: normalise(question_of(template, key), value, language)
            for key, value in answers.items()
        }
    info = db.create_report(
        country=country,
        cycle=cycle,
        language=language,
        template_id=template.id,
        template_version=template.version,
        is_demo=is_demo,
        answers={key: value for key, value in first.items() if value is not None},
        source=answers_source,
    )
    if source is not None:
        old_template = template_of(source)
        db.carry_forward(
            source.id, info.id, keys=lambda key: carry_key(old_template, template, key)
        )
        info = db.get_report(info.id)
    return info


def carry_key(old: Template, new: Template, key: str) -> str | None:
    """The key an answer takes in a newer template, or None when it has no place there.

    Source tags are the stable key across template versions: a question that kept its key and
    type keeps its answer; otherwise the unique question of the same type whose source tags and
    local key match takes it.
    """
    if not old.has_question(key):
        return None
    question = old.question(key)
    if new.has_question(key) and new.question(key).type == question.type:
        return key
    matches = [
        candidate.key
        for candidate in new.questions()
        if candidate.type == question.type
        and candidate.local_key == question.local_key
        and set(candidate.tags) == set(question.tags)
    ]
    return matches[0] if len(matches) == 1 else None


def load_state(db: Database, report_id: int) -> ReportState:
    info = db.get_report(report_id)
    stored = db.answers(report_id)
    return ReportState(
        info=info,
        template=template_of(info),
        answers={key: answer.value for key, answer in stored.items()},
        carried_over=frozenset(key for key, answer in stored.items() if answer.carried_over),
        final=db.final_info(report_id) is not None,
        history_head=db.history_head(report_id),
    )


def question_of(template: Template, key: str) -> Question:
    if not template.has_question(key):
        raise ReportInputError("report.unknown_question", key=key)
    return template.question(key)


def set_value(
    db: Database,
    report_id: int,
    key: str,
    value: Any,
    *,
    source: Source,
    typed: bool = False,
    lang: str | None = None,
) -> bool:
    """Check and store one answer; ``typed`` values are text as a person wrote it.

    Raises :class:`InvalidValue` or :class:`ReportInputError` and stores nothing when the value
    cannot answer the question. Returns whether the stored value changed.
    """
    info = db.get_report(report_id)
    question = question_of(template_of(info), key)
    lang = lang or info.language
    clean = parse_input(question, value, lang) if typed else normalise(question, value, lang)
    if question.type == "attachment" and clean is not None:
        _check_attachment_refs(db, report_id, clean)
    return db.set_answer(report_id, key, clean, source=source)


def _check_attachment_refs(db: Database, report_id: int, refs: list[dict[str, Any]]) -> None:
    stored = {item.sha256 for item in db.list_attachments(report_id)}
    for ref in refs:
        if ref["sha256"] not in stored:
            raise InvalidValue("report.unknown_attachment", name=ref["name"])


def attach_file(
    db: Database, report_id: int, key: str, path: Path, *, source: Source
) -> AttachmentInfo:
    """Store a file in the database and add it to the attachment question ``key``."""
    info = db.get_report(report_id)
    question = question_of(template_of(info), key)
    if question.type != "attachment":
        raise ReportInputError("report.not_attachment_question", key=key)
    try:
        size = path.stat().st_size
        if size > MAX_ATTACHMENT_BYTES:
            raise ReportInputError(
                "report.attachment_too_big",
                name=path.name,
                limit=MAX_ATTACHMENT_BYTES // (1024 * 1024),
            )
        data = path.read_bytes()
    except OSError as exc:
        raise ReportInputError(
            "report.cannot_read_file", name=str(path), problem=exc.strerror or str(exc)
        ) from exc
    media_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    stored = db.add_attachment(report_id, name=path.name, media_type=media_type, data=data)
    current = db.answer(report_id, key)
    refs = list(current.value) if current is not None and current.value else []
    refs.append({"name": stored.name, "sha256": stored.sha256})
    db.set_answer(report_id, key, refs, source=source)
    return stored


def set_values(db: Database, report_id: int, values: Mapping[str, Any], *, source: Source) -> int:
    """Check every value first, then store them all in one transaction."""
    info = db.get_report(report_id)
    template = template_of(info)
    clean = {
        key: normalise(question_of(template, key), value, info.language)
        for key, value in values.items()
    }
    return db.set_answers(report_id, clean, source=source)


def today() -> dt.date:
    return dt.datetime.now(dt.UTC).date()
