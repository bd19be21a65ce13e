"""report.html in a real browser: the script-free filter of the 对照表 shows only flagged points."""

from __future__ import annotations

import pytest

from align.report import write_reports
from tests.report_sample import flagged_report

pytestmark = pytest.mark.e2e


def test_ticking_the_filter_leaves_only_the_points_to_check_and_their_headings(browser, tmp_path):
    write_reports(flagged_report(), tmp_path, formats=("html",))
    page = browser.new_page(viewport={"width": 1200, "height": 900})
    page.goto((tmp_path / "report.html").as_uri())
    level = page.locator("section.level").first
    crosswalk = level.locator("table.crosswalk")
    points, groups = crosswalk.locator("tr.point"), crosswalk.locator("tr.group")
    assert points.count() == 6 and all(points.nth(i).is_visible() for i in range(6))

    level.get_by_text("只看标为“建议复核”的 2 条要求").click()
    shown = [points.nth(i).get_attribute("data-id") for i in range(6) if points.nth(i).is_visible()]
    assert shown == ["1.1.2", "1.2.1"]
    headings = [groups.nth(i).inner_text() for i in range(groups.count()) if groups.nth(i).is_visible()]
    assert headings == ["1. 静态网页开发 › 1.1 网页结构搭建", "1. 静态网页开发 › 1.2 页面样式设计"]

    level.get_by_text("只看标为“建议复核”的 2 条要求").click()  # untick: every point is back
    assert all(points.nth(i).is_visible() for i in range(6)) and groups.nth(2).is_visible()
    page.close()
