"""Build the commitment catalogue from the BMS8 outcome document (Issue 2).

Usage::

    .venv/bin/python tools/build_catalogue.py          # regenerate the JSON
    .venv/bin/python tools/build_catalogue.py --check  # exit 1 if it is stale

The source is the French report of the Eighth Biennial Meeting of States
(A/CONF.192/BMS/2022/3). Only its annex, the outcome document, is parsed:
paragraphs 1-20 (context), 21-95 (commitments, under headings) and 96
(closing). The body of the report before the annex also has paragraphs
numbered from 1 and headings numbered "I.", "II.", ...; it is skipped.

Text rules:

* A page break splits a paragraph into two lines separated by blank lines;
  a non-empty line that starts with a lowercase letter continues the
  previous block and is joined to it with one space.
* Every run of whitespace, including non-breaking and narrow non-breaking
  spaces, becomes one ASCII space and the text is stripped. (The seed holds
  none of those; the rule keeps ``text_fr`` comparable and searchable.)
* Conversion artefacts: markdown links ``[76/233](#)`` keep their text only,
  superscripts ``1^{er}`` / ``10^e`` become ``1er`` / ``10e``. Any other
  markdown character left over is an error.
* Everything else (apostrophes, accents, punctuation) is kept verbatim.

The symbol, language and date are not parsed (the seed does not carry the
symbol); they are constants below, and the date is checked against the
front matter. Short titles and addressees are our own data, kept by hand in
``tools/catalogue_titles.yaml``.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import sys
from collections.abc import Hashable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final

import yaml

ROOT: Final = Path(__file__).resolve().parent.parent
CATALOGUE_ID: Final = "bms8-2022"
SOURCE: Final = "seeds/000_dea605354deaa4b5.txt"
TITLES: Final = "tools/catalogue_titles.yaml"
OUTPUT: Final = ROOT / "forms" / "data" / "catalogue" / f"{CATALOGUE_ID}.json"

SYMBOL: Final = "A/CONF.192/BMS/2022/3"
LANGUAGE: Final = "fr"
DATE: Final = "2022-07-12"
DATE_LINE: Final = "12 juillet 2022"  # how DATE appears in the front matter
ANNEX_LINE: Final = "Annexe"
TITLE_PREFIX: Final = "Document final de la huitième Réunion biennale"
KEY_PREFIX: Final = "BMS8-"

PARAGRAPH_COUNT: Final = 96
CONTEXT: Final = range(1, 21)
CLOSING: Final = frozenset({96})
ADDRESSEES: Final = (
    "all_states",
    "states_in_a_position",
    "regional_organisations",
    "secretariat_or_revcon",
)
TITLE_KEYS: Final = frozenset({"en", "fr", "addressee"})
MAX_TITLE_LENGTH: Final = 80

_LINK: Final = re.compile(r"\[([^\]]+)\]\([^)]*\)")
_SUPERSCRIPT: Final = re.compile(r"\^\{([^}]*)\}|\^(\w+)")
_LEFTOVER_MARKDOWN: Final = re.compile(r"[\[\]^*_#`]")
_NUMBERED: Final = re.compile(r"(\d+)\. (.+)")
_ROMAN: Final = re.compile(r"[IVXLC]+\. ")
_TERMINAL_PUNCTUATION: Final = (".", ",", ";")


class BuildError(Exception):
    """The source or the titles file is not what the catalogue expects."""


@dataclass
class HeadingEntry:
    path: tuple[str, ...]
    chapeau: str | None = None


@dataclass(frozen=True)
class ParsedParagraph:
    number: int
    heading_path: tuple[str, ...]
    text: str


@dataclass(frozen=True)
class TitleEntry:
    en: str
    fr: str
    addressee: str


@dataclass
class Annex:
    title: str
    headings: list[HeadingEntry]
    paragraphs: list[ParsedParagraph]


# --- text -----------------------------------------------------------------


def _superscript(match: re.Match[str]) -> str:
    return match.group(1) if match.group(1) is not None else match.group(2)


def normalise(text: str) -> str:
    """Strip conversion artefacts and collapse whitespace (module docstring)."""
    text = _LINK.sub(r"\1", text)
    text = _SUPERSCRIPT.sub(_superscript, text)
    text = " ".join(text.split())
    leftover = _LEFTOVER_MARKDOWN.search(text)
    if leftover:
        raise BuildError(f"unhandled markdown {leftover.group()!r} in: {text[:80]}…")
    return text


def annex_start(lines: Sequence[str]) -> int:
    """Index of the first line after the single ``Annexe`` line."""
    found = [index for index, line in enumerate(lines) if line.strip() == ANNEX_LINE]
    if len(found) != 1:
        raise BuildError(f"expected exactly one {ANNEX_LINE!r} line, found {len(found)}")
    return found[0] + 1


def check_front_matter(lines: Sequence[str]) -> None:
    """The hard-coded date must match the document's date line."""
    if DATE_LINE not in (line.strip() for line in lines):
        raise BuildError(f"front matter has no {DATE_LINE!r} line; is DATE still {DATE}?")


