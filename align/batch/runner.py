"""The batch job: decide what to compute, run it, and write the college summary.

1. Hash every major's inputs; a major whose inputs, settings and model match its manifest is skipped.
2. Parse the standards library once (a file that fails is reported and left out).
3. Run the remaining majors on the chosen executor, largest first; each writes its own reports.
4. Write ``summary.json``, ``summary.xlsx`` and ``summary.html`` from every major's result.

What happened to each major, and why it was skipped or computed, goes to ``batch.log``.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from align.batch.config import BatchConfig, MajorSpec
from align.batch.executors import ExecutorSpec, execute
from align.batch.inputs import FileDigests, MajorInputs, library_files, resolve_inputs
from align.batch.job import MajorJob, run_major
from align.batch.manifest import (
    change_reason,
    job_key,
    model_identity,
    read_manifest,
    remove_manifest,
    settings_digest,
)
from align.batch.results import failure
from align.batch.summary import build_summary
from align.documents import Standard
from align.errors import ConfigError, ParseError
from align.files import write_text_atomic
from align.settings import Settings

LIBRARY_STATE = "library.json"  # library files that failed to parse, remembered for runs that skip all


@dataclass
class BatchOutcome:
    results: list[dict]  # one per major, in the config's order
    computed: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    summary: dict[str, Path] = field(default_factory=dict)
    seconds: float = 0.0

    @property
    def failed(self) -> list[dict]:
        return [r for r in self.results if r["status"] == "failed"]


class BatchLog:
    """One line per event, to ``batch.log`` (appended, time-stamped) and to the console."""

    def __init__(self, path: Path, echo: Callable[[str], None] | None = None) -> None:
        self.path = path
        self.echo = echo
        path.parent.mkdir(parents=True, exist_ok=True)
        self._file = path.open("a", encoding="utf-8")

    def __call__(self, message: str) -> None:
        stamp = datetime.now().isoformat(sep=" ", timespec="seconds")
        self._file.write(f"{stamp}  {message}\n")
        self._file.flush()
        if self.echo:
            self.echo(message)

    def close(self) -> None:
        self._file.close()


@dataclass
class _Planned:
    spec: MajorSpec
    folder: Path
    inputs: MajorInputs
    manifest: dict


def run_batch(
    config: BatchConfig,
    settings: Settings,
    out_dir: Path,
    executor: ExecutorSpec | None = None,
    force: bool = False,
    echo: Callable[[str], None] | None = None,
    progress=None,
) -> BatchOutcome:
    """Run every major of ``config`` and write the college summary into ``out_dir``.

    Args:
        echo: where log lines are shown besides ``batch.log`` (e.g. a console); ``None``: nowhere.
        progress: an object with ``start(total)`` and ``advance(major, result)``, or ``None``.

    Raises:
        ConfigError: the library is empty, the model is missing, the Dask scheduler is unreachable.
    """
    started = time.perf_counter()
    executor = executor or ExecutorSpec()
    out_dir = Path(out_dir).resolve()
    log = BatchLog(out_dir / "batch.log", echo)
    try:
        return _run(config, settings, out_dir, executor, force, log, progress, started)
    finally:
        log.close()


def _run(config, settings, out_dir, executor, force, log, progress, started) -> BatchOutcome:
    root = config.source if config.source.is_dir() else config.source.parent
    digests = FileDigests(root)
    try:
        library = library_files(config)
    except ParseError as exc:
        raise ConfigError(f"standards library: {exc}") from None
    model = model_identity(settings)
    lexicons = {name: e["sha256"] for name, e in digests.of(list(settings.lexicons)).items()}
    sdigest = settings_digest(settings, config.level, config.options, lexicons)
    log(
        f"batch {config.source}: {len(config.majors)} majors, library of {len(library)} standards, "
        f"model {model}, {executor.kind}"
    )

    results: dict[str, dict] = {}
    todo: list[_Planned] = []
    outcome = BatchOutcome(results=[])
    if progress:
        progress.start(len(config.majors))
    for spec in config.majors:
        folder = out_dir / "majors" / spec.folder
        old = read_manifest(folder)
        try:
            inputs = resolve_inputs(spec, config, library)
        except ParseError as exc:
            remove_manifest(folder)
            results[spec.name] = _failed(spec, exc, log, progress)
            continue
        entries = digests.of(inputs.files(), (old or {}).get("inputs"))
        key = job_key(entries, sdigest, model)
        reports = [folder / f"report.{fmt}" for fmt in config.options.formats]
        reason = (
            "recomputing everything (--force)"
            if force
            else change_reason(old, key, entries, sdigest, model, reports)
        )
        if reason is None:
            results[spec.name] = old["result"]
            outcome.skipped.append(spec.name)
            log(
                f"skipped  {spec.name}: inputs, settings and model unchanged since {old.get('finished', '?')}"
            )
            if progress:
                progress.advance(spec.name, old["result"])
            continue
        log(f"queued   {spec.name}: {reason}")
        todo.append(
            _Planned(
                spec,
                folder,
                inputs,
                {"key": key, "inputs": entries, "settings": sdigest, "model": model, "major": spec.name},
            )
        )

    if not todo:
        library_failures = _remembered_library_failures(out_dir, library, digests)
    else:
        parsed_library, failed_library = _parse_standards(library)
        library_failures = [{"file": f, "reason": r} for f, r in failed_library.items()]
        write_text_atomic(
            out_dir / LIBRARY_STATE,
            json.dumps(
                {"failures": library_failures, "inputs": digests.of(list(library))},
                ensure_ascii=False,
                indent=1,
            ),
        )
        for f in library_failures:
            log(f"library  {f['file']}: left out — {f['reason']}")
        jobs = _jobs(todo, parsed_library, config, settings, results, log, progress)
        # Largest first, so the last major to finish is a small one and the workers end together.
        jobs.sort(key=lambda j: -(len(j.inputs.syllabi) + len(j.inputs.pool)))
        for result in execute(run_major, jobs, executor, lambda job, exc: _lost(job, exc)):
            name = result["major"]
            results[name] = result
            if result["status"] == "done":
                outcome.computed.append(name)
                log(f"done     {name}: {_coverage_line(result)} ({result.get('seconds', 0):.1f} s)")
            else:
                log(f"failed   {name}: {result['file'] or '-'}: {result['reason']}")
            if progress:
                progress.advance(name, result)

    outcome.results = [{k: v for k, v in results[m.name].items() if k != "seconds"} for m in config.majors]
    folders = [f"majors/{m.folder}" for m in config.majors]
    summary = build_summary(outcome.results, folders, library_failures, config.options.shared_min)
    outcome.summary = write_summary(summary, out_dir)
    outcome.seconds = time.perf_counter() - started
    log(
        f"finished: {len(outcome.computed)} computed, {len(outcome.skipped)} skipped, "
        f"{len(outcome.failed)} failed in {outcome.seconds:.1f} s; summary {outcome.summary['html']}"
    )
    return outcome


def write_summary(summary: dict, out_dir: Path) -> dict[str, Path]:
    from align.batch.summary_html import write_summary_html
    from align.batch.summary_xlsx import write_summary_xlsx

    paths = {fmt: out_dir / f"summary.{fmt}" for fmt in ("json", "xlsx", "html")}
    write_text_atomic(paths["json"], json.dumps(summary, ensure_ascii=False, indent=1) + "\n")
    write_summary_xlsx(summary, paths["xlsx"])
    write_summary_html(summary, paths["html"])
    return paths


def _jobs(todo, library, config, settings, results, log, progress) -> list[MajorJob]:
    listed_files = list(dict.fromkeys(p for t in todo for p in t.inputs.standards))
    listed, listed_failed = _parse_standards(listed_files)
    jobs = []
    for t in todo:
        bad = [p for p in t.inputs.standards if str(p) in listed_failed]
        if bad:
            exc = ParseError(bad[0], listed_failed[str(bad[0])])
            results[t.spec.name] = _failed(t.spec, exc, log, progress)
            continue
        jobs.append(
            MajorJob(
                spec=t.spec,
                inputs=t.inputs,
                standards=tuple(listed[p] for p in t.inputs.standards),
                library=tuple(library.values()),
                settings=settings,
                level=config.level,
                options=config.options,
                folder=t.folder,
                manifest=t.manifest,
            )
        )
    return jobs


def _parse_standards(files) -> tuple[dict[Path, Standard], dict[str, str]]:
    """Parsed standards by path, and the reason each file that did not parse failed."""
    from align.parse import parse_file

    parsed, failed = {}, {}
    for f in files:
        try:
            parsed[f] = parse_file(f, kind="standard")
        except ParseError as exc:
            failed[str(f)] = exc.problem + (f" — {exc.hint}" if exc.hint else "")
    return parsed, failed


def _remembered_library_failures(out_dir: Path, library, digests: FileDigests) -> list[dict]:
    """For a run that parses nothing: the failures recorded by the last run, of files still unchanged."""
    try:
        state = json.loads((out_dir / LIBRARY_STATE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []
    now = digests.of(list(library))
    then = state.get("inputs", {})
    return [
        f
        for f in state.get("failures", [])
        if (name := digests.name(Path(f["file"]))) in now
        and then.get(name, {}).get("sha256") == now[name]["sha256"]
    ]


def _failed(spec: MajorSpec, exc: ParseError, log, progress) -> dict:
    result = failure(spec.name, exc.source, exc.problem + (f" — {exc.hint}" if exc.hint else ""))
    log(f"failed   {spec.name}: {result['file']}: {result['reason']}")
    if progress:
        progress.advance(spec.name, result)
    return result


def _lost(job: MajorJob, exc: BaseException) -> dict:
    return failure(job.spec.name, "", f"worker lost: {type(exc).__name__}: {exc}", internal=True)


def _coverage_line(result: dict) -> str:
    return ", ".join(f"{s['standard']} {s['coverage']:.0%}" for s in result["standards"])
