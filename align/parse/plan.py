"""Turn blocks into a :class:`TrainingPlan` (人才培养方案): the major and its course table.

The course table has 课程名称 and some of 课程类型, 学期, 学分, 学时. The semester is either a
column of its own (开课学期) or a group of per-semester columns (1 … 6, 第一学期 …) where the
semesters in which a course has weekly hours are the semesters it runs.
"""

from __future__ import annotations

import re
from pathlib import Path

from align.documents import PlanCourse, TrainingPlan
from align.errors import ParseError
from align.parse.blocks import Block, Cell, Table
from align.parse.columns import header_key, map_columns, roles
from align.parse.hours import parse_hours
from align.text import clean

PLAN_COLUMNS = roles(
    ("index", r"序号|编号|序"),
    ("code", r"课程(代码|编码|编号)|代码"),
    ("course", r"课程名称|课程|名称|课程名"),
    ("type", r"课程(类型|性质|类别|属性|模块|平台|体系)|类型|类别|性质|模块"),
    ("credits", r"学分(数)?"),
    ("theory", r"理论(学时|课时)?"),
    ("practice", r"(实践|实训|实验)(学时|课时)?"),
    ("hours", r"(总|计划|教学)?(学时|课时)(数|合计)?"),
    ("semester", r"(开课|开设|建议|授课)?学期(安排)?"),
)
_SEMESTER_RE = re.compile(r"^(?:第)?([1-8一二三四五六七八])(?:学期)?$")
_CN = "一二三四五六七八"
_SUMMARY_RE = re.compile(r"^(合计|总计|小计|共计)")


def find_course_table(table: Table) -> tuple[int, dict[str, int]] | None:
    for i, row in enumerate(table.rows[:3]):
        cols = map_columns(row, PLAN_COLUMNS)
        if "course" in cols and len({"credits", "hours", "semester", "type"} & cols.keys()) >= 2:
            return i, cols
    return None


def _semester_columns(rows: list[list[Cell]], header_at: int) -> dict[int, str]:
    """Per-semester columns: column → semester number, from the header row or the row below it."""
    out: dict[int, str] = {}
    for r in rows[header_at : header_at + 2]:
        for i, cell in enumerate(r):
            m = _SEMESTER_RE.match(header_key(cell))
            if m:
                n = m.group(1)
                out[i] = str(_CN.index(n) + 1) if n in _CN else n
    return out


def _texts(blocks: list[Block]) -> list[str]:
    """Headings and paragraphs, and the title rows of tables (one cell across the table)."""
    out = []
    for block in blocks:
        if isinstance(block, Table):
            out += [c for r in block.rows[:2] for c in r if c and len({x for x in r if x}) == 1][:1]
        else:
            out.append(block.text)
    return [clean(t) for t in out]


def _major(blocks: list[Block], source: Path) -> str:
    texts = _texts(blocks)
    for text in texts:
        m = re.match(r"^(?:专业名称|专业)\s*[（(]?[^：:]{0,6}[)）]?\s*[：:]\s*(.+)$", text)
        if m:
            return re.split(r"[\s（(]", m.group(1).strip())[0]
    for text in texts[:8]:
        m = re.search(
            r"(?:\d{4}\s*级)?\s*([^\s《》]+?)专业.*?(?:人才培养方案|教学标准|教学计划|教学进程)", text
        )
        if m:
            return m.group(1).lstrip("《")
    return source.stem


def interpret_plan(blocks: list[Block], source: Path) -> TrainingPlan:
    """Build a training plan; :class:`ParseError` when it has no course table."""
    courses: list[PlanCourse] = []
    seen: set[str] = set()
    for block in blocks:
        if not isinstance(block, Table):
            continue
        found = find_course_table(block)
        if not found:
            continue
        header_at, cols = found
        rows = block.padded()
        sem_cols = _semester_columns(rows, header_at) if "semester" not in cols else {}
        start = header_at + 1
        if sem_cols and start < len(rows) and any(_SEMESTER_RE.match(header_key(c)) for c in rows[start]):
            start += 1  # the row of semester numbers under a 各学期周学时 header
        course_type = ""
        for row in rows[start:]:

            def cell(role: str, row: list[Cell] = row, cols: dict[str, int] = cols) -> str:
                return clean(row[cols[role]] or "") if role in cols else ""

            if "type" in cols and row[cols["type"]]:
                course_type = cell("type")
            name = cell("course")
            if (
                not name
                or _SUMMARY_RE.match(name)
                or name == clean(block.rows[header_at][cols["course"]] or "")
            ):
                continue
            semester = cell("semester")
            if not semester and sem_cols:
                semester = ",".join(n for i, n in sem_cols.items() if i < len(row) and clean(row[i] or ""))
            hours = parse_hours(cell("hours"))
            if hours is None and (cell("theory") or cell("practice")):
                hours = sum(h for h in (parse_hours(cell("theory")), parse_hours(cell("practice"))) if h)
            key = f"{name}\t{semester}"
            if key in seen:
                continue
            seen.add(key)
            courses.append(PlanCourse(name, course_type, semester, parse_hours(cell("credits")), hours))
    if not courses:
        raise ParseError(
            source,
            "no course table found",
            "a training plan needs a table with 课程名称 and 课程类型 / 学期 / 学分 / 学时 columns",
        )
    return TrainingPlan(major=_major(blocks, source), source=str(source), courses=courses)
