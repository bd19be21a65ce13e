"""A small hand-built CoverageReport for the report tests (2 levels, every status, 3 courses).

The figures the tests expect are worked out by hand in the comments, so a test fails when a report
shows something other than what a reader would compute from these results.
"""

from __future__ import annotations

from align.documents import (
    CourseUnit,
    CoverageReport,
    Evidence,
    Hours,
    LevelCoverage,
    PointResult,
    Review,
    SkillPoint,
    Standard,
    StandardCoverage,
    Syllabus,
)

WEB = "网页设计基础"
JS = "JavaScript程序设计"
DB = "数据库应用"
STANDARD = "Web前端开发职业技能等级标准"


def _syllabi() -> list[Syllabus]:
    return [
        Syllabus(
            WEB, "syllabi/web.md", hours=Hours(64, 28, 36),
            units=[
                CourseUnit("项目一 网页基本结构", 8, ["HTML文档结构与语义化标签", "表单与表格"]),
                CourseUnit("项目二 页面样式", 10, ["CSS选择器与盒模型", "浮动与定位布局"]),
                CourseUnit("项目三 响应式布局", 6, ["媒体查询与弹性布局"]),
            ],
        ),
        Syllabus(
            JS, "syllabi/js.md", hours=Hours(72, 36, 36),
            units=[
                CourseUnit("单元1 语法基础", 8, ["变量、函数与模块"]),
                CourseUnit("单元2 DOM操作", 10, ["DOM节点的查找与修改", "事件绑定与事件委托"]),
                CourseUnit("单元3 异步请求", 8, ["使用fetch发送请求并处理JSON"]),
            ],
        ),
        Syllabus(
            DB, "syllabi/db.md", hours=Hours(48, None, None),
            units=[
                CourseUnit("第一章 SQL查询", 8, ["SELECT查询与条件筛选"]),
                CourseUnit("第二章 数据建模", 6, ["E-R图与范式"]),
            ],
        ),
    ]  # fmt: skip


def _p(id_, text, area, task, knowledge=()):
    return SkillPoint(id_, text, area, task, tuple(knowledge))


def _ev(course, unit, text, score, clause=""):
    return Evidence(course, unit, text, score, clause)


A1, A2 = "1. 静态网页开发", "2. 交互效果开发"
B1, B2, B3 = "1. 前端工程化", "2. 数据交互", "3. 前端性能优化"


