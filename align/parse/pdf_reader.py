"""Read PDF files into blocks with pdfplumber: body text lines and tables, in page order.

Text inside a ruled table's cells is taken from the characters in each cell, so wrapped lines join
up and a merged cell reads ``None``. A table without ruling lines (borders turned off in Word or
WPS, or whitespace columns) is read from where its characters print (:mod:`align.parse.pdf_tables`),
into the same rows as its ruled twin; a page whose rows could only be guessed is reported in a
:class:`ParseWarning`. Outside tables, lines become paragraphs (a line that fills the width
continues onto the next) or headings (set in a larger type than the body). A table that runs on
over the next page, with or without its header repeated, becomes one table. Page numbers and
running headers are dropped.
"""

from __future__ import annotations

import re
import warnings
import zlib
from collections import Counter
from collections.abc import Callable
from pathlib import Path

from align.errors import ParseError, ParseWarning
from align.parse.blocks import Block, Cell, Heading, Paragraph, Table, join_wrapped
from align.parse.limits import Deadline, ParseLimits, too_large
from align.parse.pdf_lines import Line, PageTable, inside, join, join_lines, lines_of, resolve_joins, wraps
from align.parse.pdf_tables import BorderlessTable, Grid, borderless_tables

#: What is kept of a page: its lines outside tables, its tables, its height and width.
_PageEntry = tuple[list[Line], list[PageTable], float, float]

_PAGE_NUMBER_RE = re.compile(
    r"^[-—–\s]*(?:第\s*)?[0-9]+\s*(?:页)?\s*(?:[/／]\s*[0-9]+|共\s*[0-9]+\s*页)?[-—–\s]*$"
)


def _page_tables(page) -> list[PageTable]:
    out = []
    for found in page.find_tables():
        chars = [c for c in page.chars if inside(c, found.bbox)]
        grid = [
            [
                None if bbox is None else (bbox, lines_of([c for c in chars if inside(c, bbox)]))
                for bbox in row.cells
            ]
            for row in found.rows
        ]
        # The text area ends at the cell padding: the line that comes closest to a cell's edge
        # (among lines that wrapped onto another) shows how wide it is. Punctuation may hang
        # into the padding, so lines reaching nearly the cell's edge do not count.
        gaps = [
            bbox[2] - ln.x1
            for row in grid
            for cell in row
            if cell
            for bbox, lines in [cell]
            for ln in lines[:-1]
        ]
        pad = min([g for g in gaps if 2.0 <= g <= 8.0], default=5.5)
        rows: list[list[Cell]] = [
            [None if cell is None else join_lines(cell[1], cell[0][2] - pad).strip() for cell in row]
            for row in grid
        ]
        xs = sorted({round(c[0]) for c in found.cells} | {round(found.bbox[2])})
        out.append(PageTable(Table(rows), found.bbox[1], tuple(xs), tuple(found.bbox)))
    return out


def _open(path: Path):
    import pdfplumber
    from pdfplumber.utils.exceptions import PdfminerException

    with path.open("rb") as f:
        head = f.read(1024)
    if b"%PDF" not in head:
        raise ParseError(path, "not a PDF file (no %PDF header)", "export the document to PDF again")
    try:
        return pdfplumber.open(path)
    except PdfminerException as exc:
        inner = exc.args[0] if exc.args else exc
        name = type(inner).__name__
        if "Password" in name or "Encrypt" in name:
            raise ParseError(path, "the PDF is password-protected", "save a copy without a password") from exc
        raise ParseError(path, f"not a readable PDF ({name})", "export the document to PDF again") from exc


