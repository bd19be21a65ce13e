"""report.xlsx, report.html and report.csv, written to disk, read back and checked against report.json."""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import replace
from html.parser import HTMLParser

import openpyxl
import pytest

from align.documents import LevelCoverage
from align.report import write_reports
from align.report.tables import CROSSWALK_COLUMNS, STATUS_LABEL
from tests.report_sample import JS, WEB, reviewed_report, sample_report

LABEL_STATUS = {v: k for k, v in STATUS_LABEL.items()}


def _write(report, out):
    paths = write_reports(report, out)
    return paths, json.loads(paths["json"].read_text(encoding="utf-8"))


@pytest.fixture(scope="module", params=["sample", "reviewed"])
def written(request, tmp_path_factory):
    """The files of the sample report, and of the same after a committee's review."""
    make = {"sample": sample_report, "reviewed": reviewed_report}[request.param]
    return _write(make(), tmp_path_factory.mktemp(request.param))


@pytest.fixture(scope="module")
def plain(tmp_path_factory):
    return _write(sample_report(), tmp_path_factory.mktemp("plain"))


def _all(data):
    return [(lv["level"], p) for std in data["standards"] for lv in std["levels"] for p in lv["points"]]


def _points(data):
    """(level, id, computed status, score) of every point in report.json, in order."""
    return [(lv, p["id"], p["status"], p["score"]) for lv, p in _all(data)]


def _final(p):
    review = p.get("review")
    return review["status"] if review and not review["stale"] else p["status"]


def _open_points(data):
    """The points 缺口与建议 must list: gap or partial after review."""
    return [(lv, p["id"]) for lv, p in _all(data) if _final(p) != "covered"]


def _review_cells(data):
    """(审核状态, whether 审核意见 is filled) expected for each point."""
    out = []
    for _, p in _all(data):
        review = p.get("review")
        if review is None:
            out.append((None, False))
        else:
            out.append((None if review["stale"] else STATUS_LABEL[review["status"]], True))
    return out


def _sheet_rows(ws):
    rows = list(ws.iter_rows(values_only=True))
    header = list(rows[0])
    return header, [dict(zip(header, r, strict=True)) for r in rows[1:]]


# --- Excel ------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def workbook(written):
    return openpyxl.load_workbook(written[0]["xlsx"])


@pytest.fixture(scope="module")
def plain_workbook(plain):
    return openpyxl.load_workbook(plain[0]["xlsx"])


def test_xlsx_has_the_sheets_a_committee_files(workbook):
    for name in ("概览", "对照表", "矩阵", "矩阵明细", "缺口与建议", "课程贡献", "工作任务"):
        assert name in workbook.sheetnames
    assert workbook.sheetnames[0] == "概览"
    assert len(workbook["概览"]._charts) == 1


def test_xlsx_crosswalk_agrees_with_report_json(workbook, written):
    ws = workbook["对照表"]
    header, rows = _sheet_rows(ws)
    assert header == CROSSWALK_COLUMNS
    got = [(r["等级"], r["编号"], LABEL_STATUS[r["状态"]], r["分数"]) for r in rows]
    assert got == _points(written[1])
    first = rows[0]
    assert first["标准"] == "Web前端开发职业技能等级标准" and first["工作领域"] == "1. 静态网页开发"
    assert first["课程"] == f"1) {WEB}\n2) {JS}"
    assert [(r["审核状态"], bool(r["审核意见"])) for r in rows] == _review_cells(written[1])


@pytest.mark.parametrize("sheet", ["对照表", "矩阵", "矩阵明细", "缺口与建议", "课程贡献", "工作任务"])
def test_xlsx_list_sheets_filter_cleanly(workbook, sheet):
    ws = workbook[sheet]
    assert ws.freeze_panes in ("A2", "D2")
    assert ws.auto_filter.ref and ws.auto_filter.ref.startswith("A1:")
    assert not ws.merged_cells.ranges  # merged cells break filtering and sorting
    assert ws["A1"].font.b and ws["A2"].font.name == "Microsoft YaHei"
    widths = [ws.column_dimensions[c].width for c in "ABCDE"]
    assert all(w and w >= 6 for w in widths)


