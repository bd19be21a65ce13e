"""A program head's whole flow in a real browser, and a committee decision surviving a restart.

The first server runs in the test process (fast: the libraries are already imported); after it is
closed, ``python app.py`` starts as a new process on the same data folder and must show the decision.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path

import httpx
import pytest
from ui_docs import free_port, page_served, write_inputs

from align.settings import PROJECT_ROOT, Settings

pytestmark = pytest.mark.e2e
expect = pytest.importorskip("playwright.sync_api", reason="playwright (Python) is not installed").expect

CONFIG = """cache_dir = ""
[match]
model = "tfidf"
method = "dense"
clauses = false
"""
# The same settings as CONFIG, for the server in the test process.


@contextmanager
def running_app(data_dir: Path, config: Path) -> Iterator[str]:
    """``python app.py`` in its own process, as a user starts it; stopped (SIGTERM) on exit."""
    port = free_port()
    env = {**os.environ, "GRADIO_ANALYTICS_ENABLED": "False", "HF_HUB_OFFLINE": "1"}
    proc = subprocess.Popen(
        [sys.executable, "app.py", "--config", str(config), "--port", str(port), "--data-dir", str(data_dir)],
        cwd=PROJECT_ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                if httpx.get(url, timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                raise AssertionError(f"the app did not start:\n{proc.stdout.read() if proc.stdout else ''}")
            time.sleep(0.3)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def _analyse(page, url: str, std: Path, syllabi: list[Path]) -> None:
    page.goto(url)
    page.locator("#standard-upload input[type=file]").set_input_files([str(std)])
    page.locator("#syllabus-upload input[type=file]").set_input_files([str(p) for p in syllabi])
    for p in syllabi:
        _file_row(page, "#syllabus-upload", p.name).wait_for()
    _file_row(page, "#standard-upload", std.name).wait_for()
    page.click("#run")
    page.locator("#headline strong").first.wait_for(timeout=120_000)


def _file_row(page, box: str, name: str):
    return page.locator(f'{box} td.filename[aria-label="{name}"]')


def _open_point(page, point_id: str) -> None:
    page.get_by_role("tab", name="委员会审核").click()
    page.locator("#point input").click()
    page.get_by_role("option").filter(has_text=point_id).first.click()
    page.locator("#point-detail").get_by_text(point_id).first.wait_for()


def test_upload_run_review_and_the_decision_survives_a_restart(browser, tmp_path):
    std, syllabi = write_inputs(tmp_path / "in", zipped=True)
    config = tmp_path / "align.toml"
    config.write_text(CONFIG, encoding="utf-8")
    data = tmp_path / "data"
    outside: list[str] = []

    with page_served(data) as url:
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        page.on(
            "request", lambda r: None if r.url.startswith((url, "data:", "blob:")) else outside.append(r.url)
        )
        _analyse(page, url, std, syllabi)
        # The unreadable upload is named in the page; the others were analysed.
        assert "损坏的课程.docx" in page.inner_text("#problems")
        assert "测试前端开发职业技能等级标准 · 初级" in page.inner_text("#headline")
        for name in ("report.xlsx", "report.html", "report.json"):
            _file_row(page, "#downloads", name).wait_for()
        page.get_by_role("tab", name="覆盖矩阵").click()
        assert "网页设计基础" in page.inner_text("#heatmap")

        _open_point(page, "2.1.1")
        page.locator("#decision").get_by_text("修改状态").click()
        page.locator("#status").get_by_text("覆盖", exact=True).click()
        page.locator("#reviewer").get_by_role("textbox").fill("王老师")
        page.locator("#note").get_by_role("textbox").fill("顶岗实习中完成部署")
        page.click("#save-review")
        expect(page.locator("#reviews")).to_contain_text("王老师")
        page.close()

    with running_app(data, config) as url:  # python app.py: a new process on the same data folder
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        page.on(
            "request", lambda r: None if r.url.startswith((url, "data:", "blob:")) else outside.append(r.url)
        )
        _analyse(page, url, std, syllabi)
        _open_point(page, "2.1.1")
        detail = page.inner_text("#point-detail")
        assert "修改状态 → 覆盖" in detail and "王老师" in detail and "顶岗实习中完成部署" in detail
        expect(page.locator("#reviews")).to_contain_text("王老师")
        page.get_by_role("tab", name="审核记录").click()
        assert "王老师" in page.inner_text("#audit")
        page.close()

    assert outside == []  # nothing phones home: every request went to the app itself


def test_typing_the_mark_into_the_menu_lists_only_the_points_to_check(browser, tmp_path):
    # The TF-IDF hybrid has a shipped calibration, so its points carry a confidence and some are flagged.
    std, syllabi = write_inputs(tmp_path / "in", bad=False)
    calibrated = replace(Settings(), cache_dir=None).with_match(model="tfidf")
    with page_served(tmp_path / "data", calibrated) as url:
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        _analyse(page, url, std, syllabi)
        page.get_by_role("tab", name="委员会审核").click()
        menu = page.locator("#point input")
        menu.click()
        every = page.get_by_role("option").all_inner_texts()
        flagged = [label for label in every if label.endswith("建议复核")]
        assert 0 < len(flagged) < len(every)  # a real test: some points flagged, some not
        # 下一条建议复核 from the first point: the next flagged one after it (or round again)
        menu.press("Escape")
        after_first = [label for label in every[1:] if label in flagged] or flagged
        page.click("#next-check")
        expect(menu).to_have_value(after_first[0])
        expect(page.locator("#point-detail")).to_contain_text("建议复核")
        menu.click()
        menu.press("Control+a")
        # CJK text arrives as an input method's commit, then a key-up: the dropdown filters on key-up.
        menu.press_sequentially("建议复核")
        menu.press("Shift")
        expect(page.get_by_role("option")).to_have_count(len(flagged))
        listed = page.get_by_role("option").all_inner_texts()
        assert [label.removeprefix("✓\n") for label in listed] == flagged  # ✓: the point now shown
        page.get_by_role("option").first.click()
        expect(page.locator("#point-detail")).to_contain_text("置信度")
        page.close()
