"""Turn blocks into a :class:`Syllabus` (课程标准 / 教学大纲).

Reads the 课程基本信息 table (or ``课程名称：…`` lines), the 课程目标 section and the course content,
written either as a table (序号 | 教学单元 | 教学内容 | 教学要求 | 学时) or as numbered unit headings
(项目一, 任务1, 第一章, 单元1, 模块一 …) followed by paragraphs or bullets. Practical training (实践教学
安排, 实训项目 …) is content too, as a table or headings in a section of its own wherever it stands; a
practical-training section that gives no unit is warned about. Content tables are read by
:mod:`align.parse.content_table`. Content is split into items with spaCy (:mod:`align.parse.items`),
each item staying in its unit.
"""

from __future__ import annotations

import re
from pathlib import Path

from align.documents import CourseUnit, Hours, Syllabus
from align.errors import ParseError, ParseWarning
from align.parse.blocks import Block, Heading, Paragraph, Table
from align.parse.columns import classify, roles
from align.parse.content_table import CONTENT_COLUMNS as CONTENT_COLUMNS  # detect.py reads them here
from align.parse.content_table import UnitDraft, distinct_titles, read_content_table
from align.parse.hours import parse_hours, split_title_hours, theory_practice
from align.parse.items import split_content
from align.parse.standard import labelled, split_list
from align.text import clean

INFO_KEYS = roles(
    ("course", r"课程名称|课程中文名称|课程名"),
    ("code", r"课程(代码|编码|编号|号)|代码"),
    ("credits", r"(课程)?学分(数)?"),
    ("theory", r"理论(教学)?(学时|课时)?"),
    ("practice", r"(实践|实验|实训|实操)(教学)?(学时|课时)?"),
    ("total", r"(总|课程|计划|课程总)?(学时|课时)(数)?"),
    ("majors", r"适用(专业|对象|范围|专业及层次)|(授课|开课|面向)专业"),
    ("type", r"课程(类型|性质|类别|属性)"),
    (
        "other",
        r"开课(学期|部门|系部|单位|时间)|(先修|后续|前导|后置|前修)课程|(制定|审核|执笔|审定)人|"
        r"学期|考核方式|授课对象|教材|课程负责人|授课教师|编写人|修订日期",
    ),
)
_UNIT_RE = re.compile(
    r"^(?P<kind>项目|任务|单元|模块|学习情境|情境|专题|学习任务|工作任务|实训|实验|课题|活动)\s*"
    r"(?P<n>[一二三四五六七八九十百]+|[0-9]+)(?![0-9.])"
    r"|^第\s*(?P<n2>[一二三四五六七八九十百]+|[0-9]+)\s*(?P<kind2>章|节|单元|部分|讲|篇|模块|项目)"
)
_SECTION_NUMBER_RE = re.compile(r"^(?:[一二三四五六七八九十]+\s*[、.．]|[（(][一二三四五六七八九十]+[)）])")
_SKIP_LABEL_RE = re.compile(
    r"教学(方法|手段|资源|场所|建议|组织|重点|难点|模式|设计)|重点|难点|考核|评价|学时|课时|作业|学习资源"
)
_INFO_LABEL_RE = re.compile(r"(?:^|(?<=\s)|(?<=[；;，,]))([\u4e00-\u9fff]{2,8})\s*[：:]")
_LABEL_WORD_RE = re.compile(r"内容|要求|目标|知识|技能|能力|素质|任务|要点|学时|课时")
_SECTION_KEYS = (
    ("info", re.compile(r"课程(基本)?信息|基本信息")),
    ("objectives", re.compile(r"(课程|教学|课程教学)目标")),
    (
        "content",
        re.compile(r"(课程|教学)内容|学时(安排|分配)|课程结构|内容(与|及)学时|教学(单元|项目)设计|学习情境"),
    ),
)
# Practical training is course content wherever its section stands (after 考核评价 too), unless the
# title says it is about something else: the rooms and equipment, the teachers, how it is assessed.
_PRACTICE_RE = re.compile(r"实践|实训|实验|实操|实习")
_NOT_PRACTICE_CONTENT_RE = re.compile(
    r"条件|场地|场所|设备|仪器|环境|基地|师资|教师|资源|保障|考核|考试|评价|成绩|建议|方法|目标|安全|纪律"
)


