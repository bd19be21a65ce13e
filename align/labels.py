"""The labelled development set in ``corpora/labels/``: what a committee decided for each point.

Each ``<standard-slug>__<major>.csv`` labels every skill point of one bundled standard against one
bundled major's syllabi. ``splits.toml`` assigns whole standards to the tuning half (used to choose
methods and fit calibrations) or the held-out half (used only to measure).
"""

from __future__ import annotations

import csv
import tomllib
from dataclasses import dataclass
from pathlib import Path

from align.documents import Standard, Syllabus
from align.errors import ConfigError, ParseError

KINDS = ("lexical", "paraphrase", "split", "partial", "gap", "gap_distractor")
#: The kinds each status may have (FORMATS.md): a covered point is lexical, a paraphrase or split …
KINDS_OF = {
    "covered": ("lexical", "paraphrase", "split"),
    "partial": ("partial",),
    "gap": ("gap", "gap_distractor"),
}


@dataclass(frozen=True)
class Label:
    level: str
    id: str
    status: str
    kind: str
    units: tuple[tuple[str, str], ...]  # (course, unit title) that support the point
    note: str = ""


@dataclass
class LabelledPair:
    """One standard labelled against one major."""

    standard_slug: str
    major: str
    standard_path: Path
    syllabi_dir: Path
    labels: dict[tuple[str, str], Label]  # (level, id) → label
    labels_path: Path | None = None  # the CSV they were read from, for messages


def _standard_path(corpora: Path, slug: str) -> Path:
    for ext in (".md", ".csv", ".xlsx", ".docx"):
        path = corpora / "standards" / f"{slug}{ext}"
        if path.exists():
            return path
    raise ConfigError(f"{corpora / 'standards'}: no standard named '{slug}' for its labels")


def read_labels(path: Path) -> dict[tuple[str, str], Label]:
    labels = {}
    with path.open(encoding="utf-8-sig", newline="") as f:
        for n, row in enumerate(csv.DictReader(f), start=2):
            try:
                status, kind = row["status"].strip(), row["kind"].strip()
                if status not in ("covered", "partial", "gap") or kind not in KINDS:
                    raise ValueError(f"status '{status}' or kind '{kind}' is not one of the allowed values")
                units = tuple(
                    tuple(u.strip().split("::", 1)) for u in (row.get("units") or "").split("|") if "::" in u
                )
                key = (row["level"].strip(), row["id"].strip())
                if key in labels:
                    raise ValueError(f"{key[0]} {key[1]} is labelled twice")
                labels[key] = Label(*key, status, kind, units, (row.get("note") or "").strip())  # type: ignore[arg-type]
            except (KeyError, ValueError) as exc:
                raise ParseError(path, f"bad label row ({exc})", location=f"line {n}") from None
    return labels


def load_split(corpora: Path, split: str) -> list[LabelledPair]:
    """The labelled pairs of ``split``, a list of standards in ``labels/splits.toml``."""
    label_dir = corpora / "labels"
    try:
        splits = tomllib.loads((label_dir / "splits.toml").read_text(encoding="utf-8"))
    except OSError:
        raise ConfigError(
            f"{corpora}: no labels/splits.toml — give --corpora a folder holding standards/, syllabi/ "
            "and labels/ (with splits.toml naming the tuning and held-out standards)"
        ) from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{label_dir / 'splits.toml'}: not valid TOML ({exc})") from None
    named = {k for k, v in splits.items() if isinstance(v, list) and all(isinstance(s, str) for s in v)}
    if "tuning" not in named:
        raise ConfigError(
            f"{label_dir / 'splits.toml'}: no 'tuning' list of standards to fit calibrations on"
        )
    if split not in named:
        raise ConfigError(
            f"unknown split '{split}': {label_dir / 'splits.toml'} names {', '.join(sorted(named))}"
        )
    wanted = set(splits[split])
    pairs = []
    for path in sorted(label_dir.glob("*__*.csv")):
        slug, _, major = path.stem.partition("__")
        if slug in wanted:
            pairs.append(
                LabelledPair(
                    slug,
                    major,
                    _standard_path(corpora, slug),
                    corpora / "syllabi" / major,
                    read_labels(path),
                    path,
                )
            )
    if not pairs:
        raise ConfigError(
            f"{label_dir}: no label file (<standard>__<major>.csv) for the standards of split '{split}'"
        )
    return pairs


def label_problems(pair: LabelledPair, standard: Standard, syllabi: list[Syllabus]) -> list[str]:
    """What is inconsistent between a label file and the documents it labels, one line each.

    A point without a label would silently leave the measurement, and a misspelt unit would count
    as evidence missed, so both are problems, as is a kind that contradicts its status.
    """
    points = [(level.name, p.id) for level in standard.levels for p in level.points]
    units = {(s.course, u.title) for s in syllabi for u in s.units}
    problems = [f"{lv} {pid}: no label" for lv, pid in points if (lv, pid) not in pair.labels]
    problems += [
        f"{lv} {pid}: not a point of {standard.source}"
        for lv, pid in sorted(pair.labels.keys() - set(points))
    ]
    for (lv, pid), label in pair.labels.items():
        where = f"{lv} {pid}"
        if label.kind not in KINDS_OF[label.status]:
            problems.append(f"{where}: kind '{label.kind}' cannot go with status '{label.status}'")
        if label.status == "gap" and label.units:
            problems.append(f"{where}: a gap names supporting units (put a distractor in the note)")
        if label.status != "gap" and not label.units:
            problems.append(f"{where}: a {label.status} point names no supporting unit")
        if label.kind == "split" and len(label.units) < 2:
            problems.append(f"{where}: a split point names fewer than two units")
        problems += [
            f"{where}: '{course}::{title}' is not a unit of {pair.syllabi_dir}"
            for course, title in label.units
            if (course, title) not in units
        ]
    return problems
