"""Recognising table headers: which column is the 工作领域, the 学时, the 课程名称 ….

Each document kind lists its column roles as patterns over the header text with spaces, bracketed
remarks and punctuation removed, so 工作领域（职业功能）, ``工作 领域`` and 工作领域： read alike.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

from align.parse.blocks import Cell

_BRACKETS_RE = re.compile(r"[（(][^()（）]*[)）]")
_NOISE_RE = re.compile(r"[\s:：*#、.。/／]+")


def header_key(cell: Cell) -> str:
    """A header cell reduced to its words, for pattern matching."""
    if not cell:
        return ""
    text = unicodedata.normalize("NFKC", cell)
    text = _BRACKETS_RE.sub("", text)
    return _NOISE_RE.sub("", text).lower()


def classify(cell: Cell, roles: Sequence[tuple[str, re.Pattern[str]]]) -> str | None:
    key = header_key(cell)
    if not key:
        return None
    for role, pattern in roles:
        if pattern.fullmatch(key):
            return role
    return None


def map_columns(row: Sequence[Cell], roles: Sequence[tuple[str, re.Pattern[str]]]) -> dict[str, int]:
    """Role → column index for one header row; the first column of a role wins."""
    found: dict[str, int] = {}
    for i, cell in enumerate(row):
        role = classify(cell, roles)
        if role and role not in found:
            found[role] = i
    return found


def roles(*pairs: tuple[str, str]) -> list[tuple[str, re.Pattern[str]]]:
    return [(name, re.compile(pattern)) for name, pattern in pairs]
