"""Calibration: turn a point's match features into the probability that a committee would agree.

A multinomial logistic regression (scikit-learn) is fitted on the tuning half of the labelled
development set; its probabilities give the covered / partial / gap bands, and its precision,
measured by leaving one standard out at a time, is what reports quote as the estimated precision of
"covered" and "gap". It is stored as plain JSON beside the model it was fitted for, keyed by the
matching configuration, because scores from another model or method mean something else.

Each point's *agreement* (reported as its confidence, 置信度) is the calibrated probability of the
status it is given. Points below ``check_below`` are flagged for the committee to check first: a
committee that cannot check every point still gets statuses it may take as they stand for the rest
(see :data:`CHECK_TARGET`).
"""

from __future__ import annotations

import json
from collections.abc import Hashable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from align.documents import CREDIT, Status
from align.errors import ModelError
from align.match.engine import FEATURES, Thresholds

CALIBRATION_FILE = "align_calibration.json"
#: The share of unflagged points whose status should be right, in the leave-one-standard-out
#: predictions on the tuning half: the lowest agreement cut that reaches it is ``check_below``. A
#: committee reads 0.9 as "right nine times in ten", the level align aims at for gap F1.
CHECK_TARGET = 0.9


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
    #: Bands on the expected credit P(covered) + ½·P(partial): at or above ``band_covered`` a point is
    #: covered, below ``band_gap`` a gap, between them partial. A classifier's arg-max almost never
    #: says "partial", because partial points look like both neighbours; the bands make room for it.
    band_covered: float = 0.5
    band_gap: float = 0.5
    precision: dict[str, float] = field(default_factory=dict)  # leave-one-standard-out estimates
    trained_on: list[str] = field(default_factory=list)
    features: list[str] = field(default_factory=lambda: list(FEATURES))
    #: Fingerprint of the encoder whose scores it was fitted on: after a rebuild of the model the
    #: same scores mean something else. Empty in files written before it was recorded.
    model: str = ""
    #: Points whose agreement is below this are flagged for checking (0: none is; files written
    #: before it was fitted).
    check_below: float = 0.0
    #: Leave-one-standard-out estimates for the points *not* flagged: their share of all points and
    #: the share of them whose status is right ("share", "accuracy"; None when no cut reached
    #: CHECK_TARGET and every point is flagged). Empty: no cut was fitted, and no point is flagged.
    unflagged: dict[str, float | None] = field(default_factory=dict)
    #: Leave-one-standard-out estimate of how far a level's coverage figure is from the committee's, in
    #: percentage points (:func:`coverage_error`). None in files written before it was recorded.
    coverage_error: float | None = None

    def __post_init__(self) -> None:
        # A hand-edited file: refused when read, not when the first report compares against it.
        if not _number_in(self.check_below, 1.0):
            raise ValueError(f"check_below must be a number from 0 to 1, not {self.check_below!r}")
        if self.unflagged and not (
            _number_in(self.unflagged.get("share"), 1.0)
            and (self.unflagged.get("accuracy") is None or _number_in(self.unflagged.get("accuracy"), 1.0))
        ):
            raise ValueError(
                f"unflagged must give a share and an accuracy from 0 to 1, not {self.unflagged!r}"
            )
        if self.coverage_error is not None and not _number_in(self.coverage_error, 100.0):
            raise ValueError(
                f"coverage_error must be percentage points from 0 to 100, not {self.coverage_error!r}"
            )

    @property
    def thresholds(self) -> Thresholds:
        return Thresholds(self.covered, self.partial)

    def probabilities(self, feats: np.ndarray) -> np.ndarray:
        z = (feats - np.asarray(self.mean)) / np.asarray(self.scale)
        logits = z @ np.asarray(self.coef).T + np.asarray(self.intercept)
        logits -= logits.max(axis=1, keepdims=True)
        p = np.exp(logits)
        return p / p.sum(axis=1, keepdims=True)

    def credit(self, probs: np.ndarray) -> np.ndarray:
        return probs[:, self.classes.index("covered")] + 0.5 * probs[:, self.classes.index("partial")]

    def decide(self, feats: np.ndarray) -> tuple[list[Status], np.ndarray]:
        probs = self.probabilities(feats)
        return _bands(self.credit(probs), self.band_covered, self.band_gap), probs

    def agreement(self, statuses: Sequence[str], probs: np.ndarray) -> np.ndarray:
        """The probability of each point's status: how likely a committee is to agree with it."""
        columns = [self.classes.index(s) for s in statuses]
        return probs[np.arange(len(columns)), columns]

    def flags(self, agreement: np.ndarray) -> np.ndarray:
        """Which points to check first: those below the cut, when a cut was fitted with its estimates
        (a file without them flags nothing, since a report could not say what the flag means)."""
        if not self.unflagged:
            return np.zeros(len(agreement), dtype=bool)
        return np.asarray(agreement) < self.check_below

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def _number_in(value: object, high: float) -> bool:
    """A number (not a bool, which Python counts as one) from 0 to ``high``."""
    return isinstance(value, int | float) and not isinstance(value, bool) and 0.0 <= value <= high


