"""Issue 6 on the command line: ministries, section owners, and the workbooks exchanged with them.

Every command is driven as a user would run it (see ``test_cli.py``); every refusal exits with 2,
says why in one line on stderr and leaves the database exactly as it was (compared by SQL dump).
"""

from __future__ import annotations

import hashlib
import json
import random
import re
import sqlite3
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from storage import open_database

Cli = Callable[..., tuple[int, str, str]]

MINISTRY = "Ministry of Interior"
SECTIONS = ("a_coordination", "p28")  # what MINISTRY answers in these tests
TEXT, LONG_TEXT = "a_coordination.body_name", "a_coordination.body_address"
COUNT, OTHER_COUNT = "a_coordination.members", "p28.investigations"
META_SHEET = "_poa_meta"
CHECKSUM_ROW = 12  # "checksum_sha256" in the metadata sheet (exports.ministry_meta.FIELDS)
ROW_KEY = re.compile(r"[A-Za-z0-9_]+(\.[A-Za-z0-9_]+)+([@#].*)?")  # exports.ministry_keys


def dump(db_path: Path) -> list[str]:
    """The database's whole logical content, to prove a refused command changed nothing."""
    with sqlite3.connect(db_path) as conn:
        return list(conn.iterdump())


def ok(cli: Cli, *args: str) -> str:
    code, out, err = cli(*args)
    assert code == 0, err
    return out


def new_report(cli: Cli, country: str = "FRA") -> int:
    return int(ok(cli, "new", "--country", country, "--cycle", "2024").strip())


def answers(cli: Cli, report: int) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(ok(cli, "show", str(report), "--json"))["answers"]
    return data


def review(cli: Cli, report: int, workbook: Path) -> dict[str, Any]:
    data = json.loads(ok(cli, "ministry-import", str(report), str(workbook), "--dry-run", "--json"))
    return {item["key"]: item for item in data["items"]}


def exchanges(cli: Cli, report: int) -> list[dict[str, Any]]:
    data: list[dict[str, Any]] = json.loads(ok(cli, "exchanges", str(report), "--json"))
    return data


def question_rows(book: Any) -> dict[str, tuple[Any, int]]:
    """Each answer row of the input sheets, by the key in its (hidden) column A."""
    rows = {}
    for ws in book.worksheets[1:]:  # after the instructions
        if ws.title.startswith("_"):
            continue
        for row in range(1, ws.max_row + 1):
            key = ws.cell(row, 1).value
            if isinstance(key, str) and ROW_KEY.fullmatch(key):
                rows[key] = (ws, row)
    return rows


def fill_in(workbook: Path, values: Mapping[str, Any]) -> None:
    """What the ministry does: type answers in column C of the rows with these keys."""
    book = openpyxl.load_workbook(workbook)
    rows = question_rows(book)
    for key, value in values.items():
        ws, row = rows[key]
        ws.cell(row, 3).value = value
    book.save(workbook)


def export(cli: Cli, report: int, target: Path, *options: str, ministry: str = MINISTRY) -> str:
    """``ministry-export REPORT --ministry NAME --out TARGET OPTIONS…``; returns its stdout."""
    args = ("--ministry", ministry, "--out", str(target), *options)
    return ok(cli, "ministry-export", str(report), *args)


@pytest.fixture
def report(cli: Cli) -> int:
    """A report whose sections a_coordination and p28 belong to the Ministry of Interior."""
    report = new_report(cli)
    ok(cli, "ministries", "add", MINISTRY)
    ok(cli, "owners", str(report), "--set", ",".join(SECTIONS), "--ministry", MINISTRY)
    return report


@pytest.fixture
def workbook(cli: Cli, report: int, tmp_path: Path) -> Path:
    """The workbook sent to the Ministry of Interior, as it was written."""
    target = tmp_path / "interior.xlsx"
    export(cli, report, target)
    return target


