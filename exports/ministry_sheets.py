"""One input sheet of a ministry workbook: a section's questions as cells a ministry can fill in.

Column A holds each row's key (see ``ministry_keys``) and is hidden; column B holds the labels;
answers go in column C, or from C on for tables and grids. Every cell is locked except the
answer cells (yellow), so a ministry cannot overwrite a label or a key by mistake; the sheet is
protected without a password, because protection is a guide, not a security measure, and a
ministry must be able to lift it if its own procedures require.

Each answer cell gets what helps people type the right thing: a dropdown for choices, a
whole-number rule for counts, a date rule for dates, a text format for texts and codes (so
Excel keeps "007" and "1-2" as typed), and the question's help as a comment. Grids are laid out
as grids with SUM formulas for their totals; the importer reads only the entry cells.

What cannot travel in a cell — attached files, a text longer than a cell holds — is shown
locked, with a note, and is neither sent nor read back.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any, Final

from openpyxl.cell.cell import Cell
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from exports import ministry_keys as keys
from exports.excel_cells import (
    BOLD,
    CELL_LIMIT,
    HEADER_FILL,
    MUTED,
    SUBTITLE,
    TEXT_FORMAT,
    cell_cost,
    fit_row_heights,
    put_date,
    put_decimal,
    put_int,
    put_text,
    set_widths,
)
from forms import grids
from forms.countries import all_countries
from forms.i18n import tr
from forms.model import (
    COLUMN_TYPES,
    CONTACT_FIELDS,
    CONTACT_TITLES,
    YES_NO_DEV,
    Question,
    Section,
)

ANSWER_FILL: Final = PatternFill("solid", fgColor="FFFFF2CC")
FORMULA_FONT: Final = Font(bold=True, color="FF333333")
UNLOCKED: Final = Protection(locked=False)
LISTS_SHEET: Final = "_lists"
TABLE_SPARE_ROWS: Final = 10  # blank rows offered below a table's current rows
TABLE_MIN_ROWS: Final = 15
HELP_LIMIT: Final = 2000  # characters of help in a comment; a comment is not a document
# One answer in one cell: what a table column may be, but a list of choices.
SCALAR_TYPES: Final = tuple(kind for kind in COLUMN_TYPES if kind != "multi_choice")
TEXT_TYPES: Final = ("text", "long_text", "country")
MULTI_SEPARATOR: Final = "; "  # between the choices of a table cell
# Excel's date serials for 1900-01-01 and 9999-12-31: any real date.
_FIRST_DATE, _LAST_DATE = 1, 2958465


class Lists:
    """The hidden sheet that holds every dropdown's choices, one list per column.

    Dropdowns refer to a range there rather than listing their choices inline: an inline list
    is limited to 255 characters and breaks on a comma inside a label.
    """

    def __init__(self, ws: Worksheet) -> None:
        self.ws = ws
        self._ranges: dict[tuple[str, ...], str] = {}

    def formula(self, labels: Iterable[str]) -> str:
        items = tuple(labels)
        if items not in self._ranges:
            column = get_column_letter(len(self._ranges) + 1)
            for number, label in enumerate(items, start=1):
                put_text(self.ws.cell(number, len(self._ranges) + 1), label)
            self._ranges[items] = f"{LISTS_SHEET}!${column}$1:${column}${len(items)}"
        return f"={self._ranges[items]}"


@dataclass
class SheetWriter:
    """Writes one section's questions, row by row, and records every answer cell it makes."""

    ws: Worksheet
    lang: str
    lists: Lists
    row: int = 1
    answer_cells: list[tuple[str, str, str]] = field(default_factory=list)  # key, question, cell
    sent: dict[str, Any] = field(default_factory=dict)  # question key → value sent
    _validations: dict[tuple[str, ...], DataValidation] = field(default_factory=dict)
    widest_table: int = 1

    # -- the sheet ------------------------------------------------------------------------------
    def write_section(self, section: Section, title: str, answers: dict[str, Any]) -> None:
        cell = self.ws.cell(1, keys.LABEL_COLUMN)
        put_text(cell, title, wrap=True)
        cell.font = SUBTITLE
        if section.help is not None:
            _comment(cell, section.help.get(self.lang))
        note = self.ws.cell(2, keys.LABEL_COLUMN)
        put_text(note, tr("ministry.sheet.note", self.lang), wrap=True)
        note.font = MUTED
        self.row = 4
        for question in section.questions:
            self.write_question(question, answers.get(question.key))
            self.row += 1
        self.finish()

    def finish(self) -> None:
        ws = self.ws
        set_widths(ws, [4, 60, *([40] if self.widest_table <= 1 else [18] * self.widest_table)])
        ws.column_dimensions["A"].hidden = True
        fit_row_heights(ws)
        ws.freeze_panes = "C4"
        ws.sheet_view.zoomScale = 100
        protection = ws.protection
        protection.sheet = True
        # Let the ministry resize, format, insert rows and sort: the keys survive all of that.
        protection.formatCells = False
        protection.formatColumns = False
        protection.formatRows = False
        protection.insertRows = False
        protection.sort = False
        protection.autoFilter = False
        ws.page_setup.orientation = "landscape"
        ws.page_setup.fitToWidth = 1
        ws.page_setup.fitToHeight = 0
        ws.sheet_properties.pageSetUpPr.fitToPage = True

    # -- questions ------------------------------------------------------------------------------
    def write_question(self, question: Question, value: Any) -> None:
        if question.type in SCALAR_TYPES:
            self._scalar(question, value)
        elif question.type == "multi_choice":
            self._multi(question, value)
        elif question.type == "contact":
            self._contact(question, value)
        elif question.type == "table":
            self._table(question, value)
        elif question.type == "grid":
            self._grid(question, value)
        else:  # attachments: files travel separately
            self._label(question)
            self._note(tr("ministry.sheet.not_exchanged.attachment", self.lang))

    def _scalar(self, question: Question, value: Any) -> None:
        if value is not None and _too_long(question, value):
            self._label(question)
            self._note(tr("ministry.sheet.not_exchanged.too_long", self.lang))
            return
        self._label(question, key=keys.answer(question.key))
        self._answer(self.row - 1, keys.ANSWER_COLUMN, question, value, question.key)
        self.sent[question.key] = value

    def _multi(self, question: Question, value: Any) -> None:
        self._label(question)
        chosen = set(value or ())
        mark = tr("choice.yes", self.lang)
        for choice in question.choices:
            self._key(keys.option(question.key, choice.code))
            put_text(
                self.ws.cell(self.row, keys.LABEL_COLUMN), f"    {choice.label.get(self.lang)}"
            )
            cell = self._input(
                self.row, keys.ANSWER_COLUMN, question.key, keys.option(question.key, choice.code)
            )
            if choice.code in chosen:
                put_text(cell, mark)
            self._validate(cell, "list", self.lists.formula([mark]))
            self.row += 1
        self.sent[question.key] = value

    def _contact(self, question: Question, value: Any) -> None:
        self._label(question)
        contact = value or {}
        for name in CONTACT_FIELDS:
            self._key(keys.part(question.key, name))
            put_text(
                self.ws.cell(self.row, keys.LABEL_COLUMN),
                f"    {tr(f'pdf.contact.{name}', self.lang)}",
            )
            cell = self._input(
                self.row, keys.ANSWER_COLUMN, question.key, keys.part(question.key, name)
            )
            cell.number_format = TEXT_FORMAT
            if name == "title":
                self._validate(cell, "list", self.lists.formula(_title_labels(self.lang)))
                if contact.get(name):
                    put_text(cell, tr(f"contact.title.{contact[name]}", self.lang))
            elif contact.get(name):
                put_text(cell, contact[name], code=True, wrap=True)
            self.row += 1
        self.sent[question.key] = value

    def _table(self, question: Question, value: Any) -> None:
        rows: list[dict[str, Any]] = list(value or [])
        if any(
            _too_long(column, row.get(column.key))
            for row in rows
            for column in question.columns
            if row.get(column.key) is not None
        ):
            self._label(question)
            self._note(tr("ministry.sheet.not_exchanged.too_long", self.lang))
            return
        self._label(question)
        columns = question.columns
        self.widest_table = max(self.widest_table, len(columns))
        self._columns_row(question.key, [column.local_key for column in columns])
        self._head(
            [tr("ministry.table.row", self.lang), *(_column_label(c, self.lang) for c in columns)],
            question.key,
        )
        count = max(len(rows) + TABLE_SPARE_ROWS, TABLE_MIN_ROWS, question.min_rows)
        for number in range(1, count + 1):
            key = keys.table_row(question.key, number)
            self._key(key)
            put_int(self.ws.cell(self.row, keys.LABEL_COLUMN), number, grouped=False)
            self.ws.cell(self.row, keys.LABEL_COLUMN).font = MUTED
            row_value = rows[number - 1] if number <= len(rows) else {}
            for offset, column in enumerate(columns):
                self._answer(
                    self.row,
                    keys.ANSWER_COLUMN + offset,
                    column,
                    row_value.get(column.key),
                    question.key,
                    key,
                )
            self.row += 1
        self.sent[question.key] = value

    def _grid(self, question: Question, value: Any) -> None:
        grid = value or {}
        self._label(question)
        total_key = keys.part(question.key, keys.GRID_TOTAL)
        self._key(total_key)
        put_text(
            self.ws.cell(self.row, keys.LABEL_COLUMN), f"    {tr('ministry.grid.total', self.lang)}"
        )
        cell = self._input(self.row, keys.ANSWER_COLUMN, question.key, total_key)
        self._count_cell(cell, grid.get("total"))
        self.row += 2
        self._cross_table(question, grid.get("cells") or {})
        if len(question.dimensions) > 1:
            for dimension in question.dimensions:
                self._margin(
                    question, dimension.name, (grid.get("margins") or {}).get(dimension.name) or {}
                )
        reason_key = keys.part(question.key, keys.GRID_REASON)
        self._key(reason_key)
        put_text(
            self.ws.cell(self.row, keys.LABEL_COLUMN),
            f"    {tr('ministry.grid.reason', self.lang)}",
            wrap=True,
        )
        cell = self._input(self.row, keys.ANSWER_COLUMN, question.key, reason_key)
        cell.number_format = TEXT_FORMAT
        if grid.get("not_disaggregated"):
            put_text(cell, grid["not_disaggregated"], code=True, wrap=True)
        self.row += 1
        self.sent[question.key] = value

    def _cross_table(self, question: Question, cells: dict[str, int]) -> None:
        *outer, last = question.dimensions
        self.widest_table = max(self.widest_table, len(last.members) + 1)
        self._columns_row(question.key, [*last.codes(), keys.TOTAL_COLUMN])
        outer_label = " · ".join(d.label.get(self.lang) for d in outer)
        self._head(
            [
                outer_label,
                *(m.label.get(self.lang) for m in last.members),
                tr("xlsx.total", self.lang),
            ],
            question.key,
        )
        first = keys.ANSWER_COLUMN
        last_entry = first + len(last.members) - 1
        top = self.row
        for combination in itertools.product(*(d.members for d in outer)) or [()]:
            prefix = grids.SEPARATOR.join(m.code for m in combination)
            key = keys.grid_row(question.key, prefix)
            self._key(key)
            label = " · ".join(m.label.get(self.lang) for m in combination) or tr(
                "ministry.grid.all", self.lang
            )
            put_text(self.ws.cell(self.row, keys.LABEL_COLUMN), label)
            for offset, member in enumerate(last.members):
                cell_key = f"{prefix}{grids.SEPARATOR}{member.code}" if prefix else member.code
                cell = self._input(self.row, first + offset, question.key, key)
                self._count_cell(cell, cells.get(cell_key))
            self._formula(
                self.row,
                last_entry + 1,
                f"{_ref(self.row, first)}:{_ref(self.row, last_entry)}",
            )
            self.row += 1
        self._key(keys.row(question.key, "sum"))
        put_text(self.ws.cell(self.row, keys.LABEL_COLUMN), tr("xlsx.total", self.lang))
        self.ws.cell(self.row, keys.LABEL_COLUMN).font = BOLD
        for column in range(first, last_entry + 2):
            self._formula(self.row, column, f"{_ref(top, column)}:{_ref(self.row - 1, column)}")
        self.row += 2

    def _margin(self, question: Question, name: str, members: dict[str, int]) -> None:
        dimension = next(d for d in question.dimensions if d.name == name)
        cell = self.ws.cell(self.row, keys.LABEL_COLUMN)
        put_text(
            cell,
            tr("ministry.grid.by_dimension", self.lang, dimension=dimension.label.get(self.lang)),
        )
        cell.font = BOLD
        self.row += 1
        top = self.row
        for member in dimension.members:
            key = keys.margin(question.key, name, member.code)
            self._key(key)
            put_text(
                self.ws.cell(self.row, keys.LABEL_COLUMN), f"    {member.label.get(self.lang)}"
            )
            self._count_cell(
                self._input(self.row, keys.ANSWER_COLUMN, question.key, key),
                members.get(member.code),
            )
            self.row += 1
        self._key(keys.row(question.key, f"sum:{name}"))
        put_text(self.ws.cell(self.row, keys.LABEL_COLUMN), f"    {tr('xlsx.total', self.lang)}")
        self._formula(
            self.row,
            keys.ANSWER_COLUMN,
            f"{_ref(top, keys.ANSWER_COLUMN)}:{_ref(self.row - 1, keys.ANSWER_COLUMN)}",
        )
        self.row += 2

    # -- cells ----------------------------------------------------------------------------------
    def _key(self, text: str) -> None:
        put_text(self.ws.cell(self.row, keys.KEY_COLUMN), text)
        self.ws.cell(self.row, keys.KEY_COLUMN).font = MUTED

    def _label(self, question: Question, *, key: str | None = None) -> Cell:
        if key is not None:
            self._key(key)
        text = question.label.get(self.lang)
        if question.unit is not None:
            text = f"{text} ({question.unit.get(self.lang)})"
        if question.required:
            text = f"{text} *"
        cell = self.ws.cell(self.row, keys.LABEL_COLUMN)
        put_text(cell, text, wrap=True)
        cell.font = BOLD
        if question.help is not None:
            _comment(cell, question.help.get(self.lang))
        self.row += 1
        return cell

    def _note(self, text: str) -> None:
        cell = self.ws.cell(self.row, keys.LABEL_COLUMN)
        put_text(cell, f"    {text}", wrap=True)
        cell.font = MUTED
        self.row += 1

    def _head(self, labels: list[str], question_key: str) -> None:
        self._key(keys.row(question_key, "head"))
        for offset, label in enumerate(labels):
            cell = self.ws.cell(self.row, keys.LABEL_COLUMN + offset)
            put_text(cell, label, wrap=True)
            cell.font = BOLD
            cell.fill = HEADER_FILL
        self.row += 1

    def _columns_row(self, question_key: str, ids: list[str]) -> None:
        self._key(keys.columns(question_key))
        for offset, ident in enumerate(ids):
            put_text(self.ws.cell(self.row, keys.ANSWER_COLUMN + offset), ident)
        self.ws.row_dimensions[self.row].hidden = True
        self.row += 1

    def _input(self, row: int, column: int, question_key: str, cell_key: str) -> Cell:
        cell = self.ws.cell(row, column)
        cell.protection = UNLOCKED
        cell.fill = ANSWER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        self.answer_cells.append((cell_key, question_key, cell.coordinate))
        return cell

    def _formula(self, row: int, column: int, cells: str) -> None:
        """A total of ``cells`` ("C5:E5") that stays blank while they are all blank (never 0)."""
        cell = self.ws.cell(row, column)
        cell.value = f'=IF(COUNT({cells})=0,"",SUM({cells}))'
        cell.font = FORMULA_FONT
        cell.fill = HEADER_FILL
        cell.number_format = "#,##0"

    def _count_cell(self, cell: Cell, number: int | None) -> None:
        self._validate(cell, "whole", "0", operator="greaterThanOrEqual")
        if number is not None:
            put_int(cell, number)
        else:
            cell.number_format = "#,##0"
        cell.protection = UNLOCKED

    def _answer(
        self,
        row: int,
        column: int,
        question: Question,
        value: Any,
        question_key: str,
        cell_key: str | None = None,
    ) -> None:
        """One scalar answer cell, prefilled, with the rule and format its type needs."""
        cell = self._input(row, column, question_key, cell_key or question.key)
        qtype = question.type
        if qtype in ("yes_no_dev", "single_choice"):
            labels = _choice_labels(question, self.lang)
            self._validate(cell, "list", self.lists.formula(labels))
            if value is not None:
                put_text(cell, _choice_label(question, value, self.lang))
        elif qtype == "count":
            self._count_cell(cell, value)
        elif qtype == "year":
            self._validate(cell, "whole", "1000", "9999", operator="between")
            if value is not None:
                put_int(cell, value, grouped=False)
        elif qtype == "decimal":
            self._validate(cell, "decimal", "-1E+300", "1E+300", operator="between")
            if value is not None:
                put_decimal(cell, value)
        elif qtype == "date":
            self._validate(cell, "date", str(_FIRST_DATE), str(_LAST_DATE), operator="between")
            cell.number_format = "yyyy-mm-dd"
            if value is not None:
                put_date(cell, value)
        elif qtype == "multi_choice":  # a table column: the chosen labels, separated by ";"
            cell.number_format = TEXT_FORMAT
            choices = "; ".join(_choice_labels(question, self.lang))
            _comment(cell, tr("ministry.sheet.several_choices", self.lang, choices=choices))
            if value:
                chosen = [question.choice_label(code, self.lang) for code in value]
                put_text(cell, MULTI_SEPARATOR.join(chosen), code=True, wrap=True)
        else:  # texts and country codes: kept exactly as typed
            cell.number_format = TEXT_FORMAT
            if qtype == "country":
                self._validate(cell, "list", self.lists.formula(_country_codes()))
            elif question.max_length:
                self._validate(
                    cell, "textLength", "0", str(question.max_length), operator="between"
                )
            if value is not None:
                put_text(cell, value, code=True, wrap=True, exact=True)
        cell.protection = UNLOCKED
        cell.fill = ANSWER_FILL

    def _validate(
        self,
        cell: Cell,
        kind: str,
        first: str,
        second: str | None = None,
        *,
        operator: str | None = None,
    ) -> None:
        signature = (kind, first, second or "", operator or "")
        validation = self._validations.get(signature)
        if validation is None:
            validation = DataValidation(
                type=kind, formula1=first, formula2=second, operator=operator, allow_blank=True
            )
            validation.error = tr(f"ministry.validation.{kind}", self.lang)
            validation.errorTitle = tr("ministry.validation.title", self.lang)
            validation.showErrorMessage = True
            self.ws.add_data_validation(validation)
            self._validations[signature] = validation
        validation.add(cell)


