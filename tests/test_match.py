"""Matching and coverage on a tiny example whose right answers are obvious to a reader."""

from __future__ import annotations

import pytest

from align.coverage import level_coverage, points_by_level, select_levels
from align.documents import ContentItem, Level, LevelCoverage, PointResult, SkillPoint, Standard
from align.encode.tfidf import TfidfEncoder
from align.errors import ConfigError
from align.match import MatchConfig, Thresholds, match_points

DENSE = MatchConfig(method="dense", clauses=True, top_k=3)

POINTS = [
    SkillPoint("1.1.1", "能使用HTML5语义化标签搭建网页结构", "静态网页开发", "网页结构搭建"),
    SkillPoint("1.1.2", "能使用CSS3盒子模型完成页面布局", "静态网页开发", "页面样式"),
    SkillPoint("2.1.1", "能配置Nginx反向代理并部署前端项目", "项目部署", "服务器部署"),
]
ITEMS = [
    ContentItem("网页设计基础", "项目一 网页结构", "使用HTML5语义化标签搭建网页的基本结构", 6),
    ContentItem("网页设计基础", "项目一 网页结构", "掌握常用文本标签与列表标签", 6),
    ContentItem("网页设计基础", "项目二 页面布局", "运用CSS3盒子模型与浮动完成页面布局", 8),
    ContentItem("JavaScript程序设计", "单元3 事件处理", "为按钮绑定点击事件并响应用户操作", 4),
]


@pytest.mark.parametrize("make_encoder", [TfidfEncoder, "charbag"])
def test_each_point_finds_the_unit_that_teaches_it(make_encoder, request):
    encoder = request.getfixturevalue("charbag") if make_encoder == "charbag" else make_encoder()
    results = match_points(POINTS, ITEMS, encoder, Thresholds(covered=0.5, partial=0.3), DENSE)
    assert [r.point.id for r in results] == ["1.1.1", "1.1.2", "2.1.1"]
    assert results[0].evidence[0].unit == "项目一 网页结构"
    assert results[1].evidence[0].unit == "项目二 页面布局"
    assert results[0].status == "covered" and results[1].status == "covered"
    # Nothing teaches deployment: a gap, yet its nearest miss is still shown.
    assert results[2].status == "gap"
    assert results[2].evidence


def test_points_not_cited_keep_their_status_and_score_without_evidence(charbag):
    hybrid = MatchConfig(method="hybrid", clauses=True, top_k=3)
    full = match_points(POINTS, ITEMS, charbag, Thresholds(0.5, 0.3), hybrid)
    cited = match_points(POINTS, ITEMS, charbag, Thresholds(0.5, 0.3), hybrid, cite=[True, False, True])
    assert [(r.status, r.score, r.missing) for r in cited] == [(r.status, r.score, r.missing) for r in full]
    assert cited[1].evidence == [] and full[1].evidence
    assert cited[0].evidence == full[0].evidence and cited[2].evidence == full[2].evidence


def test_evidence_lists_distinct_units_best_first(charbag):
    [result] = match_points(POINTS[:1], ITEMS, charbag, Thresholds(0.5, 0.3), DENSE)
    units = [(e.course, e.unit) for e in result.evidence]
    assert len(units) == len(set(units)) == 3
    scores = [e.score for e in result.evidence]
    assert scores == sorted(scores, reverse=True)
    assert result.score == scores[0]


def test_evidence_ranks_units_by_their_rank_score_and_cites_each_units_best_item():
    import numpy as np

    from align.match.engine import _evidence

    items = [
        ContentItem("C", "A", "a1", 2),
        ContentItem("C", "B", "b1", 2),
        ContentItem("C", "B", "b2", 2),
        ContentItem("C", "D", "d1", 2),
    ]
    rows = np.array([[0.60, 0.40, 0.55, 0.20]], dtype=np.float32)
    unit_items = [np.array([0]), np.array([1, 2]), np.array([3])]
    # Unit B's best item scores below unit A's, but B holds more of the requirement's terms.
    unit_rank = np.array([0.60 + 0.2 * 0.1, 0.55 + 0.2 * 0.9, 0.20])
    evidence = _evidence(rows, ("whole",), items, 2, unit_items, unit_rank)
    assert [(e.unit, e.text, e.score) for e in evidence] == [("B", "b2", 0.55), ("A", "a1", 0.6)]


def test_no_course_content_makes_every_point_a_gap(charbag):
    results = match_points(POINTS, [], charbag, Thresholds(0.5, 0.3))
    assert [r.status for r in results] == ["gap"] * 3


def test_thresholds_band_scores():
    t = Thresholds(covered=0.6, partial=0.4)
    assert [t.status(s) for s in (0.6, 0.59, 0.4, 0.39)] == ["covered", "partial", "partial", "gap"]


