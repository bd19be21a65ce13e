"""The college summary: coverage matrix, weakest 工作领域, shared gaps, 证书遴选 and failures.

Built only from the per-major results (never from reports on disk), in the config's order of
majors, so the same inputs give the same summary however and wherever the majors ran.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import PurePath

SCHEMA = "align.batch-summary/1"


def build_summary(
    results: Sequence[dict], folders: Sequence[str], library_failures: Sequence[dict], shared_min: int
) -> dict:
    """``results``: one per major, in the config's order (``status`` ``done`` or ``failed``).

    ``folders``: each major's output folder, relative to the summary (``majors/<专业>``).
    """
    done = [r for r in results if r["status"] == "done"]
    columns = _columns(done)
    return {
        "schema": SCHEMA,
        # Names, not versions: the TF-IDF baseline's version differs per major (it is fitted on its texts).
        "models": list(dict.fromkeys(r["model"]["name"] for r in done)),
        "majors": [
            {
                "major": r["major"],
                "status": r["status"],
                "folder": folder,
                "courses": r.get("courses", 0),
                "model_version": r["model"]["version"] if "model" in r else "",
                # results stored by an older align have no estimate: None, as for an uncalibrated model
                "estimated_coverage_error": r.get("estimated_coverage_error"),
                "standards": [s["standard"] for s in r.get("standards", [])],
            }
            for r, folder in zip(results, folders, strict=True)
        ],
        "standards": list(columns.values()),
        "matrix": [{"major": r["major"], **cell} for r in done for cell in _cells(r, columns)],
        "weakest": [{"major": r["major"], **area} for r in done for area in r["weakest"]],
        "shared_gaps": shared_gaps(done, shared_min),
        "selection": [{"major": r["major"], **row} for r in done for row in r["selection"]],
        "plans": [{"major": r["major"], **r["plan"]} for r in done if r.get("plan")],
        "warnings": [{"major": r["major"], "warning": w} for r in done for w in r.get("warnings", [])],
        # library standards without the batch's level: left out of every major's 证书遴选, said once
        "not_ranked": list({n["source"]: n for r in done for n in r.get("not_ranked", [])}.values()),
        "failures": [
            *(
                {"major": r["major"], "file": r["file"], "reason": r["reason"]}
                for r in results
                if r["status"] == "failed"
            ),
            *({"major": "", **f} for f in library_failures),
        ],
    }


def _columns(done: Sequence[dict]) -> dict[str, str]:
    """Standard source → column label: reported standards first, then the rest of the library.

    Labelled by name; two files with the same name (two editions of a standard) by name and file.
    """
    sources = {s["source"]: s["standard"] for r in done for s in r["standards"]}
    for r in done:
        for row in sorted(r["selection"], key=lambda row: row["standard"]):
            sources.setdefault(row["source"], row["standard"])
    counts: dict[str, int] = {}
    for name in sources.values():
        counts[name] = counts.get(name, 0) + 1
    return {
        src: name if counts[name] == 1 else f"{name}（{PurePath(src).name}）" for src, name in sources.items()
    }


def _cells(result: dict, columns: dict[str, str]) -> list[dict]:
    """A major's coverage of every standard it was ranked or reported against (the same figures)."""
    cells = {row["source"]: {"coverage": row["coverage"], "levels": row["levels"], "reported": False}
             for row in result["selection"]}  # fmt: skip
    for s in result["standards"]:
        cells[s["source"]] = {"coverage": s["coverage"], "levels": s["levels"], "reported": True}
    return [{"standard": columns[src], "source": src, **cell} for src, cell in cells.items()]


def shared_gaps(done: Sequence[dict], shared_min: int) -> list[dict]:
    """Requirements that are gaps in at least ``shared_min`` majors: one shared module fixes them all.

    The same requirement means the same standard, level and point number. Most widely shared first.
    """
    by_point: dict[tuple[str, str, str], dict] = {}
    for r in done:
        for g in r["gaps"]:
            row = by_point.setdefault((g["standard"], g["level"], g["id"]), {**g, "majors": []})
            row["majors"].append(r["major"])
    rows = [
        {**row, "count": len(row["majors"])} for row in by_point.values() if len(row["majors"]) >= shared_min
    ]
    rows.sort(key=lambda row: -row["count"])  # stable: the standard's own order among equals
    return rows


def matrix_table(summary: dict) -> tuple[list[str], list[list[dict | None]]]:
    """Majors × standards: each cell's ``coverage`` and whether it is ``reported`` (``None``: not matched)."""
    majors = [m["major"] for m in summary["majors"] if m["status"] == "done"]
    cells = {(c["major"], c["standard"]): c for c in summary["matrix"]}
    return majors, [[cells.get((m, s)) for s in summary["standards"]] for m in majors]


