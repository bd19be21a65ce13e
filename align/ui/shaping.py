"""Tables and chart data for the page (pure: DataFrames and strings in, DataFrames and strings out).

The report's own shaping (:func:`align.report.view.build_tables`) is the single source of the
figures; these functions pick one level of one standard out of it and arrange it for the page's
widgets, so the page and the downloaded reports can never disagree.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

import pandas as pd

from align.documents import CoverageReport
from align.report.charts import COLOURS, heat_colour
from align.report.tables import CHECK_LABEL, STATUS_LABEL, check_cell, review_cells
from align.ui.messages_zh import without_server_paths

STATUS_ORDER = [STATUS_LABEL[s] for s in ("covered", "partial", "gap")]
BAR_COLOURS = {STATUS_LABEL[s]: c for s, c in COLOURS.items()}
GAP_COLUMNS = [
    "编号", "工作领域", "职业技能要求", "状态", "最近课程", "最近单元", "最近分数",
    "建议做法", "建议课程", "建议单元标题", "建议内容", "建议学时", "缺少部分",
]  # fmt: skip
EVIDENCE_COLUMNS = ["编号", "职业技能要求", "状态", "审核状态", "课程", "单元", "课程内容", "分数"]
REVIEW_COLUMNS = [
    "编号", "工作领域", "职业技能要求", "计算状态", "分数", "置信度", "复核提示",
    "审核状态", "审核人", "审核意见",
]  # fmt: skip


def view_choices(report: CoverageReport) -> list[tuple[str, str]]:
    """One choice per reported level: ``初级`` (or ``标准 · 初级`` when several standards)."""
    several = len(report.standards) > 1
    return [
        (f"{sc.standard.name} · {lc.level}" if several else lc.level, f"{si}|{li}")
        for si, sc in enumerate(report.standards)
        for li, lc in enumerate(sc.levels)
    ]


def parse_view(report: CoverageReport, value: str | None) -> tuple[int, int]:
    """The (standard, level) indexes of a view value; the first level when missing or out of range."""
    try:
        si, li = (int(x) for x in (value or "").split("|"))
        report.standards[si].levels[li]
        return si, li
    except (ValueError, IndexError):
        return 0, 0


def names(report: CoverageReport, si: int, li: int) -> tuple[str, str]:
    sc = report.standards[si]
    return sc.standard.name, sc.levels[li].level


def pick(frame: pd.DataFrame, standard: str, level: str) -> pd.DataFrame:
    """The rows of one level of one standard."""
    return frame[(frame["标准"] == standard) & (frame["等级"] == level)].reset_index(drop=True)


def headline(levels: pd.DataFrame) -> str:
    """Markdown: coverage of every reported level, the figure a program head looks at first."""
    lines = []
    for _, row in levels.iterrows():
        lines.append(
            f"- **{row['标准']} · {row['等级']}**：覆盖率 **{row['覆盖率']:.0%}**"
            f"（覆盖 {row['覆盖']}，部分覆盖 {row['部分覆盖']}，缺口 {row['缺口']}，共 {row['要求数']} 条）"
        )
    return "\n".join(lines)


def problems_markdown(problems: list[tuple[str, str]], notices: Sequence[str] = ()) -> str:
    """The files that could not be used, one line each, then what the page did with the inputs that the
    user should know (copies left out); empty when there is nothing to say. No server path is shown."""
    parts = []
    if problems:
        lines = [f"- **{escape(name)}**：{_safe(msg)}" for name, msg in problems]
        parts.append("#### 以下文件未能使用（其余文件已正常分析）\n" + "\n".join(lines))
    if notices:
        parts.append("#### 提示\n" + "\n".join(f"- {_safe(notice)}" for notice in notices))
    return "\n\n".join(parts)


def _safe(text: str) -> str:
    return escape(without_server_paths(text))


def area_bars(areas: pd.DataFrame) -> pd.DataFrame:
    """Long form for a stacked bar per 工作领域: columns 工作领域, 状态, 条数 (zero counts dropped)."""
    long = areas.melt(id_vars=["工作领域"], value_vars=STATUS_ORDER, var_name="状态", value_name="条数")
    long["状态"] = pd.Categorical(long["状态"], STATUS_ORDER, ordered=True)
    order = {a: i for i, a in enumerate(areas["工作领域"])}
    long = long[long["条数"] > 0].copy()
    long["_area"] = long["工作领域"].map(order)
    long = long.sort_values(["_area", "状态"]).drop(columns="_area").reset_index(drop=True)
    long["状态"] = long["状态"].astype(str)
    long["条数"] = long["条数"].astype(int)
    return long


def heatmap_frame(matrix: pd.DataFrame, courses: list[str]) -> pd.DataFrame:
    """工作领域 × course: the share of the area's points each course supports (0–1)."""
    out = matrix[["工作领域", "要求数"]].copy()
    for course in courses:
        out[course] = (matrix[course] / matrix["要求数"].where(matrix["要求数"] > 0)).fillna(0.0).round(4)
    return out.reset_index(drop=True)


