"""The batch job across majors: per-major reports, a college summary and 证书遴选, resumable and parallel.

Example:
    >>> from align.batch import load_batch_config, run_batch  # doctest: +SKIP
    >>> outcome = run_batch(load_batch_config("corpora/batch-example.toml"), Settings(), Path("out"))
"""

from align.batch.config import BatchConfig, BatchSettings, MajorSpec, load_batch_config
from align.batch.executors import ExecutorSpec

__all__ = [
    "BatchConfig",
    "BatchOutcome",
    "BatchSettings",
    "ExecutorSpec",
    "MajorSpec",
    "load_batch_config",
    "run_batch",
]


def __getattr__(name: str):
    # The runner pulls in the pipeline (and align.settings, which imports BatchSettings from here):
    # import it when first used, so that align.settings can import align.batch.config without a cycle.
    if name in ("BatchOutcome", "run_batch"):
        from align.batch import runner

        return getattr(runner, name)
    raise AttributeError(f"module 'align.batch' has no attribute {name!r}")
