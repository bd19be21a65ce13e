"""Read PDF files into blocks with pdfplumber: body text lines and ruled tables, in page order.

Text inside a table's cells is taken from the characters in each cell, so wrapped lines join up
and a merged cell reads ``None``. Outside tables, lines become paragraphs (a line that fills the
width continues onto the next) or headings (set in a larger type than the body). A table that
runs on over the next page, with or without its header repeated, becomes one table. Page numbers
and running headers are dropped.
"""

from __future__ import annotations

import itertools
import re
import zlib
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from align.errors import ParseError
from align.parse.blocks import Block, Cell, Heading, Paragraph, Table, join_wrapped
from align.parse.limits import Deadline, ParseLimits, too_large
from align.parse.numbering import number

_PAGE_NUMBER_RE = re.compile(
    r"^[-—–\s]*(?:第\s*)?[0-9]+\s*(?:页)?\s*(?:[/／]\s*[0-9]+|共\s*[0-9]+\s*页)?[-—–\s]*$"
)
_MARKER_RE = re.compile(
    r"^\s*(?:[-•·●▪■◆]\s|[一二三四五六七八九十]+\s*、|第\s*[一二三四五六七八九十0-9]+\s*[章节])"
)
_LABEL_RE = re.compile(r"^[\u4e00-\u9fff]{2,8}[：:]")
_TERMINAL = ("。", "；", ";", "！", "？", "：", ":")
_LATIN = re.compile(r"[A-Za-z0-9_.\-/#+]")
_CLOSER_RE = re.compile(r"^[0-9A-Za-z]{1,3}[)）]")


def _open_brackets(text: str) -> int:
    return text.count("（") + text.count("(") - text.count("）") - text.count(")")


@dataclass
class _Line:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    first_word: float  # width of the first word: a wrap leaves less room than this on the line above
    first_char: float


def _lines(chars: list[dict]) -> list[_Line]:
    """Group characters into lines by their vertical position, left to right within a line."""
    chars = sorted((c for c in chars if c.get("text")), key=lambda c: (round(c["top"]), c["x0"]))
    groups: list[list[dict]] = []
    for ch in chars:
        mid = (ch["top"] + ch["bottom"]) / 2
        if groups:
            last = groups[-1]
            ref = last[0]
            if abs(mid - (ref["top"] + ref["bottom"]) / 2) <= max(2.0, (ref["bottom"] - ref["top"]) * 0.4):
                last.append(ch)
                continue
        groups.append([ch])
    out = []
    for group in groups:
        group.sort(key=lambda c: c["x0"])
        text = ""
        prev = None
        for ch in group:
            if prev is not None:
                gap = ch["x0"] - prev["x1"]
                if gap > 0.3 * ch["size"] and not text.endswith(" ") and ch["text"] != " ":
                    text += " "
            text += ch["text"]
            prev = ch
        text = text.strip()
        printed = [c for c in group if c["text"].strip()]
        first_word = first_char = 0.0
        if printed:
            first_word = first_char = printed[0]["x1"] - printed[0]["x0"]
            if _LATIN.match(printed[0]["text"]):
                for prev_ch, ch in itertools.pairwise(printed):
                    if not _LATIN.match(ch["text"]) or ch["x0"] - prev_ch["x1"] > 0.3 * ch["size"]:
                        break
                    first_word = ch["x1"] - printed[0]["x0"]
        if text:
            sizes = Counter(round(c["size"], 1) for c in group if c["text"].strip())
            out.append(
                _Line(
                    text,
                    group[0]["x0"],
                    group[-1]["x1"],
                    min(c["top"] for c in group),
                    max(c["bottom"] for c in group),
                    sizes.most_common(1)[0][0] if sizes else group[0]["size"],
                    first_word,
                    first_char,
                )
            )
    return out


def _starts_item(text: str) -> bool:
    return number(text)[0] is not None or bool(_MARKER_RE.match(text))


def _wraps(prev: _Line, line: _Line, right: float) -> bool:
    """Whether ``line`` continues ``prev``: it is no new item and its first word had no room above."""
    if right - prev.x1 >= line.first_word + 0.6 * line.size:
        return False
    # "14）与…" under "…储运包装条码（ITF-" closes a bracket the line above opened: not a new item.
    closes = _CLOSER_RE.match(line.text) and _open_brackets(prev.text) > 0
    if _starts_item(line.text) and not closes:
        return False
    # "教学要求：…" after a finished sentence starts a new paragraph even when the sentence filled the line.
    return not (prev.text.endswith(_TERMINAL) and _LABEL_RE.match(line.text))


