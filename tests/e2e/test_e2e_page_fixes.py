"""The page's fixes seen in a real browser (the session's chromium, see conftest.py): Gradio's upload
refusals in Chinese, the review form's warnings, drafts and statuses, a failed run, a phone's width."""

from __future__ import annotations

from pathlib import Path

import pytest
from ui_docs import page_served, write_inputs

pytestmark = pytest.mark.e2e
sync_api = pytest.importorskip("playwright.sync_api", reason="playwright (Python) is not installed")
expect = sync_api.expect


@pytest.fixture(scope="module")
def url(tmp_path_factory):
    with page_served(tmp_path_factory.mktemp("data"), max_file_mb=1) as address:
        yield address


@pytest.fixture
def page(browser):
    page = browser.new_page(viewport={"width": 1400, "height": 1000}, locale="zh-CN")
    yield page
    page.close()


def _upload(page, box: str, files: list[Path]) -> None:
    page.locator(f"#{box} input[type=file]").set_input_files([str(f) for f in files])
    for f in files:
        page.locator(f'#{box} td.filename[aria-label="{f.name}"]').wait_for()


def _analyse(page, url: str, std: Path, syllabi: list[Path]) -> None:
    page.goto(url)
    _upload(page, "standard-upload", [std])
    _upload(page, "syllabus-upload", syllabi)
    page.click("#run")
    page.locator("#headline strong").first.wait_for(timeout=120_000)


def _open_point(page, point_id: str) -> None:
    page.locator("#point input").click()
    page.get_by_role("option").filter(has_text=point_id).first.click()
    expect(page.locator("#point-detail")).to_contain_text(point_id)


def _note(page):
    return page.locator("#note").get_by_role("textbox")


def _toasts(page) -> list[str]:
    return page.locator('[data-testid="toast-text"]').all_inner_texts()


def test_gradio_refusing_an_upload_says_why_in_chinese(page, url, tmp_path):
    page.goto(url)
    big = tmp_path / "大文件.md"
    big.write_bytes(b"# x\n" + b"a" * (2 * 2**20))
    page.locator("#syllabus-upload input[type=file]").set_input_files([str(big)])
    expect(page.locator('[data-testid="toast-text"]').first).to_have_text(
        '文件超过 1 MB 的上限，未能上传："大文件.md"。请压缩或拆分后再上传'
    )
    page.locator('[data-testid="toast-close"]').first.click()
    program = tmp_path / "程序.exe"
    program.write_bytes(b"MZ")
    page.locator("#syllabus-upload input[type=file]").set_input_files([str(program)])
    expect(page.locator('[data-testid="toast-text"]').first).to_contain_text("不支持的文件类型：程序.exe")


def test_the_review_form_in_a_browser(page, url, tmp_path):
    std, syllabi = write_inputs(tmp_path / "in", bad=False)
    _analyse(page, url, std, syllabi)
    page.get_by_role("tab", name="委员会审核").click()
    _open_point(page, "1.1.1")
    status = page.locator("#status")

    # 驳回 of a covered point: 缺口 at once, and not to be set otherwise
    page.locator("#decision").get_by_text("驳回").click()
    expect(status.get_by_label("缺口")).to_be_checked()
    expect(status.get_by_label("覆盖", exact=True)).to_be_disabled()

    # no reviewer name: a warning; the typed note stays and no output is marked as failed
    _note(page).fill("只讲了概念")
    page.click("#save-review")
    expect(page.locator('[data-testid="toast-text"]').first).to_have_text("请填写审核人姓名")
    expect(_note(page)).to_have_value("只讲了概念")
    assert "错误" not in page.inner_text("#reviews") and "Error" not in page.inner_text("#reviews")

    # an unsaved note comes back when its point is shown again
    _open_point(page, "1.1.2")
    expect(_note(page)).to_have_value("")
    _open_point(page, "1.1.1")
    expect(_note(page)).to_have_value("只讲了概念")
    expect(page.locator("#point-detail")).to_contain_text("尚未保存的草稿")

    expect(status.get_by_label("缺口")).to_be_checked()  # the whole form came back: 驳回 → 缺口

    # saved, then withdrawn: the form shows the point as it is now
    page.locator("#reviewer").get_by_role("textbox").fill("王老师")
    page.click("#save-review")
    expect(page.locator("#reviews")).to_contain_text("王老师")
    expect(status.get_by_label("缺口")).to_be_checked()
    _note(page).fill("重新讨论")
    page.click("#withdraw-review")
    expect(page.locator("#reviews")).not_to_contain_text("王老师")
    expect(_note(page)).to_have_value("")
    expect(status.get_by_label("覆盖", exact=True)).to_be_checked()

    # a phone's width: the requirement menu takes the row, 下一条建议复核 goes below it
    page.set_viewport_size({"width": 400, "height": 900})
    menu, button = page.locator("#point").bounding_box(), page.locator("#next-check").bounding_box()
    detail = page.locator("#point-detail").bounding_box()
    assert menu["width"] >= 0.95 * detail["width"] and button["y"] >= menu["y"] + menu["height"]


def test_a_failed_run_clears_the_results_before(page, url, tmp_path):
    std, syllabi = write_inputs(tmp_path / "in", bad=False)
    _analyse(page, url, std, syllabi)
    page.locator('#downloads td.filename[aria-label="report.json"]').wait_for()
    broken = tmp_path / "坏的课程.docx"
    broken.write_bytes(b"not a word document")
    page.locator("#syllabus-upload button[aria-label='清除']").click()
    _upload(page, "syllabus-upload", [broken])
    page.click("#run")
    expect(page.locator("#problems")).to_contain_text("无法分析")
    expect(page.locator("#headline")).to_have_text("")
    expect(page.locator('#downloads td.filename[aria-label="report.json"]')).to_have_count(0)
