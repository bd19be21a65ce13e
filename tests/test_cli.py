"""The command line through its real entry point: exit codes, messages and the files written."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest

from align.cli import main
from tests.contract import validate_parse, validate_report
from tests.ui_docs import STANDARD_MD, STANDARD_NAME

SYLLABUS_MD = """# 《网页设计基础》课程标准

## 一、课程基本信息
| 课程名称 | 网页设计基础 | 课程代码 | 0312101 |
|---|---|---|---|
| 学分 | 2 | 总学时 | 14 |
| 理论学时 | 6 | 实践学时 | 8 |

## 二、课程目标
1. 能够搭建结构清晰的网页。

## 三、课程内容与学时安排
| 序号 | 教学单元 | 教学内容 | 教学要求 | 学时 |
|---|---|---|---|---|
| 1 | 项目一 网页结构 | 1. 使用HTML5语义化标签搭建网页的基本结构；2. 常用文本标签与列表标签。 | 能编写规范的网页结构。 | 6 |
| 2 | 项目二 页面布局 | 1. 运用CSS3盒子模型与浮动完成页面布局。 | 能完成常见的页面布局。 | 8 |

## 四、考核评价
过程考核占60%，期末考核占40%。
"""


@pytest.fixture
def inputs(tmp_path: Path) -> tuple[Path, Path]:
    std = tmp_path / "standard.md"
    std.write_text(STANDARD_MD, encoding="utf-8")
    syllabi = tmp_path / "syllabi"
    syllabi.mkdir()
    (syllabi / "网页设计基础.md").write_text(SYLLABUS_MD, encoding="utf-8")
    return std, syllabi


def run_args(standard, syllabi, out, *options) -> list:
    """``align run`` on these inputs, with ``options`` (e.g. ``"--model", "tfidf"``)."""
    return ["run", "--standard", standard, "--syllabi", syllabi, *options, "--out", out]


def run_cli(args: list[str], capsys) -> tuple[int, str, str]:
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


def test_run_writes_every_report_and_prints_a_summary(inputs, tmp_path, capsys):
    std, syllabi = inputs
    out = tmp_path / "out"
    code, stdout, err = run_cli(run_args(std, syllabi, out, "--model", "tfidf"), capsys)
    assert code == 0, err
    for name in ("report.json", "report.xlsx", "report.html", "report.csv"):
        assert (out / name).stat().st_size > 0
    data = json.loads((out / "report.json").read_text(encoding="utf-8"))
    validate_report(data)
    [standard] = data["standards"]
    assert [lv["level"] for lv in standard["levels"]] == ["初级", "中级"]
    points = {p["id"]: p for p in standard["levels"][0]["points"]}
    assert points["1.1.1"]["evidence"][0]["unit"] == "项目一 网页结构"
    assert points["2.1.1"]["status"] == "gap"
    assert STANDARD_NAME in stdout and "初级" in stdout
    # The workbook holds the same points as the JSON.
    wb = openpyxl.load_workbook(out / "report.xlsx")
    cells = {str(c.value) for ws in wb.worksheets for row in ws.iter_rows() for c in row if c.value}
    assert {"1.1.1", "1.1.2", "2.1.1"} <= cells


def test_level_option_limits_the_report(inputs, tmp_path, capsys):
    std, syllabi = inputs
    code, _, err = run_cli(
        run_args(std, syllabi, tmp_path / "o", "--model", "tfidf", "--level", "中级"), capsys
    )
    assert code == 0, err
    data = json.loads((tmp_path / "o" / "report.json").read_text(encoding="utf-8"))
    assert [lv["level"] for lv in data["standards"][0]["levels"]] == ["中级"]


def _missing_lexicon(tmp: Path) -> Path:
    settings = tmp / "align.toml"
    settings.write_text(
        f'lexicons = ["{(tmp / "词表.tsv").as_posix()}"]\n[match]\nmodel = "tfidf"\n', encoding="utf-8"
    )
    return settings


@pytest.mark.parametrize(
    ("make_args", "expected"),
    [
        (lambda std, syl, tmp: run_args(tmp / "missing.md", syl, tmp / "o"), "missing.md"),
        (lambda std, syl, tmp: run_args(std, syl, tmp / "o", "--level", "特级", "--model", "tfidf"), "特级"),
        (lambda std, syl, tmp: run_args(std, tmp / "empty", tmp / "o", "--model", "tfidf"), "empty"),
        (lambda std, syl, tmp: run_args(std, syl, tmp / "o", "--model", tmp / "no-model"), "no-model"),
        (lambda std, syl, tmp: run_args(std, syl, tmp / "o", "--config", _missing_lexicon(tmp)), "词表.tsv"),
    ],
    ids=["missing-standard", "unknown-level", "no-syllabi", "missing-model", "missing-lexicon"],
)
def test_bad_input_exits_2_with_one_clear_line(inputs, tmp_path, capsys, make_args, expected):
    std, syllabi = inputs
    (tmp_path / "empty").mkdir()
    code, _, err = run_cli(make_args(std, syllabi, tmp_path), capsys)
    assert code == 2
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("align: error:") and expected in lines[0]
    assert "Traceback" not in err
    assert not (tmp_path / "o" / "report.json").exists()


def test_an_output_folder_that_is_a_file_is_refused_before_matching(inputs, tmp_path, capsys, monkeypatch):
    import align.pipeline

    def no_matching(*args, **kwargs):
        raise AssertionError("matched although the reports could not be written")

    monkeypatch.setattr(align.pipeline, "align_documents", no_matching)
    std, syllabi = inputs
    (tmp_path / "afile").write_text("", encoding="utf-8")
    code, _, err = run_cli(run_args(std, syllabi, tmp_path / "afile", "--model", "tfidf"), capsys)
    assert code == 2
    assert err == f"align: error: {tmp_path / 'afile'}: a file, not a folder — give --out a folder\n"


def test_a_report_that_cannot_be_written_leaves_the_earlier_set_whole(inputs, tmp_path, capsys, monkeypatch):
    import align.report.html

    std, syllabi = inputs
    out = tmp_path / "out"
    assert run_cli(run_args(std, syllabi, out, "--model", "tfidf", "--level", "初级"), capsys)[0] == 0
    before = {p.name: p.read_bytes() for p in out.iterdir()}

    def disk_full(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(align.report.html, "write_html", disk_full)
    code, _, err = run_cli(run_args(std, syllabi, out, "--model", "tfidf"), capsys)  # every level now
    assert code == 2
    assert err == (
        f"align: error: {out}: cannot write the reports (No space left on device) — check the folder's "
        "permissions and free space, or write the reports to another folder\n"
    )
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before  # json written first: not put in place


def test_reports_written_inside_the_syllabi_folder_are_not_read_as_syllabi(inputs, capsys):
    std, syllabi = inputs
    for _ in range(2):
        code, stdout, err = run_cli(run_args(std, syllabi, syllabi, "--model", "tfidf"), capsys)
        assert code == 0, err
        assert "(1 course, model tfidf)" in stdout  # not its own report.csv as a second course


def test_a_file_name_that_is_not_utf8_is_read_and_reported(inputs, tmp_path, capsys):
    import os

    std, syllabi = inputs
    gbk = os.fsdecode("网页设计基础.md".encode("gbk"))  # as a zip made on Chinese Windows unpacks it
    try:
        (syllabi / "网页设计基础.md").rename(syllabi / gbk)
    except (OSError, UnicodeError):
        pytest.skip("this file system takes only UTF-8 names")
    code, _, err = run_cli(run_args(std, syllabi, tmp_path / "out", "--model", "tfidf"), capsys)
    assert code == 0, err
    data = json.loads((tmp_path / "out" / "report.json").read_text(encoding="utf-8"))
    assert data["courses"][0]["source"].endswith("网页设计基础.md")


def test_parse_json_follows_the_contract(inputs, capsys):
    std, syllabi = inputs
    code, out, err = run_cli(["parse", std, syllabi / "网页设计基础.md", "--json"], capsys)
    assert code == 0, err
    data = json.loads(out)
    validate_parse(data)
    standard, syllabus = data["documents"]
    assert standard["kind"] == "standard" and syllabus["kind"] == "syllabus"
    assert standard["levels"][0]["points"][1] == {
        "id": "1.1.2",
        "text": "能使用CSS3盒子模型完成页面布局。",
        "work_area": "静态网页开发",
        "task": "网页结构搭建",
        "knowledge": [],
    }
    assert syllabus["hours"] == {"total": 14, "theory": 6, "practice": 8}
    assert [u["hours"] for u in syllabus["units"]] == [6, 8]


def test_console_script_help_is_instant_and_has_an_example():
    done = subprocess.run(
        [sys.executable, "-m", "align", "run", "--help"], capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0
    assert "example" in done.stdout and "--standard" in done.stdout


def test_usage_error_exits_2(capsys):
    with pytest.raises(SystemExit) as exc:
        main(["run", "--out", "x"])
    assert exc.value.code == 2


def test_a_reader_that_stops_early_ends_the_command_quietly():
    # `align parse … | head`: the pipe closes while align is still writing (more than a pipe's
    # 64 KiB buffer here); a shell tool stops without a message.
    corpora = Path(__file__).resolve().parents[1] / "corpora"
    command = [sys.executable, "-m", "align", "parse", "--json", str(corpora / "syllabi")]
    with subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE) as proc:
        assert proc.stdout.read(100)
        proc.stdout.close()
        stderr = proc.stderr.read().decode()
        assert proc.wait(timeout=120) == 141
    assert stderr == ""


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--methods", "dense,nope"], "unknown method 'nope'"),
        (["--methods", ","], "--methods names no method"),
        (["--json", "/nonexistent/dir/x.json"], "give a file in an existing folder"),
        (["--draws", "2"], "--draws needs --courses K"),
        (["--courses", "0"], "--courses and --draws must be at least 1"),
        (["--corpora", "{tmp}"], "no labels/splits.toml"),
        (["--in-sample", "--courses", "2"], "--in-sample measures all courses"),
    ],
)
def test_evaluate_checks_its_arguments_before_any_method_runs(tmp_path, capsys, extra, message):
    # Each method takes tens of seconds: a mistake must not wait for them, nor end in a traceback.
    assert main(["evaluate", *(a.replace("{tmp}", str(tmp_path)) for a in extra)]) == 2
    err = capsys.readouterr().err
    assert message in err and err.count("\n") == 1
