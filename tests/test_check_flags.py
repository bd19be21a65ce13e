"""Points flagged for the committee to check first: the calibration's confidence cut, how the matcher
applies it, and where reports, the evaluation and the page show it."""

from __future__ import annotations

import json
from dataclasses import replace

import numpy as np
import pytest
from ui_docs import make_report

from align.documents import Review
from align.evaluate import PairFeatures, predictions
from align.labels import Label, LabelledPair
from align.match import MatchConfig, Thresholds, match_points
from align.match.calibration import check_cut, fit_calibrator
from align.match.engine import FEATURES
from tests.report_sample import flagged_report
from tests.test_match import ITEMS, POINTS


def test_the_cut_is_the_lowest_confidence_whose_points_above_reach_the_target():
    agreement = np.array([0.95, 0.9, 0.8, 0.7, 0.6])
    assert check_cut(agreement, np.array([1, 1, 1, 0, 0]), target=0.9) == 0.8
    # A wrong point near the top does not stop the cut where the points above it recover.
    right = np.array([1, 0, 1, 1, 1, 1, 1, 1, 1, 1])
    assert check_cut(np.linspace(1.0, 0.1, 10), right, target=0.9) == pytest.approx(0.1)
    assert check_cut(agreement, np.zeros(5), target=0.9) == 1.0  # no cut reaches it: flag every point


def test_the_cut_never_splits_points_of_equal_confidence():
    # Cutting at 0.8 keeps both 0.8 points, one of them wrong (2 of 3 right): not a cut at 0.9.
    assert check_cut(np.array([0.9, 0.8, 0.8]), np.array([1, 1, 0]), target=0.9) == 0.9


def _calibration_data():
    """Covered, partial and gap points well apart, plus points between covered and gap whose labels
    are a coin toss: the calibration can only be unsure of them."""
    rng = np.random.default_rng(1)

    def block(n, centre):
        return rng.normal(centre, 0.04, size=(n, len(FEATURES)))

    feats = np.vstack([block(40, 0.85), block(40, 0.2), block(40, 0.55), block(40, 0.45)])
    labels = ["covered"] * 40 + ["gap"] * 40 + ["partial"] * 20 + ["covered"] * 20
    labels += ["gap", "covered"] * 20
    groups = ["a", "b", "c", "d"] * 40
    return feats.astype(np.float32), labels, groups


def test_the_calibration_flags_its_least_sure_points_and_estimates_the_rest():
    feats, labels, groups = _calibration_data()
    cal = fit_calibrator(feats, labels, groups, "dense,clauses=1,context=0")
    statuses, probs = cal.decide(feats)
    confidence = cal.agreement(statuses, probs)
    assert np.allclose(confidence, [p[cal.classes.index(s)] for s, p in zip(statuses, probs, strict=True)])
    assert 0.0 < cal.check_below < 1.0
    assert 0.3 < cal.unflagged["share"] < 0.95 and cal.unflagged["accuracy"] >= 0.9
    right = np.array(statuses) == np.array(labels)
    flagged = confidence < cal.check_below
    assert right[~flagged].mean() > right[flagged].mean()  # the flagged are the doubtful ones

    alone = fit_calibrator(feats, labels, ["a"] * len(labels), "dense,clauses=1,context=0")
    assert alone.check_below == 0.0 and alone.unflagged == {}  # no standard to estimate it on


