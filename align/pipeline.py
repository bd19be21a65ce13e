"""The main job as one function: documents in, a coverage report out.

``align run``, ``align demo``, the web page and the batch job all call :func:`align_documents`, so
they cannot drift apart.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from pathlib import Path

from align.coverage import level_coverage, points_by_level, select_levels
from align.documents import ContentItem, CoverageReport, Standard, StandardCoverage, Syllabus
from align.encode.base import Encoder
from align.match import decider_for, match_config, match_points, resolve_encoder
from align.match.calibration import CHECK_TARGET, Calibrator
from align.match.lexical import LexicalScorer, synonym_map
from align.match.models import method_key
from align.settings import Settings
from align.text import load_lexicon


def content_items(syllabi: Sequence[Syllabus]) -> list[ContentItem]:
    """Every content item of every unit, each knowing its course and unit."""
    return [
        ContentItem(s.course, u.title, text, u.hours, s.source)
        for s in syllabi
        for u in s.units
        for text in u.items
    ]


def make_encoder_for(settings: Settings) -> Encoder | None:
    """The encoder the settings ask for, with the on-disk cache attached (None for lexical only)."""
    if settings.match.method == "lexical":
        return None
    encoder = resolve_encoder(settings.match.model)
    if settings.cache_dir is not None and encoder.cacheable:
        from align.encode.cache import EmbeddingCache

        encoder.cache = EmbeddingCache(Path(settings.cache_dir))
    return encoder


def make_lexical(settings: Settings) -> LexicalScorer:
    synonyms: dict[str, str] = {}
    for path in settings.lexicons:
        synonyms.update(synonym_map(load_lexicon(path)))
    return LexicalScorer(synonyms)


def align_documents(
    standards: Sequence[Standard],
    syllabi: Sequence[Syllabus],
    settings: Settings,
    level: str | None = None,
    encoder: Encoder | None = None,
    cite: Collection[str] | None = None,
) -> CoverageReport:
    """Match every selected skill point of every standard against the syllabi's content.

    ``cite``: the sources of the standards whose points get evidence (default: all). Statuses and
    scores do not depend on it.
    """
    match = settings.match
    config = match_config(match)
    if encoder is None:
        encoder = make_encoder_for(settings)
    decider = decider_for(match, encoder.model_id if encoder is not None else "lexical")
    selected = []
    for standard in standards:
        levels = select_levels(standard, level)
        selected.append((standard, points_by_level(standard, levels, match.cumulative)))
    # A reported standard is matched whole and on its own: the lexical weights (IDF) are fitted on
    # the texts matched together, so its statuses must not depend on the levels chosen or on the
    # other standards of the run (a batch's reports give the figures `align run` gives). Standards
    # matched only to rank them (a batch's library, ``cite``) share one pass: ranking them one by
    # one would cost a batch several times its matching time, for figures no report shows.
    items = content_items(syllabi)
    lexical = make_lexical(settings)

    def matched(points: list, cited: set) -> list:
        return match_points(points, items, encoder, decider, config, lexical, [p in cited for p in points])

    reported, ranked_only = [], []
    for standard, points in selected:
        chosen = [p for pts in points.values() for p in pts]
        if cite is None or standard.source in cite:
            reported.append((standard, set(chosen)))
        else:
            ranked_only.extend(chosen)
    by_point = {r.point: r for r in matched(list(dict.fromkeys(ranked_only)), set())}
    for standard, chosen in reported:  # after the shared pass: a point both hold is the report's
        whole = list(dict.fromkeys(p for lv in standard.levels for p in lv.points))
        by_point.update((r.point, r) for r in matched(whole, chosen) if r.point in chosen)
    name = getattr(encoder, "model_name", encoder.name) if encoder is not None else "lexical"
    if match.model == "default":
        name = "align default (models/default)"  # not the install path, which means nothing to a reader
    return CoverageReport(
        standards=[StandardCoverage(s, level_coverage(s, points, by_point)) for s, points in selected],
        syllabi=list(syllabi),
        model_name=name,
        model_version=encoder.fingerprint if encoder is not None else "tfidf-words",
        method=method_key(config) + (" calibrated" if isinstance(decider, Calibrator) else ""),
        precision=decider.precision if isinstance(decider, Calibrator) else {},
        check=check_rule(decider),
        coverage_error=decider.coverage_error if isinstance(decider, Calibrator) else None,
    )


def check_rule(decider) -> dict[str, float | None]:
    """What a report says about its flagged points: the cut, the estimates for the others and the
    accuracy the cut aimed at (empty when the decider flags nothing: see ``Calibrator.flags``)."""
    if not isinstance(decider, Calibrator) or not decider.unflagged:
        return {}
    return {"below": round(decider.check_below, 4), **decider.unflagged, "target": CHECK_TARGET}
