"""Markdown standards (1+X and national layouts) and syllabi (table and unit-heading layouts)."""

from __future__ import annotations

from pathlib import Path

import pytest

from align.documents import Standard, Syllabus
from align.errors import ParseError, WrongKindError
from align.parse import document_to_json, expand_paths, load_documents, parse_file

STANDARD_1X = """\
# Web前端开发职业技能等级标准

## 适用院校专业
中等职业学校：计算机应用、软件与信息服务。
高等职业学校：软件技术、计算机应用技术。

## 面向职业岗位（群）
网页设计、前端开发、移动端开发等岗位。

## 职业技能等级要求
高级别涵盖低级别要求。

### 初级
| 工作领域 | 工作任务 | 职业技能要求 |
|---|---|---|
| 1. 静态网页开发 | 1.1 网页结构搭建 | 1.1.1 能根据设计稿，使用HTML5语义化标签搭建页面结构。 |
| | | 1.1.2 能使用列表、超链接和图像组织网页内容。 |
| | 1.2 页面样式设计 | 1.2.1 能运用CSS盒子模型设置元素尺寸。<br>1.2.2 能使用Flex布局实现多栏布局。 |
| 2. 网页交互开发 | 2.1 JavaScript基础 | 2.1.1、能使用变量和流程控制语句编写程序；2.1.2、能定义和调用函数。 |

### 中级
| 工作领域 | 工作任务 | 职业技能要求 |
|---|---|---|
| 1. 前端框架开发 | 1.1 Vue基础应用 | 1.1.1 能使用Vue指令实现数据绑定。 |
"""

STANDARD_NATIONAL = """\
# 养老护理员国家职业技能标准

## 职业技能等级要求

### 五级/初级工
| 职业功能 | 工作内容 | 技能要求 | 相关知识要求 |
|---|---|---|---|
| 1. 生活照护 | 1.1 饮食照护 | 1.1.1 能为老年人摆放进食体位。<br>1.1.2 能协助老年人进食。 | \
1.1.1 进食体位的种类。<br>1.1.2 膳食营养基本知识。 |
| | 1.2 排泄照护 | 1.2.1 能协助老年人如厕。 | 1.2.1 排泄生理特点。 |

### 四级/中级工
| 职业功能 | 工作内容 | 技能要求 | 相关知识要求 |
|---|---|---|---|
| 1. 生活照护 | 1.1 饮食照护 | 1.1.1 能为吞咽障碍老年人调配增稠食物。 | 1.1.1 食物性状分级。 |
"""

SYLLABUS_TABLE = """\
# 《Web前端开发基础》课程标准

## 一、课程基本信息
| 课程名称 | Web前端开发基础 | 课程代码 | 0312101 |
|---|---|---|---|
| 学分 | 4 | 总学时 | 64 |
| 理论学时 | 28 | 实践学时 | 36 |
| 适用专业 | 软件技术 | 课程类型 | 专业基础课 |

## 二、课程目标
### （一）知识目标
1. 掌握HTML5文档结构。
### （二）能力目标
1. 能编写语义化页面；2. 能调试页面样式。
### （三）素质目标
1. 养成规范编码的习惯。

## 三、课程内容与学时安排
| 序号 | 教学单元 | 教学内容 | 教学要求 | 学时 |
|---|---|---|---|---|
| 1 | 项目一 网页基本结构 | 1. HTML文档结构；2. 常用文本标签与列表。 | 能编写简单页面；能使用列表组织内容。 \
| 6 |
| 2 | 项目二 CSS样式 | 1. 选择器 2. 盒子模型 | 能设置元素样式。 | 8 |
| 合计 | | | | 14 |

## 四、考核评价
过程考核占40%，期末考核占60%。
"""

