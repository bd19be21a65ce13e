"""The neutral form every reader produces: headings, paragraphs and tables in body order.

Readers (Markdown, text, CSV/XLSX, Word, PDF) know about file formats and nothing about standards
or syllabi; interpreters know about standards and syllabi and nothing about file formats. A table
cell is ``None`` where the original merged it into the cell above or to the left (a vertically
merged Word cell, a ``None`` from pdfplumber), and ``""`` where it is simply empty.
"""

from __future__ import annotations

from dataclasses import dataclass, field

Cell = str | None


@dataclass(frozen=True)
class Heading:
    level: int
    text: str


@dataclass(frozen=True)
class Paragraph:
    text: str


@dataclass
class Table:
    rows: list[list[Cell]] = field(default_factory=list)
    title: str = ""  # a sheet name, when the table comes from a workbook

    @property
    def width(self) -> int:
        return max((len(r) for r in self.rows), default=0)

    def padded(self) -> list[list[Cell]]:
        """Rows all of the same width, short rows filled with empty cells."""
        w = self.width
        return [list(r) + [""] * (w - len(r)) for r in self.rows]


Block = Heading | Paragraph | Table


def block_text(block: Block) -> str:
    """The text of a block, table cells joined by spaces (for kind detection and messages)."""
    if isinstance(block, Table):
        return " ".join(c for r in block.rows for c in r if c)
    return block.text


def _is_wide(ch: str) -> bool:
    return ord(ch) >= 0x2E80


def join_wrapped(head: str, tail: str) -> str:
    """Join a line that wrapped onto the next: no space between Chinese characters, one otherwise."""
    head, tail = head.rstrip(), tail.lstrip()
    if not head or not tail:
        return head + tail
    if _is_wide(head[-1]) or _is_wide(tail[0]):
        return head + tail
    return f"{head} {tail}"
