"""``align calibrate``: fit a method's calibration on the tuning half and store it with the model."""

from __future__ import annotations

import argparse
from pathlib import Path

from align.settings import CORPORA_DIR

EXAMPLE = """examples:
  align calibrate --method hybrid                       # writes models/default/align_calibration.json
  align calibrate --method baseline                     # writes models/tfidf/align_calibration.json
  align calibrate --method hybrid --model ~/models/bge-small-zh-v1.5
"""


def register(sub: argparse._SubParsersAction) -> None:
    from align.settings import NAMED_METHODS

    p = sub.add_parser(
        "calibrate",
        help="fit the covered/partial/gap calibration of a method on the tuning half",
        description="Fit a logistic regression from match features to the committee's labels on the "
        "tuning half of corpora/labels and store it beside the model (align_calibration.json).",
        epilog=EXAMPLE,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("--method", default="hybrid", choices=list(NAMED_METHODS))
    p.add_argument("--model", default="default")
    p.add_argument("--corpora", type=Path, default=CORPORA_DIR)
    p.set_defaults(handler=handle)


def _features(settings, corpora: Path, split: str, encoder, sample=None):
    from align.evaluate import load_pairs, pair_features

    return [pair_features(pair, settings, encoder, sample) for pair in load_pairs(corpora, split)]


def fit_on_tuning(settings, corpora: Path, tuning=None, encoder=None):
    import numpy as np

    from align.match import match_config
    from align.match.calibration import fit_calibrator
    from align.match.models import method_key
    from align.pipeline import make_encoder_for

    if tuning is None:
        tuning = _features(settings, corpora, "tuning", encoder or make_encoder_for(settings))
    feats = np.vstack([pf.feats for pf in tuning])
    labels = [pf.pair.labels[k].status for pf in tuning for k in pf.keys]
    groups = [pf.pair.standard_slug for pf in tuning for _ in pf.keys]
    sheets = [f"{pf.pair.standard_slug} {level}" for pf in tuning for level, _ in pf.keys]
    return fit_calibrator(feats, labels, groups, method_key(match_config(settings.match)), sheets=sheets)


def calibrated_predictions(settings, corpora: Path, split: str, samples=(None,), in_sample=False):
    """Predictions on ``split`` by a calibration that never saw the predicted standard.

    The calibration is always fitted on all the tuning half's courses; each of ``samples`` (a
    :class:`align.evaluate.CourseSample`, or None for every course) gives one set of predictions.
    ``in_sample`` fits it on the very points it predicts instead: the most any calibration of these
    scores could reach on ``split``, which tells a weak calibration from scores that lack the signal.
    """
    from align.evaluate import predictions
    from align.pipeline import make_encoder_for

    encoder = make_encoder_for(settings)  # one for every pass: its vectors are kept in memory
    if in_sample:
        target = _features(settings, corpora, split, encoder)
        calibrator = fit_on_tuning(settings, corpora, target)
        return [p for pf in target for p in predictions(pf, calibrator)]
    tuning = _features(settings, corpora, "tuning", encoder)
    # Every course of the tuning half is what the calibration was fitted on: no need to read it again.
    targets = [
        tuning
        if sample is None and split == "tuning"
        else _features(settings, corpora, split, encoder, sample)
        for sample in samples
    ]
    if split != "tuning":
        calibrator = fit_on_tuning(settings, corpora, tuning)
        return [p for target in targets for pf in target for p in predictions(pf, calibrator)]
    out = []
    for held in sorted({pf.pair.standard_slug for pf in tuning}):
        calibrator = fit_on_tuning(settings, corpora, [pf for pf in tuning if pf.pair.standard_slug != held])
        for target in targets:
            held_out = [pf for pf in target if pf.pair.standard_slug == held]
            out.extend(p for pf in held_out for p in predictions(pf, calibrator))
    return out


def handle(args: argparse.Namespace) -> int:
    from dataclasses import replace

    from align.commands.evaluate import method_settings
    from align.match.calibration import CALIBRATION_FILE, save_calibrator
    from align.match.models import model_dir
    from align.pipeline import check_rule, make_encoder_for
    from align.report.summary import unflagged_text

    settings = method_settings(args.method, args.model)
    encoder = make_encoder_for(settings)
    calibrator = replace(
        fit_on_tuning(settings, args.corpora, encoder=encoder),
        model=encoder.model_id if encoder is not None else "lexical",
    )
    path = model_dir(settings.match.model) / CALIBRATION_FILE
    path.parent.mkdir(parents=True, exist_ok=True)
    save_calibrator(path, calibrator)
    print(
        f"{path}: calibration for '{calibrator.method_key}' fitted on {', '.join(calibrator.trained_on)}; "
        f"estimated precision {calibrator.precision}"
        + (
            f", coverage error {calibrator.coverage_error:.1f} points"
            if calibrator.coverage_error is not None
            else ""
        )
    )
    rule = check_rule(calibrator)
    if rule:
        print(
            f"points with confidence below {rule['below']:.2f} are flagged to check "
            f"({1 - rule['share']:.0%} of the tuning points); {unflagged_text(rule)} "
            "(each standard predicted by a fit on the others)"
        )
    return 0