def test_the_matcher_flags_exactly_the_points_below_the_cut(charbag):
    feats, labels, groups = _calibration_data()
    cal = fit_calibrator(feats, labels, groups, "hybrid,w=0.3,clauses=1,context=0")
    config = MatchConfig(method="hybrid", clauses=True)
    results = match_points(POINTS, ITEMS, charbag, cal, config)
    confidence = [r.confidence for r in results]
    assert all(c is not None and 0.0 <= c <= 1.0 for c in confidence)
    low, next_low = sorted(confidence)[:2]
    assert low < next_low
    cut = (low + next_low) / 2  # the least sure point falls below it, the others do not
    flagged = match_points(POINTS, ITEMS, charbag, replace(cal, check_below=cut), config)
    assert [r.to_check for r in flagged] == [c < cut for c in confidence]
    assert sum(r.to_check for r in flagged) == 1

    plain = match_points(POINTS, ITEMS, charbag, Thresholds(0.5, 0.3), config)
    assert all(r.confidence is None and not r.to_check for r in plain)  # no calibration, no claim
    # A cut without its estimates (a file edited by hand) flags nothing: no report could explain it.
    bare = match_points(POINTS, ITEMS, charbag, replace(cal, check_below=cut, unflagged={}), config)
    assert not any(r.to_check for r in bare)


def test_when_no_cut_reaches_the_target_every_point_is_flagged_and_reports_say_so(charbag):
    from align.pipeline import check_rule
    from align.report.summary import summary_lines
    from align.report.view import check_text

    # Two standards that contradict each other: each predicted by a fit on the other is always wrong.
    rng = np.random.default_rng(2)
    high, mid, low = (rng.normal(c, 0.03, (30, len(FEATURES))) for c in (0.85, 0.5, 0.2))
    feats = np.vstack([high, mid, low, high, mid, low]).astype(np.float32)
    labels = [s for s in ("covered", "partial", "gap", "gap", "covered", "partial") for _ in range(30)]
    cal = fit_calibrator(feats, labels, ["a"] * 90 + ["b"] * 90, "hybrid,w=0.3,clauses=1,context=0")
    assert cal.check_below == 1.0 and cal.unflagged == {"share": 0.0, "accuracy": None}

    results = match_points(POINTS, ITEMS, charbag, cal, MatchConfig(method="hybrid", clauses=True))
    assert all(r.to_check for r in results)
    report = flagged_report()
    for r in report.standards[0].levels[0].points:
        r.to_check = True
    report.check = check_rule(cal)
    assert report.check == {"below": 1.0, "share": 0.0, "accuracy": None, "target": 0.9}
    line = next(x for x in summary_lines(report) if x.startswith("to check first"))
    assert "6 of 10 points" in line and "no confidence level left statuses 90% right" in line
    assert "没有一个置信度界限能使判定达到 90% 正确" in check_text(report)


