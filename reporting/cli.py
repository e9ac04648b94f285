"""``poa-report``: the command line. With no command it starts the desktop application.

Exit codes: 0 success, 1 the report has validation errors (``validate``), 2 refused input or any
other error, with one line on stderr. A refused command changes nothing.
"""

from __future__ import annotations

import argparse
import getpass
import json
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final, NoReturn

from forms.countries import country_name
from forms.i18n import LocalizedError, normalise_language, tr
from forms.reader import TemplateError
from forms.values import InvalidValue
from reporting import demo, service
from reporting.render import show_text
from storage import (
    Database,
    DatabaseDamagedError,
    Source,
    list_backups,
    newest_good_backup,
    open_database,
    restore_backup,
)
from storage.audit import short as short_seal
from storage.encryption import decrypt_database, encrypt_database
from storage.paths import prepare_location

if TYPE_CHECKING:
    from reporting.ministries import Review, ReviewItem

EXIT_OK: Final = 0
EXIT_INVALID_REPORT: Final = 1
EXIT_ERROR: Final = 2
CLI_SOURCE: Final = Source("cli")


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        print(f"poa-report: {message}", file=sys.stderr)
        raise SystemExit(EXIT_ERROR)


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="poa-report", description=__doc__.splitlines()[0])
    parser.add_argument(
        "--db", type=Path, help="database file (default: $POA_REPORT_DB or the user data directory)"
    )
    parser.add_argument(
        "--ask-passphrase",
        action="store_true",
        help="the database is protected by a passphrase: ask for it (never on the command line;"
        " $POA_REPORT_PASSPHRASE is read too, for scripts)",
    )
    parser.add_argument("--version", action="store_true", help="print the version and exit")
    commands = parser.add_subparsers(dest="command", parser_class=_Parser)

    sub = commands.add_parser("gui", help="start the desktop application (the default)")
    sub.add_argument(
        "--exit-when-ready",
        action="store_true",
        help="exit with 0 as soon as the main window is shown and responsive (smoke tests)",
    )

    sub = commands.add_parser(
        "demo", help="create the demo report of a fictional State and print its id"
    )
    sub.add_argument("--lang", choices=("fr", "en"), default="en")

    sub = commands.add_parser("new", help="create a report and print its id")
    sub.add_argument("--country", required=True, help="ISO 3166-1 alpha-3 code")
    sub.add_argument("--cycle", required=True, type=int, help="the reporting cycle (year)")
    sub.add_argument("--lang", choices=("fr", "en"), default="en")
    sub.add_argument(
        "--from",
        dest="source",
        type=int,
        metavar="REPORT",
        help="carry answers forward from this report",
    )

    commands.add_parser("list", help="list the reports in the database")

    sub = commands.add_parser("set", help="answer one question")
    sub.add_argument("report", type=int)
    sub.add_argument("key", help="question key, e.g. p29.status")
    sub.add_argument(
        "value", help="the answer; empty to clear; JSON for contacts, tables and grids"
    )

    sub = commands.add_parser("attach", help="attach a file to an attachment question")
    sub.add_argument("report", type=int)
    sub.add_argument("key")
    sub.add_argument("file", type=Path)

    sub = commands.add_parser("confirm", help="confirm a carried-over answer")
    sub.add_argument("report", type=int)
    sub.add_argument("key")

    sub = commands.add_parser("show", help="print a report")
    sub.add_argument("report", type=int)
    sub.add_argument("--section", help="only this section (e.g. a_contacts or p29)")
    sub.add_argument("--json", action="store_true")

    sub = commands.add_parser("validate", help="check a report; exit 1 when it has errors")
    sub.add_argument("report", type=int)
    sub.add_argument("--json", action="store_true")

    sub = commands.add_parser("export", help="export the national report as a workbook or a PDF")
    sub.add_argument("report", type=int)
    target = sub.add_mutually_exclusive_group(required=True)
    target.add_argument("--xlsx", type=Path, metavar="FILE", help="Excel workbook")
    target.add_argument("--pdf", type=Path, metavar="FILE", help="print-ready PDF")
    sub.add_argument("--lang", choices=("en", "fr"), help="default: the report's language")
    sub.add_argument("--paper", choices=("a4", "letter"), default="a4", help="PDF paper size")
    sub.add_argument("--blank", action="store_true", help="PDF: the blank form, without answers")

    sub = commands.add_parser("restore", help="recreate a report from its own exported workbook")
    sub.add_argument("file", type=Path)

    sub = commands.add_parser("history", help="print the history of changes")
    sub.add_argument("report", type=int)
    sub.add_argument("--key")

    _add_ministry_commands(commands)
    _add_workflow_commands(commands)
    _add_safety_commands(commands)
    return parser


