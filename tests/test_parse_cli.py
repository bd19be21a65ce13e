"""``align parse`` through the real entry point: JSON per the contract, exit codes and messages."""

from __future__ import annotations

import json

import pytest

from align import cli
from tests.contract import validate_parse
from tests.test_parse_markdown import STANDARD_1X, SYLLABUS_TABLE


@pytest.fixture(autouse=True)
def _parse_command_only(monkeypatch):
    # Only the parse command: these tests must not depend on the other commands' imports.
    monkeypatch.setattr(cli, "COMMANDS", ["parse"])
    # As on a machine without LibreOffice (the conversion itself is tested in test_parse_tabular).
    monkeypatch.setattr("align.parse.read._soffice", lambda: None)


@pytest.fixture
def docs(tmp_path):
    (tmp_path / "std.md").write_text(STANDARD_1X, encoding="utf-8")
    (tmp_path / "course.md").write_text(SYLLABUS_TABLE, encoding="utf-8")
    return tmp_path


def test_parse_json_follows_the_contract(docs, capsys):
    code = cli.main(["parse", str(docs / "std.md"), str(docs / "course.md"), "--json"])
    out = capsys.readouterr().out
    assert code == 0
    data = json.loads(out)
    validate_parse(data)
    std, syl = data["documents"]
    assert std["kind"] == "standard" and std["source"] == str(docs / "std.md")
    assert std["levels"][0]["level"] == "初级"
    assert std["levels"][0]["points"][0] == {
        "id": "1.1.1",
        "text": "能根据设计稿，使用HTML5语义化标签搭建页面结构。",
        "work_area": "静态网页开发",
        "task": "网页结构搭建",
        "knowledge": [],
    }
    assert syl["kind"] == "syllabus" and syl["hours"] == {"total": 64, "theory": 28, "practice": 36}
    assert syl["units"][0] == {
        "title": "项目一 网页基本结构",
        "hours": 6,
        "items": ["HTML文档结构", "常用文本标签与列表", "能编写简单页面", "能使用列表组织内容"],
    }


def test_parse_a_folder_with_a_forced_kind(docs, capsys):
    (docs / "std.md").unlink()
    assert cli.main(["parse", str(docs), "--kind", "syllabus", "--json"]) == 0
    assert [d["course"] for d in json.loads(capsys.readouterr().out)["documents"]] == ["Web前端开发基础"]


def test_parse_without_json_prints_a_summary(docs, capsys):
    assert cli.main(["parse", str(docs / "std.md")]) == 0
    assert "Web前端开发职业技能等级标准: 初级 6, 中级 1 skill points" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("missing.md", None, "file not found"),
        ("empty.docx", b"", "the file is empty"),
        ("broken.docx", b"PK\x03\x04garbage", "not a readable Word document"),
        (
            "old.doc",
            b"\xd0\xcf\x11\xe0 old word",
            "old .doc format cannot be read directly — open it in Word",
        ),
        ("old.wps", b"\xd0\xcf\x11\xe0 old wps", "save it as .docx"),
        ("locked.docx", b"\xd0\xcf\x11\xe0 encrypted package", "password-protected"),
        ("scan.pdf", b"%PDF-1.4\n%%EOF", "not a readable PDF"),
        ("scan.png", b"\x89PNG", "unsupported file type .png"),
        ("notes.md", "# 会议纪要\n\n下学期排课。\n".encode(), "cannot tell whether"),
        # Other things saved under an old Office name: what they are, and what to do.
        (
            "notes.doc",
            b"meeting notes\nnext term\n",
            "not a Word document (.doc) but a text file — rename it to .txt",
        ),
        (
            "page.doc",
            "<html><body><p>课程标准</p></body></html>".encode(),
            "not a Word document (.doc) but a web page (HTML/MHT) saved under a document name — open it in "
            "Word or WPS and save it as .docx",
        ),
        (
            "rich.doc",
            b"{\\rtf1\\ansi {\\fonttbl\\f0 SimSun;} \\u35838?}",
            "not a Word document (.doc) but an RTF document saved under another name — open it in Word or WPS "
            "and save it as .docx",
        ),
        (
            "marks.xls",
            b"name,mark\nli,90\n",
            "not a Excel workbook (.xls) but a text file — rename it to .csv",
        ),
        ("page.xls", b"<html><table><tr><td>1</td></tr></table></html>", "save it as .xlsx"),
        (
            "archive.doc",
            b"PK\x05\x06" + bytes(18),
            "not a Word document (.doc) but a zip archive — unpack it",
        ),
    ],
)
def test_bad_input_exits_2_with_one_line_naming_the_file(tmp_path, capsys, name, content, message):
    path = tmp_path / name
    if content is not None:
        path.write_bytes(content)
    code = cli.main(["parse", str(path), "--json"])
    err = capsys.readouterr().err
    assert code == 2
    assert err.count("\n") == 1 and str(path) in err and message in err
    assert "Traceback" not in err


def test_chinese_text_under_a_doc_name_is_read_as_text(tmp_path, capsys):
    # Office systems export text "for Word": its content is a syllabus, whatever the name says.
    (tmp_path / "course.doc").write_text(SYLLABUS_TABLE, encoding="utf-8")
    (tmp_path / "table.xls").write_text(
        "level,id,work_area,task,text\n初级,1.1.1,网页,结构,能搭建页面。\n", encoding="utf-8"
    )
    assert cli.main(["parse", str(tmp_path / "course.doc"), str(tmp_path / "table.xls"), "--json"]) == 0
    course, table = json.loads(capsys.readouterr().out)["documents"]
    assert course["course"] == "Web前端开发基础" and table["levels"][0]["points"][0]["id"] == "1.1.1"


def test_the_config_option_sets_the_limits_the_hint_names(tmp_path, capsys):
    # A limit's hint says to raise it in the [parse] table of the settings file: align parse takes one.
    (tmp_path / "std.md").write_text(STANDARD_1X, encoding="utf-8")
    settings = tmp_path / "align.toml"
    settings.write_text("[parse]\nmax_line_chars = 20\n", encoding="utf-8")
    assert cli.main(["parse", str(tmp_path / "std.md"), "--config", str(settings)]) == 2
    assert "raise max_line_chars in the [parse] table of the settings file" in capsys.readouterr().err
    settings.write_text("[parse]\nmax_line_chars = 1000\n", encoding="utf-8")
    assert cli.main(["parse", str(tmp_path / "std.md"), "--config", str(settings)]) == 0


def test_a_web_page_named_doc_that_libreoffice_cannot_convert_says_what_it_is(tmp_path, capsys, monkeypatch):
    # LibreOffice is tried first (it reads RTF and some web pages); when it gives nothing back, the
    # message says what the file is rather than "could not convert".
    fake = tmp_path / "soffice"
    fake.write_text("#!/bin/sh\nexit 0\n", encoding="utf-8")
    fake.chmod(0o755)
    monkeypatch.setattr("align.parse.read._soffice", lambda: str(fake))
    (tmp_path / "page.doc").write_text("<!DOCTYPE html><html><body>课程标准</body></html>", encoding="utf-8")
    assert cli.main(["parse", str(tmp_path / "page.doc")]) == 2
    assert "not a Word document (.doc) but a web page (HTML/MHT)" in capsys.readouterr().err
