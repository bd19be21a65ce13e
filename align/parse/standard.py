"""Turn blocks into a :class:`Standard`: metadata, level headings and the requirement tables.

Two table layouts: the 1+X header 工作领域 | 工作任务 | 职业技能要求 (one requirement per row, or
several per cell) and the national header 职业功能 | 工作内容 | 技能要求 | 相关知识要求 (all the
requirements of a 工作内容 in one cell). The level comes from a level column, from a row naming the
level across the table, from the nearest level heading above the table, or from the table's header
(职业技能要求（初级）). A heading or row naming the level just above the table wins over its header
(it is what the reader of the document sees as the table's level; the two disagreeing gets a warning),
the header over a heading that came before an earlier table.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from pathlib import Path

from align.documents import Level, SkillPoint, Standard
from align.errors import ParseError, ParseWarning
from align.parse.blocks import Block, Cell, Heading, Table, join_wrapped
from align.parse.columns import map_columns, roles
from align.parse.levels import level_name, same_level
from align.parse.numbering import Number, number, split_numbered
from align.text import clean

STANDARD_COLUMNS = roles(
    ("level", r"(职业)?(技能)?(等级|级别)(名称)?|level"),
    ("id", r"(要求)?(编号|序号|代码)|id|no"),
    ("work_area", r"(工作领域|职业功能|职业功能模块|工作模块|功能模块)(名称)?|work_?area"),
    ("task", r"(典型)?工作(任务|内容)(名称)?|task"),
    ("knowledge", r"(相关)?(理论)?知识(要求|要点|点)?|knowledge"),
    ("text", r"(职业)?(技能|能力)(要求|要点|点|描述)?|(职业)?技能(等级)?要求(描述)?|text|requirement"),
)
NO_TABLE_HINT = (
    "expected a table with the header 工作领域 | 工作任务 | 职业技能要求 (1+X) or "
    "职业功能 | 工作内容 | 技能要求 | 相关知识要求 (national standard)"
)
_CUMULATIVE_RE = re.compile(r"高级别(?:涵盖|包括|包含|覆盖)低级别|高级别.{0,6}(?:涵盖|包括|包含)低级别")
_MAJORS_RE = re.compile(r"适用(?:院校)?专业|适用院校")
_OCCUPATIONS_RE = re.compile(r"面向(?:的)?职业(?:岗位)?|职业岗位（群）|面向岗位")
_TITLE_RE = re.compile(r"标准|规范")
_SPLIT_LIST_RE = re.compile(r"[、，,；;。\n]+")


def _is_standard_header(mapping: dict[str, int]) -> bool:
    return "text" in mapping and ("work_area" in mapping or "task" in mapping or "id" in mapping)


def find_header(table: Table) -> tuple[int, dict[str, int]] | None:
    """The header row of a requirement table (among its first rows) and its column roles."""
    for i, row in enumerate(table.rows[:4]):
        mapping = map_columns(row, STANDARD_COLUMNS)
        if _is_standard_header(mapping):
            return i, mapping
    return None


def header_level(row: list[Cell]) -> str:
    """The level a header row names (``职业技能要求（初级）``), or ``""`` when it names none; a row
    naming several levels (one column per level) names no one level of the table."""
    named = {lv for cell in row if cell and (lv := level_name(cell))}
    return named.pop() if len(named) == 1 else ""


def split_list(text: str) -> list[str]:
    """``"计算机应用、软件与信息服务。"`` → the names it lists."""
    out = []
    for part in _SPLIT_LIST_RE.split(text):
        part = re.sub(r"^(?:等|及|和)|(?:等|等岗位|等专业|……|…)+$", "", part.strip()).strip(" …")
        if part and part not in out:
            out.append(part)
    return out


@dataclass
class _State:
    """What the rows below inherit from the rows above (merged cells mean 'same as above')."""

    level: str = ""
    area: str = ""
    area_cell: str = ""  # the 工作领域 cell as written, to tell a repeated cell from a new area
    area_no: str = ""
    area_count: int = 0
    task: str = ""
    task_cell: str = ""
    task_no: str = ""
    task_count: int = 0
    knowledge: tuple[str, ...] = ()
    local: int = 0
    mapping: dict[str, int] = field(default_factory=dict)
    width: int = 0


class StandardBuilder:
    def __init__(self, source: Path):
        self.source = source
        self.levels: dict[str, list[SkillPoint]] = {}
        self.seen: dict[str, dict[str, int]] = {}
        self.state = _State()
        self.last_numbered = False  # the last requirement carried its own number (1.1.1)
        self.warnings: list[ParseWarning] = []
        #: Levels a requirement table was read for (level → where), to tell of one left empty.
        self.announced: dict[str, str] = {}
        self.tables = 0  # requirement tables read
        #: A level heading met since the last requirement table: the next table's caption.
        self.heading_level = ""
        self.last_header: list[Cell] = []  # the header row of the last requirement table

    def warn(self, problem: str, hint: str, location: str = "") -> None:
        self.warnings.append(ParseWarning(self.source, problem, hint, location))

    def heading(self, level: str) -> None:
        """A level heading (初级, 四级/中级工) in the document's text."""
        self.state.level = self.heading_level = level
        if self.tables:  # among the requirement tables, not in the standard's preamble
            self.announce(level, "")

    def announce(self, level: str, location: str) -> None:
        """A requirement table (or a level heading among them) starts ``level``."""
        if level and not self.announced.get(level):  # a table's place says more than a heading's
            self.announced[level] = location

    # --- cells -------------------------------------------------------------------------------
    def _cell(self, row: list[Cell], role: str) -> Cell:
        i = self.state.mapping.get(role)
        if i is None or i >= len(row):
            return ""
        return row[i]

    def _set_area(self, cell: Cell) -> None:
        st = self.state
        # Empty or merged: same as above. So is the same text again: a CSV or a sheet writes the
        # 工作领域 on every row of it (without this, each row restarted the numbering: 1.1.1 twice).
        if not cell or clean(cell) == st.area_cell:
            return
        num, name = number(clean(cell))
        st.area_cell, st.task_cell = clean(cell), ""
        st.area_count += 1
        st.area, st.area_no = name, (num.dotted or str(num.local)) if num else str(st.area_count)
        st.task, st.task_no, st.task_count = "", "", 0

    def _set_task(self, cell: Cell) -> None:
        st = self.state
        if not cell or clean(cell) == st.task_cell:  # as for the 工作领域
            return
        num, name = number(clean(cell))
        st.task_cell = clean(cell)
        st.task_count += 1
        if num and num.dotted:
            st.task_no = num.dotted
        elif num:
            st.task_no = f"{st.area_no}.{num.local}"
        else:
            st.task_no = f"{st.area_no}.{st.task_count}"
        st.task = name
        st.local = 0

    def _point_id(self, num: Number | None) -> str:
        st = self.state
        if num and num.dotted and num.depth >= 3:
            self._printed(num.dotted)
            return num.dotted
        st.local = num.local if num and num.local else st.local + 1
        base = st.task_no or f"{st.area_no or 1}.1"
        if not (num and num.local):
            # A number made up for an unnumbered requirement never takes one the standard printed
            # (a row whose id cell was left empty between 1.1.1 and 1.1.3 is 1.1.2).
            taken = self.seen.get(st.level or "未分级", {})
            while f"{base}.{st.local}" in taken:
                st.local += 1
        return f"{base}.{st.local}"

    def _printed(self, pid: str) -> None:
        """Count a printed number (1.1.3) in its task, so an unnumbered requirement after it is 1.1.4."""
        st = self.state
        base, _, last = pid.rpartition(".")
        if last.isdigit() and base == st.task_no:
            st.local = max(st.local, int(last))

    def _knowledge(self, cell: Cell) -> tuple[str, ...]:
        if cell is None:  # merged with the cell above
            return self.state.knowledge
        parts = split_numbered(cell)
        items: list[str] = []
        for num, text in parts:
            # Unnumbered knowledge often lists its points with ；.
            items.extend(re.split(r"[；;]", text) if num is None else [text])
        return tuple(clean(i).rstrip("。.；;") for i in items if clean(i))

    # --- rows ----------------------------------------------------------------------------------
    def add_row(self, row: list[Cell], location: str) -> None:
        st = self.state
        if "level" in st.mapping:
            lv = self._cell(row, "level")
            if lv:
                self._set_level(level_name(lv) or clean(lv))
        filled = [c for c in row if c]
        # A row that only names a level (a merged row across the table) starts that level.
        if len(set(filled)) == 1 and level_name(filled[0]):
            self._set_level(level_name(filled[0]) or st.level)
            self.announce(st.level, location)
            return
        new_task = bool(self._cell(row, "work_area") or self._cell(row, "task"))
        self._set_area(self._cell(row, "work_area"))
        self._set_task(self._cell(row, "task"))
        knowledge = self._knowledge(self._cell(row, "knowledge")) if "knowledge" in st.mapping else ()
        st.knowledge = knowledge
        text_cell = self._cell(row, "text")
        if not text_cell:
            if "id" in st.mapping and self._cell(row, "id"):
                self._no_text(clean(self._cell(row, "id") or "").rstrip(".、"), location)
            return
        if "id" in st.mapping and self._cell(row, "id"):
            ident = clean(self._cell(row, "id") or "").rstrip(".、")
            _, text = number(clean(text_cell)) if text_cell.strip().startswith(ident) else (None, text_cell)
            parts = [(Number(dotted=ident), clean(text))]
        else:
            parts = split_numbered(text_cell)
            # A numbered requirement split over two rows (a row broken across pages): the
            # unnumbered rest continues the last requirement.
            if parts and parts[0][0] is None and not new_task and self.last_numbered:
                self._extend_last(parts[0][1])
                parts = parts[1:]
        for num, text in parts:
            if "id" in st.mapping and self._cell(row, "id"):
                pid = num.dotted if num else ""
                self._printed(pid)
            else:
                pid = self._point_id(num)
            if not clean(text):
                self._no_text(pid, location)
                self.last_numbered = False  # the next row's text is not this point's continuation
                continue
            self._add_point(SkillPoint(pid, clean(text), st.area, st.task, knowledge), location)
            self.last_numbered = bool(num and num.dotted and num.depth >= 3)

    def _set_level(self, level: str) -> None:
        st = self.state
        if level != st.level:
            # The 工作领域 of the new level's first row is a new one, even if it is written alike.
            st.area_cell = st.task_cell = ""
        st.level = level

    def _no_text(self, pid: str, location: str) -> None:
        """A number whose requirement text is missing (an empty cell, or ``1.2.3`` alone on a line)."""
        level = self.state.level or "未分级"
        self.warn(
            f"skill point {pid} of level {level} has a number but no text; the point is left out",
            "fill in its text in the standard",
            location,
        )

    def _extend_last(self, text: str) -> None:
        points = self.levels[self.state.level or "未分级"]
        last = points[-1]
        points[-1] = replace(last, text=join_wrapped(last.text, clean(text)))

    def _add_point(self, point: SkillPoint, location: str) -> None:
        level = self.state.level or "未分级"
        seen = self.seen.setdefault(level, {})
        if point.id in seen and not self.state.level:
            # Levels the parser could not see, far more often than a numbering slip: say what to add.
            raise ParseError(
                self.source,
                f"skill point {point.id} appears twice and no level heading was found "
                "(all requirements are read as one level, 未分级)",
                "put a heading naming the level (such as 初级) before each level's table, or write "
                "the level in the table's header (职业技能要求（初级）); "
                "if the standard has one level only, check its numbering",
                location,
            )
        if point.id in seen:
            raise ParseError(
                self.source,
                f"skill point {point.id} appears twice in level {level}",
                "each requirement of a level needs its own number; check the numbering in the standard",
                location,
            )
        seen[point.id] = 1
        self.levels.setdefault(level, []).append(point)

    def add_table(self, table: Table, index: int) -> bool:
        """Read a requirement table; ``False`` when the table is not one."""
        header = find_header(table)
        rows = table.padded()
        st = self.state
        if header is None:
            # A table split by a page or section break continues the previous one.
            if not (st.mapping and table.width == st.width and self._continues(rows)):
                return False
            start = 0
        else:
            start, st.mapping = header[0], header[1]
            st.width = table.width
            # A header the same as the last table's is that table going on over a page (its header
            # repeated): it keeps the level the table was read as, even where a heading overrode it.
            named = "" if rows[start] == self.last_header else header_level(rows[start])
            self.last_header = rows[start]
            st.level = self._table_level(rows[:start], named, f"table {index + 1}")
            self.tables += 1
            self.announce(st.level, f"table {index + 1}")
            st.area = st.area_no = st.task = st.task_no = st.area_cell = st.task_cell = ""
            self.last_numbered = False
            st.area_count = st.task_count = 0
        header_row = rows[start] if header else None
        for r, row in enumerate(rows[start + (1 if header else 0) :], start=start + 2):
            if header_row is not None and row == header_row:
                continue  # the header repeated on a new page
            self.add_row(row, f"table {index + 1}, row {r}")
        self.heading_level = ""  # a heading captions the table after it, not the ones after that
        return True

    def _table_level(self, above: list[list[Cell]], header: str, location: str) -> str:
        """The level of a requirement table, from what names it above its header row and from the
        header row itself."""
        named = [lv for row in above for cell in row if cell and (lv := level_name(cell))]
        caption = named[-1] if named else self.heading_level
        if not header:
            return caption or self.state.level
        if caption and not same_level(caption, header):
            self.warn(
                f"the table's header names level {header} but the level above the table is {caption}; "
                f"its skill points are read as level {caption}",
                "make the level heading and the table's header name the same level",
                location,
            )
        # Same level in other words (四级/中级工 above, 中级 in the header): the caption's name is kept.
        return caption or header

    def _continues(self, rows: list[list[Cell]]) -> bool:
        text_col = self.state.mapping.get("text", -1)
        return any(text_col < len(r) and r[text_col] for r in rows)

    def standard(self, name: str) -> Standard:
        levels = [Level(name=lv, points=pts) for lv, pts in self.levels.items() if pts]
        for level, location in self.announced.items():
            if not self.levels.get(level):
                why = "its requirement table is empty" if location else "no requirement table follows it"
                self.warn(
                    f"level {level} has no skill points ({why}); the level is left out",
                    "fill in the level's requirements in the standard",
                    location,
                )
        return Standard(name=name, source=str(self.source), levels=levels, warnings=self.warnings)


