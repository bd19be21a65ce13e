"""Generate the Word and PDF fixtures of the parsing tests from blocks (or Markdown), in test code.

``to_docx`` writes headings with Word heading styles, tables with a grid, and merges an empty
工作领域/工作任务 cell into the cell above (a vertically merged cell, as standards are typeset).
``to_pdf`` typesets the same with reportlab and the CID font STSong-Light (no font file needed):
headings in larger type, tables with ruled cells that break across pages, the header repeated
on each page or not.
"""

from __future__ import annotations

from pathlib import Path
from xml.sax.saxutils import escape

from align.parse.blocks import Block, Heading, Paragraph, Table
from align.parse.markdown import read_markdown_text
from align.parse.standard import find_header

FONT = "STSong-Light"


def md_blocks(text: str) -> list[Block]:
    return read_markdown_text(text)


def _merge_columns(table: Table) -> set[int]:
    """Columns whose empty cells mean 'same as above': 工作领域 and 工作任务 of a standard table."""
    header = find_header(table)
    if not header:
        return set()
    return {header[1][r] for r in ("work_area", "task") if r in header[1]}


def _merge_spans(table: Table, merge: bool) -> list[tuple[int, int, int, int]]:
    """Merged areas as (first column, first row, last column, last row).

    A ``None`` cell merges into the cell above, except in a row whose cells after the first are all
    ``None``: that row is one cell across the table (a level row). With ``merge``, an empty cell in
    the 工作领域/工作任务 column of a standard table merges into the one above too.
    """
    rows = table.padded()
    width = table.width
    spans = []
    across = {r for r, row in enumerate(rows) if width > 1 and row[0] and all(c is None for c in row[1:])}
    spans += [(0, r, width - 1, r) for r in sorted(across)]
    columns = _merge_columns(table) if merge else set()
    for col in range(width):
        r = 1
        while r < len(rows):
            if r in across:
                r += 1
                continue
            end = r
            while (
                end + 1 < len(rows)
                and end + 1 not in across
                and (rows[end + 1][col] is None or (col in columns and rows[end + 1][col] == ""))
            ):
                end += 1
            if end > r:
                spans.append((col, r, col, end))
            r = end + 1
    return spans


def to_docx(blocks: list[Block], path: Path, merge: bool = True, heading_styles: bool = True) -> Path:
    import docx

    doc = docx.Document()
    for block in blocks:
        if isinstance(block, Heading):
            if heading_styles:
                doc.add_heading(block.text, level=min(block.level, 9))
            else:
                doc.add_paragraph(block.text)
        elif isinstance(block, Paragraph):
            doc.add_paragraph(block.text)
        else:
            rows = block.padded()
            table = doc.add_table(rows=len(rows), cols=block.width)
            table.style = "Table Grid"
            for r, row in enumerate(rows):
                for c, text in enumerate(row):
                    if text:
                        table.cell(r, c).text = text
            for c0, r0, c1, r1 in _merge_spans(block, merge):
                table.cell(r0, c0).merge(table.cell(r1, c1))
    doc.save(path)
    return path


def _styles():
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont

    if FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(FONT))
    body = ParagraphStyle("body", fontName=FONT, fontSize=10, leading=15, wordWrap="CJK")
    cell = ParagraphStyle("cell", parent=body, fontSize=9, leading=13)
    headings = {
        level: ParagraphStyle(f"h{level}", parent=body, fontSize=size, leading=size * 1.5, spaceBefore=6)
        for level, size in ((1, 18), (2, 15), (3, 13), (4, 12), (5, 11.5), (6, 11.5))
    }
    return body, cell, headings


def _markup(text: str) -> str:
    return "<br/>".join(escape(line) for line in text.split("\n"))


