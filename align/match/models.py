"""Turn the ``model`` setting into an encoder, and find the thresholds that belong to it."""

from __future__ import annotations

import json
from pathlib import Path

from align.encode.base import Encoder, make_encoder
from align.errors import ModelError
from align.match.engine import Thresholds
from align.settings import DEFAULT_MODEL_DIR, MatchSettings

# Used only when a model ships no calibration of its own; chosen on the tuning half of corpora/labels.
FALLBACK_THRESHOLDS = {
    "tfidf": Thresholds(covered=0.30, partial=0.20),
    "sentence-transformers": Thresholds(covered=0.60, partial=0.45),
}
CALIBRATION_FILE = "align_calibration.json"


def resolve_encoder(model: str) -> Encoder:
    """``tfidf`` → the baseline; ``default`` → the shipped model; anything else → a local ST model."""
    if model == "tfidf":
        return make_encoder("tfidf")
    if model == "default":
        if not (DEFAULT_MODEL_DIR / "config_sentence_transformers.json").exists() and not (
            DEFAULT_MODEL_DIR / "modules.json"
        ).exists():
            raise ModelError(
                f"the shipped model is missing at {DEFAULT_MODEL_DIR}; rebuild it with "
                "'align build-model --data DIR --out models/default' or use '--model tfidf'"
            )
        return make_encoder("sentence-transformers", str(DEFAULT_MODEL_DIR))
    return make_encoder("sentence-transformers", model)


def thresholds_for(encoder: Encoder, model: str, settings: MatchSettings) -> Thresholds:
    """Settings win; then the calibration stored beside the model; then per-kind fallbacks."""
    base = FALLBACK_THRESHOLDS["tfidf" if model == "tfidf" else "sentence-transformers"]
    model_dir = DEFAULT_MODEL_DIR if model == "default" else Path(model)
    calibration = model_dir / CALIBRATION_FILE
    if model != "tfidf" and calibration.is_file():
        try:
            data = json.loads(calibration.read_text(encoding="utf-8"))
            base = Thresholds(covered=float(data["covered"]), partial=float(data["partial"]))
        except (ValueError, KeyError, TypeError) as exc:
            raise ModelError(f"{calibration}: unreadable calibration ({exc}); delete or rebuild it") from None
    return Thresholds(
        covered=settings.covered if settings.covered is not None else base.covered,
        partial=settings.partial if settings.partial is not None else base.partial,
    )
