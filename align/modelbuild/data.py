"""Read the public Chinese sentence-pair sets (``zh-sim/``) into the shapes training needs.

Every file is ``sentence1<TAB>sentence2<TAB>label`` (PAWS-X has a header and an id column). The
loaders only read ``train/``; ``bench/`` is opened by ``align bench-sim`` alone, so no training or
tuning step can see it.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from align.errors import ConfigError

NLI_LABELS = {"entailment": 1.0, "neutral": 0.5, "contradiction": 0.0}


@dataclass(frozen=True)
class ScoredPair:
    """Two sentences and a similarity label (0/1, 0–5, or an NLI label mapped to 1 / 0.5 / 0)."""

    a: str
    b: str
    score: float
    source: str = ""  # the file it came from: CoSENT ranks pairs of one source against each other


@dataclass
class TrainingData:
    """What the trainer consumes, grouped by the loss each part feeds."""

    positives: list[tuple[str, str]] = field(default_factory=list)  # paraphrases (MNRL)
    triplets: list[tuple[str, str, str]] = field(default_factory=list)  # anchor, entailed, contradicted
    graded: list[ScoredPair] = field(default_factory=list)  # CoSENT: STS-B 0–5 and 0/1 matching sets
    domain: list[tuple[str, str]] = field(default_factory=list)  # mined from corpora/ and lexicons (MNRL)
    dev: list[ScoredPair] = field(default_factory=list)  # checkpoint selection only (stsb-dev)
    texts: list[str] = field(default_factory=list)  # every sentence of train/, for vocabulary/statistics

    def summary(self) -> dict[str, int]:
        return {
            "positive pairs": len(self.positives),
            "NLI triplets": len(self.triplets),
            "graded pairs": len(self.graded),
            "domain pairs": len(self.domain),
            "dev pairs": len(self.dev),
            "sentences": len(self.texts),
        }


def read_pairs(path: Path) -> list[ScoredPair]:
    """Read one ``zh-sim`` TSV file; rows without a label (the NLI test files) get score ``nan``."""
    path = Path(path)
    if not path.is_file():
        raise ConfigError(f"{path}: pair file not found — point --data at the zh-sim folder")
    pairs = []
    lines = path.read_text(encoding="utf-8").splitlines()
    for line in lines:
        cols = line.split("\t")
        if cols[:1] == ["id"]:  # PAWS-X header
            continue
        if len(cols) == 4:  # PAWS-X: id, s1, s2, label
            cols = cols[1:]
        if len(cols) < 2 or not cols[0].strip() or not cols[1].strip():
            continue
        label = cols[2].strip() if len(cols) > 2 else ""
        pairs.append(ScoredPair(cols[0].strip(), cols[1].strip(), _score(label), path.stem))
    return pairs


def _score(label: str) -> float:
    if label in NLI_LABELS:
        return NLI_LABELS[label]
    try:
        return float(label)
    except ValueError:
        return float("nan")


# train/ file → how it is used. "binary": 1 = same meaning; "nli": 3-way; "graded": 0–5.
TRAIN_FILES = {
    "afqmc-train.tsv": "binary",
    "afqmc-dev.tsv": "binary",
    "lcqmc-dev.tsv": "binary",
    "oppo-xiaobu-dev.tsv": "binary",
    "pawsx-dev.tsv": "binary",
    "cmnli-dev.tsv": "nli",
    "cmnli-test.tsv": "nli",  # unlabelled: sentences only
    "cnsd-snli-dev.tsv": "nli",
    "cnsd-snli-test.tsv": "nli",
    "ocnli-dev.tsv": "nli",
    "ocnli-test.tsv": "nli",  # unlabelled: sentences only
    "stsb-train.tsv": "graded",
}
DEV_FILE = "stsb-dev.tsv"


def load_training_data(
    data_dir: Path, limit: int | None = None, files: dict[str, str] | None = None
) -> TrainingData:
    """Load ``DATA/train/`` (or ``DATA`` itself if it holds the files) into a :class:`TrainingData`.

    Args:
        data_dir: the ``zh-sim`` folder (with ``train/``) or its ``train/`` folder.
        limit: keep only the first ``limit`` rows of each file (the tiny CI build).
        files: file name → kind, to train on a subset; defaults to every labelled train file.
    """
    train_dir = resolve_train_dir(data_dir)
    data = TrainingData()
    seen_texts: dict[str, None] = {}
    for name, kind in (files or TRAIN_FILES).items():
        if not (train_dir / name).is_file():
            continue
        rows = read_pairs(train_dir / name)[:limit]
        for p in rows:
            seen_texts.setdefault(p.a)
            seen_texts.setdefault(p.b)
        labelled = [p for p in rows if p.score == p.score and p.a != p.b]  # drop nan and self-pairs
        if kind == "binary":
            data.positives += [(p.a, p.b) for p in labelled if p.score >= 0.5]
            data.graded += labelled
        elif kind == "graded":
            data.graded += labelled
            data.positives += [(p.a, p.b) for p in labelled if p.score >= 4.0]
        else:
            triplets, entailed = _nli_triplets(labelled)
            data.triplets += triplets
            data.positives += entailed
            data.graded += labelled
    dev = read_pairs(train_dir / DEV_FILE) if (train_dir / DEV_FILE).is_file() else []
    data.dev = [p for p in dev if p.score == p.score][:limit]
    data.texts = list(seen_texts)
    if not data.positives and not data.graded:
        raise ConfigError(
            f"{train_dir}: no training pairs found — expected files such as "
            f"{', '.join(list(TRAIN_FILES)[:3])} (see the zh-sim README)"
        )
    return data


def resolve_train_dir(data_dir: Path) -> Path:
    data_dir = Path(data_dir)
    if (data_dir / "train").is_dir():
        return data_dir / "train"
    if data_dir.is_dir() and any(data_dir.glob("*.tsv")):
        return data_dir
    raise ConfigError(
        f"{data_dir}: not a zh-sim data folder — expected {data_dir}/train/*.tsv "
        "(the public pair sets, see ../shared/data/zh-sim/README.md)"
    )


def _nli_triplets(
    pairs: list[ScoredPair],
) -> tuple[list[tuple[str, str, str]], list[tuple[str, str]]]:
    """(premise, entailed, contradicted) triplets, and (premise, entailed) where nothing contradicts."""
    by_premise: dict[str, dict[float, list[str]]] = defaultdict(lambda: defaultdict(list))
    for p in pairs:
        by_premise[p.a][p.score].append(p.b)
    triplets, entailed = [], []
    for premise, hyps in by_premise.items():
        negatives = hyps.get(0.0, [])
        for i, pos in enumerate(hyps.get(1.0, [])):
            if negatives:
                triplets.append((premise, pos, negatives[i % len(negatives)]))
            else:
                entailed.append((premise, pos))
    return triplets, entailed
