"""``report.html``: one self-contained page (no scripts, fonts or styles from elsewhere).

It reads top-down the way a committee discusses a certificate: overall coverage per level, then for
each level the 工作领域 / 工作任务 breakdown, the courses × 工作领域 heatmap, the gaps with revision
suggestions, each course's contribution and the full 书证融通对照表. It is laid out for a phone as well
as a desktop and prints to A4.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

import pandas as pd
from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

from align.documents import CoverageReport
from align.files import write_text_atomic
from align.report import charts, tables
from align.report.suggestions import HOURS_RULE, NEAR_RULE
from align.report.view import ReportTables, build_tables

TEMPLATES = Path(__file__).parent / "templates"


def _num(value: Any) -> Any:
    """A plain Python number, or None for a missing one (pandas gives NaN and numpy scalars)."""
    if value is None:
        return None
    if hasattr(value, "item"):
        value = value.item()
    if isinstance(value, float) and math.isnan(value):
        return None
    return value


def _hours(value: Any) -> str:
    value = _num(value)
    return "—" if value is None else f"{value:g}"


Rows = list[dict[str, Any]]
Level = tuple[str, str]  # (标准, 等级)


def _by_level(frame: pd.DataFrame) -> dict[Level, Rows]:
    """The rows of a table as plain dicts, grouped by (标准, 等级) in table order.

    Done once per table: filtering the DataFrame for each level and reading its rows as Series took
    most of the time of building the page.
    """
    groups: dict[Level, Rows] = {}
    for row in frame.to_dict("records"):
        groups.setdefault((row["标准"], row["等级"]), []).append(row)
    return groups


@dataclass
class LevelTables:
    """The tables of ``ReportTables`` the page shows per level, split by level once."""

    levels: dict[Level, Rows]
    areas: dict[Level, Rows]
    tasks: dict[Level, Rows]
    area_matrix: dict[Level, Rows]
    gaps: dict[Level, Rows]
    courses: dict[Level, Rows]

    @classmethod
    def of(cls, t: ReportTables) -> LevelTables:
        return cls(*(_by_level(f) for f in (t.levels, t.areas, t.tasks, t.area_matrix, t.gaps, t.courses)))


def _bar(label: str, row: Any) -> charts.Bar:
    return charts.Bar(label, int(row["覆盖"]), int(row["部分覆盖"]), int(row["缺口"]))


def _areas(lt: LevelTables, key: Level) -> list[dict[str, Any]]:
    """工作领域 rows, each with its 工作任务 rows."""
    tasks = lt.tasks.get(key, [])
    out = []
    for a in lt.areas.get(key, []):
        rows = [r for r in tasks if r["工作领域"] == a["工作领域"]]
        out.append(
            {
                "name": a["工作领域"],
                "bar": _bar(a["工作领域"], a),
                "bg": charts.coverage_colour(a["覆盖率"]),
                "tasks": [
                    {
                        "name": r["工作任务"],
                        "bar": _bar(r["工作任务"], r),
                        "bg": charts.coverage_colour(r["覆盖率"]),
                    }
                    for r in rows
                ],
            }
        )
    return out


def _matrix(lt: LevelTables, key: Level, course_names: list[str]) -> list[dict[str, Any]]:
    frame = lt.area_matrix.get(key, [])
    top = max([float(r[c]) for r in frame for c in course_names] + [0.0])
    rows = []
    for r in frame:
        cells = []
        for course in course_names:
            v = float(r[course])
            bg, fg = charts.heat_colour(v, top)
            cells.append({"course": course, "value": v, "text": f"{v:g}" if v else "", "bg": bg, "fg": fg})
        rows.append(
            {
                "area": r["工作领域"],
                "n": int(r["要求数"]),
                "coverage": float(r["覆盖率"]),
                "bg": charts.coverage_colour(float(r["覆盖率"])),
                "cells": cells,
            }
        )
    return rows


def _gap_groups(lt: LevelTables, key: Level) -> list[dict[str, Any]]:
    groups: dict[str, dict[str, Any]] = {}
    for r in lt.gaps.get(key, []):
        g = groups.setdefault(r["工作领域"], {"area": r["工作领域"], "rows": [], "hours": 0})
        hours = _num(r["建议学时"])
        g["hours"] += hours or 0
        g["rows"].append(
            {
                "id": r["编号"],
                "task": r["工作任务"],
                "text": r["职业技能要求"],
                "status": {v: k for k, v in tables.STATUS_LABEL.items()}[r["状态"]],
                "status_label": r["状态"],
                "near_course": r["最近课程"],
                "near_unit": r["最近单元"],
                "near_text": r["最近内容"],
                "near_score": _num(r["最近分数"]),
                "nearness": r["接近程度"],
                "action": r["建议做法"],
                "course": r["建议课程"],
                "unit": r["建议放在单元"],
                "title": r["建议单元标题"],
                "content": r["建议内容"],
                "hours": hours,
                "missing": r["缺少部分"],
            }
        )
    return list(groups.values())


def _courses(lt: LevelTables, key: Level) -> list[dict[str, Any]]:
    out = []
    for r in lt.courses.get(key, []):
        share = _num(r["支撑学时占比"]) or 0.0
        split = ""
        if _num(r["理论学时"]) is not None or _num(r["实践学时"]) is not None:
            split = f"理论 {_hours(r['理论学时'])} · 实践 {_hours(r['实践学时'])}"
        out.append(
            {
                "course": r["课程"],
                "total": _hours(r["总学时"]),
                "split": split,
                "units": int(r["单元数"]),
                "covered": int(r["支撑覆盖要求"]),
                "partial": int(r["支撑部分覆盖要求"]),
                "sup_units": int(r["支撑单元数"]),
                "sup_hours": _hours(r["支撑学时"]),
                "share": share,
                "areas": r["涉及工作领域"],
            }
        )
    return out


def _crosswalk(
    rows: list[tables.PointRow], hours: dict[tuple[str, str], float | None]
) -> list[dict[str, Any]]:
    """对照表 rows grouped under their 工作领域 › 工作任务 heading."""
    groups: dict[tuple[str, str], dict[str, Any]] = {}
    for row in rows:
        r = row.result
        g = groups.setdefault((row.area, row.task), {"area": row.area, "task": row.task, "rows": []})
        reviewed, note = tables.review_cells(r)
        g["rows"].append(
            {
                "id": r.point.id,
                "text": r.point.text,
                "status": r.status,
                "status_label": tables.STATUS_LABEL[r.status],
                "final": row.status,
                "reviewed": reviewed,
                "note": note,
                "score": r.score,
                "check": tables.check_cell(r),
                "confidence": r.confidence,
                "missing": tables.missing_text(r) if row.status == "partial" else "",
                "evidence": [
                    {
                        "course": e.course,
                        "unit": e.unit,
                        "hours": _hours(hours.get((e.course, e.unit))),
                        "text": e.text,
                        "score": e.score,
                        "clause": e.clause,
                    }
                    for e in row.support
                ],
            }
        )
    for g in groups.values():  # the report's script-free filter keeps headings of groups with a flag
        g["n_check"] = sum(bool(r["check"]) for r in g["rows"])
    return list(groups.values())


def build_context(
    report: CoverageReport, today: date | None = None, shaped: ReportTables | None = None
) -> dict[str, Any]:
    """Everything the template shows, as plain values (``shaped``: the report's tables, if already shaped)."""
    t = shaped or build_tables(report)
    lt = LevelTables.of(t)
    rows = tables.point_rows(report)
    hours = tables.unit_hours(report)
    standards = []
    for i, sc in enumerate(report.standards):
        name = sc.standard.name
        levels = []
        for j, lc in enumerate(sc.levels):
            key = (name, lc.level)
            lv = lt.levels[key][0]
            gap_groups = _gap_groups(lt, key)
            areas = _areas(lt, key)
            levels.append(
                {
                    "anchor": f"s{i + 1}-l{j + 1}",
                    "name": lc.level,
                    "n": int(lv["要求数"]),
                    "covered": int(lv["覆盖"]),
                    "partial": int(lv["部分覆盖"]),
                    "gap": int(lv["缺口"]),
                    "coverage": float(lv["覆盖率"]),
                    "bar": Markup(charts.status_bar(_bar(lc.level, lv))),
                    "area_chart": Markup(charts.area_chart([a["bar"] for a in areas])),
                    "areas": areas,
                    "matrix": _matrix(lt, key, t.course_names),
                    "gap_groups": gap_groups,
                    "gap_hours": sum(g["hours"] for g in gap_groups),
                    "courses": _courses(lt, key),
                    "crosswalk": _crosswalk(
                        [r for r in rows if r.standard == name and r.level == lc.level], hours
                    ),
                }
            )
        standards.append(
            {
                "name": name,
                "source": sc.standard.source,
                "majors": sc.standard.majors,
                "levels": levels,
                "signoff": tables.signoff_text(sc.signoff) if sc.signoff else "",
            }
        )
    return {
        "title": "书证融通覆盖报告",
        "date": (today or date.today()).isoformat(),
        "standards": standards,
        "course_names": t.course_names,
        "n_courses": len(t.course_names),
        "model": t.model,
        "method": t.method,
        "precision": t.precision,
        "check": t.check,
        "check_label": tables.CHECK_LABEL,
        "coverage_definition": tables.COVERAGE_DEFINITION,
        "coverage_error": t.coverage_error,
        "coverage_error_label": tables.COVERAGE_ERROR_LABEL,
        "support_rule": tables.SUPPORT_RULE,
        "near_rule": NEAR_RULE,
        "hours_rule": HOURS_RULE,
        "colours": charts.COLOURS,
    }


_DICT_ATTRIBUTES = frozenset(dir(dict))


class _Environment(Environment):
    """Looks a key of a plain dict up directly, for ``row.name`` in the template.

    Jinja first tries ``getattr(row, "name")``, which for a dict raises and catches AttributeError:
    that was a quarter of the time of rendering the page. Names that are dict attributes
    (``items``…) still resolve to the attribute, as before.
    """

    def getattr(self, obj: Any, attribute: str) -> Any:
        if type(obj) is dict and attribute not in _DICT_ATTRIBUTES:
            try:
                return obj[attribute]
            except KeyError:
                pass
        return super().getattr(obj, attribute)


@lru_cache(maxsize=1)
def _environment() -> Environment:
    """One environment per process: it keeps the compiled template (recompiling it on every page took
    a fifth of the time) and still reloads the template when its file changes."""
    env = _Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=select_autoescape(["html", "j2"]),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["pct"] = lambda x: f"{x:.0%}"
    env.filters["score"] = lambda x: "" if x is None else f"{x:.2f}"
    return env


def render_html(report: CoverageReport, today: date | None = None, shaped: ReportTables | None = None) -> str:
    context = build_context(report, today, shaped)
    return _environment().get_template("report.html.j2").render(**context)


def write_html(report: CoverageReport, path: Path, tables: ReportTables | None = None) -> None:
    """Write the page to ``path`` (atomically); ``tables`` are the report's, if already shaped."""
    write_text_atomic(path, render_html(report, shaped=tables))
