"""What the college summary needs from one major, as a small JSON-ready dict.

It is stored in the major's manifest, so a skipped major contributes to the summary without being
read again, and it is what a worker sends back (not the whole report).
"""

from __future__ import annotations

from collections.abc import Sequence

from align.batch.selection import pooled_coverage, standard_points, work_areas
from align.documents import CoverageReport, Syllabus, TrainingPlan
from align.errors import ParseError


def standard_rows(report: CoverageReport) -> list[dict]:
    return [
        {
            "standard": sc.standard.name,
            "source": sc.standard.source,
            "coverage": round(pooled_coverage(standard_points(sc)), 4),
            "levels": [
                {
                    "level": lc.level,
                    "coverage": round(lc.coverage, 4),
                    "counts": lc.counts,
                    "points": len(lc.points),
                    # the committee's work: points flagged 建议复核 (see align.match.calibration);
                    # None without a calibration, which flags nothing and claims nothing
                    "to_check": lc.to_check if report.check else None,
                }
                for lc in sc.levels
            ],
        }
        for sc in report.standards
    ]


def weakest_areas(report: CoverageReport, n: int) -> list[dict]:
    """The ``n`` 工作领域 with the lowest coverage (more points first among equals)."""
    areas = [
        {
            "standard": sc.standard.name,
            "level": level,
            "work_area": area,
            "coverage": round(pooled_coverage(points), 4),
            "points": len(points),
        }
        for sc in report.standards
        for level, area, points in work_areas(sc)
    ]
    areas.sort(key=lambda a: (a["coverage"], -a["points"]))
    return areas[:n]


def gap_rows(report: CoverageReport) -> list[dict]:
    return [
        {
            "standard": sc.standard.name,
            "level": lc.level,
            "id": r.point.id,
            "text": r.point.text,
            "work_area": r.point.work_area,
            "task": r.point.task,
        }
        for sc in report.standards
        for lc in sc.levels
        for r in lc.points
        if r.final_status == "gap"
    ]


def course_key(name: str) -> str:
    """Course names as plans and file names write them: without 《》, spaces or a 课程标准 suffix."""
    import unicodedata

    name = "".join(unicodedata.normalize("NFKC", name).split())
    for part in ("《", "》", "课程标准", "教学大纲", "课程大纲"):
        name = name.replace(part, "")
    return name


def plan_check(plan: TrainingPlan, syllabi: Sequence[Syllabus]) -> dict:
    """Courses of the 人才培养方案 without a 课程标准, and syllabi of courses the plan does not list."""
    planned = {course_key(c.course): c.course for c in plan.courses}
    have = {course_key(s.course): s.course for s in syllabi}
    return {
        "source": plan.source,
        "courses": len(planned),
        "without_syllabus": [name for key, name in planned.items() if key not in have],
        "not_in_plan": [name for key, name in have.items() if key not in planned],
    }


def major_result(
    name: str,
    report: CoverageReport,
    selection: list[dict],
    not_ranked: list[dict],
    weakest: int,
    plan: dict | None,
    warnings: list[str] = (),
) -> dict:
    return {
        "major": name,
        "status": "done",
        "model": {"name": report.model_name, "version": report.model_version},
        # the calibration's estimate of how far a level's coverage figure is off (None: uncalibrated)
        "estimated_coverage_error": report.coverage_error,
        "courses": len(report.syllabi),
        "items": sum(len(u.items) for s in report.syllabi for u in s.units),
        "standards": standard_rows(report),
        "weakest": weakest_areas(report, weakest),
        "gaps": gap_rows(report),
        "selection": selection,
        "not_ranked": not_ranked,
        "plan": plan,
        # what was met reading the inputs and worked around (a point left out, a course given twice)
        "warnings": list(warnings),
    }


def parse_reason(exc: ParseError) -> str:
    """What is wrong with the file and what to do, without the file name (reported beside it)."""
    return exc.problem + (f" — {exc.hint}" if exc.hint else "")


def failure(name: str, file: str, reason: str, internal: bool = False) -> dict:
    return {"major": name, "status": "failed", "file": file, "reason": reason, "internal": internal}
