"""From a point of a report and a reviewer's choice to a stored decision."""

from __future__ import annotations

from collections.abc import Sequence

from align.documents import CoverageReport, PointResult
from align.review.apply import EvidenceRef, Location
from align.review.keys import PointKey, text_hash, unit_index
from align.review.store import Decision, ReviewError, ReviewStore, Seen


def point_at(report: CoverageReport, loc: Location) -> tuple[str, str, PointResult]:
    """(standard name, level, result) of the point at ``loc``."""
    si, li, pi = loc
    try:
        sc = report.standards[si]
        lc = sc.levels[li]
        return sc.standard.name, lc.level, lc.points[pi]
    except IndexError:
        raise ReviewError("the chosen point is not in this report; run the analysis again") from None


def point_key(scope: str, standard: str, level: str, result: PointResult) -> PointKey:
    return PointKey(scope, standard, level, result.point.id, text_hash(result.point.text))


def unit_refs(
    report: CoverageReport, result: PointResult, chosen: Sequence[tuple[str, str]]
) -> list[EvidenceRef]:
    """The chosen units as evidence: the matcher's best sentence of a unit when it found one."""
    units = unit_index(report.syllabi)
    content = {(s.course, u.title): "；".join(u.items) for s in report.syllabi for u in s.units}
    refs = []
    for course, unit in dict.fromkeys(chosen):
        if (course, unit) not in units:
            raise ReviewError(f"课程单元“{course} › {unit}”不在本次上传的课程标准中")
        best = next((e for e in result.evidence if (e.course, e.unit) == (course, unit)), None)
        text, score = (best.text, best.score) if best else (content[(course, unit)], 0.0)
        refs.append(EvidenceRef(course, unit, units[(course, unit)], text, round(float(score), 4)))
    return refs


def save_decision(
    store: ReviewStore,
    report: CoverageReport,
    loc: Location,
    scope: str,
    decision: str,
    reviewer: str,
    note: str = "",
    status: str = "",
    chosen: Sequence[tuple[str, str]] = (),
    replaces: int | None = None,
    seen: Seen | None = None,
) -> Decision:
    """Store a reviewer's decision on the point at ``loc`` of ``report``.

    A confirmation relies on the unit the matcher cited (so it goes stale when that unit changes);
    chosen evidence relies on the chosen units; a rejection or a status change relies on the text only.
    ``seen``: what the reviewer's form showed on the point (see :meth:`ReviewStore.save`).
    """
    standard, level, result = point_at(report, loc)
    if decision == "evidence":
        evidence = unit_refs(report, result, chosen)
    elif decision == "confirm" and result.status != "gap" and result.evidence:
        top = result.evidence[0]
        evidence = unit_refs(report, result, [(top.course, top.unit)])
    else:
        evidence = []
    return store.save(
        point_key(scope, standard, level, result),
        result.point.text,
        result.status,
        decision,
        reviewer,
        note=note,
        status=status,
        evidence=evidence,
        replaces=replaces,
        seen=seen,
    )
