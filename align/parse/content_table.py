"""The course-content tables of a syllabus: one unit per value of its unit column.

A syllabus gives its content as a table whose header names a unit column (教学单元, 学习单元, 实训项目 …)
and content, requirement or hours columns. Practical training is often a table of its own
(实训项目 | 实训内容 | 学时) and reads the same way. A table may have two unit columns, the outer one
written once in a merged cell (``None``) or repeated in every row. Which one is the unit follows what
the words mean: a 单元 is the unit (模块 | 学习单元: the 模块 only groups units), and otherwise the outer
column is (项目 | 任务, 章 | 节: a task or a section is part of its unit, as with unit headings).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from align.parse.blocks import Cell, Table
from align.parse.columns import classify, header_key, roles
from align.parse.hours import parse_hours, split_title_hours
from align.text import clean

_PRACTICE = r"实践|实训|实验|实操|训练|实践教学"
CONTENT_COLUMNS = roles(
    ("index", r"序号|编号|序|no"),
    ("theory", r"理论(学时|课时)?|讲授(学时|课时)?"),
    ("practice", r"(实践|实训|实验|实操)(学时|课时)?"),
    ("hours", r"(参考|建议|计划)?(总)?(学时|课时)(数|分配|安排)?"),
    # Before "unit": 项目内容 / 任务内容 is the content of a project, not its name.
    (
        "content",
        rf"(主要)?(教学|学习|课程|{_PRACTICE})?(项目|任务|单元|模块|情境)?内容(与|及|和)?(要求)?"
        r"|知识(要点|内容|点)|主要教学内容",
    ),
    (
        "requirement",
        rf"(教学|学习|能力|技能|知识|{_PRACTICE})(要求|目标)|({_PRACTICE})?目的|要求|目标|技能点|能力点",
    ),
    (
        "unit",
        rf"(教学|学习|课程|{_PRACTICE})?(单元|项目|模块|情境|章节|任务)(名称|标题|内容)?|学习情境|内容模块|章|节",
    ),
)
_SUMMARY_RE = re.compile(r"^(合计|总计|小计|总学时|共计|学时合计)")
#: Between a group and a unit title when one title needs its group to be told apart (as on the page).
GROUP_SEPARATOR = " › "


@dataclass
class UnitDraft:
    """A unit as it is read, before its content is split into items."""

    title: str
    hours: float | None = None
    texts: list[str] = field(default_factory=list)
    child_hours: list[float] = field(default_factory=list)
    group: str = ""  # the 模块 of a grouped table's unit, to tell two units of one title apart


def _columns(row: list[Cell]) -> dict[str, list[int]]:
    """Role → its columns, left to right (a table may have two unit or two content columns)."""
    found: dict[str, list[int]] = {}
    for i, cell in enumerate(row):
        role = classify(cell, CONTENT_COLUMNS)
        if role:
            found.setdefault(role, []).append(i)
    return found


def content_header(table: Table) -> tuple[int, dict[str, list[int]]] | None:
    """(row, role → columns) of a content table's header, ``None`` when the table is not one."""
    for i, row in enumerate(table.rows[:3]):
        cols = _columns(row)
        if "unit" in cols and ({"content", "requirement", "hours"} & cols.keys()):
            return i, cols
    return None


def _unit_column(header: list[Cell], columns: list[int]) -> int:
    """The column that names the units, among a header's unit columns (left to right)."""
    names = {i: header_key(header[i]) for i in columns}
    inner_units = [i for i in columns if "单元" in names[i]]
    if inner_units:
        return inner_units[-1]
    return next((i for i in columns if "模块" not in names[i]), columns[0])


def _row_hours(row: list[Cell], cols: dict[str, list[int]]) -> float | None:
    def cell(role: str) -> Cell:
        return row[cols[role][0]] if role in cols else ""

    h = parse_hours(cell("hours"))
    if h is None and (cell("theory") or cell("practice")):
        h = sum(x for x in (parse_hours(cell("theory")), parse_hours(cell("practice"))) if x)
    return h


class _Groups:
    """The current value of each outer unit column (模块 …), as merged or repeated cells carry it."""

    def __init__(self, columns: list[int]):
        self.columns = columns
        self.values = [""] * len(columns)

    def update(self, row: list[Cell]) -> str:
        """Take the row's group cells; the outermost group that changed (its title), else ``""``."""
        changed = ""
        for k, col in enumerate(self.columns):
            text = clean((row[col] or "").replace("\n", " "))
            if text and text != self.values[k]:
                self.values[k + 1 :] = [""] * (len(self.values) - k - 1)
                self.values[k] = text
                changed = changed or text
        return changed

    @property
    def path(self) -> str:
        return GROUP_SEPARATOR.join(v for v in self.values if v)


def read_content_table(table: Table) -> list[UnitDraft] | None:
    """The units of a content table, in order; ``None`` when the table is not a content table."""
    header = content_header(table)
    if header is None:
        return None
    header_at, cols = header
    unit_col = _unit_column(table.rows[header_at], cols["unit"])
    groups = _Groups([i for i in cols["unit"] if i < unit_col])
    texts_at = cols.get("content", []) + cols.get("requirement", [])
    units: list[UnitDraft] = []
    for row in table.padded()[header_at + 1 :]:
        if any(c and _SUMMARY_RE.match(clean(c)) for c in row[:3]):
            continue
        title = row[unit_col]
        if title and title == table.rows[header_at][unit_col]:
            continue  # header repeated after a page break
        # A group row without a unit of its own (模块三 with its content) is a unit itself.
        new_group = groups.update(row)
        title = title or new_group
        name, hours = split_title_hours(clean((title or "").replace("\n", " ")))
        if units and not new_group and name == units[-1].title:
            title = ""  # a merged cell written out on every row (Markdown has no merged cells)
        if title:
            units.append(UnitDraft(name, hours, group=groups.path))
        elif not units:
            continue
        current = units[-1]
        h = _row_hours(row, cols)
        if h is not None:
            current.hours = h if (title and current.hours is None) else (current.hours or 0) + h
        current.texts.extend(row[i] for i in texts_at if row[i])
    return units


def distinct_titles(units: list[UnitDraft]) -> list[str]:
    """The units' titles, a title its group when two units share it.

    A unit is named by its own cell (单元2 Lighthouse, not 模块一 性能分析 › 单元2 Lighthouse): that is
    the title as written, which evidence cites and labels name (``课程::单元标题``). But reports and
    reviews key a unit by its course and title, so two units of one title under different 模块
    would merge: only those carry their group in front.
    """
    seen = Counter(u.title for u in units)
    return [
        f"{u.group}{GROUP_SEPARATOR}{u.title}" if u.group and seen[u.title] > 1 else u.title for u in units
    ]
