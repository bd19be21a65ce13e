"""Gradio callbacks: Gradio values in, :class:`Service` calls, page values out.

Every callback that changes the results returns a dict keyed by the names in :data:`RESULTS`; the
page turns it into its components. Errors of the input kind (:class:`AlignError`) become a message in
the page, in Chinese, never a traceback.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape
from typing import Any

import gradio as gr

from align.errors import AlignError
from align.report.tables import CHECK_LABEL
from align.report.view import build_tables
from align.review import DECISIONS, ReviewError
from align.review.decide import save_decision
from align.ui import review_view, shaping
from align.ui.messages_zh import message_to_chinese
from align.ui.service import Job, Service

RESULTS = [
    "job", "problems", "headline", "view", "levels", "bars", "heatmap", "gaps", "evidence", "downloads",
    "point", "units", "reviews", "stale", "audit", "detail", "scope", "decision", "status", "note",
]  # fmt: skip
DOWNLOAD_ORDER = ("xlsx", "html", "json", "csv")
ALL_LEVELS = ("全部等级", "")


def _page_text(exc: AlignError) -> str:
    """An error as the page says it: in Chinese (the code raising it writes English for the CLI)."""
    return message_to_chinese(str(exc))


def _error_box(message: str) -> str:
    lines = message.splitlines()
    return "#### ⚠ 无法分析\n" + "\n".join(f"- {escape(line)}" for line in lines)


def _loc(value: str | None) -> tuple[int, int, int] | None:
    try:
        si, li, pi = (int(x) for x in (value or "").split("|"))
    except ValueError:
        return None
    return si, li, pi


def _levels_display(levels) -> Any:
    out = levels.copy()
    out["覆盖率"] = (out["覆盖率"] * 100).round(1).astype(str) + "%"
    return out


@dataclass
class Callbacks:
    service: Service

    # -- choosing inputs ---------------------------------------------------------------------------

    def library_choices(self) -> list[tuple[str, str]]:
        return [(e.label, e.id) for e in self.service.library.entries()]

    def levels_for(self, library_id: str | None, uploads: list[str] | None) -> dict:
        try:
            ids = [library_id] if library_id else []
            levels = self.service.standard_levels(ids, uploads)
        except AlignError:
            levels = []
        return gr.update(choices=[ALL_LEVELS, *((lv, lv) for lv in levels)], value="")

    # -- results -------------------------------------------------------------------------------------

    def view(self, job: Job | None, view_value: str | None, point_value: str | None = None) -> dict:
        """Everything that depends on the chosen level (and the chosen point of the review tab)."""
        if job is None:
            return {}
        report = job.report
        si, li = shaping.parse_view(report, view_value)
        standard, level = shaping.names(report, si, li)
        t = build_tables(report)
        points = shaping.point_choices(report, si, li)
        loc = _loc(point_value)
        if loc is None or loc[:2] != (si, li) or loc[2] >= len(points):
            loc = (si, li, 0)
        bars = shaping.area_bars(shaping.pick(t.areas, standard, level))
        matrix = shaping.heatmap_frame(shaping.pick(t.area_matrix, standard, level), t.course_names)
        return {
            "headline": shaping.headline(t.levels)
            + "".join(f"\n\n{x}" for x in (t.coverage_error, t.check) if x),
            "levels": _levels_display(t.levels),
            "bars": gr.update(value=bars, sort=list(dict.fromkeys(bars["工作领域"]))),
            "heatmap": shaping.heatmap_html(matrix, t.course_names),
            "gaps": shaping.gap_table(shaping.pick(t.gaps, standard, level)),
            "evidence": shaping.evidence_table(report, si, li),
            "point": gr.update(choices=points, value=f"{si}|{li}|{loc[2]}" if points else None),
            "reviews": shaping.review_table(report, si, li),
            "stale": review_view.stale_table(job.applied),
            "audit": review_view.audit_table(
                self.service.store.audit(job.scope, [sc.standard.name for sc in report.standards])
            ),
            "downloads": [str(job.files[f]) for f in DOWNLOAD_ORDER if f in job.files],
            "job": job,
            **(self.form(job, loc) if points else {"detail": "本等级没有职业技能要求。"}),
        }

    def run(self, std_files, library_id, syl_files, level, scope, progress=None) -> dict:
        """The 开始分析 button."""

        def report_progress(fraction: float, desc: str) -> None:
            if progress is not None:
                progress(fraction, desc=desc)

        try:
            job = self.service.analyse(
                std_files, [library_id] if library_id else [], syl_files, level, scope, report_progress
            )
        except AlignError as exc:
            message = _page_text(exc)
            gr.Warning(message.splitlines()[0])
            return {"problems": _error_box(message)}
        views = shaping.view_choices(job.report)
        out = self.view(job, views[0][1] if views else None)
        out.update(
            problems=shaping.problems_markdown(job.problems),
            view=gr.update(choices=views, value=views[0][1] if views else None),
            scope=job.scope,
        )
        return out

    # -- review --------------------------------------------------------------------------------------

    def form(self, job: Job, loc: tuple[int, int, int]) -> dict:
        """The review form for a point: its current decision, or a confirmation of the computed status."""
        si, li, pi = loc
        result = job.report.standards[si].levels[li].points[pi]
        review = result.review
        units = dict(shaping.unit_choices(job.report))
        chosen = [units[f"{e.course} › {e.unit}"] for e in (review.evidence if review else [])
                  if f"{e.course} › {e.unit}" in units]  # fmt: skip
        return {
            "detail": review_view.point_markdown(job.report, loc),
            "decision": review.decision if review else "confirm",
            "status": review.status if review else result.status,
            "units": gr.update(choices=list(units.items()), value=chosen),
            "note": review.note if review else "",
        }

    def select_point(self, job: Job | None, point_value: str | None) -> dict:
        """Show a point and fill the form with its current decision."""
        loc = _loc(point_value)
        if job is None or loc is None:
            return {}
        return self.form(job, loc)

    def next_to_check(self, job: Job | None, view_value: str | None, point_value: str | None) -> dict:
        """The 下一条建议复核 button: the next point of this level that no current review settles yet."""
        if job is None:
            return {}
        si, li = shaping.parse_view(job.report, view_value)
        loc = _loc(point_value)
        after = loc[2] if loc is not None and loc[:2] == (si, li) else -1
        pi = shaping.next_to_check(job.report, si, li, after)
        if pi is None:
            gr.Info(
                f"本等级没有待审核的“{CHECK_LABEL}”要求"
                if job.report.check
                else f"所用模型没有校准，不标“{CHECK_LABEL}”：请逐条审核"
            )
            return {}
        return {"point": gr.update(value=f"{si}|{li}|{pi}"), **self.form(job, (si, li, pi))}

    def save(self, job, view_value, point_value, decision, status, unit_values, reviewer, note, request=None):
        """Store a decision, re-apply all decisions to the report, and rewrite its files."""
        loc = _loc(point_value)
        if job is None or loc is None:
            raise gr.Error("请先运行分析并选择一条职业技能要求")
        reviewer = (reviewer or "").strip() or (getattr(request, "username", None) or "")
        if decision not in DECISIONS:
            raise gr.Error("请选择审核结论")
        chosen = []
        for value in unit_values or []:
            i, j = (int(x) for x in value.split("|"))
            syllabus = job.report.syllabi[i]
            chosen.append((syllabus.course, syllabus.units[j].title))
        shown = job.applied.by_point.get(loc)
        try:
            saved = save_decision(
                self.service.store, job.report, loc, job.scope, decision, reviewer, note or "", status or "",
                chosen, replaces=shown.id if shown is not None else None,
            )  # fmt: skip
        except ReviewError as exc:
            raise gr.Error(_page_text(exc)) from None
        self.service.refresh(job)
        out = self.view(job, view_value, point_value)
        out["problems"] = gr.skip()
        gr.Info(f"已保存 {saved.key.point_id} 的审核意见（{saved.reviewer}）")
        return out

    def withdraw(self, job, view_value, point_value, reviewer, note, request=None):
        loc = _loc(point_value)
        shown = job.applied.by_point.get(loc) if job is not None and loc is not None else None
        if shown is None:
            raise gr.Error("这条要求还没有审核意见")
        reviewer = (reviewer or "").strip() or (getattr(request, "username", None) or "")
        try:
            self.service.store.withdraw(shown.id, reviewer, note or "")
        except ReviewError as exc:
            raise gr.Error(_page_text(exc)) from None
        self.service.refresh(job)
        gr.Info(f"已撤销 {shown.key.point_id} 的审核意见")
        return self.view(job, view_value, point_value)

    # -- the /align endpoint ------------------------------------------------------------------------

    def api_align(self, standard_files, syllabus_files, level) -> str:
        """Parse, match, apply stored reviews; return the path of report.json."""
        try:
            job = self.service.analyse(standard_files, [], syllabus_files, level or "")
        except AlignError as exc:  # in Chinese like the problems below
            raise gr.Error(_page_text(exc)) from None
        for name, message in job.problems:
            gr.Warning(f"{name}: {message}")
        return str(job.files["json"])
