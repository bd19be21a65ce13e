"""Initial token vectors, before contrastive training.

``idf-random``: random directions scaled by each token's IDF over the training sentences, so frequent
function words start short and move little. Tokens that never occur start (and stay) at zero: they
receive no gradient, and a zero vector drops out of a mean-then-normalise sentence vector instead of
adding noise. ``ppmi-svd``: the left singular vectors of the sentence-level PPMI co-occurrence matrix,
IDF-scaled the same way (an LSA start; kept for comparison).
"""

from __future__ import annotations

import numpy as np

INITS = ("idf-random", "ppmi-svd")


def idf(document_frequency: np.ndarray, n_docs: int) -> np.ndarray:
    return np.log((1 + n_docs) / (1 + document_frequency)).astype(np.float32)


def initial_weights(
    method: str,
    dim: int,
    document_frequency: np.ndarray,
    n_docs: int,
    seed: int,
    token_rows: list[np.ndarray] | None = None,
    unseen: str = "zero",
) -> np.ndarray:
    """Return a ``(vocab_size, dim)`` float32 matrix.

    Args:
        method: one of :data:`INITS`.
        dim: embedding dimension.
        document_frequency: in how many training sentences each token occurs.
        n_docs: number of training sentences.
        seed: random seed (the build is deterministic given it).
        token_rows: token ids of each training sentence (needed by ``ppmi-svd``).
        unseen: tokens that never occur get a ``zero`` vector or, with ``max-idf``, a random
            direction at the largest IDF — a rare character two texts share is strong evidence,
            as in TF-IDF, even if no training pair contains it.
    """
    vocab_size = len(document_frequency)
    weights_idf = idf(document_frequency, n_docs)
    weights_idf[document_frequency == 0] = 0.0 if unseen == "zero" else np.log(1 + n_docs)
    if method == "idf-random":
        rng = np.random.default_rng(seed)
        vectors = rng.standard_normal((vocab_size, dim), dtype=np.float32) / np.sqrt(dim)
    elif method == "ppmi-svd":
        vectors = _ppmi_svd(token_rows or [], vocab_size, dim, seed)
    else:
        raise ValueError(f"unknown initialisation {method!r}: choose one of {', '.join(INITS)}")
    return (vectors * weights_idf[:, None]).astype(np.float32)


def _ppmi_svd(rows: list[np.ndarray], vocab_size: int, dim: int, seed: int) -> np.ndarray:
    from scipy import sparse
    from scipy.sparse.linalg import svds

    docs = sparse.lil_matrix((len(rows), vocab_size), dtype=np.float32)
    for i, row in enumerate(rows):
        ids = np.unique(row)
        docs.rows[i] = ids.tolist()
        docs.data[i] = [1.0] * len(ids)
    docs = docs.tocsr()
    cooc = (docs.T @ docs).tocoo()
    counts = np.asarray(docs.sum(axis=0)).ravel()
    total = cooc.data.sum()
    pmi = np.log(cooc.data * total / (counts[cooc.row] * counts[cooc.col] + 1e-9) + 1e-9)
    keep = (pmi > 0) & (cooc.row != cooc.col)
    ppmi = sparse.csr_matrix((pmi[keep], (cooc.row[keep], cooc.col[keep])), shape=cooc.shape)
    rng = np.random.default_rng(seed)
    u, s, _ = svds(ppmi, k=dim, v0=rng.standard_normal(vocab_size))
    vectors = u * np.sqrt(s)
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return (vectors / norms).astype(np.float32)

