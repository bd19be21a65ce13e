"""The batch job on a small college: per-major reports, the college summary and 证书遴选."""

from __future__ import annotations

import openpyxl
import pytest

from align.batch import ExecutorSpec, load_batch_config, run_batch
from tests.batch_college import (
    CORPORA,
    PLAN_MD,
    WEB_SYLLABI,
    copy_files,
    fast_settings,
    make_college,
    read_json,
)
from tests.contract import validate_report

WEB = "Web前端开发职业技能等级标准"
BIGDATA = "大数据应用开发（Python）职业技能等级标准"
TAX = "智能财税职业技能等级标准"


@pytest.fixture(scope="module")
def college(tmp_path_factory):
    root = tmp_path_factory.mktemp("college")
    config = load_batch_config(make_college(root))
    out = root / "out"
    outcome = run_batch(config, fast_settings(root), out, ExecutorSpec(jobs=1))
    return root, out, outcome, read_json(out / "summary.json")


def test_every_major_gets_the_report_set_of_align_run(college):
    _, out, outcome, _ = college
    assert sorted(outcome.computed) == ["大数据技术", "计算机应用技术", "软件技术"]
    for major in ("软件技术", "计算机应用技术", "大数据技术"):
        folder = out / "majors" / major
        for fmt in ("json", "xlsx", "html", "csv"):
            assert (folder / f"report.{fmt}").stat().st_size > 0
        report = read_json(folder / "report.json")
        validate_report(report)
        # every reported point cites its evidence (only the ranked-only library points go without)
        points = [p for std in report["standards"] for lv in std["levels"] for p in lv["points"]]
        assert points and all(p["evidence"] for p in points)


def test_listed_standards_are_reported_and_auto_takes_the_top_of_the_ranking(college):
    _, out, _, summary = college
    reported = {m["major"]: m["standards"] for m in summary["majors"]}
    assert reported["软件技术"] == [WEB]
    ranking = [s for s in summary["selection"] if s["major"] == "大数据技术"]
    assert [s["rank"] for s in ranking] == [1, 2, 3]
    assert {s["standard"] for s in ranking} == {WEB, BIGDATA, TAX}
    assert ranking[0]["standard"] == BIGDATA  # its Python/Hadoop courses fit the big-data certificate
    assert reported["大数据技术"] == [BIGDATA]  # auto_top = 1
    assert [s["name"] for s in read_json(out / "majors" / "大数据技术" / "report.json")["standards"]] == [
        BIGDATA
    ]


def test_ranking_shows_coverage_listing_and_missing_work_areas(college):
    _, _, _, summary = college
    ranking = {s["standard"]: s for s in summary["selection"] if s["major"] == "软件技术"}
    web, tax = ranking[WEB], ranking[TAX]
    assert web["rank"] == 1 and web["listed"] and web["chosen"]
    assert not tax["listed"] and tax["coverage"] < 0.1
    assert web["fit"] == pytest.approx(web["coverage"] + 0.15)
    # A finance certificate is almost wholly missing for a software major: its areas are listed.
    assert len(tax["missing_areas"]) >= 3 and all(" · " in a for a in tax["missing_areas"])


def test_ranking_and_report_agree_on_coverage(college):
    _, out, _, summary = college
    report = read_json(out / "majors" / "软件技术" / "report.json")
    levels = report["standards"][0]["levels"]
    pooled = sum(lv["counts"]["covered"] + 0.5 * lv["counts"]["partial"] for lv in levels) / sum(
        len(lv["points"]) for lv in levels
    )
    ranked = next(s for s in summary["selection"] if s["major"] == "软件技术" and s["standard"] == WEB)
    cell = next(c for c in summary["matrix"] if c["major"] == "软件技术" and c["standard"] == WEB)
    assert ranked["coverage"] == cell["coverage"] == pytest.approx(pooled, abs=1e-4)


def test_gaps_shared_by_majors_with_the_same_courses(college):
    _, out, _, summary = college
    gaps = read_json(out / "majors" / "软件技术" / "report.json")
    gap_ids = {
        (lv["level"], p["id"])
        for lv in gaps["standards"][0]["levels"]
        for p in lv["points"]
        if p["status"] == "gap"
    }
    shared = {(g["level"], g["id"]) for g in summary["shared_gaps"] if g["standard"] == WEB}
    assert gap_ids and shared == gap_ids
    assert all(
        g["majors"] == ["软件技术", "计算机应用技术"] and g["count"] == 2 for g in summary["shared_gaps"]
    )


def test_weakest_work_areas_per_major(college):
    _, _, _, summary = college
    weakest = [w for w in summary["weakest"] if w["major"] == "软件技术"]
    assert len(weakest) == 3
    assert [w["coverage"] for w in weakest] == sorted(w["coverage"] for w in weakest)
    matrix = next(c for c in summary["matrix"] if c["major"] == "软件技术")
    assert weakest[0]["coverage"] <= matrix["coverage"]


