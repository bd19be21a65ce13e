"""Lexical evidence: TF-IDF cosine over jieba words, with domain synonyms folded together.

Dense vectors miss exact tool names (Hadoop, Vue, 凭证); words shared between a requirement and a
unit are strong evidence. A domain lexicon maps abbreviations and synonyms (``JS`` → ``JavaScript``)
to one term before counting, so they count as shared words too.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np

from align.text import add_user_words, words

# Words that carry no subject matter in requirements and syllabi; without this, "能…使用…" matches everything.
STOPWORDS = frozenset(
    (
        "能 能够 会 可以 掌握 熟悉 了解 理解 使用 利用 运用 进行 完成 根据 按照 相关 常见 常用 基本 主要 "
        "以及 并 和 与 及 或 等 的 了 在 对 将 为 中 上 下 并能 一定 能力 方法 要求 内容 学生 教学"
    ).split()
)


class LexicalScorer:
    """Fitted on the job's own texts, so IDF reflects what is common in these documents."""

    def __init__(self, synonyms: Mapping[str, str] | None = None) -> None:
        self.synonyms = dict(synonyms or {})
        if self.synonyms:
            add_user_words([*self.synonyms, *self.synonyms.values()])
        self._vectorizer = None

    def _terms(self, text: str) -> list[str]:
        out = []
        for w in words(text):
            if w in STOPWORDS:
                continue
            out.append(self.synonyms.get(w, w))
        return out

    def fit(self, corpus: Sequence[str]) -> LexicalScorer:
        from sklearn.feature_extraction.text import TfidfVectorizer

        self._vectorizer = TfidfVectorizer(analyzer=self._terms, sublinear_tf=True).fit(
            list(corpus) or ["空"]
        )
        return self

    def similarity(self, queries: Sequence[str], items: Sequence[str]) -> np.ndarray:
        """Cosine similarity, shape (len(queries), len(items))."""
        if self._vectorizer is None:
            self.fit([*queries, *items])
        q = self._vectorizer.transform(list(queries))
        d = self._vectorizer.transform(list(items))
        return (q @ d.T).toarray().astype(np.float32)


def synonym_map(lexicon: Mapping[str, Sequence[str]]) -> dict[str, str]:
    """term → [synonyms] into synonym → term (lower-cased, as jieba words are)."""
    out: dict[str, str] = {}
    for term, syns in lexicon.items():
        for s in syns:
            out[s.lower()] = term.lower()
    return out


def term_recall(scorer: LexicalScorer, queries: Sequence[str], docs: Sequence[str]) -> np.ndarray:
    """Share of each query's IDF-weighted terms that occur in each document (asymmetric).

    Unlike cosine, a long unit that teaches much else is not penalised: what matters is whether the
    requirement's own terms are there.
    """
    if scorer._vectorizer is None:
        scorer.fit([*queries, *docs])
    vec = scorer._vectorizer
    q = vec.transform(list(queries))
    d = vec.transform(list(docs))
    q.data[:] = 1.0
    d.data[:] = 1.0
    q = q.multiply(vec.idf_).tocsr()
    totals = np.asarray(q.sum(axis=1)).ravel()
    totals[totals == 0] = 1.0
    return ((q @ d.T).toarray() / totals[:, None]).astype(np.float32)