def _bands(credit: np.ndarray, band_covered: float, band_gap: float) -> list[Status]:
    return ["covered" if c >= band_covered else "gap" if c < band_gap else "partial" for c in credit]  # type: ignore[return-value]


def coverage_error(pred: Sequence[str], y: Sequence[str], sheets: Sequence[Hashable]) -> float:
    """Mean, over the sheets a report shows (a standard's level), of |predicted − labelled coverage|.

    Per-point errors in both directions cancel in a coverage figure; this is the bias that remains.
    ``align evaluate`` reports it (in percentage points) as the coverage error.
    """
    diffs: dict[Hashable, list[float]] = {}
    for p, t, sheet in zip(pred, y, sheets, strict=True):
        diffs.setdefault(sheet, []).append(CREDIT[p] - CREDIT[t])
    return float(np.mean([abs(np.mean(d)) for d in diffs.values()])) if diffs else 0.0


def _band_errors(credit: np.ndarray, y: Sequence[str], sheets: Sequence[Hashable]) -> np.ndarray:
    """What the bands are chosen to minimise, for each row of ``credit`` (the credits one choice of
    bands gives the points): the mean |credit(predicted) − credit(labelled)| per point (calling a gap
    covered costs twice calling it partial) plus the mean coverage error of a sheet. Each point's
    status and each sheet's coverage figure should both be right; on the tuning half (each standard
    predicted by a fit on the others) the sheet term lowered the coverage error and raised gap F1
    over the per-point term alone, for the baseline, the dense and the hybrid method alike."""
    diff = np.atleast_2d(credit) - np.array([CREDIT[t] for t in y])
    names, sheet_of = np.unique(np.asarray(sheets, dtype=object).astype(str), return_inverse=True)
    members = np.eye(len(names))[sheet_of]  # point × sheet
    per_sheet = diff @ members / members.sum(axis=0)
    return np.abs(diff).mean(axis=1) + np.abs(per_sheet).mean(axis=1)


def _band_error(pred: Sequence[str], y: Sequence[str], sheets: Sequence[Hashable]) -> float:
    """:func:`_band_errors` of the statuses ``pred``."""
    return float(_band_errors(np.array([CREDIT[p] for p in pred]), y, sheets)[0])


def _fit_once(feats: np.ndarray, y: np.ndarray, c: float, sheets: np.ndarray) -> Calibrator:
    from sklearn.linear_model import LogisticRegression
    from sklearn.preprocessing import StandardScaler

    scaler = StandardScaler().fit(feats)
    model = LogisticRegression(C=c, max_iter=2000).fit(scaler.transform(feats), y)
    cal = Calibrator(
        method_key="",
        classes=[str(k) for k in model.classes_],
        coef=model.coef_.tolist(),
        intercept=model.intercept_.tolist(),
        mean=scaler.mean_.tolist(),
        scale=scaler.scale_.tolist(),
        covered=0.0,
        partial=0.0,
    )
    # The bands whose statuses and coverage figures are closest to the labelled ones.
    credit = cal.credit(cal.probabilities(feats))
    grid = np.unique(np.round(np.quantile(credit, np.linspace(0.05, 0.95, 37)), 3))
    cal.band_gap, cal.band_covered = _best_bands(credit, y, sheets, grid)
    return cal


