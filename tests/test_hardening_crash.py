"""Nothing lost: a process killed with SIGKILL in the middle of review saves.

A worker process saves decisions the way the page does (one transaction per decision, then the
report files rewritten) and prints each decision once its save has returned. The test kills it at
a random moment, three times over, then shows that the store opens cleanly, that every decision it
was told about is there exactly as saved, with its audit entry, and that every report file is whole.
"""

from __future__ import annotations

import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from functools import lru_cache
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.slow


@lru_cache
def _computed(point: int) -> str:
    from ui_docs import make_report

    return make_report().standards[0].levels[0].points[point].status


def changed_status(i: int) -> str:
    """The status save ``i`` sets on point ``i % 3``: a 修改状态 must change it (the other two, in turn)."""
    return [s for s in ("covered", "partial", "gap") if s != _computed(i % 3)][i % 2]


def review_worker(db: str, out_dir: str, first: int) -> None:
    """Save decisions for ever (until killed): decision ``i`` goes to major ``major-i``."""
    from ui_docs import make_report

    from align.report import write_reports
    from align.review import ReviewStore
    from align.review.decide import save_decision

    store = ReviewStore.at(Path(db))
    report = make_report()
    for i in range(first, first + 100_000):
        status = changed_status(i)
        saved = save_decision(
            store,
            report,
            (0, 0, i % 3),
            f"major-{i}",
            "change",
            f"审核人{i}",
            note=f"第{i}条意见",
            status=status,
        )
        print(saved.id, i, flush=True)
        if i % 8 == 7:  # as the page does after a save; not every time, so kills also land in saves
            store.apply(report, f"major-{i}")
            write_reports(report, Path(out_dir), ("json", "xlsx", "html", "csv"))


def _run_until_killed(db: Path, out: Path, first: int, rng: random.Random) -> list[tuple[int, int]]:
    code = f"from tests.test_hardening_crash import review_worker; review_worker({str(db)!r}, {str(out)!r}, {first})"
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), str(ROOT / "tests")])}
    worker = subprocess.Popen(
        [sys.executable, "-c", code], stdout=subprocess.PIPE, text=True, cwd=ROOT, env=env
    )
    assert worker.stdout is not None
    printed = []
    wanted = rng.randint(9, 20)  # past the first report write
    while len(printed) < wanted:
        line = worker.stdout.readline()
        assert line, "the worker stopped on its own"
        printed.append(tuple(int(x) for x in line.split()))
    time.sleep(rng.uniform(0.0, 0.5))  # somewhere inside a later save or report write
    worker.send_signal(signal.SIGKILL)
    rest, _ = worker.communicate(timeout=30)
    printed += [tuple(int(x) for x in line.split()) for line in rest.splitlines() if line.strip()]
    assert worker.returncode == -signal.SIGKILL
    return printed


def test_sigkill_during_review_saves_loses_no_committed_decision(tmp_path):
    from contract import validate_report

    from align.review import ReviewStore

    db, out = tmp_path / "review.db", tmp_path / "run"
    rng = random.Random(int(time.time()))
    confirmed: list[tuple[int, int]] = []
    first = 0
    for _ in range(3):
        confirmed += _run_until_killed(db, out, first, rng)
        first = confirmed[-1][1] + 2  # leave room for one save that committed but was not printed

    # The database file is consistent and in WAL mode (a hot journal is recovered on open).
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert conn.execute("PRAGMA journal_mode").fetchone() == ("wal",)
    store = ReviewStore.at(db)
    try:
        decisions = {d.id: d for d in store.decisions()}
        audited = {(a.decision_id, a.action) for a in store.audit(limit=10_000)}
    finally:
        store.close()
    for decision_id, i in confirmed:
        d = decisions.get(decision_id)
        assert d is not None, f"decision {decision_id} (save {i}) was confirmed but is gone"
        assert (d.key.scope, d.reviewer, d.note) == (f"major-{i}", f"审核人{i}", f"第{i}条意见")
        assert d.status == changed_status(i)
    # At most one save per kill may have committed without being confirmed; each is whole.
    assert len(decisions) - len(confirmed) <= 3
    for d in decisions.values():
        assert (d.id, "create") in audited, f"decision {d.id} has no audit entry"
        assert d.reviewer and d.note and d.key.scope.startswith("major-")

    # Every report file present is complete: the old version or the new one, never half of one.
    import openpyxl

    data = json.loads((out / "report.json").read_text(encoding="utf-8"))
    validate_report(data)
    openpyxl.load_workbook(out / "report.xlsx").close()
    assert (out / "report.html").read_text(encoding="utf-8").rstrip().endswith("</html>")
    assert (out / "report.csv").read_text(encoding="utf-8-sig").count("\n") >= 3
