"""Practical training (实践教学 / 实训) and grouped unit tables in syllabi, in Markdown and Word.

Courses list their 实训 in a table or section of its own, often after the theory units or even after
考核评价; a content table may group its 学习单元 under merged 模块 cells. Each must come out as units of
their own, and what cannot be read must be told, not dropped.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from align.cli import main
from align.parse import parse_file
from align.parse.blocks import Paragraph, Table
from align.ui.messages_zh import to_chinese
from tests.parse_docgen import md_blocks, to_docx

HEAD = """# 《前端性能优化》课程标准
## 一、课程基本信息
| 课程名称 | 前端性能优化 | 课程代码 | 0310999 |
|---|---|---|---|
| 学分 | 2 | 总学时 | 32 |
## 二、课程目标
1. 能分析并优化页面性能。
"""
THEORY_TABLE = """## 三、课程内容与学时安排
| 序号 | 教学单元 | 教学内容 | 教学要求 | 学时 |
|---|---|---|---|---|
| 1 | 单元1 性能指标 | 1. 首屏时间、白屏时间等性能指标；2. 浏览器渲染流程。 | 能说明页面性能指标的含义 | 4 |
"""
ASSESSMENT = """## 五、考核评价
1. 过程性考核（50%）。
2. 期末考核（50%）。
"""
PRACTICE_TABLE = (
    HEAD
    + THEORY_TABLE
    + """## 四、实践教学安排
| 序号 | 实训项目 | 实训内容 | 学时 |
|---|---|---|---|
| 1 | 实训一 Lighthouse性能分析 | 使用Lighthouse和Performance面板分析页面性能瓶颈，生成优化报告 | 4 |
| 2 | 实训二 缓存与懒加载 | 设置HTTP缓存策略；实现图片懒加载与资源预加载 | 4 |
"""
    + ASSESSMENT
)
PRACTICE_AFTER_ASSESSMENT = (
    HEAD
    + THEORY_TABLE
    + """## 四、考核评价
### 项目一 过程考核（不计学时）
- 课堂表现与作业
## 五、实践教学项目
### 项目一 Lighthouse性能分析（4学时）
- 使用Lighthouse分析页面性能瓶颈
- 生成优化报告
### 项目二 缓存与懒加载（4学时）
- 设置HTTP缓存策略
- 实现图片懒加载
"""
)
THEORY_THEN_PRACTICE = (
    HEAD
    + """## 三、理论教学内容
### 单元1 性能指标（4学时）
- 首屏时间、白屏时间等性能指标
- 浏览器渲染流程
## 四、实践教学内容
本部分在机房完成，每次提交报告。
### 项目一 Lighthouse性能分析（4学时）
- 使用Lighthouse分析页面性能瓶颈
### 项目二 缓存与懒加载（4学时）
- 设置HTTP缓存策略
"""
    + ASSESSMENT
)
GROUPED_TABLE = (
    HEAD
    + """## 三、课程内容与学时安排
| 模块 | 学习单元 | 学习内容 | 学时 |
|---|---|---|---|
| 模块一 性能分析 | 单元1 性能指标 | 首屏时间、白屏时间等性能指标 | 2 |
| 模块一 性能分析 | 单元2 Lighthouse | 使用Lighthouse生成性能报告 | 2 |
| 模块二 性能优化 | 单元3 缓存策略 | 设置HTTP缓存策略 | 4 |
| 模块二 性能优化 | 单元4 懒加载 | 实现图片懒加载 | 4 |
"""
    + ASSESSMENT
)
UNREADABLE_PRACTICE = (
    HEAD
    + THEORY_TABLE
    + """## 四、实践教学安排
