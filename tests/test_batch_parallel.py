"""The same job in worker processes (joblib) and on a Dask LocalCluster gives the same files.

Slow (about 40 s each here): every worker process imports spaCy and scikit-learn before its first major.
"""

from __future__ import annotations

import pytest

from align.batch import ExecutorSpec, load_batch_config, run_batch
from tests.batch_college import fast_settings, make_college, read_json, report_jsons

FORMATS = ["json", "csv"]
pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def reference(tmp_path_factory):
    """The college run in this process, one major after another."""
    root = tmp_path_factory.mktemp("college")
    config = load_batch_config(make_college(root, FORMATS))
    out = root / "in-process"
    run_batch(config, fast_settings(root), out, ExecutorSpec(jobs=1))
    return config, root, out


@pytest.mark.parametrize(
    "executor",
    [ExecutorSpec(jobs=2), ExecutorSpec(workers=2)],
    ids=["joblib-2-processes", "dask-localcluster-2-workers"],
)
def test_results_are_identical_wherever_the_majors_run(reference, executor):
    config, root, expected = reference
    out = root / executor.kind.replace(" ", "-").replace(",", "")
    outcome = run_batch(config, fast_settings(root), out, executor)
    assert sorted(outcome.computed) == ["大数据技术", "计算机应用技术", "软件技术"]
    assert report_jsons(out) == report_jsons(expected)
    assert read_json(out / "summary.json") == read_json(expected / "summary.json")
    for major in ("软件技术", "大数据技术"):
        csv = f"majors/{major}/report.csv"
        assert (out / csv).read_bytes() == (expected / csv).read_bytes()
    # Manifests written by the workers make the next local run skip everything.
    again = run_batch(config, fast_settings(root), out, ExecutorSpec(jobs=1))
    assert again.computed == [] and len(again.skipped) == 3