def to_pdf(
    blocks: list[Block],
    path: Path,
    repeat_header: bool = True,
    merge: bool = True,
    col_widths: dict[int, list[float]] | None = None,
    running_header: str = "",
    page_numbers: bool = False,
    encrypt: str = "",
    grid: bool = True,
    valign: str = "TOP",
    padding: float = 3,
    side_padding: float = 6,
    body_size_cells: bool = False,
) -> Path:
    """Typeset ``blocks`` as a PDF; ``col_widths`` maps a table's column count to its widths (mm).

    ``running_header`` and ``page_numbers`` decorate every page as printed documents are;
    ``encrypt`` sets a user password.

    ``grid=False`` leaves out the ruling lines, as Word or WPS exports a table whose borders are off:
    columns are only whitespace, a merged 工作领域/工作任务 cell is written once, at the top of the rows
    it spans (``valign="TOP"``, Word's default) or in their middle (``"MIDDLE"``). ``padding`` is the
    space above and below a cell's text (3 points as reportlab sets it, 0 as Word does),
    ``side_padding`` the space either side (Word: 5.4); ``body_size_cells`` sets cells like the body
    text, so only the columns tell a table from the text.
    """
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph as P
    from reportlab.platypus import SimpleDocTemplate, Spacer
    from reportlab.platypus import Table as T

    body, cell, headings = _styles()
    if body_size_cells:
        cell = body
    story = []
    width = A4[0] - 40 * mm
    for block in blocks:
        if isinstance(block, Heading):
            story.append(P(_markup(block.text), headings[min(block.level, 6)]))
        elif isinstance(block, Paragraph):
            story.append(P(_markup(block.text), body))
        else:
            rows = block.padded()
            n = block.width
            widths = [w * mm for w in col_widths[n]] if col_widths and n in col_widths else [width / n] * n
            data = [[P(_markup(c or ""), cell) for c in row] for row in rows]
            style = [
                *([("GRID", (0, 0), (-1, -1), 0.5, colors.black)] if grid else []),
                ("VALIGN", (0, 0), (-1, -1), valign),
                ("TOPPADDING", (0, 0), (-1, -1), padding),
                ("BOTTOMPADDING", (0, 0), (-1, -1), padding),
                ("LEFTPADDING", (0, 0), (-1, -1), side_padding),
                ("RIGHTPADDING", (0, 0), (-1, -1), side_padding),
            ]
            for c0, r0, c1, r1 in _merge_spans(block, merge):
                style.append(("SPAN", (c0, r0), (c1, r1)))
            story.append(T(data, colWidths=widths, repeatRows=1 if repeat_header else 0, style=style))
            story.append(Spacer(1, 4 * mm))

    def decorate(canvas, doc) -> None:
        canvas.saveState()
        canvas.setFont(FONT, 9)
        if running_header:
            canvas.drawCentredString(A4[0] / 2, A4[1] - 12 * mm, running_header)
        if page_numbers:
            canvas.drawCentredString(A4[0] / 2, 10 * mm, f"- {doc.page} -")
        canvas.restoreState()

    kwargs = {}
    if encrypt:
        from reportlab.lib.pdfencrypt import StandardEncryption

        kwargs["encrypt"] = StandardEncryption(encrypt, canPrint=1)
    doc = SimpleDocTemplate(
        str(path),
        pagesize=A4,
        leftMargin=20 * mm,
        rightMargin=20 * mm,
        topMargin=20 * mm,
        bottomMargin=20 * mm,
        **kwargs,
    )
    doc.build(story, onFirstPage=decorate, onLaterPages=decorate)
    return path


def scanned_pdf(path: Path) -> Path:
    """A PDF whose only content is an image of a page: what a scanner produces."""
    from PIL import Image, ImageDraw
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    image = Image.new("RGB", (600, 800), "white")
    ImageDraw.Draw(image).rectangle((50, 50, 550, 120), outline="black", width=3)
    c = canvas.Canvas(str(path), pagesize=A4)
    c.drawImage(ImageReader(image), 0, 0, width=A4[0], height=A4[1])
    c.showPage()
    c.save()
    return path
