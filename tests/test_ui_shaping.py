"""The page's tables and chart data, on small DataFrames and hand-built reports (no browser)."""

from __future__ import annotations

from dataclasses import replace

import pandas as pd
from ui_docs import make_report

from align.documents import Review
from align.review import Applied, Decision, PointKey
from align.review.apply import StaleDecision
from align.review.store import AuditEntry
from align.ui import review_view, shaping

AREAS = pd.DataFrame(
    [["S", "初级", "静态网页开发", 4, 2, 1, 1, 0.625], ["S", "初级", "项目部署", 2, 0, 0, 2, 0.0],
     ["S", "中级", "交互开发", 1, 1, 0, 0, 1.0]],
    columns=["标准", "等级", "工作领域", "要求数", "覆盖", "部分覆盖", "缺口", "覆盖率"],
)  # fmt: skip


def test_pick_keeps_one_level_of_one_standard():
    assert list(shaping.pick(AREAS, "S", "初级")["工作领域"]) == ["静态网页开发", "项目部署"]
    assert shaping.pick(AREAS, "T", "初级").empty


def test_area_bars_stack_statuses_per_area_in_document_order_without_zero_segments():
    bars = shaping.area_bars(shaping.pick(AREAS, "S", "初级"))
    assert list(bars.columns) == ["工作领域", "状态", "条数"]
    assert bars.values.tolist() == [
        ["静态网页开发", "覆盖", 2], ["静态网页开发", "部分覆盖", 1], ["静态网页开发", "缺口", 1],
        ["项目部署", "缺口", 2],
    ]  # fmt: skip
    # Every bar adds up to the area's number of requirements.
    assert bars.groupby("工作领域", sort=False)["条数"].sum().tolist() == [4, 2]


def test_heatmap_shows_the_share_of_an_areas_points_each_course_supports():
    matrix = pd.DataFrame(
        [["S", "初级", "静态网页开发", 4, 0.625, 2.5, 0.0], ["S", "初级", "项目部署", 0, 0.0, 0.0, 0.0]],
        columns=["标准", "等级", "工作领域", "要求数", "覆盖率", "网页<设计>", "JS"],
    )
    frame = shaping.heatmap_frame(matrix, ["网页<设计>", "JS"])
    assert frame.values.tolist() == [["静态网页开发", 4, 0.625, 0.0], ["项目部署", 0, 0.0, 0.0]]
    html = shaping.heatmap_html(frame, ["网页<设计>", "JS"])
    assert "网页&lt;设计&gt;" in html and "<设计>" not in html  # names are escaped
    assert html.count("<tr>") == 3 and "62%" in html
    # The darkest cell is the largest share; an empty share stays white.
    assert 'background:#ffffff;color:#1a1a1a" title="静态网页开发 × JS' in html
    assert shaping.heatmap_html(frame.iloc[0:0], ["JS"]).startswith("<p>")


def test_headline_states_every_levels_coverage():
    levels = pd.DataFrame(
        [["S", "初级", 6, 2, 1, 3, 0.4167]],
        columns=["标准", "等级", "要求数", "覆盖", "部分覆盖", "缺口", "覆盖率"],
    )
    assert shaping.headline(levels) == "- **S · 初级**：覆盖率 **42%**（覆盖 2，部分覆盖 1，缺口 3，共 6 条）"


def test_problems_name_each_file_and_escape_it():
    assert shaping.problems_markdown([]) == ""
    text = shaping.problems_markdown([("<坏>.docx", "not a readable Word document")])
    assert "&lt;坏&gt;.docx" in text and "not a readable Word document" in text and "其余文件" in text


def test_view_choices_name_the_standard_only_when_there_are_several():
    one = make_report()
    assert shaping.view_choices(one) == [("初级", "0|0")]
    two = make_report()
    renamed = replace(two.standards[0].standard, name="另一标准")
    two.standards.append(replace(two.standards[0], standard=renamed))
    assert [label for label, _ in shaping.view_choices(two)][1] == "另一标准 · 初级"
    assert shaping.parse_view(two, "1|0") == (1, 0)
    assert shaping.parse_view(two, "9|9") == (0, 0) and shaping.parse_view(two, None) == (0, 0)


