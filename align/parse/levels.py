"""Level names as standards spell them, in headings, table rows and level columns.

1+X standards have 初级 / 中级 / 高级; national occupational standards have 五级/初级工 …
一级/高级技师. A heading may wrap the name (``职业技能等级要求（初级）``, ``初级职业技能要求``) or
number it (``3.1 四级/中级工``). The level keeps the name as written, without the wrapping.
"""

from __future__ import annotations

import re
import unicodedata

from align.parse.numbering import strip_number

_LEVEL_CORE = (
    r"(?:[一二三四五]\s*级\s*[/／]\s*)?(?:初级工|中级工|高级工|高级技师|技师)"
    r"|[一二三四五]\s*级(?:\s*[/／]\s*(?:初级|中级|高级))?"
    r"|初级|中级|高级"
)
_LEVEL_RE = re.compile(rf"^(?P<level>{_LEVEL_CORE})$")
# Words around the level name in headings: 职业技能等级要求（初级）, 初级职业技能要求, 初级要求 …
_WRAP_RE = re.compile(
    r"^(?:.{0,20}?(?:职业技能等级要求|技能等级要求|等级要求|工作要求|技能要求|职业技能要求))\s*[（(]\s*(?P<a>[^()（）]+?)\s*[)）]$"
    r"|^(?P<b>[^()（）]+?)\s*(?:职业技能等级要求|职业技能要求|技能要求|等级要求|工作要求|要求|技能等级)$"
    r"|^(?:等级|级别)\s*[：:]\s*(?P<c>.+)$"
)
_ORDER = ["五级", "四级", "三级", "二级", "一级", "初级", "中级", "高级"]


def _tidy(name: str) -> str:
    name = re.sub(r"\s+", "", name.replace("／", "/"))
    return name.strip("：:。.")


def level_name(text: str) -> str | None:
    """The level a heading or cell names, or ``None`` when it names none.

    >>> level_name("职业技能等级要求（初级）"), level_name("3.1 四级/中级工")
    ('初级', '四级/中级工')
    """
    text = unicodedata.normalize("NFKC", text).strip() if text else ""
    if not text or len(text) > 40:
        return None
    for candidate in (text, strip_number(text)):
        candidate = _tidy(candidate)
        m = _LEVEL_RE.match(candidate)
        if m:
            return candidate
        w = _WRAP_RE.match(candidate)
        if w:
            inner = _tidy(w.group("a") or w.group("b") or w.group("c") or "")
            inner = _tidy(strip_number(inner))
            if _LEVEL_RE.match(inner):
                return inner
    return None


def level_rank(name: str) -> int:
    """An order for levels from the lowest to the highest (unknown names last)."""
    for i, key in enumerate(_ORDER):
        if name.startswith(key):
            return i
    return len(_ORDER)


# The national grades and the 1+X names that stand for them (五级 is 初级工, …), to tell whether a
# heading and a table's header name the same level in different words.
_GRADES = {
    "五级": 5, "初级": 5, "四级": 4, "中级": 4, "三级": 3, "高级": 3,
    "二级": 2, "技师": 2, "一级": 1, "高级技师": 1,
}  # fmt: skip


def _grade(name: str) -> int | None:
    for part in name.split("/"):
        grade = _GRADES.get(part.removesuffix("工"))
        if grade is not None:
            return grade
    return None


def same_level(a: str, b: str) -> bool:
    """Whether two level names mean one level: ``四级/中级工`` and ``中级`` do, ``高级`` and
    ``高级技师`` do not.

    >>> same_level("四级/中级工", "中级"), same_level("高级", "高级技师")
    (True, False)
    """
    if a == b:
        return True
    grade = _grade(a)
    return grade is not None and grade == _grade(b)
