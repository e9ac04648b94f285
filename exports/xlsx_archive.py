"""Opening an untrusted .xlsx safely: what every workbook reader checks before and while parsing.

The file may be anything: a renamed .xls, a password-protected (encrypted) workbook, a truncated
zip, a zip bomb, XML with entity expansion. Before openpyxl sees it, the zip directory is checked
(entry count, total uncompressed size, compression ratio — Python's zip reader never inflates an
entry beyond its declared size, so capping declared sizes caps real bytes), then the sheets listed
in xl/workbook.xml are counted while streaming it. openpyxl then parses XML through defusedxml
(entity expansion and external entities refused) and never evaluates anything:
:func:`open_package` stops before the sheets, for a reader that streams them itself
(:mod:`exports.xlsx_reader`).

Each reader has its own error class and message namespace: every function here takes the error
class and the message-id prefix (``restore`` → ``restore.too_big``, ``restore.zip_bomb``, …), so
the same checks speak each reader's language.
"""

from __future__ import annotations

import io
import warnings
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, Final

import openpyxl
from openpyxl.cell.text import Text
from openpyxl.reader.excel import ExcelReader
from openpyxl.styles.stylesheet import apply_stylesheet
from openpyxl.xml.constants import SHARED_STRINGS, SHEET_MAIN_NS
from openpyxl.xml.functions import iterparse

from exports.excel_cells import ooxml_unescape
from forms.i18n import LocalizedError

_STRING_ITEM: Final = f"{{{SHEET_MAIN_NS}}}si"

OLE2_SIGNATURE: Final = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .xls, and every encrypted .xlsx
WORKBOOK_PART: Final = "xl/workbook.xml"
_SHEET_TAG: Final = f"{{{SHEET_MAIN_NS}}}sheet"


@dataclass(frozen=True)
class ArchiveLimits:
    """What a workbook's package may hold before any of its XML is parsed."""

    max_file_bytes: int
    max_uncompressed: int
    # Deflate cannot compress more than about 1,030 times. A workbook part compresses 5–30 times,
    # but one that repeats a long text can reach a few hundred: only a large part that compresses
    # like a run of zeros is taken for a bomb (the total cap bounds the rest).
    max_ratio: int
    ratio_checked_from: int
    max_entries: int
    max_sheets: int