# Between two Latin words split over two lines the space may be lost (a wrap at a space) or never
# there (a word broken at the edge). The join is marked, and resolved once the whole document's
# words are known (see _resolve_joins).
_NO_SPACE, _SPACE = "\x00", "\x01"
_MARKS_RE = re.compile(r"([A-Za-z0-9_.\-/#+]*)([\x00\x01])([A-Za-z0-9_.\-/#+]*)")
_WORD_RE = re.compile(r"[A-Za-z][A-Za-z0-9_.\-/#+]*")
_WORD_TAIL_RE = re.compile(r"[A-Za-z0-9_]+")


def _join(head: str, prev: _Line, tail: str, right: float, line: _Line) -> str:
    if _LATIN.match(head[-1:]) and _LATIN.match(tail[:1]):
        gap = right - prev.x1
        # Room for a space but not for the next letter: the word was broken, not wrapped at a space.
        # With no room even for a space, a lower-case letter most likely continues the word.
        broken = 0.22 * prev.size <= gap < line.first_char + 0.5 or (
            gap < 0.22 * prev.size and tail[0].islower()
        )
        # A lower-case piece with a capital inside ("veAbsolute") is no word of its own: the rest of
        # an identifier (MC_MoveAbsolute), whatever room the line had left.
        run = _WORD_TAIL_RE.match(tail)
        broken = broken or bool(run and tail[0].islower() and any(c.isupper() for c in run.group()))
        broken = broken or (head[-1].isdigit() and tail[0].isdigit())  # a number is never spaced
        return head + (_NO_SPACE if broken else _SPACE) + tail
    return join_wrapped(head, tail)


def _vocabulary(texts: list[str]) -> set[str]:
    """Latin words printed whole (not touching a line-wrap mark) anywhere in the document."""
    words: set[str] = set()
    for text in texts:
        pieces = re.split(r"[\x00\x01]", text)
        for i, piece in enumerate(pieces):
            found = _WORD_RE.findall(piece)
            if i > 0 and found and _LATIN.match(piece[:1]):
                found = found[1:]
            if i < len(pieces) - 1 and found and _LATIN.match(piece[-1:]):
                found = found[:-1]
            words.update(found)
    return words


def _resolve_joins(blocks: list[Block]) -> list[Block]:
    texts = [c for b in blocks if isinstance(b, Table) for r in b.rows for c in r if c]
    texts += [b.text for b in blocks if not isinstance(b, Table)]
    if not any(_NO_SPACE in t or _SPACE in t for t in texts):
        return blocks
    vocab = _vocabulary(texts)

    def fix(text: str) -> str:
        def one(m: re.Match[str]) -> str:
            head, mark, tail = m.groups()
            if head + tail in vocab:
                return head + tail
            if head in vocab and tail in vocab:
                return f"{head} {tail}"
            return head + ("" if mark == _NO_SPACE else " ") + tail

        return _MARKS_RE.sub(one, text)

    out: list[Block] = []
    for b in blocks:
        if isinstance(b, Table):
            out.append(Table([[fix(c) if c else c for c in r] for r in b.rows], b.title))
        elif isinstance(b, Heading):
            out.append(Heading(b.level, fix(b.text)))
        else:
            out.append(Paragraph(fix(b.text)))
    return out


def _join_lines(lines: list[_Line], right: float) -> str:
    """Join the lines of one cell: wrapped lines join up, a line break between items stays."""
    text = ""
    prev: _Line | None = None
    for line in lines:
        if prev is None:
            text = line.text
        elif _wraps(prev, line, right):
            text = _join(text, prev, line.text, right, line)
        else:
            text += "\n" + line.text
        prev = line
    return text


def _inside(ch: dict, bbox: tuple[float, float, float, float]) -> bool:
    x = (ch["x0"] + ch["x1"]) / 2
    y = (ch["top"] + ch["bottom"]) / 2
    return bbox[0] <= x < bbox[2] and bbox[1] <= y < bbox[3]


@dataclass
class _PageTable:
    table: Table
    top: float
    columns: tuple[float, ...]  # x positions of the column edges, to recognise a continuation
    bbox: tuple[float, float, float, float]


