"""Tell a standard, a syllabus and a training plan apart by what they say, not by their file names."""

from __future__ import annotations

import re

from align.parse.blocks import Block, Heading, Table, block_text
from align.parse.columns import map_columns
from align.parse.plan import find_course_table
from align.parse.standard import find_header

KINDS = ("standard", "syllabus", "plan")
_TITLE_PATTERNS = {
    "plan": re.compile(r"人才培养方案|培养方案|专业教学标准|教学计划"),
    "syllabus": re.compile(r"课程标准|教学大纲|课程大纲|课程教学标准|课程说明"),
    "standard": re.compile(r"职业技能等级标准|职业技能标准|职业标准|技能等级要求"),
}


def _title(blocks: list[Block]) -> str:
    for block in blocks[:6]:
        if isinstance(block, Heading) and block.level == 1:
            return block.text
    return " ".join(block_text(b) for b in blocks[:3] if not isinstance(b, Table))


def detect_kind(blocks: list[Block]) -> str | None:
    """``"standard"``, ``"syllabus"``, ``"plan"``, or ``None`` when the content says nothing clear."""
    title = _title(blocks)
    for kind in ("plan", "syllabus", "standard"):
        if _TITLE_PATTERNS[kind].search(title):
            return kind
    from align.parse.syllabus import CONTENT_COLUMNS, unit_heading

    scores = dict.fromkeys(KINDS, 0)
    for block in blocks:
        if isinstance(block, Table):
            if find_header(block):
                scores["standard"] += 3
            if find_course_table(block):
                scores["plan"] += 3
            for row in block.rows[:3]:
                cols = map_columns(row, CONTENT_COLUMNS)
                if "unit" in cols and {"content", "hours"} & cols.keys():
                    scores["syllabus"] += 3
                    break
        else:
            text = block_text(block)
            if unit_heading(text):
                scores["syllabus"] += 1
            for kind, pattern in _TITLE_PATTERNS.items():
                if pattern.search(text):
                    scores[kind] += 1
    best = max(KINDS, key=lambda k: scores[k])
    return best if scores[best] >= 2 else None
