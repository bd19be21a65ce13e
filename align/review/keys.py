"""Content keys for committee decisions: stable across re-uploads, sensitive to changed wording.

Uploaded files get new temporary paths every time, so a decision is keyed on what the committee read:
the standard's name, the level, the point's own number and a hash of the point's text; the evidence it
relies on by (course, unit title) and a hash of the unit's content. Hashes ignore white space and
full-width/half-width differences, so re-saving a document in another editor does not stale a decision.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from align.documents import CourseUnit, Syllabus
from align.text import normalize

HASH_LENGTH = 16


def text_hash(text: str) -> str:
    """A short hash of text as a reader sees it (white space and character width ignored)."""
    folded = normalize(text).replace(" ", "")
    return hashlib.sha256(folded.encode("utf-8")).hexdigest()[:HASH_LENGTH]


def unit_hash(unit: CourseUnit) -> str:
    """The hash of a unit's content (its items); the title is part of the key, not of the hash."""
    return text_hash("\n".join(unit.items))


@dataclass(frozen=True)
class PointKey:
    """Where a decision belongs: a major (scope), a standard, a level and one skill point."""

    scope: str
    standard: str
    level: str
    point_id: str
    point_hash: str


@dataclass(frozen=True)
class UnitRef:
    """A course unit a decision relies on, as it read when the decision was made."""

    course: str
    unit: str
    unit_hash: str


def unit_index(syllabi: Iterable[Syllabus]) -> dict[tuple[str, str], str]:
    """The content hash of every unit, by (course, unit title)."""
    return {(s.course, u.title): unit_hash(u) for s in syllabi for u in s.units}


def default_scope(syllabi: Iterable[Syllabus]) -> str:
    """The major a set of syllabi belongs to: their most common 适用专业, else their course names.

    Decisions are kept per major: "covered by our courses" for one major says nothing about another.
    """
    syllabi = list(syllabi)
    majors = Counter(m.strip() for s in syllabi for m in s.majors if m.strip())
    if majors:
        # Most common first; ties broken by name so the scope does not depend on upload order.
        return min(majors, key=lambda m: (-majors[m], m))
    courses = sorted({s.course for s in syllabi})
    return "课程：" + "、".join(courses) if courses else "未命名专业"