SYLLABUS_HEADINGS = """\
# 《成本核算与管理》课程标准

## 一、课程基本信息
| 课程名称 | 成本核算与管理 | 课程代码 | 5303203 |
|---|---|---|---|
| 学分 | 4 | 总学时 | 64 |

## 二、课程目标
1. 理解成本的含义。

## 三、课程内容与学时安排

### 模块一 成本核算认知（4学时）
教学内容：
1. 成本的含义与作用；
2. 责任中心的划分：成本中心、利润中心和投资中心；

教学要求：能区分生产费用与期间费用；能说明成本核算的一般程序。

教学方法：讲授、案例分析。

### 模块二 要素费用的分配（8学时）
- 材料费用的归集与分配
- 职工薪酬费用的分配

## 四、考核评价
1. 过程考核：课堂练习和出勤。
"""


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    "text, jobs",
    [
        (
            "主要面向制造企业，从事工业机器人操作、工作站安装与调试等工作。",
            ["工业机器人操作", "工作站安装与调试"],
        ),
        ("从事网页设计、前端开发岗位", ["网页设计", "前端开发"]),
    ],
)
def test_occupations_end_at_the_word_that_ends_the_clause(text, jobs):
    from align.parse.standard import _occupations

    assert _occupations(text) == jobs


def test_1x_standard_levels_ids_and_hierarchy(tmp_path):
    std = parse_file(write(tmp_path, "web.md", STANDARD_1X))
    assert isinstance(std, Standard)
    assert std.name == "Web前端开发职业技能等级标准"
    assert std.majors == ["计算机应用", "软件与信息服务", "软件技术", "计算机应用技术"]
    assert std.occupations == ["网页设计", "前端开发", "移动端开发"]
    assert std.cumulative is True
    assert [lv.name for lv in std.levels] == ["初级", "中级"]
    points = std.levels[0].points
    assert [(p.id, p.work_area, p.task) for p in points] == [
        ("1.1.1", "静态网页开发", "网页结构搭建"),
        ("1.1.2", "静态网页开发", "网页结构搭建"),
        ("1.2.1", "静态网页开发", "页面样式设计"),
        ("1.2.2", "静态网页开发", "页面样式设计"),
        ("2.1.1", "网页交互开发", "JavaScript基础"),
        ("2.1.2", "网页交互开发", "JavaScript基础"),
    ]
    assert points[0].text == "能根据设计稿，使用HTML5语义化标签搭建页面结构。"
    assert points[4].text == "能使用变量和流程控制语句编写程序"
    assert points[5].text == "能定义和调用函数。"
    assert std.levels[1].points[0].id == "1.1.1"


def test_national_standard_knowledge_belongs_to_its_points(tmp_path):
    std = parse_file(write(tmp_path, "care.md", STANDARD_NATIONAL))
    assert [lv.name for lv in std.levels] == ["五级/初级工", "四级/中级工"]
    assert std.cumulative is False
    p1, p2, p3 = std.levels[0].points
    assert (p1.id, p1.text, p1.work_area, p1.task) == (
        "1.1.1",
        "能为老年人摆放进食体位。",
        "生活照护",
        "饮食照护",
    )
    assert p2.text == "能协助老年人进食。"
    assert p1.knowledge == p2.knowledge == ("进食体位的种类", "膳食营养基本知识")
    assert (p3.id, p3.task, p3.knowledge) == ("1.2.1", "排泄照护", ("排泄生理特点",))


def test_syllabus_table_layout(tmp_path):
    syl = parse_file(write(tmp_path, "web.md", SYLLABUS_TABLE))
    assert isinstance(syl, Syllabus)
    assert (syl.course, syl.code, syl.credits, syl.course_type) == (
        "Web前端开发基础",
        "0312101",
        4,
        "专业基础课",
    )
    assert (syl.hours.total, syl.hours.theory, syl.hours.practice) == (64, 28, 36)
    assert syl.majors == ["软件技术"]
    assert syl.objectives == ["掌握HTML5文档结构", "能编写语义化页面", "能调试页面样式", "养成规范编码的习惯"]
    assert [(u.title, u.hours) for u in syl.units] == [("项目一 网页基本结构", 6), ("项目二 CSS样式", 8)]
    assert syl.units[0].items == [
        "HTML文档结构",
        "常用文本标签与列表",
        "能编写简单页面",
        "能使用列表组织内容",
    ]
    assert syl.units[1].items == ["选择器", "盒子模型", "能设置元素样式"]


