"""The TF-IDF baseline: jieba words and character 1–3-grams, fitted on the job's own texts.

It is the baseline every learned model has to beat, so it stays selectable (``--model tfidf``).
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

import numpy as np

from align.encode.base import Encoder
from align.text import normalize, words


class TfidfEncoder(Encoder):
    """Concatenated word and character TF-IDF vectors (each part L2-normalised, then the whole)."""

    name = "tfidf"
    cacheable = False  # vectors depend on the corpus the vectoriser was fitted on

    def __init__(self, model: str | None = None, max_features: int = 1 << 14) -> None:
        super().__init__()
        self.max_features = max_features
        self._word = None
        self._char = None
        self._digest = "unfitted"

    def fit(self, corpus: Sequence[str]) -> None:
        from sklearn.feature_extraction.text import TfidfVectorizer

        texts = [normalize(t) for t in corpus] or ["空"]
        self._word = TfidfVectorizer(analyzer=words, sublinear_tf=True, max_features=self.max_features).fit(
            texts
        )
        self._char = TfidfVectorizer(
            analyzer="char", ngram_range=(1, 3), sublinear_tf=True, max_features=self.max_features
        ).fit(texts)
        self._digest = hashlib.sha1("\n".join(sorted(set(texts))).encode()).hexdigest()[:12]

    @property
    def fingerprint(self) -> str:
        return f"tfidf-{self._digest}"

    @property
    def model_id(self) -> str:
        return f"tfidf-{self.max_features}"  # the recipe; the fitted vocabulary differs by job

    def embed_batch(self, texts: list[str]) -> np.ndarray:
        if self._word is None:
            self.fit(texts)  # transductive use: fit on what is being compared
        normed = [normalize(t) for t in texts]
        parts = [v.transform(normed).toarray().astype(np.float32) for v in (self._word, self._char)]
        return np.hstack(parts)
