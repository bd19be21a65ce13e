"""Read Word (.docx) files into blocks: paragraphs and tables in body order.

python-docx's ``row.cells`` repeats a merged cell; this reader walks the table XML instead so a
vertically merged cell (``w:vMerge`` continue) and the columns a cell spans (``w:gridSpan``) read
``None``, exactly as pdfplumber reports merged cells. Headings come from the paragraph's outline
level or its style (Heading 1 / 标题 1 / Title).
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

from align.errors import ParseError
from align.parse.archive import check_archive
from align.parse.blocks import Block, Cell, Heading, Paragraph, Table
from align.parse.limits import Deadline, ParseLimits

_HEADING_STYLE_RE = re.compile(r"^(?:heading|标题)\s*([1-9])$", re.IGNORECASE)
#: Word tables have at most 63 columns; a larger span or skip is hostile, not a table.
_MAX_SPAN = 63


def _count(element, default: int) -> int:
    """A column count attribute (``w:gridSpan``, ``w:gridBefore``), kept within what Word writes."""
    from docx.oxml.ns import qn

    value = element.get(qn("w:val"), "")
    return min(int(value), _MAX_SPAN) if value.isascii() and value.isdigit() else default


def _open(path: Path):
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    hint = "open it in Word or WPS and save it again as .docx"
    if zipfile.is_zipfile(path):
        try:
            with zipfile.ZipFile(path) as z:
                names = set(z.namelist())
                if "EncryptedPackage" in names or "EncryptionInfo" in names:
                    raise ParseError(
                        path, "the Word document is password-protected", "save an unprotected copy"
                    )
                bad = z.testzip()
        except zipfile.BadZipFile as exc:
            raise ParseError(path, "not a readable Word document (damaged archive)", hint) from exc
        if bad:
            raise ParseError(path, f"not a readable Word document (damaged part {bad})", hint)
    else:
        with path.open("rb") as f:
            head = f.read(8)
        if head.startswith(b"\xd0\xcf\x11\xe0"):
            # An OLE file: an old .doc renamed, or a password-protected .docx.
            raise ParseError(
                path,
                "an old Word format or a password-protected document",
                "remove the password and save it as .docx (Word/WPS: 另存为 .docx)",
            )
        raise ParseError(path, "not a readable Word document (not a .docx archive)", hint)
    try:
        return docx.Document(str(path))
    except (PackageNotFoundError, KeyError, ValueError, zipfile.BadZipFile) as exc:
        raise ParseError(path, f"not a readable Word document ({type(exc).__name__})", hint) from exc


def _heading_level(paragraph) -> int | None:
    from docx.oxml.ns import qn

    ppr = paragraph._p.pPr
    if ppr is not None:
        lvl = ppr.find(qn("w:outlineLvl"))
        if lvl is not None and lvl.get(qn("w:val"), "").isdigit() and int(lvl.get(qn("w:val"))) < 9:
            return int(lvl.get(qn("w:val"))) + 1
    style = paragraph.style
    seen = 0
    while style is not None and seen < 5:
        name = (style.name or "").strip()
        if name.lower() in {"title", "标题"}:
            return 1
        m = _HEADING_STYLE_RE.match(name)
        if m:
            return int(m.group(1))
        spr = style.element.pPr
        if spr is not None:
            lvl = spr.find(qn("w:outlineLvl"))
            if lvl is not None and lvl.get(qn("w:val"), "").isdigit() and int(lvl.get(qn("w:val"))) < 9:
                return int(lvl.get(qn("w:val"))) + 1
        style = style.base_style
        seen += 1
    return None


def _table(tbl, parent) -> Table:
    from docx.oxml.ns import qn
    from docx.table import _Cell

    rows: list[list[Cell]] = []
    for tr in tbl.iterchildren(qn("w:tr")):
        row: list[Cell] = []
        trpr = tr.find(qn("w:trPr"))
        if trpr is not None:
            before = trpr.find(qn("w:gridBefore"))
            if before is not None:
                row.extend([""] * _count(before, 0))
        for tc in tr.iterchildren(qn("w:tc")):
            tcpr = tc.find(qn("w:tcPr"))
            span, merged = 1, False
            if tcpr is not None:
                gs = tcpr.find(qn("w:gridSpan"))
                if gs is not None:
                    span = max(1, _count(gs, 1))
                vm = tcpr.find(qn("w:vMerge"))
                merged = vm is not None and vm.get(qn("w:val"), "continue") == "continue"
            text = None if merged else _Cell(tc, parent).text.strip()
            row.append(text)
            row.extend([None] * (span - 1))
        rows.append(row)
    return Table(rows)


def read_docx(path: Path, limits: ParseLimits | None = None, deadline: Deadline | None = None) -> list[Block]:
    """The blocks of a Word document, after :func:`check_archive` has vetted the archive."""
    from docx.oxml.ns import qn
    from docx.text.paragraph import Paragraph as DocxParagraph

    limits = limits or ParseLimits()
    deadline = deadline or Deadline(path, limits.timeout_s)
    if zipfile.is_zipfile(path):
        check_archive(path, limits, "Word document")
    document = _open(path)
    body = document.element.body
    blocks: list[Block] = []

    def walk(container) -> None:
        for i, child in enumerate(container.iterchildren()):
            if i % 256 == 0:
                deadline.check()
            if child.tag == qn("w:p"):
                para = DocxParagraph(child, document)
                text = para.text.strip()
                if not text:
                    continue
                level = _heading_level(para)
                blocks.append(Heading(level, text) if level else Paragraph(text))
            elif child.tag == qn("w:tbl"):
                blocks.append(_table(child, document))
            elif child.tag == qn("w:sdt"):
                content = child.find(qn("w:sdtContent"))
                if content is not None:
                    walk(content)

    walk(body)
    return blocks
