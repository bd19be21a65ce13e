"""Initial token vectors, before contrastive training.

``idf-random``: random directions scaled by each token's IDF over the training sentences. Random
directions in a few hundred dimensions are nearly orthogonal, so before any training the model is
already an IDF-weighted bag of words (stsb-dev 70–71, as good as TF-IDF there); training then moves
the vectors gently (see ``TrainConfig.lr``) rather than starting from nothing. Tokens that never
occur start, and stay, at zero: a zero vector drops out of a mean-then-normalise sentence vector
instead of adding noise.
"""

from __future__ import annotations

import numpy as np

INITS = ("idf-random",)


def idf(document_frequency: np.ndarray, n_docs: int) -> np.ndarray:
    return np.log((1 + n_docs) / (1 + document_frequency)).astype(np.float32)


def initial_weights(
    method: str, dim: int, document_frequency: np.ndarray, n_docs: int, seed: int
) -> np.ndarray:
    """Return a ``(vocab_size, dim)`` float32 matrix.

    Args:
        method: one of :data:`INITS`.
        dim: embedding dimension.
        document_frequency: in how many training sentences each token occurs.
        n_docs: number of training sentences.
        seed: random seed (the build is deterministic given it).
    """
    if method not in INITS:
        raise ValueError(f"unknown initialisation {method!r}: choose one of {', '.join(INITS)}")
    weights_idf = idf(document_frequency, n_docs)
    weights_idf[document_frequency == 0] = 0.0
    rng = np.random.default_rng(seed)
    vectors = rng.standard_normal((len(document_frequency), dim), dtype=np.float32) / np.sqrt(dim)
    return (vectors * weights_idf[:, None]).astype(np.float32)