def _add_safety_commands(commands: Any) -> None:
    sub = commands.add_parser(
        "verify", help="check the sealed history for altered, deleted or reordered entries"
    )
    sub.add_argument("report", type=int, nargs="?", help="default: every report")
    sub.add_argument("--json", action="store_true")
    commands.add_parser("backup", help="make a backup of the database now")
    sub = commands.add_parser("backups", help="list the backups of the database, newest first")
    sub.add_argument("--json", action="store_true")
    sub = commands.add_parser(
        "restore-backup",
        help="replace the database with a backup (the current one is kept as a backup)",
    )
    which = sub.add_mutually_exclusive_group(required=True)
    which.add_argument("file", type=Path, nargs="?", help="a backup file")
    which.add_argument("--latest", action="store_true", help="the newest backup that is intact")
    commands.add_parser(
        "encrypt", help="protect the database with a passphrase (asked twice; keep it safe)"
    )
    commands.add_parser("decrypt", help="remove the passphrase (asks for it)")


IMPORT_HELP: Final = """\
Check a workbook a ministry sent back and import its answers (issue 6). The file is refused,
changing nothing, unless it is a workbook sent for this report. Modes: --dry-run prints the
review and changes nothing; --accept-all imports every importable answer (changed, new, cleared
and conflicts); by default only the answers the ministry alone changed or newly gave are
imported, and conflicts (changed here and there since sending), answers the ministry emptied and
unreadable cells are listed and left for review in the application."""


def _add_ministry_commands(commands: Any) -> None:
    """Ministries, section owners and the workbooks exchanged with them (issue 6)."""
    sub = commands.add_parser(
        "ministries", help="list the ministries (or add, rename or remove one)"
    )
    sub.add_argument("--json", action="store_true")
    actions = sub.add_subparsers(dest="action", metavar="{add,rename,remove}")
    action = actions.add_parser("add", help="add a ministry to the list")
    action.add_argument("name")
    action = actions.add_parser("rename", help="rename a ministry; its sections follow")
    action.add_argument("old")
    action.add_argument("new")
    action = actions.add_parser("remove", help="remove a ministry and its section assignments")
    action.add_argument("name")

    sub = commands.add_parser(
        "owners", help="list which ministry answers each section, or assign or clear sections"
    )
    sub.add_argument("report", type=int)
    sub.add_argument(
        "--set", metavar="SECTION[,SECTION...]", help="assign these sections to --ministry"
    )
    sub.add_argument("--ministry", metavar="NAME", help="the ministry for --set")
    sub.add_argument("--clear", metavar="SECTION[,SECTION...]", help="remove these sections' owner")
    sub.add_argument("--json", action="store_true")

    sub = commands.add_parser(
        "ministry-export", help="write the workbook a ministry fills in, and record the sending"
    )
    sub.add_argument("report", type=int)
    sub.add_argument("--ministry", required=True, metavar="NAME")
    sub.add_argument(
        "--sections", metavar="KEY[,KEY...]", help="default: the sections the ministry owns"
    )
    sub.add_argument("--out", required=True, type=Path, metavar="FILE", help="the .xlsx to write")
    sub.add_argument("--json", action="store_true")

    sub = commands.add_parser(
        "ministry-import",
        help="import the answers of a workbook a ministry sent back",
        description=IMPORT_HELP,
    )
    sub.add_argument("report", type=int)
    sub.add_argument("file", type=Path)
    mode = sub.add_mutually_exclusive_group()
    mode.add_argument(
        "--dry-run", action="store_true", help="print the review only; change nothing"
    )
    mode.add_argument(
        "--accept-all",
        action="store_true",
        help="also import conflicts and answers the ministry emptied",
    )
    sub.add_argument("--json", action="store_true")

    sub = commands.add_parser("exchanges", help="list the workbooks sent to ministries")
    sub.add_argument("report", type=int)
    sub.add_argument("--json", action="store_true")


WORKFLOW_HELP: Final = """\
Review and approval (issue 7). A section is submitted for review (submit), then approved, or
returned with a comment; an approved section's answers are locked until it is reopened with a
reason. The report can be marked final (finalise) once every section is approved and the check
finds no errors; its warnings must be acknowledged. A final report cannot be changed until it is
reopened with a reason (reopen-report). Every change is in the history."""


