"""The vocabulary of the default model: frequent jieba words, every CJK character, printable ASCII
and frequent Latin terms, each with a unigram log-probability for the segmenter.

Entries are normalised exactly as the tokenizer normalises its input (NFKC, lower case); an entry
the tokenizer could never produce would waste a row of the embedding matrix.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from align.modelbuild.tokenizer import UNK, make_normalizer

# CJK Unified Ideographs: every character a Chinese document is likely to use.
CJK_BASIC = range(0x4E00, 0xA000)
_CJK_RE = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]")
_LATIN_RE = re.compile(r"^[a-z][a-z0-9+#._\-]*$")
# Domain terms (from a lexicon) get the frequency jieba gives user words, so the segmenter keeps them.
TERM_FREQ = 20000


@dataclass
class Vocabulary:
    tokens: list[str]
    scores: list[float]
    counts: list[int]  # occurrences in the build's own text (0: never seen, e.g. rare characters)

    def __len__(self) -> int:
        return len(self.tokens)

    def without_unused_words(self, document_frequency, min_count: int = 1) -> Vocabulary:
        """Drop multi-character entries the segmenter produced fewer than ``min_count`` times.

        The vocabulary is chosen from jieba's segmentation, but the tokenizer's own segmentation
        decides which entries occur; an entry it never produced on the training text would never be
        trained. Characters always stay.
        """
        keep = [
            i
            for i, t in enumerate(self.tokens)
            if len(t) == 1 or i == 0 or document_frequency[i] >= min_count
        ]
        return Vocabulary(
            [self.tokens[i] for i in keep], [self.scores[i] for i in keep], [self.counts[i] for i in keep]
        )


def _segmenter():
    """A private jieba instance: the build's domain terms must not leak into align's own jieba."""
    import logging

    import jieba

    jieba.setLogLevel(logging.WARNING)
    segmenter = jieba.Tokenizer()
    segmenter.initialize()
    return segmenter


def count_words(texts: Iterable[str], terms: Iterable[str] = (), jieba=None) -> Counter[str]:
    """Count jieba words (dictionary words only, no HMM guesses) and characters in normalised text."""
    normalizer = make_normalizer()
    jieba = jieba or _segmenter()
    for term in terms:
        jieba.add_word(term, freq=TERM_FREQ)
    counts: Counter[str] = Counter()
    for text in texts:
        text = normalizer.normalize_str(text)
        counts.update(ch for ch in text if not ch.isspace())
        for word in jieba.cut(text, HMM=False):
            word = word.strip()
            if len(word) > 1:
                counts[word] += 1
    return counts


def build_vocabulary(
    texts: Sequence[str],
    terms: Iterable[str] = (),
    max_words: int = 60000,
    min_count: int = 2,
) -> Vocabulary:
    """Choose the vocabulary from the build's text.

    Args:
        texts: every sentence the model is trained on.
        terms: domain terms that must stay whole (a lexicon's entries and synonyms).
        max_words: how many multi-character entries (words and Latin terms) to keep, most frequent first.
        min_count: drop multi-character entries seen fewer times (they could not be trained).
    """
    normalizer = make_normalizer()
    terms = sorted({normalizer.normalize_str(t).strip() for t in terms} - {""})
    segmenter = _segmenter()
    counts = count_words(texts, terms, segmenter)
    jieba_freq = segmenter.FREQ

    chars = {chr(c) for c in CJK_BASIC}
    chars |= {chr(c) for c in range(0x21, 0x7F)}
    chars |= {ch for ch in counts if len(ch) == 1 and _keep_char(ch)}
    chars = {normalizer.normalize_str(ch) for ch in chars}
    chars = {ch for ch in chars if len(ch) == 1 and not ch.isspace()}

    words = [w for w, n in counts.items() if len(w) > 1 and (n >= min_count or w in terms) and _keep_word(w)]
    words.sort(key=lambda w: (w not in terms, -counts[w], w))
    words = words[:max_words]

    tokens = [UNK, *sorted(chars), *sorted(words)]
    corpus_total = max(1, sum(n for w, n in counts.items() if len(w) > 1))
    jieba_total = sum(jieba_freq.values()) or 1
    scale = jieba_total / corpus_total
    term_set = set(terms)
    freqs = []
    for t in tokens:
        f = jieba_freq.get(t, 0) or counts.get(t, 0) * scale
        if t in term_set:
            f = max(f, TERM_FREQ)
        freqs.append(max(f, 1.0))
    total = sum(freqs)
    scores = [math.log(f / total) for f in freqs]
    scores[0] = min(scores) - 10.0
    return Vocabulary(tokens, scores, [counts.get(t, 0) for t in tokens])


def _keep_char(ch: str) -> bool:
    cat = unicodedata.category(ch)
    return cat[0] in "LNPS" and cat != "Co"


def _keep_word(word: str) -> bool:
    """Words of CJK characters (digits allowed inside) or Latin terms; no pure numbers or symbols."""
    if _LATIN_RE.match(word):
        return True
    return bool(_CJK_RE.search(word)) and not any(unicodedata.category(c)[0] in "PZ" for c in word)
