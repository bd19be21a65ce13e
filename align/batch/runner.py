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
from typing import Protocol

from align.batch.config import BatchConfig, MajorSpec
from align.batch.executors import ExecutorSpec, execute
from align.batch.inputs import FileDigests, MajorInputs, library_files, resolve_inputs
from align.batch.job import MajorJob, run_major
from align.batch.manifest import (
    MANIFEST,
    change_reason,
    forget_result,
    job_key,
    model_identity,
    read_manifest,
    settings_digest,
)
from align.batch.results import failure, parse_reason
from align.batch.summary import build_summary
from align.documents import Standard
from align.errors import ConfigError, ParseError
from align.files import write_text_atomic
from align.report import report_paths
from align.settings import Settings

RUN_KEYS = ("finished", "seconds", "timing")  # how a major's run went, not part of its result
LIBRARY_STATE = "library.json"  # library files that failed to parse, remembered for runs that skip all


@dataclass
class BatchOutcome:
    results: list[dict]  # one per major, in the config's order
    computed: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    summary: dict[str, Path] = field(default_factory=dict)
    seconds: float = 0.0
    library_failures: list[dict] = field(default_factory=list)  # standards left out: file, reason
    #: folders of majors/ holding reports of a major this config no longer lists (an earlier run's)
    not_in_config: list[Path] = field(default_factory=list)

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


class Progress(Protocol):
    """What the batch tells a progress display (e.g. a rich progress bar)."""

    def start(self, total: int) -> None: ...
    def advance(self, major: str, result: dict) -> None: ...


@dataclass
class _Planned:
    spec: MajorSpec
    folder: Path
    inputs: MajorInputs
    manifest: dict  # what the major is computed from: recorded once its reports are written


def run_batch(
    config: BatchConfig,
    settings: Settings,
    out_dir: Path,
    executor: ExecutorSpec | None = None,
    force: bool = False,
    echo: Callable[[str], None] | None = None,
    progress: Progress | None = None,
) -> BatchOutcome:
    """Run every major of ``config`` and write the college summary into ``out_dir``.

    Args:
        executor: where the majors run (default: one local process per core).
        force: recompute every major, even those whose manifest matches.
        echo: where log lines are shown besides ``batch.log`` (e.g. a console); ``None``: nowhere.
        progress: told the number of majors, then each major as it is skipped, done or failed.

    Raises:
        ConfigError: the library is empty, the model is missing, the Dask scheduler is unreachable.
    """
    started = time.perf_counter()
    out_dir = Path(out_dir).resolve()
    executor = executor or ExecutorSpec()
    log = BatchLog(out_dir / "batch.log", echo)
    try:
        batch = _Batch(config, settings, out_dir, log, progress)
        todo = batch.plan(force, executor)
        library_failures = batch.compute(todo, executor) if todo else batch.remembered_failures()
        outcome = batch.outcome
        outcome.library_failures = library_failures
        outcome.results = [batch.results[m.name] for m in config.majors]
        folders = [f"majors/{m.folder}" for m in config.majors]
        summary = build_summary(outcome.results, folders, library_failures, config.options.shared_min)
        outcome.summary = write_summary(summary, out_dir)
        outcome.seconds = time.perf_counter() - started
        log(
            f"finished: {len(outcome.computed)} computed, {len(outcome.skipped)} skipped, "
            f"{len(outcome.failed)} failed in {outcome.seconds:.1f} s; summary {outcome.summary['html']}"
        )
        return outcome
    finally:
        log.close()