def _add_workflow_commands(commands: Any) -> None:
    """Section statuses, approval and the final mark (issue 7)."""
    sections_help = "section keys, comma-separated (e.g. p21,p22)"
    sub = commands.add_parser(
        "status",
        help="show each section's review status, and whether the report is final",
        description=WORKFLOW_HELP,
    )
    sub.add_argument("report", type=int)
    sub.add_argument("--json", action="store_true")

    for name, text in (
        ("submit", "submit sections for review"),
        ("withdraw", "take sections back from review (ready → draft)"),
    ):
        sub = commands.add_parser(name, help=text, description=WORKFLOW_HELP)
        sub.add_argument("report", type=int)
        sub.add_argument("sections", metavar="SECTION[,SECTION...]", help=sections_help)
        sub.add_argument("--comment", help="a comment kept with the status and in the history")

    sub = commands.add_parser(
        "approve", help="approve sections ready for review", description=WORKFLOW_HELP
    )
    sub.add_argument("report", type=int)
    sub.add_argument("sections", nargs="?", metavar="SECTION[,SECTION...]", help=sections_help)
    sub.add_argument(
        "--all-ready", action="store_true", help="approve every section ready for review"
    )
    sub.add_argument("--comment", help="a comment kept with the status and in the history")

    sub = commands.add_parser(
        "return", help="return sections for changes, with a comment", description=WORKFLOW_HELP
    )
    sub.add_argument("report", type=int)
    sub.add_argument("sections", metavar="SECTION[,SECTION...]", help=sections_help)
    sub.add_argument("--comment", required=True, help="what to change (shown to the editor)")

    sub = commands.add_parser(
        "reopen",
        help="reopen approved sections so that their answers can be edited",
        description=WORKFLOW_HELP,
    )
    sub.add_argument("report", type=int)
    sub.add_argument("sections", metavar="SECTION[,SECTION...]", help=sections_help)
    sub.add_argument("--reason", required=True, help="why (kept in the history)")

    sub = commands.add_parser(
        "finalise",
        help="mark the report final (every section approved, no errors)",
        description=WORKFLOW_HELP,
    )
    sub.add_argument("report", type=int)
    sub.add_argument(
        "--acknowledge-warnings",
        action="store_true",
        help="record that the check's warnings were read and accepted",
    )

    sub = commands.add_parser(
        "reopen-report", help="make a final report a draft again", description=WORKFLOW_HELP
    )
    sub.add_argument("report", type=int)
    sub.add_argument("--reason", required=True, help="why (kept in the history)")


def _out(line: str = "") -> None:
    sys.stdout.write(line + "\n")


def _json(data: Any, default: Callable[[Any], Any] | None = None) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2, default=default) + "\n")


def cmd_demo(db: Database, args: argparse.Namespace) -> int:
    _out(str(demo.create_demo_report(db, language=args.lang).id))
    return EXIT_OK


def cmd_new(db: Database, args: argparse.Namespace) -> int:
    info = service.create_report(
        db, country=args.country, cycle=args.cycle, language=args.lang, carry_from=args.source
    )
    _out(str(info.id))
    return EXIT_OK


def cmd_list(db: Database, args: argparse.Namespace) -> int:
    lang = _ui_language()
    for info in db.list_reports():
        name = country_name(info.country, lang)
        _out(
            f"{info.id}\t{info.country}\t{info.cycle}\t{info.language}\t"
            f"{info.template_id} v{info.template_version}\t{info.updated_at}\t{name}"
        )
    return EXIT_OK


def cmd_set(db: Database, args: argparse.Namespace) -> int:
    service.set_value(
        db, args.report, args.key, args.value, source=CLI_SOURCE, typed=True, lang=_ui_language()
    )
    state = service.load_state(db, args.report)
    for issue in state.issues(_ui_language()):
        if issue.key == args.key:
            print(f"{issue.severity}: {issue.key}: {issue.message}", file=sys.stderr)
    return EXIT_OK


def cmd_attach(db: Database, args: argparse.Namespace) -> int:
    from reporting.workflow import check_editable

    # The file is stored before the answer: refuse first, so that a refusal stores nothing.
    check_editable(db, args.report, [args.key])
    stored = service.attach_file(db, args.report, args.key, args.file, source=CLI_SOURCE)
    _out(str(stored.id))
    return EXIT_OK


def cmd_confirm(db: Database, args: argparse.Namespace) -> int:
    db.get_report(args.report)
    answer = db.answer(args.report, args.key)
    if answer is None or not answer.carried_over:
        raise service.ReportInputError("report.nothing_to_confirm", key=args.key)
    db.confirm_carried(args.report, args.key)
    return EXIT_OK


