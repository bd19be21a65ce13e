"""Contrastive training of the static embedding matrix with sentence-transformers' own losses.

The model is one ``StaticEmbedding`` (a mean of token vectors), so a training step costs little more
than the optimiser update. The loop therefore tokenises every sentence once, builds batches of token
ids directly, and feeds the embeddings to the sentence-transformers loss modules
(``MultipleNegativesRankingLoss``, ``CoSENTLoss``) through ``compute_loss_from_embeddings``. The
Hugging Face trainer would add the ``datasets``/``accelerate`` dependencies and re-tokenise every
step for no gain here.

After each epoch the model is scored on ``stsb-dev`` (never on ``bench/``) and the best epoch kept:
the paired data is small and a static model overfits it after a few epochs.
"""

from __future__ import annotations

import logging
import random
import time
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import numpy as np

from align.modelbuild.bench import score_pairs
from align.modelbuild.data import ScoredPair, TrainingData

log = logging.getLogger(__name__)


@dataclass
class TrainConfig:
    epochs: int = 20
    lr: float = 0.01  # Adam moves every touched row by about lr per step: 0.05 erased the init
    batch_size: int = 256  # MNRL batches: more in-batch negatives per step
    graded_batch_size: int = 128  # CoSENT batches (pairs of one source)
    mnrl_scale: float = 20.0
    cosent_scale: float = 20.0
    weights: dict[str, float] = field(
        default_factory=lambda: {"pairs": 1.0, "triplets": 1.0, "graded": 1.0, "domain": 1.0}
    )
    seed: int = 42
    threads: int = 1  # steps are small: on a shared 2-core machine a second thread mostly waits
    #: Weight of a word's characters in its vector (see :class:`Composition`); 0 turns it off.
    compose_chars: float = 1.0


@dataclass
class EpochLog:
    epoch: int
    loss: float | None  # None for epoch 0, the initial vectors
    dev_spearman: float
    seconds: float
    extra: dict[str, float] = field(default_factory=dict)