def _ref(row: int, column: int) -> str:
    return f"{get_column_letter(column)}{row}"


def _comment(cell: Cell, text: str) -> None:
    if len(text) > HELP_LIMIT:
        text = text[: HELP_LIMIT - 1] + "…"
    comment = Comment(text, "poa-report")
    comment.width = 400
    comment.height = min(400, 60 + 15 * (len(text) // 60))
    cell.comment = comment


def _too_long(question: Question, value: Any) -> bool:
    return question.type in TEXT_TYPES and isinstance(value, str) and cell_cost(value) > CELL_LIMIT


def _column_label(column: Question, lang: str) -> str:
    text = column.label.get(lang)
    return f"{text} ({column.unit.get(lang)})" if column.unit else text


def choice_labels(question: Question, lang: str) -> list[str]:
    return _choice_labels(question, lang)


def _choice_labels(question: Question, lang: str) -> list[str]:
    return [_choice_label(question, code, lang) for code in question.choice_codes()]


def _choice_label(question: Question, code: str, lang: str) -> str:
    if question.type == "yes_no_dev" and code in YES_NO_DEV:
        return tr(f"choice.{code}", lang)
    return question.choice_label(code, lang)


def _title_labels(lang: str) -> list[str]:
    return [tr(f"contact.title.{title}", lang) for title in CONTACT_TITLES]


def _country_codes() -> Iterator[str]:
    return (country.alpha3 for country in all_countries())