def unit_heading(text: str) -> str | None:
    """The kind of a unit heading (``项目``, ``章`` …), or ``None`` when ``text`` is not one."""
    m = _UNIT_RE.match(text.strip())
    if not m:
        return None
    return m.group("kind") or m.group("kind2")


def _heading(block: Block) -> tuple[int, str] | None:
    """(level, text) of a heading, including a short numbered paragraph used as a heading."""
    if isinstance(block, Heading):
        return block.level, clean(block.text)
    if isinstance(block, Paragraph):
        text = clean(block.text)
        if len(text) > 40 or text.endswith(("。", "；", ";", "：", ":")) or "\n" in block.text:
            return None
        if re.match(r"^[一二三四五六七八九十]+\s*[、.．]", text):
            return 2, text
        if re.match(r"^[（(][一二三四五六七八九十]+[)）]", text):
            return 3, text
        if unit_heading(text) and not labelled(text)[1]:
            return 3, text
    return None


def practice_title(text: str) -> bool:
    """Whether a section title names practical training (实践教学安排, 实训项目 …) as content."""
    return bool(_PRACTICE_RE.search(text)) and not _NOT_PRACTICE_CONTENT_RE.search(text)


def _section(text: str) -> str | None:
    for name, pattern in _SECTION_KEYS:
        if pattern.search(text):
            return name
    return "content" if practice_title(text) else None