# -- ministries ----------------------------------------------------------------------------------
def test_ministries_add_list_rename_remove(cli: Cli) -> None:
    assert ok(cli, "ministries") == ""
    assert ok(cli, "ministries", "add", "  Ministry of Interior ") == "Ministry of Interior\n"
    ok(cli, "ministries", "add", "Ministère de la Défense")
    ok(cli, "ministries", "add", "Customs")
    assert ok(cli, "ministries") == "Customs\nMinistère de la Défense\nMinistry of Interior\n"
    assert json.loads(ok(cli, "ministries", "--json")) == [
        "Customs",
        "Ministère de la Défense",
        "Ministry of Interior",
    ]
    # Names match without regard to case; the new spelling is kept.
    assert ok(cli, "ministries", "rename", "customs", "Customs Service") == "Customs Service\n"
    ok(cli, "ministries", "remove", "MINISTÈRE DE LA DÉFENSE")
    assert json.loads(ok(cli, "ministries", "--json")) == ["Customs Service", MINISTRY]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("add", "ministry of interior"), "already exists"),
        (("add", "   "), "needs a name"),
        (("rename", "Ministry of Justice", "Justice"), "no ministry named “Ministry of Justice”"),
        (("rename", "Customs", "MINISTRY OF INTERIOR"), "already exists"),
        (("remove", "Ministry of Justice"), "no ministry named"),
    ],
)
def test_ministry_refusals_change_nothing(
    cli: Cli, db_path: Path, args: tuple[str, ...], message: str
) -> None:
    ok(cli, "ministries", "add", MINISTRY)
    ok(cli, "ministries", "add", "Customs")
    before = dump(db_path)
    code, out, err = cli("ministries", *args)
    assert code == 2 and message in err and err.count("\n") == 1
    assert out == ""
    assert dump(db_path) == before


# -- section owners -------------------------------------------------------------------------------
def owners(cli: Cli, report: int) -> dict[str, str | None]:
    rows = json.loads(ok(cli, "owners", str(report), "--json"))
    return {row["section"]: row["ministry"] for row in rows}


def test_owners_set_clear_and_list(cli: Cli, report: int) -> None:
    listed = owners(cli, report)
    assert list(listed)[:3] == ["a_state", "a_coordination", "a_contacts"]  # template order
    assert {key for key, name in listed.items() if name} == set(SECTIONS)
    assert listed["p28"] == MINISTRY and listed["p21"] is None
    ok(cli, "ministries", "add", "Customs")
    # Assigning and clearing in one command; the ministry is matched without regard to case.
    ok(cli, "owners", str(report), "--set", "p21, p22", "--ministry", "customs", "--clear", "p28")
    listed = owners(cli, report)
    assert (listed["p21"], listed["p22"], listed["p28"]) == ("Customs", "Customs", None)
    assert listed["a_coordination"] == MINISTRY
    out = ok(cli, "owners", str(report))
    assert "p21\tCustoms\t§21 " in out and "p28\t(none)\t§28 " in out
    # A renamed ministry keeps its sections.
    ok(cli, "ministries", "rename", "Customs", "Customs Service")
    assert owners(cli, report)["p21"] == "Customs Service"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--set", "p21,zz", "--ministry", MINISTRY), "no section 'zz'"),
        (("--clear", "a_coordination,p999"), "no section 'p999'"),
        (("--set", "p21", "--ministry", "Ministry of Justice"), "not in the list of ministries"),
        (("--set", "p21"), "--set needs --ministry"),
        (("--ministry", MINISTRY), "--ministry goes with --set"),
        (("--set", "p21", "--ministry", MINISTRY, "--clear", "p21"), "assigned and cleared"),
        (("--set", " , ", "--ministry", MINISTRY), "No section keys"),
    ],
)
def test_owner_refusals_change_nothing(
    cli: Cli, db_path: Path, report: int, args: tuple[str, ...], message: str
) -> None:
    before = dump(db_path)
    code, out, err = cli("owners", str(report), *args)
    assert code == 2 and message in err and err.count("\n") == 1
    assert out == ""
    assert dump(db_path) == before


