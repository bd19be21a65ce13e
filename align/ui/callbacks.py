"""Gradio callbacks: Gradio values in, :class:`Service` calls, page values out.

Every callback that changes the results returns a dict keyed by the names in :data:`RESULTS`; the
page turns it into its components (a name left out keeps its component as it is). Errors of the input
kind (:class:`AlignError`) become a message in the page, in Chinese, never a traceback: a run that
fails clears the old results and says why; a review form that is not complete says what is missing
in a warning and leaves the page, and what the user typed, as it was.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from html import escape
from typing import Any

import gradio as gr

from align.documents import PointResult
from align.errors import AlignError
from align.report.tables import CHECK_LABEL
from align.report.view import build_tables
from align.review import DECISIONS, ReviewConflict, ReviewError, Seen
from align.review.decide import point_at, point_key, save_decision
from align.ui import review_view, shaping
from align.ui.drafts import Drafts, Form, Typed, draft_key
from align.ui.messages_zh import message_to_chinese, without_server_paths
from align.ui.service import Job, Service
from align.ui.signoff_view import signoff_markdown

RESULTS = [
    "job", "problems", "headline", "view", "levels", "bars", "heatmap", "gaps", "evidence", "downloads",
    "point", "units", "reviews", "stale", "audit", "detail", "scope", "decision", "status", "note",
    "drafts", "signoff",
]  # fmt: skip
DOWNLOAD_ORDER = ("xlsx", "html", "json", "csv")
ALL_LEVELS = ("全部等级", "")
#: The library menu's first choice: a standard chosen by mistake can be taken back (only an upload).
NO_LIBRARY = ("（不使用标准库）", "")
DRAFT_MARK = "✎ 下面的审核表单是此前填写、尚未保存的草稿：点击“保存审核意见”后才生效。"
HELD_MARK = (
    "✎ 下面的审核表单显示的是当前保存的审核意见；你刚才填写的内容已暂存为草稿，再次选择这条要求即可填回。"
)
#: A page whose results the server no longer has (its session state went with a restart).
RESTARTED = "服务已重启，本页的分析结果已失效：请重新点击“开始分析”"
UNSAVED_NOTE = "（填写的审核意见尚未保存：重新分析前请先复制留存）"
#: The notices' titles: Gradio's own are English (Info, Warning, Error).
INFO_TITLE, WARNING_TITLE, ERROR_TITLE = "提示", "注意", "错误"
log = logging.getLogger(__name__)


def _page_text(exc: AlignError) -> str:
    """An error as the page says it: in Chinese (the code raising it writes English for the CLI), with
    no path on the server (the server's log keeps the whole message)."""
    chinese = message_to_chinese(str(exc))
    shown = without_server_paths(chinese)
    if shown != chinese:
        log.warning("%s", exc)  # the whole message, paths included, for the administrator
    return shown


def _info(message: str) -> None:
    gr.Info(message, title=INFO_TITLE)


def _warn(message: str) -> None:
    gr.Warning(message, title=WARNING_TITLE)


def _refuse(message: str) -> dict:
    """A review form that cannot be used as filled in: a warning, and nothing on the page changes (an
    error would mark every output as failed and wipe nothing the user could fix)."""
    _warn(message)
    return {}


def _lost(job: Job | None, *values: str | None) -> bool:
    """The page shows results (a level, a point) the server has no job for: it restarted since."""
    return job is None and any(values)


#: What the user typed into the review form: kept on the page when its results are emptied.
TYPED_FIELDS = ("decision", "status", "note")


def _restarted(note: str | None = None) -> dict:
    """The answer to a page whose job the server lost: a notice, and the results emptied as on a page
    just opened, except what the user typed. Emptied rather than left: they can no longer be reviewed
    or downloaded, and Gradio would refuse the next event with the menus' values, whose choices it
    forgot (only the first event after a restart reaches a callback, see ``page.lenient``)."""
    message = RESTARTED + (UNSAVED_NOTE if (note or "").strip() else "")
    _warn(message)
    page = Callbacks.cleared(Drafts())
    return {k: v for k, v in page.items() if k not in TYPED_FIELDS} | {"problems": f"#### ⚠ {message}"}


def _no_job(typed: Typed | None, *values: str | None) -> dict:
    """A callback with no job: the server lost it if the page shows results (see :func:`_restarted`),
    else the page has no results yet and nothing changes."""
    return _restarted(typed.note if typed else None) if _lost(None, *values) else {}


def _point_name(report, loc: tuple[int, int, int]) -> str:
    """A point as a notice names it: its number, with its standard and level when the run has several
    standards (each has its 初级 1.1.1)."""
    standard, level, result = point_at(report, loc)
    return f"《{standard}》{level} {result.point.id}" if len(report.standards) > 1 else result.point.id


def _error_box(message: str) -> str:
    lines = message.splitlines()
    return "#### ⚠ 无法分析\n" + "\n".join(f"- {escape(line)}" for line in lines)


def _loc(value: str | None) -> tuple[int, int, int] | None:
    try:
        si, li, pi = (int(x) for x in (value or "").split("|"))
    except ValueError:
        return None
    return si, li, pi


def _point(job: Job | None, loc: tuple[int, int, int] | None) -> PointResult | None:
    if job is None or loc is None:
        return None
    si, li, pi = loc
    try:
        return job.report.standards[si].levels[li].points[pi]
    except IndexError:
        return None


def _levels_display(levels) -> Any:
    out = levels.copy()
    out["覆盖率"] = (out["覆盖率"] * 100).round(1).astype(str) + "%"
    return out


@dataclass
class Callbacks:
    service: Service

    # -- choosing inputs ---------------------------------------------------------------------------

    def library_choices(self) -> list[tuple[str, str]]:
        return [NO_LIBRARY, *((e.label, e.id) for e in self.service.library.entries())]

    def levels_for(self, library_id: str | None, uploads: list[str] | None) -> dict:
        try:
            ids = [library_id] if library_id else []
            levels = self.service.standard_levels(ids, uploads)
        except AlignError:
            levels = []
        return gr.update(choices=[ALL_LEVELS, *((lv, lv) for lv in levels)], value="")

    # -- results -------------------------------------------------------------------------------------

    def view(
        self,
        job: Job | None,
        view_value: str | None,
        point_value: str | None = None,
        drafts: Drafts | None = None,
        typed: Typed | None = None,
    ) -> dict:
        """Everything that depends on the chosen level (and the chosen point of the review tab).

        ``typed`` is what the review form holds when it is about to change (kept as a draft)."""
        if job is None:
            return _no_job(typed, view_value, point_value)
        drafts = _or_new(drafts)
        with _leaving_form(drafts, typed):
            return self._view(job, view_value, point_value, drafts)

    def _view(self, job: Job, view_value: str | None, point_value: str | None, drafts: Drafts) -> dict:
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
            "signoff": signoff_markdown(report.standards[si]),
            "job": job,
            **(self.form(job, loc, drafts) if points else self._no_point(drafts)),
        }

    @staticmethod
    def _no_point(drafts: Drafts) -> dict:
        drafts.hide()
        return {"detail": "本等级没有职业技能要求。", "drafts": drafts}

    @staticmethod
    def cleared(drafts: Drafts) -> dict:
        """Every result emptied, as on a page just opened: the results of an earlier run must not
        stay on screen as if they were those of the files just given."""
        drafts.hide()

        def empty_menu() -> dict:  # one each: Gradio pops "value" out of the update it is given
            return gr.update(choices=[], value=None)

        return {
            "job": None, "headline": "", "view": empty_menu(), "levels": None, "bars": None, "heatmap": "",
            "gaps": None, "evidence": None, "downloads": None, "point": empty_menu(),
            "units": gr.update(choices=[], value=[]), "reviews": None, "stale": None, "audit": None,
            "detail": "", "scope": "", "decision": "confirm",
            "status": gr.update(value=None, interactive=False), "note": "", "drafts": drafts, "signoff": "",
        }  # fmt: skip

    def run(
        self, std_files, library_id, syl_files, level, scope, progress=None, drafts=None, typed=None
    ) -> dict:
        """The 开始分析 button."""

        def report_progress(fraction: float, desc: str) -> None:
            if progress is not None:
                progress(fraction, desc=desc)

        drafts = _or_new(drafts)
        with _leaving_form(drafts, typed):
            try:
                job = self.service.analyse(
                    std_files, [library_id] if library_id else [], syl_files, level, scope, report_progress
                )
            except AlignError as exc:
                message = _page_text(exc)
                _warn(message.splitlines()[0])
                return self.cleared(drafts) | {"problems": _error_box(message)}
            views = shaping.view_choices(job.report)
            first = views[0][1] if views else None
            return self._view(job, first, None, drafts) | {
                "problems": shaping.problems_markdown(job.problems, job.notices),
                "view": gr.update(choices=views, value=first),
                "scope": job.scope,
            }

    # -- review --------------------------------------------------------------------------------------

    def form(self, job: Job, loc: tuple[int, int, int], drafts: Drafts | None = None) -> dict:
        """The review form for a point: its current decision, or a confirmation of the computed status;
        or the form left unsaved on this point earlier in the session, if any."""
        drafts = _or_new(drafts)
        si, li, pi = loc
        result = job.report.standards[si].levels[li].points[pi]
        units = dict(shaping.unit_choices(job.report))  # label → value
        key = draft_key(job.report, loc)
        shown = drafts.show(key, _saved_form(result, units), {v: label for label, v in units.items()})
        detail = review_view.point_markdown(job.report, loc)
        mark = HELD_MARK if drafts.held else DRAFT_MARK if drafts.has_draft(key) else ""
        return {
            "detail": detail + (f"\n\n{mark}" if mark else ""),
            "decision": shown.decision,
            "status": _status_field(shown.decision, result.status, shown.status),
            "units": gr.update(choices=list(units.items()), value=[units[label] for label in shown.units]),
            "note": shown.note,
            "drafts": drafts,
        }

    def select_point(
        self,
        job: Job | None,
        point_value: str | None,
        drafts: Drafts | None = None,
        typed: Typed | None = None,
    ) -> dict:
        """Show a point and fill the form with its current decision (or its draft)."""
        loc = _loc(point_value)
        if job is None or loc is None:
            return _no_job(typed, point_value) if job is None else {}
        drafts = _or_new(drafts)
        with _leaving_form(drafts, typed):
            return self.form(job, loc, drafts)

    def decision_changed(self, job: Job | None, point_value: str | None, decision: str, status: str | None):
        """A decision chosen: the 审核后状态 it leads to, which only 修改状态 and 更换依据 let the
        reviewer set (a rejection is a gap, a confirmation keeps the computed status)."""
        if _lost(job, point_value):
            return _restarted()
        result = _point(job, _loc(point_value))
        computed = result.status if result is not None else (status or "")
        return {"status": _status_field(decision, computed, status)}

    def next_to_check(
        self,
        job: Job | None,
        view_value: str | None,
        point_value: str | None,
        drafts: Drafts | None = None,
        typed: Typed | None = None,
    ) -> dict:
        """The 下一条建议复核 button: the next point of this level that no current review settles yet."""
        if job is None:
            return _no_job(typed, view_value, point_value)
        si, li = shaping.parse_view(job.report, view_value)
        loc = _loc(point_value)
        after = loc[2] if loc is not None and loc[:2] == (si, li) else -1
        pi = shaping.next_to_check(job.report, si, li, after)
        if pi is None:
            _info(
                f"本等级没有待审核的“{CHECK_LABEL}”要求"
                if job.report.check
                else f"所用模型没有校准，不标“{CHECK_LABEL}”：请逐条审核"
            )
            return {}
        drafts = _or_new(drafts)
        with _leaving_form(drafts, typed):
            return {"point": gr.update(value=f"{si}|{li}|{pi}"), **self.form(job, (si, li, pi), drafts)}

    def save(
        self, job, view_value, point_value, decision, status, unit_values, reviewer, note, request=None,
        drafts=None,
    ):  # fmt: skip
        """Store a decision, re-apply all decisions to the report, and rewrite its files.

        The decision is stored only if the point's stored decision is still the one the form showed (see
        :meth:`_conflict`)."""
        loc = _loc(point_value)
        if _lost(job, point_value):
            return _restarted(note)
        if job is None or loc is None:
            return _refuse("请先运行分析并选择一条职业技能要求")
        reviewer = (reviewer or "").strip() or (getattr(request, "username", None) or "")
        if decision not in DECISIONS:
            return _refuse("请选择审核结论")
        chosen = []
        for value in unit_values or []:
            i, j = (int(x) for x in value.split("|"))
            syllabus = job.report.syllabi[i]
            chosen.append((syllabus.course, syllabus.units[j].title))
        shown = job.applied.by_point.get(loc)  # what the form was drawn from
        drafts = _or_new(drafts)
        try:
            saved = save_decision(
                self.service.store, job.report, loc, job.scope, decision, reviewer, note or "", status or "",
                chosen, replaces=shown.id if shown is not None else None, seen=Seen(shown),
            )  # fmt: skip
        except ReviewConflict as exc:
            typed = Typed(decision, status, unit_values, note)
            return self._conflict(job, view_value, point_value, drafts, typed, exc, "请查看后再保存")
        except ReviewError as exc:
            return _refuse(_page_text(exc))
        drafts.discard(draft_key(job.report, loc))  # saved: no longer a draft
        self.service.refresh(job)
        out = self.view(job, view_value, point_value, drafts)
        _info(f"已保存 {_point_name(job.report, loc)} 的审核意见（{saved.reviewer}）")
        return out

    def _conflict(self, job, view_value, point_value, drafts, typed, conflict, then) -> dict:
        """Another reviewer changed the point's decision since this form showed it (optimistic
        concurrency: nothing is locked while a form is open). Saving over it would silently undo their
        work, so nothing is written: the page says who changed it and when, the form shows the decision
        stored now, and what was typed is kept as a draft for the next time the point is chosen."""
        drafts.set_aside(typed)
        self.service.refresh(job)
        out = self.view(job, view_value, point_value, drafts)
        _warn(review_view.conflict_text(conflict, then))
        return out

    def withdraw(self, job, view_value, point_value, reviewer, note, request=None, drafts=None, typed=None):
        """The 撤销审核意见 button: the decision is removed (the audit keeps it, with the note given as
        the reason), and the form shows the point as it is now: the decision still applying to it, if
        any, else the computed status, with an empty note. Refused, like a save, if the decision was
        changed since the form showed it (``typed``: the form, kept as a draft then)."""
        loc = _loc(point_value)
        if _lost(job, point_value):
            return _restarted(note)
        drafts = _or_new(drafts)
        shown = job.applied.by_point.get(loc) if job is not None and loc is not None else None
        reviewer = (reviewer or "").strip() or (getattr(request, "username", None) or "")
        try:
            if shown is None:
                if job is not None and loc is not None:  # none shown: has another reviewer saved one?
                    self.service.store.check(point_key(job.scope, *point_at(job.report, loc)), Seen(None))
                return _refuse("这条要求还没有审核意见")
            self.service.store.withdraw(shown, reviewer, note or "")
        except ReviewConflict as exc:
            return self._conflict(job, view_value, point_value, drafts, typed, exc, "请查看后再撤销")
        except ReviewError as exc:
            return _refuse(_page_text(exc))
        # What the box held was the reason for withdrawing (now in the audit), not a note to keep.
        drafts.discard(draft_key(job.report, loc))
        self.service.refresh(job)
        _info(f"已撤销 {_point_name(job.report, loc)} 的审核意见")
        return self.view(job, view_value, point_value, drafts)

    def sign(self, job, view_value, point_value, signer, note, request=None, drafts=None, typed=None):
        """The 委员会签署 button: the standard in view is signed for the major, if nothing in it is left
        to check; the reports are rewritten with the sign-off."""
        if _lost(job, view_value):
            return _restarted()
        if job is None:
            return _refuse("请先运行分析")
        signer = (signer or "").strip() or (getattr(request, "username", None) or "")
        si, _ = shaping.parse_view(job.report, view_value)
        try:
            self.service.sign(job, si, signer, note or "")
        except ReviewError as exc:
            return _refuse(_page_text(exc))
        sc = job.report.standards[si]
        _info(f"已签署《{sc.standard.name}》（{sc.signoff['levels']}）的审核结果（{signer}）")
        return self.view(job, view_value, point_value, drafts, typed)

    # -- the /align endpoint ------------------------------------------------------------------------

    def api_align(self, standard_files, syllabus_files, level) -> str:
        """Parse, match, apply stored reviews; return the path of report.json."""
        try:
            job = self.service.analyse(standard_files, [], syllabus_files, level or "")
        except AlignError as exc:  # in Chinese like the problems below
            raise gr.Error(_page_text(exc), title=ERROR_TITLE) from None
        for name, message in job.problems:
            _warn(f"{name}: {message}")
        for notice in job.notices:
            _info(notice)
        return str(job.files["json"])