def test_reports_show_each_points_confidence_and_which_to_check(tmp_path):
    from align.report import write_reports
    from align.report.summary import summary_lines
    from align.report.view import build_tables

    write_reports(flagged_report(), tmp_path, formats=("json", "csv", "html", "xlsx"))
    data = json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))
    assert data["check"] == {"below": 0.8, "share": 0.5, "accuracy": 0.91}
    assert data["estimated_coverage_error"] == 4.0
    junior, senior = data["standards"][0]["levels"]
    assert [p["to_check"] for p in junior["points"]] == [False, True, True, False, False, False]
    assert (junior["to_check"], senior["to_check"]) == (2, 0)
    assert junior["points"][1]["confidence"] == 0.42
    assert "confidence" not in senior["points"][0]  # not calibrated: no figure to show
    bare = flagged_report()
    bare.check, bare.precision, bare.coverage_error = {}, {}, None  # a model without a calibration:
    write_reports(bare, tmp_path / "bare", formats=("json", "html", "xlsx"))  # no level claims a figure
    bare_data = json.loads((tmp_path / "bare" / "report.json").read_text(encoding="utf-8"))
    assert [lc["to_check"] for lc in bare_data["standards"][0]["levels"]] == [None, None]
    assert bare_data["estimated_coverage_error"] is None
    assert "覆盖率误差" not in (tmp_path / "bare" / "report.html").read_text(encoding="utf-8")
    import openpyxl

    def overview(folder):
        rows = openpyxl.load_workbook(folder / "report.xlsx")["概览"].iter_rows(values_only=True)
        return {row[0]: row[1] for row in rows if row and row[0]}

    assert overview(tmp_path)["覆盖率误差"].startswith("各等级覆盖率与委员会的判定平均相差约 4.0 个百分点")
    assert "覆盖率误差" not in overview(tmp_path / "bare")

    import csv

    with (tmp_path / "report.csv").open(encoding="utf-8-sig") as fh:
        rows = list(csv.DictReader(fh))
    assert [r["复核提示"] for r in rows[:6]] == ["", "建议复核", "建议复核", "", "", ""]
    assert rows[1]["置信度"] == "0.42"

    html = (tmp_path / "report.html").read_text(encoding="utf-8")
    assert html.count('data-check="1"') == 2

    reviewed = flagged_report()
    reviewed.standards[0].levels[0].points[1].review = Review("gap", "李老师", "", decision="change")
    write_reports(reviewed, tmp_path / "reviewed", formats=("csv", "html"))
    with (tmp_path / "reviewed" / "report.csv").open(encoding="utf-8-sig") as fh:
        assert [r["复核提示"] for r in list(csv.DictReader(fh))[:3]] == ["", "", "建议复核"]
    reviewed_html = (tmp_path / "reviewed" / "report.html").read_text(encoding="utf-8")
    assert reviewed_html.count('data-check="1"') == 1
    assert "2 条要求的置信度低于 0.80" in html and "约 91% 正确" in html and "已审核" not in html
    # the headline keeps the flagged count and says how much of the check-first work is done
    assert (
        "2 条要求的置信度低于 0.80，标为“建议复核”，请委员会优先审核（已审核 1 条，待审核 1 条）"
        in reviewed_html
    )
    stale = flagged_report()
    stale.standards[0].levels[0].points[1].review = Review("gap", "李老师", "", decision="change", stale=True)
    assert "已审核" not in build_tables(stale).check  # a review the documents overtook settles nothing

    # the 对照表 of a level with flags gets its script-free filter, naming how many points it keeps
    assert html.count('class="only-check"') == 1 and "只看标为“建议复核”的 2 条要求" in html
    assert "只看标为“建议复核”的 1 条要求" in reviewed_html  # a settled point is no longer in it

    assert "<dt>覆盖率误差</dt><dd>各等级覆盖率与委员会的判定平均相差约 4.0 个百分点" in html
    line = next(x for x in summary_lines(flagged_report()) if x.startswith("estimated precision"))
    assert line.endswith("; a level's coverage is off by about 4.0 points on average")
    line = next(x for x in summary_lines(flagged_report()) if x.startswith("to check first"))
    assert "2 of 10 points" in line and "below 0.80" in line and "91%" in line and "reviewed" not in line
    line = next(x for x in summary_lines(reviewed) if x.startswith("to check first"))
    assert "2 of 10 points (confidence below 0.80), 1 of them reviewed;" in line


def test_the_evaluation_counts_the_unflagged_points_apart(charbag):
    from align.commands.evaluate import format_results
    from align.evaluate import metrics

    feats, labels, groups = _calibration_data()
    cal = fit_calibrator(feats, labels, groups, "dense,clauses=1,context=0")
    keys = [("初级", str(i)) for i in range(len(labels))]
    pair = LabelledPair(
        "s",
        "专业",
        "s.md",
        "syllabi",
        {k: Label(*k, t, "lexical", ()) for k, t in zip(keys, labels, strict=True)},
    )
    preds = predictions(PairFeatures(pair, keys, feats, evidence=[[] for _ in keys]), cal)
    statuses, probs = cal.decide(feats)
    assert [p.to_check for p in preds] == list(cal.agreement(statuses, probs) < cal.check_below)

    unflagged = [p for p in preds if not p.to_check]
    results = {"m": {"metrics": metrics(preds), "per_kind": {}, "confusion": {},
                     "unflagged": {**metrics(unflagged), "share": 0.5}}}  # fmt: skip
    assert "| m (50%) | " in format_results(results, "tuning")


