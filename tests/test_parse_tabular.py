"""Tabular standards (CSV/XLSX with level,id,work_area,task,text,knowledge) and their sidecar metadata."""

from __future__ import annotations

import shutil
import subprocess

import openpyxl
import pytest

from align.errors import ParseError
from align.parse import parse_file

CSV = """\
level,id,work_area,task,text,knowledge
初级,1.1.1,1. 社会共享外包服务,1.1 票据整理与审核,能对原始票据进行分类、整理和粘贴。,\
原始凭证的种类；票据粘贴规范
初级,1.1.2,1. 社会共享外包服务,1.1 票据整理与审核,能审核增值税发票的真实性。,发票票面要素
初级,1.2.1,,1.2 代理记账,能填制记账凭证。,
中级,1.1.1,1. 财务数据处理,1.1 账务处理,能编制财务报表。,报表编制方法
"""
META = """\
name = "智能财税职业技能等级标准"
majors = ["大数据与会计", "会计信息管理"]
occupations = ["代理记账", "税务代理"]
cumulative = true
"""


def test_csv_standard_with_sidecar(tmp_path):
    (tmp_path / "smart-tax.csv").write_text(CSV, encoding="utf-8")
    (tmp_path / "smart-tax.meta.toml").write_text(META, encoding="utf-8")
    std = parse_file(tmp_path / "smart-tax.csv")
    assert std.name == "智能财税职业技能等级标准"
    assert std.majors == ["大数据与会计", "会计信息管理"]
    assert std.occupations == ["代理记账", "税务代理"]
    assert std.cumulative is True
    assert [lv.name for lv in std.levels] == ["初级", "中级"]
    p1, p2, p3 = std.levels[0].points
    assert (p1.id, p1.text, p1.work_area, p1.task) == (
        "1.1.1",
        "能对原始票据进行分类、整理和粘贴。",
        "社会共享外包服务",
        "票据整理与审核",
    )
    assert p1.knowledge == ("原始凭证的种类", "票据粘贴规范")
    assert p2.knowledge == ("发票票面要素",)
    assert (p3.id, p3.work_area, p3.task, p3.knowledge) == ("1.2.1", "社会共享外包服务", "代理记账", ())
    assert std.levels[1].points[0].id == "1.1.1"


def test_csv_in_gbk_without_sidecar_uses_the_file_name(tmp_path):
    (tmp_path / "tax.csv").write_bytes(CSV.encode("gbk"))
    std = parse_file(tmp_path / "tax.csv")
    assert std.name == "tax"
    assert std.levels[0].points[0].text == "能对原始票据进行分类、整理和粘贴。"


def test_sidecar_with_a_misspelt_key_is_an_error(tmp_path):
    (tmp_path / "t.csv").write_text(CSV, encoding="utf-8")
    (tmp_path / "t.meta.toml").write_text('name = "x"\nmajor = ["a"]\n', encoding="utf-8")
    with pytest.raises(ParseError, match="unknown key"):
        parse_file(tmp_path / "t.csv")


def test_xlsx_standard_with_chinese_header_and_a_sheet_per_level(tmp_path):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "初级"
    sheet.append(["工作领域", "工作任务", "职业技能要求"])
    sheet.append(["1. 数据采集", "1.1 网页采集", "1.1.1 能使用requests获取网页。"])
    sheet.append([None, None, "1.1.2 能解析HTML页面。"])
    sheet.merge_cells("A2:A3")
    sheet.merge_cells("B2:B3")
    second = book.create_sheet("中级")
    second.append(["工作领域", "工作任务", "职业技能要求"])
    second.append(["1. 数据处理", "1.1 数据清洗", "1.1.1 能使用pandas清洗数据。"])
    book.save(tmp_path / "bigdata.xlsx")
    std = parse_file(tmp_path / "bigdata.xlsx")
    assert [lv.name for lv in std.levels] == ["初级", "中级"]
    assert [(p.id, p.text, p.task) for p in std.levels[0].points] == [
        ("1.1.1", "能使用requests获取网页。", "网页采集"),
        ("1.1.2", "能解析HTML页面。", "网页采集"),
    ]


def test_xlsx_with_a_level_column(tmp_path):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["level", "id", "work_area", "task", "text", "knowledge"])
    sheet.append(["高级", "1.1.1", "架构", "选型", "能完成技术选型。", "选型原则；框架对比"])
    book.save(tmp_path / "x.xlsx")
    std = parse_file(tmp_path / "x.xlsx", kind="standard")
    assert std.levels[0].name == "高级"
    assert std.levels[0].points[0].knowledge == ("选型原则", "框架对比")


def test_a_training_plan_workbook_is_told_from_its_content(tmp_path):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "教学进程表"
    sheet.append(["电子商务专业人才培养方案 教学进程表"])
    sheet.append(["课程类别", "课程代码", "课程名称", "学分", "学时", "开课学期"])
    sheet.append(["专业核心课", "0701", "商务数据分析与应用", 4, 64, 3])
    sheet.append([None, "0702", "网店运营推广", 3.5, 56, 4])
    sheet.merge_cells("A3:A4")
    book.save(tmp_path / "plan.xlsx")
    plan = parse_file(tmp_path / "plan.xlsx")
    assert plan.major == "电子商务"
    assert [(c.course, c.course_type, c.semester, c.credits, c.hours) for c in plan.courses] == [
        ("商务数据分析与应用", "专业核心课", "3", 4, 64),
        ("网店运营推广", "专业核心课", "4", 3.5, 56),
    ]


def test_a_damaged_workbook_is_a_clear_error(tmp_path):
    (tmp_path / "bad.xlsx").write_bytes(b"PK\x03\x04 not really a zip")
    with pytest.raises(ParseError, match="not a readable Excel workbook"):
        parse_file(tmp_path / "bad.xlsx")


@pytest.mark.slow
@pytest.mark.skipif(not shutil.which("soffice"), reason="LibreOffice is not installed")
def test_an_old_xls_is_converted_with_libreoffice(tmp_path):
    book = openpyxl.Workbook()
    book.active.title = "初级"
    book.active.append(["工作领域", "工作任务", "职业技能要求"])
    book.active.append(["1. 数据采集", "1.1 网页采集", "1.1.1 能使用requests获取网页。"])
    book.save(tmp_path / "std.xlsx")
    (tmp_path / "old").mkdir()
    subprocess.run(
        [
            "soffice",
            "--headless",
            "--convert-to",
            "xls",
            "--outdir",
            str(tmp_path / "old"),
            str(tmp_path / "std.xlsx"),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    std = parse_file(tmp_path / "old" / "std.xls")
    assert [(lv.name, [(p.id, p.text) for p in lv.points]) for lv in std.levels] == [
        ("初级", [("1.1.1", "能使用requests获取网页。")])
    ]
