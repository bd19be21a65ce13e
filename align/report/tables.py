"""Shape a CoverageReport into the tables every report format shows (pure: no files, no I/O).

Each function returns a pandas DataFrame whose Chinese column names are the headers a program head
reads, one row per item and the full hierarchy (标准, 等级, 工作领域, 工作任务) on every row, so the Excel
sheets filter cleanly and the CSV stands on its own.

Which units *support* a point: for a covered or partial point, its best evidence, plus any further
evidence that scores at least the lower quartile of the scores of the points the matcher found covered
(its threshold is not part of the report, and a calibrated matcher has no single one) or that the matcher
tied to a clause of a compound requirement. Gaps have no supporting unit; their best evidence is the
nearest miss shown under 缺口与建议.

A committee's current review (``PointResult.review``, not stale) wins: counts, coverage, matrices and
gaps use the reviewed status (as ``report.json`` does), and a reviewer's chosen evidence replaces the
matcher's. The 对照表 shows both: 状态 is the computed status, 审核状态 / 审核意见 the review.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from statistics import median

import numpy as np
import pandas as pd

from align.documents import CoverageReport, Evidence, PointResult, Review

STATUS_LABEL = {"covered": "覆盖", "partial": "部分覆盖", "gap": "缺口"}
NO_AREA = "（未分工作领域）"
NO_TASK = "（未分工作任务）"
COVERAGE_DEFINITION = (
    "覆盖率 =（覆盖要求数 + 0.5 × 部分覆盖要求数）÷ 该等级职业技能要求总数；"
    "每条要求取课程内容中与之最相近的条目，按相似度判定为覆盖、部分覆盖或缺口。"
)
SUPPORT_RULE = (
    "覆盖或部分覆盖要求的最相近单元；其他单元的相似度不低于本报告已覆盖要求分数的下四分位数时一并列出。"
)
# The hierarchy every row carries, in order.
HIERARCHY = ["标准", "等级", "工作领域", "工作任务", "编号", "职业技能要求"]
CROSSWALK_COLUMNS = [
    *HIERARCHY,
    "状态",
    "审核状态",
    "课程",
    "单元",
    "单元学时",
    "依据（原文）",
    "分数",
    "置信度",
    "复核提示",
    "未覆盖部分",
    "审核意见",
]
#: Marks a point whose calibrated confidence is below the calibration's cut (``PointResult.to_check``).
CHECK_LABEL = "建议复核"
COVERAGE_ERROR_LABEL = "覆盖率误差"


@dataclass(frozen=True)
class PointRow:
    """One skill point of one level of one standard, with the units that support it."""

    standard: str
    level: str
    result: PointResult
    support: tuple[Evidence, ...]

    @property
    def area(self) -> str:
        return self.result.point.work_area or NO_AREA

    @property
    def task(self) -> str:
        return self.result.point.task or NO_TASK

    @property
    def status(self) -> str:
        """The status that counts: the reviewed one where a current review exists."""
        return self.result.final_status

    def hierarchy(self) -> list[str]:
        p = self.result.point
        return [self.standard, self.level, self.area, self.task, p.id, p.text]


def covered_floor(report: CoverageReport) -> float | None:
    """The lower quartile of the scores of points the matcher found covered: evidence at or above it
    supports a point too."""
    scores = [
        r.score for sc in report.standards for lc in sc.levels for r in lc.points if r.status == "covered"
    ]
    if not scores:
        return None
    return float(np.percentile(scores, 25))


def current_review(result: PointResult) -> Review | None:
    return result.review if result.settled else None


def supporting(result: PointResult, floor: float | None) -> tuple[Evidence, ...]:
    """The evidence that supports a covered or partial point (none for a gap)."""
    if result.final_status == "gap":
        return ()
    review = current_review(result)
    if review is not None and review.evidence:
        return tuple(review.evidence)
    if not result.evidence:
        return ()
    first, *rest = result.evidence
    more = [e for e in rest if e.clause or (floor is not None and e.score >= floor)]
    return (first, *more)


def point_rows(report: CoverageReport) -> list[PointRow]:
    """Every reported point in report order (standard, level, point)."""
    floor = covered_floor(report)
    return [
        PointRow(sc.standard.name, lc.level, r, supporting(r, floor))
        for sc in report.standards
        for lc in sc.levels
        for r in lc.points
    ]


def unit_hours(report: CoverageReport) -> dict[tuple[str, str], float | None]:
    """Hours of each course unit, by (course, unit title)."""
    return {(s.course, u.title): u.hours for s in report.syllabi for u in s.units}


def course_names(report: CoverageReport) -> list[str]:
    """Courses in the order of the syllabi, each once."""
    return list(dict.fromkeys(s.course for s in report.syllabi))


def fmt_hours(h: float | None) -> str:
    if h is None:
        return "—"
    return f"{h:g}"


def _lines(values: Iterable[str]) -> str:
    """Several values in one cell, numbered when there is more than one."""
    values = list(values)
    if len(values) <= 1:
        return "".join(values)
    return "\n".join(f"{i}) {v}" for i, v in enumerate(values, 1))


def _coverage(counts: dict[str, int], n: int) -> float:
    return (counts["covered"] + 0.5 * counts["partial"]) / n if n else 0.0


def _counted(rows: list[PointRow], keys: list[str], key_of) -> pd.DataFrame:
    """Counts and coverage per group, groups in first-seen order."""
    groups: dict[tuple, dict[str, int]] = {}
    for row in rows:
        counts = groups.setdefault(key_of(row), {"covered": 0, "partial": 0, "gap": 0})
        counts[row.status] += 1
    records = []
    for key, c in groups.items():
        n = sum(c.values())
        records.append([*key, n, c["covered"], c["partial"], c["gap"], round(_coverage(c, n), 4)])
    return pd.DataFrame(records, columns=[*keys, "要求数", "覆盖", "部分覆盖", "缺口", "覆盖率"])


def level_summary(rows: list[PointRow], levels: list[tuple[str, str]] | None = None) -> pd.DataFrame:
    """Coverage per standard and level; ``levels`` (in order) adds levels that have no points."""
    frame = _counted(rows, ["标准", "等级"], lambda r: (r.standard, r.level))
    if levels is None:
        return frame
    frame = frame.set_index(["标准", "等级"]).reindex(
        pd.MultiIndex.from_tuples(levels, names=["标准", "等级"])
    )
    return frame.fillna(0).astype({c: int for c in ("要求数", "覆盖", "部分覆盖", "缺口")}).reset_index()


def area_coverage(rows: list[PointRow]) -> pd.DataFrame:
    """Coverage per 工作领域 of each level."""
    return _counted(rows, ["标准", "等级", "工作领域"], lambda r: (r.standard, r.level, r.area))


def task_coverage(rows: list[PointRow]) -> pd.DataFrame:
    """Coverage per 工作任务 of each level."""
    return _counted(
        rows, ["标准", "等级", "工作领域", "工作任务"], lambda r: (r.standard, r.level, r.area, r.task)
    )


def missing_text(result: PointResult) -> str:
    """What a partial point still lacks, as the matcher found it."""
    return "；".join(result.missing)


def check_cell(result: PointResult) -> str:
    """建议复核 for a point flagged to check first, until a committee's current review settles it."""
    return CHECK_LABEL if result.check_pending else ""


