"""The headless command line (Issue 2 §7): every command, and every refusal changes nothing."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest

from storage import open_database

Cli = Callable[..., tuple[int, str, str]]


def dump(db_path: Path) -> list[str]:
    """The database's whole logical content, to prove a refused command changed nothing."""
    with sqlite3.connect(db_path) as conn:
        return list(conn.iterdump())


def new_report(cli: Cli, *args: str) -> int:
    code, out, err = cli("new", "--country", "FRA", "--cycle", "2024", *args)
    assert code == 0, err
    return int(out.strip())


def test_new_list_set_show(cli: Cli) -> None:
    report = new_report(cli, "--lang", "fr")
    code, out, _ = cli("list")
    assert code == 0 and out.startswith(f"{report}\tFRA\t2024\tfr\tbms8-2022 v1")
    assert cli("set", str(report), "p29.export_licences_issued", "1 234")[0] == 0
    assert cli("set", str(report), "a_state.country", "fra")[0] == 0
    _, out, _ = cli("show", str(report), "--json")
    data = json.loads(out)
    assert data["answers"] == {
        "p29.export_licences_issued": 1234,
        "a_state.country": "FRA",
        "a_state.report_language": "fr",  # prefilled from the report's settings
    }
    assert data["report"]["country"] == "FRA"
    code, out, _ = cli("show", str(report), "--section", "p29", "--json")
    assert list(json.loads(out)["answers"]) == ["p29.export_licences_issued"]
    code, out, _ = cli("show", str(report), "--section", "p29")
    assert "Export licences" in out and "1,234" in out


def test_clearing_an_answer_with_empty_value(cli: Cli) -> None:
    report = new_report(cli)
    cli("set", str(report), "p28.investigations", "0")
    _, out, _ = cli("show", str(report), "--json")
    assert json.loads(out)["answers"]["p28.investigations"] == 0  # zero is an answer
    cli("set", str(report), "p28.investigations", "")
    _, out, _ = cli("show", str(report), "--json")
    assert "p28.investigations" not in json.loads(out)["answers"]  # blank is no answer


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("set", "{r}", "p29.nothing", "1"), "There is no question 'p29.nothing'"),
        (("set", "{r}", "p28.investigations", "twelve"), "'twelve' is not a whole number"),
        (("set", "{r}", "p28.investigations", "-4"), "cannot be negative"),
        (("set", "{r}", "a_state.country", "ZZQ1"), "is not an ISO 3166"),
        (("set", "{r}", "a_state.country", "ABC"), "is not an ISO 3166"),
        (("set", "{r}", "p29.status", "done"), "is not one of the possible answers"),
        (("set", "{r}", "a_state.period_start", "31/02/2024"), "is not a valid date"),
        (("set", "999", "p29.status", "implemented"), "999"),
        (("new", "--country", "XYZW", "--cycle", "2024"), "is not an ISO 3166"),
        (("new", "--country", "FRA", "--cycle", "1850"), "1850"),
        (("new", "--country", "FRA", "--cycle", "2024"), "already"),
        (("new", "--country", "DEU", "--cycle", "2024", "--from", "999"), "999"),
        (("show", "{r}", "--section", "zz"), "no section 'zz'"),
        (("attach", "{r}", "a_contacts.nap_file", "/no/such/file.pdf"), "Cannot read"),
        (("attach", "{r}", "p29.status", "/etc/hostname"), "does not take attached files"),
        (("confirm", "{r}", "p29.status"), "no carried-over answer to confirm"),
    ],
)
def test_refusals_change_nothing(
    cli: Cli, db_path: Path, args: tuple[str, ...], message: str
) -> None:
    report = new_report(cli)
    cli("set", str(report), "p29.status", "implemented")
    before = dump(db_path)
    code, out, err = cli(*(arg.format(r=report) for arg in args))
    assert code == 2
    assert message in err and err.count("\n") == 1  # one line on stderr
    assert out == ""
    assert dump(db_path) == before


def test_missing_database_directory_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from reporting.cli import main

    target = tmp_path / "missing" / "reports.sqlite"
    assert main(["--db", str(target), "list"]) == 2
    assert "does not exist" in capsys.readouterr().err
    assert not target.parent.exists()


def test_database_from_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from reporting.cli import main

    monkeypatch.setenv("POA_REPORT_DB", str(tmp_path / "env.sqlite"))
    assert main(["new", "--country", "SEN", "--cycle", "2026"]) == 0
    assert (tmp_path / "env.sqlite").exists()


def test_validate_exit_codes_and_json(cli: Cli) -> None:
    report = new_report(cli)
    code, out, _ = cli("validate", str(report), "--json")
    data = json.loads(out)
    assert code == 1 and data["errors"] > 0
    issue = next(i for i in data["issues"] if i["key"] == "p29.status")
    assert issue == {
        "key": "p29.status",
        "paragraph": 29,
        "severity": "error",
        "code": "required",
        "message": "An answer is required.",
        "row": None,
        "column": None,
    }


