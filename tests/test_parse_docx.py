"""Word documents in the layouts colleges use, generated with python-docx by the test itself."""

from __future__ import annotations

import zipfile

import pytest

from align.errors import ParseError
from align.parse import parse_file
from align.parse.blocks import Heading, Paragraph, Table
from align.parse.read import read_blocks
from tests.parse_docgen import to_docx

H1X = ["工作领域", "工作任务", "职业技能要求"]


def points(std, level=0):
    return [(p.id, p.text, p.work_area, p.task) for p in std.levels[level].points]


def test_vertically_merged_cells_read_as_none(tmp_path):
    blocks = [
        Heading(1, "测试职业技能等级标准"),
        Table([H1X, ["1. 网页开发", "1.1 结构", "1.1.1 能搭建结构。"], [None, None, "1.1.2 能组织内容。"]]),
    ]
    path = to_docx(blocks, tmp_path / "s.docx")
    table = read_blocks(path)[1]
    assert isinstance(table, Table)
    assert table.rows == [
        H1X,
        ["1. 网页开发", "1.1 结构", "1.1.1 能搭建结构。"],
        [None, None, "1.1.2 能组织内容。"],
    ]


@pytest.mark.parametrize(
    "heading",
    ["初级", "职业技能等级要求（初级）", "初级职业技能等级要求", "3.1 初级", "（一）初级", "1. 初级"],
)
def test_level_heading_spellings(tmp_path, heading):
    blocks = [
        Heading(1, "Web前端开发职业技能等级标准"),
        Heading(3, heading),
        Table([H1X, ["1. 网页开发", "1.1 结构", "1.1.1 能搭建结构。"]]),
        Paragraph("职业技能等级要求（中级）"),  # a plain paragraph used as a heading
        Table([H1X, ["1. 框架开发", "1.1 Vue", "1.1.1 能使用Vue。"]]),
    ]
    std = parse_file(to_docx(blocks, tmp_path / "s.docx"))
    assert [lv.name for lv in std.levels] == ["初级", "中级"]


def test_national_level_headings_and_header_variants(tmp_path):
    header = ["职业功能", "工作内容", "技能要求", "相关知识要求"]
    blocks = [
        Paragraph("养老护理员国家职业技能标准"),
        Heading(2, "3 工作要求"),
        Heading(3, "3.1 五级/初级工"),
        Table(
            [
                header,
                [
                    "1. 生活照护",
                    "1.1 饮食照护",
                    "1.1.1能摆放进食体位\n1.1.2能协助进食",
                    "1.1.1进食体位\n1.1.2膳食营养",
                ],
            ]
        ),
        Heading(3, "3.2 四级／中级工"),
        Table(
            [
                [
                    "职业功能",
                    "工作内容",
                    "相关知识",
                    "技能要求",
                ],  # knowledge before skills, 相关知识 spelling
                ["1. 生活照护", "1.1 饮食照护", "鼻饲知识", "1.1.1. 能进行鼻饲；1.1.2. 能调配增稠食物"],
            ]
        ),
    ]
    std = parse_file(to_docx(blocks, tmp_path / "care.docx"))
    assert std.name == "养老护理员国家职业技能标准"
    assert [lv.name for lv in std.levels] == ["五级/初级工", "四级/中级工"]
    assert points(std) == [
        ("1.1.1", "能摆放进食体位", "生活照护", "饮食照护"),
        ("1.1.2", "能协助进食", "生活照护", "饮食照护"),
    ]
    assert std.levels[0].points[1].knowledge == ("进食体位", "膳食营养")
    assert points(std, 1) == [
        ("1.1.1", "能进行鼻饲", "生活照护", "饮食照护"),
        ("1.1.2", "能调配增稠食物", "生活照护", "饮食照护"),
    ]
    assert std.levels[1].points[0].knowledge == ("鼻饲知识",)


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("1.1.1 能A。\n1.1.2 能B。", [("1.1.1", "能A。"), ("1.1.2", "能B。")]),
        ("1.1.1. 能A。\n1.1.2. 能B。", [("1.1.1", "能A。"), ("1.1.2", "能B。")]),
        ("1.1.1、能A；1.1.2、能B。", [("1.1.1", "能A"), ("1.1.2", "能B。")]),
        ("１．１．１　能A。\n１．１．２　能B。", [("1.1.1", "能A。"), ("1.1.2", "能B。")]),
        ("（1）能A；（2）能B。", [("1.1.1", "能A"), ("1.1.2", "能B。")]),
        ("(1) 能A\n(2) 能B", [("1.1.1", "能A"), ("1.1.2", "能B")]),
        ("①能A；②能B。", [("1.1.1", "能A"), ("1.1.2", "能B。")]),
        ("1. 能A\n2. 能B", [("1.1.1", "能A"), ("1.1.2", "能B")]),
        ("能A\n能B", [("1.1.1", "能A"), ("1.1.2", "能B")]),
        (
            "1.1.1 能根据设计稿，\n使用HTML5标签搭建页面。",
            [("1.1.1", "能根据设计稿，使用HTML5标签搭建页面。")],
        ),
    ],
)
def test_numbering_variants_in_one_cell(tmp_path, cell, expected):
    blocks = [
        Heading(1, "X职业技能等级标准"),
        Heading(2, "初级"),
        Table([H1X, ["1. 领域", "1.1 任务", cell]]),
    ]
    std = parse_file(to_docx(blocks, tmp_path / "s.docx"))
    assert [(p.id, p.text) for p in std.levels[0].points] == expected