def review_cells(result: PointResult) -> tuple[str, str]:
    """The 审核状态 and 审核意见 of a point: empty until a committee reviews it."""
    review = result.review
    if review is None:
        return "", ""
    note = review.note + (f"（{review.reviewer}）" if review.reviewer else "")
    if review.stale:
        return "", f"原审核为“{STATUS_LABEL[review.status]}”，文件已修改，请复核：{note}"
    return STATUS_LABEL[review.status], note


def crosswalk(rows: list[PointRow], hours: dict[tuple[str, str], float | None]) -> pd.DataFrame:
    """书证融通对照表: one row per 职业技能要求, with the units that support it."""
    records = []
    for row in rows:
        r = row.result
        sup = row.support
        reviewed, note = review_cells(r)
        records.append(
            [
                *row.hierarchy(),
                STATUS_LABEL[r.status],
                reviewed,
                _lines(e.course for e in sup),
                _lines(e.unit for e in sup),
                _lines(fmt_hours(hours.get((e.course, e.unit))) for e in sup),
                _lines(e.text for e in sup),
                round(r.score, 4),
                r.confidence,
                check_cell(r),
                missing_text(r) if row.status == "partial" else "",
                note,
            ]
        )
    return pd.DataFrame(records, columns=CROSSWALK_COLUMNS)


def _weight(status: str) -> float:
    return {"covered": 1.0, "partial": 0.5}.get(status, 0.0)