class _Batch:
    """One run: what is known about every major so far, and the log and progress it reports to."""

    def __init__(
        self, config: BatchConfig, settings: Settings, out_dir: Path, log: BatchLog, progress: Progress | None
    ) -> None:
        self.config = config
        self.settings = settings
        self.out_dir = out_dir
        self.log = log
        self.progress = progress
        self.digests = FileDigests(config.source if config.source.is_dir() else config.source.parent)
        self.results: dict[str, dict] = {}
        self.outcome = BatchOutcome(results=[])
        try:
            self.library = library_files(config)
        except ParseError as exc:
            raise ConfigError(f"standards library: {exc}") from None

    def plan(self, force: bool, executor: ExecutorSpec) -> list[_Planned]:
        """Skip every major whose manifest matches; return the others."""
        model = model_identity(self.settings)
        lexicons = {name: e["sha256"] for name, e in self.digests.of(list(self.settings.lexicons)).items()}
        settings = settings_digest(self.settings, self.config.level, self.config.options, lexicons)
        self.log(
            f"batch {self.config.source}: {len(self.config.majors)} majors, library of {len(self.library)} "
            f"standards, model {model}, {executor.kind}"
        )
        if self.progress:
            self.progress.start(len(self.config.majors))
        self.outcome.not_in_config = self._not_in_config()
        for folder in self.outcome.not_in_config:
            self.log(
                f"earlier  {folder.name}: not in the config; its reports in {folder} are not in the summary"
            )
        todo = []
        for spec in self.config.majors:
            folder = self.out_dir / "majors" / spec.folder
            old = read_manifest(folder)
            try:
                inputs = resolve_inputs(spec, self.config, self.library)
            except ParseError as exc:
                forget_result(folder)
                self._record(failure(spec.name, exc.source, parse_reason(exc)))
                continue
            entries = self.digests.of(inputs.files(), (old or {}).get("inputs"))
            key = job_key(entries, settings, model)
            reports = list(report_paths(folder, self.config.options.formats).values())
            why = "--force" if force else change_reason(old, key, entries, settings, model, reports)
            if why is None:
                self.outcome.skipped.append(spec.name)
                self._record(
                    old["result"], f"inputs, settings and model unchanged since {old.get('finished', '?')}"
                )
            else:
                self.log(f"queued   {spec.name}: {why}")
                manifest = {
                    "major": spec.name,
                    "key": key,
                    "inputs": entries,
                    "settings": settings,
                    "model": model,
                }
                todo.append(_Planned(spec, folder, inputs, manifest))
        return todo

    def _not_in_config(self) -> list[Path]:
        """Folders of majors/ with a major's reports or manifest that no major of the config writes to.

        They are left as they are (another config may write to the same folder), but said: their
        reports would otherwise look as current as the summary's."""
        majors = self.out_dir / "majors"
        ours = {spec.folder for spec in self.config.majors}
        if not majors.is_dir():
            return []
        return [
            d
            for d in sorted(majors.iterdir())
            if d.is_dir()
            and d.name not in ours
            and ((d / MANIFEST).is_file() or any(p.is_file() for p in report_paths(d).values()))
        ]

    def compute(self, todo: list[_Planned], executor: ExecutorSpec) -> list[dict]:
        """Parse the standards once, run the majors; return the library files that did not parse."""
        library, failed = _parse_standards(self.library)
        library_failures = [{"file": f, "reason": r} for f, r in failed.items()]
        state = {"failures": library_failures, "inputs": self.digests.of(list(self.library))}
        write_text_atomic(self.out_dir / LIBRARY_STATE, json.dumps(state, ensure_ascii=False, indent=1))
        for f in library_failures:
            self.log(f"library  {f['file']}: left out — {f['reason']}")
        jobs = self._jobs(todo, library)
        # Largest first, so that the last major to finish is a small one and the workers end together.
        jobs.sort(key=lambda j: -(len(j.inputs.syllabi) + len(j.inputs.pool)))
        for result in execute(run_major, jobs, executor, _lost):
            if result["status"] == "done":
                self.outcome.computed.append(result["major"])
            self._record(result)
        return library_failures

    def remembered_failures(self) -> list[dict]:
        """For a run that parses nothing: the library failures of the last run, of files still unchanged."""
        try:
            state = json.loads((self.out_dir / LIBRARY_STATE).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return []
        now, then = self.digests.of(list(self.library)), state.get("inputs", {})
        return [
            f
            for f in state.get("failures", [])
            if (name := self.digests.name(Path(f["file"]))) in now
            and then.get(name, {}).get("sha256") == now[name]["sha256"]
        ]

    def _jobs(self, todo: list[_Planned], library: dict[Path, Standard]) -> list[MajorJob]:
        """One job per major; a major whose listed standard does not parse fails here."""
        listed, failed = _parse_standards(list(dict.fromkeys(p for t in todo for p in t.inputs.standards)))
        jobs = []
        for t in todo:
            bad = [p for p in t.inputs.standards if str(p) in failed]
            if bad:
                self._record(failure(t.spec.name, str(bad[0]), failed[str(bad[0])]))
                continue
            standards = tuple(listed[p] for p in t.inputs.standards)
            jobs.append(MajorJob(t.spec, t.inputs, standards, tuple(library.values()), self.settings,
                                 self.config.level, self.config.options, t.folder, t.manifest))  # fmt: skip
        return jobs

    def _record(self, result: dict, skipped: str = "") -> None:
        name = result["major"]
        self.results[name] = {k: v for k, v in result.items() if k not in RUN_KEYS}
        if skipped:
            self.log(f"skipped  {name}: {skipped}")
        elif result["status"] == "done":
            coverage = ", ".join(f"{s['standard']} {s['coverage']:.0%}" for s in result["standards"])
            stages = ", ".join(f"{stage} {t:.1f}" for stage, t in result.get("timing", {}).items())
            self.log(f"done     {name}: {coverage} ({result.get('seconds', 0):.1f} s: {stages})")
        else:
            self.log(f"failed   {name}: {result['file'] or '-'}: {result['reason']}")
        if self.progress:
            self.progress.advance(name, result)


def write_summary(summary: dict, out_dir: Path) -> dict[str, Path]:
    from align.batch.summary_html import write_summary_html
    from align.batch.summary_xlsx import write_summary_xlsx

    paths = {fmt: out_dir / f"summary.{fmt}" for fmt in ("json", "xlsx", "html")}
    write_text_atomic(paths["json"], json.dumps(summary, ensure_ascii=False, indent=1) + "\n")
    write_summary_xlsx(summary, paths["xlsx"])
    write_summary_html(summary, paths["html"])
    return paths


def _parse_standards(files) -> tuple[dict[Path, Standard], dict[str, str]]:
    """Parsed standards by path, and the reason each file that did not parse failed."""
    from align.parse import parse_file

    parsed, failed = {}, {}
    for f in files:
        try:
            parsed[f] = parse_file(f, kind="standard")
        except ParseError as exc:
            failed[str(f)] = parse_reason(exc)
    return parsed, failed


def _lost(job: MajorJob, exc: BaseException) -> dict:
    return failure(job.spec.name, "", f"worker lost: {type(exc).__name__}: {exc}", internal=True)