def test_validate_in_french(cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    report = new_report(cli)
    monkeypatch.setenv("POA_REPORT_LANG", "fr")
    code, out, _ = cli("validate", str(report))
    assert code == 1 and "Une réponse est obligatoire." in out and "erreur(s)" in out


def test_demo_report_is_complete_and_valid(cli: Cli) -> None:
    """The demo (a fictional State, XDM) answers every question type and has no errors."""
    code, out, err = cli("demo", "--lang", "fr")
    assert code == 0, err
    report = out.strip()
    code, out, _ = cli("validate", report, "--json")
    assert code == 0, out
    assert json.loads(out)["errors"] == 0
    code, out, _ = cli("show", report, "--json")
    data = json.loads(out)
    assert data["report"]["country"] == "XDM" and data["report"]["is_demo"] is True
    from forms.loader import load_template

    template = load_template()
    answered_types = {template.question(key).type for key in data["answers"]}
    assert answered_types == {q.type for q in template.questions()}
    # Running it again gives the same report rather than a second copy.
    assert cli("demo")[1].strip() == report


def test_carry_forward_and_confirm(cli: Cli) -> None:
    first = new_report(cli)
    cli("set", str(first), "p29.status", "implemented")
    cli("set", str(first), "p28.investigations", "12")
    code, out, err = cli("new", "--country", "FRA", "--cycle", "2026", "--from", str(first))
    assert code == 0, err
    second = out.strip()
    data = json.loads(cli("show", second, "--json")[1])
    assert data["answers"] == {
        "p29.status": "implemented",
        "p28.investigations": 12,
        "a_state.country": "FRA",
        "a_state.report_language": "en",
    }
    assert data["carried_over"] == ["p28.investigations", "p29.status"]
    assert data["report"]["carried_from"] == first
    assert cli("confirm", second, "p29.status")[0] == 0
    data = json.loads(cli("show", second, "--json")[1])
    assert data["carried_over"] == ["p28.investigations"]
    code, out, _ = cli("history", second)
    assert "carried_forward" in out


def test_attach_and_history(cli: Cli, tmp_path: Path, db_path: Path) -> None:
    report = new_report(cli)
    plan = tmp_path / "plan d'action.pdf"
    plan.write_bytes(b"%PDF-1.4 fake plan \x00\xff")
    code, out, err = cli("attach", str(report), "a_contacts.nap_file", str(plan))
    assert code == 0, err
    data = json.loads(cli("show", str(report), "--json")[1])
    (ref,) = data["answers"]["a_contacts.nap_file"]
    assert ref["name"] == "plan d'action.pdf" and len(ref["sha256"]) == 64
    with open_database(db_path) as db:
        info = db.attachment(int(out))
        assert info.sha256 == ref["sha256"]
        assert (info.size, info.media_type) == (len(plan.read_bytes()), "application/pdf")
        assert db.attachment_data(info.id) == plan.read_bytes()
    assert "a_contacts.nap_file" in cli("history", str(report))[1]


def test_version(cli: Cli) -> None:
    code, out, _ = cli("--version")
    assert code == 0 and "bms8-2022 v1" in out and "database schema" in out


def test_show_prints_sdg_proportion_or_what_is_missing(
    cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue 2 §5: per-year proportion with numerator and denominator; a gap is named, never 0 %."""
    report = new_report(cli)
    rows = [
        {"year": 2022, "seized": 80, "found": 15, "surrendered": 5,
         "established_tracing": 30, "established_other": 10},
        {"year": 2023, "seized": 10, "found": 0, "established_tracing": 1, "established_other": 0},
    ]  # fmt: skip
    assert cli("set", str(report), "c_sdg.years", json.dumps(rows))[0] == 0
    monkeypatch.setenv("POA_REPORT_LANG", "fr")
    out = cli("show", str(report), "--section", "c_sdg")[1]
    assert "2022: 40,0\u00a0% (40\u00a0/\u00a0100)" in out
    assert "2023: Non calculable : il manque 2023 — Armes remises." in out
    data = json.loads(cli("show", str(report), "--json")[1])["computed"]["sdg_1642"]
    assert data["rows"][0]["percent"] == "40.00"
    assert data["overall"]["computable"] is False


def test_export_and_restore(cli: Cli, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Issue 5: poa-report export --xlsx/--pdf, and restore from the report's own workbook."""
    from reporting.cli import main

    report = cli("demo", "--lang", "fr")[1].strip()
    workbook, pdf = tmp_path / "rapport.xlsx", tmp_path / "rapport.pdf"
    assert cli("export", report, "--xlsx", str(workbook))[0] == 0
    assert workbook.read_bytes().startswith(b"PK")
    assert cli("export", report, "--pdf", str(pdf), "--lang", "en", "--paper", "letter")[0] == 0
    assert pdf.read_bytes().startswith(b"%PDF")
    assert cli("export", report, "--pdf", str(tmp_path / "blank.pdf"), "--blank")[0] == 0
    original = json.loads(cli("show", report, "--json")[1])["answers"]
    # The same country and cycle cannot be restored twice into one database…
    code, _, err = cli("restore", str(workbook))
    assert code == 2 and err.count("\n") == 1
    # … but into another one it comes back whole (attached files apart: their bytes stay home).
    other = tmp_path / "other.sqlite"
    capsys.readouterr()
    assert main(["--db", str(other), "restore", str(workbook)]) == 0
    restored_id = capsys.readouterr().out.strip()
    assert main(["--db", str(other), "show", restored_id, "--json"]) == 0
    restored = json.loads(capsys.readouterr().out)["answers"]
    attachments = {"a_contacts.nap_file", "f_attachments.files"}
    assert {k: v for k, v in restored.items() if k not in attachments} == {
        k: v for k, v in original.items() if k not in attachments
    }


def test_export_refusals_change_nothing(cli: Cli, db_path: Path, tmp_path: Path) -> None:
    report = new_report(cli)
    before = dump(db_path)
    code, _, err = cli("export", str(report), "--xlsx", str(tmp_path / "missing" / "r.xlsx"))
    assert code == 2 and "does not exist" in err
    code, _, err = cli("restore", str(tmp_path / "nothing.xlsx"))
    assert code == 2 and "Cannot read" in err
    not_ours = tmp_path / "notes.xlsx"
    not_ours.write_bytes(b"not a workbook")
    assert cli("restore", str(not_ours))[0] == 2
    assert dump(db_path) == before
