"""The report's shaping (tables and suggestions) on a hand-checked CoverageReport, without files."""

from __future__ import annotations

from dataclasses import replace

import pytest

from align.documents import Evidence
from align.report import tables
from align.report.json_report import report_to_dict
from align.report.suggestions import (
    ACTIONS,
    draft_title,
    estimate_missing,
    even_hours,
)
from align.report.view import build_tables
from tests.report_sample import DB, JS, WEB, reviewed_report, sample_report


@pytest.fixture(scope="module")
def report():
    return sample_report()


@pytest.fixture(scope="module")
def shaped(report):
    return build_tables(report)


def _level(frame, level):
    return frame[frame["等级"] == level]


@pytest.mark.parametrize("make", [sample_report, reviewed_report])
def test_level_figures_agree_with_report_json(make):
    report = make()
    shaped = build_tables(report)
    levels = report_to_dict(report)["standards"][0]["levels"]
    assert list(shaped.levels["等级"]) == [lv["level"] for lv in levels]
    for (_, row), lv in zip(shaped.levels.iterrows(), levels, strict=True):
        assert row["覆盖率"] == pytest.approx(lv["coverage"])
        assert (row["覆盖"], row["部分覆盖"], row["缺口"]) == tuple(
            lv["counts"][s] for s in ("covered", "partial", "gap")
        )
        assert row["要求数"] == len(lv["points"])
    expected = [3.5 / 6, 2.5 / 4] if make is sample_report else [2.5 / 6, 3.5 / 4]
    assert list(shaped.levels["覆盖率"]) == pytest.approx(expected, abs=1e-4)


def test_coverage_per_work_area_and_task(shaped):
    areas = _level(shaped.areas, "初级").set_index("工作领域")
    assert areas.loc["1. 静态网页开发", "要求数"] == 4
    assert areas.loc["1. 静态网页开发", "覆盖率"] == pytest.approx(2.5 / 4)
    assert areas.loc["2. 交互效果开发", "覆盖率"] == pytest.approx(0.5)
    tasks = _level(shaped.tasks, "初级").set_index("工作任务")
    assert tasks.loc["1.1 网页结构搭建", "覆盖率"] == 1.0
    assert tasks.loc["1.2 页面样式设计", "覆盖率"] == pytest.approx(0.25)
    assert _level(shaped.areas, "中级").set_index("工作领域").loc["3. 前端性能优化", "覆盖率"] == 0


def test_crosswalk_has_one_row_per_requirement_with_its_supporting_units(report, shaped):
    cw = shaped.crosswalk
    assert list(cw.columns) == tables.CROSSWALK_COLUMNS
    points = [
        (lv["level"], p["id"], p["status"])
        for lv in report_to_dict(report)["standards"][0]["levels"]
        for p in lv["points"]
    ]
    labels = {v: k for k, v in tables.STATUS_LABEL.items()}
    assert [(r["等级"], r["编号"], labels[r["状态"]]) for _, r in cw.iterrows()] == points
    rows = {(r["等级"], r["编号"]): r for _, r in cw.iterrows()}
    # the second unit scores 0.75, above the covered scores' lower quartile 0.74: both support 1.1.1
    assert rows["初级", "1.1.1"]["课程"] == f"1) {WEB}\n2) {JS}"
    assert rows["初级", "1.1.1"]["单元学时"] == "1) 8\n2) 10"
    # 0.40 is below it: only the best unit supports 1.1.2
    assert rows["初级", "1.1.2"]["课程"] == WEB
    assert rows["初级", "1.1.2"]["单元"] == "项目一 网页基本结构"
    # evidence tied to a clause supports the point whatever its score
    assert rows["中级", "2.1.2"]["课程"] == f"1) {JS}\n2) {DB}"
    # a gap names no course here; its nearest miss is under 缺口与建议
    assert rows["初级", "1.2.2"]["课程"] == "" and rows["初级", "1.2.2"]["分数"] == 0.61
    assert rows["中级", "1.1.1"]["未覆盖部分"] == "使用Webpack打包项目"
    assert set(cw["审核意见"]) == {""} and set(cw["审核状态"]) == {""}


