"""Reading a ministry workbook that came back: first whose it is, then what it says.

:func:`open_ministry_workbook` reads the file safely (``xlsx_reader``) and its metadata, before
anything else; the caller then checks that it belongs to the report. :func:`read_values` finds
every answer row by its key (``ministry_keys``) wherever it now is, reads each cell
(``ministry_values``) and assembles each question's value. A question with any bad cell is not
read at all — each problem is reported by sheet, cell and question — and rows or sheets the
ministry added are listed as not read, so nothing is ignored silently.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import partial
from typing import Any, Final

from openpyxl.utils import get_column_letter

from exports import ministry_keys as keys
from exports.ministry_meta import META_SHEET, MinistryWorkbookError, WorkbookMeta, read_meta
from exports.ministry_sheets import LISTS_SHEET
from exports.ministry_values import (
    CellError,
    cell_at,
    read_scalar,
    read_text,
    read_tick,
    read_title,
)
from exports.xlsx_reader import RawSheet, RawWorkbook, read_workbook
from forms import grids
from forms.i18n import LocalizedError, Phrase
from forms.model import CONTACT_FIELDS, Question, Template, Text
from forms.values import InvalidValue, normalise

__all__ = [
    "CellProblem",
    "Incoming",
    "MinistryFile",
    "MinistryWorkbookError",
    "open_ministry_workbook",
    "read_values",
]

MAX_NOTICES: Final = 50  # rows not read, listed one by one up to this many


@dataclass(frozen=True)
class MinistryFile:
    meta: WorkbookMeta
    workbook: RawWorkbook
    sha256: str


class CellProblem(LocalizedError):
    """One cell that could not be read: where it is, which question, and why."""

    def __init__(self, sheet: str, cell: str, question: Question, problem: LocalizedError) -> None:
        self.sheet, self.cell, self.key = sheet, cell, question.key
        super().__init__(
            "ministry.problem",
            sheet=sheet,
            cell=cell,
            question=Phrase(question.label),
            problem=problem,
        )


@dataclass(frozen=True)
class Incoming:
    """The values read, by question; questions with a problem are in ``problems`` instead."""

    values: dict[str, Any]
    problems: dict[str, tuple[CellProblem, ...]]
    notices: tuple[LocalizedError, ...]


def open_ministry_workbook(
    data: bytes, *, progress: Callable[[int, int], None] | None = None
) -> MinistryFile:
    """The file's metadata and cells; raises ``WorkbookRefused`` or ``MinistryWorkbookError``."""
    workbook = read_workbook(data, progress=progress)
    meta = read_meta(workbook.sheet(META_SHEET))
    return MinistryFile(meta, workbook, hashlib.sha256(data).hexdigest())


def check_questions(meta: WorkbookMeta, template: Template) -> None:
    """Every cell of the map names a question of the template, in a section that was sent."""
    sections = set(meta.sections)
    for key, question, _, _ in meta.cells:
        parsed = keys.parse(key)
        if (
            parsed is None
            or parsed.question != question
            or not template.has_question(question)
            or template.question(question).section_key not in sections
        ):
            raise MinistryWorkbookError("ministry.meta_damaged", field=key[:80])


@dataclass
class _Rows:
    """Where each key now is: the importer never trusts a row number written at export."""

    places: dict[str, list[tuple[RawSheet, int]]] = field(default_factory=dict)
    notices: list[LocalizedError] = field(default_factory=list)

    def one(self, key: str) -> tuple[RawSheet, int] | None:
        found = self.places.get(key) or []
        if len(found) > 1:
            sheet, row = found[1]
            raise _Located(sheet, row, CellError("ministry.value.duplicate_row", key=key))
        return found[0] if found else None

    def starting(self, prefix: str) -> list[tuple[str, RawSheet, int]]:
        return [(key, *places[0]) for key, places in self.places.items() if key.startswith(prefix)]


class _Located(Exception):
    """A cell problem with its place, raised while a question is being assembled."""

    def __init__(self, sheet: RawSheet, row: int, error: LocalizedError, column: int = 1) -> None:
        super().__init__(error.message_id)
        self.sheet, self.row, self.column, self.error = sheet, row, column, error