def sections(summary: dict) -> list[tuple[str, list[str], list[list]]]:
    """The summary's list tables as (title, header, rows), shared by the workbook and the page."""

    def pct(x: float | None) -> float | None:
        return None if x is None else round(x, 4)

    out = [
        (
            "薄弱工作领域",
            ["专业", "标准", "等级", "工作领域", "覆盖率", "技能点数"],
            [
                [w["major"], w["standard"], w["level"], w["work_area"], pct(w["coverage"]), w["points"]]
                for w in summary["weakest"]
            ],
        ),
        (
            "共性缺口",
            ["专业数", "标准", "等级", "编号", "职业技能要求", "工作领域", "未覆盖的专业"],
            [
                [
                    g["count"],
                    g["standard"],
                    g["level"],
                    g["id"],
                    g["text"],
                    g["work_area"],
                    "、".join(g["majors"]),
                ]
                for g in summary["shared_gaps"]
            ],
        ),
        (
            "证书遴选",
            ["专业", "排名", "标准", "适配度", "覆盖率", "适用专业含本专业", "缺失工作领域", "本次报告"],
            [
                [
                    s["major"],
                    s["rank"],
                    s["standard"],
                    s["fit"],
                    pct(s["coverage"]),
                    "是" if s["listed"] else "否",
                    "；".join(s["missing_areas"]),
                    "是" if s["chosen"] else "",
                ]
                for s in summary["selection"]
            ],
        ),
    ]
    workload = review_rows(summary)
    if workload:  # only calibrated runs flag points; without one the table would claim "nothing to check"
        out.append(("建议复核", ["专业", "标准", "等级", "技能点数", "建议复核", "覆盖率"], workload))
    if summary["plans"]:
        out.append(
            (
                "培养方案核对",
                ["专业", "人才培养方案", "方案课程数", "缺少课程标准的课程", "方案外的课程标准"],
                [
                    [
                        p["major"],
                        p["source"],
                        p["courses"],
                        "、".join(p["without_syllabus"]),
                        "、".join(p["not_in_plan"]),
                    ]
                    for p in summary["plans"]
                ],
            )
        )
    if summary.get("not_ranked"):  # summaries written before it existed have none
        out.append(
            (
                "未参加遴选",
                ["标准", "文件", "原因"],
                [[n["standard"], n["source"], f"没有“{n.get('level')}”等级"] for n in summary["not_ranked"]],
            )
        )
    if summary.get("warnings"):  # summaries written before warnings existed have none
        out.append(("输入提示", ["专业", "提示"], [[w["major"], w["warning"]] for w in summary["warnings"]]))
    out.append(
        (
            "失败",
            ["专业", "文件", "原因"],
            [[f["major"], f["file"], f["reason"]] for f in summary["failures"]],
        )
    )
    return out


def coverage_error_note(summary: dict) -> str:
    """How far the matrix's figures may be off, from the calibration of the model the majors used
    ("" when none was calibrated): the same sentence each major's report.html gives."""
    from align.report.view import coverage_error_text

    errors = sorted(
        {m["estimated_coverage_error"] for m in summary["majors"]}
        - {None}  # failed majors, uncalibrated models and results stored before the estimate
    )
    if not errors:
        return ""
    if len(errors) == 1:
        return "覆盖率误差：" + coverage_error_text(errors[0]) + "。"
    # Majors stored by runs with different models: no one sentence holds for all of them.
    spread = f"{errors[0]:.1f}–{errors[-1]:.1f}"
    return f"覆盖率误差：所用模型的校准估计为 {spread} 个百分点，见各专业的 report.html。"


def review_rows(summary: dict) -> list[list]:
    """Each reported level's points flagged 建议复核: the committee's work, major by major."""
    return [
        [c["major"], c["standard"], lc["level"], lc["points"], lc["to_check"], round(lc["coverage"], 4)]
        for c in summary["matrix"]
        if c["reported"]
        for lc in c["levels"]
        if lc.get("to_check") is not None
    ]


PERCENT_COLUMNS = {"覆盖率"}

#: A line under a section, where its columns alone do not say what a figure means.
SECTION_NOTES = {
    "建议复核": "建议复核：置信度低于所用模型校准界限的技能点数，请委员会优先审核；"
    "界限及其余判定的估计准确率见各专业的 report.html。",
    "输入提示": "读取输入时发现并已处理的问题（如只有编号没有内容的技能点、重复的课程标准），"
    "报告已按提示处理；请修改相应文件后重新运行。",
}