def test_summary_workbook_and_page(college):
    _, out, _, summary = college
    wb = openpyxl.load_workbook(out / "summary.xlsx")
    assert wb.sheetnames[:4] == ["覆盖矩阵", "薄弱工作领域", "共性缺口", "证书遴选"]
    matrix = wb["覆盖矩阵"]
    header = [c.value for c in matrix[1]]
    row = {matrix.cell(r, 1).value: r for r in range(2, matrix.max_row + 1)}
    cell = matrix.cell(row["软件技术"], header.index(WEB) + 1)
    expected = next(
        c["coverage"] for c in summary["matrix"] if c["major"] == "软件技术" and c["standard"] == WEB
    )
    assert cell.value == pytest.approx(expected) and cell.number_format == "0%" and cell.font.bold
    other = matrix.cell(row["软件技术"], header.index(TAX) + 1)  # ranked, not reported
    assert other.value is not None and other.value < expected and not other.font.bold
    html = (out / "summary.html").read_text(encoding="utf-8")
    assert "http://" not in html and "https://" not in html and "<script" not in html
    assert 'href="majors/%E8%BD%AF%E4%BB%B6%E6%8A%80%E6%9C%AF/report.html"' in html
    assert "共性缺口" in html and "证书遴选" in html


def test_a_major_given_only_a_plan_takes_its_courses_from_the_college_pool(tmp_path):
    copy_files(CORPORA / "standards", ["web-frontend.md"], tmp_path / "standards")
    copy_files(CORPORA / "syllabi" / "软件技术", [*WEB_SYLLABI, "软件测试技术.md"], tmp_path / "课程标准库")
    (tmp_path / "方案.md").write_text(PLAN_MD, encoding="utf-8")
    (tmp_path / "c.toml").write_text(
        'library = "standards"\nsyllabi = "课程标准库"\n[[majors]]\nname = "软件技术"\nplan = "方案.md"\n',
        encoding="utf-8",
    )
    out = tmp_path / "out"
    run_batch(load_batch_config(tmp_path / "c.toml"), fast_settings(tmp_path), out, ExecutorSpec(jobs=1))
    courses = {c["course"] for c in read_json(out / "majors" / "软件技术" / "report.json")["courses"]}
    assert courses == {"JavaScript程序设计", "网页设计与制作"}
    plan = read_json(out / "summary.json")["plans"][0]
    assert plan["major"] == "软件技术" and plan["without_syllabus"] == ["前端工程化实践"]


def test_an_unparsable_syllabus_fails_its_major_only(tmp_path):
    root = tmp_path
    make_college(root, ["json"])
    (root / "majors" / "大数据技术" / "空白课程.md").write_text("   \n", encoding="utf-8")
    out = root / "out"
    outcome = run_batch(
        load_batch_config(root / "college.toml"), fast_settings(root), out, ExecutorSpec(jobs=1)
    )
    assert sorted(outcome.computed) == ["计算机应用技术", "软件技术"]
    failure = read_json(out / "summary.json")["failures"]
    assert len(failure) == 1 and failure[0]["major"] == "大数据技术"
    assert failure[0]["file"].endswith("空白课程.md") and "empty" in failure[0]["reason"]
    assert not (out / "majors" / "大数据技术" / "manifest.json").exists()
    assert "failed   大数据技术" in (out / "batch.log").read_text(encoding="utf-8")


def test_a_library_standard_that_does_not_parse_is_reported_and_left_out(tmp_path):
    make_college(tmp_path)
    (tmp_path / "standards" / "broken.md").write_text(
        "# 某职业技能等级标准\n\n没有表格。\n", encoding="utf-8"
    )
    out = tmp_path / "out"
    config = load_batch_config(tmp_path / "college.toml")
    run_batch(config, fast_settings(tmp_path), out, ExecutorSpec(jobs=1))
    summary = read_json(out / "summary.json")
    assert [f["file"].endswith("broken.md") for f in summary["failures"]] == [True]
    assert len({s["standard"] for s in summary["selection"]}) == 3
    # A re-run that computes nothing still reports it.
    run_batch(config, fast_settings(tmp_path), out, ExecutorSpec(jobs=1))
    assert read_json(out / "summary.json")["failures"] == summary["failures"]


def test_a_course_given_twice_and_a_standard_among_syllabi_are_left_out_with_a_warning(tmp_path):
    make_college(tmp_path, ["json"])
    config = load_batch_config(tmp_path / "college.toml")
    plain = run_batch(config, fast_settings(tmp_path), tmp_path / "plain", ExecutorSpec(jobs=1))
    folder = tmp_path / "majors" / "软件技术"
    (folder / "副本.md").write_bytes((folder / WEB_SYLLABI[0]).read_bytes())
    (folder / "标准.md").write_bytes((CORPORA / "standards" / "web-frontend.md").read_bytes())
    out = tmp_path / "out"
    outcome = run_batch(config, fast_settings(tmp_path), out, ExecutorSpec(jobs=1))

    assert not outcome.failed
    figures = {r["major"]: r["standards"] for r in outcome.results}
    assert figures == {r["major"]: r["standards"] for r in plain.results}  # neither one counted
    warnings = [w for w in read_json(out / "summary.json")["warnings"] if w["major"] == "软件技术"]
    assert len(warnings) == 2
    assert any("副本.md" in w["warning"] and "identical copy" in w["warning"] for w in warnings)
    assert any("标准.md" in w["warning"] and "left out of the syllabi" in w["warning"] for w in warnings)
    assert (
        read_json(out / "majors" / "软件技术" / "report.json")["courses"]
        == read_json(tmp_path / "plain" / "majors" / "软件技术" / "report.json")["courses"]
    )
