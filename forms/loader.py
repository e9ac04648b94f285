"""The strict template loader: YAML data in, a frozen :class:`Template` out, or a located error.

Reading happens in two passes: :func:`parse_template` builds every section and question (checking
each object's own keys and types), then :mod:`forms.crossrefs` checks what spans objects: references
to questions, condition operands, and cycles.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from functools import cache
from pathlib import Path
from typing import Any, Final

from forms.catalogue import Catalogue, load_catalogue
from forms.crossrefs import check_references
from forms.model import (
    ADDRESSEES,
    COLUMN_TYPES,
    DEFAULT_TEXT_LENGTH,
    LONG_TEXT_LENGTH,
    PREFILLS,
    QUESTION_TYPES,
    Choice,
    Dimension,
    Part,
    Question,
    Rule,
    Section,
    Template,
    Text,
)
from forms.reader import Reader, TemplateError, join
from forms.rule_parser import KEY, parse_breakdown, parse_computed, parse_condition, parse_rule
from forms.yaml_strict import StrictYamlError, load_yaml

TEMPLATE_DIR: Final = Path(__file__).with_name("data") / "templates"
CODE: Final = r"[a-z0-9_]+"
TAG: Final = r"\[(BMS8|PoA|ITI|SDG|RevCon3|RevCon4|FP|ATT) [^\]\s][^\]]*\]"
ISO_DATE: Final = r"\d{4}-\d{2}-\d{2}"

_QUESTION_KEYS: Final = (
    "key",
    "type",
    "label",
    "help",
    "tags",
    "required",
    "relevant",
    "rules",
    "choices",
    "max_length",
    "min",
    "max",
    "unit",
    "columns",
    "min_rows",
    "row_rules",
    "dimensions",
    "unique",
    "prefill",
)
# Keys that only some types accept.
_TYPE_KEYS: Final = {
    "choices": ("single_choice", "multi_choice"),
    "max_length": ("text", "long_text"),
    "min": ("count", "decimal", "year", "date"),
    "max": ("count", "decimal", "year", "date"),
    "unit": ("count", "decimal"),
    "columns": ("table",),
    "min_rows": ("table",),
    "row_rules": ("table",),
    "unique": ("table",),
    "prefill": ("country", "single_choice"),
    "dimensions": ("grid",),
}


class _TemplateParser:
    def __init__(self, data: Any, source: str, catalogue: Catalogue | None) -> None:
        self.r = Reader(source)
        self.data = data
        self.catalogue = catalogue
        self.choice_lists: dict[str, tuple[Choice, ...]] = {}
        self.dimensions: dict[str, Dimension] = {}
        self.blocks: dict[str, list[Any]] = {}

    # -- top level -------------------------------------------------------------------------
    def parse(self) -> Template:
        top = self.r.mapping(
            self.data,
            "",
            required=("id", "version", "catalogue", "languages", "title", "parts"),
            optional=(
                "choice_lists",
                "dimensions",
                "blocks",
                "addressee_blocks",
                "rules",
                "computed",
                "breakdowns",
            ),
        )
        languages = self.r.sequence(top["languages"], "languages", non_empty=True)
        if languages != ["en", "fr"]:
            self.r.fail("languages", "this version supports exactly [en, fr]")
        template_id = self.r.string(top["id"], "id", pattern=r"[a-z0-9-]+")
        version = self.r.integer(top["version"], "version", minimum=1)
        catalogue_id = self.r.string(top["catalogue"], "catalogue", pattern=r"[a-z0-9-]+")
        if self.catalogue is None:
            try:
                self.catalogue = load_catalogue(catalogue_id)
            except (OSError, ValueError) as exc:
                self.r.fail("catalogue", f"cannot load catalogue {catalogue_id!r}: {exc}")
        self._choice_lists(top.get("choice_lists", {}))
        self._dimensions(top.get("dimensions", {}))
        self._blocks(top.get("blocks", {}))
        addressee_blocks = self._addressee_blocks(top.get("addressee_blocks", {}))
        parts = tuple(
            self._part(item, join("parts", i), addressee_blocks)
            for i, item in enumerate(self.r.sequence(top["parts"], "parts", non_empty=True))
        )
        rules = tuple(
            parse_rule(self.r, item, join("rules", i), section=None, columns=None)
            for i, item in enumerate(self.r.sequence(top.get("rules", []), "rules"))
        )
        computed = tuple(
            parse_computed(self.r, item, join("computed", i))
            for i, item in enumerate(self.r.sequence(top.get("computed", []), "computed"))
        )
        breakdowns = tuple(
            parse_breakdown(self.r, item, join("breakdowns", i))
            for i, item in enumerate(self.r.sequence(top.get("breakdowns", []), "breakdowns"))
        )
        template = Template(
            id=template_id,
            version=version,
            catalogue=catalogue_id,
            title=self.r.text(top["title"], "title"),
            languages=tuple(languages),
            parts=parts,
            rules=rules,
            computed=computed,
            breakdowns=breakdowns,
            source_name=self.r.source,
        )
        check_references(template, self.r)
        return template

    def _choice_lists(self, value: Any) -> None:
        for name, items in self.r.mapping(
            value, "choice_lists", optional=list(value or {})
        ).items():
            path = join("choice_lists", name)
            self.r.string(name, path, pattern=KEY)
            self.choice_lists[name] = self._choices(items, path)

    def _choices(self, items: Any, path: str) -> tuple[Choice, ...]:
        choices: list[Choice] = []
        for i, item in enumerate(self.r.sequence(items, path, non_empty=True)):
            item_path = join(path, i)
            fields = self.r.mapping(item, item_path, required=("code", "label"))
            code = self.r.string(fields["code"], join(item_path, "code"), pattern=CODE)
            if any(choice.code == code for choice in choices):
                self.r.fail(item_path, f"duplicate code {code!r}")
            choices.append(Choice(code, self.r.text(fields["label"], join(item_path, "label"))))
        return tuple(choices)

    def _dimensions(self, value: Any) -> None:
        for name, item in self.r.mapping(value, "dimensions", optional=list(value or {})).items():
            path = join("dimensions", name)
            self.r.string(name, path, pattern=KEY)
            fields = self.r.mapping(item, path, required=("label", "members"))
            members = self._choices(fields["members"], join(path, "members"))
            if "unknown" not in {member.code for member in members}:
                self.r.fail(join(path, "members"), "a dimension needs the member 'unknown'")
            self.dimensions[name] = Dimension(
                name, self.r.text(fields["label"], join(path, "label")), members
            )

    def _blocks(self, value: Any) -> None:
        for name, item in self.r.mapping(value, "blocks", optional=list(value or {})).items():
            path = join("blocks", name)
            self.r.string(name, path, pattern=KEY)
            fields = self.r.mapping(item, path, required=("questions",))
            self.blocks[name] = self.r.sequence(fields["questions"], join(path, "questions"))

    def _addressee_blocks(self, value: Any) -> dict[str, str]:
        fields = self.r.mapping(value, "addressee_blocks", optional=ADDRESSEES)
        for addressee, block in fields.items():
            if block not in self.blocks:
                self.r.fail(join("addressee_blocks", addressee), f"unknown block {block!r}")
        return fields

    # -- parts and sections ----------------------------------------------------------------
    def _part(self, value: Any, path: str, addressee_blocks: Mapping[str, str]) -> Part:
        fields = self.r.mapping(
            value, path, required=("key", "title"), optional=("help", "sections", "commitments")
        )
        key = self.r.string(fields["key"], join(path, "key"), pattern=KEY)
        if ("sections" in fields) == ("commitments" in fields):
            self.r.fail(path, "a part has either 'sections' or 'commitments'")
        if "sections" in fields:
            sections = tuple(
                self._section(item, join(join(path, "sections"), i), key)
                for i, item in enumerate(
                    self.r.sequence(fields["sections"], join(path, "sections"), non_empty=True)
                )
            )
        else:
            sections = self._commitments(
                fields["commitments"], join(path, "commitments"), key, addressee_blocks
            )
        return Part(
            key=key,
            title=self.r.text(fields["title"], join(path, "title")),
            help=self._optional_text(fields, "help", path),
            sections=sections,
        )

    def _section(self, value: Any, path: str, part_key: str) -> Section:
        fields = self.r.mapping(
            value, path, required=("key", "title", "questions"), optional=("help", "tags")
        )
        key = self.r.string(fields["key"], join(path, "key"), pattern=KEY)
        tags = self._tags(fields.get("tags", []), join(path, "tags"))
        items = self.r.sequence(fields["questions"], join(path, "questions"), non_empty=True)
        return Section(
            key=key,
            part_key=part_key,
            title=self.r.text(fields["title"], join(path, "title")),
            help=self._optional_text(fields, "help", path),
            questions=self._questions(items, join(path, "questions"), key, tags),
        )

    def _commitments(
        self, value: Any, path: str, part_key: str, addressee_blocks: Mapping[str, str]
    ) -> tuple[Section, ...]:
        assert self.catalogue is not None  # noqa: S101 - set in parse()
        fields = self.r.mapping(value, path, required=("first", "last"), optional=("extra",))
        first = self.r.integer(fields["first"], join(path, "first"), minimum=1)
        last = self.r.integer(fields["last"], join(path, "last"), minimum=first)
        extra: dict[Any, Any] = self.r.mapping(
            fields.get("extra", {}), join(path, "extra"), optional=list(fields.get("extra") or {})
        )
        for extra_key in extra:
            if not isinstance(extra_key, int) or not first <= extra_key <= last:
                self.r.fail(join(join(path, "extra"), str(extra_key)), "not a paragraph in range")
        sections: list[Section] = []
        for number in range(first, last + 1):
            try:
                paragraph = self.catalogue.paragraph(number)
            except KeyError:
                self.r.fail(path, f"paragraph {number} is not in the catalogue")
            block = addressee_blocks.get(paragraph.addressee)
            if block is None:
                self.r.fail("addressee_blocks", f"no block for addressee {paragraph.addressee!r}")
            key = f"p{number}"
            block_path = join("blocks", block)
            questions = self._questions(
                self.blocks[block],
                join(block_path, "questions"),
                key,
                (f"[BMS8 {number}]",),
                context=f" (paragraph {number})",
            )
            extra_items = self.r.sequence(extra.get(number, []), join(join(path, "extra"), number))
            questions += self._questions(
                extra_items,
                join(join(path, "extra"), str(number)),
                key,
                (f"[BMS8 {number}]",),
                existing={question.local_key for question in questions},
            )
            sections.append(
                Section(
                    key=key,
                    part_key=part_key,
                    title=Text(en=paragraph.title_en, fr=paragraph.title_fr),
                    help=None,
                    questions=questions,
                    paragraph=number,
                    heading_path=paragraph.heading_path,
                    addressee=paragraph.addressee,
                )
            )
        return tuple(sections)

    # -- questions -------------------------------------------------------------------------
    def _questions(
        self,
        items: list[Any],
        path: str,
        section_key: str,
        inherited_tags: tuple[str, ...],
        *,
        context: str = "",
        existing: set[str] | None = None,
    ) -> tuple[Question, ...]:
        seen = set(existing or ())
        questions: list[Question] = []
        for i, item in enumerate(items):
            question = self._question(item, join(path, i) + context, section_key, inherited_tags)
            if question.local_key in seen:
                self.r.fail(join(path, i) + context, f"duplicate question key {question.key!r}")
            seen.add(question.local_key)
            questions.append(question)
        return tuple(questions)

    def _question(
        self,
        value: Any,
        path: str,
        section_key: str,
        inherited_tags: tuple[str, ...],
        *,
        column: bool = False,
    ) -> Question:
        fields = self.r.mapping(
            value, path, required=("key", "type", "label"), optional=_QUESTION_KEYS
        )
        local = self.r.string(fields["key"], join(path, "key"), pattern=KEY)
        path = f"{path} ({section_key}.{local})" if not column else path
        qtype = self.r.string(fields["type"], join(path, "type"))
        allowed_types = COLUMN_TYPES if column else QUESTION_TYPES
        if qtype not in allowed_types:
            self.r.fail(join(path, "type"), f"unknown question type {qtype!r}")
        for name, types in _TYPE_KEYS.items():
            if name in fields and qtype not in types:
                self.r.fail(join(path, name), f"not allowed for type {qtype!r}")
        if column:
            for name in ("relevant", "rules", "tags"):
                if name in fields:
                    self.r.fail(join(path, name), "not allowed for a table column")
        elif "help" not in fields:
            self.r.fail(path, "missing key 'help'")
        tags = inherited_tags + self._tags(fields.get("tags", []), join(path, "tags"))
        if not column and not tags:
            self.r.fail(join(path, "tags"), "a question needs at least one source tag")
        full_key = local if column else f"{section_key}.{local}"
        return Question(
            key=full_key,
            type=qtype,
            label=self.r.text(fields["label"], join(path, "label")),
            help=self._optional_text(fields, "help", path),
            tags=tuple(dict.fromkeys(tags)),
            required=self.r.boolean(fields.get("required", False), join(path, "required")),
            relevant=parse_condition(
                self.r, fields["relevant"], join(path, "relevant"), section_key
            )
            if "relevant" in fields
            else None,
            rules=tuple(
                parse_rule(
                    self.r, item, join(join(path, "rules"), i), section=section_key, columns=None
                )
                for i, item in enumerate(
                    self.r.sequence(fields.get("rules", []), join(path, "rules"))
                )
            ),
            choices=self._choice_ref(fields, qtype, path),
            max_length=self._max_length(fields, qtype, path),
            min=self._bound(fields, "min", qtype, path),
            max=self._bound(fields, "max", qtype, path),
            unit=self._optional_text(fields, "unit", path),
            columns=self._columns(fields, qtype, path, section_key),
            min_rows=self.r.integer(fields.get("min_rows", 0), join(path, "min_rows"), minimum=0),
            row_rules=self._row_rules(fields, path, section_key),
            dimensions=self._dimension_refs(fields, qtype, path),
            unique=self._unique(fields, path),
            prefill=self._prefill(fields, qtype, path),
        )

    def _unique(self, fields: dict[str, Any], path: str) -> tuple[tuple[str, ...], ...]:
        """Each entry is a column, or a list of columns whose combination is unique."""
        entries = self.r.sequence(fields.get("unique", []), join(path, "unique"))
        columns = [
            item.get("key") for item in fields.get("columns", []) if isinstance(item, Mapping)
        ]
        groups: list[tuple[str, ...]] = []
        for i, entry in enumerate(entries):
            names = entry if isinstance(entry, list) else [entry]
            for name in names:
                if name not in columns:
                    self.r.fail(join(join(path, "unique"), i), f"unknown column {name!r}")
            groups.append(tuple(names))
        return tuple(groups)

    def _prefill(self, fields: dict[str, Any], qtype: str, path: str) -> str | None:
        if "prefill" not in fields:
            return None
        source = self.r.string(fields["prefill"], join(path, "prefill"))
        if PREFILLS.get(source) != qtype:
            self.r.fail(join(path, "prefill"), f"cannot prefill a {qtype} question from {source!r}")
        return source

    def _choice_ref(self, fields: dict[str, Any], qtype: str, path: str) -> tuple[Choice, ...]:
        if qtype not in ("single_choice", "multi_choice"):
            return ()
        if "choices" not in fields:
            self.r.fail(path, f"a {qtype} question needs 'choices'")
        name = self.r.string(fields["choices"], join(path, "choices"))
        if name not in self.choice_lists:
            self.r.fail(join(path, "choices"), f"unknown choice list {name!r}")
        return self.choice_lists[name]

    def _max_length(self, fields: dict[str, Any], qtype: str, path: str) -> int | None:
        if qtype not in ("text", "long_text"):
            return None
        default = DEFAULT_TEXT_LENGTH if qtype == "text" else LONG_TEXT_LENGTH
        value = self.r.integer(
            fields.get("max_length", default), join(path, "max_length"), minimum=1
        )
        if value > LONG_TEXT_LENGTH:
            self.r.fail(join(path, "max_length"), f"at most {LONG_TEXT_LENGTH} characters")
        return value

    def _bound(self, fields: dict[str, Any], name: str, qtype: str, path: str) -> int | str | None:
        if name not in fields:
            return None
        value, where = fields[name], join(path, name)
        if qtype == "date":
            return self.r.string(value, where, pattern=ISO_DATE)
        if qtype == "decimal" and isinstance(value, str):
            try:
                Decimal(value)
            except InvalidOperation:
                self.r.fail(where, f"{value!r} is not a decimal number")
            return value
        return self.r.integer(value, where)

    def _columns(
        self, fields: dict[str, Any], qtype: str, path: str, section_key: str
    ) -> tuple[Question, ...]:
        if qtype != "table":
            return ()
        if "columns" not in fields:
            self.r.fail(path, "a table needs 'columns'")
        items = self.r.sequence(fields["columns"], join(path, "columns"), non_empty=True)
        columns: list[Question] = []
        for i, item in enumerate(items):
            column = self._question(
                item, join(join(path, "columns"), i), section_key, (), column=True
            )
            if any(existing.key == column.key for existing in columns):
                self.r.fail(join(join(path, "columns"), i), f"duplicate column {column.key!r}")
            columns.append(column)
        return tuple(columns)

    def _row_rules(self, fields: dict[str, Any], path: str, section_key: str) -> tuple[Rule, ...]:
        items = self.r.sequence(fields.get("row_rules", []), join(path, "row_rules"))
        column_types = {}
        for item in self.r.sequence(fields.get("columns", []), join(path, "columns")):
            if isinstance(item, Mapping):
                column_types[item.get("key")] = item.get("type")
        return tuple(
            parse_rule(
                self.r,
                item,
                join(join(path, "row_rules"), i),
                section=section_key,
                columns=column_types,
            )
            for i, item in enumerate(items)
        )

    def _dimension_refs(
        self, fields: dict[str, Any], qtype: str, path: str
    ) -> tuple[Dimension, ...]:
        if qtype != "grid":
            return ()
        if "dimensions" not in fields:
            self.r.fail(path, "a grid needs 'dimensions'")
        names = self.r.sequence(fields["dimensions"], join(path, "dimensions"), non_empty=True)
        dims: list[Dimension] = []
        for i, name in enumerate(names):
            if name not in self.dimensions:
                self.r.fail(join(join(path, "dimensions"), i), f"unknown dimension {name!r}")
            if any(dim.name == name for dim in dims):
                self.r.fail(join(join(path, "dimensions"), i), f"dimension {name!r} repeated")
            dims.append(self.dimensions[name])
        return tuple(dims)

    # -- conditions, rules, computed values ------------------------------------------------
    def _tags(self, value: Any, path: str) -> tuple[str, ...]:
        items = self.r.sequence(value, path)
        return tuple(
            self.r.string(item, join(path, i), pattern=TAG) for i, item in enumerate(items)
        )

    def _optional_text(self, fields: dict[str, Any], name: str, path: str) -> Text | None:
        return self.r.text(fields[name], join(path, name)) if name in fields else None


def parse_template(data: Any, source_name: str, catalogue: Catalogue | None = None) -> Template:
    """Build a template from parsed data; no file I/O except loading the named catalogue."""
    return _TemplateParser(data, source_name, catalogue).parse()


def load_template_file(path: Path, catalogue: Catalogue | None = None) -> Template:
    """Read and check one template file."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise TemplateError(path.name, "", f"cannot read the file: {exc}") from exc
    try:
        data = load_yaml(text, path.name)
    except StrictYamlError as exc:
        raise TemplateError(path.name, "", str(exc)) from exc
    return parse_template(data, path.name, catalogue)