def test_a_requirement_split_over_two_rows_is_joined(tmp_path):
    rows = [
        H1X,
        ["1. 网页开发", "1.1 结构", "1.1.1 能根据设计稿，使用"],
        [None, None, "HTML5标签搭建页面。"],
        [None, None, "1.1.2 能组织内容。"],
    ]
    std = parse_file(
        to_docx([Heading(1, "X职业技能等级标准"), Heading(2, "初级"), Table(rows)], tmp_path / "s.docx")
    )
    assert [(p.id, p.text) for p in std.levels[0].points] == [
        ("1.1.1", "能根据设计稿，使用HTML5标签搭建页面。"),
        ("1.1.2", "能组织内容。"),
    ]


def test_one_table_with_a_merged_level_column(tmp_path):
    blocks = [
        Heading(1, "大数据应用开发（Python）职业技能等级标准"),
        Table(
            [
                ["等级", "工作领域", "工作任务", "职业技能要求"],
                ["初级", "1. 数据采集", "1.1 网页采集", "1.1.1 能发送HTTP请求。"],
                [None, None, None, "1.1.2 能解析HTML。"],
                ["中级", "1. 数据处理", "1.1 清洗", "1.1.1 能清洗数据。"],
            ]
        ),
    ]
    std = parse_file(to_docx(blocks, tmp_path / "s.docx"))
    assert [lv.name for lv in std.levels] == ["初级", "中级"]
    assert points(std) == [
        ("1.1.1", "能发送HTTP请求。", "数据采集", "网页采集"),
        ("1.1.2", "能解析HTML。", "数据采集", "网页采集"),
    ]
    assert points(std, 1) == [("1.1.1", "能清洗数据。", "数据处理", "清洗")]


def test_level_rows_across_one_table(tmp_path):
    blocks = [
        Heading(1, "电子商务数据分析职业技能等级标准"),
        Table(
            [
                ["工作领域", "工作任务", "职业技能要求"],
                ["初级", None, None],
                ["1. 数据采集", "1.1 采集", "1.1.1 能采集数据。"],
                ["高级", None, None],
                ["1. 数据建模", "1.1 建模", "1.1.1 能建立模型。"],
            ]
        ),
    ]
    std = parse_file(to_docx(blocks, tmp_path / "s.docx"))
    assert [(lv.name, [p.id for p in lv.points]) for lv in std.levels] == [
        ("初级", ["1.1.1"]),
        ("高级", ["1.1.1"]),
    ]


def test_standard_metadata_from_labelled_paragraphs(tmp_path):
    blocks = [
        Paragraph("Web前端开发职业技能等级标准"),
        Paragraph("适用院校专业：软件技术、计算机应用技术。"),
        Paragraph("面向职业岗位（群）：前端开发工程师、网页设计师等。"),
        Paragraph("本标准各等级依次递进，高级别涵盖低级别职业技能要求。"),
        Paragraph("初级"),
        Table([H1X, ["1. 领域", "1.1 任务", "1.1.1 能A。"]]),
    ]
    std = parse_file(to_docx(blocks, tmp_path / "s.docx", heading_styles=False))
    assert std.name == "Web前端开发职业技能等级标准"
    assert std.majors == ["软件技术", "计算机应用技术"]
    assert std.occupations == ["前端开发工程师", "网页设计师"]
    assert std.cumulative is True


