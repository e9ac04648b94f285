"""One open report in the desktop application: the only place widgets read and write answers.

Every edit goes through :meth:`ReportSession.set_value`, which checks the value against its
question (``reporting.service``), commits it to the database at once (the database's own
transaction is the save: there is no Save button to forget), records an undo step, and tells the
interface through signals. A value that cannot be stored raises
:class:`forms.values.InvalidValue` and changes nothing; the widget keeps what the person typed.

The session also knows each section's review status and whether the report is final (issue 7):
read once per change, and changed only through :meth:`ReportSession.run_workflow`, which applies
a transition of :mod:`reporting.workflow` and tells the interface (``workflow_changed``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from enum import StrEnum
from pathlib import Path
from typing import Any, Final, TypeVar

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from forms.computed import RatioResult
from forms.i18n import LocalizedError
from forms.model import Question, Section, Template
from forms.validation import Issue, relevance
from reporting import service, workflow
from reporting.workflow import SectionStatus
from storage import Database, HistoryEntry, ReportInfo, Source

TYPED: Final = Source("typed")
T = TypeVar("T")


class SectionState(StrEnum):
    """What the navigation shows for a section."""

    EMPTY = "empty"
    IN_PROGRESS = "in_progress"
    COMPLETE = "complete"
    ERRORS = "errors"
    CARRIED = "carried"  # carried over from an earlier report, to confirm


class _SetAnswer(QUndoCommand):
    """One edit; undoing it stores the old value again (itself a committed, recorded change)."""

    def __init__(self, session: ReportSession, key: str, old: Any, new: Any) -> None:
        super().__init__(key)
        self.session, self.key, self.old, self.new = session, key, old, new
        self._first = True

    def redo(self) -> None:
        if self._first:  # the edit itself was stored before the command was pushed
            self._first = False
            return
        self._store(self.new)

    def undo(self) -> None:
        self._store(self.old)

    def _store(self, value: Any) -> None:
        try:
            self.session.store(self.key, value)
        except LocalizedError as exc:
            # The section was approved or the report made final elsewhere, or the disk refused:
            # nothing changed. Say so, and forget steps that can no longer be taken.
            self.session.failed.emit(exc)
            stack = self.session.undo_stack  # not from inside its own undo(): once it returned
            QTimer.singleShot(0, stack, stack.clear)


class ReportSession(QObject):
    # Emitted after a value is durably committed: (question key, time of the save).
    saved = Signal(str, object)
    # Emitted whenever answers changed (an edit, an undo, a confirmation): the question key.
    changed = Signal(str)
    # Emitted after review statuses may have changed: the section key ("" for the report).
    workflow_changed = Signal(str)
    # A change that no page was there to refuse (an undo, a redo) could not be stored.
    failed = Signal(object)

    def __init__(self, db: Database, report_id: int, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.report_id = report_id
        self.undo_stack = QUndoStack(self)
        self.last_saved_at: dt.datetime | None = None
        self._issues: dict[str, list[Issue]] | None = None
        self._issues_lang = ""
        self._relevance: dict[str, bool] | None = None
        self.reload()

    # -- reading ---------------------------------------------------------------------------
    def reload(self) -> None:
        self.state = service.load_state(self.db, self.report_id)
        self._issues = None
        self._relevance = None
        self._forget_workflow()

    def _forget_workflow(self) -> None:
        self._statuses: dict[str, SectionStatus] | None = None
        self._owners: dict[str, str] | None = None

    @property
    def info(self) -> ReportInfo:
        return self.state.info

    @property
    def template(self) -> Template:
        return self.state.template

    def value(self, key: str) -> Any:
        return self.state.answers.get(key)

    def is_carried(self, key: str) -> bool:
        return key in self.state.carried_over

    def relevance(self) -> dict[str, bool]:
        """Which questions skip logic asks, given the current answers (cached per change)."""
        if self._relevance is None:
            self._relevance = relevance(self.template, self.state.answers)
        return self._relevance

    def issues(self, lang: str) -> list[Issue]:
        return [issue for items in self.issues_by_key(lang).values() for issue in items]

    def issues_by_key(self, lang: str) -> dict[str, list[Issue]]:
        """Validation results, computed once per change (validation is fast; cached anyway)."""
        if self._issues is None or self._issues_lang != lang:
            grouped: dict[str, list[Issue]] = {}
            for issue in self.state.issues(lang):
                grouped.setdefault(issue.key, []).append(issue)
            self._issues, self._issues_lang = grouped, lang
        return self._issues

    def computed(self) -> dict[str, RatioResult]:
        return self.state.computed()

    def history(self, key: str | None = None) -> list[HistoryEntry]:
        return self.db.history(self.report_id, key)

    def section_state(self, section: Section, lang: str) -> SectionState:
        """Errors first, then carried answers to confirm; a missing required answer is "in
        progress", not an error, so an untouched section does not shout."""
        asked = self.relevance()
        questions = [q for q in section.questions if asked.get(q.key, True)]
        by_key = self.issues_by_key(lang)
        answered = [q for q in questions if q.key in self.state.answers]
        if any(
            issue.severity == "error" and issue.code != "required"
            for q in questions
            for issue in by_key.get(q.key, [])
        ):
            return SectionState.ERRORS
        if any(self.is_carried(q.key) for q in questions):
            return SectionState.CARRIED
        if not answered:
            return SectionState.EMPTY
        if all(q.key in self.state.answers for q in questions if q.required):
            return SectionState.COMPLETE
        return SectionState.IN_PROGRESS

    # -- review and approval (issue 7) -----------------------------------------------------
    def statuses(self) -> dict[str, SectionStatus]:
        """Every section's review status (read once per change)."""
        if self._statuses is None:
            self._statuses = workflow.section_statuses(self.db, self.report_id)
        return self._statuses

    def status(self, section_key: str) -> SectionStatus:
        found = self.statuses().get(section_key)
        return found if found is not None else SectionStatus(section_key, workflow.NOT_STARTED)

    def owners(self) -> dict[str, str]:
        """The ministry answering each assigned section (issue 6)."""
        if self._owners is None:
            self._owners = self.db.section_owners(self.report_id)
        return self._owners

    def is_final(self) -> bool:
        return self.state.final

    def is_locked(self, section_key: str) -> bool:
        """Its answers cannot change: the section is approved or the report is final."""
        return self.is_final() or self.status(section_key).locked

    def run_workflow(
        self, change: Callable[..., T], *args: Any, section_key: str = "", **kwargs: Any
    ) -> T:
        """Apply one transition of :mod:`reporting.workflow` to this report and show its outcome.

        Its ``WorkflowError`` (or a storage error) reaches the caller, which shows it; either way
        the statuses are read again, since a refusal often means another window changed them.
        """
        try:
            return change(self.db, self.report_id, *args, **kwargs)
        finally:
            self.refresh_workflow(section_key)

    def refresh_workflow(self, section_key: str = "") -> None:
        """Read the report again and tell the interface (a status or a section's owner changed).

        Undo starts afresh: an edit made before an approval cannot be undone into a locked section.
        """
        self.reload()  # the state says whether the report is final; exports read it
        self.undo_stack.clear()
        self.workflow_changed.emit(section_key)

    # -- writing ---------------------------------------------------------------------------
    def set_value(self, key: str, value: Any, lang: str | None = None) -> bool:
        """Check, store and commit one answer as typed by the user; False when unchanged.

        Raises ``InvalidValue`` (or a ``StorageError`` when the disk refuses) with nothing stored.
        """
        old = self.value(key)
        changed = service.set_value(
            self.db, self.report_id, key, value, source=TYPED, lang=lang or self.info.language
        )
        if not changed:
            return False
        self._after_store(key)
        self.undo_stack.push(_SetAnswer(self, key, old, self.value(key)))
        return True

    def store(self, key: str, value: Any) -> None:
        """Store a canonical value without an undo step (undo and redo use this)."""
        self.db.set_answer(self.report_id, key, value, source=TYPED)
        self._after_store(key)

    def confirm(self, key: str) -> None:
        """Confirm an answer carried over from an earlier report."""
        self.db.confirm_carried(self.report_id, key)
        self._after_store(key)

    def attach(self, key: str, path: Path) -> None:
        """Store a file with the report and add it to an attachment question."""
        old = self.value(key)
        service.attach_file(self.db, self.report_id, key, path, source=TYPED)
        self._after_store(key)
        self.undo_stack.push(_SetAnswer(self, key, old, self.value(key)))

    def _after_store(self, key: str) -> None:
        self.reload()
        self.last_saved_at = dt.datetime.now().astimezone()
        self.saved.emit(key, self.last_saved_at)
        self.changed.emit(key)

    def question(self, key: str) -> Question:
        return self.template.question(key)
