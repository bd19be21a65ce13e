"""``align batch``: every major of a college (or a province) in one resumable, parallel job."""

from __future__ import annotations

import argparse
from pathlib import Path

EXAMPLE = """examples:
  align batch corpora/batch-example.toml --out out/college
  align batch 学院/ --out out/college          # a folder: standards/… and majors/<专业>/…
  align batch college.toml --out out/ --workers 4                      # a local Dask cluster
  align batch college.toml --out out/ --scheduler tcp://10.0.0.5:8786  # an existing Dask cluster

A re-run skips every major whose inputs, settings and model did not change (see DIR/batch.log).
Writes DIR/majors/<专业>/report.{json,xlsx,html,csv} and DIR/summary.{json,xlsx,html}.
"""


def register(sub: argparse._SubParsersAction) -> None:
    from align.commands.common import add_job_options

    p = sub.add_parser(
        "batch",
        help="run every major of a college: reports, a college summary and certificate selection",
        description="Match every major's syllabi against its standards (listed, or 'auto': the best "
        "fitting of the library), rank every library standard for every major (证书遴选), and write a "
        "college summary: coverage matrix, weakest 工作领域, gaps shared across majors, failures.",
        epilog=EXAMPLE,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument(
        "batch_config", type=Path, metavar="CONFIG", help="batch config (.toml) or a college folder"
    )
    p.add_argument("--out", type=Path, required=True, metavar="DIR")
    where = p.add_mutually_exclusive_group()
    where.add_argument(
        "--jobs", type=int, metavar="N", help="worker processes on this machine (default: one per core)"
    )
    where.add_argument(
        "--workers", type=int, metavar="N", help="run on a local Dask cluster of N worker processes"
    )
    where.add_argument(
        "--scheduler",
        metavar="ADDRESS",
        help="run on an existing Dask cluster (workers must see the same paths)",
    )
    p.add_argument("--force", action="store_true", help="recompute every major, even unchanged ones")
    p.add_argument(
        "--quiet", action="store_true", help="no progress bar or log lines (batch.log is still written)"
    )
    add_job_options(p)
    p.set_defaults(handler=handle)


def handle(args: argparse.Namespace) -> int:
    from dataclasses import replace

    from align.batch import ExecutorSpec, load_batch_config, run_batch
    from align.commands.common import settings_from_args
    from align.errors import AlignError, ConfigError
    from align.files import check_writable

    # The batch config may name the settings file; the config's [batch] then overrides the settings
    # file's (only the keys the config sets win), and flags override both.
    config = load_batch_config(args.batch_config)
    if args.config is None and config.settings is not None:
        args.config = config.settings
    for name in ("jobs", "workers"):
        if getattr(args, name) is not None and getattr(args, name) < 1:
            raise ConfigError(f"--{name} must be at least 1")
    settings = settings_from_args(args)
    config = config.over(settings.batch)
    if args.level:
        config = replace(config, level=args.level)
    executor = ExecutorSpec(
        jobs=args.jobs or config.options.jobs, scheduler=args.scheduler, workers=args.workers
    )

    check_writable(args.out, "--out")
    display = None if args.quiet else _Display()
    try:
        outcome = run_batch(
            config,
            settings,
            args.out,
            executor,
            force=args.force,
            echo=display.echo if display else None,
            progress=display,
        )
    finally:
        if display:
            display.stop()
    done = len(outcome.results) - len(outcome.failed)
    print(
        f"{len(outcome.results)} majors: {done} finished ({len(outcome.computed)} computed, "
        f"{len(outcome.skipped)} unchanged), {len(outcome.failed)} failed, in {outcome.seconds:.1f} s"
    )
    for f in outcome.failed:
        print(f"  failed {f['major']}: " + (f"{f['file']}: " if f["file"] else "") + f["reason"])
    for f in outcome.library_failures:
        print(f"  left out of the library: {f['file']}: {f['reason']}")
    for folder in outcome.not_in_config:
        print(
            f"  not in the config: {folder}: reports of an earlier run, not in this summary — "
            "delete the folder if the major was dropped"
        )
    not_ranked = {n["source"]: n for r in outcome.results for n in r.get("not_ranked", [])}
    for n in not_ranked.values():  # the same for every major: said once
        print(
            f"  not ranked: {n['source']} ({n['standard']}): {n['reason']}; it is in no major's 证书遴选 — "
            "leave out the level (--level, or level in the batch config) to rank every standard"
        )
    for r in outcome.results:  # the reports are written; these say what the inputs made it work around
        for warning in r.get("warnings", []):
            print(f"  warning {r['major']}: {warning}")
    print("summary: " + "  ".join(str(p) for p in outcome.summary.values()))
    if any(f.get("internal") for f in outcome.failed):
        return 1  # a bug, not the input: exit status 1 as for every internal error
    if done == 0:
        raise AlignError(f"no major finished; see {outcome.summary['html']} and {args.out / 'batch.log'}")
    if outcome.failed or outcome.library_failures:
        # Bad input somewhere: the status says so (a nightly job must notice), after every other
        # major's reports and the summary are written.
        left_out = len(outcome.library_failures)
        raise AlignError(
            f"{len(outcome.failed)} of {len(outcome.results)} majors failed"
            + (f" and {left_out} standard file(s) were left out of the library" if left_out else "")
            + " (the other reports and the summary are written); "
            + f"see {outcome.summary['html']} and {args.out / 'batch.log'}"
        )
    return 0


class _Display:
    """An overall progress bar (majors done / total) with one log line per major above it."""

    def __init__(self) -> None:
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

        self.progress = Progress(
            TextColumn("[bold]majors[/]"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            TextColumn("{task.description}"),
            console=Console(stderr=True),
            transient=True,
        )
        self.task = None

    def start(self, total: int) -> None:
        self.progress.start()
        self.task = self.progress.add_task("", total=total)

    def advance(self, major: str, result: dict) -> None:
        self.progress.update(self.task, advance=1, description=f"last: {major}")

    def echo(self, message: str) -> None:
        self.progress.console.print(message, markup=False, highlight=False, soft_wrap=True)

    def stop(self) -> None:
        if self.task is not None:  # never started (the job stopped before its first major): nothing to clear
            self.progress.stop()
