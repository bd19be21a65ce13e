"""Size checks on what a reader produced, before the interpreters see it.

The interpreters (standard, syllabus, plan) are linear in their input, so bounding the characters,
the longest line and the table cells bounds their time and memory too, whatever the file format.
"""

from __future__ import annotations

from pathlib import Path

from align.parse.blocks import Block, Table
from align.parse.limits import ParseLimits, too_large


def check_text(text: str, path: Path, limits: ParseLimits) -> None:
    """Bound a text file's characters and its longest line (before Markdown parsing)."""
    if len(text) > limits.max_chars:
        raise too_large(path, "the number of characters", len(text), limits.max_chars, "max_chars")
    if len(text) <= limits.max_line_chars:
        return
    for number, line in enumerate(text.split("\n"), start=1):
        if len(line) > limits.max_line_chars:
            raise too_large(
                path, "the length of one line in characters", len(line), limits.max_line_chars,
                "max_line_chars", f"line {number}",
            )  # fmt: skip


def check_blocks(blocks: list[Block], path: Path, limits: ParseLimits) -> None:
    """Bound the blocks of any reader: total characters, the longest paragraph or cell, table cells."""
    total = 0
    for index, block in enumerate(blocks):
        if isinstance(block, Table):
            cells = len(block.rows) * block.width
            if cells > limits.max_cells:
                raise too_large(
                    path, "the number of cells of one table", cells, limits.max_cells, "max_cells",
                    f"table {sum(isinstance(b, Table) for b in blocks[:index]) + 1}",
                )  # fmt: skip
            texts = [c for row in block.rows for c in row if c]
        else:
            texts = [block.text]
        for text in texts:
            if len(text) > limits.max_line_chars:
                raise too_large(
                    path, "the length of one paragraph or cell in characters", len(text),
                    limits.max_line_chars, "max_line_chars",
                )  # fmt: skip
            total += len(text)
        if total > limits.max_chars:
            raise too_large(path, "the number of characters", total, limits.max_chars, "max_chars")
