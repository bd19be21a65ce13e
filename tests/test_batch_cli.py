"""``align batch`` through the real entry point: exit codes, messages, what a re-run prints."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

import align.batch
import align.cli
from align.cli import main
from tests.batch_college import make_college, read_json

SETTINGS = '[match]\nmodel = "tfidf"\nmethod = "dense"\nclauses = false\n'


@pytest.fixture(autouse=True)
def _batch_command(monkeypatch):
    if "batch" not in align.cli.COMMANDS:  # until the command is registered in align/cli.py
        monkeypatch.setattr(align.cli, "COMMANDS", [*align.cli.COMMANDS, "batch"])


@pytest.fixture
def college(tmp_path):
    config = make_college(tmp_path, ["json", "csv"])
    (tmp_path / "align.toml").write_text(SETTINGS, encoding="utf-8")
    config.write_text('settings = "align.toml"\n' + config.read_text(encoding="utf-8"), encoding="utf-8")
    return config


def run(capsys, *args) -> tuple[int, str, str]:
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


def test_batch_runs_then_skips_what_did_not_change(college, tmp_path, capsys):
    out = tmp_path / "out"
    code, stdout, err = run(capsys, "batch", college, "--out", out, "--jobs", "1")
    assert code == 0, err
    assert "3 majors: 3 finished (3 computed, 0 unchanged), 0 failed" in stdout
    assert f"summary: {out.resolve() / 'summary.json'}" in stdout
    assert "done     软件技术: Web前端开发职业技能等级标准" in err  # the log, shown while it runs
    assert read_json(out / "summary.json")["models"] == ["tfidf"]  # the config's settings file was used

    code, stdout, err = run(capsys, "batch", college, "--out", out, "--quiet")
    assert code == 0 and "3 finished (0 computed, 3 unchanged)" in stdout and err == ""

    # Batch options from the settings file count as changed settings too.
    settings = tmp_path / "align.toml"
    settings.write_text(SETTINGS + "[batch]\nweakest = 1\n", encoding="utf-8")
    code, stdout, err = run(capsys, "batch", college, "--out", out, "--quiet")
    assert code == 0 and "3 finished (3 computed, 0 unchanged)" in stdout, err


def test_command_line_flags_override_the_config(college, tmp_path, capsys):
    out = tmp_path / "out"
    code, _, err = run(capsys, "batch", college, "--out", out, "--jobs", "1", "--level", "初级", "--quiet")
    assert code == 0, err
    report = read_json(out / "majors" / "软件技术" / "report.json")
    assert [lv["level"] for lv in report["standards"][0]["levels"]] == ["初级"]


def test_a_failed_major_is_listed_the_others_finish_and_the_status_says_so(college, tmp_path, capsys):
    out = tmp_path / "out"
    assert run(capsys, "batch", college, "--out", out, "--jobs", "1", "--quiet")[0] == 0
    assert (out / "majors" / "大数据技术" / "report.json").is_file()

    (tmp_path / "majors" / "大数据技术" / "坏文件.md").write_text("", encoding="utf-8")
    code, stdout, err = run(capsys, "batch", college, "--out", out, "--jobs", "1", "--quiet")
    assert code == 2  # a nightly job notices; the other majors' reports and the summary are written
    assert "2 finished" in stdout and "1 failed" in stdout
    assert "failed 大数据技术: " in stdout and "坏文件.md" in stdout
    assert err.startswith(
        "align: error: 1 of 3 majors failed (the other reports and the summary are written)"
    )
    assert err.count("\n") == 1
    assert (out / "summary.html").is_file() and (out / "majors" / "软件技术" / "report.json").is_file()
    # The failed major's earlier reports are gone: none of its folder's files looks current.
    assert not list((out / "majors" / "大数据技术").glob("report.*"))


def test_a_library_standard_left_out_is_listed_and_in_the_status(college, tmp_path, capsys):
    library = next(p for p in (tmp_path / "standards").iterdir() if p.suffix == ".md").parent
    (library / "坏标准.md").write_text("# 只有标题\n", encoding="utf-8")
    code, stdout, err = run(capsys, "batch", college, "--out", tmp_path / "out", "--jobs", "1", "--quiet")
    assert code == 2
    assert "left out of the library: " in stdout and "坏标准.md" in stdout
    assert "0 of 3 majors failed and 1 standard file(s) were left out of the library" in err


def test_an_output_folder_that_cannot_be_written_is_refused_before_any_work(college, tmp_path, capsys):
    (tmp_path / "afile").write_text("", encoding="utf-8")
    code, _, err = run(capsys, "batch", college, "--out", tmp_path / "afile", "--quiet")
    assert code == 2
    assert err == f"align: error: {tmp_path / 'afile'}: a file, not a folder — give --out a folder\n"


def test_no_major_finished_is_exit_2(tmp_path, capsys):
    (tmp_path / "standards").mkdir()
    (tmp_path / "majors" / "空专业").mkdir(parents=True)
    (tmp_path / "standards" / "s.md").write_text("# 空\n", encoding="utf-8")
    code, _, err = run(capsys, "batch", tmp_path, "--out", tmp_path / "out", "--model", "tfidf", "--quiet")
    assert code == 2
    assert err.startswith("align: error: no major finished") and err.count("\n") == 1


@pytest.mark.parametrize(
    ("edit", "args", "message"),
    [
        (lambda c: c.write_text(c.read_text(encoding="utf-8") + "colour = 1\n", encoding="utf-8"), [],
         "unknown key(s) colour"),
        (lambda c: (c.parent / "align.toml").write_text(SETTINGS + "[batch]\nauto_tpo = 2\n", encoding="utf-8"),
         [], "align.toml [batch]: unknown setting(s) auto_tpo; known: auto_top, "),
        (lambda c: None, ["--workers", "0"], "--workers must be at least 1"),
        (lambda c: c.unlink(), [], "batch config not found"),
    ],
)  # fmt: skip
def test_a_bad_config_is_exit_2_with_one_line(college, tmp_path, capsys, edit, args, message):
    edit(college)
    code, _, err = run(capsys, "batch", college, "--out", tmp_path / "out", *args)
    assert code == 2
    assert message in err and err.count("\n") == 1 and "Traceback" not in err


def test_a_bug_in_one_major_is_exit_1_after_the_others_finish(college, tmp_path, capsys, monkeypatch):
    import align.batch.job as job_module

    real = job_module._compute

    def buggy(job, timing):
        if job.spec.name == "计算机应用技术":
            raise ZeroDivisionError("division by zero")
        return real(job, timing)

    monkeypatch.setattr(job_module, "_compute", buggy)
    out = tmp_path / "out"
    code, stdout, _ = run(capsys, "batch", college, "--out", out, "--jobs", "1", "--quiet")
    assert code == 1
    assert "2 finished" in stdout and "internal error: ZeroDivisionError: division by zero" in stdout
    assert (out / "majors" / "大数据技术" / "manifest.json").exists()


def test_batch_options_settings_file_then_batch_config_then_flags(college, tmp_path, capsys, monkeypatch):
    ran = []

    def fake_run_batch(config, settings, out, executor, **kwargs):
        ran.append((config.options, executor.jobs))
        return SimpleNamespace(
            results=[{}],
            failed=[],
            computed=[],
            skipped=[],
            seconds=0.0,
            summary={},
            library_failures=[],
            not_in_config=[],
        )

    monkeypatch.setattr(align.batch, "run_batch", fake_run_batch, raising=False)
    settings = tmp_path / "align.toml"
    settings.write_text(SETTINGS + "[batch]\nauto_top = 2\nweakest = 1\njobs = 3\n", encoding="utf-8")
    assert run(capsys, "batch", college, "--out", tmp_path / "out", "--jobs", "1")[0] == 0
    # The config's [batch] sets auto_top = 1: it wins; weakest comes from the settings file.
    assert ran[-1][0].auto_top == 1 and ran[-1][0].weakest == 1 and ran[-1][0].formats == ("json", "csv")
    assert ran[-1][1] == 1  # --jobs wins over the settings file's jobs

    college.write_text(college.read_text(encoding="utf-8").replace("auto_top = 1\n", ""), encoding="utf-8")
    assert run(capsys, "batch", college, "--out", tmp_path / "out")[0] == 0
    assert ran[-1][0].auto_top == 2 and ran[-1][1] == 3  # the settings file's, now that the config is silent


def test_a_library_standard_without_the_level_is_said_to_be_left_out_of_the_ranking(
    college, tmp_path, capsys
):
    # Ranked at 高级, a standard that has no 高级 cannot take part in 证书遴选: said once, not dropped.
    from tests.test_parse_markdown import STANDARD_1X

    (tmp_path / "standards" / "web-basic.md").write_text(
        STANDARD_1X.replace("# Web前端开发职业技能等级标准", "# 网页制作职业技能等级标准"), encoding="utf-8"
    )
    out = tmp_path / "out"
    code, stdout, err = run(
        capsys, "batch", college, "--out", out, "--jobs", "1", "--level", "高级", "--quiet"
    )
    assert code == 0, err
    assert stdout.count("not ranked: ") == 1
    assert "web-basic.md (网页制作职业技能等级标准): no level 高级; it is in no major's 证书遴选" in stdout
    summary = read_json(out / "summary.json")
    assert [n["standard"] for n in summary["not_ranked"]] == ["网页制作职业技能等级标准"]
    assert "网页制作职业技能等级标准" not in {s["standard"] for s in summary["selection"]}
    assert "未参加遴选" in (out / "summary.html").read_text(encoding="utf-8")


def test_reports_of_a_major_dropped_from_the_config_are_said_not_to_be_current(college, tmp_path, capsys):
    out = tmp_path / "out"
    assert run(capsys, "batch", college, "--out", out, "--jobs", "1", "--quiet")[0] == 0
    text = college.read_text(encoding="utf-8")
    college.write_text(text[: text.index('[[majors]]\nname = "大数据技术"')], encoding="utf-8")
    code, stdout, err = run(capsys, "batch", college, "--out", out, "--jobs", "1", "--quiet")
    assert code == 0, err
    # Left in place (another config may write to the same folder), but never passed off as current.
    assert (out / "majors" / "大数据技术" / "report.json").is_file()
    assert (
        f"not in the config: {out.resolve() / 'majors' / '大数据技术'}: reports of an earlier run" in stdout
    )
    assert [m["major"] for m in read_json(out / "summary.json")["majors"]] == ["软件技术", "计算机应用技术"]
