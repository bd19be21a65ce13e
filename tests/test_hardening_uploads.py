"""What the page does with hostile uploads, without a browser: one line per bad file, bounded disk use."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from ui_docs import FAST

from align.errors import ConfigError
from align.review import ReviewError
from align.review.decide import save_decision
from align.ui.config import ServeSettings, with_overrides
from align.ui.service import JobError, Service
from align.ui.uploads import MAX_ZIP_MEMBERS, collect
from tests.badinput import (
    STANDARD_BLOCKS,
    STANDARD_MD,
    SYLLABUS_TEXT,
    docx_entity_expansion,
    docx_zip_bomb,
    pdf_flate_bomb,
    xlsx_far_cell,
)
from tests.parse_docgen import to_docx, to_pdf

MB = 2**20


@pytest.fixture
def service(tmp_path):
    svc = Service(FAST, ServeSettings(data_dir=tmp_path / "data"))
    yield svc
    svc.store.close()


def test_every_bad_upload_is_one_line_naming_what_is_wrong_and_the_rest_is_analysed(service, tmp_path):
    up = tmp_path / "up"
    up.mkdir()
    (up / "标准.md").write_text(STANDARD_MD, encoding="utf-8")
    (up / "Linux.txt").write_bytes(SYLLABUS_TEXT.encode("gbk"))
    bad = {
        "炸弹.docx": docx_zip_bomb(up / "炸弹.docx"),
        "实体.docx": docx_entity_expansion(up / "实体.docx"),
        "膨胀.pdf": pdf_flate_bomb(up / "膨胀.pdf", size=300 * MB),
        "乱码.pdf": up / "乱码.pdf",
        "空.docx": up / "空.docx",
        "网页.docx": up / "网页.docx",
        "远单元格.xlsx": xlsx_far_cell(up / "远单元格.xlsx"),
    }
    (up / "乱码.pdf").write_bytes(bytes(range(256)) * 40)
    (up / "空.docx").write_bytes(b"")
    (up / "网页.docx").write_text("<html><body>课程</body></html>", encoding="utf-8")
    job = service.analyse([up / "标准.md"], [], [up / "Linux.txt", *bad.values()])
    assert [s.course for s in job.report.syllabi] == ["Linux操作系统"]
    problems = dict(job.problems)
    assert set(problems) == set(bad)
    for name, message in problems.items():
        assert "\n" not in message and str(tmp_path) not in message, (name, message)
        assert " — " in message or "；" in message or "。" in message, (name, message)
    # the page speaks Chinese (align/ui/messages_zh.py); the CLI keeps the parsers' English
    assert "压缩炸弹" in problems["炸弹.docx"]
    assert "文档类型声明" in problems["实体.docx"]
    assert "解压后超过 64 MB" in problems["膨胀.pdf"]
    assert "网页" in problems["网页.docx"]
    assert "职业技能等级标准" in problems["远单元格.xlsx"]


def test_a_document_is_recognised_by_its_content_whatever_its_name(service, tmp_path):
    std = to_docx(STANDARD_BLOCKS, tmp_path / "standard.docx")
    renamed = tmp_path / "标准.zip"  # a Word file is a zip too: it must not be unpacked
    renamed.write_bytes(std.read_bytes())
    pdf = tmp_path / "课程.docx"
    pdf.write_bytes(to_pdf(STANDARD_BLOCKS, tmp_path / "x.pdf").read_bytes())
    up = collect([renamed, pdf], tmp_path / "work", 10, MB)
    assert up.files == [renamed, pdf] and not up.problems
    assert service.standard_levels([], [pdf]) == ["初级"]
    syl = tmp_path / "Linux.txt"
    syl.write_text(SYLLABUS_TEXT, encoding="utf-8")
    job = service.analyse([renamed], [], [syl])
    assert job.report.standards[0].standard.name == "网页设计职业技能等级标准"


def test_zip_members_count_towards_one_bound_on_the_bytes_of_an_upload(tmp_path):
    archive = tmp_path / "课程.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zf:
        for i in range(3):
            zf.writestr(f"{i}.md", "# 课程\n" + "内容" * 200_000)  # 1.2 MB each, compressed to a few KB
    up = collect([archive], tmp_path / "w", max_files=10, max_bytes=2 * MB, max_total=3 * MB)
    assert len(up.files) == 2
    assert "合计超过 3 MB" in dict(up.problems)["课程.zip"]
    assert sum(f.stat().st_size for f in up.files) <= 3 * MB


def test_a_zip_listing_too_many_members_is_refused_without_unpacking(tmp_path):
    archive = tmp_path / "many.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        for i in range(MAX_ZIP_MEMBERS + 1):
            zf.writestr(f"{i}.md", "")
    up = collect([archive], tmp_path / "w", max_files=10, max_bytes=MB)
    assert not up.files and "条目超过" in dict(up.problems)["many.zip"]
    assert not (tmp_path / "w").exists() or not any((tmp_path / "w").rglob("*.md"))


def test_the_whole_run_is_bounded_across_both_boxes(tmp_path):
    svc = Service(FAST, ServeSettings(data_dir=tmp_path / "d", max_file_mb=1, max_total_mb=1))
    try:
        std = tmp_path / "标准.md"
        padding = "\n" + ("说明" * 50 + "\n") * 2000  # 0.6 MB
        std.write_text(STANDARD_MD + padding, encoding="utf-8")
        syl = tmp_path / "Linux.md"
        syl.write_text(SYLLABUS_TEXT + padding, encoding="utf-8")
        with pytest.raises(JobError) as err:
            svc.analyse([std], [], [syl])
        assert "Linux.md：上传的文件合计超过 1 MB 的上限" in str(err.value)
    finally:
        svc.store.close()


def test_free_text_is_bounded_where_it_is_stored(service, tmp_path):
    from ui_docs import make_report

    report = make_report()
    with pytest.raises(ReviewError, match="审核意见过长"):
        save_decision(service.store, report, (0, 0, 0), "软件技术", "confirm", "王老师", note="意" * 5000)
    with pytest.raises(ReviewError, match="审核人姓名过长"):
        save_decision(service.store, report, (0, 0, 0), "软件技术", "confirm", "王" * 100)
    assert service.store.decisions() == []
    with pytest.raises(JobError, match="专业名称过长"):
        service.analyse([], [], [], scope="专" * 500)


def test_listening_beyond_this_machine_without_protection_is_warned_about(tmp_path):
    assert ServeSettings().exposure_warning() == ""
    open_page = ServeSettings(host="0.0.0.0").exposure_warning()
    assert "without a password" in open_page and "without https" in open_page
    assert open_page.count("\n") == 0
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    cert.write_text("x")
    key.write_text("x")
    safe = ServeSettings(host="0.0.0.0", username="教务处", password="pw", ssl_certfile=cert, ssl_keyfile=key)
    assert safe.exposure_warning() == ""
    with pytest.raises(ConfigError, match="set both ssl_certfile and ssl_keyfile"):
        with_overrides(ServeSettings(), ssl_certfile=cert)
    with pytest.raises(ConfigError, match="does not exist"):
        with_overrides(ServeSettings(), ssl_certfile=tmp_path / "nope.pem", ssl_keyfile=key)


def test_reports_are_written_under_generated_names_only(service, tmp_path):
    hostile = tmp_path / "..%2F..%2Fetc;rm -rf ~.md"
    hostile.write_text(STANDARD_MD, encoding="utf-8")
    syl = tmp_path / "Linux.md"
    syl.write_text(SYLLABUS_TEXT, encoding="utf-8")
    job = service.analyse([hostile], [], [syl])
    assert job.out_dir.parent == service.serve.runs_dir and len(job.out_dir.name) == 32
    assert sorted(p.name for p in job.out_dir.iterdir()) == [
        "report.csv",
        "report.html",
        "report.json",
        "report.xlsx",
    ]
    stored = [p.name for p in service.serve.library_dir.iterdir()]
    assert all("rm" not in n and ".." not in n for n in stored), stored
    assert Path(job.report.standards[0].standard.source).name == hostile.name  # shown, never used as a path
