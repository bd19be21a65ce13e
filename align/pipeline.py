"""The main job as one function: documents in, a coverage report out.

``align run``, ``align demo``, the web page and the batch job all call :func:`align_documents`, so
they cannot drift apart.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from align.coverage import level_coverage, points_by_level, select_levels
from align.documents import ContentItem, CoverageReport, StandardCoverage, Standard, Syllabus
from align.encode.base import Encoder
from align.match import match_points, resolve_encoder, thresholds_for
from align.settings import Settings


def content_items(syllabi: Sequence[Syllabus]) -> list[ContentItem]:
    """Every content item of every unit, each knowing its course and unit."""
    return [
        ContentItem(s.course, u.title, text, u.hours, s.source)
        for s in syllabi
        for u in s.units
        for text in u.items
    ]


def align_documents(
    standards: Sequence[Standard],
    syllabi: Sequence[Syllabus],
    settings: Settings,
    level: str | None = None,
    encoder: Encoder | None = None,
) -> CoverageReport:
    """Match every selected skill point of every standard against the syllabi's content."""
    match = settings.match
    if encoder is None:
        encoder = resolve_encoder(match.model)
        if settings.cache_dir is not None and encoder.cacheable:
            from align.encode.cache import EmbeddingCache

            encoder.cache = EmbeddingCache(Path(settings.cache_dir))
    thresholds = thresholds_for(encoder, match.model, match)
    items = content_items(syllabi)
    selected = []
    for standard in standards:
        levels = select_levels(standard, level)
        selected.append((standard, points_by_level(standard, levels, match.cumulative)))
    # One matching pass over all reported points keeps encoding to a single batch (texts repeated
    # across levels or standards are encoded once by the encoder).
    distinct = list(dict.fromkeys(p for _, points in selected for pts in points.values() for p in pts))
    results = match_points(distinct, items, encoder, thresholds, match.top_k, match.context)
    by_point = {r.point: r for r in results}
    coverages = [
        StandardCoverage(standard, level_coverage(points, by_point)) for standard, points in selected
    ]
    return CoverageReport(
        standards=coverages,
        syllabi=list(syllabi),
        model_name=getattr(encoder, "model_name", encoder.name),
        model_version=encoder.fingerprint,
        method=match.model,
    )