def area_matrix(rows: list[PointRow], courses: list[str]) -> pd.DataFrame:
    """Courses × 工作领域: per cell, the points of that 工作领域 a course supports.

    A covered point counts 1 and a partial point 0.5, as in the coverage figure.
    """
    table: dict[tuple[str, str, str], dict[str, float]] = {}
    for row in rows:
        cells = table.setdefault((row.standard, row.level, row.area), dict.fromkeys(courses, 0.0))
        for course in dict.fromkeys(e.course for e in row.support):
            if course in cells:
                cells[course] += _weight(row.status)
    cov = area_coverage(rows)
    # a dict, not DataFrame.loc: a MultiIndex lookup per row was half the time of shaping a report
    keys = zip(cov["标准"], cov["等级"], cov["工作领域"], strict=True)
    counts = dict(zip(keys, zip(cov["要求数"], cov["覆盖率"], strict=True), strict=True))
    records = []
    for key, cells in table.items():
        n, coverage = counts[key]
        records.append([*key, int(n), coverage, *cells.values()])
    return pd.DataFrame(records, columns=["标准", "等级", "工作领域", "要求数", "覆盖率", *courses])


def point_matrix(rows: list[PointRow], courses: list[str]) -> pd.DataFrame:
    """Courses × 职业技能要求: the best score of each course that supports the point, else empty."""
    records = []
    for row in rows:
        best: dict[str, float] = {}
        for e in row.support:
            best[e.course] = max(best.get(e.course, 0.0), e.score)
        records.append([*row.hierarchy(), STATUS_LABEL[row.status], *(best.get(c) for c in courses)])
    return pd.DataFrame(records, columns=[*HIERARCHY, "状态", *courses])


def course_contribution(
    report: CoverageReport, rows: list[PointRow], hours: dict[tuple[str, str], float | None]
) -> pd.DataFrame:
    """Per level and course: the points it supports and the hours of the units that support them."""
    by_level: dict[tuple[str, str], list[PointRow]] = {}
    for row in rows:
        by_level.setdefault((row.standard, row.level), []).append(row)
    records = []
    for (standard, level), level_rows in by_level.items():
        for s in report.syllabi:
            covered = partial = 0
            units: dict[str, None] = {}
            areas: dict[str, None] = {}
            for row in level_rows:
                mine = [e for e in row.support if e.course == s.course]
                if not mine:
                    continue
                covered += row.status == "covered"
                partial += row.status == "partial"
                areas[row.area] = None
                units.update(dict.fromkeys(e.unit for e in mine))
            unit_h = [hours.get((s.course, u)) for u in units]
            sup_hours = sum(h for h in unit_h if h is not None) if units else 0.0
            total = s.hours.total if s.hours.total is not None else sum(u.hours or 0 for u in s.units)
            records.append(
                [
                    standard,
                    level,
                    s.course,
                    total,
                    s.hours.theory,
                    s.hours.practice,
                    len(s.units),
                    covered,
                    partial,
                    len(units),
                    sup_hours,
                    round(sup_hours / total, 4) if total else None,
                    "、".join(areas),
                ]
            )
    columns = [
        "标准", "等级", "课程", "总学时", "理论学时", "实践学时", "单元数",
        "支撑覆盖要求", "支撑部分覆盖要求", "支撑单元数", "支撑学时", "支撑学时占比", "涉及工作领域",
    ]  # fmt: skip
    return pd.DataFrame(records, columns=columns)


def hours_per_point(
    rows: list[PointRow], hours: dict[tuple[str, str], float | None]
) -> dict[tuple[str, str, str], float]:
    """The hours a unit spends on each covered point it supports, per point (standard, level, id).

    A unit's hours are shared equally among the points of its level it supports.
    """
    load: dict[tuple[str, str, str, str], int] = {}
    for row in rows:
        for e in dict.fromkeys((e.course, e.unit) for e in row.support):
            key = (row.standard, row.level, *e)
            load[key] = load.get(key, 0) + 1
    out = {}
    for row in rows:
        if row.status != "covered":
            continue
        shares = [
            hours[u] / load[(row.standard, row.level, *u)]
            for u in dict.fromkeys((e.course, e.unit) for e in row.support)
            if hours.get(u) is not None
        ]
        if shares:
            out[(row.standard, row.level, row.result.point.id)] = sum(shares)
    return out


def median_or_none(values: Iterable[float]) -> float | None:
    values = list(values)
    return median(values) if values else None


def signoff_text(signoff: dict) -> str:
    """One line for a report: who signed which levels when (the server's local time), and whether the
    results still read as they did then."""
    at = datetime.fromisoformat(signoff["at"].removesuffix("Z")).replace(tzinfo=UTC).astimezone()
    text = f"{signoff['signer']} 于 {at:%Y-%m-%d %H:%M} 签署（{signoff['levels']}）"
    if signoff.get("note"):
        text += f"：{signoff['note']}"
    if not signoff.get("current", True):
        text += "。签署后审核意见或文件有变动，这份结果尚未重新签署"
    return text
