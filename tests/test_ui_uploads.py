"""Uploads: zips unpacked safely, limits enforced, the standards library kept on disk."""

from __future__ import annotations

import json
import zipfile

import pytest
from ui_docs import STANDARD_MD, STANDARD_NAME

from align.errors import ConfigError
from align.settings import CORPORA_DIR
from align.ui.library import StandardsLibrary
from align.ui.uploads import collect, member_name, safe_name

MB = 2**20


def _zip(path, members, gbk=False):
    with zipfile.ZipFile(path, "w") as zf:
        for name, data in members.items():
            zf.writestr(_placeholder(name) if gbk else name, data)
    if gbk:  # as Windows' built-in zip writes Chinese names: GBK bytes and no UTF-8 flag
        raw = path.read_bytes()
        for name in members:
            raw = raw.replace(_placeholder(name).encode(), name.encode("gbk"))
        path.write_bytes(raw)
    return path


def _placeholder(name):
    return "A" * len(name.encode("gbk"))


def test_zip_members_are_unpacked_under_safe_names_and_escapes_refused(tmp_path):
    archive = _zip(tmp_path / "课程.zip", {
        "课程标准/网页设计.md": "# 课程", "../../etc/evil.md": "x", "/abs/evil2.md": "x",
        "__MACOSX/._网页设计.md": "x", "图片.png": "x", "~$临时.docx": "x",
    })  # fmt: skip
    up = collect([archive], tmp_path / "work", max_files=10, max_bytes=MB)
    assert [up.label(f) for f in up.files] == ["课程.zip › 网页设计.md"]
    [f] = up.files
    assert f.parent == tmp_path / "work" / "zip-0" and f.read_text(encoding="utf-8") == "# 课程"
    assert {name for name, _ in up.problems} == {"课程.zip › ../../etc/evil.md", "课程.zip › /abs/evil2.md"}
    assert not (tmp_path / "etc").exists()


def test_gbk_member_names_from_windows_zips_are_read_as_chinese(tmp_path):
    archive = _zip(tmp_path / "a.zip", {"网页设计基础.md": "# x"}, gbk=True)
    with zipfile.ZipFile(archive) as zf:
        assert member_name(zf.infolist()[0]) == "网页设计基础.md"
    up = collect([archive], tmp_path / "w", 10, MB)
    assert up.files[0].name.endswith("网页设计基础.md")


def test_limits_on_size_count_and_broken_archives(tmp_path):
    big = tmp_path / "大文件.md"
    big.write_bytes(b"x" * (MB + 1))
    archive = _zip(tmp_path / "many.zip", {f"{i}.md": "# x" for i in range(5)})
    broken = tmp_path / "坏.zip"
    broken.write_bytes(b"not a zip")
    up = collect([broken, big, archive], tmp_path / "w", max_files=3, max_bytes=MB)
    assert len(up.files) == 3
    problems = dict(up.problems)
    assert "上限" in problems["大文件.md"] and "数超过上限" in problems["many.zip"]
    assert "不是有效的 zip" in problems["坏.zip"]


def test_safe_name_keeps_only_one_harmless_component():
    assert safe_name("../../a/b/课程.md") == "课程.md"
    assert safe_name("C:\\Users\\x\\课程?.md") == "课程_.md"
    assert safe_name("..") == "document"


@pytest.fixture
def library(tmp_path):
    return StandardsLibrary(CORPORA_DIR / "standards", tmp_path / "standards")


def test_library_lists_the_bundled_standards_by_title(library):
    labels = [e.label for e in library.entries()]
    assert "Web前端开发职业技能等级标准（内置）" in labels
    assert all(e.origin == "bundled" for e in library.entries())


def test_an_uploaded_standard_is_kept_under_a_generated_name_and_listed_after_a_restart(tmp_path, library):
    upload = tmp_path / "upload"
    upload.mkdir()
    evil = upload / "..标准;rm -rf.md"
    evil.write_text(STANDARD_MD, encoding="utf-8")
    entry = library.add(evil, STANDARD_NAME, evil.name)
    assert entry.path.parent == tmp_path / "standards"
    assert entry.path.name != evil.name and entry.path.suffix == ".md" and "rm" not in entry.path.name
    assert library.add(evil, STANDARD_NAME, evil.name) == entry  # the same content is stored once

    again = StandardsLibrary(CORPORA_DIR / "standards", tmp_path / "standards")
    assert again.get(entry.id).path.read_text(encoding="utf-8") == STANDARD_MD
    assert entry.label in [e.label for e in again.entries()]
    index = json.loads((tmp_path / "standards" / "index.json").read_text(encoding="utf-8"))
    assert [v["original"] for v in index.values()] == [evil.name]


def test_two_revisions_of_one_standard_are_told_apart_in_the_menu(tmp_path, library):
    # Same title, same day: the menu names each by its file and the minute it was uploaded.
    first, second = tmp_path / "标准-初稿.md", tmp_path / "标准-修订.md"
    first.write_text(STANDARD_MD, encoding="utf-8")
    second.write_text(STANDARD_MD.replace("。", "；", 1), encoding="utf-8")
    labels = [library.add(f, STANDARD_NAME, f.name).label for f in (first, second)]
    assert labels[0] != labels[1]
    assert labels[0].startswith(f"{STANDARD_NAME}（标准-初稿.md，上传于 20") and labels[1].count(":") == 1


def test_a_copy_of_a_bundled_standard_is_not_stored_twice(tmp_path, library):
    copy = tmp_path / "web.md"
    copy.write_bytes((CORPORA_DIR / "standards" / "web-frontend.md").read_bytes())
    assert library.add(copy, "x", "web.md").id == "bundled:web-frontend.md"
    assert not (tmp_path / "standards").exists()


def test_unknown_library_entry_is_a_clear_error(library):
    with pytest.raises(ConfigError, match="标准库中没有"):
        library.get("user:nothing")
