"""Read Markdown (and Markdown-like plain text) into blocks.

Only what 课程标准 and standards written as Markdown use: ATX headings, pipe tables, bullet and
numbered list items, paragraphs (one per line, as Chinese documents are written). ``<br>``
inside a cell is a line break; ``**bold**`` marks vanish.
"""

from __future__ import annotations

import re

from align.parse.blocks import Block, Heading, Paragraph, Table

_HEADING_RE = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_SEPARATOR_RE = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$")
_BULLET_RE = re.compile(r"^\s*[-*+•·]\s+")
_BR_RE = re.compile(r"<br\s*/?>", re.IGNORECASE)
_EMPHASIS_RE = re.compile(r"(\*\*|__)(.+?)\1")


def inline(text: str) -> str:
    """Drop inline Markdown marks a reader of the document would not see."""
    text = _BR_RE.sub("\n", text)
    text = _EMPHASIS_RE.sub(r"\2", text)
    return text.replace("\\|", "|").strip()


def strip_comments(text: str) -> str:
    """Remove ``<!-- … -->`` comments in one pass (a regex rescans to the end for every unclosed one).

    An unclosed ``<!--`` is kept as text: it is more likely content than a comment.
    """
    out: list[str] = []
    i = 0
    while (start := text.find("<!--", i)) >= 0:
        out.append(text[i:start])
        end = text.find("-->", start + 4)
        if end < 0:
            break
        i = end + 3
    else:
        out.append(text[i:])
        return "".join(out)
    out.append(text[start:])
    return "".join(out)


def _cells(line: str) -> list[str]:
    line = line.strip()
    if line.startswith("|"):
        line = line[1:]
    if line.endswith("|") and not line.endswith("\\|"):
        line = line[:-1]
    parts = re.split(r"(?<!\\)\|", line)
    return [inline(p) for p in parts]


def _is_table_line(line: str) -> bool:
    return line.lstrip().startswith("|")


def read_markdown_text(text: str) -> list[Block]:
    """Turn Markdown text into blocks in document order."""
    text = strip_comments(text.replace("\r\n", "\n").replace("\r", "\n"))
    lines = text.split("\n")
    blocks: list[Block] = []
    para: list[str] = []

    def flush() -> None:
        if para:
            joined = inline(" ".join(para))
            if joined:
                blocks.append(Paragraph(joined))
            para.clear()

    i = 0
    while i < len(lines):
        line = lines[i]
        stripped = line.strip()
        if stripped.startswith(">"):
            stripped = stripped.lstrip("> ").strip()
        if not stripped or stripped.startswith("```") or re.fullmatch(r"[-*_]{3,}", stripped):
            flush()
            i += 1
            continue
        m = _HEADING_RE.match(stripped)
        if m:
            flush()
            blocks.append(Heading(len(m.group(1)), inline(m.group(2))))
            i += 1
            continue
        if _is_table_line(stripped):
            flush()
            rows: list[list[str | None]] = []
            while i < len(lines) and _is_table_line(lines[i].strip()):
                row_line = lines[i].strip()
                if not _SEPARATOR_RE.match(row_line):
                    rows.append(list(_cells(row_line)))
                i += 1
            blocks.append(Table(rows))
            continue
        if "\t" in stripped and stripped.count("\t") >= 1 and _tab_table_follows(lines, i):
            flush()
            rows = []
            while i < len(lines) and "\t" in lines[i]:
                rows.append([inline(c) for c in lines[i].strip("\n").split("\t")])
                i += 1
            blocks.append(Table(rows))
            continue
        # Chinese documents written as Markdown put one paragraph or item on each line.
        flush()
        para.append(_BULLET_RE.sub("", stripped))
        i += 1
    flush()
    return blocks


def _tab_table_follows(lines: list[str], i: int) -> bool:
    """Two or more consecutive tab-separated lines make a table (plain-text exports of Excel)."""
    return i + 1 < len(lines) and "\t" in lines[i + 1]
