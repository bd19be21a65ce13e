"""Numbers printed in front of requirements, tasks and items, and splitting cells at them.

Standards number their requirements ``1.1.1``, ``1.1.1.``, ``1.1.1、``, ``（1）``, ``(1)``, ``①`` or
``1、``, in full-width or half-width characters. A cell may hold several of them, separated by line
breaks or ``；``. ``number`` reads the leading number; ``split_numbered`` cuts a cell into its
numbered parts.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from itertools import pairwise

from align.parse.blocks import join_wrapped

_CN_DIGITS = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}

# Each alternative captures the number itself; the text after the mark follows.
_NUMBER_RE = re.compile(
    r"""^\s*(?:
        (?P<dotted>[0-9]{1,2}(?:\s*\.\s*[0-9]{1,2}){1,3})(?![0-9])\s*[.、)]?(?![0-9])
      | (?P<single>[0-9]{1,2})\s*(?:[.、)](?![0-9])|\s+(?=\D))
      | \(\s*(?P<paren>[0-9]{1,2}|[一二三四五六七八九十]{1,2})\s*\)
      | (?P<cn>[一二三四五六七八九十]{1,2})\s*[、.]
    )\s*""",
    re.VERBOSE,
)


def _fold(text: str) -> str:
    """Fold full-width digits, dots and brackets so one pattern reads both widths."""
    return unicodedata.normalize("NFKC", text).replace("．", ".")


@dataclass(frozen=True)
class Number:
    """A leading number: ``dotted`` like ``1.1.1`` or a ``local`` position like （2） → 2."""

    dotted: str = ""
    local: int = 0

    @property
    def depth(self) -> int:
        return self.dotted.count(".") + 1 if self.dotted else 0


def _cn_value(s: str) -> int:
    if len(s) == 1:
        return _CN_DIGITS[s]
    if s[0] == "十":
        return 10 + _CN_DIGITS[s[1]]
    if s[-1] == "十":
        return _CN_DIGITS[s[0]] * 10
    return 0


def number(text: str) -> tuple[Number | None, str]:
    """Split a leading number off ``text``: ``"1.1.1、能…"`` → ``(Number("1.1.1"), "能…")``.

    The rest keeps its original characters; only the number is folded to half-width.
    """
    stripped = text.lstrip()
    if stripped and "\u2460" <= stripped[0] <= "\u2473":
        return Number(local=ord(stripped[0]) - 0x2460 + 1), stripped[1:].strip(" \t\u3000、.．")
    folded = _fold(text)
    m = _NUMBER_RE.match(folded)
    if not m:
        return None, text.strip()
    # NFKC keeps the length of these characters, so the offset is valid in the original.
    rest = text[m.end() :].strip() if len(folded) == len(text) else folded[m.end() :].strip()
    if m.group("dotted"):
        return Number(dotted=re.sub(r"\s+", "", m.group("dotted"))), rest
    if m.group("single"):
        return Number(local=int(m.group("single"))), rest
    if m.group("paren"):
        p = m.group("paren")
        return Number(local=int(p) if p.isdigit() else _cn_value(p)), rest
    return Number(local=_cn_value(m.group("cn"))), rest


def strip_number(text: str) -> str:
    return number(text)[1]


def _starts_numbered(text: str) -> bool:
    return number(text)[0] is not None


def split_numbered(text: str) -> list[tuple[Number | None, str]]:
    """Cut a cell into its parts, each with its number (or ``None``) and its text.

    Numbered parts start at the beginning, after a line break or after ``；``/``。``; a line that does
    not start with a number continues the part above (a wrapped line). Without any numbers, every
    line is one part. A number without text is a part with empty text.
    """
    text = text.replace("\r", "\n").strip()
    if not text:
        return []
    pieces: list[str] = []
    # Cut before every number that follows a line break or a ；.
    starts = [0]
    for m in re.finditer(r"[\n；;。]", text):
        after = m.end()
        while after < len(text) and text[after] in " \t\u3000\n":
            after += 1
        if after < len(text) and _starts_numbered(text[after:]) and after not in starts:
            starts.append(after)
    starts.append(len(text))
    pieces = [text[a:b] for a, b in pairwise(starts)]
    numbered = any(_starts_numbered(p) for p in pieces)
    parts: list[tuple[Number | None, str]] = []
    if numbered:
        for piece in pieces:
            num, rest = number(piece)
            lines = [ln.strip() for ln in rest.split("\n") if ln.strip()]
            body = ""
            for ln in lines:
                body = join_wrapped(body, ln)
            body = body.strip().rstrip("；;").strip()
            if num is None and parts:
                prev_num, prev = parts[-1]
                parts[-1] = (prev_num, join_wrapped(prev, body))
            elif body or num is not None:
                parts.append((num, body))
        # A number with no text stays (``1.2.3`` alone): the caller reports it, not drop it silently.
        return [(n, t) for n, t in parts if t or n is not None]
    for ln in text.split("\n"):
        ln = ln.strip().rstrip("；;").strip()
        if ln:
            parts.append((None, ln))
    return parts
