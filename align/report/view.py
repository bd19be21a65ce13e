"""All the tables of one report, shaped once and shared by the Excel, HTML and CSV writers."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from align.documents import CoverageReport
from align.report import tables
from align.report.suggestions import suggestions


@dataclass
class ReportTables:
    """The shaped report. Every DataFrame has Chinese headers and the full hierarchy on each row."""

    levels: pd.DataFrame  # coverage per standard and level
    areas: pd.DataFrame  # coverage per 工作领域
    tasks: pd.DataFrame  # coverage per 工作任务
    crosswalk: pd.DataFrame  # 书证融通对照表, one row per 职业技能要求
    area_matrix: pd.DataFrame  # 工作领域 × courses
    point_matrix: pd.DataFrame  # 职业技能要求 × courses
    courses: pd.DataFrame  # contribution per level and course
    gaps: pd.DataFrame  # 缺口与建议
    course_names: list[str]
    model: str
    method: str
    precision: str  # the calibration's estimated precision per status, as a sentence ("" if none)
    check: str  # which points are flagged 建议复核 and how right the others are, as a sentence ("" if none)
    coverage_error: str  # how far a level's coverage figure may be off, as a sentence ("" if uncalibrated)


def build_tables(report: CoverageReport) -> ReportTables:
    rows = tables.point_rows(report)
    hours = tables.unit_hours(report)
    names = tables.course_names(report)
    level_keys = [(sc.standard.name, lc.level) for sc in report.standards for lc in sc.levels]
    model = report.model_name + (f" ({report.model_version})" if report.model_version else "")
    return ReportTables(
        levels=tables.level_summary(rows, level_keys),
        areas=tables.area_coverage(rows),
        tasks=tables.task_coverage(rows),
        crosswalk=tables.crosswalk(rows, hours),
        area_matrix=tables.area_matrix(rows, names),
        point_matrix=tables.point_matrix(rows, names),
        courses=tables.course_contribution(report, rows, hours),
        gaps=suggestions(rows, hours),
        course_names=names,
        model=model,
        method=report.method,
        precision=precision_text(report.precision),
        check=check_text(report),
        coverage_error=coverage_error_text(report.coverage_error),
    )


def precision_text(precision: dict[str, float]) -> str:
    """E.g. "判为覆盖的准确率约 91%，判为缺口的约 84%" from the calibration's estimates."""
    parts = [
        f"判为{tables.STATUS_LABEL.get(k, k)}的准确率约 {v:.0%}"
        for k, v in precision.items()
        if v is not None
    ]
    return "，".join(parts) + ("（在开发集上按留一标准估计）" if parts else "")


def coverage_error_text(points: float | None) -> str:
    """E.g. "各等级覆盖率与委员会的判定平均相差约 4.0 个百分点（…）"."""
    if points is None:
        return ""
    return (
        f"各等级覆盖率与委员会的判定平均相差约 {points:.1f} 个百分点（在开发集上按留一标准估计；"
        "专业领域与开发集差别越大，可能相差越多），审核“建议复核”的要求后更准"
    )


def check_text(report: CoverageReport) -> str:
    """E.g. "14 条要求置信度低于 0.62，标为“建议复核”；其余判定约 90% 正确（…）"."""
    check = report.check
    if not check:
        return ""
    others = (
        f"其余要求的判定约 {check['accuracy']:.0%} 正确"
        if check["accuracy"] is not None
        else f"没有一个置信度界限能使判定达到 {check['target']:.0%} 正确，请逐条审核"
    )
    settled = report.to_check_settled
    progress = f"（已审核 {settled} 条，待审核 {report.to_check - settled} 条）" if settled else ""
    return (
        f"{report.to_check} 条要求的置信度低于 {check['below']:.2f}，标为“{tables.CHECK_LABEL}”，"
        f"请委员会优先审核{progress}；{others}（在开发集上按留一标准估计）"
    )
