"""The batch job across majors: per-major reports, a college summary and 证书遴选, resumable and parallel.

Example:
    >>> from align.batch import load_batch_config, run_batch  # doctest: +SKIP
    >>> outcome = run_batch(load_batch_config("corpora/batch-example.toml"), Settings(), Path("out"))
"""

from align.batch.config import BatchConfig, BatchSettings, MajorSpec, load_batch_config
from align.batch.executors import ExecutorSpec
from align.batch.runner import BatchOutcome, run_batch

__all__ = [
    "BatchConfig",
    "BatchOutcome",
    "BatchSettings",
    "ExecutorSpec",
    "MajorSpec",
    "load_batch_config",
    "run_batch",
]