def test_the_review_page_marks_the_points_to_check_first():
    from align.ui import review_view, shaping

    report = make_report()
    points = report.standards[0].levels[0].points
    points[0].confidence, points[0].to_check = 0.41, True
    table = shaping.review_table(report, 0, 0)
    assert table.loc[0, ["置信度", "复核提示"]].tolist() == [0.41, "建议复核"]
    assert table.loc[1, "复核提示"] == ""
    menu = [label for label, _ in shaping.point_choices(report, 0, 0)]
    assert menu[0].endswith("? 建议复核") and "建议复核" not in menu[1]
    assert "置信度 0.41" in review_view.point_markdown(report, (0, 0, 0))

    points[0].review = Review("covered", "王老师", "", decision="confirm")
    assert shaping.review_table(report, 0, 0).loc[0, "复核提示"] == ""  # the committee has settled it
    assert "建议复核" not in shaping.point_choices(report, 0, 0)[0][0]
    assert "建议复核" not in review_view.point_markdown(report, (0, 0, 0))  # the detail agrees
    points[0].review = replace(points[0].review, stale=True)  # a stale review settles nothing
    assert shaping.review_table(report, 0, 0).loc[0, "复核提示"] == "建议复核"
    assert shaping.point_choices(report, 0, 0)[0][0].endswith("⚠ 待复核 ? 建议复核")
    assert "**建议复核**" in review_view.point_markdown(report, (0, 0, 0))


def test_the_next_point_to_check_skips_settled_points_and_wraps_round():
    from align.ui.shaping import next_to_check

    report = flagged_report()  # 初级: 1.1.2 (index 1) and 1.2.1 (index 2) flagged
    assert [next_to_check(report, 0, 0, after) for after in (-1, 1, 2, 5)] == [1, 2, 1, 1]
    report.standards[0].levels[0].points[1].review = Review("gap", "李老师", "", decision="change")
    assert [next_to_check(report, 0, 0, after) for after in (-1, 2)] == [2, 2]  # 1.1.2 is settled
    report.standards[0].levels[0].points[2].review = Review("gap", "李老师", "", stale=True)
    assert next_to_check(report, 0, 0, 2) == 2  # a stale review settles nothing
    assert next_to_check(report, 0, 1, -1) is None  # 中级: nothing flagged


def test_a_college_summary_counts_each_levels_points_to_check(tmp_path):
    import openpyxl

    from align.batch.results import standard_rows
    from align.batch.summary import build_summary
    from align.batch.summary_html import render_summary_html
    from align.batch.summary_xlsx import write_summary_xlsx

    report = flagged_report()
    [row] = standard_rows(report)
    assert [level["to_check"] for level in row["levels"]] == [2, 0]

    def summary(rows):
        result = {"major": "软件技术", "status": "done", "model": {"name": "m", "version": "1"}, "courses": 1,
                  "standards": rows, "weakest": [], "gaps": [], "selection": [], "plan": None}  # fmt: skip
        return build_summary([result], ["majors/软件技术"], [], shared_min=2)

    write_summary_xlsx(summary([row]), tmp_path / "summary.xlsx")
    sheet = openpyxl.load_workbook(tmp_path / "summary.xlsx")["建议复核"]
    cells = [[c.value for c in r] for r in sheet.iter_rows()]
    assert cells[0] == ["专业", "标准", "等级", "技能点数", "建议复核", "覆盖率"]
    assert [r[2:5] for r in cells[1:3]] == [["初级", 6, 2], ["中级", 4, 0]]
    assert cells[4][0].startswith(
        "建议复核：置信度低于所用模型校准界限"
    )  # under the table, outside its filter
    html = render_summary_html(summary([row]))
    assert '<h2>建议复核</h2>\n<p class="muted">建议复核：置信度低于' in html

    report.check = {}  # not calibrated: nothing is flagged, and the summary does not say "none to check"
    [bare] = standard_rows(report)
    assert [level["to_check"] for level in bare["levels"]] == [None, None]
    write_summary_xlsx(summary([bare]), tmp_path / "bare.xlsx")
    assert "建议复核" not in openpyxl.load_workbook(tmp_path / "bare.xlsx").sheetnames
    assert "建议复核" not in render_summary_html(summary([bare]))


