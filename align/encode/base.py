"""One interface for every text encoder, and the batching/caching/progress they share.

Implementations only embed a batch (``embed_batch``). De-duplication, the on-disk cache, batching
and the progress bar live here once, so every encoder gets them and none re-implements them.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections import OrderedDict
from collections.abc import Sequence
from importlib import import_module
from typing import TYPE_CHECKING

import numpy as np

from align.errors import ConfigError

if TYPE_CHECKING:
    from align.encode.cache import EmbeddingCache


_FLUSH = 4096  # new vectors written to the on-disk cache per transaction


class Encoder(ABC):
    """Turns texts into L2-normalised float32 vectors, shape ``(n, d)``."""

    name: str = "encoder"
    #: Whether vectors depend only on the text (and may be cached); TF-IDF's depend on its corpus.
    cacheable: bool = True

    #: Bytes of vectors kept in memory by a cacheable encoder (the most recently used): a batch
    #: worker meets the library's requirements again with every major, and memory is faster than the
    #: on-disk cache. 64 MB: 65,000 vectors of the default model, 16,000 of a 1,024-d one.
    memo_bytes: int = 64 << 20

    def __init__(self) -> None:
        self.cache: EmbeddingCache | None = None
        self.batch_size = 256
        self.progress = False
        self._memo: OrderedDict[str, np.ndarray] = OrderedDict()

    @property
    @abstractmethod
    def fingerprint(self) -> str:
        """Identifies the exact weights: a different model must give a different fingerprint."""

    @property
    def model_id(self) -> str:
        """What a calibration is tied to: the weights (the fingerprint), not a job's own fitting."""
        return self.fingerprint

    @abstractmethod
    def embed_batch(self, texts: list[str]) -> np.ndarray:
        """Embed one batch of texts (no caching, no de-duplication)."""

    def fit(self, corpus: Sequence[str]) -> None:  # noqa: B027 - optional hook
        """Learn from the job's own texts before encoding; only corpus-statistics encoders need it."""

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """Embed texts, reusing cached vectors and embedding each distinct text once."""
        texts = list(texts)
        unique = list(dict.fromkeys(texts))
        vectors: dict[str, np.ndarray] = {}
        if self.cacheable:
            vectors.update((t, self._memo[t]) for t in unique if t in self._memo)
        cache = self.cache if self.cacheable else None
        if cache is not None:
            vectors.update(cache.get_many(self.fingerprint, [t for t in unique if t not in vectors]))
        todo = [t for t in unique if t not in vectors]
        batches = range(0, len(todo), self.batch_size)
        if self.progress and len(todo) > self.batch_size:
            from tqdm.auto import tqdm

            batches = tqdm(batches, desc=f"encoding ({self.name})", unit="batch")
        pending: dict[str, np.ndarray] = {}
        for start in batches:
            chunk = todo[start : start + self.batch_size]
            emb = _normalise(np.asarray(self.embed_batch(chunk), dtype=np.float32))
            new = dict(zip(chunk, emb, strict=True))
            vectors.update(new)
            pending.update(new)
            # One transaction per few thousand vectors: per batch, committing cost more than a
            # fast model's encoding; a crash still keeps all but the last few thousand.
            if cache is not None and (len(pending) >= _FLUSH or start + self.batch_size >= len(todo)):
                cache.put_many(self.fingerprint, pending)
                pending = {}
        if self.cacheable:
            self._remember(vectors)
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        return np.stack([vectors[t] for t in texts]).astype(np.float32, copy=False)

    def _remember(self, vectors: dict[str, np.ndarray]) -> None:
        for text, vector in vectors.items():
            self._memo[text] = vector
            self._memo.move_to_end(text)
        if vectors:
            limit = max(1, self.memo_bytes // next(iter(vectors.values())).nbytes)
            while len(self._memo) > limit:
                self._memo.popitem(last=False)

    @property
    def dimension(self) -> int:
        return int(self.embed_batch(["维度"]).shape[1])


def _normalise(emb: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(emb, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return emb / norms


# kind → "module:Class". A plain registry: the kind is chosen by a string in settings, never guessed.
ENCODERS = {
    "tfidf": "align.encode.tfidf:TfidfEncoder",
    "sentence-transformers": "align.encode.sentence_transformer:SentenceTransformerEncoder",
}


def make_encoder(kind: str, model: str | None = None) -> Encoder:
    """Build the encoder of a kind (``tfidf``, ``sentence-transformers``) for a model path or name."""
    if kind not in ENCODERS:
        raise ConfigError(f"unknown encoder '{kind}': choose one of {', '.join(ENCODERS)}")
    module, _, cls = ENCODERS[kind].partition(":")
    encoder_cls = getattr(import_module(module), cls)
    return encoder_cls(model) if model is not None else encoder_cls()
