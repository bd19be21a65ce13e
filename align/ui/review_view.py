"""What the review tab shows (pure): one point in detail, decisions that no longer apply, the audit."""

from __future__ import annotations

from datetime import UTC, datetime

import pandas as pd

from align.documents import CoverageReport
from align.report.tables import CHECK_LABEL, STATUS_LABEL
from align.review import DECISION_LABEL, Applied, AuditEntry, ReviewConflict

STALE_COLUMNS = ["标准", "等级", "编号", "审核时的要求原文", "审核", "审核状态", "审核人", "为何不再适用"]
#: 标准: a run of two standards has an 初级 1.1.1 in each.
AUDIT_COLUMNS = ["时间", "操作人", "操作", "标准", "等级", "编号", "变更前", "变更后"]
ACTION_LABEL = {
    "create": "新建",
    "update": "修改",
    "withdraw": "撤销",
    "supersede": "被取代",
    "rekey": "随文件更新重新对应",
}


#: Decisions whose reviewed status the reviewer sets; the others imply it (see ``check_decision``).
STATUS_CHOSEN = ("change", "evidence")


def status_after(decision: str, computed: str, chosen: str | None) -> str | None:
    """The 审核后状态 a decision leads to, as the store will save it (``check_decision``): a
    confirmation keeps the computed status; a rejection says the matched content does not teach the
    point, so it is a gap; chosen evidence covers the point unless 部分覆盖 is chosen; a status change
    is what the reviewer chose (the computed status until they choose)."""
    if decision == "confirm":
        return computed
    if decision == "reject":
        return "gap"
    if decision == "evidence":
        return chosen if chosen in ("covered", "partial") else "covered"
    return chosen or computed


def point_markdown(report: CoverageReport, loc: tuple[int, int, int]) -> str:
    """A point as the committee reads it: text, context, computed result, evidence, current review."""
    si, li, pi = loc
    r = report.standards[si].levels[li].points[pi]
    p = r.point
    lines = [
        f"### {p.id} {p.text}",
        f"工作领域：{p.work_area or '—'}　工作任务：{p.task or '—'}",
        "",
        f"**计算结果：{STATUS_LABEL[r.status]}**（相似度 {r.score:.2f}"
        + (f"，置信度 {r.confidence:.2f}" if r.confidence is not None else "")
        + "）"
        + (f"　**{CHECK_LABEL}**：置信度低于校准给出的界限，请优先核对原文" if r.check_pending else ""),
    ]
    if p.knowledge:
        lines.append("相关知识要求：" + "；".join(p.knowledge))
    if r.missing:
        lines.append("未覆盖部分：" + "；".join(r.missing))
    if r.evidence:
        lines += ["", "依据（课程内容，按相似度排序）："]
        lines += [
            f"{i}. {e.course} › {e.unit}：{e.text}（{e.score:.2f}）" for i, e in enumerate(r.evidence, 1)
        ]
    review = r.review
    if review is not None:
        what = DECISION_LABEL.get(review.decision, review.decision)
        lines += [
            "",
            f"**委员会审核：{what} → {STATUS_LABEL[review.status]}**（{review.reviewer}）"
            + (f"：{review.note}" if review.note else ""),
        ]
        if review.evidence:
            lines.append("审核选定的依据：" + "；".join(f"{e.course} › {e.unit}" for e in review.evidence))
        if review.stale:
            lines.append("⚠ 文件已修改，此审核意见暂不生效，请复核后重新保存或撤销。")
    return "\n".join(lines)


def stale_table(applied: Applied) -> pd.DataFrame:
    """Decisions that no longer apply: their point or units changed, or their point is gone."""
    rows = [(s.decision, s.reason) for s in applied.stale]
    rows += [(d, "该要求已不在本次上传的标准中") for d in applied.orphans]
    records = [
        [d.key.standard, d.key.level, d.key.point_id, d.point_text,
         DECISION_LABEL.get(d.decision, d.decision), STATUS_LABEL.get(d.status, d.status), d.reviewer, reason]
        for d, reason in rows
    ]  # fmt: skip
    return pd.DataFrame(records, columns=STALE_COLUMNS)


def local_time(at: datetime | None) -> str:
    """A stored (naive UTC) time in the server's local time, to the minute."""
    if at is None:
        return ""
    return at.replace(tzinfo=UTC).astimezone().strftime("%Y-%m-%d %H:%M:%S")


def _short_time(at: datetime, now: datetime | None = None) -> str:
    """A stored (naive UTC) time as a reviewer says it: 20:15 today, else with its date."""
    local = at.replace(tzinfo=UTC).astimezone()
    today = (now or datetime.now(UTC)).astimezone().date()
    return local.strftime("%H:%M" if local.date() == today else "%Y-%m-%d %H:%M")


def conflict_text(conflict: ReviewConflict, then: str) -> str:
    """Why a save or a withdrawal was refused: who changed the point's decision since the form showed
    it, when, and to what (``then``: what to do, e.g. 请查看后再保存)."""
    change = conflict.change
    if change is None:
        return f"{conflict.point_id} 的审核意见已被他人修改；{then}"
    after = change.after or {}
    if change.action in ("withdraw", "supersede") or "decision" not in after:
        what = "撤销"
    else:
        what = f"修改为 {DECISION_LABEL.get(after['decision'], after['decision'])}"
    when = f" 于 {_short_time(change.at)}" if change.at is not None else ""
    return f"{conflict.point_id} 的审核意见已被 {change.actor}{when} {what}；{then}"


def _describe(snapshot: dict | None) -> str:
    if not snapshot:
        return ""
    if "replaced_by" in snapshot:
        return "由新的审核意见取代"  # the new one is the entry beside it; its id means nothing to a reader
    if "status" not in snapshot:
        return snapshot.get("note", "")
    text = f"{DECISION_LABEL.get(snapshot['decision'], snapshot['decision'])} → "
    text += STATUS_LABEL.get(snapshot["status"], snapshot["status"])
    if snapshot.get("evidence"):
        text += "；依据：" + "、".join(f"{e['course']} › {e['unit']}" for e in snapshot["evidence"])
    if snapshot.get("note"):
        text += f"；意见：{snapshot['note']}"
    return text


def audit_table(entries: list[AuditEntry]) -> pd.DataFrame:
    """Who changed what and when, newest first."""
    records = [
        [local_time(e.at), e.actor, ACTION_LABEL.get(e.action, e.action), e.standard, e.level, e.point_id,
         _describe(e.before), _describe(e.after)]
        for e in entries
    ]  # fmt: skip
    return pd.DataFrame(records, columns=AUDIT_COLUMNS)