def _find_rows(workbook: RawWorkbook, wanted: set[str]) -> _Rows:
    rows = _Rows()
    unread = 0
    for sheet in workbook.sheets:
        if sheet.title in (META_SHEET, LISTS_SHEET):
            continue
        keyed, loose = False, []
        by_row: dict[int, list[int]] = {}
        for row, column in sheet.cells:
            by_row.setdefault(row, []).append(column)
        for row in sorted(by_row):
            cell = sheet.cell(row, keys.KEY_COLUMN)
            parsed = keys.parse(None if cell is None else cell.value)
            if parsed is not None and parsed.question in wanted:
                rows.places.setdefault(parsed.text, []).append((sheet, row))
                keyed = True
            elif any(column >= keys.ANSWER_COLUMN for column in by_row[row]):
                loose.append(row)
        if not keyed:
            if loose:
                rows.notices.append(
                    LocalizedError("ministry.notice.sheet_not_read", sheet=sheet.title)
                )
            continue
        for row in loose:
            unread += 1
            if unread <= MAX_NOTICES:
                rows.notices.append(
                    LocalizedError("ministry.notice.row_not_read", sheet=sheet.title, row=row)
                )
    if unread > MAX_NOTICES:
        rows.notices.append(LocalizedError("ministry.notice.more_rows", count=unread - MAX_NOTICES))
    return rows


def read_values(
    file: MinistryFile, template: Template, base: Mapping[str, Any], *, lang: str | None = None
) -> Incoming:
    """Every question of the workbook, read; ``base`` (the values sent) keeps a grid's mode."""
    meta = file.meta
    check_questions(meta, template)
    questions = meta.questions()
    rows = _find_rows(file.workbook, set(questions))
    reader = _QuestionReader(rows, lang or meta.language, file.workbook.epoch_1904)
    values: dict[str, Any] = {}
    problems: dict[str, tuple[CellProblem, ...]] = {}
    for key in questions:
        question = template.question(key)
        reader.problems = []
        try:
            value = reader.read(question, base.get(key))
        except _Located as located:
            reader.note(question, located)
        if reader.problems:
            problems[key] = tuple(reader.problems)
        else:
            values[key] = value
    return Incoming(values, problems, tuple(rows.notices))