def check_archive(
    data: bytes, limits: ArchiveLimits, error: type[LocalizedError], prefix: str
) -> None:
    """Refuse what is not a plausible .xlsx zip before any XML is parsed."""
    if len(data) > limits.max_file_bytes:
        raise error(f"{prefix}.too_big", limit=limits.max_file_bytes // (1024 * 1024))
    if data.startswith(OLE2_SIGNATURE):
        raise error(f"{prefix}.ole_file")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            entries = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        raise error(f"{prefix}.not_workbook", problem=str(exc) or type(exc).__name__) from None
    if (
        len(entries) > limits.max_entries
        or sum(entry.file_size for entry in entries) > limits.max_uncompressed
    ):
        raise error(f"{prefix}.too_big", limit=limits.max_uncompressed // (1024 * 1024))
    for entry in entries:
        if entry.flag_bits & 0x1:  # an encrypted entry
            raise error(f"{prefix}.ole_file")
        if (
            entry.file_size > limits.ratio_checked_from
            and entry.file_size > limits.max_ratio * entry.compress_size
        ):
            raise error(f"{prefix}.zip_bomb", name=entry.filename)
    names = {entry.filename for entry in entries}
    if WORKBOOK_PART not in names or "[Content_Types].xml" not in names:
        raise error(f"{prefix}.not_workbook", problem=f"no {WORKBOOK_PART}")


def unreadable(exc: BaseException, error: type[LocalizedError], prefix: str) -> LocalizedError:
    """The error for a file openpyxl could not read, named by its root cause."""
    root = exc
    for _ in range(20):  # a chain of causes is short; the bound only guards against a cycle
        inner = root.__cause__ or root.__context__
        if inner is None:
            break
        root = inner
    if type(root).__module__.startswith("defusedxml"):
        return error(f"{prefix}.unsafe_xml", problem=type(root).__name__)
    first_line = str(root).splitlines()[0] if str(root) else ""
    return error(f"{prefix}.unreadable", problem=f"{type(root).__name__}: {first_line}"[:300])


@contextmanager
def parsing(error: type[LocalizedError], prefix: str) -> Iterator[None]:
    """Around openpyxl's parsing: its warnings silenced, and whatever a hostile file makes it
    raise turned into ``error`` (``error`` itself passes through)."""
    try:
        with warnings.catch_warnings():
            # openpyxl warns about features it drops (data validation, …): they hold no data.
            warnings.simplefilter("ignore")
            yield
    except error:
        raise
    except Exception as exc:  # a hostile file can make openpyxl fail in any way
        raise unreadable(exc, error, prefix) from None


def open_package(
    data: bytes,
    limits: ArchiveLimits,
    error: type[LocalizedError],
    prefix: str,
    *,
    exact_strings: bool = False,
) -> Any:
    """The checked file as an openpyxl ``ExcelReader`` that has parsed the manifest, the workbook
    part, shared strings and styles, and no sheet (the caller closes ``.archive``).

    openpyxl's read-only worksheets read each sheet once when they are created, to find its size
    when no dimension record comes first: a reader that parses sheets itself starts from here.
    """
    _check_before_parsing(data, limits, error, prefix)
    # The steps of ExcelReader.read() that a sheet reader needs (not a documented API: openpyxl
    # is pinned in constraints.txt, and tests/exports/test_xlsx_reader.py covers this path).
    with parsing(error, prefix):
        reader = ExcelReader(io.BytesIO(data), read_only=True, data_only=False, keep_links=False)
        try:
            reader.read_manifest()
            reader.read_workbook()
            if len(reader.parser.sheets) > limits.max_sheets:  # another name than xl/workbook.xml
                raise error(f"{prefix}.too_many_sheets", limit=limits.max_sheets)
            if exact_strings:
                reader.shared_strings = _exact_shared_strings(reader)
            else:
                reader.read_strings()
            apply_stylesheet(reader.archive, reader.wb)
        except BaseException:
            reader.archive.close()
            raise
    return reader


def _exact_shared_strings(reader: Any) -> list[str]:
    """The shared strings as typed: openpyxl's own reader deletes every "x005F_" from them, which
    loses text and makes the OOXML escapes (``_x000D_`` for a carriage return…) undecodable."""
    part = reader.package.find(SHARED_STRINGS)
    if part is None:
        return []
    strings: list[str] = []
    with reader.archive.open(part.PartName[1:]) as source:
        for _, node in iterparse(source):
            if node.tag == _STRING_ITEM:
                strings.append(ooxml_unescape(Text.from_tree(node).content))
                node.clear()
    return strings


def _check_before_parsing(
    data: bytes, limits: ArchiveLimits, error: type[LocalizedError], prefix: str
) -> None:
    if not openpyxl.DEFUSEDXML:
        # A packaging fault, never the user's: without defusedxml openpyxl expands entities.
        raise error(f"{prefix}.unsafe_parser")
    check_archive(data, limits, error, prefix)
    # openpyxl builds an object per listed sheet: count them first, streaming, so that a
    # workbook part listing a million sheets fails at the first one over the limit.
    with (
        parsing(error, prefix),
        zipfile.ZipFile(io.BytesIO(data)) as archive,
        archive.open(WORKBOOK_PART) as part,
    ):
        sheets = 0
        for _, element in iterparse(part, events=("start",)):
            if element.tag == _SHEET_TAG:
                sheets += 1
                if sheets > limits.max_sheets:
                    raise error(f"{prefix}.too_many_sheets", limit=limits.max_sheets)