def _saved_form(result: PointResult, units: dict[str, str]) -> Form:
    """The form as the point's current decision fills it (a confirmation when there is none)."""
    review = result.review
    decision = review.decision if review else "confirm"
    chosen = (f"{e.course} › {e.unit}" for e in (review.evidence if review else []))
    return Form(
        decision,
        review_view.status_after(decision, result.status, review.status if review else None),
        tuple(sorted(label for label in chosen if label in units)),
        review.note if review else "",
    )


def _status_field(decision: str, computed: str, chosen: str | None) -> dict:
    """The 审核后状态 radio for a decision: the status it leads to, settable only where the reviewer
    chooses it."""
    return gr.update(
        value=review_view.status_after(decision, computed, chosen),
        interactive=decision in review_view.STATUS_CHOSEN,
    )


def _or_new(drafts: Drafts | None) -> Drafts:
    """The session's drafts (a call from a test or the API may have none)."""
    return drafts if drafts is not None else Drafts()


@contextmanager
def _leaving_form(drafts: Drafts, typed: Typed | None) -> Iterator[None]:
    """Around a change of the review form: what it held is kept as a draft first, and once the form
    shows another point, the user is told the unsaved form was kept."""
    left = drafts.leave(typed)
    yield
    if left is not None and left != drafts.shown:
        _info(f"{left[2]} 的审核意见还没有保存，已暂存为草稿；回到这条要求时会重新填入")
