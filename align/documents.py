"""Domain types passed between the pipeline stages.

Plain dataclasses with stable ids: a standard's skill points keep the number printed in the
standard (``1.1.1``), a course unit keeps its course name and title, so every result can be traced
back to the documents a committee reads.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from align.errors import ParseWarning


Status = Literal["covered", "partial", "gap"]
STATUSES: tuple[Status, ...] = ("covered", "partial", "gap")
#: What a point adds to a coverage figure: a partial point counts one half (see README).
CREDIT: dict[str, float] = {"covered": 1.0, "partial": 0.5, "gap": 0.0}


@dataclass(frozen=True)
class SkillPoint:
    """One 职业技能要求 (or 技能要求) of one level of a standard."""

    id: str
    text: str
    work_area: str = ""  # 工作领域, or 职业功能 in national occupational standards
    task: str = ""  # 工作任务, or 工作内容
    knowledge: tuple[str, ...] = ()  # 相关知识要求

    @property
    def key(self) -> str:
        return self.id


@dataclass
class Level:
    name: str  # as written in the standard: 初级, 中级, 四级/中级工 …
    points: list[SkillPoint] = field(default_factory=list)


@dataclass
class Standard:
    name: str
    source: str
    levels: list[Level] = field(default_factory=list)
    majors: list[str] = field(default_factory=list)  # 适用院校专业
    occupations: list[str] = field(default_factory=list)  # 面向职业岗位（群）
    cumulative: bool = False  # a higher level includes the requirements of the lower ones
    #: What the parser met and worked around (see align.errors.ParseWarning). Not part of what the
    #: document says: two documents with the same content are equal whatever was met reading them.
    warnings: list[ParseWarning] = field(default_factory=list, compare=False, repr=False)

    def level(self, name: str) -> Level | None:
        return next((lv for lv in self.levels if lv.name == name), None)


@dataclass
class Hours:
    total: float | None = None
    theory: float | None = None
    practice: float | None = None


@dataclass
class CourseUnit:
    """A 教学单元 / 项目 / 章 of a course, with its content split into items."""

    title: str
    hours: float | None = None
    items: list[str] = field(default_factory=list)


@dataclass
class Syllabus:
    """A 课程标准 / 教学大纲."""

    course: str
    source: str
    code: str = ""
    credits: float | None = None
    hours: Hours = field(default_factory=Hours)
    majors: list[str] = field(default_factory=list)  # 适用专业
    course_type: str = ""
    objectives: list[str] = field(default_factory=list)
    units: list[CourseUnit] = field(default_factory=list)
    warnings: list[ParseWarning] = field(default_factory=list, compare=False, repr=False)  # as Standard's


@dataclass
class PlanCourse:
    """One row of a training plan's course table."""

    course: str
    course_type: str = ""
    semester: str = ""
    credits: float | None = None
    hours: float | None = None


@dataclass
class TrainingPlan:
    """A 人才培养方案: the major and its course table."""

    major: str
    source: str
    courses: list[PlanCourse] = field(default_factory=list)
    warnings: list[ParseWarning] = field(default_factory=list, compare=False, repr=False)  # as Standard's


Document = Standard | Syllabus | TrainingPlan


@dataclass(frozen=True)
class ContentItem:
    """One content item of a course, the unit of comparison on the course side."""

    course: str
    unit: str
    text: str
    unit_hours: float | None = None
    source: str = ""


@dataclass
class Evidence:
    """A course content item offered as support for a skill point."""

    course: str
    unit: str
    text: str
    score: float
    clause: str = ""  # the part of a compound requirement this evidence supports


@dataclass
class Review:
    """A committee member's decision on one point, shown beside the computed status."""

    status: Status  # the reviewed status (equal to the computed one when a match is confirmed)
    reviewer: str
    note: str = ""
    decision: str = "confirm"  # confirm | reject | change | evidence
    evidence: list[Evidence] = field(default_factory=list)  # evidence the reviewer chose instead
    stale: bool = False  # the documents changed since the decision; it may no longer apply


@dataclass
class PointResult:
    """The match of one skill point against a major's courses."""

    point: SkillPoint
    status: Status
    score: float
    evidence: list[Evidence] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)  # clauses no unit teaches (partial points)
    review: Review | None = None
    #: The calibrated probability that a committee agrees with ``status`` (None without a calibration).
    confidence: float | None = None
    #: Flagged for the committee to check first: its confidence is below the calibration's cut.
    to_check: bool = False

    @property
    def settled(self) -> bool:
        """A committee's review decides this point (one made before its documents changed does not)."""
        return self.review is not None and not self.review.stale

    @property
    def check_pending(self) -> bool:
        """Flagged to check first and not yet settled by a committee's current review."""
        return self.to_check and not self.settled

    @property
    def final_status(self) -> Status:
        """The reviewed status where a current review exists, else the computed one."""
        return self.review.status if self.settled else self.status


@dataclass
class LevelCoverage:
    level: str
    points: list[PointResult]

    @property
    def counts(self) -> dict[str, int]:
        """Points per status; a committee's current review overrides the computed status."""
        counts = dict.fromkeys(STATUSES, 0)
        for p in self.points:
            counts[p.final_status] += 1
        return counts

    @property
    def coverage(self) -> float:
        """Share of points covered, a partial point counting one half (see README)."""
        if not self.points:
            return 0.0
        c = self.counts
        return (c["covered"] + 0.5 * c["partial"]) / len(self.points)

    @property
    def to_check(self) -> int:
        """Points flagged for the committee to check first (``PointResult.to_check``)."""
        return sum(p.to_check for p in self.points)


@dataclass
class StandardCoverage:
    standard: Standard
    levels: list[LevelCoverage]
    #: The committee's sign-off of these results for the major (see align.review.signoff), if any.
    signoff: dict | None = None


@dataclass
class CoverageReport:
    """Everything a report needs: the results, the courses and the model that produced them."""

    standards: list[StandardCoverage]
    syllabi: list[Syllabus]
    model_name: str
    model_version: str
    method: str = ""
    #: Estimated precision of "covered" and "gap" from the calibration (empty when uncalibrated).
    precision: dict[str, float] = field(default_factory=dict)
    #: The calibration's cut for flagging points to check ("below"), its estimates for the points
    #: not flagged ("share", "accuracy": None when no cut reached "target", the accuracy aimed at,
    #: and every point is flagged); empty when nothing is flagged (uncalibrated).
    check: dict[str, float | None] = field(default_factory=dict)
    #: How far a level's coverage figure is from the committee's on average, in percentage points,
    #: estimated by the calibration on standards it did not see (None when uncalibrated).
    coverage_error: float | None = None

    @property
    def to_check(self) -> int:
        """Points flagged for the committee to check first, over every standard and level."""
        return sum(lc.to_check for sc in self.standards for lc in sc.levels)

    @property
    def to_check_settled(self) -> int:
        """Flagged points a committee has since reviewed: the check-first work already done."""
        return sum(p.to_check and p.settled for sc in self.standards for lc in sc.levels for p in lc.points)
