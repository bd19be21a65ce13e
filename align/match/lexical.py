"""Lexical evidence: TF-IDF cosine over jieba words, with domain synonyms folded together.

Dense vectors miss exact tool names (Hadoop, Vue, 凭证); words shared between a requirement and a
unit are strong evidence. A domain lexicon maps abbreviations and synonyms (``JS`` → ``JavaScript``)
to one term before counting, so they count as shared words too.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

import numpy as np

from align.text import add_user_words, vocabulary_version, words

UNIT_JOIN = "；"  # joins a unit's title and items into one document (see align.match.engine)
_JOINS_RE = re.compile(f"{UNIT_JOIN}| › ")  # … and ' › ' joins breadcrumbs (align.match.engine)
# Words that carry no subject matter in requirements and syllabi; without this, "能…使用…" matches everything.
STOPWORDS = frozenset(
    (
        "能 能够 会 可以 掌握 熟悉 了解 理解 使用 利用 运用 进行 完成 根据 按照 相关 常见 常用 基本 主要 "
        "以及 并 和 与 及 或 等 的 了 在 对 将 为 中 上 下 并能 一定 能力 方法 要求 内容 学生 教学"
    ).split()
)


# Terms of each text, shared by the scorers of one process that fold the same synonyms: a batch
# worker meets the library's requirements again with every major. Keyed by the segmenter's
# vocabulary too, since a taught word changes how texts split.
_TERMS: dict[tuple[int, int], dict[str, list[str]]] = {}
_TERMS_MAX = 200_000  # texts; tens of MB at most


def _shared_terms(synonyms: Mapping[str, str]) -> dict[str, list[str]]:
    key = (vocabulary_version(), hash(frozenset(synonyms.items())))
    terms = _TERMS.get(key)
    if terms is None or len(terms) > _TERMS_MAX:
        _TERMS.clear()
        terms = _TERMS[key] = {}
    return terms


class LexicalScorer:
    """Fitted on the job's own texts, so IDF reflects what is common in these documents.

    TF-IDF as scikit-learn's ``TfidfVectorizer(sublinear_tf=True)`` computes it (smoothed IDF, L2
    rows; terms outside the fitted texts are ignored), with each text's term counts kept from one fit
    to the next: a run fits once per standard over the same course content, and counting that content
    again for every standard of a library was most of a batch's matching time.
    """

    def __init__(self, synonyms: Mapping[str, str] | None = None) -> None:
        self.synonyms = dict(synonyms or {})
        if self.synonyms:
            add_user_words([*self.synonyms, *self.synonyms.values()])
        self._columns: dict[str, int] = {}  # every term met, numbered in order of first sight
        self._counts: dict[str, tuple[np.ndarray, np.ndarray]] = {}  # text → (columns, counts)
        self._idf: np.ndarray | None = None  # per column; 0 for terms not in the fitted texts
        self._fitted = None
        self._row: dict[str, int] = {}
        # Each text is fitted on, then transformed as a query or an item and again for term
        # recall: analyse it once.
        self._analysed = _shared_terms(self.synonyms)

    def _terms(self, text: str) -> list[str]:
        terms = self._analysed.get(text)
        if terms is None:
            parts = _JOINS_RE.split(text)
            if len(parts) > 1:
                # Unit documents (title and items joined) and breadcrumbs (course › unit › item)
                # are made of texts analysed already; jieba never joins words across these marks,
                # so the parts' terms are the whole's terms.
                terms = [t for part in parts for t in self._terms(part)]
            else:
                terms = [self.synonyms.get(w, w) for w in words(text) if w not in STOPWORDS]
            self._analysed[text] = terms
        return terms

    def _count(self, text: str) -> tuple[np.ndarray, np.ndarray]:
        row = self._counts.get(text)
        if row is None:
            counts: dict[int, int] = {}
            for term in self._terms(text):
                column = self._columns.setdefault(term, len(self._columns))
                counts[column] = counts.get(column, 0) + 1
            row = (np.fromiter(counts, np.int64, len(counts)), np.fromiter(counts.values(), np.float64))
            self._counts[text] = row
        return row

    def _count_matrix(self, texts: Sequence[str]):
        from scipy.sparse import csr_matrix

        rows = [self._count(t) for t in texts]
        indptr = np.concatenate([[0], np.cumsum([len(c) for c, _ in rows])])
        indices = np.concatenate([c for c, _ in rows]) if rows else np.zeros(0, np.int64)
        data = np.concatenate([n for _, n in rows]) if rows else np.zeros(0)
        return csr_matrix((data, indices, indptr), shape=(len(texts), len(self._columns)))

    def _idf_of(self, width: int) -> np.ndarray:
        """The fitted IDF for ``width`` columns (terms first met after the fit weigh nothing)."""
        idf = np.zeros(width)
        idf[: len(self._idf)] = self._idf[:width]
        return idf

    def _weigh(self, counts):
        """Sublinear TF × IDF, rows scaled to unit length (empty rows stay empty)."""
        m = counts.copy()
        m.data = (np.log(m.data) + 1.0) * self._idf_of(m.shape[1])[m.indices]
        m.eliminate_zeros()
        norms = np.sqrt(np.asarray(m.multiply(m).sum(axis=1)).ravel())
        norms[norms == 0] = 1.0
        m.data /= np.repeat(norms, np.diff(m.indptr))
        return m

    def fit(self, corpus: Sequence[str]) -> LexicalScorer:
        corpus = list(corpus) or ["空"]
        counts = self._count_matrix(corpus)
        df = np.bincount(counts.indices, minlength=counts.shape[1])
        n = len(corpus)
        self._idf = np.where(df > 0, np.log((1 + n) / (1 + df)) + 1.0, 0.0)
        # The fitted texts are then scored as queries and items: keep their rows, do not weigh
        # them again.
        self._fitted = self._weigh(counts)
        self._row = {t: i for i, t in reversed(list(enumerate(corpus)))}
        return self

    def transform(self, texts: Sequence[str]):
        """TF-IDF rows (sparse, L2-normalised) of ``texts``."""
        texts = list(texts)
        rows = [self._row.get(t) for t in texts]
        if None in rows:
            return self._weigh(self._count_matrix(texts))
        return self._fitted[rows]

    def transform_both(self, queries: Sequence[str], docs: Sequence[str]):
        """:meth:`transform` of both, as wide as each other (texts met after the fit add columns,
        empty ones: their terms weigh nothing)."""
        q, d = self.transform(queries), self.transform(docs)
        width = max(q.shape[1], d.shape[1])
        q.resize((q.shape[0], width))
        d.resize((d.shape[0], width))
        return q, d

    def similarity(self, queries: Sequence[str], items: Sequence[str]) -> np.ndarray:
        """Cosine similarity, shape (len(queries), len(items))."""
        if self._idf is None:
            self.fit([*queries, *items])
        q, d = self.transform_both(queries, items)
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
    if scorer._idf is None:
        scorer.fit([*queries, *docs])
    q, d = scorer.transform_both(queries, docs)
    q.data[:] = 1.0
    d.data[:] = 1.0
    q = q.multiply(scorer._idf_of(q.shape[1])).tocsr()
    totals = np.asarray(q.sum(axis=1)).ravel()
    totals[totals == 0] = 1.0
    return ((q @ d.T).toarray() / totals[:, None]).astype(np.float32)