def test_syllabus_unit_heading_layout(tmp_path):
    syl = parse_file(write(tmp_path, "cost.md", SYLLABUS_HEADINGS))
    assert syl.course == "成本核算与管理"
    assert syl.objectives == ["理解成本的含义"]
    assert [(u.title, u.hours) for u in syl.units] == [
        ("模块一 成本核算认知", 4),
        ("模块二 要素费用的分配", 8),
    ]
    assert syl.units[0].items == [
        "成本的含义与作用",
        "责任中心的划分：成本中心、利润中心和投资中心",
        "能区分生产费用与期间费用",
        "能说明成本核算的一般程序",
    ]
    assert syl.units[1].items == ["材料费用的归集与分配", "职工薪酬费用的分配"]


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        (STANDARD_1X, "standard"),
        (STANDARD_NATIONAL, "standard"),
        (SYLLABUS_TABLE, "syllabus"),
        (SYLLABUS_HEADINGS, "syllabus"),
    ],
)
def test_kind_is_detected_from_content_not_file_name(tmp_path, text, kind):
    doc = parse_file(write(tmp_path, "document.md", text))
    assert document_to_json(doc)["kind"] == kind


def test_forcing_the_wrong_kind_is_a_clear_error(tmp_path):
    # The content says what it is, and where it goes.
    with pytest.raises(WrongKindError, match=r"this is a syllabus .*, not a skill standard") as err:
        parse_file(write(tmp_path, "web.md", SYLLABUS_TABLE), kind="standard")
    assert err.value.found == "syllabus" and "give it with --syllabi" in str(err.value)
    with pytest.raises(WrongKindError, match=r"this is a skill standard .*, not a syllabus"):
        parse_file(write(tmp_path, "std.md", STANDARD_1X), kind="syllabus")


def test_a_document_of_no_known_kind_is_an_error(tmp_path):
    with pytest.raises(ParseError, match="cannot tell whether"):
        parse_file(write(tmp_path, "notes.md", "# 会议纪要\n\n讨论了下学期的排课。\n"))


def test_expand_paths_finds_supported_files_recursively_and_sorted(tmp_path):
    write(tmp_path, "b.md", STANDARD_1X)
    (tmp_path / "sub").mkdir()
    write(tmp_path / "sub", "a.md", SYLLABUS_TABLE)
    write(tmp_path, "notes.json", "{}")
    write(tmp_path, "~$lock.md", "x")
    assert expand_paths([tmp_path]) == [tmp_path / "b.md", tmp_path / "sub" / "a.md"]
    docs = load_documents([tmp_path])
    assert [type(d).__name__ for d in docs] == ["Standard", "Syllabus"]


def test_expand_paths_reports_missing_paths(tmp_path):
    with pytest.raises(ParseError, match="file not found"):
        expand_paths([tmp_path / "missing.md"])
    (tmp_path / "empty").mkdir()
    with pytest.raises(ParseError, match="no supported document"):
        expand_paths([tmp_path / "empty"])


def test_hours_too_large_to_be_hours_are_left_out_not_a_crash():
    from align.parse.hours import parse_hours, split_title_hours, theory_practice

    huge = "9" * 400  # a float overflows to inf past about 1e308
    assert parse_hours(huge) is None and parse_hours(f"{huge}+{huge}") is None
    assert theory_practice(f"理论{huge}，实践4") == (None, 4)
    assert split_title_hours(f"项目一 网页结构（{huge}学时）") == ("项目一 网页结构", None)
    assert parse_hours("64（理论28，实践36）") == 64