def test_duplicate_ids_in_a_level_are_reported_with_their_place(tmp_path):
    blocks = [
        Heading(1, "X职业技能等级标准"),
        Heading(2, "初级"),
        Table([H1X, ["1. 领域", "1.1 任务", "1.1.1 能A。\n1.1.1 能B。"]]),
    ]
    with pytest.raises(ParseError, match=r"1\.1\.1 appears twice in level 初级") as err:
        parse_file(to_docx(blocks, tmp_path / "s.docx"))
    assert "table 1, row 2" in str(err.value)


def test_syllabus_with_merged_unit_cells_and_task_rows(tmp_path):
    blocks = [
        Heading(1, "《Python程序设计》课程标准"),
        Heading(2, "一、课程基本信息"),
        Table(
            [
                ["课程名称", "Python程序设计", None, "课程编码", "0512"],  # the name spans two columns
                ["学分", "4", None, "学时", "64（理论24，实践40）"],
                ["适用专业", "大数据技术", None, "课程性质", "专业基础课"],
            ]
        ),
        Heading(2, "二、课程目标"),
        Paragraph("知识目标：1. 掌握Python基本语法；2. 理解函数的定义与调用。"),
        Paragraph(
            "通过本课程的学习，学生应能：",
        ),
        Paragraph("1. 能编写结构化程序。"),
        Heading(2, "三、课程内容与学时分配"),
        Table(
            [
                ["序号", "学习项目", "学习任务", "主要教学内容", "能力要求", "理论学时", "实践学时"],
                ["1", "项目一 Python入门", "任务1 环境搭建", "安装Anaconda", "能安装开发环境", "1", "1"],
                [None, None, "任务2 第一个程序", "print函数", "能运行程序", "1", "1"],
                ["2", "项目二 流程控制", "任务1 分支", "if语句；match语句", "能编写分支程序", "2", "4"],
                ["合计", None, None, None, None, "4", "6"],
            ]
        ),
        Heading(2, "四、考核评价"),
        Paragraph("过程考核占50%。"),
    ]
    syl = parse_file(to_docx(blocks, tmp_path / "py.docx"))
    assert (syl.course, syl.code, syl.credits, syl.course_type) == ("Python程序设计", "0512", 4, "专业基础课")
    assert (syl.hours.total, syl.hours.theory, syl.hours.practice) == (64, 24, 40)
    assert syl.objectives == ["掌握Python基本语法", "理解函数的定义与调用", "能编写结构化程序"]
    assert [(u.title, u.hours) for u in syl.units] == [("项目一 Python入门", 4), ("项目二 流程控制", 6)]
    assert syl.units[0].items == ["安装Anaconda", "能安装开发环境", "print函数", "能运行程序"]
    assert syl.units[1].items == ["if语句", "match语句", "能编写分支程序"]


def test_syllabus_with_unit_headings_and_nested_tasks(tmp_path):
    blocks = [
        Paragraph("《Linux操作系统》课程标准"),
        Paragraph("课程名称：Linux操作系统    课程代码：0513"),
        Paragraph("总学时：48    学分：3"),
        Paragraph("一、课程目标"),
        Paragraph("1. 掌握常用命令。"),
        Paragraph("二、课程内容"),
        Heading(3, "项目一 Linux安装（6学时）"),
        Heading(4, "任务1 虚拟机安装"),
        Paragraph("教学内容：VMware安装；CentOS安装。"),
        Heading(4, "任务2 远程登录"),
        Paragraph("· 使用SSH登录服务器"),
        Paragraph("教学方法：演示法。"),
        Heading(3, "项目二 文件管理"),
        Paragraph("学时：8"),
        Paragraph("教学要求：能使用ls、cp、mv管理文件。"),
        Paragraph("三、考核评价"),
        Paragraph("1. 平时成绩占40%。"),
    ]
    syl = parse_file(to_docx(blocks, tmp_path / "linux.docx"))
    assert (syl.course, syl.code, syl.hours.total, syl.credits) == ("Linux操作系统", "0513", 48, 3)
    assert syl.objectives == ["掌握常用命令"]
    assert [(u.title, u.hours) for u in syl.units] == [("项目一 Linux安装", 6), ("项目二 文件管理", 8)]
    assert syl.units[0].items == ["虚拟机安装", "VMware安装", "CentOS安装", "远程登录", "使用SSH登录服务器"]
    assert syl.units[1].items == ["能使用ls、cp、mv管理文件"]


