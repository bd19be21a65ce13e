"""The labelled development set agrees with the documents it labels.

A point without a label silently leaves the measurement and a misspelt unit counts as evidence
missed, so every label file is checked against its parsed standard and syllabi.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from align.documents import CourseUnit, Level, SkillPoint, Standard, Syllabus
from align.errors import ConfigError
from align.labels import Label, LabelledPair, _standard_path, label_problems, load_split, read_labels
from align.parse import load_documents, parse_file

CORPORA = Path(__file__).resolve().parent.parent / "corpora"
LABEL_FILES = sorted((CORPORA / "labels").glob("*__*.csv"))


@pytest.mark.parametrize("path", LABEL_FILES, ids=lambda p: p.stem)
def test_every_point_has_one_consistent_label_naming_real_units(path):
    slug, _, major = path.stem.partition("__")
    pair = LabelledPair(
        slug, major, _standard_path(CORPORA, slug), CORPORA / "syllabi" / major, read_labels(path)
    )
    standard = parse_file(pair.standard_path, kind="standard")
    syllabi = load_documents([pair.syllabi_dir], kind="syllabus")
    assert label_problems(pair, standard, syllabi) == []


def test_each_labelled_standard_is_in_exactly_one_split():
    splits = tomllib.loads((CORPORA / "labels" / "splits.toml").read_text(encoding="utf-8"))
    named = [slug for names in splits.values() for slug in names]
    assert len(named) == len(set(named))
    assert {p.stem.partition("__")[0] for p in LABEL_FILES} <= set(named)


def _pair(labels: dict) -> tuple[LabelledPair, Standard, list[Syllabus]]:
    points = [SkillPoint(id="1.1.1", text="能安装软件"), SkillPoint(id="1.1.2", text="能配置软件")]
    standard = Standard(name="S", source="s.md", levels=[Level(name="初级", points=points)])
    syllabus = Syllabus(course="课程", source="c.md", units=[CourseUnit("单元一", items=["安装软件"])])
    return LabelledPair("s", "m", Path("s.md"), Path("m"), labels), standard, [syllabus]


def _label(pid: str, status: str, kind: str, units=(("课程", "单元一"),)) -> Label:
    return Label("初级", pid, status, kind, tuple(units))


def test_label_problems_name_each_inconsistency():
    labels = {
        ("初级", "1.1.1"): _label("1.1.1", "covered", "gap", units=[("课程", "单元二")]),
        ("中级", "9.9.9"): _label("9.9.9", "gap", "gap", units=()),
    }
    problems = label_problems(*_pair(labels))
    assert problems == [
        "初级 1.1.2: no label",
        "中级 9.9.9: not a point of s.md",
        "初级 1.1.1: kind 'gap' cannot go with status 'covered'",
        "初级 1.1.1: '课程::单元二' is not a unit of m",
    ]


def test_label_problems_check_units_against_status_and_kind():
    labels = {
        ("初级", "1.1.1"): _label("1.1.1", "covered", "split"),
        ("初级", "1.1.2"): _label("1.1.2", "gap", "gap_distractor"),
    }
    assert label_problems(*_pair(labels)) == [
        "初级 1.1.1: a split point names fewer than two units",
        "初级 1.1.2: a gap names supporting units (put a distractor in the note)",
    ]


def test_a_point_labelled_twice_is_refused(tmp_path):
    path = tmp_path / "s__m.csv"
    path.write_text(
        "level,id,status,kind,units,note\n初级,1.1.1,gap,gap,,\n初级,1.1.1,gap,gap,,\n", encoding="utf-8"
    )
    with pytest.raises(Exception, match="labelled twice"):
        read_labels(path)


def test_an_unknown_split_names_the_splits_there_are():
    with pytest.raises(ConfigError, match="names heldout, tuning, unseen"):
        load_split(CORPORA, "heldot")


def test_a_split_without_label_files_is_refused(tmp_path):
    (tmp_path / "labels").mkdir()
    (tmp_path / "labels" / "splits.toml").write_text('tuning = ["a"]\nheldout = ["b"]\n', encoding="utf-8")
    with pytest.raises(ConfigError, match="no label file"):
        load_split(tmp_path, "heldout")