class SyllabusBuilder:
    def __init__(self, source: Path):
        self.source = source
        self.title = ""
        self.info: dict[str, str] = {}
        self.objective_texts: list[str] = []
        self.units: list[UnitDraft] = []
        self.unit_kind = ""
        self.unit_level = 0
        self.section = ""
        self.section_level = 0
        self.skipping = False  # inside a 教学方法 / 考核 part of a unit
        self.in_unit = False  # paragraphs belong to the last unit (not to a section before its first)
        #: A practical-training section being read: its title and how many units there were before it.
        self.practice: tuple[str, int] | None = None
        self.warnings: list[ParseWarning] = []

    # --- info -------------------------------------------------------------------------------
    def add_info(self, key: str, value: str) -> None:
        value = clean(value)
        if key != "other" and value and key not in self.info:
            self.info[key] = value

    def info_table(self, table: Table) -> bool:
        rows = [[c for c in r if c is not None] for r in table.rows]
        keyed = [[classify(c, INFO_KEYS) for c in r] for r in rows]
        if sum(1 for r in keyed for k in r if k and k != "other") < 2:
            return False
        # Keys in the first row, values in the second: column-wise.
        if len(rows) >= 2 and all(keyed[0]) and not any(keyed[1]):
            for k, v in zip(keyed[0], rows[1], strict=False):
                self.add_info(k, v)
            return True
        for r, ks in zip(rows, keyed, strict=True):
            for i, k in enumerate(ks):
                if k and i + 1 < len(r) and not ks[i + 1]:
                    self.add_info(k, r[i + 1])
        return True

    def info_line(self, text: str) -> bool:
        """``课程名称：Linux操作系统  课程代码：0513`` — one or more labelled values on a line."""
        labels = [m for m in _INFO_LABEL_RE.finditer(text) if classify(m.group(1), INFO_KEYS)]
        if not labels or labels[0].start() > 0:
            return False
        for m, nxt in zip(labels, [*labels[1:], None], strict=True):
            value = text[m.end() : nxt.start() if nxt else len(text)]
            self.add_info(classify(m.group(1), INFO_KEYS) or "other", value.strip(" ；;，,。"))
        return True

    # --- units --------------------------------------------------------------------------------
    def content_table(self, table: Table) -> bool:
        units = read_content_table(table)
        if units is None:
            return False
        self.units.extend(units)
        self.in_unit = bool(self.units)
        return True

    def start_unit(self, level: int, text: str, kind: str) -> None:
        title, hours = split_title_hours(text)
        if not self.unit_kind:
            self.unit_kind, self.unit_level = kind, level
        self.skipping = False
        self.in_unit = True
        if kind == self.unit_kind or not self.units:
            self.units.append(UnitDraft(title, hours))
        else:
            # A 任务 under a 项目, a 节 under a 章: its title and content belong to the unit above.
            parent = self.units[-1]
            parent.texts.append(_without_unit_number(title))
            if hours is not None:
                parent.child_hours.append(hours)

    def unit_text(self, text: str) -> None:
        label, sep, rest = part_label(text)
        if sep:
            if _SKIP_LABEL_RE.search(label) and not re.search(r"内容|要求", label):
                self.skipping = True
                if (
                    re.search(r"学时|课时", label)
                    and parse_hours(rest) is not None
                    and self.units[-1].hours is None
                ):
                    self.units[-1].hours = parse_hours(rest)
                return
            self.skipping = False
            text = rest
        if not self.skipping and text.strip() and not text.rstrip().endswith(("：", ":")):
            self.units[-1].texts.append(text)

    # --- sections -------------------------------------------------------------------------------
    def enter(self, section: str, level: int, title: str) -> None:
        """Start a section; a content section starts its units afresh."""
        self.section, self.section_level = section, level
        self.start_group(title if section == "content" else "")

    def start_group(self, title: str) -> None:
        """A new run of units (理论教学 then 实践教学): its first unit heading sets the unit kind again,
        so 项目一 after 单元1–单元8 is a unit, not a part of 单元8."""
        self.end_practice()
        self.unit_kind, self.in_unit = "", False
        if title and practice_title(title):
            self.practice = (title, len(self.units))

    def end_practice(self) -> None:
        """Tell of a practical-training section that gave no unit, rather than leave it out silently."""
        if self.practice and len(self.units) == self.practice[1]:
            self.warnings.append(
                ParseWarning(
                    self.source,
                    "this practical-training section has no units align can read; its content is left out",
                    "write it as a table (实训项目 | 实训内容 | 学时) or as unit headings such as "
                    "实训一 / 项目一 followed by their content",
                    f"section {self.practice[0]}",
                )
            )
        self.practice = None

    def add_heading(self, level: int, text: str) -> None:
        kind = unit_heading(text)
        if kind and self.section in ("content", ""):
            if self.section == "":
                self.section, self.section_level = "content", level - 1
            self.start_unit(level, text, kind)
            return
        if not self.title and (level == 1 or re.search(r"课程标准|教学大纲|课程教学标准", text)):
            self.title = text
            return
        section = _section(text)
        if section and (
            level <= self.section_level
            or self.section not in ("objectives", "content")
            or (self.section == "content" and not self.units)
        ):
            self.enter(section, level, text)
            return
        if level <= self.section_level or (_SECTION_NUMBER_RE.match(text) and level <= 2):
            self.enter("other", level, text)
            return
        if self.section == "content" and self.units:
            if practice_title(text) and self.above_units(level, text):
                self.start_group(text)
                return
            label = text.strip("：: ")
            self.skipping = bool(_SKIP_LABEL_RE.search(label)) and not re.search(r"内容|要求", label)

    def above_units(self, level: int, text: str) -> bool:
        """Whether a heading stands above the units (（二）实践教学 over 项目一 …), not inside one (a
        实训内容 label under 项目一); a numbered paragraph used as a heading is as high as a unit's."""
        return level < self.unit_level or (level == self.unit_level and bool(_SECTION_NUMBER_RE.match(text)))

    # --- blocks --------------------------------------------------------------------------------
    def add(self, block: Block) -> None:
        if isinstance(block, Table):
            if self.content_table(block):
                return
            if self.info_table(block):
                return
            if self.section == "objectives":
                for row in block.rows:
                    cells = [c for c in row if c]
                    if cells and not classify(cells[0], INFO_KEYS):
                        self.objective_texts.append(max(cells, key=len))
            return
        head = _heading(block)
        if head:
            self.add_heading(*head)
            return
        text = clean(block.text)
        if not self.title and re.search(r"课程标准|教学大纲", text) and len(text) <= 40:
            self.title = text
            return
        if self.info_line(text) and self.section in ("", "info"):
            return
        if self.section == "objectives":
            _label, sep, rest = part_label(text)
            body = rest if sep else text
            if body and not body.rstrip().endswith(("：", ":")):
                self.objective_texts.append(body)
        elif self.section == "content" and self.in_unit:
            self.unit_text(text)

    def syllabus(self) -> Syllabus:
        self.end_practice()
        course = self.info.get("course") or _course_from_title(self.title) or self.source.stem
        texts = self.objective_texts + [t for u in self.units for t in u.texts]
        split = split_content(texts)
        objectives = [i for parts in split[: len(self.objective_texts)] for i in parts]
        k = len(self.objective_texts)
        units = []
        for u, title in zip(self.units, distinct_titles(self.units), strict=True):
            items: list[str] = []
            for parts in split[k : k + len(u.texts)]:
                items.extend(i for i in parts if i not in items)
            k += len(u.texts)
            hours = u.hours if u.hours is not None else (sum(u.child_hours) if u.child_hours else None)
            units.append(CourseUnit(title=title, hours=hours, items=items))
        total = parse_hours(self.info.get("total"))
        theory = parse_hours(self.info.get("theory"))
        practice = parse_hours(self.info.get("practice"))
        t2, p2 = theory_practice(self.info.get("total"))
        theory = theory if theory is not None else t2
        practice = practice if practice is not None else p2
        if total is None and theory is not None and practice is not None:
            total = theory + practice
        return Syllabus(
            course=course,
            source=str(self.source),
            code=self.info.get("code", ""),
            credits=parse_hours(self.info.get("credits")),
            hours=Hours(total=total, theory=theory, practice=practice),
            majors=split_list(self.info.get("majors", "")),
            course_type=self.info.get("type", ""),
            objectives=objectives,
            units=units,
            warnings=self.warnings,
        )


