"""What the page analyses of what it is given: each standard and each file once, no server path in
its messages, and nothing left of an earlier run when a run fails."""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

import pytest
from ui_docs import STANDARD_MD, STANDARD_NAME, write_inputs

from align.settings import CORPORA_DIR, PROJECT_ROOT
from align.ui.callbacks import NO_LIBRARY, RESULTS
from align.ui.messages_zh import without_server_paths

WEB = "bundled:web-frontend.md"


@pytest.fixture
def inputs(tmp_path):
    std, syllabi = write_inputs(tmp_path / "in", bad=False)
    return str(std), [str(p) for p in syllabi]


def _standards(out) -> list[str]:
    return [sc.standard.name for sc in out["job"].report.standards]


# -- the library menu ------------------------------------------------------------------------------


def test_the_library_menu_can_be_set_back_to_no_standard(cb):
    choices = cb.library_choices()
    assert choices[0] == NO_LIBRARY == ("（不使用标准库）", "")
    assert WEB in [value for _, value in choices[1:]]


def test_a_standard_chosen_from_the_library_and_uploaded_too_counts_once(cb, inputs, tmp_path):
    _, syllabi = inputs
    copy = tmp_path / "我的Web前端标准.md"
    shutil.copyfile(CORPORA_DIR / "standards" / "web-frontend.md", copy)
    out = cb.run([str(copy)], WEB, syllabi, "初级", "")
    assert _standards(out) == ["Web前端开发职业技能等级标准"]
    assert "“Web前端开发职业技能等级标准（内置）”与“我的Web前端标准.md”是同一份标准" in out["problems"]
    assert "只计一次" in out["problems"]


def test_a_newer_copy_under_the_same_title_counts_once_and_the_upload_is_used(cb, inputs, tmp_path):
    std, syllabi = inputs
    cb.run([std], "", syllabi, "", "")  # the upload joins the library
    [entry] = [e for e in cb.service.library.entries() if e.origin == "uploaded"]
    revised = tmp_path / "标准（修订）.md"
    revised.write_text(STANDARD_MD.replace("2.1.1 能配置Nginx", "2.1.1 能配置Apache"), encoding="utf-8")
    out = cb.run([str(revised)], entry.id, syllabi, "", "")
    assert _standards(out) == [STANDARD_NAME]
    points = [p.point.text for p in out["job"].report.standards[0].levels[0].points]
    assert any("Apache" in text for text in points)  # the file just uploaded, not the library's
    assert "按“标准（修订）.md”分析" in out["problems"]


def test_two_different_standards_are_both_analysed(cb, inputs):
    std, syllabi = inputs
    out = cb.run([std], WEB, syllabi, "", "")
    assert _standards(out) == ["Web前端开发职业技能等级标准", STANDARD_NAME]
    assert "只计一次" not in out["problems"]


# -- the same syllabus twice ---------------------------------------------------------------------------


def test_a_syllabus_uploaded_twice_is_read_once_and_the_copies_are_listed(cb, inputs, tmp_path):
    std, syllabi = inputs
    once = cb.run([std], "", syllabi, "", "")
    renamed = tmp_path / "网页设计基础（副本）.md"
    shutil.copyfile(syllabi[0], renamed)
    archive = tmp_path / "全部课程.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.write(syllabi[1], "JavaScript程序设计.md")
    twice = cb.run([std], "", [*syllabi, str(renamed), str(archive)], "", "")
    assert [s.course for s in twice["job"].report.syllabi] == ["网页设计基础", "JavaScript程序设计"]
    assert twice["headline"] == once["headline"]  # the figures do not change
    assert "已忽略重复文件：网页设计基础（副本）.md（与 网页设计基础.md 内容相同）" in twice["problems"]
    assert "全部课程.zip › JavaScript程序设计.md（与 JavaScript程序设计.md 内容相同）" in twice["problems"]
    assert "未能使用" not in twice["problems"]  # a copy is no problem: it is a notice


