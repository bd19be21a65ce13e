"""A static embedding model's forward pass without importing sentence-transformers.

A sentence-transformers model made of one ``StaticEmbedding`` module (such as ``models/default``)
computes a sentence vector as the mean of its tokens' rows in one embedding table. Importing
sentence-transformers (and torch and transformers with it) to do that costs 6–10 s per process —
more than encoding a whole college — so for such folders the same two files are read with the
libraries sentence-transformers itself uses (``tokenizers``, ``safetensors``) and the mean is taken
with numpy. Any other model (transformers, pooling, dense layers) goes through sentence-transformers.

The vectors agree with sentence-transformers' to half precision (torch averages in float16 here,
this averages in float32: tests check the difference stays below 2e-3 per dimension).
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np

_MODULE = "sentence_transformers.sentence_transformer.modules.static_embedding.StaticEmbedding"
_LEGACY_MODULE = "sentence_transformers.models.StaticEmbedding"
_WEIGHTS = "model.safetensors"
_KEY = "embedding.weight"


def static_folder(path: Path) -> Path | None:
    """The folder of the model's only module when it is a plain StaticEmbedding, else None."""
    try:
        modules = json.loads((Path(path) / "modules.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(modules, list) or len(modules) != 1 or not isinstance(modules[0], dict):
        return None
    if modules[0].get("type") not in (_MODULE, _LEGACY_MODULE):
        return None
    folder = Path(path) / str(modules[0].get("path", ""))
    if not (folder / "tokenizer.json").is_file() or not (folder / _WEIGHTS).is_file():
        return None
    from safetensors import safe_open

    try:
        with safe_open(str(folder / _WEIGHTS), framework="numpy") as fh:
            keys = set(fh.keys())
    except Exception:  # not readable as safetensors: leave it to sentence-transformers' message
        return None
    return folder if keys == {_KEY} else None  # model2vec layouts (mapping, weights): not here


class StaticModel:
    """Mean of token embeddings, as ``StaticEmbedding.forward`` computes it."""

    def __init__(self, folder: Path) -> None:
        from safetensors.numpy import load_file
        from tokenizers import Tokenizer

        self.tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
        self.tokenizer.no_padding()  # as StaticEmbedding does; truncation as the file says
        # float32 once (56 MB for the default model): sums in half precision would lose digits
        self.weights = load_file(str(folder / _WEIGHTS))[_KEY].astype(np.float32)

    @property
    def dimension(self) -> int:
        return int(self.weights.shape[1])

    def encode(self, texts: list[str]) -> np.ndarray:
        from scipy.sparse import csr_matrix

        encodings = self.tokenizer.encode_batch(texts, add_special_tokens=False)
        lengths = np.array([len(e.ids) for e in encodings], dtype=np.int64)
        ids = np.fromiter((i for e in encodings for i in e.ids), dtype=np.int64, count=int(lengths.sum()))
        indptr = np.concatenate([[0], np.cumsum(lengths)])
        # texts × vocabulary token counts, times the table: the sum of each text's token rows.
        counts = csr_matrix(
            (np.ones(len(ids), np.float32), ids, indptr), shape=(len(texts), len(self.weights))
        )
        sums = np.asarray(counts @ self.weights, dtype=np.float32)
        # a text with no known token stays the zero vector, as in torch
        return sums / np.maximum(lengths, 1)[:, None].astype(np.float32)
