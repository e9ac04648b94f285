"""Issue 7 on the command line: section statuses, approval, the final mark, and reopening.

Every command is driven as a user would run it (see ``test_cli.py``); every refusal exits with 2,
says why in one line on stderr and leaves the database exactly as it was (compared by SQL dump).
"""

from __future__ import annotations

import json
import shutil
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from ministry_helpers import edit

from storage import open_database

Cli = Callable[..., tuple[int, str, str]]
WARNING_KEY = "p28.convictions"  # the demo's one warning


def dump(db_path: Path) -> list[str]:
    """The database's whole logical content, to prove a refused command changed nothing."""
    with sqlite3.connect(db_path) as conn:
        return list(conn.iterdump())


def ok(cli: Cli, *args: str) -> str:
    code, out, err = cli(*args)
    assert code == 0, err
    return out


def status(cli: Cli, report: int) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(ok(cli, "status", str(report), "--json"))
    return data


def section(cli: Cli, report: int, key: str) -> dict[str, Any]:
    return next(row for row in status(cli, report)["sections"] if row["section"] == key)


def all_sections(cli: Cli, report: int) -> str:
    return ",".join(row["section"] for row in status(cli, report)["sections"])


@pytest.fixture
def report(cli: Cli) -> int:
    return int(ok(cli, "new", "--country", "FRA", "--cycle", "2024").strip())


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from reporting.demo import create_demo_report

    path = tmp_path_factory.mktemp("demo") / "demo.sqlite"
    with open_database(path) as db:
        create_demo_report(db)
    return path


@pytest.fixture
def demo(db_path: Path, demo_file: Path) -> int:
    """The demo report (no errors, one warning) in the database the CLI uses."""
    shutil.copyfile(demo_file, db_path)
    return 1


@pytest.fixture
def approved_demo(cli: Cli, demo: int) -> int:
    keys = all_sections(cli, demo)
    ok(cli, "submit", str(demo), keys)
    ok(cli, "approve", str(demo), "--all-ready")
    return demo


# -- status ----------------------------------------------------------------------------------------
def test_status_of_a_new_report(cli: Cli, report: int) -> None:
    data = status(cli, report)
    assert data["report"] == report and data["final"] is False
    assert data["finalised_by"] is None and data["acknowledged"] == []
    rows = {row["section"]: row for row in data["sections"]}
    assert list(rows)[:4] == ["a_state", "a_coordination", "a_contacts", "p21"]
    assert rows["a_state"]["status"] == "draft"  # its answers are prefilled
    assert rows["p21"] == {
        "section": "p21",
        "paragraph": 21,
        "title": "Laws and regulations on life-cycle control",
        "status": "not_started",
        "status_text": "not started",
        "comment": None,
        "changed_by": None,
        "changed_at": None,
        "owner": None,
    }
    out = ok(cli, "status", str(report))
    lines = out.splitlines()
    assert lines[0] == f"Report {report}: draft."
    assert "p21\tnot started\t—\t—\t§21 Laws and regulations on life-cycle control" in lines


def test_submit_return_resubmit_approve_and_reopen(cli: Cli, report: int) -> None:
    ok(cli, "set", str(report), "p21.status", "implemented")
    assert (
        ok(cli, "submit", str(report), "p21, p22")
        == "p21\tready for review\np22\tready for review\n"
    )
    assert ok(cli, "withdraw", str(report), "p22") == "p22\tdraft\n"
    out = ok(cli, "return", str(report), "p21", "--comment", "Cite the decree")
    assert out == "p21\treturned\n"
    row = section(cli, report, "p21")
    assert (row["status"], row["comment"]) == ("returned", "Cite the decree")
    assert row["changed_by"] and row["changed_at"]
    assert "    Comment: Cite the decree" in ok(cli, "status", str(report)).splitlines()
    ok(cli, "submit", str(report), "p21", "--comment", "Decree cited")
    assert ok(cli, "approve", str(report), "p21") == "p21\tapproved\n"
    assert section(cli, report, "p21")["status"] == "approved"
    ok(cli, "reopen", str(report), "p21", "--reason", "Wrong year")
    row = section(cli, report, "p21")
    assert (row["status"], row["comment"]) == ("draft", "Wrong year")
    ok(cli, "set", str(report), "p21.status", "partially_implemented")  # editable again
    history = ok(cli, "history", str(report), "--key", "@status/p21").splitlines()
    assert [line.split("\t", 3)[2:] for line in history] == [
        ["workflow", '@status/p21\tnull -> "ready"'],
        ["workflow:Cite the decree", '@status/p21\t"ready" -> "returned"'],
        ["workflow:Decree cited", '@status/p21\t"returned" -> "ready"'],
        ["workflow", '@status/p21\t"ready" -> "approved"'],
        ["workflow:Wrong year", '@status/p21\t"approved" -> "draft"'],
    ]


