"""证书遴选: rank every standard of the library by how well it fits one major.

fit = coverage of the standard by the major's current courses
      + ``listed_bonus`` when the standard's 适用院校专业 lists the major.

Coverage is pooled over the reported levels ((covered + ½ partial) / points), so a standard with
more levels is not favoured. A 工作领域 whose coverage is below ``missing_below`` is listed as
missing: it is what the college would have to add if it chose that certificate.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterable, Sequence

from align.documents import PointResult, StandardCoverage


def pooled_coverage(points: Sequence[PointResult]) -> float:
    if not points:
        return 0.0
    covered = sum(p.final_status == "covered" for p in points)
    partial = sum(p.final_status == "partial" for p in points)
    return (covered + 0.5 * partial) / len(points)


def standard_points(sc: StandardCoverage) -> list[PointResult]:
    return [p for lc in sc.levels for p in lc.points]


def work_areas(sc: StandardCoverage) -> list[tuple[str, str, list[PointResult]]]:
    """``(level, 工作领域, its points)`` in the order of the standard."""
    out: dict[tuple[str, str], list[PointResult]] = {}
    for lc in sc.levels:
        for p in lc.points:
            out.setdefault((lc.level, p.point.work_area or "—"), []).append(p)
    return [(level, area, points) for (level, area), points in out.items()]


def major_key(name: str) -> str:
    """``软件技术专业`` and ``软件技术 `` name the same major as ``软件技术``."""
    name = "".join(unicodedata.normalize("NFKC", name).split())
    return name.removesuffix("专业")


def lists_major(majors: Iterable[str], names: Iterable[str]) -> bool:
    wanted = {major_key(n) for n in names}
    return any(major_key(m) in wanted for m in majors)


def rank_standards(
    coverages: Sequence[StandardCoverage],
    major_names: Sequence[str],
    listed_bonus: float,
    missing_below: float,
) -> list[dict]:
    """Every standard with its fit, best first (ties: higher coverage, then name)."""
    rows = []
    for sc in coverages:
        points = standard_points(sc)
        coverage = pooled_coverage(points)
        listed = lists_major(sc.standard.majors, major_names)
        missing = [
            f"{level} · {area}" if len(sc.levels) > 1 else area
            for level, area, pts in work_areas(sc)
            if pooled_coverage(pts) < missing_below
        ]
        rows.append(
            {
                "standard": sc.standard.name,
                "source": sc.standard.source,
                "fit": round(coverage + (listed_bonus if listed else 0.0), 4),
                "coverage": round(coverage, 4),
                "levels": [{"level": lc.level, "coverage": round(lc.coverage, 4)} for lc in sc.levels],
                "listed": listed,
                "missing_areas": missing,
                "points": len(points),
            }
        )
    rows.sort(key=lambda r: (-r["fit"], -r["coverage"], r["standard"]))
    return [{"rank": rank, **row} for rank, row in enumerate(rows, 1)]


def choose_top(
    ranking: Callable[[], list[dict]], match_alone: Callable[[list[str]], None], top: int
) -> list[str]:
    """The sources of an ``auto`` major's ``top`` standards, each matched on its own.

    A library is ranked in one shared pass; a chosen standard is then matched alone (as ``align run``
    would), and its own figures can reorder the ranking. So choose again until the top standards are
    all ones matched alone: each round matches at least one more, so it ends. ``ranking()`` gives the
    current rows, best first; ``match_alone(sources)`` makes those sources' rows their own figures.
    """
    matched: set[str] = set()
    chosen = [r["source"] for r in ranking()[:top]]
    while not matched.issuperset(chosen):
        fresh = [s for s in chosen if s not in matched]
        match_alone(fresh)
        matched.update(fresh)
        chosen = [r["source"] for r in ranking()[:top]]
    return chosen
