"""Committee review: decisions on skill points, stored in a SQL database and re-applied on re-runs.

Example:
    >>> from align.review import ReviewStore  # doctest: +SKIP
    >>> store = ReviewStore.at(Path("review.db"))
    >>> applied = store.apply(report, scope="软件技术")  # sets PointResult.review
"""

from align.review.apply import DECISION_LABEL, DECISIONS, Applied, Decision, EvidenceRef, apply_decisions
from align.review.keys import PointKey, default_scope, text_hash, unit_hash, unit_index
from align.review.store import AuditEntry, ReviewConflict, ReviewError, ReviewStore, Seen, sqlite_url

__all__ = [
    "DECISIONS",
    "DECISION_LABEL",
    "Applied",
    "AuditEntry",
    "Decision",
    "EvidenceRef",
    "PointKey",
    "ReviewConflict",
    "ReviewError",
    "ReviewStore",
    "Seen",
    "apply_decisions",
    "default_scope",
    "sqlite_url",
    "text_hash",
    "unit_hash",
    "unit_index",
]