def heatmap_html(frame: pd.DataFrame, courses: list[str]) -> str:
    """The coverage matrix as a coloured HTML table (darker: the course supports more of the area)."""
    head = "".join(f'<th class="course">{escape(c)}</th>' for c in courses)
    rows = []
    for _, row in frame.iterrows():
        cells = []
        for course in courses:
            share = float(row[course])
            bg, fg = heat_colour(share, 1.0)
            text = f"{share:.0%}" if share > 0 else ""
            title = escape(f"{row['工作领域']} × {course}：支撑该领域 {share:.0%} 的要求", quote=True)
            cells.append(f'<td style="background:{bg};color:{fg}" title="{title}">{text}</td>')
        rows.append(
            f'<tr><th class="area">{escape(str(row["工作领域"]))}'
            f'<span class="n"> · {int(row["要求数"])} 条</span></th>{"".join(cells)}</tr>'
        )
    if not rows:
        return "<p>本等级没有职业技能要求。</p>"
    return (
        '<div class="heatmap"><table><thead><tr><th>工作领域 \\ 课程</th>'
        f"{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"
        '<p class="legend">格中数字：该课程支撑的本领域要求所占比例（部分覆盖计一半）。</p></div>'
    )


def gap_table(gaps: pd.DataFrame) -> pd.DataFrame:
    """缺口与建议 for the page: the requirement, the nearest content and the suggested revision."""
    return gaps[[c for c in GAP_COLUMNS if c in gaps.columns]].reset_index(drop=True)


def evidence_table(report: CoverageReport, si: int, li: int) -> pd.DataFrame:
    """Requirement ↔ course unit content, one row per piece of evidence, best first."""
    records = []
    for r in report.standards[si].levels[li].points:
        reviewed, _note = review_cells(r)
        for e in r.evidence or [None]:
            records.append(
                [
                    r.point.id,
                    r.point.text,
                    STATUS_LABEL[r.status],
                    reviewed,
                    e.course if e else "",
                    e.unit if e else "",
                    e.text if e else "",
                    round(e.score, 4) if e else None,
                ]
            )
    return pd.DataFrame(records, columns=EVIDENCE_COLUMNS)


def review_table(report: CoverageReport, si: int, li: int) -> pd.DataFrame:
    """Every point of a level with its computed status and the committee's decision beside it."""
    records = []
    for r in report.standards[si].levels[li].points:
        reviewed, note = review_cells(r)
        reviewer = r.review.reviewer if r.review else ""
        records.append(
            [r.point.id, r.point.work_area, r.point.text, STATUS_LABEL[r.status], round(r.score, 4),
             r.confidence, check_cell(r),
             reviewed or ("待复核" if r.review and r.review.stale else ""), reviewer, note]
        )  # fmt: skip
    return pd.DataFrame(records, columns=REVIEW_COLUMNS)


def point_choices(report: CoverageReport, si: int, li: int) -> list[tuple[str, str]]:
    """The points of a level for the review menu: number, status, a mark when reviewed, and 建议复核
    while the calibration's flag stands (until a current review settles the point)."""
    out = []
    for pi, r in enumerate(report.standards[si].levels[li].points):
        # the same rule as the table's 复核提示: only a current review settles a flagged point
        mark = f" ? {CHECK_LABEL}" if r.check_pending else ""
        if r.review is not None:
            mark = f" ⚠ 待复核{mark}" if r.review.stale else f" ✔ {STATUS_LABEL[r.review.status]}"
        text = r.point.text if len(r.point.text) <= 36 else r.point.text[:35] + "…"
        out.append((f"{r.point.id} {text} [{STATUS_LABEL[r.status]}]{mark}", f"{si}|{li}|{pi}"))
    return out


def next_to_check(report: CoverageReport, si: int, li: int, after: int) -> int | None:
    """The first point of the level after ``after`` (wrapping round) still marked 建议复核, if any."""
    points = report.standards[si].levels[li].points
    order = [*range(after + 1, len(points)), *range(0, min(after + 1, len(points)))]
    return next((pi for pi in order if points[pi].check_pending), None)


def unit_choices(report: CoverageReport) -> list[tuple[str, str]]:
    """Every unit of every uploaded syllabus, as evidence a reviewer may choose."""
    return [
        (f"{s.course} › {u.title}", f"{i}|{j}")
        for i, s in enumerate(report.syllabi)
        for j, u in enumerate(s.units)
    ]
