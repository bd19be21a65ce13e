"""Turn the ``model`` setting into an encoder, and find the decision rule that belongs to it."""

from __future__ import annotations

from pathlib import Path

from align.encode.base import Encoder, make_encoder
from align.errors import ModelError
from align.match.calibration import CALIBRATION_FILE, Calibrator, load_calibrator
from align.match.engine import MatchConfig, Thresholds
from align.settings import DEFAULT_MODEL_DIR, NAMED_METHODS, PROJECT_ROOT, MatchSettings

# Used only when no calibration exists for a configuration (e.g. a user's own model).
FALLBACK_THRESHOLDS = {
    "tfidf": Thresholds(covered=0.30, partial=0.20),
    "lexical": Thresholds(covered=0.30, partial=0.15),
    "sentence-transformers": Thresholds(covered=0.60, partial=0.45),
}
TFIDF_DIR = PROJECT_ROOT / "models" / "tfidf"  # holds only the baseline's calibration


def resolve_encoder(model: str) -> Encoder:
    """``tfidf`` → the baseline; ``default`` → the shipped model; anything else → a local ST model."""
    if model == "tfidf":
        return make_encoder("tfidf")
    if model == "default":
        if not (DEFAULT_MODEL_DIR / "modules.json").exists():
            raise ModelError(
                f"the shipped model is missing at {DEFAULT_MODEL_DIR}; rebuild it with "
                "'align build-model --data DIR --out models/default' or use '--model tfidf'"
            )
        return make_encoder("sentence-transformers", str(DEFAULT_MODEL_DIR))
    return make_encoder("sentence-transformers", model)


def model_dir(model: str) -> Path:
    if model == "tfidf":
        return TFIDF_DIR
    return DEFAULT_MODEL_DIR if model == "default" else Path(model)


def match_config(settings: MatchSettings) -> MatchConfig:
    return MatchConfig(
        method=settings.method,
        clauses=settings.clauses,
        context=settings.context,
        lexical_weight=settings.lexical_weight,
        top_k=settings.top_k,
    )


def method_key(config: MatchConfig) -> str:
    """Identifies a configuration whose scores one calibration is valid for."""
    weight = f",w={config.lexical_weight:g}" if config.method == "hybrid" else ""
    return f"{config.method}{weight},clauses={int(config.clauses)},context={int(config.context)}"


def decider_for(settings: MatchSettings, fingerprint: str | None = None) -> Calibrator | Thresholds:
    """Explicit thresholds win; then the calibration stored with the model; then fallbacks.

    Args:
        fingerprint: the encoder's ``model_id`` (``"lexical"`` without one); when given, a
            calibration fitted for another version of the model is refused rather than used on
            scores it does not know.

    Raises:
        ModelError: the model was rebuilt (or replaced) after its calibration was fitted.
    """
    config = match_config(settings)
    explicit = settings.covered is not None or settings.partial is not None
    calibrator = None
    if settings.calibrated and not explicit:
        path = model_dir(settings.model) / CALIBRATION_FILE
        calibrator = load_calibrator(path, method_key(config))
        if calibrator is not None:
            if fingerprint is not None and calibrator.model and calibrator.model != fingerprint:
                raise ModelError(
                    f"{path}: the '{calibrator.method_key}' calibration was fitted for model "
                    f"{calibrator.model}, but the model is now {fingerprint} — refit it with "
                    f"'align calibrate --method {_method_name(settings)} --model {settings.model}', or "
                    "set calibrated = false under [match] to decide with plain thresholds"
                )
            return calibrator
    kind = (
        "lexical"
        if settings.method == "lexical"
        else ("tfidf" if settings.model == "tfidf" else "sentence-transformers")
    )
    base = FALLBACK_THRESHOLDS[kind]
    return Thresholds(
        covered=settings.covered if settings.covered is not None else base.covered,
        partial=settings.partial if settings.partial is not None else base.partial,
    )


def _method_name(settings: MatchSettings) -> str:
    """The ``align calibrate --method`` name of a configuration, for messages."""
    mine = {"model": settings.model, "method": settings.method, "clauses": settings.clauses,
            "context": settings.context}  # fmt: skip
    return next((n for n, values in NAMED_METHODS.items() if values.items() <= mine.items()), "hybrid")