def interpret_standard(blocks: list[Block], source: Path) -> Standard:
    """Build a standard from a document's blocks; :class:`ParseError` when it has no requirements."""
    builder = StandardBuilder(source)
    name = ""
    majors: list[str] = []
    occupations: list[str] = []
    cumulative = False
    section = ""
    tables = 0
    for block in blocks:
        if isinstance(block, Table):
            if builder.add_table(block, tables):
                section = ""
            tables += 1
            continue
        text = clean(block.text)
        if _CUMULATIVE_RE.search(text):
            cumulative = True
        lv = level_name(text)
        heading = isinstance(block, Heading) or (len(text) <= 30 and not text.endswith("。"))
        if lv and heading:
            builder.heading(lv)
            section = ""
            continue
        if not name and (
            (isinstance(block, Heading) and block.level == 1) or (_TITLE_RE.search(text) and len(text) <= 40)
        ):
            name = text.strip("《》 ")
            continue
        label, sep, rest = labelled(text)
        if isinstance(block, Heading) or (heading and not sep):
            key = text
            section = (
                "majors" if _MAJORS_RE.search(key) else "occupations" if _OCCUPATIONS_RE.search(key) else ""
            )
            continue
        if sep and len(label) <= 16 and _MAJORS_RE.search(label) and not _MAJORS_RE.search(rest):
            majors.extend(m for m in _school_majors(rest) if m not in majors)
            continue
        if sep and len(label) <= 16 and _OCCUPATIONS_RE.search(label):
            occupations.extend(o for o in split_list(rest) if o not in occupations)
            continue
        if section == "majors":
            majors.extend(m for m in _school_majors(text) if m not in majors)
        elif section == "occupations":
            occupations.extend(o for o in _occupations(text) if o not in occupations)
    std = builder.standard(name or source.stem)
    if not std.levels and builder.tables:
        raise ParseError(
            source,
            "the skill requirement tables hold no requirements",
            "fill in the 职业技能要求 of each level",
        )
    if not std.levels:
        raise no_table_found(blocks, source)
    std.majors, std.occupations, std.cumulative = majors, occupations, cumulative
    return std