def sample_report() -> CoverageReport:
    junior = [
        # covered; the second evidence (0.75) reaches the lower quartile of the covered scores
        # (0.70, 0.74, 0.77, 0.79, 0.82 → 0.74): it supports the point too.
        PointResult(
            _p("1.1.1", "能根据设计稿，使用HTML5语义化标签搭建页面结构。", A1, "1.1 网页结构搭建"),
            "covered",
            0.82,
            [
                _ev(WEB, "项目一 网页基本结构", "HTML文档结构与语义化标签", 0.82),
                _ev(JS, "单元2 DOM操作", "DOM节点的查找与修改", 0.75),
                _ev(DB, "第一章 SQL查询", "SELECT查询与条件筛选", 0.30),
            ],
        ),
        PointResult(
            _p("1.1.2", "能使用表单元素制作用户注册页面。", A1, "1.1 网页结构搭建"),
            "covered",
            0.74,
            [
                _ev(WEB, "项目一 网页基本结构", "表单与表格", 0.74),
                _ev(JS, "单元1 语法基础", "变量、函数与模块", 0.40),
            ],
        ),
        # partial, the matcher gave no missing clauses: the report estimates them.
        PointResult(
            _p("1.2.1", "能使用CSS设置盒模型，能使用Sass预处理器编写样式。", A1, "1.2 页面样式设计"),
            "partial",
            0.66,
            [_ev(WEB, "项目二 页面样式", "CSS选择器与盒模型", 0.66)],
        ),
        # gap, nearest 0.61 is 77% of the level's median covered score 0.79: extend 网页设计基础.
        PointResult(
            _p("1.2.2", "能使用CSS动画实现页面过渡效果。", A1, "1.2 页面样式设计"),
            "gap",
            0.61,
            [_ev(WEB, "项目三 响应式布局", "媒体查询与弹性布局", 0.61)],
        ),
        PointResult(
            _p("2.1.1", "能使用DOM API动态修改页面内容。", A2, "2.1 DOM操作"),
            "covered",
            0.79,
            [_ev(JS, "单元2 DOM操作", "DOM节点的查找与修改", 0.79)],
        ),
        # gap far from everything: a new unit in JS, the course that supports 工作领域 2 already.
        PointResult(
            _p("2.1.2", "能使用Canvas绘制交互式图表。", A2, "2.1 DOM操作", ["Canvas绘图API"]),
            "gap",
            0.20,
            [_ev(DB, "第二章 数据建模", "E-R图与范式", 0.20)],
        ),
    ]
    senior = [
        PointResult(_p("1.1.1", "能使用ES模块组织代码，能使用Webpack打包项目。", B1, "1.1 模块化开发"),
                    "partial", 0.60,
                    [_ev(JS, "单元1 语法基础", "变量、函数与模块", 0.60)],
                    missing=["使用Webpack打包项目"]),
        PointResult(_p("2.1.1", "能使用fetch调用RESTful接口。", B2, "2.1 异步请求", ["HTTP协议基础"]),
                    "covered", 0.77,
                    [_ev(JS, "单元3 异步请求", "使用fetch发送请求并处理JSON", 0.77)]),
        # covered by two units, each for one clause of the requirement.
        PointResult(_p("2.1.2", "能发送请求并查询数据库中的数据。", B2, "2.1 异步请求"),
                    "covered", 0.70,
                    [_ev(JS, "单元3 异步请求", "使用fetch发送请求并处理JSON", 0.70, "发送请求"),
                     _ev(DB, "第一章 SQL查询", "SELECT查询与条件筛选", 0.50, "查询数据库中的数据")]),
        # gap in a 工作领域 no course touches: a new course or unit.
        PointResult(_p("3.1.1", "能使用Lighthouse分析页面性能。", B3, "3.1 性能分析"),
                    "gap", 0.15,
                    [_ev(WEB, "项目三 响应式布局", "媒体查询与弹性布局", 0.15)]),
    ]  # fmt: skip
    standard = Standard(STANDARD, "standards/web.md")
    return CoverageReport(
        standards=[
            StandardCoverage(standard, [LevelCoverage("初级", junior), LevelCoverage("中级", senior)])
        ],
        syllabi=_syllabi(),
        model_name="tfidf",
        model_version="test",
        method="tfidf",
    )


def reviewed_report() -> CoverageReport:
    """The sample after a committee's review: one match rejected, one gap filled, one review stale.

    Final statuses — 初级: covered 1.1.1, 2.1.1; partial 1.2.1; gap 1.1.2 (rejected), 1.2.2, 2.1.2
    (the stale review of 2.1.1 is ignored) → (2 + 0.5) / 6. 中级: covered 2.1.1, 2.1.2, 3.1.1
    (reviewer's evidence); partial 1.1.1 → (3 + 0.5) / 4.
    """
    report = sample_report()
    junior, senior = (lc.points for lc in report.standards[0].levels)
    by_id = {("初级", r.point.id): r for r in junior} | {("中级", r.point.id): r for r in senior}
    by_id["初级", "1.1.2"].review = Review("gap", "张老师", "只讲表单结构，未做注册页面", "reject")
    by_id["初级", "2.1.1"].review = Review("partial", "王老师", "缺少事件委托", "change", stale=True)
    by_id["中级", "3.1.1"].review = Review(
        "covered", "李老师", "第12周性能专题讲授Lighthouse", "evidence",
        [Evidence(WEB, "项目三 响应式布局", "页面性能分析与优化", 0.15)],
    )  # fmt: skip
    return report


def flagged_report() -> CoverageReport:
    """The sample, calibrated: 初级's points 1.1.2 and 1.2.1 fall below the cut and are flagged 建议复核;
    the calibration estimates a level's coverage to be 4.0 points off."""
    report = sample_report()
    points = report.standards[0].levels[0].points
    for r, confidence in zip(points, (0.95, 0.42, 0.31, 0.88, 0.9, 0.97), strict=True):
        r.confidence, r.to_check = confidence, confidence < 0.8
    report.check = {"below": 0.8, "share": 0.5, "accuracy": 0.91}
    report.precision, report.coverage_error = {"covered": 0.82, "gap": 0.72}, 4.0
    return report