# -- out ------------------------------------------------------------------------------------------
def test_ministry_export_writes_the_workbook_and_records_the_exchange(
    cli: Cli, report: int, tmp_path: Path
) -> None:
    target = tmp_path / "interior.xlsx"
    out = export(cli, report, target, ministry="ministry of interior")
    (sent,) = exchanges(cli, report)
    assert str(target) in out and MINISTRY in out and "a_coordination, p28" in out
    assert sent["id"] in out
    assert sent["ministry"] == MINISTRY and sent["sections"] == list(SECTIONS)
    assert sent["file"] == "interior.xlsx" and sent["returned_at"] is None
    assert "not yet returned" in ok(cli, "exchanges", str(report))

    book = openpyxl.load_workbook(target)
    assert book[META_SHEET].sheet_state == "hidden"
    sections = {key.split(".")[0] for key in question_rows(book)}
    assert sections == set(SECTIONS)
    assert {TEXT, LONG_TEXT, COUNT, OTHER_COUNT} <= set(question_rows(book))

    # Chosen sections, for a ministry that owns none; --json tells the exchange id.
    ok(cli, "ministries", "add", "Customs")
    other = tmp_path / "customs.xlsx"
    data = json.loads(
        export(cli, report, other, "--sections", "p29,p21", "--json", ministry="Customs")
    )
    assert data["sections"] == ["p21", "p29"] and data["ministry"] == "Customs"
    assert [e["id"] for e in exchanges(cli, report)] == [data["exchange_id"], sent["id"]]
    assert {key.split(".")[0] for key in question_rows(openpyxl.load_workbook(other))} == {
        "p21",
        "p29",
    }


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--ministry", "Customs"), "No sections are assigned to Customs"),
        (("--ministry", "Ministry of Justice"), "not in the list of ministries"),
        (("--ministry", MINISTRY, "--sections", "p21,zz"), "no section 'zz'"),
        (("--ministry", MINISTRY, "--sections", ","), "No section keys"),
    ],
)
def test_ministry_export_refusals_change_nothing(
    cli: Cli, db_path: Path, report: int, tmp_path: Path, args: tuple[str, ...], message: str
) -> None:
    ok(cli, "ministries", "add", "Customs")
    before = dump(db_path)
    target = tmp_path / "out.xlsx"
    code, out, err = cli("ministry-export", str(report), *args, "--out", str(target))
    assert code == 2 and message in err and err.count("\n") == 1
    assert out == "" and not target.exists()
    assert dump(db_path) == before


def test_ministry_export_into_a_missing_folder(cli: Cli, db_path: Path, report: int) -> None:
    before = dump(db_path)
    target = db_path.parent / "missing" / "out.xlsx"
    code, _, err = cli("ministry-export", str(report), "--ministry", MINISTRY, "--out", str(target))
    assert code == 2 and "does not exist" in err
    assert dump(db_path) == before


# -- back -----------------------------------------------------------------------------------------
def test_untouched_workbook_is_all_unchanged(
    cli: Cli, db_path: Path, report: int, workbook: Path
) -> None:
    before = dump(db_path)
    data = json.loads(ok(cli, "ministry-import", str(report), str(workbook), "--dry-run", "--json"))
    assert data["items"] and {item["status"] for item in data["items"]} == {"unchanged"}
    assert data["file"] == "interior.xlsx" and data["sent_from_this_database"] is True
    assert data["sha256"] == hashlib.sha256(workbook.read_bytes()).hexdigest()
    out = ok(cli, "ministry-import", str(report), str(workbook), "--dry-run")
    assert "Dry run: nothing was changed." in out and f"{len(data['items'])} unchanged" in out
    assert dump(db_path) == before


