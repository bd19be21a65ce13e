"""The page as built: Gradio's own upload messages put into Chinese, the review menu on a phone, the
library menu that can be cleared. (tests/test_ui_browser.py checks the same in a real browser.)"""

from __future__ import annotations

import json
import re
from pathlib import Path

import gradio
import pytest
from ui_docs import FAST

from align.ui.config import ServeSettings
from align.ui.messages_zh import CLIENT_MESSAGES
from align.ui.page import POINT_MIN_WIDTH, build_app, client_messages_script, launch

GRADIO = Path(gradio.__file__).parent
HANZI = re.compile(r"[\u4e00-\u9fff]")

#: What Gradio writes when it refuses an upload (one example of each), and the Chinese the page shows.
REFUSALS = {
    'File(s) exceed the maximum allowed size of 50.0 Mb: "大文件.pdf", "b.docx"':
        '文件超过 50 MB 的上限，未能上传："大文件.pdf", "b.docx"。请压缩或拆分后再上传',
    'HTTP 413: {"detail":"File size exceeded maximum allowed size of 52428800 bytes."}':
        "文件超过 50 MB 的上限，未能上传。请压缩或拆分后再上传",
    'HTTP 400: {"detail":"Too many files. Maximum number of files is 1000."}':
        "一次选择的文件太多，未能上传。请分批上传，或打包为 zip 后上传",
    "Invalid file types: 程序.exe, 图.png. Only .docx, .pdf allowed.":
        "不支持的文件类型：程序.exe, 图.png。只能上传 .docx, .pdf 文件",
}  # fmt: skip


def _in_chinese(message: str, limit: int = 50) -> str:
    """What the page's script does to a notice, done in Python (the rules are valid in both)."""
    for pattern, chinese in CLIENT_MESSAGES:
        if re.search(pattern, message):
            template = re.sub(r"\$(\d)", r"\\\1", chinese.replace("{limit}", str(limit)))
            return re.sub(pattern, template, message)
    return message


@pytest.fixture
def app(tmp_path):
    app = build_app(FAST, ServeSettings(data_dir=tmp_path / "data"))
    yield app
    app.align_service.store.close()


def _component(app, elem_id: str) -> dict:
    return next(c for c in app.config["components"] if c["props"].get("elem_id") == elem_id)


def test_gradio_still_writes_the_upload_refusals_the_page_translates():
    # If a Gradio upgrade rewords them, the page shows them in English again: update CLIENT_MESSAGES.
    client = "".join(
        p.read_text(errors="ignore") for p in (GRADIO / "templates/frontend/assets").glob("*.js")
    )
    assert "File(s) exceed the maximum allowed size of ${" in client
    assert "Invalid file type${" in client and "allowed.`" in client
    assert "{error:`HTTP ${" in client
    assert "Too many files. Maximum number of files is" in (GRADIO / "route_utils.py").read_text()


def test_each_upload_refusal_is_shown_in_chinese():
    for english, chinese in REFUSALS.items():
        assert _in_chinese(english) == chinese
    assert _in_chinese("分析失败") == "分析失败"  # anything else is left as it is


def test_the_page_carries_the_translation_with_the_servers_size_limit(tmp_path, monkeypatch):
    script = client_messages_script(20)
    rules = json.loads(re.search(r"const rules = (\[.*?\]).map", script, re.S)[1])
    assert len(rules) == len(CLIENT_MESSAGES) and "文件超过 20 MB 的上限" in rules[0][1]
    assert 'data-testid="toast-text"' in script and script.startswith("<script>")

    serve = ServeSettings(data_dir=tmp_path / "data", max_file_mb=20)
    app = build_app(FAST, serve)
    given = {}
    monkeypatch.setattr(app, "launch", lambda **options: given.update(options))
    monkeypatch.setattr(app.align_service.engine, "warm_up", lambda: None)
    try:
        launch(app, serve, block=False, quiet=True)
    finally:
        app.align_service.store.close()
    assert given["head"] == script and given["max_file_size"] == "20mb"


def test_the_upload_boxes_state_the_limits_before_a_file_is_chosen(app):
    for box in ("standard-upload", "syllabus-upload"):
        assert "每个文件不超过 50 MB，一次最多 200 个" in _component(app, box)["props"]["label"]


def test_the_requirement_menu_takes_the_whole_row_on_a_narrow_screen(app):
    # Gradio gives the menu min-width: min(420px, 100%): beside its button on a wide screen, alone on
    # its row (the button below) on a phone's 400 px.
    point = _component(app, "point")
    assert point["props"]["min_width"] == POINT_MIN_WIDTH >= 400
    row = _component(app, "point-row")
    assert row["type"] == "row"


def test_the_library_menu_starts_on_no_standard(app):
    library = _component(app, "library")["props"]
    assert library["value"] == "" and tuple(library["choices"][0]) == ("（不使用标准库）", "")
