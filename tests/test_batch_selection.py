"""证书遴选 ranking, shared gaps and weakest 工作领域, on hand-made results (no parsing, no model)."""

from __future__ import annotations

import pytest

from align.batch.results import gap_rows, weakest_areas
from align.batch.selection import choose_top, lists_major, rank_standards
from align.batch.summary import build_summary, shared_gaps
from align.documents import CoverageReport, LevelCoverage, PointResult, SkillPoint, Standard, StandardCoverage


def coverage(name: str, majors: list[str], areas: dict[str, str]) -> StandardCoverage:
    """One level; ``areas`` maps a 工作领域 to its points' statuses, one letter each (c, p, g)."""
    status = {"c": "covered", "p": "partial", "g": "gap"}
    points = [
        PointResult(SkillPoint(f"{a}.{i}", f"{area}要求{i}", work_area=area), status[s], 0.5)
        for a, (area, statuses) in enumerate(areas.items(), 1)
        for i, s in enumerate(statuses, 1)
    ]
    return StandardCoverage(Standard(name, f"{name}.md", majors=majors), [LevelCoverage("初级", points)])


def test_fit_is_coverage_plus_a_bonus_for_listing_the_major():
    listed = coverage("甲", ["软件技术"], {"开发": "ccgg"})  # coverage 0.5
    unlisted = coverage("乙", ["会计"], {"开发": "cccg"})  # coverage 0.75
    weak = coverage("丙", ["软件技术"], {"开发": "gggg"})
    ranking = rank_standards([listed, unlisted, weak], ["软件技术"], listed_bonus=0.3, missing_below=0.25)
    assert [(r["rank"], r["standard"], r["fit"]) for r in ranking] == [
        (1, "甲", 0.8),
        (2, "乙", 0.75),
        (3, "丙", 0.3),
    ]
    ranking = rank_standards([listed, unlisted], ["软件技术"], listed_bonus=0.15, missing_below=0.25)
    assert [r["standard"] for r in ranking] == [
        "乙",
        "甲",
    ]  # a small bonus does not beat much better coverage


def test_missing_work_areas_are_those_below_the_threshold():
    sc = coverage("甲", [], {"网页开发": "cc", "项目部署": "pg", "运维": "gg"})  # 1.0, 0.25, 0.0
    row = rank_standards([sc], ["x"], listed_bonus=0.15, missing_below=0.3)[0]
    assert row["missing_areas"] == ["项目部署", "运维"]
    assert row["coverage"] == pytest.approx(5 / 12, abs=1e-4) and row["points"] == 6


@pytest.mark.parametrize(
    ("listed", "names", "expected"),
    [
        (["软件技术", "计算机应用技术"], ["软件技术专业"], True),
        (["软件 技术"], ["软件技术"], True),
        (["会计"], ["大数据与会计", "会计"], True),  # an alias (an older name of the major)
        (["大数据技术应用"], ["大数据技术"], False),  # a different (secondary-school) major
    ],
)
def test_a_standard_lists_a_major_by_its_name_or_an_alias(listed, names, expected):
    assert lists_major(listed, names) is expected


def test_weakest_areas_and_gaps_of_a_report():
    report = CoverageReport([coverage("甲", [], {"A": "cc", "B": "gp", "C": "pgg"})], [], "m", "1")
    assert [(w["work_area"], w["coverage"]) for w in weakest_areas(report, 2)] == [("C", 0.1667), ("B", 0.25)]
    assert [g["id"] for g in gap_rows(report)] == ["2.1", "3.2", "3.3"]


def result(major: str, gaps: list[str]) -> dict:
    return {
        "major": major, "status": "done", "model": {"name": "m", "version": "1"}, "courses": 1,
        "standards": [{"standard": "甲", "source": "甲.md", "coverage": 0.5, "levels": []}], "weakest": [],
        "selection": [],
        "plan": None,
        "gaps": [{"standard": "甲", "level": "初级", "id": i, "text": f"要求{i}", "work_area": "", "task": ""}
                 for i in gaps],
    }  # fmt: skip


def test_shared_gaps_need_the_same_requirement_uncovered_in_enough_majors():
    done = [
        result("软件技术", ["1", "2", "3"]),
        result("移动应用开发", ["2", "3"]),
        result("数字媒体", ["3"]),
    ]
    assert [(g["id"], g["majors"]) for g in shared_gaps(done, 2)] == [
        ("3", ["软件技术", "移动应用开发", "数字媒体"]),
        ("2", ["软件技术", "移动应用开发"]),
    ]
    assert [g["id"] for g in shared_gaps(done, 3)] == ["3"]


def test_summary_lists_failures_of_majors_and_of_the_library():
    failed = {
        "major": "护理",
        "status": "failed",
        "file": "护理/x.docx",
        "reason": "empty",
        "internal": False,
    }
    summary = build_summary([result("软件技术", []), failed], ["majors/软件技术", "majors/护理"],
                            [{"file": "standards/bad.md", "reason": "no table"}], shared_min=2)  # fmt: skip
    assert summary["failures"] == [
        {"major": "护理", "file": "护理/x.docx", "reason": "empty"},
        {"major": "", "file": "standards/bad.md", "reason": "no table"},
    ]
    assert [m["status"] for m in summary["majors"]] == ["done", "failed"]
    assert summary["matrix"] == [
        {
            "major": "软件技术",
            "standard": "甲",
            "source": "甲.md",
            "coverage": 0.5,
            "levels": [],
            "reported": True,
        }
    ]


def test_matrix_shows_every_ranked_standard_and_tells_editions_apart():
    r = result("软件技术", [])
    r["selection"] = [
        {"standard": "乙", "source": "lib/乙-2021.md", "coverage": 0.2, "levels": [], "chosen": False},
        {"standard": "乙", "source": "lib/乙-2019.md", "coverage": 0.3, "levels": [], "chosen": False},
        {"standard": "甲", "source": "甲.md", "coverage": 0.5, "levels": [], "chosen": True},
    ]
    summary = build_summary([r], ["majors/软件技术"], [], shared_min=2)
    assert summary["standards"] == ["甲", "乙（乙-2021.md）", "乙（乙-2019.md）"]
    cells = {c["standard"]: (c["coverage"], c["reported"]) for c in summary["matrix"]}
    assert cells == {"甲": (0.5, True), "乙（乙-2021.md）": (0.2, False), "乙（乙-2019.md）": (0.3, False)}


def test_an_auto_major_chooses_again_when_a_standard_matched_alone_falls_back():
    # Shared pass: 甲 0.6 > 乙 0.5 > 丙 0.4. Matched alone, 甲 drops to 0.3, so the top two are 乙 and 丙,
    # which must then be matched alone too (丙 stays 0.4): the chosen are the top of the final ranking.
    shared = {"甲": 0.6, "乙": 0.5, "丙": 0.4}
    alone = {"甲": 0.3, "乙": 0.5, "丙": 0.4}
    matched_alone: list[list[str]] = []

    def ranking():
        figure = {s: alone[s] if any(s in m for m in matched_alone) else shared[s] for s in shared}
        return [{"source": s} for s in sorted(figure, key=figure.get, reverse=True)]

    assert choose_top(ranking, matched_alone.append, top=2) == ["乙", "丙"]
    assert matched_alone == [["甲", "乙"], ["丙"]]
    assert [r["source"] for r in ranking()[:2]] == ["乙", "丙"]


def test_an_auto_major_whose_top_holds_matches_once():
    calls: list[list[str]] = []
    assert choose_top(lambda: [{"source": "甲"}, {"source": "乙"}], calls.append, top=1) == ["甲"]
    assert calls == [["甲"]]
