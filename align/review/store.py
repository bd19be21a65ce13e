"""The review store: decisions and their audit trail in any SQL database SQLAlchemy can reach.

SQLite by default (a file in the data folder, in WAL mode so the page can read while a decision is
written). Every change is one transaction that writes the decision and its audit row together, so a
decision that was confirmed is on disk, with its history, before the page says so.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import create_engine, event, select
from sqlalchemy.engine import Engine
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from align.documents import STATUSES, CoverageReport
from align.errors import AlignError
from align.review.apply import DECISIONS, Applied, Decision, EvidenceRef, apply_decisions
from align.review.keys import PointKey
from align.review.models import AuditRow, Base, DecisionRow, utcnow


class ReviewError(AlignError):
    """A decision cannot be saved as given (missing name, unknown status, no evidence chosen …)."""


class ReviewConflict(ReviewError):
    """The decision on a point changed since the reviewer's form showed it (another reviewer saved or
    withdrew one meanwhile): nothing is written, so one reviewer never silently undoes another.

    Attributes:
        point_id: the point's number.
        change: the newest audit entry about the decision(s) involved: who changed it, when, how.
    """

    def __init__(self, point_id: str, change: AuditEntry | None) -> None:
        self.point_id = point_id
        self.change = change
        who = f"{change.actor} " if change is not None else ""
        super().__init__(f"{point_id} 的审核意见已被{who}修改，请查看后再保存")


@dataclass(frozen=True)
class Seen:
    """What the reviewer's form showed on a point: the stored decision (``None``: none). A change is
    saved only while the store still holds exactly that (optimistic concurrency: no lock is held
    between showing a form and saving it)."""

    decision: Decision | None


#: Longest reviewer name and note stored: the page limits its boxes, the store checks what arrives.
MAX_REVIEWER = 64
MAX_NOTE = 2000


def check_lengths(reviewer: str, note: str) -> None:
    if len(reviewer.strip()) > MAX_REVIEWER:
        raise ReviewError(f"审核人姓名过长（最多 {MAX_REVIEWER} 字）")
    if len(note.strip()) > MAX_NOTE:
        raise ReviewError(f"审核意见过长（最多 {MAX_NOTE} 字），请精简")


def sqlite_url(path: Path) -> str:
    return f"sqlite:///{Path(path).expanduser().resolve()}"


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def make_engine(url: str) -> Engine:
    """An engine for ``url``; SQLite files get WAL mode and their folder is created."""
    if url.startswith("sqlite:///") and not url.startswith("sqlite:///:memory:"):
        Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
    try:
        engine = create_engine(url)
    except (SQLAlchemyError, ImportError, ValueError) as exc:
        raise AlignError(f"review database '{url}': cannot open it ({exc}); check the database URL") from None
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
    return engine


@dataclass(frozen=True)
class AuditEntry:
    at: object
    actor: str
    action: str
    decision_id: int
    standard: str
    level: str
    point_id: str
    before: dict | None
    after: dict | None


def _snapshot(row: DecisionRow) -> dict:
    return {
        "point_id": row.point_id,
        "point_hash": row.point_hash,
        "decision": row.decision,
        "status": row.status,
        "note": row.note,
        "reviewer": row.reviewer,
        "evidence": [{"course": e["course"], "unit": e["unit"]} for e in row.evidence or []],
    }


def _record(row: DecisionRow) -> Decision:
    return Decision(
        id=row.id,
        key=PointKey(row.scope, row.standard, row.level, row.point_id, row.point_hash),
        point_text=row.point_text,
        decision=row.decision,
        status=row.status,
        computed_status=row.computed_status,
        reviewer=row.reviewer,
        note=row.note or "",
        evidence=tuple(EvidenceRef.from_json(e) for e in row.evidence or []),
        updated_at=row.updated_at,
    )


def _audit(session: Session, actor: str, action: str, row: DecisionRow, before, after) -> None:
    session.add(
        AuditRow(
            at=utcnow(), actor=actor, action=action, decision_id=row.id, scope=row.scope,
            standard=row.standard, level=row.level, point_id=row.point_id, before=before, after=after,
        )
    )  # fmt: skip


def check_decision(
    decision: str, status: str, computed_status: str, reviewer: str, evidence: Iterable[EvidenceRef]
) -> str:
    """Validate a decision; return the reviewed status it stands for.

    ``confirm`` keeps the computed status; ``reject`` says the match does not teach the point (a gap);
    ``change`` sets any status; ``evidence`` names other units (covered unless another status is given).
    """
    if not reviewer.strip():
        raise ReviewError("请填写审核人姓名 (a decision needs the reviewer's name)")
    if decision not in DECISIONS:
        raise ReviewError(f"unknown decision '{decision}'; expected one of {', '.join(DECISIONS)}")
    if decision == "confirm":
        return computed_status
    if decision == "reject":
        if computed_status == "gap":
            raise ReviewError("该要求已判定为缺口，没有可驳回的匹配；请选择“修改状态”或“更换依据”")
        return "gap"
    if status not in STATUSES:
        raise ReviewError(f"请选择审核后的状态 (status must be one of {', '.join(STATUSES)})")
    if decision == "change" and status == computed_status:
        # Not a change: stored as one, the audit and the reports would call the computed status overruled.
        raise ReviewError("“修改状态”需要选择与计算结果不同的审核后状态；同意计算结果请选择“确认计算结果”")
    if decision == "evidence":
        if not list(evidence):
            raise ReviewError("“更换依据”需要至少选择一个课程单元")
        if status == "gap":
            raise ReviewError("选择了依据的要求不能判为缺口；请选择“覆盖”或“部分覆盖”")
    return status


def _exact(key: PointKey):
    """The decision stored under exactly this key (the one a save updates)."""
    return select(DecisionRow).where(
        DecisionRow.scope == key.scope,
        DecisionRow.standard == key.standard,
        DecisionRow.level == key.level,
        DecisionRow.point_id == key.point_id,
        DecisionRow.point_hash == key.point_hash,
    )


def _check_unchanged(s: Session, key: PointKey, row: DecisionRow | None, shown: Decision | None) -> None:
    """Raise :class:`ReviewConflict` unless the store holds on the point what the form showed: the same
    decision (by id and time of its last change) or, if it showed none, none."""
    if shown is None:
        changed = row is not None
        involved = [row.id] if row is not None else []
    else:
        now = s.get(DecisionRow, shown.id)
        moved = row is not None and row.id != shown.id  # another decision now holds the point's text
        changed = now is None or now.updated_at != shown.updated_at or moved
        involved = [shown.id] + ([row.id] if row is not None else [])
    if changed:
        raise ReviewConflict(key.point_id, _last_change(s, involved))


def _last_change(s: Session, decision_ids: list[int]) -> AuditEntry | None:
    """The newest audit entry about these decisions (who changed them last, when, how)."""
    if not decision_ids:
        return None
    # A re-keying changes nothing a reviewer decided; a supersede comes with the save that caused it.
    quiet = ("rekey", "supersede")
    stmt = select(AuditRow).where(AuditRow.decision_id.in_(decision_ids), AuditRow.action.not_in(quiet))
    a = s.scalars(stmt.order_by(AuditRow.id.desc()).limit(1)).first()
    return _entry(a) if a is not None else None


def _entry(a: AuditRow) -> AuditEntry:
    return AuditEntry(
        a.at, a.actor, a.action, a.decision_id, a.standard, a.level, a.point_id, a.before, a.after
    )


class ReviewStore:
    """Decisions keyed on content (see :mod:`align.review.keys`), with an audit trail."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.engine = make_engine(url)
        try:
            Base.metadata.create_all(self.engine)
        except SQLAlchemyError as exc:
            raise AlignError(f"review database '{url}': cannot create its tables ({exc})") from None
        self._session = sessionmaker(self.engine, expire_on_commit=False)

    @classmethod
    def at(cls, path: Path) -> ReviewStore:
        return cls(sqlite_url(path))

    def close(self) -> None:
        self.engine.dispose()

    # -- reading ---------------------------------------------------------------------------------

    def decisions(self, scope: str | None = None, standards: Iterable[str] | None = None) -> list[Decision]:
        stmt = select(DecisionRow).order_by(DecisionRow.id)
        if scope is not None:
            stmt = stmt.where(DecisionRow.scope == scope)
        if standards is not None:
            stmt = stmt.where(DecisionRow.standard.in_(list(standards)))
        with self._session() as s:
            return [_record(row) for row in s.scalars(stmt)]

    def scopes(self) -> list[str]:
        with self._session() as s:
            return list(s.scalars(select(DecisionRow.scope).distinct().order_by(DecisionRow.scope)))

    def audit(
        self, scope: str | None = None, standards: Iterable[str] | None = None, limit: int = 200
    ) -> list[AuditEntry]:
        """The newest audit entries first."""
        stmt = select(AuditRow).order_by(AuditRow.id.desc()).limit(limit)
        if scope is not None:
            stmt = stmt.where(AuditRow.scope == scope)
        if standards is not None:
            stmt = stmt.where(AuditRow.standard.in_(list(standards)))
        with self._session() as s:
            return [_entry(a) for a in s.scalars(stmt)]

    def check(self, key: PointKey, seen: Seen) -> None:
        """Raise :class:`ReviewConflict` if the decision on the point is no longer what ``seen`` says."""
        with self._session() as s:
            row = s.scalars(_exact(key)).one_or_none()
            _check_unchanged(s, key, row, seen.decision)

    # -- writing ---------------------------------------------------------------------------------

    def save(
        self,
        key: PointKey,
        point_text: str,
        computed_status: str,
        decision: str,
        reviewer: str,
        note: str = "",
        status: str = "",
        evidence: Iterable[EvidenceRef] = (),
        replaces: int | None = None,
        seen: Seen | None = None,
    ) -> Decision:
        """Create or update the decision on a point, in one transaction with its audit entry.

        Args:
            replaces: the id of a stale decision shown on this point (e.g. made on the point's old
                text); it is removed in the same transaction, and the audit says what replaced it.
            seen: what the reviewer's form showed on the point; if the store holds anything else now,
                :class:`ReviewConflict` is raised and nothing is written. ``None``: no check (scripts).
        """
        evidence = tuple(evidence)
        final = check_decision(decision, status, computed_status, reviewer, evidence)
        check_lengths(reviewer, note)
        reviewer = reviewer.strip()
        values = {
            "point_text": point_text,
            "decision": decision,
            "status": final,
            "computed_status": computed_status,
            "reviewer": reviewer,
            "note": note.strip(),
            "evidence": [e.to_json() for e in evidence],
        }
        with self._session() as s, s.begin():
            row = s.scalars(_exact(key)).one_or_none()
            if seen is not None:
                _check_unchanged(s, key, row, seen.decision)
            if row is None:
                row = DecisionRow(
                    scope=key.scope, standard=key.standard, level=key.level, point_id=key.point_id,
                    point_hash=key.point_hash, created_at=utcnow(), updated_at=utcnow(), **values,
                )  # fmt: skip
                s.add(row)
                s.flush()
                _audit(s, reviewer, "create", row, None, _snapshot(row))
            else:
                before = _snapshot(row)
                for name, value in values.items():
                    setattr(row, name, value)
                row.updated_at = utcnow()
                _audit(s, reviewer, "update", row, before, _snapshot(row))
            if replaces is not None and replaces != row.id:
                old = s.get(DecisionRow, replaces)
                if old is not None:
                    _audit(s, reviewer, "supersede", old, _snapshot(old), {"replaced_by": row.id})
                    s.delete(old)
            return _record(row)

    def withdraw(self, decision: Decision | int, reviewer: str, note: str = "") -> None:
        """Remove a decision (the point falls back to the computed status); the audit keeps it.

        ``decision``: the decision as the reviewer saw it, which is withdrawn only if it was not changed
        since (else :class:`ReviewConflict`, and nothing is written); or its id (scripts: no check).
        """
        if not reviewer.strip():
            raise ReviewError("请填写审核人姓名 (withdrawing a decision needs the reviewer's name)")
        check_lengths(reviewer, note)
        decision_id = decision if isinstance(decision, int) else decision.id
        with self._session() as s, s.begin():
            row = s.get(DecisionRow, decision_id)
            if isinstance(decision, Decision) and (row is None or row.updated_at != decision.updated_at):
                raise ReviewConflict(decision.key.point_id, _last_change(s, [decision_id]))
            if row is None:
                raise ReviewError("该审核意见已不存在（可能已被撤销）")
            _audit(s, reviewer.strip(), "withdraw", row, _snapshot(row), {"note": note.strip()})
            s.delete(row)

    def apply(self, report: CoverageReport, scope: str) -> Applied:
        """Set the stored decisions on ``report`` and persist any re-keying (one transaction)."""
        standards = [sc.standard.name for sc in report.standards]
        applied = apply_decisions(report, scope, self.decisions(scope, standards))
        if applied.rekeyed:
            with self._session() as s, s.begin():
                for old, new in applied.rekeyed:
                    row = s.get(DecisionRow, old.id)
                    if row is None:
                        continue
                    before = _snapshot(row)
                    row.point_id = new.key.point_id
                    row.evidence = [e.to_json() for e in new.evidence]
                    _audit(s, "align", "rekey", row, before, _snapshot(row))
        return applied