def _page_tables(page) -> list[_PageTable]:
    out = []
    for found in page.find_tables():
        chars = [c for c in page.chars if _inside(c, found.bbox)]
        grid = [
            [
                None if bbox is None else (bbox, _lines([c for c in chars if _inside(c, bbox)]))
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
            [None if cell is None else _join_lines(cell[1], cell[0][2] - pad).strip() for cell in row]
            for row in grid
        ]
        xs = sorted({round(c[0]) for c in found.cells} | {round(found.bbox[2])})
        out.append(_PageTable(Table(rows), found.bbox[1], tuple(xs), tuple(found.bbox)))
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


def read_pdf(path: Path, limits: ParseLimits | None = None, deadline: Deadline | None = None) -> list[Block]:
    """The blocks of a PDF, within ``limits`` (pages, characters per page, stream size, time)."""
    from pdfminer.psparser import PSException

    limits = limits or ParseLimits()
    deadline = deadline or Deadline(path, limits.timeout_s)
    pdf = _open(path)
    pages: list[tuple[list[_Line], list[_PageTable], float, float]] = []
    images = 0
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
            free = [c for c in page.chars if not any(_inside(c, t.bbox) for t in tables)]
            pages.append((_lines(free), tables, float(page.height), float(page.width)))
            images += len(page.images)
            page.close()  # free the page's parsed objects: only our lines and tables are kept
    except (PSException, ValueError, KeyError, TypeError) as exc:
        raise ParseError(
            path, f"not a readable PDF ({type(exc).__name__})", "export it to PDF again"
        ) from exc
    finally:
        pdf.close()
    if not any(lines or tables for lines, tables, _, _ in pages):
        if images:
            raise ParseError(
                path,
                "the PDF has no text layer (a scanned document)",
                "use the Word original, or run OCR on it first (e.g. save as searchable PDF)",
            )
        raise ParseError(path, "the PDF has no text", "check that you chose the right file")
    return _assemble(pages)


def _place(line: _Line) -> tuple[str, int]:
    return line.text, round(line.top / 4)


def _running_lines(pages: list[tuple[list[_Line], list[_PageTable], float, float]]) -> set[tuple[str, int]]:
    """Lines repeated at the same place at the top or bottom of most pages: running headers/footers."""
    if len(pages) < 2:
        return set()
    counts: Counter[tuple[str, int]] = Counter()
    for lines, _, height, _ in pages:
        counts.update({_place(ln) for ln in lines if ln.top < height * 0.1 or ln.bottom > height * 0.9})
    return {key for key, n in counts.items() if n >= max(2, len(pages) // 2 + 1)}


def _assemble(pages: list[tuple[list[_Line], list[_PageTable], float, float]]) -> list[Block]:
    running = _running_lines(pages)
    all_lines = [ln for lines, *_ in pages for ln in lines]
    body_size = Counter(ln.size for ln in all_lines for _ in ln.text).most_common(1)
    body = body_size[0][0] if body_size else 10.0
    larger = sorted({ln.size for ln in all_lines if ln.size > body * 1.12}, reverse=True)
    # The right margin: where most full lines end (a few punctuation marks hang beyond it).
    ends = sorted(ln.x1 for ln in all_lines if ln.size == body)
    right = ends[int(len(ends) * 0.9)] if ends else 0.0

    blocks: list[Block] = []
    last_table: _PageTable | None = None  # the table a new page may continue
    for lines, tables, height, _width in pages:
        items: list[tuple[float, object]] = [
            (ln.top, ln)
            for ln in lines
            if _place(ln) not in running
            and not (_PAGE_NUMBER_RE.match(ln.text) and (ln.top < height * 0.1 or ln.bottom > height * 0.9))
        ]
        items += [(t.top, t) for t in tables]
        items.sort(key=lambda it: it[0])
        prev_line: _Line | None = None
        first = True
        for _, item in items:
            if isinstance(item, _PageTable):
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
            assert isinstance(line, _Line)
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
                and _wraps(prev_line, line, right)
                and line.top - prev_line.bottom < line.size * 1.2
            )
            if continues:
                assert prev_line is not None
                blocks[-1] = Paragraph(_join(blocks[-1].text, prev_line, line.text, right, line))
            else:
                blocks.append(Paragraph(line.text))
            prev_line = line
        # A table continues on the next page only if nothing followed it on this page.
        if items and not isinstance(items[-1][1], _PageTable):
            last_table = None
    return _resolve_joins(blocks)


def _same_row(a: list[Cell], b: list[Cell]) -> bool:
    return [c or "" for c in a] == [c or "" for c in b]


def _continues(prev: _PageTable, new: _PageTable) -> bool:
    if prev.table.width != new.table.width or len(prev.columns) != len(new.columns):
        return False
    return all(abs(a - b) <= 3 for a, b in zip(prev.columns, new.columns, strict=True))
