"""Workbooks written part by part, as Excel lays them out: for what openpyxl cannot write
(cached formula values, shared strings, the 1904 epoch, lying dimensions, hostile XML)."""

from __future__ import annotations

import io
import zipfile
from typing import Any

import openpyxl

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PACKAGE_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
CT = "application/vnd.openxmlformats-officedocument.spreadsheetml"
OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"

# cellXfs of STYLES: 0 General, 1 built-in 14 (a date), 2 custom dd/mm/yyyy, 3 built-in 10
# (0.00%), 4 built-in 46 (a duration, [h]:mm:ss)
STYLES = f"""<styleSheet xmlns="{MAIN}">
<numFmts count="1"><numFmt numFmtId="170" formatCode="dd/mm/yyyy"/></numFmts>
<fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts>
<fills count="2"><fill><patternFill/></fill>
<fill><patternFill patternType="gray125"/></fill></fills>
<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>
<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>
<cellXfs count="5"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>
<xf numFmtId="14" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>
<xf numFmtId="170" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>
<xf numFmtId="10" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>
<xf numFmtId="46" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs>
<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>
</styleSheet>"""


def sheet(rows: str, *, before: str = "", after: str = "") -> str:
    """A worksheet part: ``rows`` inside sheetData, ``before``/``after`` around it."""
    return f'<worksheet xmlns="{MAIN}">{before}<sheetData>{rows}</sheetData>{after}</worksheet>'


def build(
    sheets: list[tuple[str, str]],
    *,
    shared: list[str] | None = None,
    styles: str | None = STYLES,
    date1904: bool = False,
    states: dict[str, str] | None = None,
    extra: dict[str, bytes] | None = None,
    replace: dict[str, str | bytes] | None = None,
) -> bytes:
    """A workbook written part by part, as Excel lays it out (sheet N is xl/worksheets/sheetN.xml;
    ``shared`` holds whole <si> elements; ``replace`` swaps a part's text for hostile content)."""
    states = states or {}
    overrides = [("/xl/workbook.xml", f"{CT}.sheet.main+xml")]
    rels = []
    entries = []
    parts: dict[str, str | bytes] = {}
    for number, (title, xml) in enumerate(sheets, start=1):
        parts[f"xl/worksheets/sheet{number}.xml"] = xml
        overrides.append((f"/xl/worksheets/sheet{number}.xml", f"{CT}.worksheet+xml"))
        rels.append((f"rId{number}", "worksheet", f"worksheets/sheet{number}.xml"))
        state = f' state="{states[title]}"' if title in states else ""
        entries.append(f'<sheet name="{title}" sheetId="{number}"{state} r:id="rId{number}"/>')
    if styles is not None:
        parts["xl/styles.xml"] = styles
        overrides.append(("/xl/styles.xml", f"{CT}.styles+xml"))
        rels.append(("rIdStyles", "styles", "styles.xml"))
    if shared is not None:
        parts["xl/sharedStrings.xml"] = f'<sst xmlns="{MAIN}">{"".join(shared)}</sst>'
        overrides.append(("/xl/sharedStrings.xml", f"{CT}.sharedStrings+xml"))
        rels.append(("rIdStrings", "sharedStrings", "sharedStrings.xml"))
    epoch = '<workbookPr date1904="1"/>' if date1904 else ""
    parts["xl/workbook.xml"] = (
        f'<workbook xmlns="{MAIN}" xmlns:r="{RELS}">{epoch}<sheets>{"".join(entries)}</sheets>'
        "</workbook>"
    )
    parts["xl/_rels/workbook.xml.rels"] = (
        f'<Relationships xmlns="{PACKAGE_RELS}">'
        + "".join(
            f'<Relationship Id="{rid}" Type="{RELS}/{kind}" Target="{target}"/>'
            for rid, kind, target in rels
        )
        + "</Relationships>"
    )
    parts["_rels/.rels"] = (
        f'<Relationships xmlns="{PACKAGE_RELS}"><Relationship Id="rId1" '
        f'Type="{RELS}/officeDocument" Target="xl/workbook.xml"/></Relationships>'
    )
    parts["[Content_Types].xml"] = (
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" '
        'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        + "".join(f'<Override PartName="{n}" ContentType="{t}"/>' for n, t in overrides)
        + "</Types>"
    )
    parts.update(replace or {})
    parts.update(extra or {})
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in parts.items():
            archive.writestr(name, content)
    return out.getvalue()


def one_sheet(rows: str, **options: Any) -> bytes:
    return build([("Sheet1", sheet(rows))], **options)


def saved(book: openpyxl.Workbook) -> bytes:
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