def test_matrix_counts_covered_as_one_and_partial_as_half(shaped):
    m = _level(shaped.area_matrix, "初级").set_index("工作领域")
    assert list(m.columns[-3:]) == [WEB, JS, DB]
    assert m.loc["1. 静态网页开发", WEB] == 2.5  # 1.1.1 + 1.1.2 + half of 1.2.1
    assert m.loc["1. 静态网页开发", JS] == 1.0  # 1.1.1 through its second unit
    assert m.loc["2. 交互效果开发", DB] == 0.0
    assert _level(shaped.area_matrix, "中级").set_index("工作领域").loc["2. 数据交互", DB] == 1.0
    pm = _level(shaped.point_matrix, "初级").set_index("编号")
    assert pm.loc["1.1.1", JS] == 0.75
    assert pm.loc["1.2.2"][[WEB, JS, DB]].isna().all()


def test_course_contribution_counts_points_and_unit_hours(shaped):
    cc = _level(shaped.courses, "初级").set_index("课程")
    web = cc.loc[WEB]
    assert (web["支撑覆盖要求"], web["支撑部分覆盖要求"], web["支撑单元数"]) == (2, 1, 2)
    assert web["支撑学时"] == 18  # 项目一 8 + 项目二 10
    assert web["支撑学时占比"] == pytest.approx(18 / 64, abs=1e-4)
    assert (web["理论学时"], web["实践学时"]) == (28, 36)
    assert cc.loc[DB, "支撑覆盖要求"] == 0 and cc.loc[DB, "支撑学时"] == 0
    assert _level(shaped.courses, "中级").set_index("课程").loc[JS, "支撑学时"] == 16


def test_gaps_and_suggestions(report, shaped):
    g = shaped.gaps
    expected = [
        (lv["level"], p["id"])
        for lv in report_to_dict(report)["standards"][0]["levels"]
        for p in lv["points"]
        if p["status"] != "covered"
    ]
    assert list(zip(g["等级"], g["编号"], strict=True)) == expected
    rows = {(r["等级"], r["编号"]): r for _, r in g.iterrows()}
    patch, extend = rows["初级", "1.2.1"], rows["初级", "1.2.2"]
    assert (patch["建议做法"], patch["建议课程"]) == (ACTIONS["patch"], WEB)
    assert patch["缺少部分"].startswith("使用Sass预处理器编写样式")  # estimated, and flagged so
    assert "估计" in patch["缺少部分"]
    # nearest 0.61 is 77% of the level's median covered score 0.79: near enough to extend
    assert (extend["建议做法"], extend["建议课程"], extend["最近单元"]) == (
        ACTIONS["extend"],
        WEB,
        "项目三 响应式布局",
    )
    # nearest 0.20 is far: a new unit in the course that already supports 工作领域 2
    assert (rows["初级", "2.1.2"]["建议做法"], rows["初级", "2.1.2"]["建议课程"]) == (ACTIONS["new_unit"], JS)
    assert "Canvas绘图API" in rows["初级", "2.1.2"]["建议内容"]
    # no course touches 工作领域 3: a new course or unit
    assert (rows["中级", "3.1.1"]["建议做法"], rows["中级", "3.1.1"]["建议课程"]) == (
        ACTIONS["new_course"],
        "",
    )
    assert rows["中级", "1.1.1"]["建议单元标题"] == "使用Webpack打包项目"
    # hours per covered point of 工作领域 1 (初级): 1.1.1 = 8/2 + 10/2 = 9, 1.1.2 = 8/2 = 4; median 6.5
    junior = [("初级", "1.2.2"), ("初级", "1.2.1"), ("初级", "2.1.2")]
    assert [rows[k]["建议学时"] for k in junior] == [6, 4, 6]
    # 中级 has no covered point in 工作领域 1 or 3: the level's median (4 and 12 → 8) is used
    assert [rows[k]["建议学时"] for k in [("中级", "1.1.1"), ("中级", "3.1.1")]] == [4, 8]


def test_gaps_are_grouped_by_work_area(report):
    junior = report.standards[0].levels[0]
    # interleave the 工作领域: gap 2.1.2 (area 2) now comes before 1.2.1 and 1.2.2 (area 1)
    reordered = [junior.points[i] for i in (0, 5, 4, 1, 2, 3)]
    shuffled = replace(
        report, standards=[replace(report.standards[0], levels=[replace(junior, points=reordered)])]
    )
    gaps = build_tables(shuffled).gaps
    assert list(gaps["编号"]) == ["1.2.1", "1.2.2", "2.1.2"]
    assert list(gaps["工作领域"]) == ["1. 静态网页开发", "1. 静态网页开发", "2. 交互效果开发"]


