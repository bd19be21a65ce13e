"""Printed lines of a PDF page and how they join up: what the page reader and both table readers
(ruled, in :mod:`align.parse.pdf_reader`; borderless, in :mod:`align.parse.pdf_tables`) share.

Characters are grouped into lines by their vertical position. A line that filled the width of its
column and does not start a new item continues onto the next (``wraps``); Latin words split over
two lines are marked and mended once the whole document's words are known (``resolve_joins``).
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from dataclasses import dataclass

from align.parse.blocks import Block, Heading, Paragraph, Table, join_wrapped
from align.parse.numbering import number

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
class Line:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    first_word: float  # width of the first word: a wrap leaves less room than this on the line above
    first_char: float


def line_groups(chars: list[dict]) -> list[list[dict]]:
    """Characters grouped into printed lines by their vertical position, each left to right."""
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
    for group in groups:
        group.sort(key=lambda c: c["x0"])
    return groups


def line_of(group: list[dict]) -> Line | None:
    """The line printed by ``group`` (characters left to right); ``None`` when it prints nothing."""
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
    if not text:
        return None
    printed = [c for c in group if c["text"].strip()]
    first_word = first_char = printed[0]["x1"] - printed[0]["x0"]
    if _LATIN.match(printed[0]["text"]):
        for prev_ch, ch in itertools.pairwise(printed):
            if not _LATIN.match(ch["text"]) or ch["x0"] - prev_ch["x1"] > 0.3 * ch["size"]:
                break
            first_word = ch["x1"] - printed[0]["x0"]
    sizes = Counter(round(c["size"], 1) for c in printed)
    return Line(
        text,
        group[0]["x0"],
        group[-1]["x1"],
        min(c["top"] for c in group),
        max(c["bottom"] for c in group),
        sizes.most_common(1)[0][0],
        first_word,
        first_char,
    )


def lines_of(chars: list[dict]) -> list[Line]:
    """The printed lines of ``chars``, top to bottom."""
    return [line for group in line_groups(chars) if (line := line_of(group))]


def starts_item(text: str) -> bool:
    return number(text)[0] is not None or bool(_MARKER_RE.match(text))


def wraps(prev: Line, line: Line, right: float) -> bool:
    """Whether ``line`` continues ``prev``: it is no new item and its first word had no room above."""
    if right - prev.x1 >= line.first_word + 0.6 * line.size:
        return False
    # "14）与…" under "…储运包装条码（ITF-" closes a bracket the line above opened: not a new item.
    closes = _CLOSER_RE.match(line.text) and _open_brackets(prev.text) > 0
    if starts_item(line.text) and not closes:
        return False
    # "教学要求：…" after a finished sentence starts a new paragraph even when the sentence filled the line.
    return not (prev.text.endswith(_TERMINAL) and _LABEL_RE.match(line.text))


# Between two Latin words split over two lines the space may be lost (a wrap at a space) or never
# there (a word broken at the edge). The join is marked, and resolved once the whole document's
# words are known (see resolve_joins).
_NO_SPACE, _SPACE = "\x00", "\x01"
_MARKS_RE = re.compile(r"([A-Za-z0-9_.\-/#+]*)([\x00\x01])([A-Za-z0-9_.\-/#+]*)")
_WORD_RE = re.compile(r"[A-Za-z][A-Za-z0-9_.\-/#+]*")
_WORD_TAIL_RE = re.compile(r"[A-Za-z0-9_]+")


def join(head: str, prev: Line, tail: str, right: float, line: Line) -> str:
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


def resolve_joins(blocks: list[Block]) -> list[Block]:
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


def join_lines(lines: list[Line], right: float) -> str:
    """Join the lines of one cell: wrapped lines join up, a line break between items stays."""
    text = ""
    prev: Line | None = None
    for line in lines:
        if prev is None:
            text = line.text
        elif wraps(prev, line, right):
            text = join(text, prev, line.text, right, line)
        else:
            text += "\n" + line.text
        prev = line
    return text


def inside(ch: dict, bbox: tuple[float, float, float, float]) -> bool:
    x = (ch["x0"] + ch["x1"]) / 2
    y = (ch["top"] + ch["bottom"]) / 2
    return bbox[0] <= x < bbox[2] and bbox[1] <= y < bbox[3]


@dataclass
class PageTable:
    """A table found on a page, ruled or not."""

    table: Table
    top: float
    columns: tuple[float, ...]  # x positions of the column edges, to recognise a continuation
    bbox: tuple[float, float, float, float]