#: Files that are tables and nothing else: when none is a requirement table, its columns are named.
_TABULAR_SUFFIXES = {".csv", ".tsv", ".xlsx", ".xlsm", ".xls", ".et"}
_TABULAR_HEADER = "a standard in CSV or Excel has the header level,id,work_area,task,text,knowledge"


def no_table_found(blocks: list[Block], source: Path) -> ParseError:
    """The error for a standard without a requirement table. A CSV file or a workbook has nothing
    but its table, so the error names the columns it has and the one it lacks."""
    return column_error(blocks, source) or ParseError(
        source, "no skill requirement table found", NO_TABLE_HINT
    )


def column_error(blocks: list[Block], source: Path, only_if_like: bool = False) -> ParseError | None:
    """For a CSV file or a workbook whose header is not a requirement table's: the error naming the
    columns it has and the one it lacks. ``only_if_like``: only when the header is like one (a
    level, 工作领域 or 工作任务 column and another), the kind being unknown."""
    tables = [b for b in blocks if isinstance(b, Table) and b.rows]
    if source.suffix.lower() not in _TABULAR_SUFFIXES or not tables:
        return None
    # The header: the first of the top rows naming two columns or more (a title row may come first).
    header = next((r for r in tables[0].rows[:4] if sum(1 for c in r if c) >= 2), tables[0].rows[0])
    mapping = map_columns(header, STANDARD_COLUMNS)
    like = len(mapping) >= 2 and bool({"level", "work_area", "task"} & mapping.keys())
    if _is_standard_header(mapping) or (only_if_like and not like):
        return None
    columns = ", ".join(clean(c)[:20] for c in header if c)
    if "text" not in mapping:
        return ParseError(
            source,
            f"no requirement text column: the columns are {columns}",
            f"add a 职业技能要求 (text) column holding each requirement; {_TABULAR_HEADER}",
        )
    return ParseError(
        source,
        f"no 编号 (id), 工作领域 (work_area) or 工作任务 (task) column: the columns are {columns}",
        f"add the requirements' numbers (id) or their 工作领域 and 工作任务; {_TABULAR_HEADER}",
    )


def _school_majors(text: str) -> list[str]:
    """``高等职业学校：软件技术、计算机应用技术。`` → the majors, without the school type."""
    out: list[str] = []
    for line in text.split("\n"):
        label, sep, rest = labelled(line)
        out.extend(split_list(rest if sep and len(label) <= 12 else line))
    return out


def _occupations(text: str) -> list[str]:
    # "主要面向……，从事网页设计、前端开发等工作。" lists the jobs after 从事, up to the 工作 that ends
    # the clause (not one inside a job's name, such as 工作站安装与调试).
    m = re.search(r"从事(.+?)等?(?:工作|岗位|职业)(?=[。；;，,]|\s*$)", text)
    items = split_list(m.group(1) if m else text)
    # A sentence describing the jobs, rather than a list of them, stays whole.
    return items if all(len(i) <= 24 for i in items) else [text.rstrip("。")]


def labelled(text: str) -> tuple[str, str, str]:
    """``"适用专业：软件技术"`` → ``("适用专业", "：", "软件技术")``; no label → ``("", "", text)``."""
    m = re.match(r"^([^：:]{1,20})([：:])\s*(.*)$", text, re.DOTALL)
    return (m.group(1).strip(), m.group(2), m.group(3)) if m else ("", "", text)
