"""Score every skill point against every course content item and decide its status.

Scores are cosine similarities of the encoder's vectors. A point's evidence is its best content
items, one per course unit, best first, kept even for gaps so a reader sees the nearest miss.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from align.documents import ContentItem, Evidence, PointResult, SkillPoint, Status
from align.encode.base import Encoder


@dataclass(frozen=True)
class Thresholds:
    covered: float
    partial: float

    def status(self, score: float) -> Status:
        if score >= self.covered:
            return "covered"
        if score >= self.partial:
            return "partial"
        return "gap"


def point_text(point: SkillPoint, context: bool) -> str:
    if not context:
        return point.text
    trail = [t for t in (point.work_area, point.task) if t]
    return " › ".join([*trail, point.text])


def item_text(item: ContentItem, context: bool) -> str:
    return f"{item.course} › {item.unit} › {item.text}" if context else item.text


def score_matrix(
    points: Sequence[SkillPoint], items: Sequence[ContentItem], encoder: Encoder, context: bool
) -> np.ndarray:
    """Cosine similarity of each point (rows) with each content item (columns)."""
    p_texts = [point_text(p, context) for p in points]
    i_texts = [item_text(i, context) for i in items]
    encoder.fit(p_texts + i_texts)
    p_vec = encoder.encode(p_texts)
    i_vec = encoder.encode(i_texts)
    return p_vec @ i_vec.T


def best_evidence(scores: np.ndarray, items: Sequence[ContentItem], top_k: int) -> list[Evidence]:
    """The best item of each of the ``top_k`` best-scoring units, best first."""
    evidence: list[Evidence] = []
    seen_units: set[tuple[str, str]] = set()
    for j in np.argsort(-scores, kind="stable"):
        item = items[j]
        unit = (item.course, item.unit)
        if unit in seen_units:
            continue
        seen_units.add(unit)
        evidence.append(Evidence(item.course, item.unit, item.text, round(float(scores[j]), 4)))
        if len(evidence) == top_k:
            break
    return evidence


def match_points(
    points: Sequence[SkillPoint],
    items: Sequence[ContentItem],
    encoder: Encoder,
    thresholds: Thresholds,
    top_k: int = 3,
    context: bool = False,
) -> list[PointResult]:
    """Match each point against all content items; one result per point, in the points' order."""
    if not points:
        return []
    if not items:
        return [PointResult(p, "gap", 0.0, []) for p in points]
    scores = score_matrix(points, items, encoder, context)
    results = []
    for point, row in zip(points, scores, strict=True):
        evidence = best_evidence(row, items, top_k)
        best = evidence[0].score
        results.append(PointResult(point, thresholds.status(best), best, evidence))
    return results