def join_blocks(lines: Sequence[str]) -> list[str]:
    """Non-empty lines, with page-break continuations joined to their block."""
    blocks: list[str] = []
    for line in lines:
        stripped = line.strip()
        if not stripped:
            continue
        if stripped[0].islower():
            if not blocks:
                raise BuildError(f"annex starts with a continuation line: {stripped[:60]}…")
            blocks[-1] = f"{blocks[-1]} {stripped}"
        else:
            blocks.append(stripped)
    return blocks


# --- structure --------------------------------------------------------------


@dataclass
class _AnnexParser:
    """Walks the annex blocks, tracking the current heading path."""

    headings: list[HeadingEntry] = field(default_factory=list)
    paragraphs: list[ParsedParagraph] = field(default_factory=list)
    section: tuple[str, ...] = ()  # last "I." or "1." heading
    path: tuple[str, ...] = ()  # section plus any unnumbered sub-heading
    awaiting_chapeau: bool = False

    @property
    def last_number(self) -> int:
        return self.paragraphs[-1].number if self.paragraphs else 0

    def feed(self, block: str) -> None:
        numbered = _NUMBERED.fullmatch(block)
        if numbered and int(numbered.group(1)) > self.last_number:
            self._paragraph(int(numbered.group(1)), numbered.group(2))
        elif _ROMAN.match(block):
            self._open((block,), section=True)
        elif numbered:
            self._numbered_heading(block)
        elif block.endswith(":"):
            self._chapeau(block)
        else:
            self._sub_heading(block)

    def _paragraph(self, number: int, text: str) -> None:
        self.paragraphs.append(ParsedParagraph(number, self.path, text))
        self.awaiting_chapeau = False

    def _open(self, path: tuple[str, ...], *, section: bool) -> None:
        if path[-1].endswith(_TERMINAL_PUNCTUATION):
            raise BuildError(
                f"text block after paragraph {self.last_number} looks like a paragraph "
                f"but is not numbered in order: {path[-1][:80]}…"
            )
        self.headings.append(HeadingEntry(path))
        self.path = path
        if section:
            self.section = path
        self.awaiting_chapeau = len(path) == 1

    def _numbered_heading(self, block: str) -> None:
        if not self.section:
            raise BuildError(f"numbered heading outside a section: {block[:80]}")
        self._open((self.section[0], block), section=True)

    def _sub_heading(self, block: str) -> None:
        if not self.section:
            raise BuildError(f"unnumbered text before the first heading: {block[:80]}…")
        self._open((*self.section, block), section=False)

    def _chapeau(self, block: str) -> None:
        if not self.awaiting_chapeau:
            raise BuildError(f"text ending with ':' is not under a heading: {block[:80]}…")
        self.headings[-1].chapeau = block
        self.awaiting_chapeau = False


def parse_annex(blocks: Sequence[str]) -> Annex:
    """Title, headings and paragraphs of the annex blocks."""
    if not blocks or not blocks[0].startswith(TITLE_PREFIX):
        raise BuildError(f"annex does not start with the title {TITLE_PREFIX!r}…")
    parser = _AnnexParser()
    for block in blocks[1:]:
        parser.feed(normalise(block))
    return Annex(normalise(blocks[0]), parser.headings, parser.paragraphs)


def kind_of(number: int) -> str:
    if number in CONTEXT:
        return "context"
    return "closing" if number in CLOSING else "commitment"


def check_paragraphs(paragraphs: Sequence[ParsedParagraph]) -> None:
    """Numbering is exactly 1..96 in order; only context paragraphs lack a heading."""
    numbers = [paragraph.number for paragraph in paragraphs]
    expected = list(range(1, PARAGRAPH_COUNT + 1))
    if numbers != expected:
        missing = sorted(set(expected) - set(numbers))
        unexpected = [number for number in numbers if number not in expected]
        raise BuildError(
            f"paragraph numbering is not 1..{PARAGRAPH_COUNT} in order: "
            f"missing {missing}, unexpected {unexpected}, found {numbers}"
        )
    for paragraph in paragraphs:
        is_context = kind_of(paragraph.number) == "context"
        if is_context == bool(paragraph.heading_path):
            raise BuildError(
                f"paragraph {paragraph.number}: heading path {paragraph.heading_path!r} "
                f"does not fit kind {kind_of(paragraph.number)!r}"
            )


# --- titles and addressees ------------------------------------------------