def test_xlsx_review_status_offers_the_three_statuses(workbook):
    dv = workbook["对照表"].data_validations.dataValidation
    assert len(dv) == 1 and dv[0].formula1 == '"覆盖,部分覆盖,缺口"'
    assert str(dv[0].sqref).startswith("H2:")  # 审核状态 beside the computed 状态 (column G)


def test_xlsx_gap_list_agrees_with_report_json(workbook, written):
    _, gaps = _sheet_rows(workbook["缺口与建议"])
    assert [(r["等级"], r["编号"]) for r in gaps] == _open_points(written[1])
    assert all(r["建议做法"] and r["建议单元标题"] and r["建议内容"] for r in gaps)


def test_xlsx_matrix_and_courses(plain_workbook):
    workbook = plain_workbook
    _, matrix = _sheet_rows(workbook["矩阵"])
    cell = next(r for r in matrix if r["等级"] == "初级" and r["工作领域"] == "1. 静态网页开发")
    assert (cell[WEB], cell[JS]) == (2.5, 1)
    assert workbook["矩阵"].conditional_formatting  # the heatmap
    _, courses = _sheet_rows(workbook["课程贡献"])
    web = next(r for r in courses if r["等级"] == "初级" and r["课程"] == WEB)
    assert (web["支撑覆盖要求"], web["支撑学时"], web["总学时"]) == (2, 18, 64)


def test_xlsx_overview_states_the_level_figures(workbook, written):
    ws = workbook["概览"]
    values = [[c for c in row] for row in ws.iter_rows(values_only=True)]
    head = next(i for i, r in enumerate(values) if tuple(r[:3]) == ("标准", "等级", "要求数"))
    header = values[head]
    for lv, row in zip(written[1]["standards"][0]["levels"], values[head + 1 :], strict=False):
        rec = dict(zip(header, row, strict=True))
        assert rec["等级"] == lv["level"]
        assert rec["覆盖率"] == pytest.approx(lv["coverage"])
        assert rec["缺口"] == lv["counts"]["gap"]
    assert any("覆盖率 =" in str(v) for r in values for v in r if v)  # the definition is stated


# --- HTML -------------------------------------------------------------------------------------


class Page(HTMLParser):
    """Collects the level sections, rows and resources of the report page."""

    def __init__(self):
        super().__init__()
        self.levels, self.points, self.gaps, self.heat, self.resources = {}, [], [], {}, []
        self.finals = []
        self.tags, self.level = set(), None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self.tags.add(tag)
        classes = (a.get("class") or "").split()
        if tag in ("script", "link", "img", "iframe") or "src" in a:
            self.resources.append((tag, a))
        if tag == "a" and re.match(r"[a-z]+:", a.get("href", "")):
            self.resources.append((tag, a))
        if tag == "section" and "level" in classes:
            self.level = a["data-level"]
            self.levels[self.level] = a
        elif tag == "tr" and "point" in classes:
            self.points.append((self.level, a["data-id"], a["data-status"], float(a["data-score"])))
            self.finals.append(a["data-final"])
        elif tag == "tr" and "gap-row" in classes:
            self.gaps.append((self.level, a["data-id"]))
        elif tag == "td" and "cell" in classes:
            self.heat.setdefault(self.level, []).append((a["data-course"], float(a["data-value"])))


@pytest.fixture(scope="module")
def page(written):
    parser = Page()
    parser.feed(written[0]["html"].read_text(encoding="utf-8"))
    return parser


def test_html_is_self_contained(page, written):
    assert page.resources == []
    text = written[0]["html"].read_text(encoding="utf-8")
    assert "http://" not in text and "https://" not in text and "@import" not in text
    assert "svg" in page.tags  # charts are inline


def test_html_levels_rows_and_gaps_agree_with_report_json(page, written):
    data = written[1]
    for lv in data["standards"][0]["levels"]:
        section = page.levels[lv["level"]]
        assert float(section["data-coverage"]) == pytest.approx(lv["coverage"], abs=1e-4)
        assert int(section["data-gap"]) == lv["counts"]["gap"]
        assert int(section["data-partial"]) == lv["counts"]["partial"]
    assert page.points == [(lv, i, s, pytest.approx(sc)) for lv, i, s, sc in _points(data)]
    assert page.finals == [_final(p) for _, p in _all(data)]
    assert page.gaps == _open_points(data)


