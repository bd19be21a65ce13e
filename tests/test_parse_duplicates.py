"""The same course given twice among the syllabi is read once, with a warning naming both files; two
versions of a course are both read, with a warning; a standard among the syllabi is left out, said."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from align.cli import main
from align.documents import CourseUnit, Syllabus
from align.parse import load_syllabi
from align.parse.duplicates import unique_courses
from tests.test_parse_markdown import STANDARD_1X, SYLLABUS_TABLE


def syllabus(
    source: str, course: str = "数据分析", items: tuple[str, ...] = ("数据清洗", "数据可视化")
) -> Syllabus:
    return Syllabus(course=course, source=source, units=[CourseUnit("项目一 数据处理", 8, list(items))])


def test_identical_bytes_are_read_once():
    a, b = syllabus("a/数据分析.md"), syllabus("b/数据分析.md")
    kept, warnings = unique_courses([a, b], ["same", "same"])
    assert kept == [a]
    assert [str(w) for w in warnings] == [
        "b/数据分析.md: an identical copy of a/数据分析.md (course 数据分析); the course is read once, from "
        "a/数据分析.md — remove one of the two files"
    ]


def test_the_same_course_and_content_in_two_formats_is_read_once():
    # Spacing and 《》 differ between formats; what is read does not.
    docx = syllabus("数据分析.docx", "《数据分析》", ("数据 清洗", "数据可视化"))
    md = syllabus("数据分析.md")
    kept, warnings = unique_courses([docx, md], ["d1", "d2"])
    assert kept == [docx]
    assert [str(w) for w in warnings] == [
        "数据分析.md: the same course with the same content as 数据分析.docx (course 《数据分析》); the course "
        "is read once, from 数据分析.docx — remove one of the two files"
    ]


def test_the_same_course_with_other_content_is_read_twice_with_a_warning():
    old, new = syllabus("数据分析.md"), syllabus("数据分析-新版.md", items=("数据清洗", "机器学习入门"))
    kept, warnings = unique_courses([old, new], ["d1", "d2"])
    # Both are read, each named with its file: reports key a course by name and would pool the two.
    assert [(s.course, s.units) for s in kept] == [
        ("数据分析（数据分析.md）", old.units),
        ("数据分析（数据分析-新版.md）", new.units),
    ]
    assert [str(w) for w in warnings] == [
        "数据分析-新版.md: the course 数据分析 is also in 数据分析.md, with different content; both are read — "
        "remove the one that is out of date, or give each course its own name"
    ]


def test_the_same_content_under_another_course_name_is_read_twice_with_a_warning():
    a, b = syllabus("数据分析.md"), syllabus("数据挖掘.md", course="数据挖掘")
    kept, warnings = unique_courses([a, b])
    assert kept == [a, b] and len(warnings) == 1
    assert warnings[0].problem.startswith(
        "the same content as 数据分析.md (course 数据分析) under another course name"
    )


def test_different_courses_pass_without_warnings():
    a, b = syllabus("数据分析.md"), syllabus("Python.md", course="Python程序设计", items=("变量", "函数"))
    assert unique_courses([a, b], ["d1", "d2"]) == ([a, b], [])


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    syllabi = tmp_path / "syllabi"
    syllabi.mkdir()
    (syllabi / "Web前端开发基础.md").write_text(SYLLABUS_TABLE, encoding="utf-8")
    return syllabi


def test_load_syllabi_reads_a_copy_once_and_leaves_a_standard_out(folder):
    shutil.copy(folder / "Web前端开发基础.md", folder / "Web前端开发基础-副本.md")
    (folder / "Web前端开发基础.txt").write_text(SYLLABUS_TABLE + "\n\n", encoding="utf-8")  # other bytes
    (folder / "标准.md").write_text(STANDARD_1X, encoding="utf-8")
    kept, warnings = load_syllabi([folder])
    assert [Path(s.source).name for s in kept] == ["Web前端开发基础-副本.md"]
    assert [(Path(w.source).name, w.problem.split(" (")[0]) for w in warnings] == [
        ("标准.md", "this is a skill standard"),
        ("Web前端开发基础.md", "an identical copy of " + str(folder / "Web前端开发基础-副本.md")),
        (
            "Web前端开发基础.txt",
            "the same course with the same content as " + str(folder / "Web前端开发基础-副本.md"),
        ),
    ]
    assert str(warnings[0]) == (
        f"{folder / '标准.md'}: this is a skill standard (职业技能等级标准), not a syllabus (课程标准); it is "
        "left out of the syllabi — give it with --standard, not among the syllabi"
    )


def test_align_run_counts_a_course_once_and_says_what_it_left_out(folder, tmp_path, capsys):
    std = tmp_path / "standard.md"
    std.write_text(STANDARD_1X, encoding="utf-8")
    shutil.copy(folder / "Web前端开发基础.md", folder / "sub-copy.md")
    shutil.copy(std, folder / "standard-copy.md")
    out = tmp_path / "out"
    code = main(
        ["run", "--standard", str(std), "--syllabi", str(folder), "--model", "tfidf", "--out", str(out)]
    )
    stdout, err = capsys.readouterr()
    assert code == 0, err
    assert "(1 course, model tfidf)" in stdout
    courses = json.loads((out / "report.json").read_text(encoding="utf-8"))["courses"]
    assert [c["course"] for c in courses] == ["Web前端开发基础"]
    lines = err.splitlines()
    assert lines[0].startswith(f"align: warning: {folder / 'standard-copy.md'}: this is a skill standard")
    assert lines[1].startswith(f"align: warning: {folder / 'sub-copy.md'}: an identical copy of")
    assert lines[-1] == "align: 2 warnings about the input above"


def test_align_run_warns_of_a_standard_read_with_points_left_out(folder, tmp_path, capsys):
    std = tmp_path / "standard.md"
    std.write_text(
        STANDARD_1X.replace("1.1.2 能使用列表、超链接和图像组织网页内容。", "1.1.2"), encoding="utf-8"
    )
    code = main(
        [
            "run",
            "--standard",
            str(std),
            "--syllabi",
            str(folder),
            "--model",
            "tfidf",
            "--out",
            str(tmp_path / "o"),
        ]
    )
    _, err = capsys.readouterr()
    assert code == 0, err
    assert (
        f"align: warning: {std} (table 1, row 3): skill point 1.1.2 of level 初级 has a number but no text"
        in err
    )


def test_a_syllabus_given_as_the_standard_is_one_clear_error(folder, tmp_path, capsys):
    code = main(
        [
            "run",
            "--standard",
            str(folder / "Web前端开发基础.md"),
            "--syllabi",
            str(folder),
            "--out",
            str(tmp_path / "o"),
        ]
    )
    _, err = capsys.readouterr()
    assert code == 2
    assert err == (
        f"align: error: {folder / 'Web前端开发基础.md'}: this is a syllabus (课程标准), not a skill standard "
        "(职业技能等级标准) — give it with --syllabi, not as a standard\n"
    )


def test_a_standard_given_twice_is_reported_once_and_another_version_is_kept():
    from align.documents import Level, SkillPoint, Standard
    from align.parse.duplicates import unique_standards

    def standard(source: str, text: str = "能使用HTML标签搭建页面结构") -> Standard:
        return Standard("Web前端开发", source, [Level("初级", [SkillPoint("1.1.1", text)])])

    first, copy, revised = (
        standard("web.md"),
        standard("web副本.docx", "能使用 HTML 标签搭建页面结构"),
        standard("web-2021.md", "能使用HTML5语义化标签搭建页面结构"),
    )
    kept, warnings = unique_standards([first, copy, revised])
    assert kept == [first, revised]
    assert [str(w) for w in warnings] == [
        "web副本.docx: the same standard as web.md (Web前端开发); it is reported once, from web.md — "
        "give each standard once"
    ]


def test_align_run_reports_a_standard_given_twice_once(tmp_path, capsys):
    copy = tmp_path / "std副本.md"
    copy.write_text(STANDARD_1X, encoding="utf-8")
    original = tmp_path / "std.md"
    original.write_text(STANDARD_1X, encoding="utf-8")
    (tmp_path / "s").mkdir()
    (tmp_path / "s" / "syl.md").write_text(SYLLABUS_TABLE, encoding="utf-8")
    args = ["run", "--standard", str(original), "--standard", str(copy), "--syllabi", str(tmp_path / "s")]
    assert main([*args, "--model", "tfidf", "--no-cache", "--out", str(tmp_path / "out")]) == 0
    report = json.loads((tmp_path / "out" / "report.json").read_text(encoding="utf-8"))
    assert [s["source"] for s in report["standards"]] == [str(original)]
    assert "the same standard as" in capsys.readouterr().err


def test_two_courses_of_one_name_in_files_of_one_name_are_named_by_their_paths():
    a, b = syllabus("a/数据分析.md"), syllabus("b/数据分析.md", items=("机器学习入门",))
    kept, _ = unique_courses([a, b])
    assert [s.course for s in kept] == ["数据分析（a/数据分析.md）", "数据分析（b/数据分析.md）"]