@pytest.mark.parametrize(
    ("text", "title"),
    [
        ("能根据设计稿，使用HTML5语义化标签搭建页面结构。", "使用HTML5语义化标签搭建页面结构"),
        ("能使用表单元素制作用户注册页面。", "使用表单元素制作用户注册页面"),
        ("能编写Python脚本，能调度定时任务。", "编写Python脚本"),
        ("能够对采集到的电商平台销售数据进行清洗、转换与规范化处理。", "对采集到的电商平台销售数据进行清洗…"),
    ],
)
def test_draft_title(text, title):
    assert draft_title(text) == title


def test_even_hours_rounds_to_double_periods():
    assert [even_hours(h) for h in (0.5, 2.9, 3, 5, 6.5, 7)] == [2, 2, 4, 6, 6, 8]


def test_missing_estimate_only_when_it_can_tell():
    taught = ["CSS选择器与盒模型"]
    assert estimate_missing("能使用CSS设置盒模型，能使用Sass预处理器编写样式。", taught) == [
        "使用Sass预处理器编写样式"
    ]
    assert estimate_missing("能使用Sass预处理器编写样式。", taught) == []  # one clause: nothing to tell apart
    assert estimate_missing("能使用CSS盒模型，能使用CSS选择器。", taught) == []  # every clause taught


def test_a_current_review_overrides_the_computed_status():
    shaped = build_tables(reviewed_report())
    cw = {(r["等级"], r["编号"]): r for _, r in shaped.crosswalk.iterrows()}
    rejected, filled, stale = cw["初级", "1.1.2"], cw["中级", "3.1.1"], cw["初级", "2.1.1"]
    # 状态 stays the computed one; 审核状态 and 审核意见 carry the review
    assert (rejected["状态"], rejected["审核状态"]) == ("覆盖", "缺口")
    assert rejected["审核意见"] == "只讲表单结构，未做注册页面（张老师）"
    assert rejected["课程"] == ""  # a rejected match supports nothing
    assert (filled["审核状态"], filled["课程"], filled["依据（原文）"]) == ("覆盖", WEB, "页面性能分析与优化")
    # a stale review is not applied, but the reader is told to look at it again
    assert stale["审核状态"] == "" and "复核" in stale["审核意见"] and stale["课程"] == JS
    gaps = shaped.gaps
    assert ("初级", "1.1.2") in set(zip(gaps["等级"], gaps["编号"], strict=True))
    assert ("中级", "3.1.1") not in set(zip(gaps["等级"], gaps["编号"], strict=True))
    assert gaps[gaps["编号"] == "1.1.2"]["审核意见"].item().startswith("只讲表单结构")
    m = _level(shaped.area_matrix, "初级").set_index("工作领域")
    assert m.loc["1. 静态网页开发", WEB] == 1.5  # 1.1.2 no longer counts
    assert _level(shaped.area_matrix, "中级").set_index("工作领域").loc["3. 前端性能优化", WEB] == 1


def test_a_near_course_that_owns_the_work_area_is_preferred_to_the_nearest(report):
    junior = report.standards[0].levels[0]
    canvas = junior.points[5]  # 2.1.2, 工作领域 2, which only JS supports
    near = [
        Evidence(DB, "第二章 数据建模", "E-R图与范式", 0.65),
        Evidence(JS, "单元2 DOM操作", "DOM节点的查找与修改", 0.62),
    ]
    points = [*junior.points[:5], replace(canvas, evidence=near)]
    changed = replace(
        report, standards=[replace(report.standards[0], levels=[replace(junior, points=points)])]
    )
    row = build_tables(changed).gaps.set_index("编号").loc["2.1.2"]
    assert (row["最近课程"], row["建议做法"]) == (DB, ACTIONS["extend"])
    assert (row["建议课程"], row["建议放在单元"]) == (JS, "单元2 DOM操作")


def test_estimated_precision_is_stated_when_calibrated():
    from align.report.view import precision_text

    assert precision_text({}) == ""
    assert precision_text({"covered": 0.912, "gap": 0.84}).startswith(
        "判为覆盖的准确率约 91%，判为缺口的准确率约 84%"
    )
