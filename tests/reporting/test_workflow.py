"""Review, approval and sign-off (issue 7): each transition and its guard, the lock on approved
answers, reopening with a reason, the final-report rule, and every change in the history."""

from __future__ import annotations

import shutil
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import closing
from pathlib import Path
from typing import Any

import pytest
from ministry_helpers import edit

from reporting import workflow
from reporting.demo import create_demo_report
from reporting.ministries import apply_review, review_workbook, send_workbook
from reporting.service import ReportInputError, create_report, load_state, set_value
from reporting.workflow import (
    APPROVE,
    APPROVED,
    DRAFT,
    NOT_STARTED,
    READY,
    RETURNED,
    STATUSES,
    SUBMIT,
    TRANSITIONS,
    FinalCheck,
    SectionStatus,
    WorkflowError,
)
from storage import (
    Database,
    ReportAlreadyFinalError,
    ReportFinalError,
    ReportInfo,
    ReportNotFinalError,
    SectionLockedError,
    Source,
    open_database,
)

TYPED = Source("typed")
WARNING_KEY = "p28.convictions"  # the demo's one warning: more convictions than prosecutions


def dump(db: Database) -> list[str]:
    with closing(sqlite3.connect(db.path)) as conn:
        return list(conn.iterdump())


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo report (no errors, one warning), made once and copied for each test."""
    path = tmp_path_factory.mktemp("demo") / "demo.sqlite"
    with open_database(path) as db:
        create_demo_report(db)
    return path


@pytest.fixture
def db(tmp_path: Path, demo_file: Path) -> Iterator[Database]:
    path = tmp_path / "reports.sqlite"
    shutil.copyfile(demo_file, path)
    with open_database(path) as database:
        yield database


@pytest.fixture
def demo(db: Database) -> ReportInfo:
    (info,) = db.list_reports()
    return info


@pytest.fixture
def fresh(db: Database) -> ReportInfo:
    """A new report: only the prefilled answers of section a_state."""
    return create_report(db, country="FRA", cycle=2024, language="en")


def sections(db: Database, report_id: int) -> list[str]:
    return list(workflow.section_statuses(db, report_id))


def approve_all(db: Database, report_id: int, user: str = "vic") -> None:
    keys = [k for k, s in workflow.section_statuses(db, report_id).items() if s.status != APPROVED]
    workflow.change_status(db, report_id, SUBMIT, keys, user="uma")
    workflow.change_status(db, report_id, APPROVE, keys, user=user)


def bring(db: Database, report_id: int, key: str, status: str) -> None:
    """Put the section ``key`` (not started in a fresh report) in ``status``."""
    if status != NOT_STARTED:
        set_value(db, report_id, f"{key}.status", "implemented", source=TYPED)
    if status in (READY, APPROVED, RETURNED):
        workflow.submit(db, report_id, key, user="uma")
    if status == APPROVED:
        workflow.approve(db, report_id, key, user="vic")
    if status == RETURNED:
        workflow.return_section(db, report_id, key, "Say more", user="vic")
    assert workflow.section_status(db, report_id, key).status == status


# -- statuses --------------------------------------------------------------------------------------
def test_every_section_has_a_status_in_template_order(db: Database, fresh: ReportInfo) -> None:
    statuses = workflow.section_statuses(db, fresh.id)
    template = load_state(db, fresh.id).template
    assert list(statuses) == [section.key for section in template.sections()]
    assert statuses["a_state"] == SectionStatus("a_state", DRAFT)  # prefilled answers
    assert statuses["p21"] == SectionStatus("p21", NOT_STARTED)
    assert statuses["p21"].stored is None and not statuses["p21"].locked
    set_value(db, fresh.id, "p21.status", "implemented", source=TYPED)
    assert workflow.section_statuses(db, fresh.id)["p21"].status == DRAFT
    assert STATUSES == ("not_started", "draft", "ready", "approved", "returned")


@pytest.mark.parametrize("action", list(TRANSITIONS))
@pytest.mark.parametrize("start", STATUSES)
def test_each_transition_and_its_guard(
    db: Database, fresh: ReportInfo, action: str, start: str
) -> None:
    bring(db, fresh.id, "p22", start)
    transition = TRANSITIONS[action]
    comment = "Because" if transition.requires else None
    before = dump(db)
    if start not in transition.sources:
        with pytest.raises(WorkflowError) as caught:
            workflow.change_status(db, fresh.id, action, ["p22"], comment=comment, user="zoe")
        assert dump(db) == before
        assert (caught.value.section_key, caught.value.status) == ("p22", start)
        assert caught.value.message_id == f"workflow.cannot_{action}"
        for lang in ("en", "fr"):
            message = caught.value.message(lang)
            assert "(p22)" in message
            assert workflow.status_name(start, lang) in message
        assert "Life-cycle controls to prevent diversion" in caught.value.message("en")
        return
    changed = workflow.change_status(db, fresh.id, action, ["p22"], comment=comment, user="zoe")
    status = workflow.section_status(db, fresh.id, "p22")
    assert changed == {"p22": status}
    assert (status.status, status.changed_by, status.comment) == (transition.target, "zoe", comment)
    entry = db.history(fresh.id, "@status/p22")[-1]
    assert (entry.old_value, entry.new_value) == (
        None if start in (NOT_STARTED, DRAFT) else start,
        transition.target,
    )
    assert (entry.user, entry.changed_at) == ("zoe", status.changed_at)
    assert entry.source == Source("workflow", comment)


def test_the_transitions_are_the_issues(db: Database) -> None:
    table = {action: (sorted(t.sources), t.target) for action, t in TRANSITIONS.items()}
    assert table == {
        "submit": (["draft", "not_started", "returned"], "ready"),
        "withdraw": (["ready"], "draft"),
        "approve": (["ready"], "approved"),
        "return": (["ready"], "returned"),
        "reopen": (["approved"], "draft"),
    }


def test_approving_records_who_and_when(db: Database, fresh: ReportInfo) -> None:
    bring(db, fresh.id, "p21", READY)
    approved = workflow.approve(db, fresh.id, "p21", user="Victoria Okafor")
    assert approved.status == APPROVED and approved.locked
    assert approved.changed_by == "Victoria Okafor" and approved.changed_at
    assert db.section_reviews(fresh.id)["p21"].changed_at == approved.changed_at


@pytest.mark.parametrize("comment", ["", "   ", "\n\t"])
def test_returning_needs_a_comment(db: Database, fresh: ReportInfo, comment: str) -> None:
    bring(db, fresh.id, "p21", READY)
    before = dump(db)
    with pytest.raises(WorkflowError) as caught:
        workflow.return_section(db, fresh.id, "p21", comment)
    assert caught.value.message_id == "workflow.comment_required"
    assert "(p21)" in caught.value.message("en") and "(p21)" in caught.value.message("fr")
    assert dump(db) == before


def test_the_return_comment_stays_until_resubmitted_and_the_history_keeps_it(
    db: Database, fresh: ReportInfo
) -> None:
    bring(db, fresh.id, "p21", READY)
    returned = workflow.return_section(db, fresh.id, "p21", "  Give the 2023 figures.  ")
    assert returned.comment == "Give the 2023 figures."
    # Whoever edits next sees it; editing does not clear it.
    set_value(db, fresh.id, "p21.measures", "Figures for 2023: …", source=TYPED)
    assert workflow.section_status(db, fresh.id, "p21").comment == "Give the 2023 figures."
    workflow.submit(db, fresh.id, "p21")
    assert workflow.section_status(db, fresh.id, "p21").comment is None
    (entry,) = [e for e in db.history(fresh.id, "@status/p21") if e.new_value == RETURNED]
    assert entry.source.detail == "Give the 2023 figures."


def test_unknown_section_and_several_sections_at_once(db: Database, fresh: ReportInfo) -> None:
    before = dump(db)
    with pytest.raises(ReportInputError) as caught:
        workflow.submit(db, fresh.id, "p99")
    assert caught.value.message_id == "report.unknown_section"
    # All or none: p22 is not ready, so p21 is not approved either.
    bring(db, fresh.id, "p21", READY)
    before = dump(db)
    with pytest.raises(WorkflowError) as refused:
        workflow.change_status(db, fresh.id, APPROVE, ["p21", "p22"])
    assert refused.value.section_key == "p22"
    assert dump(db) == before
    with pytest.raises(ValueError):
        workflow.change_status(db, fresh.id, "publish", ["p21"])
    with pytest.raises(TypeError):
        workflow.change_status(db, fresh.id, APPROVE, "p21")


def test_approve_all_ready(db: Database, fresh: ReportInfo) -> None:
    assert workflow.approve_all_ready(db, fresh.id) == []
    for key in ("p23", "p21"):
        bring(db, fresh.id, key, READY)
    bring(db, fresh.id, "p22", RETURNED)
    assert workflow.approve_all_ready(db, fresh.id, user="vic") == ["p21", "p23"]
    statuses = workflow.section_statuses(db, fresh.id)
    assert [statuses[k].status for k in ("p21", "p22", "p23")] == [APPROVED, RETURNED, APPROVED]


# -- the lock --------------------------------------------------------------------------------------
def test_an_approved_answer_cannot_be_set_until_the_section_is_reopened(
    db: Database, fresh: ReportInfo
) -> None:
    bring(db, fresh.id, "p21", APPROVED)
    before = dump(db)
    with pytest.raises(SectionLockedError) as caught:
        set_value(db, fresh.id, "p21.measures", "Edited after approval", source=TYPED)
    assert dump(db) == before
    assert caught.value.section == "p21"
    assert "p21" in caught.value.message("en") and "approved" in caught.value.message("en")
    assert "p21" in caught.value.message("fr") and "approuvée" in caught.value.message("fr")
    with pytest.raises(SectionLockedError):
        workflow.check_editable(db, fresh.id, ["p22.status", "p21.measures"])
    workflow.check_editable(db, fresh.id, ["p22.status"])
    # Other sections stay editable.
    assert set_value(db, fresh.id, "p22.measures", "Not approved", source=TYPED)

    with pytest.raises(WorkflowError) as no_reason:
        workflow.reopen(db, fresh.id, "p21", "  ")
    assert no_reason.value.message_id == "workflow.reason_required"
    assert dump(db) != before  # p22 was edited
    reopened = workflow.reopen(db, fresh.id, "p21", "The ministry corrected a date", user="vic")
    assert reopened.status == DRAFT and reopened.comment == "The ministry corrected a date"
    assert set_value(db, fresh.id, "p21.measures", "Edited after reopening", source=TYPED)
    entry = db.history(fresh.id, "@status/p21")[-1]
    assert (entry.old_value, entry.new_value, entry.user) == (APPROVED, DRAFT, "vic")
    assert entry.source == Source("workflow", "The ministry corrected a date")


def test_a_ministry_workbook_cannot_change_an_approved_section(
    db: Database, demo: ReportInfo, tmp_path: Path
) -> None:
    db.add_ministry("Ministry of Interior")
    path = tmp_path / "interior.xlsx"
    send_workbook(db, demo.id, ministry="Ministry of Interior", path=path, sections=["p21"])
    data = edit(path.read_bytes(), {"p21.measures": "Changed by the ministry"})
    review = review_workbook(db, demo.id, data, file_name="back.xlsx")
    workflow.submit(db, demo.id, "p21")
    workflow.approve(db, demo.id, "p21")
    before = dump(db)
    with pytest.raises(SectionLockedError) as caught:
        apply_review(db, review, ["p21.measures"])
    assert caught.value.key == "p21.measures"
    assert dump(db) == before
    assert not db.exchanges(demo.id)[0].returned


# -- the final report ------------------------------------------------------------------------------
def test_unapproved_sections_block_the_final_mark(db: Database, demo: ReportInfo) -> None:
    check = workflow.finalise_check(db, demo.id, "en")
    assert check.unapproved == sections(db, demo.id) and not check.ok and not check.final
    workflow.submit(db, demo.id, "p21")
    workflow.approve(db, demo.id, "p21")
    assert "p21" not in workflow.finalise_check(db, demo.id, "en").unapproved
    before = dump(db)
    with pytest.raises(WorkflowError) as caught:
        workflow.finalise(db, demo.id, acknowledge_warnings=True, lang="en")
    assert caught.value.blocker == "unapproved"
    assert caught.value.message_id == "workflow.finalise.unapproved"
    assert "a_state, a_coordination" in caught.value.message("fr")
    assert dump(db) == before


def test_errors_block_the_final_mark(db: Database, demo: ReportInfo) -> None:
    set_value(db, demo.id, "p21.status", None, source=TYPED)  # a required answer
    approve_all(db, demo.id)
    check = workflow.finalise_check(db, demo.id, "fr")
    assert check.unapproved == [] and not check.ok
    assert [(issue.key, issue.code) for issue in check.errors] == [("p21.status", "required")]
    assert check.errors[0].message == "Une réponse est obligatoire."  # in the language asked
    before = dump(db)
    with pytest.raises(WorkflowError) as caught:
        workflow.finalise(db, demo.id, acknowledge_warnings=True, lang="en")
    assert caught.value.blocker == "errors"
    assert "1 error" in caught.value.message("en")
    assert dump(db) == before


def test_warnings_need_an_acknowledgement_which_is_recorded(db: Database, demo: ReportInfo) -> None:
    approve_all(db, demo.id)
    check = workflow.finalise_check(db, demo.id, "en")
    assert check == FinalCheck([], [], check.warnings) and check.ok
    assert [issue.key for issue in check.warnings] == [WARNING_KEY]
    before = dump(db)
    with pytest.raises(WorkflowError) as caught:
        workflow.finalise(db, demo.id, acknowledge_warnings=False, lang="en")
    assert caught.value.blocker == "warnings"
    assert dump(db) == before
    assert not workflow.is_final(db, demo.id)

    info = workflow.finalise(db, demo.id, acknowledge_warnings=True, lang="en", user="wen")
    assert workflow.is_final(db, demo.id) and load_state(db, demo.id).final
    assert info.finalised_by == "wen"
    assert info.acknowledged == (f"{WARNING_KEY}: {check.warnings[0].message}",)
    assert db.final_info(demo.id) == info
    entry = db.history(demo.id, "@status/report")[-1]
    assert (entry.old_value, entry.new_value, entry.user) == ("draft", "final", "wen")
    assert WARNING_KEY in (entry.source.detail or "")
    assert workflow.finalise_check(db, demo.id, "en").final
    with pytest.raises(ReportAlreadyFinalError):
        workflow.finalise(db, demo.id, acknowledge_warnings=True, lang="en")


def test_without_warnings_nothing_is_acknowledged(db: Database, demo: ReportInfo) -> None:
    set_value(db, demo.id, WARNING_KEY, None, source=TYPED)  # optional; no figure, no warning
    assert workflow.finalise_check(db, demo.id, "en").warnings == []
    approve_all(db, demo.id)
    info = workflow.finalise(db, demo.id, acknowledge_warnings=False, lang="fr")
    assert info.acknowledged == ()


def test_a_final_report_is_not_editable_until_reopened_with_a_reason(
    db: Database, demo: ReportInfo
) -> None:
    approve_all(db, demo.id)
    workflow.finalise(db, demo.id, acknowledge_warnings=True, lang="en")
    before = dump(db)
    refusals: list[Any] = [
        lambda: set_value(db, demo.id, "p21.measures", "late edit", source=TYPED),
        lambda: workflow.reopen(db, demo.id, "p21", "late edit"),
        lambda: workflow.check_editable(db, demo.id, ["p21.measures"]),
    ]
    for refused in refusals:
        with pytest.raises(ReportFinalError) as caught:
            refused()
        assert caught.value.message_id == "storage.report_final"
    with pytest.raises(WorkflowError) as no_reason:
        workflow.reopen_report(db, demo.id, " ")
    assert no_reason.value.message_id == "workflow.report_reason_required"
    assert dump(db) == before

    workflow.reopen_report(db, demo.id, "The Permanent Mission asked for a change", user="xia")
    assert not workflow.is_final(db, demo.id) and not load_state(db, demo.id).final
    entry = db.history(demo.id, "@status/report")[-1]
    assert (entry.old_value, entry.new_value, entry.user) == ("final", "draft", "xia")
    assert entry.source == Source("workflow", "The Permanent Mission asked for a change")
    with pytest.raises(ReportNotFinalError):
        workflow.reopen_report(db, demo.id, "again")
    # Still approved: the answer needs its section reopened too.
    with pytest.raises(SectionLockedError):
        set_value(db, demo.id, "p21.measures", "late edit", source=TYPED)
    workflow.reopen(db, demo.id, "p21", "late edit")
    assert set_value(db, demo.id, "p21.measures", "late edit", source=TYPED)


def test_every_status_change_is_in_the_history_with_who_when_and_why(
    db: Database, fresh: ReportInfo
) -> None:
    bring(db, fresh.id, "p21", NOT_STARTED)
    set_value(db, fresh.id, "p21.status", "implemented", source=TYPED)
    steps: list[Callable[[], SectionStatus]] = [
        lambda: workflow.submit(db, fresh.id, "p21", user="uma"),
        lambda: workflow.withdraw(db, fresh.id, "p21", comment="Not yet", user="uma"),
        lambda: workflow.submit(db, fresh.id, "p21", user="uma"),
        lambda: workflow.return_section(db, fresh.id, "p21", "Add the decree", user="vic"),
        lambda: workflow.submit(db, fresh.id, "p21", comment="Decree added", user="uma"),
        lambda: workflow.approve(db, fresh.id, "p21", user="vic"),
        lambda: workflow.reopen(db, fresh.id, "p21", "Typo in the title", user="vic"),
    ]
    results = [step() for step in steps]
    entries = db.history(fresh.id, "@status/p21")
    assert [(e.old_value, e.new_value, e.user, e.source.detail) for e in entries] == [
        (None, READY, "uma", None),
        (READY, DRAFT, "uma", "Not yet"),
        (DRAFT, READY, "uma", None),
        (READY, RETURNED, "vic", "Add the decree"),
        (RETURNED, READY, "uma", "Decree added"),
        (READY, APPROVED, "vic", None),
        (APPROVED, DRAFT, "vic", "Typo in the title"),
    ]
    assert [e.changed_at for e in entries] == [r.changed_at for r in results]
    assert {e.source.kind for e in entries} == {"workflow"}


def test_status_names_exist_in_both_languages() -> None:
    for status in STATUSES:
        english, french = (workflow.status_name(status, lang) for lang in ("en", "fr"))
        assert english != f"workflow.status.{status}" and french != english
    assert workflow.status_name(READY, "fr") == "prête pour relecture"


def test_the_section_name_reads_in_the_message_language(db: Database, fresh: ReportInfo) -> None:
    with pytest.raises(WorkflowError) as caught:
        workflow.approve(db, fresh.id, "p29")
    assert caught.value.message("en").startswith(
        "The section “29. Transfer controls and end-user certification” (p29) cannot be approved"
    )
    assert caught.value.message("fr").startswith("La section «\xa029. Contrôle des transferts")
    assert "«\xa0non commencée\xa0»" in caught.value.message("fr")