def _best_bands(
    credit: np.ndarray, y: np.ndarray, sheets: np.ndarray, grid: np.ndarray
) -> tuple[float, float]:
    """The (gap, covered) band edges from ``grid`` with the least :func:`_band_error`, every pair
    scored at once (the first of equal pairs in (low, high) order, as a loop would pick)."""
    low_i, high_i = np.triu_indices(len(grid))
    lows, highs = grid[low_i][:, None], grid[high_i][:, None]
    predicted = np.where(
        credit >= highs, CREDIT["covered"], np.where(credit < lows, CREDIT["gap"], CREDIT["partial"])
    )  # one row per pair of bands
    best = int(np.argmin(_band_errors(predicted, y, sheets)))
    return float(grid[low_i[best]]), float(grid[high_i[best]])


def fit_calibrator(
    feats: np.ndarray,
    labels: list[str],
    groups: list[str],
    method_key: str,
    c: float = 1.0,
    sheets: list[str] | None = None,
) -> Calibrator:
    """Fit on labelled points; ``groups`` (the standard of each point) drive the precision estimate,
    ``sheets`` (the standard and level of each point, whose coverage a report shows; the standard
    when not given) the coverage term of the bands."""
    y = np.asarray(labels)
    sheet_of = np.asarray(sheets if sheets is not None else groups)
    cal = _fit_once(feats, y, c, sheet_of)
    thresholds = fit_thresholds(feats, labels)
    cal.method_key = method_key
    cal.covered, cal.partial = thresholds.covered, thresholds.partial
    cal.trained_on = sorted(set(groups))
    if len(cal.trained_on) < 2:
        return cal
    pred, agreement = _held_out(feats, y, np.asarray(groups), c, sheet_of)
    cal.precision = _precision(pred, y)
    cal.coverage_error = round(coverage_error(pred, y, sheet_of) * 100, 1)
    cal.check_below = check_cut(agreement, pred == y)
    kept = agreement >= cal.check_below
    accuracy = round(float((pred == y)[kept].mean()), 3) if kept.any() else None
    cal.unflagged = {"share": round(float(kept.mean()), 3), "accuracy": accuracy}
    return cal


def _held_out(
    feats: np.ndarray, y: np.ndarray, groups: np.ndarray, c: float, sheets: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Statuses and agreements when each standard is predicted by a model fitted on the others."""
    pred, agreement = np.empty_like(y), np.zeros(len(y))
    for g in sorted(set(groups)):
        train, test = groups != g, groups == g
        cal = _fit_once(feats[train], y[train], c, sheets[train])
        statuses, probs = cal.decide(feats[test])
        pred[test], agreement[test] = statuses, cal.agreement(statuses, probs)
    return pred, agreement


def _precision(pred: np.ndarray, y: np.ndarray) -> dict[str, float]:
    out = {}
    for status in ("covered", "gap"):
        chosen = pred == status
        if chosen.any():
            out[status] = round(float((y[chosen] == status).mean()), 3)
    return out


def check_cut(agreement: np.ndarray, right: np.ndarray, target: float = CHECK_TARGET) -> float:
    """The lowest agreement at or above which at least ``target`` of the points are right (1.0,
    flagging every point, when no cut reaches it)."""
    order = np.argsort(-agreement, kind="stable")
    ranked = agreement[order]
    accuracy = np.cumsum(right[order]) / np.arange(1, len(order) + 1)  # of the k most agreed-on
    # A cut keeps every point tied with the last one it keeps: only ends of ties are cuts.
    ends = np.append(ranked[1:] < ranked[:-1], True)
    ok = np.flatnonzero(ends & (accuracy >= target))
    return float(ranked[ok[-1]]) if len(ok) else 1.0


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
