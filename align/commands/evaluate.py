"""``align evaluate``: measure matching methods on the labelled development set."""

from __future__ import annotations

import argparse
from pathlib import Path

from align.settings import CORPORA_DIR, NAMED_METHODS

EXAMPLE = """examples:
  align evaluate --split heldout                      # baseline vs default model vs hybrid
  align evaluate --split tuning --methods dense,hybrid,hybrid-context
  align evaluate --split heldout --model ~/models/bge-small-zh-v1.5 --methods dense,hybrid
  align evaluate --split heldout --courses 2          # as if each major uploaded 2 of its syllabi
  align evaluate --split heldout --in-sample          # how far could any calibration of the scores go?
"""

DRAWS = 3  # random draws of courses for --courses


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "evaluate",
        help="measure matching methods on the labelled development set",
        description="Fit each method's calibration on the tuning half (by standard) and report gap "
        "precision/recall/F1, covered F1, evidence recall@1/@3, coverage error and a confusion matrix. "
        "On the tuning half itself, each standard is predicted by a calibration fitted on the others.",
        epilog=EXAMPLE,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument(
        "--split",
        default="heldout",
        help="a list of standards in labels/splits.toml: tuning, heldout (default) or unseen",
    )
    p.add_argument(
        "--methods",
        default="baseline,dense,hybrid",
        help=f"comma-separated, from: {', '.join(NAMED_METHODS)}",
    )
    p.add_argument("--model", default="default", help="the model for non-baseline methods")
    p.add_argument(
        "--corpora", type=Path, default=CORPORA_DIR, help="folder holding standards/, syllabi/, labels/"
    )
    p.add_argument(
        "--courses",
        type=int,
        metavar="K",
        help="keep only K random courses of each major (as when a program head uploads a few syllabi); "
        "points whose supporting courses were dropped are left out",
    )
    p.add_argument(
        "--draws", type=int, default=DRAWS, metavar="N", help=f"random draws of --courses (default {DRAWS})"
    )
    p.add_argument(
        "--in-sample",
        action="store_true",
        help="fit each calibration on the points it predicts: a ceiling for the method's scores, "
        "not a quality figure",
    )
    p.add_argument("--json", type=Path, help="also write the figures to this JSON file")
    p.set_defaults(handler=handle)


def method_settings(name: str, model: str):
    from align.errors import ConfigError
    from align.settings import Settings

    if name not in NAMED_METHODS:
        raise ConfigError(f"unknown method '{name}'; choose from {', '.join(NAMED_METHODS)}")
    changes = {"model": model, **NAMED_METHODS[name]}
    return Settings(cache_dir=None).with_match(**changes)


def handle(args: argparse.Namespace) -> int:
    import json

    from align.commands.calibrate import calibrated_predictions
    from align.errors import ConfigError
    from align.evaluate import CourseSample, confusion, metrics, per_kind

    # Every argument is checked before the first method runs (each takes tens of seconds).
    names = [name.strip() for name in args.methods.split(",") if name.strip()]
    methods = {name: method_settings(name, args.model) for name in names}
    if not methods:
        raise ConfigError(f"--methods names no method; choose from {', '.join(NAMED_METHODS)}")
    if args.json is not None and (args.json.is_dir() or not args.json.parent.is_dir()):
        raise ConfigError(f"--json {args.json}: give a file in an existing folder")
    samples: tuple = (None,)
    split = args.split
    if args.courses is not None:
        if args.courses < 1 or args.draws < 1:
            raise ConfigError("--courses and --draws must be at least 1")
        samples = tuple(CourseSample(args.courses, draw) for draw in range(args.draws))
        split = f"{args.split}, {args.courses} course(s) kept per major, {args.draws} draw(s)"
    elif args.draws != DRAWS:
        raise ConfigError("--draws needs --courses K")
    if args.in_sample:
        if args.courses is not None:
            raise ConfigError("--in-sample measures all courses: leave out --courses")
        split = f"{args.split}, calibration fitted on these very points (a ceiling, not a quality figure)"
    results = {}
    for name, settings in methods.items():
        preds = calibrated_predictions(settings, args.corpora, args.split, samples, args.in_sample)
        unflagged = [p for p in preds if not p.to_check]
        results[name] = {
            "metrics": metrics(preds),
            "per_kind": per_kind(preds),
            "confusion": confusion(preds),
            # What a committee may take as it stands: the points the calibration does not flag.
            "unflagged": {**metrics(unflagged, undefined=None), "share": len(unflagged) / len(preds)},
        }
    print(format_results(results, split))
    if args.json:
        args.json.write_text(json.dumps(results, ensure_ascii=False, indent=2), encoding="utf-8")
    return 0


COLUMNS = ["n", "gap_p", "gap_r", "gap_f1", "covered_f1", "r@1", "r@3", "cov_err", "accuracy"]


def _cells(m: dict) -> list[str]:
    def cell(c: str) -> str:
        value = m[c]
        if value is None:
            return "–"  # the kind has no case for it (a paraphrase has no gap recall)
        return str(value) if c == "n" else f"{value:.1f}" if c == "cov_err" else f"{value:.2f}"

    return [cell(c) for c in COLUMNS]


def _table(first: str, rows: dict[str, dict]) -> list[str]:
    lines = [f"| {first} | " + " | ".join(COLUMNS) + " |", "|---" * (len(COLUMNS) + 1) + "|"]
    lines += [f"| {name} | " + " | ".join(_cells(m)) + " |" for name, m in rows.items()]
    return lines


def _confusion_lines(table: dict[str, dict[str, int]], indent: str = "  ") -> list[str]:
    from align.documents import STATUSES

    return [
        f"{indent}{truth:8s} " + " ".join(f"{row[s]:5d}" for s in STATUSES) for truth, row in table.items()
    ]


def format_results(results: dict, split: str) -> str:
    lines = [f"split: {split}", *_table("method", {name: r["metrics"] for name, r in results.items()})]
    lines.append("\npoints not flagged to check (confidence at or above the calibration's cut):")
    lines += _table(
        "method (share of points)",
        {f"{name} ({r['unflagged']['share']:.0%})": r["unflagged"] for name, r in results.items()},
    )
    for name, r in results.items():
        lines.append(f"\n{name} — per kind (– where the kind has no case to count):")
        lines += _table("kind", r["per_kind"])
        lines.append(f"{name} — confusion (rows: labelled, columns: predicted covered/partial/gap):")
        lines += _confusion_lines(r["confusion"])
        for kind, k in r["per_kind"].items():
            rows = {truth: row for truth, row in k["confusion"].items() if sum(row.values())}
            lines.append(f"  {kind}:")
            lines += _confusion_lines(rows, indent="    ")
    return "\n".join(lines)
