"""A committee's sign-off on one standard's reviewed results for one major.

A sign-off records who approved which levels, when, and a fingerprint of what they approved: each
point's text, its final status and the decision behind it. When any of these changes afterwards (a
decision saved or withdrawn, a re-run on edited syllabi or a revised standard), the sign-off no longer
matches and the page and the reports say it must be given again; the record itself is never changed.

A standard may be signed only when nothing in it is left to check: every point flagged 建议复核 has a
current decision, and no decision was made on documents that have since changed.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import JSON, DateTime, Index, Integer, String, Text, select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Mapped, Session, mapped_column

from align.documents import StandardCoverage
from align.review.keys import text_hash
from align.review.models import Base, utcnow
from align.review.store import ReviewError, check_lengths


class SignoffRow(Base):
    """One sign-off, as given (never updated or deleted)."""

    __tablename__ = "review_signoff"
    __table_args__ = (Index("ix_signoff_key", "scope", "standard", "levels"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    scope: Mapped[str] = mapped_column(String(200))
    standard: Mapped[str] = mapped_column(String(300))
    levels: Mapped[str] = mapped_column(String(300))  # the levels signed, joined by "、"
    signer: Mapped[str] = mapped_column(String(100))
    note: Mapped[str] = mapped_column(Text, default="")
    at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    fingerprint: Mapped[str] = mapped_column(String(64))
    #: What was signed, for the record: {level: {"points", "covered", "partial", "gap", "coverage"}}.
    figures: Mapped[dict] = mapped_column(JSON, default=dict)


@dataclass(frozen=True)
class Signoff:
    signer: str
    at: datetime  # naive UTC
    levels: str
    note: str
    current: bool  # the results still read as they did when signed
    figures: dict

    def to_json(self) -> dict:
        return {
            "signer": self.signer,
            "at": self.at.isoformat(timespec="seconds") + "Z",
            "levels": self.levels,
            "note": self.note,
            "current": self.current,
            "figures": self.figures,
        }


def levels_of(sc: StandardCoverage) -> str:
    return "、".join(lc.level for lc in sc.levels)


def fingerprint(sc: StandardCoverage) -> str:
    """What a sign-off approves: every point's text, final status and the decision behind it."""
    rows = [
        [lc.level, p.point.id, text_hash(p.point.text), p.final_status]
        + ([p.review.decision, p.review.reviewer, p.review.note] if p.settled else [])
        for lc in sc.levels
        for p in lc.points
    ]
    return hashlib.sha256(json.dumps(rows, ensure_ascii=False).encode("utf-8")).hexdigest()


def figures(sc: StandardCoverage) -> dict:
    return {
        lc.level: {"points": len(lc.points), **lc.counts, "coverage": round(lc.coverage, 4)}
        for lc in sc.levels
    }


def unsettled(sc: StandardCoverage) -> list[str]:
    """Why the standard cannot be signed yet, in Chinese (empty: it can)."""
    pending = [f"{lc.level} {p.point.id}" for lc in sc.levels for p in lc.points if p.check_pending]
    stale = [f"{lc.level} {p.point.id}" for lc in sc.levels for p in lc.points if p.review and p.review.stale]
    why = []
    if pending:
        why.append(f"还有 {len(pending)} 条建议复核的技能点没有审核意见（如 {'、'.join(pending[:3])}）")
    if stale:
        why.append(f"{len(stale)} 条审核意见所依据的文件已修改，需重新审核（如 {'、'.join(stale[:3])}）")
    return why


class SignoffStore:
    """Sign-offs kept beside the decisions, in the review database (its own table)."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        SignoffRow.__table__.create(engine, checkfirst=True)

    def sign(self, scope: str, sc: StandardCoverage, signer: str, note: str = "") -> Signoff:
        """Record a sign-off of ``sc`` (as the committee sees it now) for the major ``scope``.

        Raises:
            ReviewError: no signer, or the standard still has points to check (:func:`unsettled`).
        """
        if not signer.strip():
            raise ReviewError("请填写签署人姓名")
        check_lengths(signer, note)
        why = unsettled(sc)
        if why:
            raise ReviewError("；".join(why) + "。请先审核，再签署")
        row = SignoffRow(
            scope=scope,
            standard=sc.standard.name,
            levels=levels_of(sc),
            signer=signer.strip(),
            note=note.strip(),
            at=utcnow(),
            fingerprint=fingerprint(sc),
            figures=figures(sc),
        )
        with Session(self.engine, expire_on_commit=False) as s, s.begin():
            s.add(row)
        return self._signoff(row, sc)

    def latest(self, scope: str, sc: StandardCoverage) -> Signoff | None:
        """The newest sign-off of these levels of the standard for the major, checked against ``sc``."""
        stmt = (
            select(SignoffRow)
            .where(
                SignoffRow.scope == scope,
                SignoffRow.standard == sc.standard.name,
                SignoffRow.levels == levels_of(sc),
            )
            .order_by(SignoffRow.id.desc())
            .limit(1)
        )
        with Session(self.engine) as s:
            row = s.scalars(stmt).one_or_none()
            return self._signoff(row, sc) if row is not None else None

    @staticmethod
    def _signoff(row: SignoffRow, sc: StandardCoverage) -> Signoff:
        current = row.fingerprint == fingerprint(sc)
        return Signoff(row.signer, row.at, row.levels, row.note, current, dict(row.figures))
