"""Resuming: unchanged majors are skipped (and the log says why), changed or unfinished ones recomputed."""

from __future__ import annotations

import pytest

import align.batch.job as job_module
from align.batch import ExecutorSpec, load_batch_config, run_batch
from tests.batch_college import fast_settings, make_college, read_json

LOCAL = ExecutorSpec(jobs=1)
FORMATS = ["json", "csv"]  # the workbook and page take most of a major's time and are tested elsewhere


@pytest.fixture
def finished(tmp_path):
    """A college whose batch has run once."""
    config = load_batch_config(make_college(tmp_path, FORMATS))
    out = tmp_path / "out"
    run_batch(config, fast_settings(tmp_path), out, LOCAL)
    return config, out, fast_settings(tmp_path)


def log_lines(out, prefix: str) -> list[str]:
    """The lines of the last run in batch.log that start with ``prefix`` (after the timestamp)."""
    messages = [
        line.split("  ", 1)[1] for line in (out / "batch.log").read_text(encoding="utf-8").splitlines()
    ]
    last_run = max(i for i, m in enumerate(messages) if m.startswith("batch "))
    return [m for m in messages[last_run + 1 :] if m.startswith(prefix)]


def test_a_rerun_skips_every_unchanged_major_and_says_why(finished):
    config, out, settings = finished
    before = {p: p.read_bytes() for p in (out / "majors").glob("*/report.*")}
    summary = read_json(out / "summary.json")
    outcome = run_batch(config, settings, out, LOCAL)
    assert outcome.computed == [] and sorted(outcome.skipped) == ["大数据技术", "计算机应用技术", "软件技术"]
    assert read_json(out / "summary.json") == summary
    assert {p: p.read_bytes() for p in before} == before  # nothing rewritten
    skipped = log_lines(out, "skipped")
    assert len(skipped) == 3 and all("unchanged since" in line for line in skipped)


def test_a_changed_syllabus_recomputes_only_its_major_and_the_log_names_it(finished):
    config, out, settings = finished
    syllabus = config.source.parent / "majors" / "大数据技术" / "Python程序设计.md"
    syllabus.write_text(
        syllabus.read_text(encoding="utf-8") + "\n补充：使用pandas清洗数据。\n", encoding="utf-8"
    )
    outcome = run_batch(config, settings, out, LOCAL)
    assert outcome.computed == ["大数据技术"]
    assert sorted(outcome.skipped) == ["计算机应用技术", "软件技术"]
    assert log_lines(out, "queued") == ["queued   大数据技术: changed: majors/大数据技术/Python程序设计.md"]


def test_changed_settings_recompute_every_major(finished):
    config, out, settings = finished
    outcome = run_batch(config, settings.with_match(top_k=4), out, LOCAL)
    assert len(outcome.computed) == 3
    assert all(line.endswith("settings changed") for line in log_lines(out, "queued"))


def test_a_new_library_standard_recomputes_every_major(finished):
    config, out, settings = finished
    library = config.library
    (library / "web-copy.md").write_text(
        (library / "web-frontend.md").read_text(encoding="utf-8"), encoding="utf-8"
    )
    outcome = run_batch(config, settings, out, LOCAL)
    assert len(outcome.computed) == 3
    assert all("new: standards/web-copy.md" in line for line in log_lines(out, "queued"))


def test_a_job_killed_midway_loses_no_finished_major(tmp_path, monkeypatch):
    config = load_batch_config(make_college(tmp_path, FORMATS))
    settings, out = fast_settings(tmp_path), tmp_path / "out"
    calls = []
    real = job_module._compute

    def killed_on_second_major(job, timing):
        calls.append(job.spec.name)
        if len(calls) == 2:
            raise KeyboardInterrupt  # as if the job were killed while computing this major
        return real(job, timing)

    monkeypatch.setattr(job_module, "_compute", killed_on_second_major)
    with pytest.raises(KeyboardInterrupt):
        run_batch(config, settings, out, LOCAL)
    first, second = calls
    assert (out / "majors" / first / "manifest.json").exists()
    assert not (out / "majors" / second / "manifest.json").exists()

    monkeypatch.setattr(job_module, "_compute", real)
    outcome = run_batch(config, settings, out, LOCAL)
    assert outcome.skipped == [first]
    assert sorted(outcome.computed) == sorted(set(m.name for m in config.majors) - {first})


def test_a_major_whose_reports_were_deleted_is_recomputed(finished):
    config, out, settings = finished
    (out / "majors" / "软件技术" / "report.csv").unlink()
    outcome = run_batch(config, settings, out, LOCAL)
    assert outcome.computed == ["软件技术"]
    assert (out / "majors" / "软件技术" / "report.csv").exists()
    assert log_lines(out, "queued") == ["queued   软件技术: report files missing (report.csv)"]


def test_force_recomputes_everything(finished):
    config, out, settings = finished
    assert len(run_batch(config, settings, out, LOCAL, force=True).computed) == 3