def available_templates() -> list[tuple[str, int]]:
    """(id, version) of every template shipped with the program, oldest version first."""
    found: list[tuple[str, int]] = []
    for path in TEMPLATE_DIR.glob("*.v*.yaml"):
        match = re.fullmatch(r"([a-z0-9-]+)\.v(\d+)\.yaml", path.name)
        if match:
            found.append((match.group(1), int(match.group(2))))
    return sorted(found)


@cache
def load_template(template_id: str = "bms8-2022", version: int | None = None) -> Template:
    """A shipped template, by id and version (the newest version when ``version`` is None)."""
    versions = [v for tid, v in available_templates() if tid == template_id]
    if not versions or (version is not None and version not in versions):
        raise TemplateError(f"{template_id}.v{version or '?'}.yaml", "", "no such template")
    chosen = version if version is not None else max(versions)
    return load_template_file(TEMPLATE_DIR / f"{template_id}.v{chosen}.yaml")


def main(argv: list[str] | None = None) -> int:
    """Check template files: ``python -m forms.loader FILE...``."""
    status = 0
    for name in argv if argv is not None else sys.argv[1:]:
        try:
            template = load_template_file(Path(name))
        except TemplateError as exc:
            print(exc, file=sys.stderr)
            status = 1
            continue
        count = sum(1 for _ in template.questions())
        sections = sum(1 for _ in template.sections())
        print(f"{name}: {template.id} v{template.version}: {sections} sections, {count} questions")
    return status


if __name__ == "__main__":
    raise SystemExit(main())
