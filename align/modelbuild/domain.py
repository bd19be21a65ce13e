"""Training pairs beyond the public sets: mined from ``corpora/`` and from the synonym thesaurus.

- a skill requirement and its 工作任务 (and its 相关知识要求), from the standards;
- a course unit's title and each of its content items, from the syllabi;
- a domain term and each of its synonyms or abbreviations, from the project's lexicons, plus mined
  sentences that use the term paired with the same sentence using a synonym;
- words of one 同义词词林 synonym group (``=`` lines), general vocabulary for fields never seen.

Held-out rule: the labelled evaluation of align measures some standards and majors that no model may
have seen. Only the files allowed below are ever read, and nothing under ``corpora/labels/``.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable
from pathlib import Path

from align.errors import ConfigError

log = logging.getLogger(__name__)

TRAIN_STANDARDS = ("web-frontend", "ecommerce-data", "elderly-care")
TRAIN_MAJORS = ("软件技术", "电子商务", "智慧健康养老服务与管理")
TRAIN_LEXICONS = ("it-web.tsv", "ecommerce.tsv", "elderly-care.tsv")
# Sentences per lexicon term rewritten with a synonym: enough to teach the equivalence, few enough
# that a frequent term does not crowd out the rest.
SUBSTITUTIONS_PER_TERM = 4
_HEADING_NUMBER_RE = re.compile(
    r"^\s*(?:[0-9]+(?:\.[0-9]+)*\.?|第?[一二三四五六七八九十0-9]+(?:单元|章|节|部分)|"
    r"(?:项目|单元|任务|模块|情境|学习情境|专题|实训)\s*[一二三四五六七八九十0-9]+)\s*[:：、.．]?\s*"
)


def corpus_pairs(corpora: Path) -> tuple[list[tuple[str, str]], list[str]]:
    """Mine (text, related text) pairs from the allowed standards, syllabi and lexicons.

    Returns:
        The pairs, and the lexicon terms (to keep them whole in the vocabulary).
    """
    from align.parse import load_documents

    corpora = Path(corpora)
    if not corpora.is_dir():
        raise ConfigError(f"{corpora}: corpora folder not found — pass --corpora DIR or --no-corpora")
    pairs: list[tuple[str, str]] = []
    texts: list[str] = []
    for slug in TRAIN_STANDARDS:
        for path in sorted((corpora / "standards").glob(f"{slug}.*")):
            if path.suffix not in (".md", ".csv", ".docx", ".xlsx"):
                continue
            for std in load_documents([path], kind="standard"):
                for level in std.levels:
                    for point in level.points:
                        texts.append(point.text)
                        task = strip_heading_number(point.task)
                        if task:
                            pairs.append((point.text, task))
                            # Knowledge belongs to the whole 工作内容 in national standards, not
                            # to each requirement of it.
                            pairs += [(task, k) for k in point.knowledge]
    for major in TRAIN_MAJORS:
        folder = corpora / "syllabi" / major
        if not folder.is_dir():
            continue
        for syllabus in load_documents([folder], kind="syllabus"):
            for unit in syllabus.units:
                texts += unit.items
                title = strip_heading_number(unit.title)
                pairs += [(title, item) for item in unit.items]
    terms: list[str] = []
    for name in TRAIN_LEXICONS:
        path = corpora / "lexicon" / name
        if path.is_file():
            lexicon = read_lexicon(path)
            terms += [t for term, syns in lexicon.items() for t in (term, *syns)]
            pairs += lexicon_pairs(lexicon, texts)
    return _clean(pairs), sorted(set(terms))


def strip_heading_number(title: str) -> str:
    """``单元一 软件测试基础`` → ``软件测试基础``, ``1.1 网页结构搭建`` → ``网页结构搭建``."""
    return _HEADING_NUMBER_RE.sub("", title or "").strip()


def read_lexicon(path: Path) -> dict[str, list[str]]:
    from align.text import load_lexicon

    return load_lexicon(path)


def lexicon_pairs(lexicon: dict[str, list[str]], texts: Iterable[str]) -> list[tuple[str, str]]:
    """Term–synonym pairs, and sentences that use a term paired with a synonym's rewrite of them."""
    texts = list(dict.fromkeys(texts))
    pairs = []
    for term, synonyms in lexicon.items():
        pairs += [(term, syn) for syn in synonyms]
        users = [t for t in texts if term in t][:SUBSTITUTIONS_PER_TERM]
        for i, text in enumerate(users):
            synonym = synonyms[i % len(synonyms)] if synonyms else ""
            if synonym and synonym not in text:  # "量表（MMSE）" must not become "MMSE（MMSE）"
                pairs.append((text, text.replace(term, synonym)))
    return pairs


def cilin_pairs(path: Path, max_pairs: int | None = None) -> list[tuple[str, str]]:
    """Pairs of words from one 同义词词林 synonym group (lines whose code ends in ``=``).

    Each group contributes its first word paired with every other word of two or more characters;
    single characters are too ambiguous to be synonyms out of context.
    """
    path = Path(path)
    if not path.is_file():
        raise ConfigError(f"{path}: synonym thesaurus not found — pass --lexicon FILE (cilin_ex.txt)")
    pairs = []
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split()
        if len(parts) < 3 or not parts[0].endswith("="):
            continue
        words = [w for w in parts[1:] if len(w) >= 2]
        pairs += [(words[0], w) for w in words[1:]]
    return _clean(pairs)[:max_pairs]


def _clean(pairs: Iterable[tuple[str, str]]) -> list[tuple[str, str]]:
    seen: set[frozenset[str]] = set()
    out = []
    for a, b in pairs:
        a, b = a.strip(), b.strip()
        key = frozenset((a, b))
        if a and b and a != b and key not in seen:
            seen.add(key)
            out.append((a, b))
    return out
