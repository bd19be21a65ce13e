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
    """Each reported level's points; with ``cumulative``, the lower levels' points come first.

    An inherited point is the lower level's own point: it is matched once and has one status wherever
    it is reported (:func:`level_coverage` numbers it for the level that inherits it).
    """
    out: dict[str, list[SkillPoint]] = {}
    for level in levels:
        points = list(level.points)
        if cumulative and standard.cumulative:
            idx = standard.levels.index(level)
            points = [p for lower in standard.levels[:idx] for p in lower.points] + points
        out[level.name] = points
    return out


def level_coverage(
    standard: Standard, points: dict[str, list[SkillPoint]], results: dict[SkillPoint, PointResult]
) -> list[LevelCoverage]:
    # By identity: two levels may hold points that are equal in every field.
    home = {id(p): lv.name for lv in standard.levels for p in lv.points}
    return [
        LevelCoverage(level=name, points=[_as_reported(results[p], name, home[id(p)]) for p in pts])
        for name, pts in points.items()
    ]


def _as_reported(result: PointResult, level: str, home: str) -> PointResult:
    """An inherited point keeps its number prefixed by its own level (``初级 1.1.1``), so ids stay
    unique within the level that reports it."""
    if home == level:
        return result
    return replace(result, point=replace(result.point, id=f"{home} {result.point.id}"))
