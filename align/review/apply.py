"""Put stored decisions back on a fresh CoverageReport (pure: no database, no I/O).

For each level of each standard in the report, a decision finds its point:

1. by the same number and the same text (the usual re-run);
2. else by the same text under a new number, when exactly one unclaimed point has that text (the
   standard was renumbered, or a point inserted before it): the decision applies and is re-keyed;
3. else by the same number with changed text: shown as stale (the committee must look again).

A decision that relies on course units (chosen evidence, or the match it confirmed) is stale when one
of them was removed or its content changed; a unit renamed with unchanged content is followed. A
decision whose point is gone entirely is an orphan, listed so that it is never silently dropped.
A stale decision is shown, never applied: ``PointResult.final_status`` ignores it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import datetime

from align.documents import CoverageReport, Evidence, PointResult, Review
from align.review.keys import PointKey, text_hash, unit_index

DECISIONS = ("confirm", "reject", "change", "evidence")
DECISION_LABEL = {"confirm": "确认", "reject": "驳回", "change": "修改状态", "evidence": "更换依据"}

#: Where a point sits in a report: (standard index, level index, point index).
Location = tuple[int, int, int]


@dataclass(frozen=True)
class EvidenceRef:
    """A course unit a decision relies on, with the content hash it had then."""

    course: str
    unit: str
    unit_hash: str
    text: str = ""
    score: float = 0.0

    def to_json(self) -> dict:
        return {
            "course": self.course,
            "unit": self.unit,
            "unit_hash": self.unit_hash,
            "text": self.text,
            "score": self.score,
        }

    @classmethod
    def from_json(cls, data: dict) -> EvidenceRef:
        return cls(
            data["course"],
            data["unit"],
            data["unit_hash"],
            data.get("text", ""),
            float(data.get("score", 0.0)),
        )

    def as_evidence(self) -> Evidence:
        return Evidence(self.course, self.unit, self.text, self.score)


@dataclass(frozen=True)
class Decision:
    """A stored decision, detached from the database session."""

    id: int
    key: PointKey
    point_text: str
    decision: str
    status: str
    computed_status: str
    reviewer: str
    note: str = ""
    evidence: tuple[EvidenceRef, ...] = ()
    updated_at: datetime | None = None

    def review(self, stale: bool) -> Review:
        chosen = [e.as_evidence() for e in self.evidence] if self.decision == "evidence" else []
        return Review(
            status=self.status,  # type: ignore[arg-type]
            reviewer=self.reviewer,
            note=self.note,
            decision=self.decision,
            evidence=chosen,
            stale=stale,
        )


@dataclass(frozen=True)
class StaleDecision:
    decision: Decision
    reason: str


@dataclass
class Applied:
    """What applying decisions to a report found."""

    #: The decision shown on each point (current or stale).
    by_point: dict[Location, Decision] = field(default_factory=dict)
    stale: list[StaleDecision] = field(default_factory=list)
    #: Decisions whose point no longer exists in the levels the report shows.
    orphans: list[Decision] = field(default_factory=list)
    #: Decisions that applied under a new point number or unit title: (old, new) to persist.
    rekeyed: list[tuple[Decision, Decision]] = field(default_factory=list)

    @property
    def current(self) -> int:
        stale_ids = {s.decision.id for s in self.stale}
        return sum(1 for d in self.by_point.values() if d.id not in stale_ids)


def _resolve_evidence(
    decision: Decision, units: dict[tuple[str, str], str]
) -> tuple[tuple[EvidenceRef, ...], list[str]]:
    """The decision's units as they are now (renamed units followed), and those that changed."""
    by_hash: dict[tuple[str, str], list[str]] = {}
    for (course, title), h in units.items():
        by_hash.setdefault((course, h), []).append(title)
    resolved, changed = [], []
    for ref in decision.evidence:
        if units.get((ref.course, ref.unit)) == ref.unit_hash:
            resolved.append(ref)
            continue
        renamed = by_hash.get((ref.course, ref.unit_hash), [])
        if len(renamed) == 1:
            resolved.append(replace(ref, unit=renamed[0]))
        else:
            resolved.append(ref)
            changed.append(f"{ref.course} › {ref.unit}")
    return tuple(resolved), changed


def _match_level(
    points: list[PointResult], decisions: list[Decision]
) -> tuple[dict[int, tuple[Decision, str]], list[Decision]]:
    """Point index → (decision, how it was found: exact | renumbered | changed); and the leftovers."""
    hashes = [text_hash(r.point.text) for r in points]
    latest_first = sorted(decisions, key=lambda d: (d.updated_at or datetime.min, d.id), reverse=True)
    exact = {(d.key.point_id, d.key.point_hash): d for d in reversed(latest_first)}
    found: dict[int, tuple[Decision, str]] = {}
    used: set[int] = set()
    for i, (r, h) in enumerate(zip(points, hashes, strict=True)):
        d = exact.get((r.point.id, h))
        if d is not None:
            found[i] = (d, "exact")
            used.add(d.id)
    # The same text under another number (the standard was renumbered, or a point was inserted
    # before it): follow the text, when exactly one point still unclaimed has it.
    for d in latest_first:
        if d.id in used:
            continue
        same_text = [i for i, h in enumerate(hashes) if h == d.key.point_hash and i not in found]
        if len(same_text) == 1:
            found[same_text[0]] = (d, "renumbered")
            used.add(d.id)
    # The same number with other text: the requirement was reworded; the decision needs a look.
    for d in latest_first:
        if d.id in used:
            continue
        same_id = [i for i, r in enumerate(points) if r.point.id == d.key.point_id and i not in found]
        if same_id:
            found[same_id[0]] = (d, "changed")
            used.add(d.id)
    leftovers = [d for d in latest_first if d.id not in used]
    return found, leftovers


def apply_decisions(report: CoverageReport, scope: str, decisions: Iterable[Decision]) -> Applied:
    """Set ``PointResult.review`` on every point a decision belongs to (clearing older reviews).

    Args:
        report: a fresh report; its reviews are replaced.
        scope: the major the decisions were made for.
        decisions: the stored decisions (of any scope; others are ignored).
    """
    units = unit_index(report.syllabi)
    by_level: dict[tuple[str, str], list[Decision]] = {}
    for d in decisions:
        if d.key.scope == scope:
            by_level.setdefault((d.key.standard, d.key.level), []).append(d)
    out = Applied()
    for si, sc in enumerate(report.standards):
        for li, lc in enumerate(sc.levels):
            for r in lc.points:
                r.review = None
            level_decisions = by_level.pop((sc.standard.name, lc.level), [])
            if not level_decisions:
                continue
            found, leftovers = _match_level(lc.points, level_decisions)
            out.orphans.extend(leftovers)
            for pi, (d, how) in sorted(found.items()):
                r = lc.points[pi]
                evidence, changed = _resolve_evidence(d, units)
                reasons = []
                if how == "changed":
                    reasons.append(f"要求原文已修改，现为：{r.point.text}")
                if changed:
                    reasons.append("所依据的课程单元已修改或删除：" + "、".join(changed))
                moved = replace(
                    d,
                    key=replace(d.key, point_id=r.point.id),
                    evidence=evidence,
                )
                if not reasons and moved != d:
                    out.rekeyed.append((d, moved))
                    d = moved
                r.review = d.review(stale=bool(reasons))
                out.by_point[(si, li, pi)] = d
                if reasons:
                    out.stale.append(StaleDecision(d, "；".join(reasons)))
    return out
