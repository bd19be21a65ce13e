"""Cached segmentations never outlive a newly taught word."""

from __future__ import annotations

from align.match.clauses import split_clauses
from align.text import add_user_words, tagged_words, words


def test_teaching_a_word_refreshes_cached_words_and_tags():
    term = "琪瑙坷蔺"  # four characters jieba does not know as one word
    text = f"能使用{term}完成配置"
    assert term not in words(text) and term not in [w for w, _ in tagged_words(text)]
    split_clauses(text)  # fills the caches a clause split uses

    add_user_words([term])

    assert term in words(text)
    assert term in [w for w, _ in tagged_words(text)]


def test_terms_shared_between_scorers_follow_a_newly_taught_word():
    from align.match.lexical import LexicalScorer

    term = "瑀璆琤珰"  # not a word jieba knows
    text = f"能使用{term}完成配置"
    first = LexicalScorer().fit([text, "其他内容"])
    assert term not in first._terms(text)
    assert LexicalScorer()._terms(text) is first._terms(text)  # analysed once per process

    add_user_words([term])

    assert term in LexicalScorer().fit([text, "其他内容"])._terms(text)
