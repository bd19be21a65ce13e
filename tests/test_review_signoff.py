"""A committee's sign-off: refused while points are left to check, and no longer current once what it
approved changes."""

from __future__ import annotations

import pytest

from align.documents import LevelCoverage, PointResult, Review, SkillPoint, Standard, StandardCoverage
from align.review import ReviewError, ReviewStore
from align.review.signoff import SignoffStore


def coverage(*, flagged_reviewed: bool = True) -> StandardCoverage:
    checked = PointResult(SkillPoint("1.1.1", "能搭建页面结构"), "covered", 0.9, to_check=True)
    if flagged_reviewed:
        checked.review = Review("covered", "张老师")
    plain = PointResult(SkillPoint("1.1.2", "能设置页面样式"), "gap", 0.2)
    return StandardCoverage(Standard("Web前端开发", "web.md"), [LevelCoverage("初级", [checked, plain])])


@pytest.fixture
def signoffs(tmp_path):
    store = ReviewStore.at(tmp_path / "review.db")
    yield SignoffStore(store.engine)
    store.close()


def test_a_standard_with_a_flagged_point_unreviewed_cannot_be_signed(signoffs):
    with pytest.raises(ReviewError, match=r"还有 1 条建议复核的技能点没有审核意见（如 初级 1.1.1）"):
        signoffs.sign("软件技术", coverage(flagged_reviewed=False), "王主任")
    assert signoffs.latest("软件技术", coverage()) is None


def test_a_stale_decision_or_no_signer_is_refused(signoffs):
    sc = coverage()
    sc.levels[0].points[0].review.stale = True
    with pytest.raises(ReviewError, match="审核意见所依据的文件已修改"):
        signoffs.sign("软件技术", sc, "王主任")
    with pytest.raises(ReviewError, match="请填写签署人姓名"):
        signoffs.sign("软件技术", coverage(), "  ")


def test_a_sign_off_is_current_until_a_status_or_decision_changes(signoffs):
    signed = signoffs.sign("软件技术", coverage(), " 王主任 ", "同意")
    assert (signed.signer, signed.levels, signed.note, signed.current) == ("王主任", "初级", "同意", True)
    assert signed.figures == {"初级": {"points": 2, "covered": 1, "partial": 0, "gap": 1, "coverage": 0.5}}
    assert signoffs.latest("软件技术", coverage()).current
    assert signoffs.latest("电子商务", coverage()) is None  # per major

    changed = coverage()
    changed.levels[0].points[0].review = Review("gap", "李委员", decision="reject")
    later = signoffs.latest("软件技术", changed)
    assert later.signer == "王主任" and not later.current  # the record stays; it no longer applies

    reworded = coverage()
    reworded.levels[0].points[1].point = SkillPoint("1.1.2", "能设置页面样式与动画")
    assert not signoffs.latest("软件技术", reworded).current


def test_sign_offs_survive_a_restart(tmp_path):
    first = ReviewStore.at(tmp_path / "review.db")
    SignoffStore(first.engine).sign("软件技术", coverage(), "王主任")
    first.close()
    again = ReviewStore.at(tmp_path / "review.db")
    assert SignoffStore(again.engine).latest("软件技术", coverage()).signer == "王主任"
    again.close()


def test_every_report_format_shows_the_sign_off_and_whether_it_still_holds(signoffs, tmp_path):
    import json

    import openpyxl

    from align.documents import CoverageReport
    from align.report import write_reports

    sc = coverage()
    signed = signoffs.sign("软件技术", sc, "王主任", "同意按此修订")
    sc.signoff = signed.to_json()
    report = CoverageReport([sc], [], "test", "v1")
    written = write_reports(report, tmp_path / "out")
    standard = json.loads(written["json"].read_text(encoding="utf-8"))["standards"][0]
    assert standard["signoff"]["signer"] == "王主任" and standard["signoff"]["current"] is True
    html = written["html"].read_text(encoding="utf-8")
    assert "委员会签署：王主任 于 " in html and "签署（初级）：同意按此修订" in html
    overview = [row for row in openpyxl.load_workbook(written["xlsx"])["概览"].iter_rows(values_only=True)]
    assert any(row[0] == "委员会签署" and row[1].startswith("王主任 于 ") for row in overview)

    sc.signoff = {**signed.to_json(), "current": False}
    html = write_reports(report, tmp_path / "again")["html"].read_text(encoding="utf-8")
    assert "签署后审核意见或文件有变动，这份结果尚未重新签署" in html
