"""The review database: one row per current decision, and an append-only audit trail.

Times are stored as naive UTC. Evidence is stored as JSON (a list of units with their content hashes),
so a decision can tell when a unit it relied on was edited or removed.
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import JSON, DateTime, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


def utcnow() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


class Base(DeclarativeBase):
    pass


class DecisionRow(Base):
    """A committee member's current decision on one skill point of one major."""

    __tablename__ = "review_decision"
    __table_args__ = (
        UniqueConstraint("scope", "standard", "level", "point_id", "point_hash", name="uq_decision_key"),
        Index("ix_decision_level", "scope", "standard", "level"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    scope: Mapped[str] = mapped_column(String(200))
    standard: Mapped[str] = mapped_column(String(300))
    level: Mapped[str] = mapped_column(String(100))
    point_id: Mapped[str] = mapped_column(String(100))
    point_hash: Mapped[str] = mapped_column(String(32))
    point_text: Mapped[str] = mapped_column(Text)
    decision: Mapped[str] = mapped_column(String(20))  # confirm | reject | change | evidence
    status: Mapped[str] = mapped_column(String(20))  # the reviewed status
    computed_status: Mapped[str] = mapped_column(String(20))  # what the matcher said at the time
    reviewer: Mapped[str] = mapped_column(String(100))
    note: Mapped[str] = mapped_column(Text, default="")
    #: Units the decision relies on: [{"course", "unit", "unit_hash", "text", "score"}].
    evidence: Mapped[list] = mapped_column(JSON, default=list)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class AuditRow(Base):
    """Who changed which decision, how, and when (never updated or deleted)."""

    __tablename__ = "review_audit"
    __table_args__ = (Index("ix_audit_scope", "scope", "standard"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    actor: Mapped[str] = mapped_column(String(100))
    action: Mapped[str] = mapped_column(String(20))  # create | update | withdraw | supersede | rekey
    decision_id: Mapped[int] = mapped_column(Integer)
    scope: Mapped[str] = mapped_column(String(200))
    standard: Mapped[str] = mapped_column(String(300))
    level: Mapped[str] = mapped_column(String(100))
    point_id: Mapped[str] = mapped_column(String(100))
    before: Mapped[dict | None] = mapped_column(JSON, nullable=True)
    after: Mapped[dict | None] = mapped_column(JSON, nullable=True)