@pytest.mark.parametrize(
    "heading",
    [
        "第一章 概述（4学时）",
        "单元1 概述（4学时）",
        "模块一 概述（4学时）",
        "任务1 概述（4学时）",
        "学习情境1 概述（4学时）",
    ],
)
def test_unit_heading_spellings(tmp_path, heading):
    blocks = [
        Heading(1, "《测试课程》课程标准"),
        Heading(2, "三、教学内容"),
        Heading(3, heading),
        Paragraph("1. 课程定位；2. 学习方法。"),
    ]
    syl = parse_file(to_docx(blocks, tmp_path / "c.docx"))
    assert [(u.title, u.hours, u.items) for u in syl.units] == [(heading[:-5], 4, ["课程定位", "学习方法"])]


def test_training_plan_with_per_semester_columns(tmp_path):
    blocks = [
        Heading(1, "2024级软件技术专业人才培养方案"),
        Paragraph("专业名称：软件技术（510203）"),
        Table(
            [
                ["课程类型", "课程名称", "学分", "总学时", "各学期周学时", None, None],
                ["", "", "", "", "1", "2", "3"],
                ["专业基础课", "网页设计与制作", "4", "64", "4", "", ""],
                [None, "JavaScript程序设计", "4", "64", "", "4", ""],
                ["专业核心课", "Vue.js前端框架应用", "4.5", "72", "", "", "4"],
                ["合计", None, "12.5", "200", "", "", ""],
            ]
        ),
    ]
    plan = parse_file(to_docx(blocks, tmp_path / "plan.docx"))
    assert plan.major == "软件技术"
    assert [(c.course, c.course_type, c.semester, c.credits, c.hours) for c in plan.courses] == [
        ("网页设计与制作", "专业基础课", "1", 4, 64),
        ("JavaScript程序设计", "专业基础课", "2", 4, 64),
        ("Vue.js前端框架应用", "专业核心课", "3", 4.5, 72),
    ]


def test_training_plan_with_a_semester_column(tmp_path):
    blocks = [
        Paragraph("大数据技术专业人才培养方案"),
        Table(
            [
                ["序号", "课程名称", "课程性质", "开课学期", "学分", "学时"],
                ["1", "Linux操作系统", "必修", "2", "3", "48"],
            ]
        ),
    ]
    plan = parse_file(to_docx(blocks, tmp_path / "p.docx"))
    assert plan.major == "大数据技术"
    assert [(c.course, c.course_type, c.semester, c.credits, c.hours) for c in plan.courses] == [
        ("Linux操作系统", "必修", "2", 3, 48)
    ]


def test_unnumbered_requirements_get_ids_from_their_task(tmp_path):
    rows = [
        ["职业功能", "工作内容", "技能要求"],
        ["数据采集", "网页采集", "能发送请求"],
        [None, None, "能解析页面"],
        [None, "接口采集", "能调用API"],
        ["数据存储", "入库", "能写入MySQL"],
    ]
    std = parse_file(
        to_docx(
            [Heading(1, "X国家职业技能标准"), Heading(2, "四级/中级工"), Table(rows)], tmp_path / "s.docx"
        )
    )
    assert [(p.id, p.text, p.work_area, p.task) for p in std.levels[0].points] == [
        ("1.1.1", "能发送请求", "数据采集", "网页采集"),
        ("1.1.2", "能解析页面", "数据采集", "网页采集"),
        ("1.2.1", "能调用API", "数据采集", "接口采集"),
        ("2.1.1", "能写入MySQL", "数据存储", "入库"),
    ]


def test_a_standard_without_a_requirement_table(tmp_path):
    blocks = [
        Heading(1, "X职业技能等级标准"),
        Paragraph("本标准规定了职业技能等级。"),
        Table([["序号", "标准编号", "标准名称"], ["1", "GB/T 1", "术语"]]),
    ]
    with pytest.raises(ParseError, match="no skill requirement table found"):
        parse_file(to_docx(blocks, tmp_path / "s.docx"))


def test_an_empty_word_document(tmp_path):
    with pytest.raises(ParseError, match="the document is empty"):
        parse_file(to_docx([], tmp_path / "empty.docx"))


def test_a_damaged_word_archive(tmp_path):
    good = to_docx([Heading(1, "X职业技能等级标准")], tmp_path / "good.docx")
    data = good.read_bytes()
    (tmp_path / "cut.docx").write_bytes(data[: len(data) // 2])
    with pytest.raises(ParseError, match="not a readable Word document"):
        parse_file(tmp_path / "cut.docx")
    with zipfile.ZipFile(tmp_path / "nodoc.docx", "w") as z:
        z.writestr("hello.txt", "not word")
    with pytest.raises(ParseError, match="not a readable Word document"):
        parse_file(tmp_path / "nodoc.docx")
