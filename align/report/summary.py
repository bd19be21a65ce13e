"""The short summary printed to the terminal after a run."""

from __future__ import annotations

from align.documents import CoverageReport


def summary_lines(report: CoverageReport) -> list[str]:
    lines = []
    for sc in report.standards:
        n = len(report.syllabi)
        lines.append(f"{sc.standard.name}  ({n} course{'s' * (n != 1)}, model {report.model_name})")
        for lc in sc.levels:
            c = lc.counts
            lines.append(
                f"  {lc.level}: coverage {lc.coverage:.0%} — covered {c['covered']}, "
                f"partial {c['partial']}, gap {c['gap']} of {len(lc.points)} points"
            )
            gaps = [r for r in lc.points if r.status == "gap"][:3]
            for r in gaps:
                lines.append(f"    gap {r.point.id} {r.point.text[:40]}")
    if report.precision:
        p = report.precision
        lines.append(
            f"estimated precision (tuning half): covered {p.get('covered', 0):.0%}, gap {p.get('gap', 0):.0%}"
            + (
                f"; a level's coverage is off by about {report.coverage_error:.1f} points on average"
                if report.coverage_error is not None
                else ""
            )
        )
    if report.check:
        points = sum(len(lc.points) for sc in report.standards for lc in sc.levels)
        check = report.check
        others = unflagged_text(check)
        settled = report.to_check_settled
        reviewed = f", {settled} of them reviewed" if settled else ""
        lines.append(
            f"to check first: {report.to_check} of {points} points (confidence below {check['below']:.2f})"
            f"{reviewed}; {others} on standards the calibration did not see"
        )
    if "calibrated" not in report.method:
        lines.append(
            "note: no calibration ships with this model and method, so statuses come from fixed "
            "thresholds; fit one with 'align calibrate --model …' for trustworthy bands"
        )
    return lines


def unflagged_text(check: dict) -> str:
    """What a calibration's check rule (``align.pipeline.check_rule``) estimates for the points it
    does not flag, for the terminal."""
    if check["accuracy"] is None:
        return f"no confidence level left statuses {check['target']:.0%} right"
    return f"the others' statuses were right {check['accuracy']:.0%} of the time"
