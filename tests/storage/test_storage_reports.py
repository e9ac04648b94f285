"""Reports: one per country and cycle; deleting one removes everything that belongs to it."""

from __future__ import annotations

from pathlib import Path

import pytest

from storage import (
    AttachmentNotFoundError,
    Database,
    DuplicateReportError,
    ReportInfo,
    ReportNotFoundError,
    Source,
)


def test_create_get_find_and_list(db: Database) -> None:
    created = db.create_report(
        country="GHA",
        cycle=2024,
        language="fr",
        template_id="poa-national",
        template_version=2,
        title="Rapport national",
        is_demo=True,
    )
    assert created.id > 0
    assert (created.country, created.cycle, created.language) == ("GHA", 2024, "fr")
    assert (created.template_id, created.template_version) == ("poa-national", 2)
    assert (created.title, created.is_demo, created.carried_from) == (
        "Rapport national",
        True,
        None,
    )
    assert created.created_at == created.updated_at
    assert db.get_report(created.id) == created
    assert db.find_report("GHA", 2024) == created
    assert db.find_report("GHA", 2022) is None
    older = db.create_report(
        country="GHA", cycle=2022, language="en", template_id="t", template_version=1
    )
    assert db.list_reports() == [created, older]  # latest cycle first


def test_duplicate_country_and_cycle_is_refused(db: Database, report: ReportInfo) -> None:
    with pytest.raises(DuplicateReportError) as caught:
        db.create_report(
            country=report.country,
            cycle=report.cycle,
            language="fr",
            template_id="t",
            template_version=1,
        )
    assert (caught.value.country, caught.value.cycle) == (report.country, report.cycle)
    assert db.list_reports() == [report]


@pytest.mark.parametrize("country", ["nzl", "NZ", "NZLD", "N1L", ""])
def test_country_must_be_alpha3(db: Database, country: str) -> None:
    with pytest.raises(ValueError, match="alpha-3"):
        db.create_report(
            country=country, cycle=2024, language="en", template_id="t", template_version=1
        )


def test_missing_report(db: Database) -> None:
    with pytest.raises(ReportNotFoundError):
        db.get_report(404)
    with pytest.raises(ReportNotFoundError):
        db.delete_report(404)


def test_delete_report_removes_its_answers_history_and_attachments(
    db: Database, report: ReportInfo
) -> None:
    db.set_answer(report.id, "a.x", 1, source=Source("typed"))
    attachment = db.add_attachment(report.id, name="a.pdf", media_type="application/pdf", data=b"%")
    later = db.create_report(
        country=report.country, cycle=2026, language="en", template_id="t", template_version=1
    )
    db.carry_forward(report.id, later.id)

    db.delete_report(report.id)

    assert db.find_report(report.country, report.cycle) is None
    with pytest.raises(ReportNotFoundError):
        db.answers(report.id)
    with pytest.raises(AttachmentNotFoundError):
        db.attachment_data(attachment.id)
    # The later report keeps its carried answers; only its link to the deleted one goes.
    assert db.get_report(later.id).carried_from is None
    assert set(db.answers(later.id)) == {"a.x"}
    assert db.integrity_check() == ["ok"]


def test_a_report_and_its_first_answers_are_one_transaction(tmp_path: Path) -> None:
    """Issue 5 (restore): a report is created with all its answers, or not at all."""
    from storage import Source, open_database

    with open_database(tmp_path / "r.sqlite") as db:
        info = db.create_report(country="SEN", cycle=2024, language="fr", template_id="t",
                                template_version=1, answers={"a.x": 1, "a.y": "deux"},
                                source=Source("imported", "r.xlsx"))  # fmt: skip
        assert {k: a.value for k, a in db.answers(info.id).items()} == {"a.x": 1, "a.y": "deux"}
        assert {e.source.detail for e in db.history(info.id)} == {"r.xlsx"}
        with pytest.raises(TypeError):  # a float cannot be stored exactly: nothing is created
            db.create_report(country="MLI", cycle=2024, language="fr", template_id="t",
                             template_version=1, answers={"a.x": 0.5},
                             source=Source("imported"))  # fmt: skip
        assert db.find_report("MLI", 2024) is None
