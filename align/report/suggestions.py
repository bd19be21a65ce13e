"""Gaps and revision suggestions for the 人才培养方案 (pure: no files, no I/O).

For every gap or partial point: the nearest course unit (even below the threshold), where to teach it
(extend a course, or a new unit / course when nothing is near), a drafted unit title and one-line
content built from the requirement, and suggested hours.

The report does not carry the matcher's thresholds, so "near" is judged against the scores of the
same level's covered points: a unit scoring at least ``NEAR_RATIO`` of their median is near. Among
near units the course that already supports most of the same 工作领域 is extended; with none near, a
new unit goes into that course, or a new course/unit is suggested when no course touches the 工作领域.

Suggested hours follow comparable covered points: the median hours per covered point of the same
工作领域 (a unit's hours shared among the points it supports), else of the level, else of the report;
rounded to an even number of 学时 (one double period at least), half of it for a partial point.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence

import pandas as pd

from align.documents import PointResult
from align.report.tables import (
    HIERARCHY,
    STATUS_LABEL,
    PointRow,
    hours_per_point,
    median_or_none,
    review_cells,
)

NEAR_RATIO = 0.75
NEAR_RULE = (
    f"单元相似度达到本等级已覆盖要求相似度中位数的 {NEAR_RATIO:.0%} 即视为“接近”；"
    "在接近的单元中优先选已支撑同一工作领域要求最多的课程进行扩充（部分覆盖要求在已部分支撑它的单元中补充）；"
    "没有接近的单元时，建议在支撑该工作领域最多的课程中新增单元，无课程涉及该领域时新增课程或单元。"
)
HOURS_RULE = (
    "同一工作领域已覆盖要求的每条平均学时（单元学时按其支撑的要求数均分）的中位数，"
    "取偶数、至少 2 学时；部分覆盖要求取其一半。"
)
ACTIONS = {
    "patch": "补充现有单元",
    "extend": "扩充现有课程",
    "new_unit": "新增单元",
    "new_course": "新增课程或单元",
}
COLUMNS = [
    *HIERARCHY,
    "状态",
    "最近课程",
    "最近单元",
    "最近内容",
    "最近分数",
    "接近程度",
    "建议做法",
    "建议课程",
    "建议放在单元",
    "建议单元标题",
    "建议内容",
    "建议学时",
    "缺少部分",
    "审核意见",
]
_ABILITY = re.compile(r"^(能够|能|会|可以|掌握|熟悉|了解)")
_CONDITION = re.compile(r"^(根据|按照|依据|针对|结合|参照|对照|基于|通过|在|利用)")
_CLAUSES = re.compile(r"[，,；;。、]")
_TOKENS = re.compile(r"[A-Za-z][A-Za-z0-9+#.]*|\d+|[\u4e00-\u9fff]+")


def _body(text: str) -> str:
    """A requirement without its leading 能 (of each clause) and its final punctuation."""
    text = re.sub(r"([，,；;])(能够|能)", r"\1", text.strip())
    return _ABILITY.sub("", text).rstrip("。；;.，, ")


def clauses(text: str) -> list[str]:
    """The comma-separated parts of a requirement, each without a leading 能."""
    return [c for c in (_ABILITY.sub("", p.strip()) for p in _CLAUSES.split(_body(text))) if c]


def draft_title(text: str, limit: int = 18) -> str:
    """A unit title from a requirement: its main action, without the condition that leads it."""
    parts = [p for p in (s.strip() for s in re.split(r"[，,；;]", _body(text))) if p]
    if not parts:
        return ""
    core = parts[-1] if len(parts) > 1 and _CONDITION.match(parts[0]) else parts[0]
    core = _ABILITY.sub("", core)
    return core if len(core) <= limit else core[: limit - 1] + "…"


def draft_content(body: str, knowledge: Sequence[str]) -> str:
    line = f"讲解与实训：{body}"
    if knowledge:
        line += f"；相关知识：{'；'.join(k.rstrip('。；') for k in knowledge)}"
    return line + "。"


def _tokens(text: str) -> set[str]:
    """ASCII words and Chinese character pairs: enough to tell whether a clause is mentioned."""
    out: set[str] = set()
    for tok in _TOKENS.findall(text.lower()):
        if "\u4e00" <= tok[0] <= "\u9fff":
            out.update(tok[i : i + 2] for i in range(max(1, len(tok) - 1)))
        else:
            out.add(tok)
    return out


def estimate_missing(text: str, taught: Sequence[str], share: float = 0.34) -> list[str]:
    """Clauses of a requirement whose words hardly appear in the content that partly covers it.

    A literal estimate for partial points the matcher did not split itself; empty when every clause
    or none is found, since then it cannot tell which part is missing.
    """
    parts = clauses(text)
    if len(parts) < 2:
        return []
    seen = _tokens(" ".join(taught))
    missing = []
    for part in parts:
        toks = _tokens(part)
        if toks and len(toks & seen) / len(toks) < share:
            missing.append(part)
    return missing if 0 < len(missing) < len(parts) else []


def even_hours(h: float) -> int:
    """Round to an even number of 学时 (half up), at least 2."""
    return max(2, 2 * math.floor(h / 2 + 0.5))


def _nearness(score: float, reference: float | None) -> str:
    if reference is None or reference <= 0:
        return f"{score:.2f}（无已覆盖要求可比）"
    return f"{score:.2f}（为已覆盖中位分 {reference:.2f} 的 {score / reference:.0%}）"


def _area_support(rows: list[PointRow]) -> dict[tuple[str, str, str], dict[str, int]]:
    """Per (standard, level, 工作领域): how many of its points each course supports."""
    out: dict[tuple[str, str, str], dict[str, int]] = {}
    for row in rows:
        counts = out.setdefault((row.standard, row.level, row.area), {})
        for course in dict.fromkeys(e.course for e in row.support):
            counts[course] = counts.get(course, 0) + 1
    return out


def _where(row: PointRow, support: dict[str, int], ref: float | None) -> tuple[str, str, str]:
    """Where to teach an open point: (action, course, unit).

    Among the point's near evidence (for a partial point, also what partly covers it), the course
    that already supports most of the same 工作领域 is chosen, the nearest breaking ties: the single
    nearest unit is often a course that merely shares words with the requirement.
    """
    evidence = row.result.evidence
    near = [e for e in evidence if ref and ref > 0 and e.score / ref >= NEAR_RATIO]
    if row.status == "partial":
        near = [*row.support, *(e for e in near if e not in row.support)] or evidence[:1]
    if near:
        best = max(near, key=lambda e: (support.get(e.course, 0), -near.index(e)))
        return ("patch" if row.status == "partial" else "extend"), best.course, best.unit
    if support:
        home = max(support, key=lambda c: support[c])  # first-seen order breaks ties
        return "new_unit", home, ""
    return "new_course", "", ""


def _hours_reference(rows: list[PointRow], per_point: dict) -> dict[tuple, float | None]:
    """Median hours per covered point: per (standard, level, area), (standard, level) and overall."""
    groups: dict[tuple, list[float]] = {}
    for row in rows:
        h = per_point.get((row.standard, row.level, row.result.point.id))
        if h is None:
            continue
        for key in ((row.standard, row.level, row.area), (row.standard, row.level), ()):
            groups.setdefault(key, []).append(h)
    return {key: median_or_none(v) for key, v in groups.items()}


def _score_reference(rows: list[PointRow]) -> dict[tuple, float | None]:
    """Median best score of covered points, per (standard, level) and overall."""
    groups: dict[tuple, list[float]] = {}
    for row in rows:
        if row.status == "covered":
            for key in ((row.standard, row.level), ()):
                groups.setdefault(key, []).append(row.result.score)
    return {key: median_or_none(v) for key, v in groups.items()}


def missing_parts(result: PointResult) -> tuple[list[str], bool]:
    """What a partial point lacks: the matcher's clauses, else a literal estimate (flagged True)."""
    if result.missing:
        return list(result.missing), False
    taught = [t for e in result.evidence[:1] for t in (e.unit, e.text)]
    return estimate_missing(result.point.text, taught), True


