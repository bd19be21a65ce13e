"""``align build-model``: the whole recipe of the default model, from data folders to a model folder.

data (zh-sim train/, mined domain pairs, 同义词词林) → vocabulary → tokenizer.json → initial vectors
→ contrastive training (best stsb-dev epoch) → fp16 StaticEmbedding folder + model card.
Deterministic for a given seed, data and library versions.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path

from align.errors import ConfigError
from align.modelbuild.train import EpochLog, TrainConfig

log = logging.getLogger(__name__)
BUILD_INFO = "build.json"


@dataclass
class BuildConfig:
    dim: int = 256
    max_words: int = 60000
    min_count: int = 2
    segmenter: str = "unigram"
    init: str = "idf-random"
    fp16: bool = True
    corpora: Path | None = None  # mine domain pairs from the allowed files under it
    lexicon: Path | None = None  # 同义词词林 (cilin_ex.txt): synonym word pairs
    limit: int | None = None  # rows per pair file (the tiny CI build)
    train: TrainConfig = field(default_factory=TrainConfig)

    @classmethod
    def tiny(cls, **changes) -> BuildConfig:
        """A model built in seconds from a few hundred pairs: proves the recipe runs (CI, tests)."""
        cfg = cls(
            dim=32,
            max_words=2000,
            min_count=1,
            limit=300,
            train=TrainConfig(epochs=2, batch_size=32, graded_batch_size=32),
        )
        for key, value in changes.items():
            setattr(cfg, key, value)
        return cfg


@dataclass
class BuildResult:
    out: Path
    vocab_size: int
    dim: int
    size_mb: float
    seconds: float
    history: list[EpochLog]
    data: dict[str, int]
    best_epoch: int


def build_model(
    data_dir: Path, out: Path, cfg: BuildConfig, progress: Callable[[str], None] = print
) -> BuildResult:
    """Build the model into ``out`` (replaced atomically once the new model is complete).

    Args:
        data_dir: the zh-sim folder (``train/`` is read; ``bench/`` never is).
        out: the model folder to write, e.g. ``models/default``.
        cfg: the recipe's knobs (see :class:`BuildConfig`).
        progress: receives one line per stage and per epoch.
    """
    import numpy as np
    import torch
    from sentence_transformers import SentenceTransformer
    from sentence_transformers.sentence_transformer.modules import StaticEmbedding

    from align.modelbuild.card import write_card
    from align.modelbuild.data import load_training_data
    from align.modelbuild.domain import cilin_pairs, corpus_pairs
    from align.modelbuild.init import initial_weights
    from align.modelbuild.tokenizer import build_tokenizer
    from align.modelbuild.train import TokenTable, best_epoch, train
    from align.modelbuild.vocab import build_vocabulary

    out = Path(out)
    _check_out(out)
    start = time.perf_counter()
    torch.manual_seed(cfg.train.seed)
    data = load_training_data(data_dir, limit=cfg.limit)
    terms: list[str] = []
    if cfg.corpora is not None:
        domain, terms = corpus_pairs(cfg.corpora)
        data.domain += domain[: cfg.limit * 4 if cfg.limit else None]
    if cfg.lexicon is not None:
        data.domain += cilin_pairs(cfg.lexicon, max_pairs=cfg.limit * 4 if cfg.limit else None)
    progress("data: " + ", ".join(f"{v:,} {k}" for k, v in data.summary().items()))

    texts = [*data.texts, *(t for pair in data.domain for t in pair)]
    vocab = build_vocabulary(texts, terms, max_words=cfg.max_words, min_count=cfg.min_count)
    tokenizer = build_tokenizer(vocab.tokens, vocab.scores, cfg.segmenter)
    # The tokenizer's segmentation, not jieba's, decides which words occur: drop the others.
    table = TokenTable(tokenizer, texts)
    vocab = vocab.without_unused_words(table.document_frequency(len(vocab)), cfg.min_count)
    tokenizer = build_tokenizer(vocab.tokens, vocab.scores, cfg.segmenter)
    table = TokenTable(tokenizer, texts)
    df = table.document_frequency(len(vocab))
    progress(f"vocabulary: {len(vocab):,} entries ({cfg.segmenter} segmenter)")

    weights = initial_weights(cfg.init, cfg.dim, df, len(table.ids), cfg.train.seed)
    static = StaticEmbedding(tokenizer, embedding_weights=torch.from_numpy(weights))
    model = SentenceTransformer(modules=[static], device="cpu")

    def on_epoch(e: EpochLog) -> None:
        what = "initial vectors" if e.epoch == 0 else f"epoch {e.epoch}: loss {e.loss:.3f},"
        progress(f"{what} stsb-dev Spearman {e.dev_spearman:.2f} ({e.seconds:.0f} s)")

    history = train(model, tokenizer, data, cfg.train, on_epoch=on_epoch)
    if cfg.fp16:
        static.embedding.to(torch.float16)
    seconds = time.perf_counter() - start

    tmp = out.parent / f".{out.name}.building-{os.getpid()}"
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    model.save(str(tmp))
    for path in tmp.rglob("*"):
        if path.is_file():
            path.chmod(0o644)  # safetensors writes 0600; the folder is shared and committed
    size_mb = sum(p.stat().st_size for p in tmp.rglob("*") if p.is_file()) / 1e6
    result = BuildResult(
        out, len(vocab), cfg.dim, size_mb, seconds, history, data.summary(), best_epoch(history)
    )
    info = {
        "config": _jsonable(asdict(cfg)),
        "vocab_size": len(vocab),
        "data": data.summary(),
        "history": [asdict(e) for e in history],
        "best_epoch": result.best_epoch,
        "build_seconds": round(seconds, 1),
        "versions": _versions(),
        "weights_sha1_16": _weights_digest(np.asarray(static.embedding.weight.detach())),
    }
    (tmp / BUILD_INFO).write_text(json.dumps(info, ensure_ascii=False, indent=2), encoding="utf-8")
    write_card(tmp / "README.md", info)
    kept = _keep_foreign_files(out, tmp)
    _replace_dir(tmp, out)
    if kept:
        progress(
            f"kept {', '.join(kept)} from the previous {out}: fitted for the old weights, so refit "
            "them now (e.g. 'align calibrate')"
        )
    progress(f"model written to {out} ({size_mb:.1f} MB, {seconds / 60:.1f} min)")
    return result


def _check_out(out: Path) -> None:
    """Refuse to replace a folder that is not a model folder: ``--out .`` must not wipe a project."""
    if out.exists() and (not out.is_dir() or (any(out.iterdir()) and not (out / "modules.json").exists())):
        raise ConfigError(
            f"{out} exists and is not a sentence-transformers model folder — choose a new or "
            "empty folder for --out (an existing model folder is replaced)"
        )


def _keep_foreign_files(out: Path, new: Path) -> list[str]:
    """Copy files other tools keep in the model folder (a calibration) into the new build."""
    if not out.is_dir():
        return []
    kept = []
    for path in sorted(out.iterdir()):
        if path.is_file() and not (new / path.name).exists():
            shutil.copy2(path, new / path.name)
            kept.append(path.name)
    return kept


def _replace_dir(new: Path, out: Path) -> None:
    old = out.parent / f".{out.name}.old-{os.getpid()}"
    if out.exists():
        out.rename(old)
    new.rename(out)
    shutil.rmtree(old, ignore_errors=True)


def _jsonable(obj):
    if isinstance(obj, dict):
        return {k: _jsonable(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [_jsonable(v) for v in obj]
    if isinstance(obj, Path):
        return obj.as_posix()
    return obj


def _versions() -> dict[str, str]:
    from importlib.metadata import version

    return {pkg: version(pkg) for pkg in ("sentence-transformers", "torch", "tokenizers", "jieba")}


def _weights_digest(weights) -> str:
    import hashlib

    return hashlib.sha1(weights.tobytes()).hexdigest()[:16]