def test_approve_all_ready(cli: Cli, report: int) -> None:
    assert (
        ok(cli, "approve", str(report), "--all-ready")
        == "No section is ready for review: nothing was approved.\n"
    )
    ok(cli, "submit", str(report), "p23,p21")
    assert ok(cli, "approve", str(report), "--all-ready") == "p21\tapproved\np23\tapproved\n"


def test_messages_follow_the_language(
    cli: Cli, report: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("POA_REPORT_LANG", "fr")
    assert ok(cli, "submit", str(report), "p21") == "p21\tprête pour relecture\n"
    assert ok(cli, "status", str(report)).startswith(f"Rapport {report}\xa0: projet.")
    code, _, err = cli("approve", str(report), "p22")
    assert code == 2
    assert "«\xa0non commencée\xa0»" in err and "(p22)" in err


# -- the final report ------------------------------------------------------------------------------
def test_finalise_with_acknowledged_warnings_then_reopen(
    cli: Cli, approved_demo: int, db_path: Path
) -> None:
    report = str(approved_demo)
    before = dump(db_path)
    code, out, err = cli("finalise", report)
    assert (code, out) == (2, "")
    assert err.count("\n") == 1 and "1 warning(s)" in err and "--acknowledge-warnings" in err
    assert dump(db_path) == before

    out = ok(cli, "finalise", report, "--acknowledge-warnings")
    assert out == f"Report {report} is now final (1 warning(s) acknowledged).\n"
    data = status(cli, approved_demo)
    assert data["final"] is True and data["finalised_by"] and data["finalised_at"]
    (acknowledged,) = data["acknowledged"]
    assert acknowledged.startswith(f"{WARNING_KEY}: Convictions (61) exceed prosecutions (58).")
    lines = ok(cli, "status", report).splitlines()
    assert lines[0].startswith(f"Report {report}: final (marked final by ")
    assert lines[1].startswith(f"    Warning acknowledged: {WARNING_KEY}: ")
    # Exporting is still possible; editing is not.
    ok(cli, "show", report, "--json")

    out = ok(cli, "reopen-report", report, "--reason", "A ministry sent a correction")
    assert out.startswith(f"Report {report} is a draft again.")
    assert status(cli, approved_demo)["final"] is False
    history = ok(cli, "history", report, "--key", "@status/report").splitlines()
    assert history[0].endswith('@status/report\t"draft" -> "final"')
    assert history[1].endswith(
        'workflow:A ministry sent a correction\t@status/report\t"final" -> "draft"'
    )


def test_finalise_without_warnings(cli: Cli, demo: int) -> None:
    ok(cli, "set", str(demo), WARNING_KEY, "")
    ok(cli, "submit", str(demo), all_sections(cli, demo))
    ok(cli, "approve", str(demo), "--all-ready")
    assert (
        ok(cli, "finalise", str(demo))
        == f"Report {demo} is now final (0 warning(s) acknowledged).\n"
    )
    assert status(cli, demo)["acknowledged"] == []


def test_a_ministry_workbook_is_refused_for_an_approved_section(
    cli: Cli, demo: int, db_path: Path, tmp_path: Path
) -> None:
    workbook = tmp_path / "interior.xlsx"
    ok(cli, "ministries", "add", "Interior")
    ok(
        cli,
        "ministry-export",
        str(demo),
        "--ministry",
        "Interior",
        "--sections",
        "p21",
        "--out",
        str(workbook),
    )
    workbook.write_bytes(edit(workbook.read_bytes(), {"p21.measures": "Changed there"}))
    ok(cli, "submit", str(demo), "p21")
    ok(cli, "approve", str(demo), "p21")
    before = dump(db_path)
    code, _, err = cli("ministry-import", str(demo), str(workbook))
    assert code == 2 and err.count("\n") == 1 and "p21" in err and "approved" in err
    assert dump(db_path) == before


# -- refusals --------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("setup", "args", "message"),
    [
        ((), ("approve", "{r}", "p21"), "its status is “not started”"),
        ((), ("approve", "{r}", "p21", "--all-ready"), "not both"),
        ((), ("approve", "{r}"), "or --all-ready"),
        ((), ("withdraw", "{r}", "a_state"), "its status is “draft”, not “ready for review”"),
        ((), ("submit", "{r}", "p21,p99"), "no section 'p99'"),
        ((), ("submit", "{r}", " , "), "No section keys"),
        ((), ("submit", "999", "p21"), "999"),
        ((("submit", "p21"),), ("return", "{r}", "p21", "--comment", "  "), "needs a comment"),
        (
            (("submit", "p21"),),
            ("reopen", "{r}", "p21", "--reason", "x"),
            "Only an approved section",
        ),
        ((("submit", "p21"),), ("approve", "{r}", "p21,p22"), "(p22) cannot be approved"),
        (
            (("submit", "p21"), ("approve", "p21")),
            ("reopen", "{r}", "p21", "--reason", " "),
            "needs a reason",
        ),
        ((("submit", "p21"), ("approve", "p21")), ("submit", "{r}", "p21"), "cannot be submitted"),
        (
            (("submit", "p21"), ("approve", "p21")),
            ("set", "{r}", "p21.status", "implemented"),
            "section p21 is approved",
        ),
        (
            (("submit", "a_contacts"), ("approve", "a_contacts")),
            ("attach", "{r}", "a_contacts.nap_file", "/etc/hostname"),
            "section a_contacts is approved",
        ),
        ((), ("finalise", "{r}"), "section(s) not approved (a_state, a_coordination"),
        ((), ("reopen-report", "{r}", "--reason", "why"), "not marked final"),
    ],
)
def test_refusals_change_nothing(
    cli: Cli,
    report: int,
    db_path: Path,
    setup: tuple[tuple[str, ...], ...],
    args: tuple[str, ...],
    message: str,
) -> None:
    for step in setup:
        ok(cli, step[0], str(report), *step[1:])
    before = dump(db_path)
    code, out, err = cli(*(arg.replace("{r}", str(report)) for arg in args))
    assert (code, out) == (2, "")
    assert err.startswith("poa-report: ") and err.count("\n") == 1, err
    assert message in err
    assert dump(db_path) == before


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("set", "{r}", "p21.measures", "late"), "is marked final"),
        (("submit", "{r}", "p21"), "is marked final"),
        (("reopen", "{r}", "p21", "--reason", "late"), "is marked final"),
        (("attach", "{r}", "a_contacts.nap_file", "/etc/hostname"), "is marked final"),
        (("finalise", "{r}", "--acknowledge-warnings"), "already marked final"),
        (("reopen-report", "{r}", "--reason", " "), "needs a reason"),
    ],
)
def test_a_final_report_refuses_changes(
    cli: Cli, approved_demo: int, db_path: Path, args: tuple[str, ...], message: str
) -> None:
    ok(cli, "finalise", str(approved_demo), "--acknowledge-warnings")
    before = dump(db_path)
    code, out, err = cli(*(arg.replace("{r}", str(approved_demo)) for arg in args))
    assert (code, out) == (2, "")
    assert err.count("\n") == 1 and message in err
    assert dump(db_path) == before


def test_errors_block_finalise(cli: Cli, demo: int, db_path: Path) -> None:
    ok(cli, "set", str(demo), "p21.status", "")
    ok(cli, "submit", str(demo), all_sections(cli, demo))
    ok(cli, "approve", str(demo), "--all-ready")
    before = dump(db_path)
    code, _, err = cli("finalise", str(demo), "--acknowledge-warnings")
    assert code == 2 and "1 error(s)" in err
    assert dump(db_path) == before


@pytest.mark.parametrize(
    "args",
    [("return", "1", "p21"), ("reopen", "1", "p21"), ("reopen-report", "1")],
    ids=["return-without-comment", "reopen-without-reason", "reopen-report-without-reason"],
)
def test_comment_and_reason_are_required_options(
    cli: Cli, report: int, args: tuple[str, ...], capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as caught:
        cli(*args)
    assert caught.value.code == 2
    err = capsys.readouterr().err
    assert "--comment" in err or "--reason" in err