class _QuestionReader:
    def __init__(self, rows: _Rows, lang: str, epoch_1904: bool) -> None:
        self.rows, self.lang, self.epoch_1904 = rows, lang, epoch_1904
        self.problems: list[CellProblem] = []

    def note(self, question: Question, located: _Located) -> None:
        # A row that is not there at all has no cell to name.
        cell = f"{get_column_letter(located.column)}{located.row}" if located.row else "—"
        self.problems.append(CellProblem(located.sheet.title, cell, question, located.error))

    def place(self, key: str) -> tuple[RawSheet, int]:
        found = self.rows.one(key)
        if found is None:
            raise _Located(_NOWHERE, 0, CellError("ministry.value.row_missing", key=key))
        return found

    def cell(self, sheet: RawSheet, row: int, column: int, read: Callable[[Any], Any]) -> Any:
        """``read`` applied to one cell; a problem is noted and gives None (the question fails)."""
        try:
            return read(cell_at(sheet, row, column))
        except CellError as exc:
            self.problems.append(_problem(sheet, row, column, self._question, exc))
            return None

    def read(self, question: Question, base: Any) -> Any:
        self._question = question
        readers = {
            "multi_choice": self._multi_choice,
            "contact": self._contact,
            "table": self._table,
            "grid": self._grid,
        }
        value = readers.get(question.type, self._scalar)(question, base)
        if self.problems:
            return None
        try:
            return normalise(question, value, self.lang)
        except InvalidValue as exc:  # a rule across cells (a table's unique columns, say)
            sheet, row = self.place(_first_key(question))
            raise _Located(sheet, row, CellError("ministry.value.invalid", problem=exc)) from None

    def _scalar(self, question: Question, base: Any) -> Any:
        del base
        sheet, row = self.place(keys.answer(question.key))
        return self.cell(
            sheet,
            row,
            keys.ANSWER_COLUMN,
            partial(self._scalar_cell, question),
        )

    def _multi_choice(self, question: Question, base: Any) -> Any:
        del base
        chosen = []
        for choice in question.choices:
            sheet, row = self.place(keys.option(question.key, choice.code))
            if self.cell(sheet, row, keys.ANSWER_COLUMN, read_tick):
                chosen.append(choice.code)
        return chosen

    def _contact(self, question: Question, base: Any) -> Any:
        del base
        contact: dict[str, Any] = {}
        for name in CONTACT_FIELDS:
            sheet, row = self.place(keys.part(question.key, name))
            read = read_title if name == "title" else self._text
            contact[name] = self.cell(sheet, row, keys.ANSWER_COLUMN, read)
        return contact

    def _scalar_cell(self, question: Question, cell: Any) -> Any:
        return read_scalar(question, cell, self.lang, self.epoch_1904)

    def _text(self, cell: Any) -> str | None:
        return read_text(cell, self.epoch_1904)

    def _columns(self, question: Question, ids: list[str]) -> dict[str, int]:
        """Where each column now is, from the hidden row that names them."""
        sheet, row = self.place(keys.columns(question.key))
        found: dict[str, int] = {}
        for (number, column), cell in sheet.cells.items():
            if number == row and column >= keys.ANSWER_COLUMN and isinstance(cell.value, str):
                found.setdefault(cell.value.strip(), column)
        missing = [ident for ident in ids if ident not in found]
        if missing:
            raise _Located(
                sheet, row, CellError("ministry.value.column_missing", column=missing[0])
            )
        return {ident: found[ident] for ident in ids}

    def _table(self, question: Question, base: Any) -> Any:
        del base
        where = self._columns(question, [column.local_key for column in question.columns])
        numbered: list[tuple[int, dict[str, Any]]] = []
        prefix = keys.row(question.key, keys.TABLE_ROW)
        for key, sheet, row in self.rows.starting(prefix):
            number = key[len(prefix) :]
            if not number.isdigit():
                continue
            self.place(key)  # a row copied by the ministry is an error, not a second row
            values = {
                column.key: self.cell(
                    sheet, row, where[column.local_key], partial(self._scalar_cell, column)
                )
                for column in question.columns
            }
            numbered.append((int(number), values))
        return [values for _, values in sorted(numbered, key=lambda item: item[0])]

    def _grid(self, question: Question, base: Any) -> Any:
        grid: dict[str, Any] = {}
        sheet, row = self.place(keys.part(question.key, keys.GRID_TOTAL))
        grid["total"] = self.cell(
            sheet,
            row,
            keys.ANSWER_COLUMN,
            partial(self._scalar_cell, _COUNT),
        )
        sheet, row = self.place(keys.part(question.key, keys.GRID_REASON))
        grid["not_disaggregated"] = self.cell(sheet, row, keys.ANSWER_COLUMN, self._text)
        *outer, last = question.dimensions
        where = self._columns(question, list(last.codes()))
        cells: dict[str, Any] = {}
        for combination in _product(outer):
            prefix = grids.SEPARATOR.join(combination)
            sheet, row = self.place(keys.grid_row(question.key, prefix))
            for code in last.codes():
                number = self.cell(
                    sheet,
                    row,
                    where[code],
                    partial(self._scalar_cell, _COUNT),
                )
                if number is not None:
                    cells[f"{prefix}{grids.SEPARATOR}{code}" if prefix else code] = number
        grid["cells"] = cells
        margins: dict[str, dict[str, Any]] = {}
        if len(question.dimensions) > 1:
            for dimension in question.dimensions:
                members: dict[str, Any] = {}
                for code in dimension.codes():
                    sheet, row = self.place(keys.margin(question.key, dimension.name, code))
                    number = self.cell(
                        sheet,
                        row,
                        keys.ANSWER_COLUMN,
                        partial(self._scalar_cell, _COUNT),
                    )
                    if number is not None:
                        members[code] = number
                if members:
                    margins[dimension.name] = members
        grid["margins"] = margins
        grid["mode"] = _grid_mode(question, grid, base)
        return grid


def _grid_mode(question: Question, grid: dict[str, Any], base: Any) -> str | None:
    """The mode sent, while its entries (or no entries at all) are what came back; else the
    mode the ministry's entries show (``normalise`` picks it)."""
    sent = base.get("mode") if isinstance(base, dict) else None
    if sent not in grids.modes(question):
        return None
    anything = bool(grid["cells"]) or any(grid["margins"].values())
    if not anything or grids.entries({**grid, "mode": sent}):
        return str(sent)
    return None


def _product(dimensions: list[Any]) -> list[tuple[str, ...]]:
    combos: list[tuple[str, ...]] = [()]
    for dimension in dimensions:
        combos = [(*combo, code) for combo in combos for code in dimension.codes()]
    return combos


def _first_key(question: Question) -> str:
    if question.type == "table":
        return keys.columns(question.key)
    if question.type == "grid":
        return keys.part(question.key, keys.GRID_TOTAL)
    if question.type == "contact":
        return keys.part(question.key, CONTACT_FIELDS[0])
    if question.type == "multi_choice" and question.choices:
        return keys.option(question.key, question.choices[0].code)
    return keys.answer(question.key)


def _problem(
    sheet: RawSheet, row: int, column: int, question: Question, error: LocalizedError
) -> CellProblem:
    return CellProblem(sheet.title, f"{get_column_letter(column)}{row}", question, error)


_NOWHERE: Final = RawSheet(title="—", state="visible", cells={}, merges=())
# A grid's entries are counts: each is read as the answer to this one.
_COUNT: Final = Question(key="grid.cell", type="count", label=Text("", ""), help=None, tags=())