def test_edited_workbook_is_imported_with_its_provenance(
    cli: Cli, db_path: Path, report: int, workbook: Path
) -> None:
    fill_in(
        workbook,
        {
            TEXT: "National Commission",
            LONG_TEXT: "1 Peace Street\nDakar",
            COUNT: "1 234",
            OTHER_COUNT: 12,
        },
    )
    digest = hashlib.sha256(workbook.read_bytes()).hexdigest()
    before = dump(db_path)
    items = review(cli, report, workbook)
    edited = (TEXT, LONG_TEXT, COUNT, OTHER_COUNT)
    assert {key: items[key]["status"] for key in edited} == dict.fromkeys(edited, "new")
    out = ok(cli, "ministry-import", str(report), str(workbook), "--dry-run")
    assert f"new\t{COUNT}\t[No response] → 1,234" in out
    assert dump(db_path) == before  # the dry run changed nothing

    out = ok(cli, "ministry-import", str(report), str(workbook))
    assert "Imported (4):" in out and out.endswith("4 answer(s) imported.\n")
    stored = answers(cli, report)
    assert stored[TEXT] == "National Commission"
    assert stored[LONG_TEXT] == "1 Peace Street\nDakar"
    assert (stored[COUNT], stored[OTHER_COUNT]) == (1234, 12)
    with open_database(db_path) as db:
        entry = db.history(report, COUNT)[-1]
    assert entry.source.kind == "ministry" and entry.new_value == 1234
    detail = json.loads(entry.source.detail or "")
    assert detail["file"] == "interior.xlsx" and detail["sha256"] == digest
    assert detail["ministry"] == MINISTRY
    (sent,) = exchanges(cli, report)
    assert sent["returned_file"] == "interior.xlsx" and sent["returned_sha256"] == digest
    assert sent["returned_at"] is not None
    assert "returned" in ok(cli, "exchanges", str(report)).split("\t")[-1]
    # Once imported, the workbook holds what is stored.
    assert {item["status"] for item in review(cli, report, workbook).values()} == {"unchanged"}


def test_conflicts_and_emptied_answers_wait_for_a_decision(
    cli: Cli, db_path: Path, report: int, tmp_path: Path
) -> None:
    agencies = "p28.agencies"
    ok(cli, "set", str(report), agencies, "Police")
    ok(cli, "set", str(report), TEXT, "Commission")
    workbook = tmp_path / "interior.xlsx"
    export(cli, report, workbook)
    ok(cli, "set", str(report), TEXT, "Commission here")  # changed here since sending…
    fill_in(workbook, {TEXT: "Commission there", agencies: None, COUNT: 7})  # … and there
    items = review(cli, report, workbook)
    assert items[TEXT]["status"] == "conflict"
    assert (items[TEXT]["current"], items[TEXT]["incoming"]) == (
        "Commission here",
        "Commission there",
    )
    assert items[agencies]["status"] == "cleared" and items[COUNT]["status"] == "new"

    # By default only what the ministry alone changed is imported; the rest is listed.
    code, out, err = cli("ministry-import", str(report), str(workbook))
    assert code == 0, err
    assert "Left for review in the application (2):" in out
    assert f"conflict\t{TEXT}\tCommission here → Commission there" in out
    assert f"cleared\t{agencies}\tPolice → [No response]" in out
    assert out.endswith("1 answer(s) imported.\n")
    stored = answers(cli, report)
    assert (stored[TEXT], stored[agencies], stored[COUNT]) == ("Commission here", "Police", 7)
    items = review(cli, report, workbook)
    assert (items[TEXT]["status"], items[agencies]["status"]) == ("conflict", "cleared")

    # --accept-all takes the workbook's side.
    data = json.loads(
        ok(cli, "ministry-import", str(report), str(workbook), "--accept-all", "--json")
    )
    assert data["imported"] == 2 and data["left_for_review"] == []
    assert sorted(data["accepted"]) == sorted([TEXT, agencies])
    stored = answers(cli, report)
    assert stored[TEXT] == "Commission there" and agencies not in stored


def test_unreadable_cells_are_reported_and_left(
    cli: Cli, db_path: Path, report: int, workbook: Path
) -> None:
    fill_in(workbook, {COUNT: "twelve", OTHER_COUNT: 3})
    items = review(cli, report, workbook)
    assert items[COUNT]["status"] == "invalid"
    (problem,) = items[COUNT]["problems"]
    assert problem["sheet"] and problem["cell"].startswith("C") and problem["message"]
    for mode in ("--dry-run", "--accept-all"):
        code, out, err = cli("ministry-import", str(report), str(workbook), mode)
        assert code == 0, err
        lines = out.splitlines()
        at = lines.index(f"invalid\t{COUNT}\t[No response]")
        assert lines[at + 1] == "    " + problem["message"]
    stored = answers(cli, report)
    assert COUNT not in stored and stored[OTHER_COUNT] == 3


