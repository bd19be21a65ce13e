"""Nothing lost: ``align batch`` killed with SIGKILL in the middle of a run.

The real command runs in its own process group; once a major is done, the whole group is killed at
a random moment (inside the next major's work or its report writing). Every major whose manifest
exists must have its complete report set, and a re-run must skip exactly those majors, compute the
rest and finish with the whole college.
"""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.batch_college import make_college

ROOT = Path(__file__).resolve().parent.parent
SETTINGS = '[match]\nmodel = "tfidf"\nmethod = "dense"\nclauses = false\n'
RUNNER = "import sys; from align import cli; cli.COMMANDS = ['batch']; sys.exit(cli.main(sys.argv[1:]))"
pytestmark = pytest.mark.slow


def _batch(config: Path, out: Path, **popen) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "ALIGN_CACHE_DIR": str(out.parent / "cache")}
    argv = [sys.executable, "-c", RUNNER, "batch", str(config), "--out", str(out), "--jobs", "1", "--quiet"]
    return subprocess.Popen(argv, cwd=ROOT, env=env, text=True, **popen)


def _done_lines(out: Path) -> list[str]:
    log = out / "batch.log"
    if not log.exists():
        return []
    return [ln for ln in log.read_text(encoding="utf-8").splitlines() if "  done     " in ln]


def _complete(folder: Path) -> None:
    """The major's manifest and report set are whole."""
    import openpyxl

    from tests.contract import validate_report

    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    assert manifest.get("major"), folder
    validate_report(json.loads((folder / "report.json").read_text(encoding="utf-8")))
    openpyxl.load_workbook(folder / "report.xlsx").close()
    assert (folder / "report.html").read_text(encoding="utf-8").rstrip().endswith("</html>")
    assert (folder / "report.csv").read_text(encoding="utf-8-sig").count("\n") >= 2


def test_sigkill_mid_batch_keeps_every_finished_major_and_the_rerun_completes(tmp_path):
    config = make_college(tmp_path)  # all four report formats: the kill may land in any writer
    (tmp_path / "align.toml").write_text(SETTINGS, encoding="utf-8")
    config.write_text('settings = "align.toml"\n' + config.read_text(encoding="utf-8"), encoding="utf-8")
    out = tmp_path / "out"
    rng = random.Random(int(time.time()))

    run = _batch(config, out, start_new_session=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 240
    while not _done_lines(out):
        assert run.poll() is None, f"the batch ended before a major was done: {run.stderr.read()}"
        assert time.monotonic() < deadline, "no major finished in time"
        time.sleep(0.05)
    # A random moment inside the second major's work, or right as it ends (so inside the third's):
    # a major takes well under a second on a fast machine, so the kill never waits past the second.
    stop = time.monotonic() + rng.uniform(0.0, 1.5)
    while time.monotonic() < stop and len(_done_lines(out)) < 2:
        time.sleep(0.02)
    os.killpg(run.pid, signal.SIGKILL)  # the command and any worker it started
    run.communicate(timeout=60)
    if run.returncode != -signal.SIGKILL:
        pytest.skip("the batch finished before the kill landed (a very fast machine)")

    finished = sorted(p.parent for p in (out / "majors").glob("*/manifest.json"))
    assert finished, "a major was logged done, so its manifest must exist"
    for folder in finished:
        _complete(folder)
    names = {f.name for f in finished}
    assert len(names) < 3

    rerun = _batch(config, out, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    stdout, stderr = rerun.communicate(timeout=300)
    assert rerun.returncode == 0, stderr
    log = (out / "batch.log").read_text(encoding="utf-8").splitlines()
    last = log[max(i for i, ln in enumerate(log) if "batch " in ln and "majors, library" in ln) :]
    skipped = {ln.split("skipped  ", 1)[1].split(":", 1)[0] for ln in last if "  skipped  " in ln}
    assert skipped == names, "\n".join(last)
    for folder in (out / "majors").iterdir():
        _complete(folder)
    assert len(list((out / "majors").iterdir())) == 3
    assert json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert "3 majors: 3 finished" in stdout