def _missing_cell(row: PointRow) -> tuple[str, str]:
    """The 缺少部分 cell and the text the drafted unit is built from."""
    r = row.result
    if row.status != "partial":
        return "", _body(r.point.text)
    parts, estimated = missing_parts(r)
    if not parts:
        return "未能逐项判定，请对照原文与最近内容核对", _body(r.point.text)
    cell = "；".join(parts) + ("（按字面比对估计）" if estimated else "")
    return cell, "；".join(_body(m) for m in parts)


def suggestions(rows: list[PointRow], hours: dict[tuple[str, str], float | None]) -> pd.DataFrame:
    """One row per gap or partial point, grouped by standard, level and 工作领域."""
    hours_ref = _hours_reference(rows, hours_per_point(rows, hours))
    score_ref = _score_reference(rows)
    support = _area_support(rows)
    area_order = {key: i for i, key in enumerate(support)}
    todo = [r for r in rows if r.status in ("gap", "partial")]
    todo.sort(key=lambda r: area_order[(r.standard, r.level, r.area)])  # stable: keeps point order
    records = []
    for row in todo:
        r = row.result
        area = (row.standard, row.level, row.area)
        nearest = r.evidence[0] if r.evidence else None
        ref = score_ref.get((row.standard, row.level), score_ref.get(()))
        nearness = _nearness(nearest.score, ref) if nearest else "无相近内容"
        action, course, unit = _where(row, support.get(area, {}), ref)
        missing, body = _missing_cell(row)
        title = draft_title(body)
        ref_h = next((hours_ref[k] for k in (area, area[:2], ()) if hours_ref.get(k) is not None), None)
        records.append(
            [
                *row.hierarchy(),
                STATUS_LABEL[row.status],
                nearest.course if nearest else "",
                nearest.unit if nearest else "",
                nearest.text if nearest else "",
                round(nearest.score, 4) if nearest else None,
                nearness,
                ACTIONS[action],
                course,
                unit,
                title,
                draft_content(body, r.point.knowledge),
                None if ref_h is None else even_hours(ref_h / 2 if row.status == "partial" else ref_h),
                missing,
                review_cells(r)[1],
            ]
        )
    return pd.DataFrame(records, columns=COLUMNS)
