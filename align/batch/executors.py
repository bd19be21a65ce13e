"""Where the majors run: in this process, in joblib worker processes, or on a Dask cluster.

Each executor maps :func:`align.batch.job.run_major` over the jobs and yields results as they
finish. The work of a major does not depend on where it runs, so every executor gives the same
files; only the order of completion differs (the summary sorts by the config's order).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from align.errors import ConfigError


@dataclass(frozen=True)
class ExecutorSpec:
    """Local ``jobs`` processes (0: one per core), or Dask: a ``scheduler`` address or ``workers``."""

    jobs: int = 0
    scheduler: str | None = None
    workers: int | None = None

    @property
    def kind(self) -> str:
        if self.scheduler:
            return f"dask scheduler {self.scheduler}"
        if self.workers:
            return f"dask LocalCluster, {self.workers} workers"
        return f"local, {self.local_processes} processes"

    @property
    def local_processes(self) -> int:
        return self.jobs or os.cpu_count() or 1


def execute(
    fn: Callable[[Any], dict],
    jobs: Sequence[Any],
    spec: ExecutorSpec,
    on_error: Callable[[Any, BaseException], dict],
) -> Iterator[dict]:
    """Yield ``fn(job)`` for every job as it completes; a lost worker becomes ``on_error(job, exc)``."""
    if not jobs:
        return iter(())
    if spec.scheduler or spec.workers:
        return _dask(fn, jobs, spec, on_error)
    if spec.local_processes == 1 or len(jobs) == 1:
        return (fn(job) for job in jobs)
    return _joblib(fn, jobs, spec.local_processes)


def _joblib(fn: Callable[[Any], dict], jobs: Sequence[Any], n: int) -> Iterator[dict]:
    from joblib import Parallel, delayed

    # Unordered: a slow major does not hold back the progress of those behind it.
    yield from Parallel(n_jobs=min(n, len(jobs)), return_as="generator_unordered")(
        delayed(fn)(j) for j in jobs
    )


def _dask(
    fn: Callable[[Any], dict],
    jobs: Sequence[Any],
    spec: ExecutorSpec,
    on_error: Callable[[Any, BaseException], dict],
) -> Iterator[dict]:
    try:
        from distributed import Client, LocalCluster, as_completed
    except ImportError:
        raise ConfigError(
            "--scheduler/--workers need Dask: in align's folder, run 'make dev' or pip install -e '.[scale]'"
        ) from None
    cluster = None
    try:
        if spec.scheduler:
            client = Client(spec.scheduler, timeout="20s")
        else:
            cluster = LocalCluster(
                n_workers=spec.workers,
                threads_per_worker=1,
                processes=True,
                host="127.0.0.1",
                dashboard_address=None,
            )
            client = Client(cluster)
    except (OSError, TimeoutError, ValueError) as exc:  # ValueError: not an address (no port)
        raise ConfigError(
            f"cannot reach the Dask scheduler at {spec.scheduler} ({exc}) — start one with "
            "'dask scheduler' and workers with 'dask worker ADDRESS', or use --workers N for a local cluster"
        ) from None
    try:
        futures = client.map(fn, list(jobs), pure=False)
        job_of = {f.key: j for f, j in zip(futures, jobs, strict=True)}
        for future in as_completed(futures):
            try:
                yield future.result()
            except Exception as exc:  # a worker died (e.g. out of memory): report that major
                yield on_error(job_of[future.key], exc)
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
