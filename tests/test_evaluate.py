"""Evaluation metrics, calibration and the labelled-set tooling, on small hand-checked cases."""

from __future__ import annotations

import json

import numpy as np
import pytest

from align.evaluate import Prediction, confusion, metrics, per_kind
from align.match.calibration import Calibrator, fit_calibrator, load_calibrator, save_calibrator
from align.match.engine import FEATURES, Thresholds
from align.settings import NAMED_METHODS


def pred(
    truth, predicted, kind="lexical", units=(("课", "单元1"),), evidence=(("课", "单元1"),), level="初级"
):
    return Prediction("std", level, "1", truth, kind, predicted, list(evidence), tuple(units))


def test_gap_and_covered_scores_follow_their_definitions():
    preds = [
        pred("gap", "gap", "gap", units=()),
        pred("gap", "covered", "gap_distractor", units=()),
        pred("covered", "gap"),
        pred("covered", "covered"),
        pred("partial", "partial", "partial"),
    ]
    m = metrics(preds)
    assert m["gap_p"] == pytest.approx(0.5) and m["gap_r"] == pytest.approx(0.5)
    assert m["gap_f1"] == pytest.approx(0.5)
    assert m["covered_f1"] == pytest.approx(0.5)
    # Both labelled and predicted coverage are (2 + 0.5) / 5: the two errors cancel in the figure.
    assert m["cov_err"] == pytest.approx(0.0)
    # One gap called covered: labelled (2 + 0.5) / 5 = 0.5, predicted (3 + 0.5) / 5 = 0.7.
    assert metrics([*preds[:2], pred("covered", "covered"), *preds[3:]])["cov_err"] == pytest.approx(20.0)
    assert confusion(preds)["gap"] == {"covered": 1, "partial": 0, "gap": 1}
    assert per_kind(preds)["gap"]["accuracy"] == 1.0


def test_per_kind_figures_a_kind_cannot_have_are_none_not_zero():
    preds = [
        pred("covered", "covered", "paraphrase"),
        pred("covered", "gap", "paraphrase"),
        pred("gap", "partial", "gap", units=()),
    ]
    kinds = per_kind(preds)
    para, gap = kinds["paraphrase"], kinds["gap"]
    # A paraphrase called gap is a wrong gap (precision 0); paraphrases have no gap to recall.
    assert para["gap_p"] == 0.0 and para["gap_r"] is None and para["gap_f1"] is None
    assert para["covered_f1"] == pytest.approx(2 / 3) and para["r@3"] == 1.0
    assert gap["gap_p"] is None and gap["gap_r"] == 0.0 and gap["r@1"] is None
    assert gap["confusion"]["gap"] == {"covered": 0, "partial": 1, "gap": 0}
    # The headline keeps numbers: a set without gaps has gap recall 0.
    assert metrics(preds[:2])["gap_r"] == 0.0


def test_the_bands_weigh_each_sheet_coverage_error():
    from align.match.calibration import _band_error, coverage_error

    truth = np.array(["covered", "gap", "covered", "gap"])
    sheets = np.array(["初级", "初级", "中级", "中级"])
    # Two errors that cancel in 初级's figure, so no coverage error there; 中级 is 50 points high.
    pred = ["gap", "covered", "covered", "covered"]
    # the per-point term: |0−1| + |1−0| + 0 + |1−0| over four points
    assert _band_error(pred, truth, sheets) - coverage_error(pred, truth, sheets) == pytest.approx(0.75)
    assert coverage_error(pred, truth, sheets) == pytest.approx((0 + 0.5) / 2)
    assert _band_error(pred, truth, sheets) == pytest.approx(1.0)


def test_the_band_search_picks_the_pair_a_loop_over_band_error_picks():
    from align.match.calibration import _band_error, _bands, _best_bands

    rng = np.random.default_rng(0)
    for _ in range(5):
        credit = rng.random(60)
        truth = rng.choice(["covered", "partial", "gap"], 60)
        sheets = rng.choice(["初级", "中级", "高级"], 60)
        grid = np.unique(np.round(np.quantile(credit, np.linspace(0.05, 0.95, 13)), 3))
        best, expected = np.inf, None
        for i, low in enumerate(grid):
            for high in grid[i:]:
                error = _band_error(_bands(credit, float(high), float(low)), truth, sheets)
                if error < best - 1e-12:
                    best, expected = error, (float(low), float(high))
        low, high = _best_bands(credit, truth, sheets, grid)
        assert _band_error(_bands(credit, high, low), truth, sheets) == pytest.approx(best)
        assert (low, high) == expected