def _check_streams(page, limits: ParseLimits, path: Path, number: int) -> None:
    """Refuse a page whose content stream inflates beyond ``max_stream_mb`` before pdfminer inflates it.

    Only Flate streams (nearly all) are measured, by inflating them in bounded pieces; a stream in
    another encoding is left to the memory limit of the isolated reader.
    """
    from pdfminer.pdftypes import PDFStream, resolve1
    from pdfminer.psparser import LIT

    limit = limits.max_stream_mb * 2**20
    total = 0
    for ref in page.page_obj.contents:
        stream = resolve1(ref)
        if not isinstance(stream, PDFStream) or stream.data is not None:
            continue
        filters = stream.get_filters()
        if not filters or filters[0][0] not in (LIT("FlateDecode"), LIT("Fl")):
            continue
        inflate = zlib.decompressobj()
        data = stream.rawdata or b""
        try:
            while data and total <= limit:
                total += len(inflate.decompress(data, 2**24))
                data = inflate.unconsumed_tail
        except zlib.error:
            continue  # damaged: pdfminer has its own ways with those
    if total > limit:
        raise ParseError(
            path,
            f"the page's content unpacks to more than {limits.max_stream_mb:,} MB (the limit); "
            "the PDF may be damaged or hostile",
            "export the document to PDF again, "
            "or raise max_stream_mb in the [parse] table of the settings file",
            f"page {number}",
        )


def read_pdf(
    path: Path,
    limits: ParseLimits | None = None,
    deadline: Deadline | None = None,
    on_warning: Callable[[ParseWarning], None] | None = None,
) -> list[Block]:
    """The blocks of a PDF, within ``limits`` (pages, characters per page, stream size, time).

    A page read with doubt (a borderless table whose rows could only be guessed) is reported to
    ``on_warning``, one :class:`ParseWarning` per page; by default as a Python warning, so that it
    is never silent.
    """
    from pdfminer.psparser import PSException

    limits = limits or ParseLimits()
    deadline = deadline or Deadline(path, limits.timeout_s)
    on_warning = on_warning or _warn
    pdf = _open(path)
    pages: list[_PageEntry] = []
    images = 0
    carried: Grid | None = None  # the columns of a borderless table the last page ended with
    pending: tuple[_PageEntry, BorderlessTable] | None = None  # a table if the next page goes on with it
    try:
        count = len(pdf.pages)
        if count > limits.max_pages:
            raise too_large(path, "the number of pages", count, limits.max_pages, "max_pages")
        for number, page in enumerate(pdf.pages, start=1):
            deadline.check()
            _check_streams(page, limits, path, number)
            if len(page.chars) > limits.max_page_chars:
                raise too_large(
                    path, "the number of characters on one page", len(page.chars),
                    limits.max_page_chars, "max_page_chars", f"page {number}",
                )  # fmt: skip
            tables = _page_tables(page)
            free = [c for c in page.chars if not any(inside(c, t.bbox) for t in tables)]
            borderless, free, carried = borderless_tables(free, float(page.height), carried)
            if doubts := [d for b in borderless for d in b.doubts]:
                on_warning(_doubtful_page(path, number, doubts))
            if pending and not (borderless and borderless[0].continued):
                _not_a_table(*pending)
            tables = sorted([*tables, *(b.table for b in borderless)], key=lambda t: t.top)
            pages.append((lines_of(free), tables, float(page.height), float(page.width)))
            pending = next(((pages[-1], b) for b in borderless if b.tentative), None)
            images += len(page.images)
            page.close()  # free the page's parsed objects: only our lines and tables are kept
    except (PSException, ValueError, KeyError, TypeError) as exc:
        raise ParseError(
            path, f"not a readable PDF ({type(exc).__name__})", "export it to PDF again"
        ) from exc
    finally:
        pdf.close()
    if pending:
        _not_a_table(*pending)
    if not any(lines or tables for lines, tables, _, _ in pages):
        if images:
            raise ParseError(
                path,
                "the PDF has no text layer (a scanned document)",
                "use the Word original, or run OCR on it first (e.g. save as searchable PDF)",
            )
        raise ParseError(path, "the PDF has no text", "check that you chose the right file")
    return _assemble(pages)


def _not_a_table(page: _PageEntry, found: BorderlessTable) -> None:
    """Give a lone row at the foot of a page, which the next page did not go on with, back to the
    page's text."""
    lines, tables, _, _ = page
    tables.remove(found.table)
    lines.extend(lines_of(found.chars))
    lines.sort(key=lambda ln: ln.top)