class TokenTable:
    """Every training sentence tokenised once; batches are cut from it by sentence index."""

    def __init__(self, tokenizer, texts: Sequence[str]) -> None:
        self.index = {t: i for i, t in enumerate(dict.fromkeys(texts))}
        encodings = tokenizer.encode_batch(list(self.index), add_special_tokens=False)
        self.ids = [np.asarray(e.ids, dtype=np.int64) for e in encodings]

    def batch(self, texts: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
        """Token ids of ``texts`` laid end to end, and where each text starts (EmbeddingBag input)."""
        rows = [self.ids[self.index[t]] for t in texts]
        lengths = [len(r) for r in rows]
        offsets = np.concatenate([[0], np.cumsum(lengths[:-1])]).astype(np.int64)
        flat = np.concatenate(rows) if rows else np.zeros(0, dtype=np.int64)
        return flat, offsets

    def document_frequency(self, vocab_size: int) -> np.ndarray:
        df = np.zeros(vocab_size, dtype=np.int64)
        for row in self.ids:
            df[np.unique(row)] += 1
        return df


class Composition:
    """Each token's vector is its own row plus ``weight`` × the mean of its characters' rows.

    The fastText idea for Chinese: a word means roughly what its characters mean, plus something
    of its own. Rare words borrow from well-trained characters, and "数据清洗" starts close to
    "清洗数据". As a sparse matrix ``M`` (vocabulary × vocabulary) the exported vectors are
    ``M @ rows``, so the saved model is still one plain StaticEmbedding matrix.
    """

    def __init__(self, tokens: Sequence[str], weight: float) -> None:
        from scipy import sparse

        index = {t: i for i, t in enumerate(tokens)}
        rows, cols, vals = [], [], []
        for i, token in enumerate(tokens):
            rows.append(i)
            cols.append(i)
            vals.append(1.0)
            chars = [index[c] for c in token if c in index] if _is_cjk_word(token) else []
            if weight and len(chars) > 1:
                rows += [i] * len(chars)
                cols += chars
                vals += [weight / len(chars)] * len(chars)
        n = len(tokens)
        self.matrix = sparse.csr_matrix((vals, (rows, cols)), shape=(n, n), dtype=np.float32)
        self.matrix.sum_duplicates()

    def expand(self, flat_ids: np.ndarray, token_offsets: np.ndarray):
        """Token ids → (row ids, weights, offsets) of the rows that make up the same sentences."""
        sub = self.matrix[flat_ids]
        return sub.indices.astype(np.int64), sub.data, sub.indptr[token_offsets].astype(np.int64)

    def export(self, rows: np.ndarray) -> np.ndarray:
        return np.asarray(self.matrix @ rows, dtype=np.float32)


def _is_cjk_word(token: str) -> bool:
    return len(token) > 1 and any("\u4e00" <= c <= "\u9fff" for c in token)


def selection_score(entry: EpochLog) -> float:
    """Epochs are chosen by stsb-dev Spearman; without a dev set, the last epoch wins."""
    return entry.dev_spearman if entry.dev_spearman == entry.dev_spearman else float(entry.epoch)


def best_epoch(history: Sequence[EpochLog]) -> int:
    return max(history, key=selection_score).epoch if history else 0


def _no_duplicate_batches(rows: list[tuple[str, ...]], size: int, rng: random.Random) -> list[list]:
    """Shuffle and cut into batches in which no sentence appears twice (no false in-batch negatives)."""
    rows = rows[:]
    rng.shuffle(rows)
    batches: list[list] = []
    pending = rows
    while pending:
        batch, seen, rest = [], set(), []
        for row in pending:
            if len(batch) < size and not seen.intersection(row):
                batch.append(row)
                seen.update(row)
            else:
                rest.append(row)
            if len(batch) == size:
                batches.append(batch)
                batch, seen = [], set()
        if len(batch) >= 2:
            batches.append(batch)
        pending = rest if len(rest) < len(pending) else []
    return batches


def _plan_epoch(data: TrainingData, cfg: TrainConfig, rng: random.Random) -> list[tuple[str, list]]:
    plan: list[tuple[str, list]] = []
    for batch in _no_duplicate_batches(list(data.positives), cfg.batch_size, rng):
        plan.append(("pairs", batch))
    for batch in _no_duplicate_batches(list(data.triplets), cfg.batch_size, rng):
        plan.append(("triplets", batch))
    for batch in _no_duplicate_batches(list(data.domain), cfg.batch_size, rng):
        plan.append(("domain", batch))
    by_source: dict[str, list[ScoredPair]] = defaultdict(list)
    for p in data.graded:
        by_source[p.source].append(p)
    for source in sorted(by_source):
        rows = by_source[source][:]
        rng.shuffle(rows)
        for i in range(0, len(rows), cfg.graded_batch_size):
            chunk = rows[i : i + cfg.graded_batch_size]
            if len({p.score for p in chunk}) > 1:
                plan.append(("graded", chunk))
    plan = [(k, b) for k, b in plan if cfg.weights.get(k, 1.0) > 0]
    rng.shuffle(plan)
    return plan


def train(
    model,
    tokenizer,
    data: TrainingData,
    cfg: TrainConfig,
    on_epoch: Callable[[EpochLog], None] | None = None,
    extra_dev: dict[str, Sequence[ScoredPair]] | None = None,
) -> list[EpochLog]:
    """Train ``model`` (a SentenceTransformer holding one StaticEmbedding) in place.

    Returns the per-epoch log; the model is left with the weights of the best ``stsb-dev`` epoch.
    """
    import torch
    from sentence_transformers.sentence_transformer.losses import (
        CoSENTLoss,
        MultipleNegativesRankingLoss,
    )

    torch.manual_seed(cfg.seed)
    torch.set_num_threads(cfg.threads)
    rng = random.Random(cfg.seed)
    static = model[0]
    initial = static.embedding.weight.detach().float().clone()
    bag = torch.nn.EmbeddingBag.from_pretrained(initial, freeze=False, mode="sum", sparse=True)
    vocab = tokenizer.get_vocab()
    tokens = sorted(vocab, key=vocab.get)
    composition = Composition(tokens, cfg.compose_chars) if cfg.compose_chars else None

    def export() -> torch.Tensor:
        rows = bag.weight.detach().numpy()
        return torch.from_numpy(composition.export(rows) if composition else rows.copy())

    texts = [*data.texts, *(t for row in data.domain for t in row)]
    texts += [p.a for p in data.dev] + [p.b for p in data.dev]
    for pairs in (extra_dev or {}).values():
        texts += [p.a for p in pairs] + [p.b for p in pairs]
    table = TokenTable(tokenizer, texts)

    def embed(batch_texts: list[str]) -> torch.Tensor:
        ids, offsets = table.batch(batch_texts)
        if composition is None:
            return bag(torch.from_numpy(ids), torch.from_numpy(offsets))
        rows, weights, row_offsets = composition.expand(ids, offsets)
        return bag(torch.from_numpy(rows), torch.from_numpy(row_offsets), torch.from_numpy(weights))

    def embed_np(batch_texts: list[str]) -> np.ndarray:
        with torch.no_grad():
            return embed(batch_texts).numpy()

    mnrl_pairs = MultipleNegativesRankingLoss(
        model,
        scale=cfg.mnrl_scale,
        directions=("query_to_doc", "doc_to_query"),
        partition_mode="per_direction",
    )
    mnrl = MultipleNegativesRankingLoss(model, scale=cfg.mnrl_scale)
    cosent = CoSENTLoss(model, scale=cfg.cosent_scale)

    optimizer = torch.optim.SparseAdam(list(bag.parameters()), lr=cfg.lr)
    plans = [_plan_epoch(data, cfg, rng) for _ in range(cfg.epochs)]
    total_steps = sum(len(p) for p in plans)
    step = 0

    def evaluate(epoch: int, loss: float | None, seconds: float) -> EpochLog:
        extra = {name: score_pairs(embed_np, pairs) for name, pairs in (extra_dev or {}).items()}
        entry = EpochLog(epoch, loss, score_pairs(embed_np, data.dev), seconds, extra)
        if on_epoch:
            on_epoch(entry)
        return entry

    history = [evaluate(0, None, 0.0)]  # the initial vectors alone, for reference
    best = (selection_score(history[0]), export())
    for epoch, plan in enumerate(plans, start=1):
        start = time.perf_counter()
        losses = []
        for kind, batch in plan:
            for group in optimizer.param_groups:
                group["lr"] = cfg.lr * max(0.0, 1.0 - step / total_steps)
            if kind == "graded":
                embs = [embed([p.a for p in batch]), embed([p.b for p in batch])]
                labels = torch.tensor([p.score for p in batch], dtype=torch.float32)
                loss = cosent.compute_loss_from_embeddings(embs, labels)
            else:
                columns = list(zip(*batch, strict=True))
                embs = [embed(list(col)) for col in columns]
                loss_fn = mnrl_pairs if len(columns) == 2 else mnrl
                loss = loss_fn.compute_loss_from_embeddings(embs, None)
            loss = loss * cfg.weights.get(kind, 1.0)
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            losses.append(loss.item())
            step += 1
        entry = evaluate(epoch, float(np.mean(losses)) if losses else 0.0, time.perf_counter() - start)
        history.append(entry)
        if selection_score(entry) > best[0]:
            best = (selection_score(entry), export())
    with torch.no_grad():
        static.embedding.weight.copy_(best[1].to(static.embedding.weight.dtype))
    return history