def test_evidence_recall_counts_a_supporting_unit_among_the_first_k():
    preds = [
        pred("covered", "covered", evidence=[("课", "单元9"), ("课", "单元1")]),
        pred("covered", "covered", evidence=[("课", "单元1")]),
        pred("covered", "covered", evidence=[("课", "x"), ("课", "y"), ("课", "z"), ("课", "单元1")]),
    ]
    m = metrics(preds)
    assert m["r@1"] == pytest.approx(1 / 3)
    assert m["r@3"] == pytest.approx(2 / 3)


def _features(n, rng, centre):
    return rng.normal(centre, 0.05, size=(n, len(FEATURES))).astype(np.float32)


def test_calibrator_learns_bands_and_survives_a_round_trip(tmp_path):
    rng = np.random.default_rng(0)
    feats = np.vstack([_features(40, rng, 0.8), _features(40, rng, 0.5), _features(40, rng, 0.2)])
    labels = ["covered"] * 40 + ["partial"] * 40 + ["gap"] * 40
    groups = ["a", "b"] * 60
    cal = fit_calibrator(feats, labels, groups, "dense,clauses=1,context=0")
    statuses, probs = cal.decide(feats)
    assert np.mean([s == t for s, t in zip(statuses, labels, strict=True)]) > 0.95
    assert probs.shape == (120, 3) and np.allclose(probs.sum(axis=1), 1)
    assert cal.precision["covered"] > 0.9 and cal.precision["gap"] > 0.9
    assert 0.2 < cal.partial < cal.covered < 0.8
    path = tmp_path / "align_calibration.json"
    save_calibrator(path, cal)
    again = load_calibrator(path, cal.method_key)
    assert again is not None and again.decide(feats)[0] == statuses
    assert cal.coverage_error < 2 and again.coverage_error == cal.coverage_error  # percentage points
    assert load_calibrator(path, "hybrid,w=0.3,clauses=1,context=0") is None
    assert json.loads(path.read_text(encoding="utf-8"))[cal.method_key]["trained_on"] == ["a", "b"]


def test_the_coverage_error_estimate_shows_a_standard_judged_more_strictly():
    # Three standards with the same scores; the committee of "c" credits each point one step lower, so
    # a fit on the other two overstates c's coverage by a third and the estimate must say so.
    rng = np.random.default_rng(1)
    feats = np.vstack([_features(20, rng, centre) for _ in range(3) for centre in (0.8, 0.5, 0.2)])
    fair, strict = ["covered"] * 20 + ["partial"] * 20 + ["gap"] * 20, ["partial"] * 20 + ["gap"] * 40
    cal = fit_calibrator(
        feats, fair * 2 + strict, ["a"] * 60 + ["b"] * 60 + ["c"] * 60, "dense,clauses=1,context=0"
    )
    assert cal.coverage_error > 10


def test_threshold_rule_needs_every_clause_for_covered():
    t = Thresholds(covered=0.6, partial=0.4)
    row = dict.fromkeys(FEATURES, 0.0)
    cases = [
        ({"whole": 0.7, "min_clause": 0.65, "max_clause": 0.7}, "covered"),
        ({"whole": 0.7, "min_clause": 0.2, "max_clause": 0.7}, "partial"),
        ({"whole": 0.3, "min_clause": 0.1, "max_clause": 0.3}, "gap"),
    ]
    feats = np.array([[{**row, **c}[f] for f in FEATURES] for c, _ in cases], dtype=np.float32)
    assert t.decide(feats)[0] == [s for _, s in cases]


