"""Typeset tables with no ruling lines, as Word or WPS exports a table whose borders are off.

The layout is that of ``tests.parse_docgen.to_pdf`` (same fonts, widths and page) without the grid:
columns are only whitespace, a merged 工作领域/工作任务 cell is written once, at the top of the rows
it spans (``valign="TOP"``, the default of Word) or in their middle (``"MIDDLE"``). ``padding``
sets the space above and below a cell's text: 3 points as reportlab sets it, 0 as Word sets it;
``side_padding`` the space either side (6 points; Word's default is 5.4).
"""

from __future__ import annotations

from pathlib import Path

from align.parse.blocks import Block, Heading, Paragraph
from tests.parse_docgen import _markup, _merge_spans, _styles


def to_borderless_pdf(
    blocks: list[Block],
    path: Path,
    col_widths: dict[int, list[float]] | None = None,
    valign: str = "TOP",
    padding: float = 3,
    side_padding: float = 6,
    repeat_header: bool = True,
    page_numbers: bool = False,
    running_header: str = "",
    body_size_cells: bool = False,
) -> Path:
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph as P
    from reportlab.platypus import SimpleDocTemplate, Spacer
    from reportlab.platypus import Table as T

    from tests.parse_docgen import FONT

    body, cell, headings = _styles()
    if body_size_cells:
        cell = body  # cells set like the body text, so only the columns tell a table from the text
    story = []
    width = A4[0] - 40 * mm
    for block in blocks:
        if isinstance(block, Heading):
            story.append(P(_markup(block.text), headings[min(block.level, 6)]))
        elif isinstance(block, Paragraph):
            story.append(P(_markup(block.text), body))
        else:
            n = block.width
            widths = [w * mm for w in col_widths[n]] if col_widths and n in col_widths else [width / n] * n
            data = [[P(_markup(c or ""), cell) for c in row] for row in block.padded()]
            style = [
                ("VALIGN", (0, 0), (-1, -1), valign),
                ("TOPPADDING", (0, 0), (-1, -1), padding),
                ("BOTTOMPADDING", (0, 0), (-1, -1), padding),
                ("LEFTPADDING", (0, 0), (-1, -1), side_padding),
                ("RIGHTPADDING", (0, 0), (-1, -1), side_padding),
            ]
            style += [("SPAN", (c0, r0), (c1, r1)) for c0, r0, c1, r1 in _merge_spans(block, True)]
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

    margins = {f"{side}Margin": 20 * mm for side in ("left", "right", "top", "bottom")}
    doc = SimpleDocTemplate(str(path), pagesize=A4, **margins)
    doc.build(story, onFirstPage=decorate, onLaterPages=decorate)
    return path