def cmd_show(db: Database, args: argparse.Namespace) -> int:
    state = service.load_state(db, args.report)
    if args.section is not None and args.section not in {s.key for s in state.template.sections()}:
        raise service.ReportInputError("report.unknown_section", key=args.section)
    keys = [
        q.key
        for q in state.template.questions()
        if args.section is None or q.section_key == args.section
    ]
    if not args.json:
        show_text(state, keys, _ui_language(), _out)
        return EXIT_OK
    _json(
        {
            "report": _report_dict(state.info),
            "answers": {key: state.answers[key] for key in keys if key in state.answers},
            "carried_over": sorted(key for key in keys if key in state.carried_over),
            "computed": {k: v.as_dict(state.info.language) for k, v in state.computed().items()},
        }
    )
    return EXIT_OK


def cmd_validate(db: Database, args: argparse.Namespace) -> int:
    state = service.load_state(db, args.report)
    issues = state.issues(_ui_language())
    errors = sum(1 for issue in issues if issue.severity == "error")
    if args.json:
        _json(
            {
                "report": args.report,
                "errors": errors,
                "warnings": len(issues) - errors,
                "issues": [issue.as_dict() for issue in issues],
            }
        )
    else:
        for issue in issues:
            where = f"{issue.key}" + (f" (¶{issue.paragraph})" if issue.paragraph else "")
            _out(f"{issue.severity}\t{where}\t{issue.message}")
        _out(
            tr("cli.validate_summary", _ui_language(), errors=errors, warnings=len(issues) - errors)
        )
    return EXIT_INVALID_REPORT if errors else EXIT_OK


def cmd_export(db: Database, args: argparse.Namespace) -> int:
    from exports.base import write_atomic
    from exports.excel import ExcelExporter
    from exports.pdf import PdfExporter

    state = service.load_state(db, args.report)
    lang = args.lang or state.info.language
    target: Path = args.xlsx or args.pdf
    if not target.parent.is_dir():
        raise service.ReportInputError("report.no_such_folder", name=str(target.parent))
    if args.xlsx is not None:
        data = ExcelExporter().export(state, lang=lang)
    else:
        data = PdfExporter().export(state, lang=lang, paper=args.paper, blank=args.blank)
    try:
        write_atomic(target, data)
    except OSError as exc:
        raise service.ReportInputError(
            "report.cannot_write_file", name=str(target), problem=exc.strerror or str(exc)
        ) from exc
    return EXIT_OK


def cmd_restore(db: Database, args: argparse.Namespace) -> int:
    from exports.restore import restore_report

    try:
        data = args.file.read_bytes()
    except OSError as exc:
        raise service.ReportInputError(
            "report.cannot_read_file", name=str(args.file), problem=exc.strerror or str(exc)
        ) from exc
    _out(str(restore_report(db, data, name=args.file.name).id))
    return EXIT_OK


def cmd_history(db: Database, args: argparse.Namespace) -> int:
    db.get_report(args.report)
    for entry in db.history(args.report, args.key):
        old = json.dumps(entry.old_value, ensure_ascii=False)
        new = json.dumps(entry.new_value, ensure_ascii=False)
        source = entry.source.kind + (f":{entry.source.detail}" if entry.source.detail else "")
        _out(f"{entry.changed_at}\t{entry.user}\t{source}\t{entry.key}\t{old} -> {new}")
    return EXIT_OK


# -- safety (issue 8) ----------------------------------------------------------------------------
def cmd_verify(db: Database, args: argparse.Namespace) -> int:
    result = db.verify_history(args.report)
    lang = _ui_language()
    if args.json:
        _json(
            {
                "ok": result.ok,
                "checked": result.checked,
                "problems": [vars(problem) for problem in result.problems],
                "heads": {str(report): seal for report, seal in result.heads.items()},
            }
        )
    else:
        for problem in result.problems:
            _out(
                tr(
                    f"cli.verify.{problem.problem}",
                    lang,
                    report=problem.report_id,
                    entry=problem.history_id,
                )
            )
        for report, seal in sorted(result.heads.items()):
            _out(tr("cli.verify.head", lang, report=report, head=short_seal(seal)))
        verdict = "cli.verify.ok" if result.ok else "cli.verify.failed"
        _out(tr(verdict, lang, checked=result.checked))
    return EXIT_OK if result.ok else EXIT_INVALID_REPORT


def cmd_backup(db: Database, args: argparse.Namespace) -> int:
    del args
    _out(str(db.backup("manual").path))
    return EXIT_OK


def cmd_backups(db_path: Path, args: argparse.Namespace) -> int:
    found = list_backups(db_path)
    if args.json:
        _json(
            [
                {
                    "path": str(info.path),
                    "created_at": info.created_at.isoformat(),
                    "reason": info.reason,
                    "size": info.size,
                }
                for info in found
            ]
        )
    for info in [] if args.json else found:
        _out(f"{info.created_at:%Y-%m-%d %H:%M:%S} UTC\t{info.reason}\t{info.size}\t{info.path}")
    return EXIT_OK