def part_label(text: str) -> tuple[str, str, str]:
    """A label such as 教学内容： or 知识目标： in front of a paragraph; ``("", "", text)`` otherwise.

    Only labels that name a part of a syllabus count: "1. 责任中心的划分：成本中心…" is content.
    """
    label, sep, rest = labelled(text)
    if (
        sep
        and len(label) <= 10
        and not re.match(r"^[0-9（(①-⑳一二三四五六七八九十]", label)
        and (_SKIP_LABEL_RE.search(label) or _LABEL_WORD_RE.search(label))
    ):
        return label, sep, rest
    return "", "", text


def _without_unit_number(title: str) -> str:
    m = _UNIT_RE.match(title)
    return title[m.end() :].strip(" 、.．：:") if m else title


def _course_from_title(title: str) -> str:
    m = re.search(r"《([^》]+)》", title)
    if m:
        return m.group(1).strip()
    return re.sub(r"(课程教学标准|课程标准|教学大纲|课程大纲)$", "", title).strip()


def interpret_syllabus(blocks: list[Block], source: Path) -> Syllabus:
    """Build a syllabus from a document's blocks; :class:`ParseError` when it has no content units."""
    builder = SyllabusBuilder(source)
    for block in blocks:
        builder.add(block)
    syllabus = builder.syllabus()
    if not syllabus.units:
        raise ParseError(
            source,
            "no course content found",
            "expected a 课程内容 table (教学单元 | 教学内容 | 教学要求 | 学时) or unit headings "
            "such as 项目一 / 单元1 / 第一章 followed by their content",
        )
    empty = [u.title for u in syllabus.units if not u.items]
    if len(empty) == len(syllabus.units):
        raise ParseError(source, "the course units have no content", "write 教学内容 under each unit")
    return syllabus
