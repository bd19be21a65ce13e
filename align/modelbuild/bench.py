"""``bench-sim``: Spearman ×100 of cosine similarity on the public test sets, speed and size.

Only this module reads ``bench/``; training and checkpoint selection never do. The TF-IDF baseline is
always measured in the same run, so every figure has its lexical reference beside it.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from align.errors import ConfigError
from align.modelbuild.data import ScoredPair, read_pairs

BENCH_SETS = {"stsb": "stsb-test.tsv", "lcqmc": "lcqmc-test.tsv", "pawsx": "pawsx-test.tsv"}
# Published C-MTEB figures (Spearman ×100 of cosine), quoted for reference; not measured here.
PUBLISHED = {
    "bge-small-zh (C-MTEB)": {"stsb": 76.48, "lcqmc": 72.61},
    "bge-base-zh (C-MTEB)": {"stsb": 78.66},
    "m3e-base (C-MTEB)": {"stsb": 76.97, "lcqmc": 74.88},
    "text2vec-base-chinese (C-MTEB)": {"stsb": 79.30, "lcqmc": 70.16},
    "OpenAI ada-002 (C-MTEB)": {"stsb": 70.61},
}
PUBLISHED_PAWSX = "published PAWSX figures range from 9.97 to 22.45"


@dataclass
class BenchRow:
    model: str
    scores: dict[str, float] = field(default_factory=dict)
    sentences_per_second: float | None = None
    size_mb: float | None = None
    dimension: int | None = None


def spearman_cosine(a: np.ndarray, b: np.ndarray, gold: Sequence[float]) -> float:
    """Spearman ×100 between the cosine of row pairs and the gold scores."""
    from scipy.stats import spearmanr

    a = a / np.maximum(np.linalg.norm(a, axis=1, keepdims=True), 1e-12)
    b = b / np.maximum(np.linalg.norm(b, axis=1, keepdims=True), 1e-12)
    return float(spearmanr((a * b).sum(axis=1), gold).statistic * 100)


def score_pairs(embed: Callable[[list[str]], np.ndarray], pairs: Sequence[ScoredPair]) -> float:
    if not pairs:
        return float("nan")
    return spearman_cosine(embed([p.a for p in pairs]), embed([p.b for p in pairs]), [p.score for p in pairs])


def load_bench(data_dir: Path, sets: Sequence[str], limit: int | None = None) -> dict[str, list]:
    data_dir = Path(data_dir)
    bench_dir = data_dir / "bench" if (data_dir / "bench").is_dir() else data_dir
    out = {}
    for name in sets:
        if name not in BENCH_SETS:
            raise ConfigError(f"unknown bench set '{name}': choose from {', '.join(BENCH_SETS)}")
        path = bench_dir / BENCH_SETS[name]
        if not path.is_file():
            raise ConfigError(
                f"{path} not found — pass --data the zh-sim folder that holds bench/{BENCH_SETS[name]}"
            )
        out[name] = [p for p in read_pairs(path) if p.score == p.score][:limit]
    return out


def bench_encoder(
    label: str, encoder, sets: dict[str, list[ScoredPair]], speed_texts: Sequence[str], size_mb: float | None
) -> BenchRow:
    """Score one encoder on every set (fitted per set when it is TF-IDF) and time it."""
    row = BenchRow(label, size_mb=size_mb)
    for name, pairs in sets.items():
        texts = [p.a for p in pairs] + [p.b for p in pairs]
        encoder.fit(texts)  # a no-op except for corpus-statistics encoders (TF-IDF)
        row.scores[name] = score_pairs(lambda t: encoder.encode(t), pairs)
    if speed_texts:
        encoder.fit(list(speed_texts))
        encoder.embed_batch(list(speed_texts[:64]))  # warm-up: load the model, first allocations
        start = time.perf_counter()
        for i in range(0, len(speed_texts), encoder.batch_size):
            emb = encoder.embed_batch(list(speed_texts[i : i + encoder.batch_size]))
        row.sentences_per_second = len(speed_texts) / (time.perf_counter() - start)
        row.dimension = int(emb.shape[1])
    return row


def folder_size_mb(path: Path) -> float:
    path = Path(path)
    files = [p for p in path.rglob("*") if p.is_file()] if path.is_dir() else [path]
    return sum(p.resolve().stat().st_size for p in files) / 1e6


def format_table(rows: Sequence[BenchRow], sets: Sequence[str], published: bool = True) -> str:
    """A Markdown table: one row per model, Spearman ×100 per set, speed, size."""
    names = {"stsb": "STS-B test", "lcqmc": "LCQMC test", "pawsx": "PAWS-X test"}
    head = ["model", *(names[s] for s in sets), "sentences/s", "dim", "size MB"]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for r in rows:
        cells = [
            r.model,
            *(f"{r.scores[s]:.2f}" if s in r.scores else "" for s in sets),
            f"{r.sentences_per_second:,.0f}" if r.sentences_per_second else "",
            str(r.dimension or ""),
            f"{r.size_mb:.1f}" if r.size_mb is not None else "",
        ]
        lines.append("| " + " | ".join(cells) + " |")
    if published:
        for name, scores in PUBLISHED.items():
            cells = [f"*{name}*", *(f"*{scores[s]:.2f}*" if s in scores else "" for s in sets), "", "", ""]
            lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)