def cmd_restore_backup(db_path: Path, args: argparse.Namespace) -> int:
    lang = _ui_language()
    if args.latest:
        best = newest_good_backup(db_path)
        if best is None:
            raise service.ReportInputError("cli.no_good_backup", path=str(db_path))
        chosen = best.path
    else:
        chosen = args.file
    safety = restore_backup(db_path, chosen)
    _out(tr("cli.restored_backup", lang, backup=str(chosen)))
    if safety is not None:
        _out(tr("cli.kept_current", lang, path=str(safety.path)))
    return EXIT_OK


def _passphrase(args: argparse.Namespace) -> str | None:
    if os.environ.get(PASSPHRASE_ENV):
        return os.environ[PASSPHRASE_ENV]
    if getattr(args, "ask_passphrase", False):
        return getpass.getpass(tr("cli.passphrase", _ui_language()))
    return None


def cmd_encrypt(db_path: Path, args: argparse.Namespace) -> int:
    lang = _ui_language()
    first = os.environ.get(PASSPHRASE_ENV) or getpass.getpass(tr("cli.new_passphrase", lang))
    second = os.environ.get(PASSPHRASE_ENV) or getpass.getpass(tr("cli.repeat_passphrase", lang))
    if first != second or not first:
        raise service.ReportInputError("cli.passphrases_differ")
    encrypt_database(db_path, first)
    _out(tr("cli.encrypted", lang, path=str(db_path)))
    return EXIT_OK


def cmd_decrypt(db_path: Path, args: argparse.Namespace) -> int:
    lang = _ui_language()
    passphrase = _passphrase(args) or getpass.getpass(tr("cli.passphrase", lang))
    kept = decrypt_database(db_path, passphrase)
    _out(tr("cli.decrypted", lang, path=str(db_path), backup=str(kept.path)))
    return EXIT_OK


# -- ministries (issue 6) ------------------------------------------------------------------------
def cmd_ministries(db: Database, args: argparse.Namespace) -> int:
    if args.action == "add":
        _out(db.add_ministry(args.name))
    elif args.action == "rename":
        _out(db.rename_ministry(args.old, args.new))
    elif args.action == "remove":
        db.remove_ministry(args.name)
    elif args.json:
        _json(db.ministries())
    else:
        for name in db.ministries():
            _out(name)
    return EXIT_OK


def cmd_owners(db: Database, args: argparse.Namespace) -> int:
    from reporting.ministries import known_ministry

    lang = _ui_language()
    state = service.load_state(db, args.report)
    sections = state.template.sections()
    if args.set is not None or args.clear is not None or args.ministry is not None:
        if args.set is not None and args.ministry is None:
            raise service.ReportInputError("cli.owners.need_ministry")
        if args.ministry is not None and args.set is None:
            raise service.ReportInputError("cli.owners.ministry_without_set")
        known = {section.key for section in sections}
        assigned = _section_keys(args.set, known) if args.set is not None else []
        cleared = _section_keys(args.clear, known) if args.clear is not None else []
        for key in assigned:
            if key in cleared:
                raise service.ReportInputError("cli.owners.set_and_clear", key=key)
        owners: dict[str, str | None] = dict.fromkeys(cleared)
        if assigned:
            name = known_ministry(db, args.ministry)
            owners.update(dict.fromkeys(assigned, name))
        db.set_section_owners(args.report, owners)
        return EXIT_OK
    current = db.section_owners(args.report)
    rows = [
        {
            "section": section.key,
            "paragraph": section.paragraph,
            "title": section.title.get(lang),
            "ministry": current.get(section.key),
        }
        for section in sections
    ]
    if args.json:
        _json(rows)
        return EXIT_OK
    nobody = tr("cli.owners.none", lang)
    for row in rows:
        title = f"§{row['paragraph']} {row['title']}" if row["paragraph"] else row["title"]
        _out(f"{row['section']}\t{row['ministry'] or nobody}\t{title}")
    return EXIT_OK


def cmd_ministry_export(db: Database, args: argparse.Namespace) -> int:
    from reporting.ministries import send_workbook

    target: Path = args.out
    if not target.parent.is_dir():
        raise service.ReportInputError("report.no_such_folder", name=str(target.parent))
    sections = None
    if args.sections is not None:
        state = service.load_state(db, args.report)
        sections = _section_keys(args.sections, {s.key for s in state.template.sections()})
    sent = send_workbook(db, args.report, ministry=args.ministry, path=target, sections=sections)
    if args.json:
        _json(
            {
                "file": str(target),
                "ministry": sent.ministry,
                "sections": list(sent.sections),
                "exchange_id": sent.id,
                "sent_at": sent.sent_at,
            }
        )
        return EXIT_OK
    _out(
        tr(
            "cli.ministry_export.done",
            _ui_language(),
            file=str(target),
            ministry=sent.ministry,
            sections=", ".join(sent.sections),
            exchange=sent.id,
        )
    )
    return EXIT_OK


