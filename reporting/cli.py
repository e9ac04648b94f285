"""``poa-report``: the command line. With no command it starts the desktop application.

Exit codes: 0 success, 1 the report has validation errors (``validate``), 2 refused input or any
other error, with one line on stderr. A refused command changes nothing.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, Final, NoReturn

from forms.countries import country_name
from forms.i18n import LocalizedError, normalise_language, tr
from forms.reader import TemplateError
from forms.values import InvalidValue
from reporting import demo, service
from reporting.render import show_text
from storage import Database, Source, open_database

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
    return parser


def _out(line: str = "") -> None:
    sys.stdout.write(line + "\n")


def _json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")


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
}


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
        with open_database(args.db) as db:
            return COMMANDS[args.command](db, args)
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