def _text_file(path: Path, cli: Cli) -> None:
    path.write_text("Ministry of Interior: answers to follow.\n", encoding="utf-8")


def _random_bytes(path: Path, cli: Cli) -> None:
    path.write_bytes(random.Random(6).randbytes(4096))  # noqa: S311 - not a secret


def _without_metadata(path: Path, cli: Cli) -> None:
    book = openpyxl.Workbook()
    book.active["A1"] = "a_coordination.body_name"
    book.active["C1"] = "Looks like ours"
    book.save(path)


def _for_another_report(path: Path, cli: Cli) -> None:
    other = new_report(cli, "DEU")
    export(cli, other, path, "--sections", "p28")


def _checksum_edited(path: Path, cli: Cli) -> None:
    book = openpyxl.load_workbook(path)
    meta = book[META_SHEET]
    assert meta.cell(CHECKSUM_ROW, 1).value == "checksum_sha256"
    meta.cell(CHECKSUM_ROW, 2).value = "0" * 64
    book.save(path)


def _missing(path: Path, cli: Cli) -> None:
    path.unlink()


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (_text_file, "is not an Excel workbook"),
        (_random_bytes, "is not an Excel workbook"),
        (_without_metadata, None),  # the wording belongs to exports_ministry.*.json
        (_for_another_report, "belongs to the report of Germany (DEU) for 2024"),
        (_checksum_edited, "does not match the workbook sent"),
        (_missing, "Cannot read"),
    ],
)
@pytest.mark.parametrize("mode", [(), ("--accept-all",), ("--dry-run", "--json")])
def test_refused_workbooks_change_nothing(
    cli: Cli,
    db_path: Path,
    report: int,
    workbook: Path,
    make: Callable[[Path, Cli], None],
    message: str | None,
    mode: tuple[str, ...],
) -> None:
    ok(cli, "set", str(report), TEXT, "Commission")
    make(workbook, cli)
    before = dump(db_path)
    code, out, err = cli("ministry-import", str(report), str(workbook), *mode)
    assert code == 2 and out == ""
    assert err.startswith("poa-report: ") and err.count("\n") == 1
    if message is not None:
        assert message in err
    assert dump(db_path) == before
    assert exchanges(cli, report)[0]["returned_at"] is None


def test_refusal_in_french(
    cli: Cli, db_path: Path, report: int, workbook: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    german = workbook.with_name("allemagne.xlsx")
    _for_another_report(german, cli)
    before = dump(db_path)
    monkeypatch.setenv("POA_REPORT_LANG", "fr")
    code, _, err = cli("ministry-import", str(report), str(german))
    assert code == 2
    assert "Ce classeur appartient au rapport de Allemagne (DEU) pour 2024" in err
    assert "Rien n'a été modifié." in err
    code, _, err = cli("ministry-import", str(report), str(workbook.with_name("absent.xlsx")))
    assert code == 2 and "Impossible de lire" in err
    code, _, err = cli("owners", str(report), "--set", "p21")
    assert code == 2 and "--set demande --ministry" in err
    out = ok(cli, "ministry-import", str(report), str(workbook), "--dry-run")
    assert "Simulation : rien n'a été modifié." in out and "inchangée(s)" in out
    assert dump(db_path) == before


def test_workbook_sent_from_another_database(
    cli: Cli, workbook: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The same country and cycle elsewhere: imported, but no conflict can be told."""
    from reporting.cli import main

    fill_in(workbook, {TEXT: "National Commission"})
    other = str(tmp_path / "other.sqlite")
    assert main(["--db", other, "new", "--country", "FRA", "--cycle", "2024"]) == 0
    report = capsys.readouterr().out.strip()
    assert main(["--db", other, "ministry-import", report, str(workbook)]) == 0
    out = capsys.readouterr().out
    assert "was not sent from this database" in out and out.endswith("1 answer(s) imported.\n")
    assert main(["--db", other, "show", report, "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["answers"][TEXT] == "National Commission"