def test_evidence_table_has_a_row_per_evidence_and_keeps_gaps():
    report = make_report()
    frame = shaping.evidence_table(report, 0, 0)
    assert list(frame.columns) == shaping.EVIDENCE_COLUMNS
    assert frame["编号"].tolist() == ["1.1.1", "1.1.2", "2.1.1"]
    assert frame.iloc[0][["课程", "单元", "课程内容", "分数"]].tolist() == [
        "网页设计基础", "项目一 网页结构", "HTML5语义化标签", 0.8
    ]  # fmt: skip
    assert frame.iloc[2]["状态"] == "缺口"


def test_review_table_and_menu_show_current_and_stale_decisions():
    report = make_report()
    points = report.standards[0].levels[0].points
    points[0].review = Review("gap", "王老师", "只是标签练习", decision="reject")
    points[1].review = Review("covered", "李老师", "", decision="change", stale=True)
    table = shaping.review_table(report, 0, 0)
    assert table.loc[0, ["计算状态", "审核状态", "审核人"]].tolist() == ["覆盖", "缺口", "王老师"]
    assert table.loc[0, "审核意见"] == "只是标签练习（王老师）"
    assert table.loc[1, "审核状态"] == "待复核" and "请复核" in table.loc[1, "审核意见"]
    menu = [label for label, _ in shaping.point_choices(report, 0, 0)]
    assert menu[0].endswith("[覆盖] ✔ 缺口") and menu[1].endswith("⚠ 待复核") and "✔" not in menu[2]


def test_unit_choices_list_every_unit_of_every_course():
    report = make_report()
    assert shaping.unit_choices(report) == [("网页设计基础 › 项目一 网页结构", "0|0"),
                                            ("网页设计基础 › 项目二 页面布局", "0|1")]  # fmt: skip


def test_gap_table_keeps_the_columns_a_program_head_needs():
    gaps = pd.DataFrame([[1] * 16], columns=[*shaping.GAP_COLUMNS, "标准", "等级", "审核意见"])
    assert list(shaping.gap_table(gaps).columns) == shaping.GAP_COLUMNS


def _decision(pid="1.1.1", status="gap", evidence=()):
    return Decision(1, PointKey("软件技术", "S", "初级", pid, "h"), "原来的要求", "reject", status, "covered",
                    "王老师", "意见", evidence)  # fmt: skip


def test_stale_table_lists_changed_and_removed_decisions_with_the_reason():
    applied = Applied(stale=[StaleDecision(_decision(), "要求原文已修改")], orphans=[_decision("9.9.9")])
    table = review_view.stale_table(applied)
    assert table["编号"].tolist() == ["1.1.1", "9.9.9"]
    assert table["为何不再适用"].tolist() == ["要求原文已修改", "该要求已不在本次上传的标准中"]
    assert table.loc[0, ["审核", "审核状态", "审核人"]].tolist() == ["驳回", "缺口", "王老师"]


def test_audit_table_describes_each_change():
    entry = AuditEntry(
        pd.Timestamp("2024-05-01 08:00").to_pydatetime(), "李老师", "update", 1, "S", "初级", "1.1.1",
        {"decision": "confirm", "status": "covered", "note": "", "evidence": []},
        {"decision": "evidence", "status": "partial", "note": "见实训",
         "evidence": [{"course": "网页设计基础", "unit": "项目一"}]},
    )  # fmt: skip
    table = review_view.audit_table([entry])
    assert table.loc[0, ["操作人", "操作", "编号"]].tolist() == ["李老师", "修改", "1.1.1"]
    assert table.loc[0, "变更前"] == "确认 → 覆盖"
    assert table.loc[0, "变更后"] == "更换依据 → 部分覆盖；依据：网页设计基础 › 项目一；意见：见实训"
    assert table.loc[0, "时间"].startswith("2024-05-01")


def test_point_detail_shows_the_evidence_and_a_stale_warning():
    report = make_report()
    r = report.standards[0].levels[0].points[0]
    r.review = Review("gap", "王老师", "只是标签练习", decision="reject", stale=True)
    text = review_view.point_markdown(report, (0, 0, 0))
    assert "1.1.1 能使用HTML5语义化标签搭建网页结构。" in text
    assert "网页设计基础 › 项目一 网页结构：HTML5语义化标签（0.80）" in text
    assert "驳回 → 缺口" in text and "请复核" in text