def test_compound_point_is_covered_by_two_units_and_cites_both(charbag):
    point = SkillPoint("3.1.1", "能安装Nginx服务器并配置反向代理")
    items = [
        ContentItem("Linux运维", "单元1 软件安装", "安装Nginx服务器", 4),
        ContentItem("Web部署", "项目2 代理", "配置反向代理", 4),
        ContentItem("Web部署", "项目3 其他", "编写单元测试用例", 4),
    ]
    [r] = match_points([point], items, charbag, Thresholds(0.6, 0.3), DENSE)
    assert r.status == "covered"
    assert {e.unit for e in r.evidence[:2]} == {"单元1 软件安装", "项目2 代理"}
    assert all(e.clause for e in r.evidence[:2])
    # Take away the unit that teaches configuration: only part of the requirement is taught.
    [r] = match_points([point], [items[0], items[2]], charbag, Thresholds(0.6, 0.3), DENSE)
    assert r.status == "partial"
    assert r.missing == ["配置反向代理"]


def test_coverage_counts_partial_as_half():
    results = [
        PointResult(POINTS[0], "covered", 0.9),
        PointResult(POINTS[1], "partial", 0.5),
        PointResult(POINTS[2], "gap", 0.1),
        PointResult(POINTS[2], "gap", 0.1),
    ]
    lc = LevelCoverage("初级", results)
    assert lc.counts == {"covered": 1, "partial": 1, "gap": 2}
    assert lc.coverage == pytest.approx(1.5 / 4)


def _standard(cumulative: bool) -> Standard:
    return Standard(
        "测试标准", "std.md", [Level("初级", POINTS[:2]), Level("中级", POINTS[2:])], cumulative=cumulative
    )


def test_level_selection_exact_then_contained():
    std = Standard("国家标准", "s.md", [Level("五级/初级工"), Level("四级/中级工")])
    assert [lv.name for lv in select_levels(std, "四级/中级工")] == ["四级/中级工"]
    assert [lv.name for lv in select_levels(std, "中级")] == ["四级/中级工"]
    with pytest.raises(ConfigError, match="五级/初级工、四级/中级工"):
        select_levels(std, "高级")


def test_cumulative_levels_include_lower_points_only_when_the_standard_says_so():
    std = _standard(cumulative=True)
    pts = points_by_level(std, std.levels, cumulative=True)
    assert pts["中级"] == [*POINTS[:2], POINTS[2]]  # the lower level's own points: matched once
    results = {p: PointResult(p, "covered", 0.9) for p in POINTS[:3]}
    reported = {lc.level: [r.point.id for r in lc.points] for lc in level_coverage(std, pts, results)}
    assert reported == {"初级": ["1.1.1", "1.1.2"], "中级": ["初级 1.1.1", "初级 1.1.2", "2.1.1"]}
    plain = points_by_level(_standard(cumulative=False), std.levels, cumulative=True)
    assert [p.id for p in plain["中级"]] == ["2.1.1"]


def test_a_cumulative_run_gives_an_inherited_point_the_status_of_its_own_level():
    from align.parse import load_documents, parse_file
    from align.pipeline import align_documents
    from align.settings import Settings
    from tests.batch_college import CORPORA

    settings = Settings(cache_dir=None).with_match(model="tfidf", cumulative=True)
    web = parse_file(CORPORA / "standards" / "web-frontend.md", kind="standard")
    assert web.cumulative
    syllabi = load_documents([CORPORA / "syllabi" / "软件技术"], kind="syllabus")
    [sc] = align_documents([web], syllabi, settings).standards
    levels = {lc.level: {r.point.id: (r.status, r.score) for r in lc.points} for lc in sc.levels}
    lower, middle = levels["初级"], levels["中级"]
    assert len(middle) == len(lower) + len(web.level("中级").points)
    assert {f"初级 {pid}": result for pid, result in lower.items()}.items() <= middle.items()


def test_a_standards_statuses_do_not_depend_on_the_levels_chosen_or_the_other_standards(tmp_path):
    """The lexical weights are fitted on the texts matched together: `align run --level`, a run with
    several standards and a batch against a library must give a standard the figures a plain run gives."""
    from dataclasses import replace as with_fields

    from align.parse import load_documents, parse_file
    from align.pipeline import align_documents
    from align.settings import Settings
    from tests.batch_college import CORPORA

    settings = Settings()
    settings = with_fields(settings, match=with_fields(settings.match, model="tfidf"))
    web = parse_file(CORPORA / "standards" / "web-frontend.md", kind="standard")
    other = parse_file(CORPORA / "standards" / "bigdata-python.md", kind="standard")
    syllabi = load_documents([CORPORA / "syllabi" / "软件技术"], kind="syllabus")

    def statuses(report, level=None):
        [sc] = [sc for sc in report.standards if sc.standard.source == web.source]
        return {(lc.level, r.point.id): (r.status, r.score) for lc in sc.levels for r in lc.points
                if level in (None, lc.level)}  # fmt: skip

    alone = statuses(align_documents([web], syllabi, settings))
    middle = web.levels[1].name
    assert statuses(align_documents([web], syllabi, settings, level=middle)) == statuses(
        align_documents([web], syllabi, settings), middle
    )
    assert statuses(align_documents([other, web], syllabi, settings)) == alone
    cited_elsewhere = align_documents([other, web], syllabi, settings, cite={other.source})
    assert statuses(cited_elsewhere) == alone  # evidence left out, statuses kept
