"""Runs every reader of the program on the hostile corpus, in a process of its own so that its
peak memory can be measured; prints one JSON line per case, then the peak resident memory.

    python tests/support/hostile_worker.py WORK_DIR
"""

from __future__ import annotations

import hashlib
import json
import resource
import sqlite3
import sys
import time
from collections.abc import Callable
from contextlib import closing
from functools import partial
from pathlib import Path
from typing import Any

sys.path[:0] = [str(Path(__file__).parent), str(Path(__file__).parents[2])]

from hostile_files import (  # noqa: E402
    archive_traps,
    database_traps,
    plain_workbook_traps,
    sheet_part,
    with_1904_epoch,
)
from ministry_helpers import Formula, edit  # noqa: E402

from exports.excel import ExcelExporter  # noqa: E402
from exports.excel_data import DATA_SHEET  # noqa: E402
from exports.restore import read_submission  # noqa: E402
from forms.i18n import LocalizedError  # noqa: E402
from reporting.demo import create_demo_report  # noqa: E402
from reporting.ministries import review_workbook, send_workbook  # noqa: E402
from reporting.service import load_state  # noqa: E402
from storage import open_database  # noqa: E402


def dump(path: Path) -> str:
    with closing(sqlite3.connect(path)) as conn:
        return hashlib.sha256("\n".join(conn.iterdump()).encode()).hexdigest()


def attempt(reader: str, case: str, run: Callable[[], Any]) -> dict[str, Any]:
    start = time.perf_counter()
    outcome, message_id, detail = "accepted", "", ""
    try:
        result = run()
        problems = getattr(result, "items", ())
        reported = [item for item in problems if getattr(item, "problems", ())]
        if reported:
            outcome = "reported"
            detail = reported[0].problems[0].message("en")
    except LocalizedError as exc:
        outcome, message_id, detail = "refused", exc.message_id, exc.message("fr")
    except Exception as exc:
        outcome, detail = "crashed", f"{type(exc).__name__}: {exc}"
    seconds = time.perf_counter() - start
    return {
        "reader": reader,
        "case": case,
        "outcome": outcome,
        "message_id": message_id,
        "detail": detail[:300],
        "seconds": round(seconds, 3),
    }


def _open_and_close(path: Path) -> None:
    with open_database(path):
        pass


def main(work: Path) -> None:
    db_path = work / "reports.sqlite"
    with open_database(db_path) as db:
        report = create_demo_report(db)
        db.add_ministry("Interior")
        sent_path = work / "sent.xlsx"
        send_workbook(
            db, report.id, ministry="Interior", sections=["p21", "a_contacts"], path=sent_path
        )
        sent = sent_path.read_bytes()
        submission = ExcelExporter().export(load_state(db, report.id), lang="en")
    results = []
    ministry_cases = {
        **archive_traps(sent, sheet_part(sent)),
        **plain_workbook_traps(),
        "control_characters_in_a_field": edit(sent, {"p21.measures": "bell \x07 here"}),
        "formula_without_cached_value": edit(
            sent, {"a_contacts.nap_period_end": Formula("=2000+30")}
        ),
        "date_1904_system": with_1904_epoch(edit(sent, {"p21.agencies": "Customs"})),
    }
    before = dump(db_path)
    with open_database(db_path) as db:
        for case, data in ministry_cases.items():
            review = partial(review_workbook, db, report.id, data, file_name="x.xlsx")
            result = attempt("ministry", case, review)
            if case == "date_1904_system":
                items = review().items
                changed = sorted(i.key for i in items if i.status != "unchanged")
                result["changed"] = changed
            results.append(result)
    results.append(
        {
            "reader": "ministry",
            "case": "database_unchanged",
            "outcome": str(dump(db_path) == before),
        }
    )
    data_sheet = sheet_part(submission, DATA_SHEET)
    for case, data in {**archive_traps(submission, data_sheet), **plain_workbook_traps()}.items():
        results.append(attempt("restore", case, partial(read_submission, data)))
    for case, data in database_traps(db_path.read_bytes()).items():
        path = work / f"{case}.sqlite"
        path.write_bytes(data)

        result = attempt("database", case, partial(_open_and_close, path))
        result["file_unchanged"] = path.read_bytes() == data
        results.append(result)
    for result in results:
        print(json.dumps(result))
    print(json.dumps({"peak_rss_mb": round(_peak_kib() / 1024, 1)}))


def _peak_kib() -> int:
    """This program's own peak resident memory. ru_maxrss is not: Linux carries it over from
    the parent through fork and exec, and the parent here is the whole test session."""
    status = Path("/proc/self/status")
    if status.exists():
        for line in status.read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux, bytes on macOS


if __name__ == "__main__":
    main(Path(sys.argv[1]))
