"""Hours as written in 课程标准 and 人才培养方案: ``64``, ``6学时``, ``4+2``, ``64（理论28，实践36）``."""

from __future__ import annotations

import math
import re
import unicodedata

_NUM_RE = re.compile(r"[0-9]+(?:\.[0-9]+)?")
_THEORY_RE = re.compile(r"(?:理论|讲授)\D{0,4}?([0-9]+(?:\.[0-9]+)?)")
_PRACTICE_RE = re.compile(r"(?:实践|实验|实训|实操|上机)\D{0,4}?([0-9]+(?:\.[0-9]+)?)")
# A unit heading's trailing hours: （6学时）, (6课时), ：6学时, " 6 学时", （理论2+实践4）.
HOURS_SUFFIX_RE = re.compile(
    r"\s*(?:[（(][^()（）]*(?:学时|课时)[^()（）]*[)）]|[（(]\s*(?:理论|实践)[^()（）]*[)）]|[，,：:\s]\s*(?:参考)?(?:学时|课时)?[：:]?\s*[0-9]+(?:\.[0-9]+)?\s*(?:学时|课时))\s*$"
)


def _num(text: str) -> float | None:
    """The number, or None for one too large to be hours (a float overflows to inf past 1e308)."""
    value = float(text)
    if not math.isfinite(value):
        return None
    return int(value) if value.is_integer() else value


def parse_hours(text: str | None) -> float | None:
    """The number of hours a cell or phrase gives, ``None`` when it gives none."""
    if not text:
        return None
    text = unicodedata.normalize("NFKC", text)
    theory, practice = theory_practice(text)
    if theory is not None and practice is not None and not re.match(r"\s*[0-9]", text):
        return _num(str(theory + practice))
    head = re.split(r"[(（]", text)[0]
    numbers = _NUM_RE.findall(head)
    if "+" in head and len(numbers) >= 2:
        return _num(str(sum(float(n) for n in numbers)))
    if numbers:
        return _num(numbers[0])
    numbers = _NUM_RE.findall(text)
    return _num(numbers[0]) if numbers else None


def theory_practice(text: str | None) -> tuple[float | None, float | None]:
    """``"64（理论28，实践36）"`` → ``(28, 36)``."""
    if not text:
        return None, None
    text = unicodedata.normalize("NFKC", text)
    t = _THEORY_RE.search(text)
    p = _PRACTICE_RE.search(text)
    return (_num(t.group(1)) if t else None, _num(p.group(1)) if p else None)


def split_title_hours(text: str) -> tuple[str, float | None]:
    """``"项目一 网页基本结构（6学时）"`` → ``("项目一 网页基本结构", 6)``."""
    m = HOURS_SUFFIX_RE.search(text)
    if not m or m.start() == 0:
        return text.strip(), None
    return text[: m.start()].strip(" ，,：:"), parse_hours(m.group(0))
