"""``report.json`` in the contract's schema ``align.report/1`` (fields may be added, never renamed)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from align.documents import CoverageReport, Evidence, PointResult
from align.files import write_text_atomic

SCHEMA = "align.report/1"


def _evidence(e: Evidence) -> dict[str, Any]:
    out = {"course": e.course, "unit": e.unit, "text": e.text, "score": round(e.score, 4)}
    if e.clause:
        out["clause"] = e.clause
    return out


def _point(r: PointResult) -> dict[str, Any]:
    out = {
        "id": r.point.id,
        "text": r.point.text,
        "work_area": r.point.work_area,
        "task": r.point.task,
        "status": r.status,
        "score": round(r.score, 4),
        "evidence": [_evidence(e) for e in r.evidence],
    }
    if r.confidence is not None:
        out["confidence"] = r.confidence
        out["to_check"] = r.to_check
    if r.missing:
        out["missing"] = list(r.missing)
    if r.review is not None:
        out["review"] = {
            "status": r.review.status,
            "decision": r.review.decision,
            "reviewer": r.review.reviewer,
            "note": r.review.note,
            "stale": r.review.stale,
            "evidence": [_evidence(e) for e in r.review.evidence],
        }
    return out


def report_to_dict(report: CoverageReport) -> dict[str, Any]:
    return {
        "schema": SCHEMA,
        "model": {"name": report.model_name, "version": report.model_version},
        "method": report.method,
        "estimated_precision": report.precision,
        # Points with a confidence below "below" are flagged "to_check"; "share" and "accuracy" estimate,
        # on standards the calibration did not see, how many are not and how often those are right
        # ("accuracy" null when no cut reached "target" and every point is flagged).
        "check": report.check,
        "coverage_definition": "(covered + 0.5 × partial) / points of the level",
        # mean |computed − labelled| coverage of a level, in percentage points, on standards the
        # calibration did not see (null when uncalibrated)
        "estimated_coverage_error": report.coverage_error,
        "standards": [
            {
                "name": sc.standard.name,
                "source": sc.standard.source,
                "levels": [
                    {
                        "level": lc.level,
                        "coverage": round(lc.coverage, 4),
                        "counts": lc.counts,
                        # null without a calibration: nothing is flagged, and "0 to check" would be a claim
                        "to_check": lc.to_check if report.check else None,
                        "points": [_point(r) for r in lc.points],
                    }
                    for lc in sc.levels
                ],
                # the committee's sign-off, where the web page's review gave one
                **({"signoff": sc.signoff} if sc.signoff else {}),
            }
            for sc in report.standards
        ],
        "courses": [
            {
                "course": s.course,
                "source": s.source,
                "units": len(s.units),
                "hours": s.hours.total if s.hours.total is not None else sum(u.hours or 0 for u in s.units),
            }
            for s in report.syllabi
        ],
    }


def write_json(report: CoverageReport, path: Path) -> None:
    text = json.dumps(report_to_dict(report), ensure_ascii=False, indent=2)
    write_text_atomic(path, text + "\n")
