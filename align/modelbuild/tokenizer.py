"""The self-contained tokenizer of the default model (``tokenizer.json``).

Callers give raw Chinese text; the tokenizer normalises it (NFKC, lower case), splits on white space
and punctuation, and segments each run into vocabulary entries. Two segmenters are available:

- ``unigram``: the most probable path over the vocabulary (word log-frequencies from jieba's
  dictionary and the training text), the same dynamic programme jieba itself uses. A character that
  is not in the vocabulary becomes one ``[UNK]`` on its own.
- ``greedy``: WordPiece's greedy longest match, where one unknown character turns its whole run into
  ``[UNK]``; hence the vocabulary always holds every CJK character and printable ASCII.
"""

from __future__ import annotations

from collections.abc import Sequence

UNK = "[UNK]"
SEGMENTERS = ("unigram", "greedy")
# Long enough for a whole clause without punctuation; longer runs would become a single [UNK].
MAX_CHARS_PER_WORD = 512


def make_normalizer():
    """The normaliser the tokenizer applies; vocabulary entries are normalised with it too."""
    from tokenizers import normalizers

    return normalizers.Sequence([normalizers.NFKC(), normalizers.Lowercase()])


def make_pre_tokenizer():
    from tokenizers import pre_tokenizers

    return pre_tokenizers.Sequence(
        [pre_tokenizers.WhitespaceSplit(), pre_tokenizers.Punctuation(behavior="isolated")]
    )


def build_tokenizer(tokens: Sequence[str], scores: Sequence[float], segmenter: str = "unigram"):
    """Build a ``tokenizers.Tokenizer`` whose token ids are the positions in ``tokens``.

    Args:
        tokens: the vocabulary, ``tokens[0]`` must be ``[UNK]``; entries already normalised.
        scores: log-probabilities of the tokens (used by the ``unigram`` segmenter only).
        segmenter: ``unigram`` or ``greedy``.
    """
    from tokenizers import Tokenizer, models

    if tokens[0] != UNK:
        raise ValueError("the first vocabulary entry must be [UNK]")
    if segmenter == "unigram":
        model = models.Unigram([(t, float(s)) for t, s in zip(tokens, scores, strict=True)], unk_id=0)
    elif segmenter == "greedy":
        model = models.WordPiece(
            {t: i for i, t in enumerate(tokens)},
            unk_token=UNK,
            continuing_subword_prefix="",
            max_input_chars_per_word=MAX_CHARS_PER_WORD,
        )
    else:
        raise ValueError(f"unknown segmenter {segmenter!r}: choose one of {', '.join(SEGMENTERS)}")
    tokenizer = Tokenizer(model)
    tokenizer.normalizer = make_normalizer()
    tokenizer.pre_tokenizer = make_pre_tokenizer()
    tokenizer.no_padding()
    tokenizer.no_truncation()
    return tokenizer