def cmd_ministry_import(db: Database, args: argparse.Namespace) -> int:
    from exports.xlsx_reader import Limits, WorkbookRefused
    from reporting.ministries import CONFLICT, apply_review, review_json, review_workbook

    lang = _ui_language()
    path: Path = args.file
    limit = Limits().max_file_bytes
    try:
        if path.stat().st_size > limit:  # refused before it is read into memory
            raise WorkbookRefused("workbook.too_big", limit=limit // (1024 * 1024))
        data = path.read_bytes()
    except OSError as exc:
        raise service.ReportInputError(
            "report.cannot_read_file", name=str(path), problem=exc.strerror or str(exc)
        ) from exc
    review = review_workbook(db, args.report, data, file_name=path.name)
    if args.dry_run:
        if args.json:
            _json(review_json(review, lang), default=str)
        else:
            _print_review_header(review, lang)
            for item in review.items:
                if item.status != "unchanged":
                    _print_item(review, item, lang)
            _print_review_footer(review, lang)
            _out(tr("cli.import.dry_run", lang))
        return EXIT_OK
    accepted = review.importable() if args.accept_all else review.default_accepted()
    imported = apply_review(db, review, accepted)
    chosen = set(accepted)
    left = [
        item
        for item in review.items
        if item.key not in chosen and (item.importable or item.problems)
    ]
    if args.json:
        data_out = review_json(review, lang)
        data_out["accepted"] = accepted
        data_out["left_for_review"] = [item.key for item in left]
        data_out["imported"] = imported
        _json(data_out, default=str)
        return EXIT_OK
    _print_review_header(review, lang)
    if accepted:
        _out(tr("cli.import.accepted", lang, count=len(accepted)))
        for item in review.items:
            if item.key in chosen:
                _print_item(review, item, lang)
    if left:
        _out(tr("cli.import.left_for_review", lang, count=len(left)))
        for item in left:
            _print_item(review, item, lang)
        if any(item.status == CONFLICT for item in left):
            _out(tr("cli.import.conflicts_hint", lang))
    _print_review_footer(review, lang)
    _out(tr("cli.import.imported", lang, count=imported))
    return EXIT_OK


def cmd_exchanges(db: Database, args: argparse.Namespace) -> int:
    sent = db.exchanges(args.report)
    if args.json:
        _json(
            [
                {
                    "id": exchange.id,
                    "ministry": exchange.ministry,
                    "sections": list(exchange.sections),
                    "sent_at": exchange.sent_at,
                    "sent_by": exchange.sent_by,
                    "file": exchange.file_name,
                    "returned_at": exchange.returned_at,
                    "returned_file": exchange.returned_file,
                    "returned_sha256": exchange.returned_sha256,
                    "returned_by": exchange.returned_by,
                }
                for exchange in sent
            ]
        )
        return EXIT_OK
    lang = _ui_language()
    for exchange in sent:
        returned = (
            tr("cli.exchanges.returned", lang, at=exchange.returned_at, file=exchange.returned_file)
            if exchange.returned
            else tr("cli.exchanges.not_returned", lang)
        )
        _out(
            f"{exchange.sent_at}\t{exchange.sent_by}\t{exchange.ministry}\t"
            f"{','.join(exchange.sections)}\t{exchange.file_name}\t{returned}"
        )
    return EXIT_OK


# -- review and approval (issue 7) ---------------------------------------------------------------
def cmd_status(db: Database, args: argparse.Namespace) -> int:
    from reporting.workflow import section_statuses, status_name

    lang = _ui_language()
    state = service.load_state(db, args.report)
    statuses = section_statuses(db, args.report)
    owners = db.section_owners(args.report)
    final = db.final_info(args.report)
    rows = [
        {
            "section": section.key,
            "paragraph": section.paragraph,
            "title": section.title.get(lang),
            "status": statuses[section.key].status,
            "status_text": status_name(statuses[section.key].status, lang),
            "comment": statuses[section.key].comment,
            "changed_by": statuses[section.key].changed_by,
            "changed_at": statuses[section.key].changed_at,
            "owner": owners.get(section.key),
        }
        for section in state.template.sections()
    ]
    if args.json:
        _json(
            {
                "report": args.report,
                "final": final is not None,
                "finalised_at": final.finalised_at if final else None,
                "finalised_by": final.finalised_by if final else None,
                "acknowledged": list(final.acknowledged) if final else [],
                "sections": rows,
            }
        )
        return EXIT_OK
    if final is None:
        _out(tr("cli.workflow.report_draft", lang, report=args.report))
    else:
        _out(
            tr(
                "cli.workflow.report_final",
                lang,
                report=args.report,
                who=final.finalised_by,
                at=final.finalised_at,
            )
        )
        for message in final.acknowledged:
            _out(f"    {tr('cli.workflow.acknowledged', lang, warning=message)}")
    for row in rows:
        title = f"§{row['paragraph']} {row['title']}" if row["paragraph"] else row["title"]
        _out(
            f"{row['section']}\t{row['status_text']}\t{row['changed_by'] or '—'}\t"
            f"{row['changed_at'] or '—'}\t{title}"
        )
        if row["comment"]:
            comment = " ".join(str(row["comment"]).split())
            _out(f"    {tr('cli.workflow.comment', lang, comment=comment)}")
    return EXIT_OK


def _change_status(db: Database, args: argparse.Namespace, action: str, comment: str | None) -> int:
    from reporting.workflow import change_status, status_name

    state = service.load_state(db, args.report)
    keys = _section_keys(args.sections, {s.key for s in state.template.sections()})
    changed = change_status(db, args.report, action, keys, comment=comment)
    lang = _ui_language()
    for key, status in changed.items():
        _out(f"{key}\t{status_name(status.status, lang)}")
    return EXIT_OK


def cmd_submit(db: Database, args: argparse.Namespace) -> int:
    return _change_status(db, args, "submit", args.comment)


def cmd_withdraw(db: Database, args: argparse.Namespace) -> int:
    return _change_status(db, args, "withdraw", args.comment)


def cmd_approve(db: Database, args: argparse.Namespace) -> int:
    from reporting.workflow import approve_all_ready, status_name

    if args.all_ready and args.sections is not None:
        raise service.ReportInputError("cli.workflow.sections_and_all_ready")
    if not args.all_ready:
        if args.sections is None:
            raise service.ReportInputError("cli.workflow.need_sections")
        return _change_status(db, args, "approve", args.comment)
    lang = _ui_language()
    approved = approve_all_ready(db, args.report, comment=args.comment)
    if not approved:
        _out(tr("cli.workflow.none_ready", lang))
    for key in approved:
        _out(f"{key}\t{status_name('approved', lang)}")
    return EXIT_OK


def cmd_return(db: Database, args: argparse.Namespace) -> int:
    return _change_status(db, args, "return", args.comment)


def cmd_reopen(db: Database, args: argparse.Namespace) -> int:
    return _change_status(db, args, "reopen", args.reason)


def cmd_finalise(db: Database, args: argparse.Namespace) -> int:
    from reporting.workflow import WorkflowError, finalise

    lang = _ui_language()
    try:
        info = finalise(db, args.report, acknowledge_warnings=args.acknowledge_warnings, lang=lang)
    except WorkflowError as exc:
        if exc.blocker != "warnings":
            raise
        raise service.ReportInputError(
            "cli.workflow.warnings_need_ack", count=exc.params["count"], report=args.report
        ) from exc
    _out(
        tr(
            "cli.workflow.finalised",
            lang,
            report=args.report,
            count=len(info.acknowledged),
        )
    )
    return EXIT_OK


def cmd_reopen_report(db: Database, args: argparse.Namespace) -> int:
    from reporting.workflow import reopen_report

    reopen_report(db, args.report, args.reason)
    _out(tr("cli.workflow.report_reopened", _ui_language(), report=args.report))
    return EXIT_OK


def _section_keys(text: str, known: set[str]) -> list[str]:
    """ "p21, p22" → ["p21", "p22"]; refuses a key the template does not have, or none at all."""
    keys = list(dict.fromkeys(part.strip() for part in text.split(",") if part.strip()))
    if not keys:
        raise service.ReportInputError("cli.no_section_keys")
    for key in keys:
        if key not in known:
            raise service.ReportInputError("report.unknown_section", key=key)
    return keys


def _print_review_header(review: Review, lang: str) -> None:
    _out(
        tr(
            "cli.import.header",
            lang,
            file=review.file_name,
            ministry=review.meta.ministry,
            exported=review.meta.exported_at,
        )
    )
    if review.exchange is None:
        _out(tr("cli.import.not_sent_here", lang))


def _print_item(review: Review, item: ReviewItem, lang: str) -> None:
    """One line: status, key, current → incoming; then each cell problem, indented."""
    from forms.display import format_value

    question = review.template.question(item.key)

    def brief(value: Any) -> str:
        text = " ".join(format_value(question, value, lang).split()) or tr("show.blank", lang)
        return text if len(text) <= 60 else text[:59] + "…"

    status = tr(f"cli.status.{item.status}", lang)
    if item.problems:
        _out(f"{status}\t{item.key}\t{brief(item.current)}")
    else:
        _out(f"{status}\t{item.key}\t{brief(item.current)} → {brief(item.incoming)}")
    for problem in item.problems:
        _out(f"    {problem.message(lang)}")


def _print_review_footer(review: Review, lang: str) -> None:
    for notice in review.notices:
        _out(notice.message(lang))
    _out(tr("cli.import.counts", lang, **review.counts()))


def _report_dict(info: Any) -> dict[str, Any]:
    return {
        "id": info.id,
        "country": info.country,
        "cycle": info.cycle,
        "language": info.language,
        "template": info.template_id,
        "template_version": info.template_version,
        "created_at": info.created_at,
        "updated_at": info.updated_at,
        "carried_from": info.carried_from,
        "is_demo": info.is_demo,
    }


def _ui_language() -> str:
    """Messages follow POA_REPORT_LANG, else the system locale."""
    return normalise_language(os.environ.get("POA_REPORT_LANG") or os.environ.get("LANG"))


COMMANDS: Final[dict[str, Callable[[Database, argparse.Namespace], int]]] = {
    "demo": cmd_demo,
    "new": cmd_new,
    "list": cmd_list,
    "set": cmd_set,
    "attach": cmd_attach,
    "confirm": cmd_confirm,
    "show": cmd_show,
    "validate": cmd_validate,
    "history": cmd_history,
    "export": cmd_export,
    "restore": cmd_restore,
    "ministries": cmd_ministries,
    "owners": cmd_owners,
    "ministry-export": cmd_ministry_export,
    "ministry-import": cmd_ministry_import,
    "exchanges": cmd_exchanges,
    "status": cmd_status,
    "submit": cmd_submit,
    "withdraw": cmd_withdraw,
    "approve": cmd_approve,
    "return": cmd_return,
    "reopen": cmd_reopen,
    "finalise": cmd_finalise,
    "reopen-report": cmd_reopen_report,
    "verify": cmd_verify,
    "backup": cmd_backup,
}
# Commands on the database file itself, run without opening it (it may be damaged).
FILE_COMMANDS: Final[dict[str, Callable[[Path, argparse.Namespace], int]]] = {
    "backups": cmd_backups,
    "restore-backup": cmd_restore_backup,
    "encrypt": cmd_encrypt,
    "decrypt": cmd_decrypt,
}
PASSPHRASE_ENV: Final = "POA_REPORT_PASSPHRASE"  # noqa: S105 - the name of a variable


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.version:
        from reporting.version import version_text

        _out(version_text())
        return EXIT_OK
    if args.command in (None, "gui"):
        from reporting.launch import start_application

        return start_application(args.db, exit_when_ready=getattr(args, "exit_when_ready", False))
    lang = _ui_language()
    try:
        if args.command in FILE_COMMANDS:
            return FILE_COMMANDS[args.command](prepare_location(args.db), args)
        with open_database(args.db, passphrase=_passphrase(args)) as db:
            if db.network_share:
                message = tr("storage.network_share", lang, path=str(db.path))
                print(f"poa-report: {message}", file=sys.stderr)
            return COMMANDS[args.command](db, args)
    except DatabaseDamagedError as exc:
        print(f"poa-report: {exc.message(lang)}", file=sys.stderr)
        best = newest_good_backup(exc.path)
        if best is not None:
            hint = tr("cli.damaged_hint", lang, when=f"{best.created_at:%Y-%m-%d %H:%M} UTC")
            print(f"poa-report: {hint}", file=sys.stderr)
    except (LocalizedError, InvalidValue) as exc:
        print(f"poa-report: {exc.message(lang)}", file=sys.stderr)
    except TemplateError as exc:
        print(f"poa-report: {exc}", file=sys.stderr)
    except BrokenPipeError:
        # The reader (e.g. `head`) stopped reading: not an error of ours.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK
    except Exception as exc:  # a bug: still one line, and a non-zero exit
        if os.environ.get("POA_REPORT_DEBUG"):
            raise
        print(f"poa-report: {tr('cli.internal_error', lang, problem=repr(exc))}", file=sys.stderr)
    return EXIT_ERROR


if __name__ == "__main__":
    raise SystemExit(main())