def test_a_college_summary_says_how_far_its_coverage_figures_may_be_off(tmp_path):
    import openpyxl

    from align.batch.results import major_result
    from align.batch.summary import build_summary
    from align.batch.summary_html import render_summary_html
    from align.batch.summary_xlsx import write_summary_xlsx

    report = flagged_report()  # calibrated, coverage error 4.0
    stored = major_result("软件技术", report, [], [], weakest=3, plan=None)
    older = {**major_result("物联网", report, [], [], weakest=3, plan=None)}
    del older[
        "estimated_coverage_error"
    ]  # a result stored by an earlier run: no estimate, and no error either
    summary = build_summary([stored, older], ["majors/软件技术", "majors/物联网"], [], shared_min=2)
    assert [m["estimated_coverage_error"] for m in summary["majors"]] == [4.0, None]
    assert json.loads(json.dumps(summary)) == summary

    html = render_summary_html(summary)
    assert '<p class="muted">覆盖率误差：各等级覆盖率与委员会的判定平均相差约 4.0 个百分点' in html
    write_summary_xlsx(summary, tmp_path / "summary.xlsx")
    notes = [c.value for c in openpyxl.load_workbook(tmp_path / "summary.xlsx")["覆盖矩阵"]["A"] if c.value]
    assert notes[-1].startswith("覆盖率误差：各等级覆盖率与委员会的判定平均相差约 4.0 个百分点")

    other = {
        **stored,
        "major": "护理",
        "estimated_coverage_error": 5.2,
    }  # a major stored by a run with another model
    mixed = build_summary([stored, other], ["majors/软件技术", "majors/护理"], [], shared_min=2)
    assert "覆盖率误差：所用模型的校准估计为 4.0–5.2 个百分点" in render_summary_html(mixed)

    report.coverage_error = None  # an uncalibrated model claims nothing
    bare = build_summary([major_result("软件技术", report, [], [], weakest=3, plan=None)], ["majors/软件技术"],
                         [], shared_min=2)  # fmt: skip
    assert "覆盖率误差" not in render_summary_html(bare)
    write_summary_xlsx(bare, tmp_path / "bare.xlsx")
    assert not any(
        "覆盖率误差" in str(c.value) for c in openpyxl.load_workbook(tmp_path / "bare.xlsx")["覆盖矩阵"]["A"]
    )


@pytest.mark.parametrize(
    ("field", "value"),
    [("check_below", "0.8"), ("check_below", 1.5), ("check_below", None),
     ("unflagged", {"share": "half", "accuracy": 0.9}), ("unflagged", {"accuracy": 0.9}),
     ("unflagged", {"share": 0.5, "accuracy": 2}), ("coverage_error", -1), ("coverage_error", "4.0")],
)  # fmt: skip
def test_a_calibration_file_with_a_bad_cut_is_refused_when_read(tmp_path, field, value):
    from align.errors import ModelError
    from align.match.calibration import load_calibrator, save_calibrator

    feats, labels, groups = _calibration_data()
    cal = fit_calibrator(feats, labels, groups, "dense,clauses=1,context=0")
    path = tmp_path / "align_calibration.json"
    save_calibrator(path, cal)
    data = json.loads(path.read_text(encoding="utf-8"))
    data[cal.method_key][field] = value
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(ModelError, match=rf"unreadable calibration .*{field}.*align calibrate"):
        load_calibrator(path, cal.method_key)
