"""Every question type is saved and read back exactly (Issue 2 tests: blank distinct from zero,
32,767-character text, accents, right-to-left text, emoji); carry-forward keys on source tags."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from forms.loader import load_template
from forms.model import Template
from forms.values import InvalidValue
from reporting import service
from storage import Database, Source, open_database

SOURCE = Source("typed")

# One question of every type in the shipped template, with a value to store.
SAMPLES: list[tuple[str, Any]] = [
    ("a_coordination.body_exists", "developing"),
    ("p21.status", "partially_implemented"),
    ("p62.mark_contents", ["serial_number", "manufacturer", "other"]),
    ("a_coordination.body_name", "Commission nationale des armes légères — « CNAL »"),
    ("p21.measures", "x" * 32767),
    ("a_coordination.women", 0),
    ("p63.median_days_to_answer", "12345678901234567.25"),
    ("a_state.period_start", "2022-07-01"),
    ("p89.baseline_year", 2023),
    ("a_state.country", "XDM"),
    ("a_contacts.poc_poa", {"title": "ms", "name": "ليلى حداد", "email": "l.haddad@example.org"}),
    ("p21.instruments", [{"title_original": "Loi n° 2019-14 🔫🕊️", "date_adopted": "2019-06-03"}]),
    (
        "d_grids.victims_killed",
        {
            "total": 3,
            "mode": "full",
            "cells": {"female/age_18_24/with": 0},
            "margins": {"sex": {"female": 1, "unknown": 2}},
            "not_disaggregated": "partial data",
        },
    ),
]


@pytest.fixture
def db(tmp_path: Path) -> Iterator[Database]:
    with open_database(tmp_path / "r.sqlite") as database:
        yield database


@pytest.fixture
def report(db: Database) -> int:
    return service.create_report(db, country="SEN", cycle=2024, language="fr").id


def test_samples_cover_every_type() -> None:
    template = load_template()
    assert {template.question(key).type for key, _ in SAMPLES} | {"attachment"} == {
        q.type for q in template.questions()
    }


@pytest.mark.parametrize(("key", "value"), SAMPLES, ids=[key for key, _ in SAMPLES])
def test_every_type_round_trips(db: Database, report: int, key: str, value: Any) -> None:
    assert service.set_value(db, report, key, value, source=SOURCE)
    db.close()
    with open_database(db.path) as reopened:
        assert service.load_state(reopened, report).answers[key] == value


def test_attachment_round_trips(db: Database, report: int, tmp_path: Path) -> None:
    path = tmp_path / "loi.txt"
    path.write_bytes("Loi n° 2019-14\n".encode())
    stored = service.attach_file(db, report, "f_attachments.files", path, source=SOURCE)
    refs = [{"name": "loi.txt", "sha256": stored.sha256}]
    assert service.load_state(db, report).answers["f_attachments.files"] == refs
    # A reference to a file not stored with this report is refused.
    forged = [{"name": "x", "sha256": "0" * 64}]
    with pytest.raises(InvalidValue):
        service.set_value(db, report, "f_attachments.files", forged, source=SOURCE)


def test_blank_is_distinct_from_zero(db: Database, report: int) -> None:
    service.set_value(db, report, "a_coordination.women", 0, source=SOURCE)
    assert service.load_state(db, report).answers["a_coordination.women"] == 0
    service.set_value(db, report, "a_coordination.women", "", source=SOURCE, typed=True)
    assert "a_coordination.women" not in service.load_state(db, report).answers


def test_refused_value_stores_nothing(db: Database, report: int) -> None:
    before = db.history(report)
    with pytest.raises(InvalidValue):
        service.set_value(db, report, "a_coordination.women", "-1", source=SOURCE, typed=True)
    assert db.history(report) == before


def test_set_values_checks_everything_before_storing(db: Database, report: int) -> None:
    with pytest.raises(InvalidValue):
        service.set_values(
            db, report, {"p21.status": "implemented", "a_coordination.women": -1}, source=SOURCE
        )
    assert set(service.load_state(db, report).answers) == {
        "a_state.country",
        "a_state.report_language",
    }


_TEXT = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00\x7f"),
    max_size=300,
).filter(lambda s: s.strip() and not any(ord(c) < 32 and c not in "\t\n\r" for c in s))


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(text=_TEXT)
def test_any_text_round_trips(db: Database, report: int, text: str) -> None:
    service.set_value(db, report, "p21.measures", text, source=SOURCE)
    assert service.load_state(db, report).answers["p21.measures"] == text


def test_carry_key_follows_source_tags() -> None:
    """A question whose section was renamed in a newer template keeps its answer by source tags."""
    old = load_template()
    from forms.loader import TEMPLATE_DIR, parse_template
    from forms.yaml_strict import load_yaml

    path = TEMPLATE_DIR / "bms8-2022.v1.yaml"
    data = load_yaml(path.read_text(encoding="utf-8"), path.name)
    data["version"] = 2
    for part in data["parts"]:
        for section in part.get("sections", []):
            if section["key"] == "a_coordination":
                section["key"] = "a_national_body"
    for rule in data["rules"]:
        rule["total"] = [
            key.replace("a_coordination.", "a_national_body.") for key in rule["total"]
        ]
    new: Template = parse_template(data, "bms8-2022.v2.yaml")
    assert service.carry_key(old, new, "a_coordination.women") == "a_national_body.women"
    assert service.carry_key(old, new, "p29.status") == "p29.status"
    assert service.carry_key(old, new, "gone.question") is None


def test_carry_forward_brings_attachments(db: Database, report: int, tmp_path: Path) -> None:
    """Issue 2 §6: a new report starts from an earlier one, attached files included."""
    path = tmp_path / "plan.txt"
    path.write_bytes(b"National action plan 2022-2026")
    service.attach_file(db, report, "a_contacts.nap_file", path, source=SOURCE)
    service.set_value(db, report, "p21.status", "implemented", source=SOURCE)
    new = service.create_report(db, country="SEN", cycle=2026, language="en", carry_from=report)
    state = service.load_state(db, new.id)
    assert state.carried_over == {"a_contacts.nap_file", "p21.status"}
    (ref,) = state.answers["a_contacts.nap_file"]
    (copy,) = db.list_attachments(new.id)
    assert copy.sha256 == ref["sha256"] and db.attachment_data(copy.id) == path.read_bytes()
    # The carried reference is valid in the new report: setting it again is accepted.
    service.set_value(db, new.id, "a_contacts.nap_file", [ref], source=SOURCE)


def test_new_report_prefills_country_and_language(db: Database) -> None:
    info = service.create_report(db, country="civ", cycle=2026, language="fr")
    answers = service.load_state(db, info.id).answers
    assert answers["a_state.country"] == "CIV" and answers["a_state.report_language"] == "fr"
    (entry, *_) = db.history(info.id, "a_state.country")
    assert entry.source == Source("system", "report settings")