@pytest.fixture(scope="module")
def plain_page(plain):
    parser = Page()
    parser.feed(plain[0]["html"].read_text(encoding="utf-8"))
    return parser


def test_html_heatmap_cells(plain_page):
    page = plain_page
    # 初级: 静态网页开发 then 交互效果开发, each over the three courses
    assert page.heat["初级"][:3] == [(WEB, 2.5), (JS, 1.0), ("数据库应用", 0.0)]
    assert len(page.heat["中级"]) == 3 * 3


def test_html_shows_the_coverage_definition(written):
    text = written[0]["html"].read_text(encoding="utf-8")
    assert "覆盖率 =（覆盖要求数 + 0.5 × 部分覆盖要求数）" in text
    assert '<html lang="zh-CN">' in text and 'name="viewport"' in text and "@page" in text


# --- CSV --------------------------------------------------------------------------------------


def test_csv_is_the_crosswalk_with_a_bom(written):
    raw = written[0]["csv"].read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
    assert list(rows[0]) == CROSSWALK_COLUMNS
    got = [(r["等级"], r["编号"], LABEL_STATUS[r["状态"]], float(r["分数"])) for r in rows]
    assert got == _points(written[1])
    assert rows[0]["单元"] == "1) 项目一 网页基本结构\n2) 单元2 DOM操作"


def test_writing_again_replaces_the_files(plain):
    paths, _ = plain
    before = paths["csv"].read_bytes()
    write_reports(sample_report(), paths["csv"].parent, formats=("csv", "xlsx"))
    assert paths["csv"].read_bytes() == before
    assert sorted(p.name for p in paths["csv"].parent.iterdir()) == [
        "report.csv", "report.html", "report.json", "report.xlsx",
    ]  # fmt: skip


def test_formula_like_and_control_characters_stay_text(tmp_path):
    report = sample_report()
    point = report.standards[0].levels[0].points[0]
    point.evidence[0] = replace(point.evidence[0], text="=SUM(B2:B9)汇总\x0b销售额")
    paths = write_reports(report, tmp_path, formats=("xlsx", "csv"))
    cell = openpyxl.load_workbook(paths["xlsx"])["对照表"]["L2"]
    assert cell.value.startswith("1) =SUM(B2:B9)汇总销售额") and cell.data_type == "s"
    rows = list(csv.DictReader(io.StringIO(paths["csv"].read_text(encoding="utf-8-sig"), newline="")))
    assert rows[0]["依据（原文）"].startswith("1) =SUM")  # numbered, so not a formula either
    point.evidence[1:] = []
    paths = write_reports(report, tmp_path, formats=("xlsx", "csv"))
    assert openpyxl.load_workbook(paths["xlsx"])["对照表"]["L2"].value == "=SUM(B2:B9)汇总销售额"
    rows = list(csv.DictReader(io.StringIO(paths["csv"].read_text(encoding="utf-8-sig"), newline="")))
    assert rows[0]["依据（原文）"] == "'=SUM(B2:B9)汇总销售额"


def test_a_level_without_points_and_a_major_without_courses_still_report(tmp_path):
    report = sample_report()
    report.standards[0].levels.append(LevelCoverage("高级", []))
    paths, data = _write(report, tmp_path / "empty-level")
    page = Page()
    page.feed(paths["html"].read_text(encoding="utf-8"))
    assert (
        page.levels["高级"]["data-coverage"] == "0.0000"
        and data["standards"][0]["levels"][2]["coverage"] == 0
    )
    _, levels = _sheet_rows(openpyxl.load_workbook(paths["xlsx"])["工作任务"])
    assert "高级" not in {r["等级"] for r in levels}

    for lc in report.standards[0].levels:
        for r in lc.points:
            r.status, r.evidence = "gap", []
    report.syllabi = []
    paths, data = _write(report, tmp_path / "no-courses")
    _, gaps = _sheet_rows(openpyxl.load_workbook(paths["xlsx"])["缺口与建议"])
    assert len(gaps) == 10 and {r["建议做法"] for r in gaps} == {"新增课程或单元"}