class _UniqueKeyLoader(yaml.SafeLoader):
    """A safe loader that rejects duplicate mapping keys instead of keeping the last."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Hashable, Any]:
        seen: set[Hashable] = set()
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=deep)
            if key in seen:
                line = key_node.start_mark.line + 1
                raise BuildError(f"duplicate key {key!r} on line {line}")
            seen.add(key)
        return super().construct_mapping(node, deep=deep)


def _title_text(where: str, raw: dict[Any, Any], lang: str) -> str:
    text = raw[lang]
    if not isinstance(text, str) or not text.strip() or text != text.strip():
        raise BuildError(f"{where}: {lang!r} title must be a non-empty, stripped string")
    if len(text) > MAX_TITLE_LENGTH:
        raise BuildError(f"{where}: {lang!r} title is longer than {MAX_TITLE_LENGTH} characters")
    return text


def _title_entry(where: str, raw: object) -> TitleEntry:
    if not isinstance(raw, dict) or set(raw) != TITLE_KEYS:
        got = sorted(map(str, raw)) if isinstance(raw, dict) else type(raw).__name__
        raise BuildError(f"{where}: expected keys {sorted(TITLE_KEYS)}, got {got}")
    addressee = raw["addressee"]
    if addressee not in ADDRESSEES:
        raise BuildError(f"{where}: addressee {addressee!r} is not one of {ADDRESSEES}")
    return TitleEntry(_title_text(where, raw, "en"), _title_text(where, raw, "fr"), addressee)


def load_titles(path: Path) -> dict[int, TitleEntry]:
    """Paragraph number → titles and addressee, from the hand-written YAML file."""
    data = yaml.load(path.read_text(encoding="utf-8"), Loader=_UniqueKeyLoader)  # noqa: S506
    if not isinstance(data, dict):
        raise BuildError(f"{path.name}: expected a mapping of paragraph numbers")
    entries: dict[int, TitleEntry] = {}
    for number, raw in data.items():
        if not isinstance(number, int) or isinstance(number, bool):
            raise BuildError(f"{path.name}: key {number!r} is not a paragraph number")
        entries[number] = _title_entry(f"{path.name}: paragraph {number}", raw)
    return entries


def check_titles(titles: dict[int, TitleEntry], paragraphs: Sequence[ParsedParagraph]) -> None:
    """Every paragraph has an entry, and every entry a paragraph."""
    numbers = {paragraph.number for paragraph in paragraphs}
    missing = sorted(numbers - set(titles))
    extra = sorted(set(titles) - numbers)
    if missing or extra:
        raise BuildError(
            f"{TITLES}: no title/addressee for paragraph(s) {missing}; "
            f"entries for unknown paragraph(s) {extra}"
        )


# --- output ---------------------------------------------------------------


def _paragraph_json(paragraph: ParsedParagraph, entry: TitleEntry) -> dict[str, Any]:
    return {
        "number": paragraph.number,
        "key": f"{KEY_PREFIX}{paragraph.number}",
        "kind": kind_of(paragraph.number),
        "heading_path": list(paragraph.heading_path),
        "text_fr": paragraph.text,
        "addressee": entry.addressee,
        "title": {"en": entry.en, "fr": entry.fr},
    }


def build_catalogue(root: Path = ROOT) -> dict[str, Any]:
    """The catalogue as JSON-ready data, from the seed and the titles file."""
    raw = (root / SOURCE).read_bytes()
    lines = raw.decode("utf-8").splitlines()
    start = annex_start(lines)
    check_front_matter(lines[:start])
    annex = parse_annex(join_blocks(lines[start:]))
    check_paragraphs(annex.paragraphs)
    titles = load_titles(root / TITLES)
    check_titles(titles, annex.paragraphs)
    return {
        "id": CATALOGUE_ID,
        "document": {"symbol": SYMBOL, "language": LANGUAGE, "date": DATE, "title": annex.title},
        "source": SOURCE,
        "source_sha256": hashlib.sha256(raw).hexdigest(),
        "headings": [{"path": list(h.path), "chapeau": h.chapeau} for h in annex.headings],
        "paragraphs": [_paragraph_json(p, titles[p.number]) for p in annex.paragraphs],
    }


def render(catalogue: dict[str, Any]) -> str:
    """The committed file's exact text."""
    return json.dumps(catalogue, ensure_ascii=False, indent=1) + "\n"


def _check(output: Path, expected: bytes) -> int:
    if output.is_file() and output.read_bytes() == expected:
        return 0
    print(
        f"{output} is out of date; run: python tools/build_catalogue.py",
        file=sys.stderr,
    )
    return 1


def _parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--check", action="store_true", help="exit 1 if the JSON is stale")
    parser.add_argument("--output", type=Path, default=OUTPUT, help="catalogue JSON path")
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    args = _parse_args(argv)
    output: Path = args.output
    try:
        expected = render(build_catalogue()).encode("utf-8")
    except BuildError as error:
        print(f"build_catalogue: error: {error}", file=sys.stderr)
        return 2
    if args.check:
        return _check(output, expected)
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_bytes(expected)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
