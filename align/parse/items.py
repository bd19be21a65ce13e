"""Split course content into items: the sentences and ；-separated points of a cell or paragraph.

spaCy does the sentence segmentation (``spacy.blank("zh")`` with its character segmenter and a
sentencizer that also ends a sentence at ；). Numbered points written on one line
("1. HTML文档结构 2. 常用标签") are cut at their numbers first. spaCy costs a few seconds
to load, so it loads on the first syllabus, not on import.
"""

from __future__ import annotations

import re
import threading

from align.imports import spacy_without_torch
from align.text import strip_enumeration

_PUNCT_CHARS = ["。", "；", ";", "！", "？", "!", "?", "…"]
_PUNCT = "".join(_PUNCT_CHARS)
_MARK_RE = re.compile(f"[{re.escape(_PUNCT)}]")
# A number that starts a new point in the middle of a line: "…结构；2. 常用" or "…结构 2、常用".
_INLINE_NUMBER_RE = re.compile(
    r"(?<=[^\n0-9.．A-Za-z])\s*(?=(?:[0-9]{1,2}[.、．](?![0-9])|[①-⑳]|[（(][0-9一二三四五六七八九十]{1,2}[)）]))"
)
_BULLET_RE = re.compile(r"^[·•●○▪■□◆◇➢►✓√*\-—]+\s*")
_EDGE = " \t\u3000，,：:；;。.、！？!?"
_lock = threading.Lock()
_nlp = None


def _pipeline():
    global _nlp
    with _lock:
        if _nlp is None:
            spacy = spacy_without_torch()
            # Sentence ends are punctuation marks, which are tokens of their own whatever the
            # segmenter: single characters give the same sentences as jieba words at a fraction
            # of the cost (segmenting every syllabus twice dominated parsing in batch runs).
            nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {"segmenter": "char"}}})
            nlp.add_pipe("sentencizer", config={"punct_chars": _PUNCT_CHARS})
            _nlp = nlp
    return _nlp


def _pieces(text: str) -> list[str]:
    text = re.sub(r"<br\s*/?>", "\n", text)
    out = []
    for line in text.split("\n"):
        out.extend(p for p in _INLINE_NUMBER_RE.split(line) if p.strip())
    return out


def _tidy(item: str) -> str:
    item = _BULLET_RE.sub("", item.strip(_EDGE))
    item = strip_enumeration(item).strip(_EDGE)
    return re.sub(r"\s+", " ", item)


def split_content(texts: list[str]) -> list[list[str]]:
    """Split each text into its items, in order; an item keeps its original characters."""
    pieces = [_pieces(t) for t in texts]
    flat = [p for ps in pieces for p in ps]
    # A piece with no sentence-ending mark before its last words is one sentence: only the others
    # go through spaCy.
    sents: list[list[str]] = [[p] for p in flat]
    several = [n for n, p in enumerate(flat) if _MARK_RE.search(p.rstrip().rstrip(_PUNCT))]
    if several:
        for n, doc in zip(several, _pipeline().pipe(flat[n] for n in several), strict=True):
            sents[n] = [s.text for s in doc.sents]
    out: list[list[str]] = []
    k = 0
    for ps in pieces:
        items: list[str] = []
        for _ in ps:
            for s in sents[k]:
                s = _tidy(s)
                if len(s) >= 2:
                    items.append(s)
            k += 1
        out.append(items)
    return out


def split_one(text: str) -> list[str]:
    return split_content([text])[0]
