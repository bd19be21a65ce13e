"""Split a compound skill requirement into the clauses a course must each teach.

"能安装并配置Hadoop集群，并进行性能调优" asks for three things: install the cluster, configure it,
and tune it. A point is covered only when every clause is, possibly by different units (split
coverage). The rules are deliberately conservative: a clause is split off only at an explicit
coordination (``并``/``并且``/``同时``, ``；``, or a comma followed by a verb), because a wrong split
turns a covered point into a partial one.
"""

from __future__ import annotations

import re

from align.text import tagged_words

_LEAD_RE = re.compile(r"^(?:能够|能|会|可以|掌握|熟悉|了解)")
_CONJ = {"并", "并且", "同时", "且", "以及", "再"}
# A comma clause opening with these states the purpose of the one before ("…，使页面正确显示"),
# not another skill, so it stays with it.
_PURPOSE = {"使", "使得", "保证", "确保", "以便", "以", "从而", "达到", "满足", "实现", "提高"}
_MIN_CLAUSE_CHARS = 4


def _strip_lead(text: str) -> str:
    return _LEAD_RE.sub("", text.strip(" ，,；;。")).strip()


def _is_verb(flag: str) -> bool:
    return flag.startswith("v")


def split_clauses(text: str) -> tuple[str, ...]:
    """Return the clauses of a requirement; a simple requirement is its own single clause."""
    segments = [s for s in re.split(r"[，,；;。]", text) if s.strip()]
    clauses: list[str] = []
    carry = ""  # a leading condition ("根据设计稿，…") belongs to the clause after it
    for n, seg in enumerate(segments):
        seg = _strip_lead(seg)
        tokens = tagged_words(seg)
        if not tokens:
            continue
        first_word, first_flag = tokens[0]
        starts_clause = (_is_verb(first_flag) and first_word not in _PURPOSE) or (
            first_word in _CONJ and any(_is_verb(f) for _, f in tokens[1:4])
        )
        is_condition = first_flag == "p" and not any(f == "v" for _, f in tokens[1:])
        if is_condition and n < len(segments) - 1:
            carry += seg + "，"
            continue
        if first_word in _CONJ:
            seg = seg[len(first_word) :]
        if starts_clause or not clauses:
            clauses.extend(_split_verb_coordination(carry + seg))
            carry = ""
        else:
            clauses[-1] += "，" + seg
    if carry:
        clauses.append(carry)
    merged: list[str] = []
    for clause in clauses:
        if merged and len(clause) < _MIN_CLAUSE_CHARS:
            merged[-1] += clause
        else:
            merged.append(clause)
    return tuple(merged) if len(merged) > 1 else (text.strip(),)


def _split_verb_coordination(segment: str) -> list[str]:
    """``安装并配置X`` → ``安装X``, ``配置X``; ``摆放体位并协助进食`` → ``摆放体位``, ``协助进食``."""
    tokens = tagged_words(segment)
    for i, (word, _) in enumerate(tokens):
        if word not in ("并", "并且") or i == 0 or i + 1 >= len(tokens) or not _is_verb(tokens[i + 1][1]):
            continue
        left = "".join(w for w, _ in tokens[:i])
        right = "".join(w for w, _ in tokens[i + 1 :])
        prev_word, prev_flag = tokens[i - 1]
        if (_is_verb(prev_flag) and i - 1 == 0) or (_is_verb(prev_flag) and len(left) == len(prev_word)):
            # Two verbs share the object that follows the second one.
            obj = "".join(w for w, _ in tokens[i + 2 :])
            if obj:
                return [left + obj, *_split_verb_coordination(right)]
        if len(left) >= _MIN_CLAUSE_CHARS and len(right) >= _MIN_CLAUSE_CHARS:
            return [left, *_split_verb_coordination(right)]
    return [segment]
