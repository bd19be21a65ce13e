"""Calibration: turn a point's match features into the probability that a committee would agree.

A multinomial logistic regression (scikit-learn) is fitted on the tuning half of the labelled
development set; its probabilities give the covered / partial / gap bands, and its precision,
measured by leaving one standard out at a time, is what reports quote as the estimated precision of
"covered" and "gap". It is stored as plain JSON beside the model it was fitted for, keyed by the
matching configuration, because scores from another model or method mean something else.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from align.documents import Status
from align.errors import ModelError
from align.match.engine import FEATURES, Thresholds

CALIBRATION_FILE = "align_calibration.json"


@dataclass
class Calibrator:
    method_key: str
    classes: list[str]
    coef: list[list[float]]
    intercept: list[float]
    mean: list[float]
    scale: list[float]
    covered: float  # plain score thresholds fitted on the same data: used to name missing clauses
    partial: float
    precision: dict[str, float] = field(default_factory=dict)  # leave-one-standard-out estimates
    trained_on: list[str] = field(default_factory=list)
    features: list[str] = field(default_factory=lambda: list(FEATURES))

    @property
    def thresholds(self) -> Thresholds:
        return Thresholds(self.covered, self.partial)

    def probabilities(self, feats: np.ndarray) -> np.ndarray:
        z = (feats - np.asarray(self.mean)) / np.asarray(self.scale)
        logits = z @ np.asarray(self.coef).T + np.asarray(self.intercept)
        logits -= logits.max(axis=1, keepdims=True)
        p = np.exp(logits)
        return p / p.sum(axis=1, keepdims=True)

    def decide(self, feats: np.ndarray) -> tuple[list[Status], np.ndarray]:
        probs = self.probabilities(feats)
        return [self.classes[i] for i in probs.argmax(axis=1)], probs  # type: ignore[misc]

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def fit_calibrator(
    feats: np.ndarray, labels: list[str], groups: list[str], method_key: str, c: float = 1.0
) -> Calibrator:
    """Fit on labelled points; ``groups`` (the standard of each point) drive the precision estimate."""
    from sklearn.linear_model import LogisticRegression
    from sklearn.preprocessing import StandardScaler

    y = np.asarray(labels)
    scaler = StandardScaler().fit(feats)
    model = LogisticRegression(C=c, max_iter=2000).fit(scaler.transform(feats), y)
    precision = _held_out_precision(feats, y, np.asarray(groups), c)
    thresholds = fit_thresholds(feats, labels)
    return Calibrator(
        method_key=method_key,
        classes=[str(k) for k in model.classes_],
        coef=model.coef_.tolist(),
        intercept=model.intercept_.tolist(),
        mean=scaler.mean_.tolist(),
        scale=scaler.scale_.tolist(),
        covered=thresholds.covered,
        partial=thresholds.partial,
        precision=precision,
        trained_on=sorted(set(groups)),
    )


def _held_out_precision(feats: np.ndarray, y: np.ndarray, groups: np.ndarray, c: float) -> dict[str, float]:
    """Precision of covered and gap when each standard is predicted by a model fitted on the others."""
    from sklearn.linear_model import LogisticRegression
    from sklearn.preprocessing import StandardScaler

    pred = np.empty_like(y)
    if len(set(groups)) < 2:
        return {}
    for g in sorted(set(groups)):
        train, test = groups != g, groups == g
        scaler = StandardScaler().fit(feats[train])
        model = LogisticRegression(C=c, max_iter=2000)
        model.fit(scaler.transform(feats[train]), y[train])
        pred[test] = model.predict(scaler.transform(feats[test]))
    out = {}
    for status in ("covered", "gap"):
        chosen = pred == status
        if chosen.any():
            out[status] = round(float((y[chosen] == status).mean()), 3)
    return out


def fit_thresholds(feats: np.ndarray, labels: list[str]) -> Thresholds:
    """The covered/partial thresholds of the plain rule that agree best with the labels."""
    whole = feats[:, FEATURES.index("whole")]
    grid = np.unique(np.round(np.quantile(whole, np.linspace(0.02, 0.98, 49)), 3))
    y = np.asarray(labels)
    best, best_acc = Thresholds(float(grid[-1]), float(grid[0])), -1.0
    for i, partial in enumerate(grid):
        for covered in grid[i:]:
            t = Thresholds(float(covered), float(partial))
            pred, _ = t.decide(feats)
            acc = float(np.mean([(pred_i == y_i) for pred_i, y_i in zip(pred, y, strict=True)]))
            if acc > best_acc:
                best, best_acc = t, acc
    return best


def load_calibrator(path: Path, method_key: str) -> Calibrator | None:
    """The calibrator stored for ``method_key`` in a calibration file, if there is one."""
    if not path.is_file():
        return None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        entry = data.get(method_key)
        return Calibrator(**entry) if entry else None
    except (ValueError, TypeError, AttributeError) as exc:
        raise ModelError(
            f"{path}: unreadable calibration ({exc}); rebuild it with 'align calibrate'"
        ) from None


def save_calibrator(path: Path, calibrator: Calibrator) -> None:
    from align.files import write_text_atomic

    data = json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}
    data[calibrator.method_key] = calibrator.to_dict()
    write_text_atomic(path, json.dumps(data, ensure_ascii=False, indent=2) + "\n")