实践教学在机房进行，每次课后提交报告。
| 周次 | 安排 |
|---|---|
| 1 | 分析 |
"""
    + ASSESSMENT
)


def _merged(table: Table, column: int) -> Table:
    """The table as Word merges it: a cell repeating the one above is a vertically merged cell."""
    rows = [list(r) for r in table.rows]
    for r in range(len(rows) - 1, 1, -1):  # from the bottom, so each row is compared with the original
        if rows[r][column] == rows[r - 1][column]:
            rows[r][column] = None
    return Table(rows)


def write(text: str, fmt: str, tmp_path: Path, merge_column: int | None = None) -> Path:
    """The syllabus as a Markdown file, or as a Word file built from the same blocks with python-docx."""
    if fmt == "md":
        path = tmp_path / "syl.md"
        path.write_text(text, encoding="utf-8")
        return path
    blocks = md_blocks(text)
    if merge_column is not None:
        blocks = [
            _merged(b, merge_column) if isinstance(b, Table) and "模块" in (b.rows[0][0] or "") else b
            for b in blocks
        ]
    return to_docx(blocks, tmp_path / "syl.docx")


def units(path: Path) -> list[tuple[str, float | None, list[str]]]:
    return [(u.title, u.hours, u.items) for u in parse_file(path, kind="syllabus").units]


FORMATS = ["md", "docx"]
THEORY_UNIT = (
    "单元1 性能指标",
    4,
    ["首屏时间、白屏时间等性能指标", "浏览器渲染流程", "能说明页面性能指标的含义"],
)


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_practice_table_is_read_as_units(fmt, tmp_path):
    assert units(write(PRACTICE_TABLE, fmt, tmp_path)) == [
        THEORY_UNIT,
        ("实训一 Lighthouse性能分析", 4, ["使用Lighthouse和Performance面板分析页面性能瓶颈，生成优化报告"]),
        ("实训二 缓存与懒加载", 4, ["设置HTTP缓存策略", "实现图片懒加载与资源预加载"]),
    ]


@pytest.mark.parametrize(
    "header",
    [
        ["序号", "实践项目", "实践内容", "学时"],
        ["序号", "实验项目名称", "实验内容", "学时"],
        ["序号", "实训任务", "实训内容与要求", "实训学时"],
    ],
)
def test_practice_tables_under_other_names_are_read_too(header, tmp_path):
    text = PRACTICE_TABLE.replace("| 序号 | 实训项目 | 实训内容 | 学时 |", "| " + " | ".join(header) + " |")
    assert [u[0] for u in units(write(text, "md", tmp_path))] == [
        "单元1 性能指标",
        "实训一 Lighthouse性能分析",
        "实训二 缓存与懒加载",
    ]


@pytest.mark.parametrize("fmt", FORMATS)
def test_practice_units_after_the_assessment_are_read_but_the_assessment_is_not(fmt, tmp_path):
    assert units(write(PRACTICE_AFTER_ASSESSMENT, fmt, tmp_path)) == [
        THEORY_UNIT,
        ("项目一 Lighthouse性能分析", 4, ["使用Lighthouse分析页面性能瓶颈", "生成优化报告"]),
        ("项目二 缓存与懒加载", 4, ["设置HTTP缓存策略", "实现图片懒加载"]),
    ]


@pytest.mark.parametrize("fmt", FORMATS)
def test_practice_projects_after_theory_units_are_units_not_parts_of_the_last_one(fmt, tmp_path):
    # The section's opening sentence belongs to no unit: it is not content of 单元1.
    assert units(write(THEORY_THEN_PRACTICE, fmt, tmp_path)) == [
        ("单元1 性能指标", 4, ["首屏时间、白屏时间等性能指标", "浏览器渲染流程"]),
        ("项目一 Lighthouse性能分析", 4, ["使用Lighthouse分析页面性能瓶颈"]),
        ("项目二 缓存与懒加载", 4, ["设置HTTP缓存策略"]),
    ]


def test_numbered_paragraphs_for_theory_and_practice_start_their_own_units(tmp_path):
    # A Word file without heading styles: （一）/（二） and the unit titles are plain paragraphs.
    blocks = [
        *md_blocks(HEAD),
        Paragraph("三、课程内容与学时安排"),
        Paragraph("（一）理论教学"),
        Paragraph("单元1 性能指标（4学时）"),
        Paragraph("教学内容：首屏时间、白屏时间等性能指标。"),
        Paragraph("（二）实践教学"),
        Paragraph("项目一 Lighthouse性能分析（4学时）"),
        Paragraph("实训内容：使用Lighthouse分析页面性能瓶颈。"),
        Paragraph("四、考核评价"),
        Paragraph("过程性考核占50%。"),
    ]
    path = to_docx(blocks, tmp_path / "syl.docx", heading_styles=False)
    assert units(path) == [
        ("单元1 性能指标", 4, ["首屏时间、白屏时间等性能指标"]),
        ("项目一 Lighthouse性能分析", 4, ["使用Lighthouse分析页面性能瓶颈"]),
    ]


@pytest.mark.parametrize("fmt", FORMATS)
def test_units_grouped_under_merged_module_cells_keep_their_own_titles(fmt, tmp_path):
    path = write(GROUPED_TABLE, fmt, tmp_path, merge_column=0)
    assert units(path) == [
        ("单元1 性能指标", 2, ["首屏时间、白屏时间等性能指标"]),
        ("单元2 Lighthouse", 2, ["使用Lighthouse生成性能报告"]),
        ("单元3 缓存策略", 4, ["设置HTTP缓存策略"]),
        ("单元4 懒加载", 4, ["实现图片懒加载"]),
    ]


def test_one_unit_title_under_two_modules_is_told_apart_by_its_module(tmp_path):
    text = GROUPED_TABLE.replace("单元3 缓存策略", "单元1 性能指标")
    titles = [u[0] for u in units(write(text, "md", tmp_path))]
    assert titles == [
        "模块一 性能分析 › 单元1 性能指标",
        "单元2 Lighthouse",
        "模块二 性能优化 › 单元1 性能指标",
        "单元4 懒加载",
    ]


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_practice_section_that_cannot_be_read_is_warned_about(fmt, tmp_path):
    syl = parse_file(write(UNREADABLE_PRACTICE, fmt, tmp_path), kind="syllabus")
    assert [u.title for u in syl.units] == ["单元1 性能指标"]
    assert [(w.location, w.problem) for w in syl.warnings] == [
        (
            "section 四、实践教学安排",
            "this practical-training section has no units align can read; its content is left out",
        )
    ]
    warning = syl.warnings[0]
    assert "实训项目 | 实训内容 | 学时" in warning.hint
    # The page shows it in Chinese.
    assert to_chinese(warning.location) == "“四、实践教学安排”一节"
    assert "实践教学" in to_chinese(warning.problem) and "请写成表格" in to_chinese(warning.hint)


def test_align_parse_prints_the_warning(tmp_path, capsys):
    path = write(UNREADABLE_PRACTICE, "md", tmp_path)
    assert main(["parse", str(path), "--json"]) == 0
    err = capsys.readouterr().err
    assert "align: warning:" in err and "(section 四、实践教学安排)" in err


@pytest.mark.parametrize("title", ["四、实践教学条件", "四、实训考核", "四、实训场地与设备"])
def test_a_section_about_rooms_or_assessment_of_practice_gives_no_warning(title, tmp_path):
    syl = parse_file(write(UNREADABLE_PRACTICE.replace("四、实践教学安排", title), "md", tmp_path))
    assert [u.title for u in syl.units] == ["单元1 性能指标"]
    assert syl.warnings == []


def test_a_readable_practice_section_gives_no_warning(tmp_path):
    assert parse_file(write(PRACTICE_TABLE, "md", tmp_path)).warnings == []


def test_a_project_cell_repeated_on_its_task_rows_is_one_unit(tmp_path):
    # Markdown cannot merge cells: the 项目 is written again on each of its task rows. As in Word, a
    # task is part of its project (项目 | 任务), and the project is one unit, not one per row.
    text = (
        HEAD
        + """## 三、课程内容与学时安排
| 序号 | 学习项目 | 学习任务 | 主要教学内容 | 学时 |
|---|---|---|---|---|
| 1 | 项目一 性能指标 | 任务1 首屏时间 | 首屏时间的测量 | 2 |
| 1 | 项目一 性能指标 | 任务2 渲染流程 | 浏览器渲染流程 | 2 |
| 2 | 项目二 性能优化 | 任务1 缓存 | 设置HTTP缓存策略 | 4 |
"""
        + ASSESSMENT
    )
    assert units(write(text, "md", tmp_path)) == [
        ("项目一 性能指标", 4, ["首屏时间的测量", "浏览器渲染流程"]),
        ("项目二 性能优化", 4, ["设置HTTP缓存策略"]),
    ]
