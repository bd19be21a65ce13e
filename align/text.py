"""Text normalisation and segmentation shared by parsing, matching and the model builder.

jieba is imported lazily: it costs about a second to load its dictionary, and ``align --help`` or
``align parse`` on a CSV should not pay for it.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

from align.errors import ConfigError

#: Control characters other than tab and line breaks: never text (PDF extraction and binary files
#: leave them), and not allowed in an Excel cell.
CONTROL_CHARS_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")

_jieba_lock = threading.Lock()
_jieba = None
_user_words: set[str] = set()
_vocabulary_version = 0  # bumped whenever the segmenter learns a word

_SPACE_RE = re.compile(r"\s+")
# Characters that separate the points of one cell or paragraph in Chinese documents.
_ITEM_SPLIT_RE = re.compile(r"[；;。！？!?\n]+")
# Leading enumeration marks: 1.  1、 （1） (1) ① 一、 a)
_ENUM_RE = re.compile(
    r"^\s*(?:[（(]\s*[0-9一二三四五六七八九十]+\s*[)）]|[0-9]+\s*[.、．)）](?![0-9])|"
    r"[①-⑳]|[一二三四五六七八九十]+\s*[、.．]|[a-zA-Z]\s*[)）])\s*"
)
_WORD_RE = re.compile(r"[A-Za-z][A-Za-z0-9+#.\-]*|[0-9]+(?:\.[0-9]+)?")


def normalize(text: str) -> str:
    """Fold full-width forms to half-width and collapse white space (for matching, not display)."""
    text = unicodedata.normalize("NFKC", text)
    return _SPACE_RE.sub(" ", text).strip()


def clean(text: str) -> str:
    """Tidy a cell or paragraph for display: collapse white space, keep the original characters."""
    return _SPACE_RE.sub(" ", text.replace("\u3000", " ")).strip()


def strip_enumeration(text: str) -> str:
    """Remove a leading list mark such as ``1.``, ``（2）`` or ``①``."""
    return _ENUM_RE.sub("", text, count=1).strip()


def split_items(text: str) -> list[str]:
    """Split a cell or paragraph into its points: sentences, ``；``-separated parts, numbered lines."""
    text = text.replace("<br>", "\n").replace("<br/>", "\n")
    # "1. 文档结构；2. 常用标签" and "1.文档结构 2.常用标签" both mark points with numbers.
    text = re.sub(
        r"(?<=[^\n0-9.])\s*(?=(?:[0-9]{1,2}[.、．](?![0-9]))|[①-⑳]|[（(][0-9]{1,2}[)）])", "\n", text
    )
    items = []
    for part in _ITEM_SPLIT_RE.split(text):
        part = strip_enumeration(part).strip(" ，,：:")
        if len(part) >= 2:
            items.append(part)
    return items


def _load_jieba():
    global _jieba
    with _jieba_lock:
        if _jieba is None:
            import logging

            import jieba

            jieba.setLogLevel(logging.WARNING)
            jieba.initialize()
            _jieba = jieba
    return _jieba


def add_user_words(words: Iterable[str]) -> None:
    """Teach the segmenter domain terms (tool names, professional terms) so they stay whole."""
    jieba = _load_jieba()
    added = False
    for w in words:
        w = normalize(w)
        if w and w not in _user_words:
            jieba.add_word(w, freq=20000)
            _user_words.add(w)
            added = True
    if added:  # segmentations cached before may now split a taught term; otherwise keep them (batch)
        global _vocabulary_version
        _vocabulary_version += 1
        _cached_words.cache_clear()
        tagged_words.cache_clear()


def vocabulary_version() -> int:
    """Changes whenever the segmenter learns a word: what was derived from ``words`` before is stale."""
    return _vocabulary_version


def teach_lexicons(paths: Iterable[Path]) -> None:
    """Teach the segmenter every term and synonym of these domain lexicons (``align run``, the page
    and batch workers all do this before matching; known words are skipped, so repeating is cheap)."""
    for path in paths:
        lexicon = load_lexicon(path)
        add_user_words([*lexicon, *(s for syns in lexicon.values() for s in syns)])


def load_lexicon(path: Path) -> dict[str, list[str]]:
    """Read a domain lexicon (``term<TAB>syn1|syn2``) into term → synonyms."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        reason = "not UTF-8 text" if isinstance(exc, UnicodeDecodeError) else exc.strerror or str(exc)
        raise ConfigError(
            f"lexicon {path} cannot be read ({reason}) — fix the lexicons path in the settings "
            "file, or save the lexicon as UTF-8 text"
        ) from None
    lexicon: dict[str, list[str]] = {}
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        term, _, syns = line.partition("\t")
        lexicon[term.strip()] = [s.strip() for s in syns.split("|") if s.strip()]
    return lexicon


@lru_cache(maxsize=65536)
def _cached_words(text: str) -> tuple[str, ...]:
    jieba = _load_jieba()
    out = []
    for tok in jieba.lcut(text):
        tok = tok.strip()
        if not tok or unicodedata.category(tok[0])[0] in "PZS":
            continue
        out.append(tok.lower())
    return tuple(out)


def words(text: str) -> list[str]:
    """Segment normalised text into words with jieba, dropping punctuation and spaces."""
    return list(_cached_words(normalize(text)))


@lru_cache(maxsize=16384)
def tagged_words(text: str) -> tuple[tuple[str, str], ...]:
    """jieba's words of ``text`` with their part-of-speech flags (``v`` verb, ``p`` preposition …).

    Cached: finding a requirement's clauses tags each segment more than once, and a batch meets the
    same library requirements with every major.
    """
    _load_jieba()
    import jieba.posseg as pseg

    return tuple((w.word, w.flag) for w in pseg.cut(text))
