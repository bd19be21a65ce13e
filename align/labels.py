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

from align.errors import ConfigError, ParseError

KINDS = ("lexical", "paraphrase", "split", "partial", "gap", "gap_distractor")


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
                labels[key] = Label(*key, status, kind, units, (row.get("note") or "").strip())  # type: ignore[arg-type]
            except (KeyError, ValueError) as exc:
                raise ParseError(path, f"bad label row ({exc})", location=f"line {n}") from None
    return labels


def load_split(corpora: Path, split: str) -> list[LabelledPair]:
    """The labelled pairs of ``split`` (``tuning``, ``heldout`` or ``all``)."""
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
    if split == "all":
        wanted = set(splits["tuning"]) | set(splits["heldout"])
    elif split in splits:
        wanted = set(splits[split])
    else:
        raise ConfigError(f"unknown split '{split}': choose tuning, heldout or all")
    pairs = []
    for path in sorted(label_dir.glob("*__*.csv")):
        slug, _, major = path.stem.partition("__")
        if slug in wanted:
            pairs.append(
                LabelledPair(
                    slug, major, _standard_path(corpora, slug), corpora / "syllabi" / major, read_labels(path)
                )
            )
    return pairs
