"""No network, ever (issue 8): the whole flow — create a report, fill it in, validate it, export
the PDF and the workbook, send a ministry workbook and import it back, restore from the report
workbook — runs with every way of opening a socket made to fail."""

from __future__ import annotations

import socket
from pathlib import Path
from typing import Any

import pytest
from ministry_helpers import edit

from exports.excel import ExcelExporter
from exports.pdf import PdfExporter
from exports.restore import read_submission
from reporting.demo import create_demo_report
from reporting.ministries import apply_review, review_workbook, send_workbook
from reporting.service import load_state, set_value
from storage import Source, open_database


class NetworkUsed(AssertionError):
    pass


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    attempts: list[str] = []

    def refuse(name: str) -> Any:
        def call(*args: Any, **kwargs: Any) -> Any:
            attempts.append(f"{name}{args[:2]}")
            raise NetworkUsed(f"network use: {name}")

        return call

    for name in ("create_connection", "getaddrinfo", "gethostbyname", "socketpair"):
        monkeypatch.setattr(socket, name, refuse(name))
    real_init = socket.socket.__init__

    def guarded_init(self: socket.socket, family: int = -1, *args: Any, **kwargs: Any) -> None:
        if family in (socket.AF_INET, socket.AF_INET6, -1):
            attempts.append(f"socket(family={family})")
            raise NetworkUsed("network use: socket()")
        real_init(self, family, *args, **kwargs)

    monkeypatch.setattr(socket.socket, "__init__", guarded_init)
    return attempts


def test_the_whole_flow_runs_without_any_socket(tmp_path: Path, no_network: list[str]) -> None:
    with open_database(tmp_path / "reports.sqlite") as db:
        report = create_demo_report(db)
        set_value(db, report.id, "p21.agencies", "Customs", source=Source("typed"))
        state = load_state(db, report.id)
        assert state.issues("en") is not None  # validation
        pdf = PdfExporter().export(state, lang="fr")
        workbook = ExcelExporter().export(state, lang="en")
        assert read_submission(workbook).answers["p21.agencies"] == "Customs"
        db.add_ministry("Interior")
        path = tmp_path / "interior.xlsx"
        send_workbook(db, report.id, ministry="Interior", sections=["p21"], path=path)
        returned = edit(path.read_bytes(), {"p21.challenges": "From the ministry"})
        review = review_workbook(db, report.id, returned, file_name="interior.xlsx")
        assert apply_review(db, review, review.default_accepted()) == 1
    assert pdf.startswith(b"%PDF")
    assert no_network == []


def test_the_guard_does_catch_network_use(no_network: list[str]) -> None:
    with pytest.raises(NetworkUsed):
        socket.create_connection(("192.0.2.1", 80), timeout=0.01)
    assert no_network