def test_one_course_in_two_layouts_counts_once_and_the_page_says_so(cb, inputs, tmp_path):
    std, syllabi = inputs
    once = cb.run([std], "", syllabi, "", "")
    relaid = tmp_path / "网页设计基础-新版.md"  # other bytes (spacing), the same course and content
    relaid.write_text(Path(syllabi[0]).read_text(encoding="utf-8").replace("|", " | "), encoding="utf-8")
    twice = cb.run([std], "", [*syllabi, str(relaid)], "", "")
    assert [s.course for s in twice["job"].report.syllabi] == ["网页设计基础", "JavaScript程序设计"]
    assert twice["headline"] == once["headline"]
    assert (
        "网页设计基础-新版.md：与 网页设计基础.md（课程 网页设计基础）是同一门课程、内容相同"
        in twice["problems"]
    )


def test_what_a_parser_left_out_is_listed_in_chinese(cb, inputs, tmp_path):
    _, syllabi = inputs
    std = tmp_path / "缺内容的标准.md"
    std.write_text(STANDARD_MD.replace("1.1.2 能使用CSS3盒子模型完成页面布局。", "1.1.2"), encoding="utf-8")
    out = cb.run([str(std)], "", syllabi, "", "")
    assert "缺内容的标准.md：" in out["problems"]
    assert "初级的技能要求 1.1.2 只有编号、没有内容，已略去" in out["problems"]
    assert "/tmp" not in out["problems"] and "left out" not in out["problems"]


# -- no server path on the page ------------------------------------------------------------------------


def test_a_library_standard_is_named_in_messages_by_its_title_not_its_file(cb, inputs):
    _, syllabi = inputs
    with pytest.warns(UserWarning):
        out = cb.run(None, WEB, syllabi, "五级", "")
    assert "“Web前端开发职业技能等级标准”中没有“五级”这一等级" in out["problems"]
    assert "Web前端开发职业技能等级标准（内置）" in out["problems"]
    assert str(CORPORA_DIR) not in out["problems"] and "web-frontend.md" not in out["problems"]


def test_server_paths_are_cut_to_their_names():
    assert without_server_paths(f"{PROJECT_ROOT}/corpora/standards/a.md：坏了") == "a.md：坏了"
    assert (
        without_server_paths("找不到模型文件夹 /srv/align/models/bge。请管理员")
        == "找不到模型文件夹 bge。请管理员"
    )
    assert without_server_paths("no model folder ~/models/bge here") == "no model folder bge here"
    assert without_server_paths(r"C:\align\data\review.db：无法打开") == "review.db：无法打开"
    for kept in (
        "HTML/MHT",
        "（.doc/.xls）",
        "PDF/.docx",
        "BAAI/bge-small-zh-v1.5",
        "http://a/b/c",
        "课程.zip › a/b.md",
    ):
        assert without_server_paths(kept) == kept


# -- a failed run ---------------------------------------------------------------------------------------


def test_a_failed_run_clears_the_results_of_the_one_before(cb, inputs, tmp_path):
    std, syllabi = inputs
    good = cb.run([std], "", syllabi, "", "")
    assert good["job"] is not None and good["downloads"]
    broken = tmp_path / "坏的课程.docx"
    broken.write_bytes(b"not a word document")
    with pytest.warns(UserWarning, match="没有可用的课程标准"):
        bad = cb.run([std], "", [str(broken)], "", "")
    assert set(bad) == set(RESULTS)  # every output is given a value: nothing of the last run is left
    assert bad["job"] is None and bad["downloads"] is None and bad["headline"] == "" and bad["heatmap"] == ""
    assert all(
        bad[name] is None for name in ("levels", "bars", "gaps", "evidence", "reviews", "stale", "audit")
    )
    assert bad["point"]["choices"] == [] and bad["view"]["choices"] == [] and bad["units"]["choices"] == []
    assert bad["detail"] == "" and bad["note"] == "" and bad["scope"] == ""
    assert "无法分析" in bad["problems"] and "坏的课程.docx" in bad["problems"]