def test_a_calibration_fitted_for_another_model_is_refused(tmp_path):
    from dataclasses import replace

    from align.errors import ModelError
    from align.match import decider_for, match_config
    from align.match.models import method_key
    from align.settings import MatchSettings

    settings = MatchSettings(model=str(tmp_path))
    rng = np.random.default_rng(0)
    feats = np.vstack([_features(30, rng, 0.8), _features(30, rng, 0.5), _features(30, rng, 0.2)])
    labels = ["covered"] * 30 + ["partial"] * 30 + ["gap"] * 30
    cal = fit_calibrator(feats, labels, ["a", "b"] * 45, method_key(match_config(settings)))
    save_calibrator(tmp_path / "align_calibration.json", replace(cal, model="st-before-rebuild"))

    assert decider_for(settings, "st-before-rebuild").model == "st-before-rebuild"
    with pytest.raises(ModelError, match="align calibrate --method hybrid") as err:
        decider_for(settings, "st-after-rebuild")
    assert "st-before-rebuild" in str(err.value) and "calibrated = false" in str(err.value)
    assert isinstance(decider_for(replace(settings, calibrated=False), "st-after-rebuild"), Thresholds)

    save_calibrator(tmp_path / "align_calibration.json", cal)  # a file that predates the field
    assert decider_for(settings, "st-after-rebuild").model == ""


def test_a_course_sample_keeps_gaps_and_only_the_taught_points_it_still_supports(charbag):
    from align.evaluate import CourseSample, load_pairs, pair_features
    from align.settings import CORPORA_DIR, Settings

    pair = next(p for p in load_pairs(CORPORA_DIR, "tuning") if p.standard_slug == "web-frontend")
    settings = Settings(cache_dir=None).with_match(method="dense", clauses=False, context=False)
    sample = CourseSample(courses=2, draw=1)
    courses = {c for label in pair.labels.values() for c, _ in label.units}
    kept = sample.keep(pair.standard_slug, courses)
    assert len(kept) == 2 and kept == sample.keep(pair.standard_slug, courses)  # the same for every method
    assert kept != CourseSample(courses=2, draw=2).keep(pair.standard_slug, courses)

    pf = pair_features(pair, settings, charbag, sample)
    expected = [
        key
        for key, label in pair.labels.items()
        if label.status == "gap" or {c for c, _ in label.units} <= kept
    ]
    assert sorted(pf.keys) == sorted(expected)
    assert len(expected) < len(pair.labels)  # a sample of two courses does drop taught points
    assert {e.course for evidence in pf.evidence for e in evidence} <= kept
    assert pf.draw == 1


def test_in_sample_fits_the_calibration_on_the_points_it_predicts(monkeypatch):
    # The ceiling of --in-sample is only a ceiling if the calibration saw exactly the predicted split.
    import align.commands.calibrate as calibrate
    import align.evaluate
    import align.pipeline

    features = {"tuning": ["tuning features"], "heldout": ["heldout features"]}
    fitted_on = []
    monkeypatch.setattr(align.pipeline, "make_encoder_for", lambda settings: None)
    monkeypatch.setattr(
        calibrate, "_features", lambda settings, corpora, split, encoder, sample=None: features[split]
    )
    monkeypatch.setattr(
        calibrate, "fit_on_tuning", lambda settings, corpora, tuning: fitted_on.append(tuning) or "cal"
    )
    monkeypatch.setattr(align.evaluate, "predictions", lambda pf, calibrator: [(pf, calibrator)])

    held_out = calibrate.calibrated_predictions(None, None, "heldout")
    in_sample = calibrate.calibrated_predictions(None, None, "heldout", in_sample=True)
    assert held_out == in_sample == [("heldout features", "cal")]
    assert fitted_on == [["tuning features"], ["heldout features"]]


@pytest.mark.parametrize("name", list(NAMED_METHODS))
def test_every_named_method_ships_a_calibration_for_the_shipped_model(name):
    # `align run --no-context` (or a method set in the settings) must not fall back to plain thresholds.
    from align.commands.evaluate import method_settings
    from align.match.models import decider_for
    from align.pipeline import make_encoder_for

    settings = method_settings(name, "default")
    encoder = make_encoder_for(settings)
    decider = decider_for(settings.match, encoder.model_id if encoder is not None else "lexical")
    assert isinstance(decider, Calibrator) and decider.trained_on
