"""From per-point results to coverage per level (optionally cumulative across levels)."""

from __future__ import annotations

from dataclasses import replace

from align.documents import Level, LevelCoverage, PointResult, SkillPoint, Standard
from align.errors import ConfigError


def select_levels(standard: Standard, wanted: str | None) -> list[Level]:
    """The levels to report: all, or the one named (exactly, else the one whose name contains it)."""
    if not wanted:
        return list(standard.levels)
    exact = [lv for lv in standard.levels if lv.name == wanted]
    if exact:
        return exact
    loose = [lv for lv in standard.levels if wanted in lv.name]
    if len(loose) == 1:
        return loose
    names = "、".join(lv.name for lv in standard.levels) or "none"
    raise ConfigError(
        f"{standard.source}: level '{wanted}' not found in {standard.name}; its levels are: {names}"
    )


def points_by_level(standard: Standard, levels: list[Level], cumulative: bool) -> dict[str, list[SkillPoint]]:
    """Each reported level's points; with ``cumulative``, lower levels' points are included too.

    Inherited points keep their own number prefixed by their level (``初级 1.1.1``), so ids stay
    unique within the level that reports them.
    """
    out: dict[str, list[SkillPoint]] = {}
    for level in levels:
        points = list(level.points)
        if cumulative and standard.cumulative:
            idx = standard.levels.index(level)
            inherited = [
                replace(p, id=f"{lower.name} {p.id}") for lower in standard.levels[:idx] for p in lower.points
            ]
            points = inherited + points
        out[level.name] = points
    return out


def level_coverage(
    points: dict[str, list[SkillPoint]], results: dict[SkillPoint, PointResult]
) -> list[LevelCoverage]:
    return [LevelCoverage(level=name, points=[results[p] for p in pts]) for name, pts in points.items()]