def _doubtful_page(path: Path, number: int, doubts: list[str]) -> ParseWarning:
    return ParseWarning(
        path,
        "; ".join(dict.fromkeys(doubts)),
        "check what was read from this page against the PDF (align parse FILE --json), "
        "or give the Word original, or a PDF exported with the table's borders on",
        f"page {number}",
    )


def _warn(warning: ParseWarning) -> None:
    warnings.warn(str(warning), UserWarning, stacklevel=3)


def _place(line: Line) -> tuple[str, int]:
    return line.text, round(line.top / 4)


def _running_lines(pages: list[_PageEntry]) -> set[tuple[str, int]]:
    """Lines repeated at the same place at the top or bottom of most pages: running headers/footers."""
    if len(pages) < 2:
        return set()
    counts: Counter[tuple[str, int]] = Counter()
    for lines, _, height, _ in pages:
        counts.update({_place(ln) for ln in lines if ln.top < height * 0.1 or ln.bottom > height * 0.9})
    return {key for key, n in counts.items() if n >= max(2, len(pages) // 2 + 1)}


def _assemble(pages: list[_PageEntry]) -> list[Block]:
    running = _running_lines(pages)
    all_lines = [ln for lines, *_ in pages for ln in lines]
    body_size = Counter(ln.size for ln in all_lines for _ in ln.text).most_common(1)
    body = body_size[0][0] if body_size else 10.0
    larger = sorted({ln.size for ln in all_lines if ln.size > body * 1.12}, reverse=True)
    # The right margin: where most full lines end (a few punctuation marks hang beyond it).
    ends = sorted(ln.x1 for ln in all_lines if ln.size == body)
    right = ends[int(len(ends) * 0.9)] if ends else 0.0

    blocks: list[Block] = []
    last_table: PageTable | None = None  # the table a new page may continue
    for lines, tables, height, _width in pages:
        items: list[tuple[float, object]] = [
            (ln.top, ln)
            for ln in lines
            if _place(ln) not in running
            and not (_PAGE_NUMBER_RE.match(ln.text) and (ln.top < height * 0.1 or ln.bottom > height * 0.9))
        ]
        items += [(t.top, t) for t in tables]
        items.sort(key=lambda it: it[0])
        prev_line: Line | None = None
        first = True
        for _, item in items:
            if isinstance(item, PageTable):
                if first and last_table is not None and _continues(last_table, item):
                    rows = item.table.rows
                    if rows and _same_row(rows[0], last_table.table.rows[0]):
                        rows = rows[1:]  # the header repeated on the new page
                    last_table.table.rows.extend(rows)
                else:
                    blocks.append(item.table)
                    last_table = item
                prev_line = None
                first = False
                continue
            line = item
            assert isinstance(line, Line)
            first = False
            last_table = None
            if line.size in larger and len(line.text) <= 60:
                level = larger.index(line.size) + 1
                if (
                    blocks
                    and isinstance(blocks[-1], Heading)
                    and prev_line is not None
                    and prev_line.size == line.size
                ):
                    blocks[-1] = Heading(level, join_wrapped(blocks[-1].text, line.text))
                else:
                    blocks.append(Heading(level, line.text))
                prev_line = line
                continue
            continues = (
                prev_line is not None
                and isinstance(blocks[-1], Paragraph)
                and prev_line.size == line.size
                and wraps(prev_line, line, right)
                and line.top - prev_line.bottom < line.size * 1.2
            )
            if continues:
                assert prev_line is not None
                blocks[-1] = Paragraph(join(blocks[-1].text, prev_line, line.text, right, line))
            else:
                blocks.append(Paragraph(line.text))
            prev_line = line
        # A table continues on the next page only if nothing followed it on this page.
        if items and not isinstance(items[-1][1], PageTable):
            last_table = None
    return resolve_joins(blocks)


def _same_row(a: list[Cell], b: list[Cell]) -> bool:
    return [c or "" for c in a] == [c or "" for c in b]


def _continues(prev: PageTable, new: PageTable) -> bool:
    if prev.table.width != new.table.width or len(prev.columns) != len(new.columns):
        return False
    return all(abs(a - b) <= 3 for a, b in zip(prev.columns, new.columns, strict=True))
