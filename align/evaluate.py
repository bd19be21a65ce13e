"""Measure matching against the labelled development set.

Metrics a committee cares about: how reliably gaps are found (gap precision/recall/F1), how reliably
covered points are right (covered F1), whether the cited evidence contains a unit that really teaches
the point (recall@1/@3), and how far the coverage figure is from the labelled one (percentage points).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from align.documents import STATUSES
from align.errors import ConfigError
from align.labels import KINDS, LabelledPair, label_problems, load_split
from align.match.calibration import coverage_error
from align.match.engine import point_features
from align.settings import Settings


@dataclass
class Prediction:
    standard: str
    level: str
    id: str
    truth: str
    kind: str
    predicted: str
    evidence_units: list[tuple[str, str]]
    supporting: tuple[tuple[str, str], ...]
    #: Flagged for the committee to check first (below the calibration's confidence cut).
    to_check: bool = False


@dataclass
class PairFeatures:
    """Features of every labelled point of one pair, kept so calibration and evaluation share them."""

    pair: LabelledPair
    keys: list[tuple[str, str]]
    feats: np.ndarray
    evidence: list = field(default_factory=list)
    clause_sets: list = field(default_factory=list)
    clause_best: list = field(default_factory=list)
    #: Each draw of courses is its own report: its coverage figures are compared on their own.
    draw: int | None = None


@dataclass(frozen=True)
class CourseSample:
    """Keep ``courses`` of each major's courses, drawn at random (``draw`` seeds it): how statuses hold
    up when a program head uploads only some syllabi. Removing courses cannot teach anything, so a
    gap stays a gap; a taught point stays labelled only when every course of its supporting units
    is kept (other points leave the measurement)."""

    courses: int
    draw: int = 0

    def keep(self, slug: str, courses: set[str]) -> set[str]:
        import random

        names = sorted(courses)
        rng = random.Random(f"{self.draw}:{slug}")  # the same draw for every method measured
        return set(rng.sample(names, min(self.courses, len(names))))


def pair_features(
    pair: LabelledPair, settings: Settings, encoder, sample: CourseSample | None = None
) -> PairFeatures:
    from align.match import match_config
    from align.parse import load_documents, parse_file
    from align.pipeline import content_items, make_lexical

    standard = parse_file(pair.standard_path, kind="standard", limits=settings.parse)
    syllabi = load_documents([pair.syllabi_dir], kind="syllabus", limits=settings.parse)
    problems = label_problems(pair, standard, syllabi)
    if problems:
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        raise ConfigError(f"{pair.labels_path}: {problems[0]}{more} — correct the labels before measuring")
    kept = None
    if sample is not None:
        kept = sample.keep(pair.standard_slug, {s.course for s in syllabi})
        syllabi = [s for s in syllabi if s.course in kept]
    points, keys = [], []
    for level in standard.levels:
        for p in level.points:
            label = pair.labels.get((level.name, p.id))
            if label is None:
                continue
            if kept is not None and label.status != "gap" and not {c for c, _ in label.units} <= kept:
                continue
            points.append(p)
            keys.append((level.name, p.id))
    feats, evidence, clause_sets, clause_best = point_features(
        points, content_items(syllabi), encoder, match_config(settings.match), make_lexical(settings)
    )
    draw = sample.draw if sample is not None else None
    return PairFeatures(pair, keys, feats, evidence, clause_sets, clause_best, draw)


def predictions(pf: PairFeatures, decider) -> list[Prediction]:
    statuses, probs = decider.decide(pf.feats)
    flags = [False] * len(statuses)
    if probs is not None:
        flags = list(decider.flags(decider.agreement(statuses, probs)))
    out = []
    for key, status, evidence, flag in zip(pf.keys, statuses, pf.evidence, flags, strict=True):
        label = pf.pair.labels[key]
        out.append(
            Prediction(
                pf.pair.standard_slug if pf.draw is None else f"{pf.pair.standard_slug}#{pf.draw}",
                key[0],
                key[1],
                label.status,
                label.kind,
                status,
                [(e.course, e.unit) for e in evidence],
                label.units,
                bool(flag),
            )
        )
    return out


def _prf(preds: list[Prediction], status: str, undefined: float | None = 0.0) -> tuple:
    """Precision, recall and F1 of ``status``; ``undefined`` where a figure has no case to count
    (precision when nothing was predicted ``status``, recall when nothing was labelled so)."""
    tp = sum(p.predicted == status and p.truth == status for p in preds)
    fp = sum(p.predicted == status and p.truth != status for p in preds)
    fn = sum(p.predicted != status and p.truth == status for p in preds)
    precision = tp / (tp + fp) if tp + fp else undefined
    recall = tp / (tp + fn) if tp + fn else undefined
    if precision is None or recall is None:
        return precision, recall, None
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def _recall_at(preds: list[Prediction], k: int, undefined: float | None) -> float | None:
    with_units = [p for p in preds if p.supporting and p.truth != "gap"]
    if not with_units:
        return undefined
    return float(np.mean([bool(set(p.evidence_units[:k]) & set(p.supporting)) for p in with_units]))


def metrics(preds: list[Prediction], undefined: float | None = 0.0) -> dict[str, float | None]:
    """The headline metrics over a set of predictions (``undefined`` for a figure with no case:
    a kind of point with no labelled gap has no gap recall)."""
    gp, gr, gf = _prf(preds, "gap", undefined)
    _, _, cf = _prf(preds, "covered", undefined)
    sheets = [(p.standard, p.level) for p in preds]
    cov_err = coverage_error([p.predicted for p in preds], [p.truth for p in preds], sheets) * 100
    return {
        "n": len(preds),
        "gap_p": gp,
        "gap_r": gr,
        "gap_f1": gf,
        "covered_f1": cf,
        "r@1": _recall_at(preds, 1, undefined),
        "r@3": _recall_at(preds, 3, undefined),
        "cov_err": cov_err if preds else undefined,
        "accuracy": float(np.mean([p.predicted == p.truth for p in preds])) if preds else undefined,
    }


def confusion(preds: list[Prediction]) -> dict[str, dict[str, int]]:
    table = {t: dict.fromkeys(STATUSES, 0) for t in STATUSES}
    for p in preds:
        table[p.truth][p.predicted] += 1
    return table


def per_kind(preds: list[Prediction]) -> dict[str, dict]:
    """Every headline metric and the confusion matrix for each kind of point (lexical, paraphrase …);
    a figure the kind cannot have (gap recall of paraphrases) is None."""
    out = {}
    for kind in KINDS:
        sub = [p for p in preds if p.kind == kind]
        if sub:
            out[kind] = {**metrics(sub, undefined=None), "confusion": confusion(sub)}
    return out


def load_pairs(corpora: Path, split: str) -> list[LabelledPair]:
    return load_split(corpora, split)
