"""The review store: decisions survive restarts and re-uploads, and say when documents changed."""

from __future__ import annotations

import sqlite3

import pytest
from ui_docs import COURSE, POINTS, UNITS, make_report

from align.review import ReviewError, ReviewStore
from align.review.decide import save_decision

SCOPE = "软件技术"


@pytest.fixture
def db(tmp_path):
    return tmp_path / "data" / "review.db"


@pytest.fixture
def store(db):
    s = ReviewStore.at(db)
    yield s
    s.close()


def _point(report, pid):
    return next(r for r in report.standards[0].levels[0].points if r.point.id == pid)


def test_a_decision_survives_a_restart_and_a_reupload_with_other_paths(db):
    first = ReviewStore.at(db)
    report = make_report(source="/tmp/gradio/abc/标准.md")
    save_decision(first, report, (0, 0, 2), SCOPE, "change", "王老师", note="实训周已教授", status="covered")
    first.close()  # the server stops

    again = ReviewStore.at(db)
    fresh = make_report(source="/tmp/gradio/xyz/标准 (1).md")  # re-uploaded: another temporary path
    applied = again.apply(fresh, SCOPE)
    r = _point(fresh, "2.1.1")
    assert r.review is not None and not r.review.stale
    assert (r.review.status, r.review.reviewer, r.review.note) == ("covered", "王老师", "实训周已教授")
    assert r.final_status == "covered" and r.status == "gap"
    assert fresh.standards[0].levels[0].counts == {"covered": 2, "partial": 1, "gap": 0}
    assert applied.current == 1 and not applied.stale and not applied.orphans
    again.close()


def test_decisions_belong_to_one_major(store):
    report = make_report()
    save_decision(store, report, (0, 0, 0), SCOPE, "reject", "王老师")
    other = make_report()
    store.apply(other, "电子商务")
    assert all(r.review is None for r in other.standards[0].levels[0].points)


def test_changed_point_text_makes_the_decision_stale_not_applied(store):
    report = make_report()
    save_decision(store, report, (0, 0, 0), SCOPE, "reject", "王老师", note="只讲了标签")
    edited = [("1.1.1", "能使用HTML5语义化标签和ARIA属性搭建无障碍网页结构。", "covered", "项目一 网页结构"),
              *POINTS[1:]]  # fmt: skip
    fresh = make_report(points=edited)
    applied = store.apply(fresh, SCOPE)
    r = _point(fresh, "1.1.1")
    assert r.review is not None and r.review.stale
    assert r.final_status == "covered"  # the stale rejection is shown, never applied
    [stale] = applied.stale
    assert stale.reason == f"要求原文已修改，现为：{edited[0][1]}"
    assert stale.decision.point_text == POINTS[0][1]


def test_a_new_decision_on_a_stale_point_supersedes_the_old_one(store):
    report = make_report()
    save_decision(store, report, (0, 0, 0), SCOPE, "reject", "王老师")
    new_text = "能使用HTML5语义化标签搭建无障碍网页结构。"
    edited = [("1.1.1", new_text, "covered", "项目一 网页结构"), *POINTS[1:]]
    fresh = make_report(points=edited)
    applied = store.apply(fresh, SCOPE)
    old = applied.by_point[(0, 0, 0)]
    save_decision(store, fresh, (0, 0, 0), SCOPE, "confirm", "李老师", replaces=old.id)
    again = make_report(points=edited)
    applied = store.apply(again, SCOPE)
    assert not applied.stale and not applied.orphans
    assert _point(again, "1.1.1").review.reviewer == "李老师"
    actions = [e.action for e in store.audit()]
    assert actions[:2] == ["supersede", "create"]


def test_renumbered_point_keeps_its_decision_and_is_rekeyed(store):
    report = make_report()
    save_decision(store, report, (0, 0, 1), SCOPE, "change", "王老师", status="covered")
    renumbered = [POINTS[0], ("1.2.1", POINTS[1][1], "partial", "项目二 页面布局"), POINTS[2]]
    fresh = make_report(points=renumbered)
    applied = store.apply(fresh, SCOPE)
    assert _point(fresh, "1.2.1").review.status == "covered"
    assert not _point(fresh, "1.2.1").review.stale
    assert [new.key.point_id for _, new in applied.rekeyed] == ["1.2.1"]
    [stored] = store.decisions(SCOPE)
    assert stored.key.point_id == "1.2.1"
    assert store.audit()[0].action == "rekey"


def test_a_point_inserted_before_a_decided_one_does_not_steal_its_decision(store):
    report = make_report()
    save_decision(store, report, (0, 0, 0), SCOPE, "reject", "王老师")
    inserted = [("1.1.1", "能使用Markdown编写项目说明文档。", "gap", "项目一 网页结构"),
                ("1.1.2", POINTS[0][1], "covered", "项目一 网页结构"),
                ("1.1.3", POINTS[1][1], "partial", "项目二 页面布局"), POINTS[2]]  # fmt: skip
    fresh = make_report(points=inserted)
    applied = store.apply(fresh, SCOPE)
    assert _point(fresh, "1.1.1").review is None
    moved = fresh.standards[0].levels[0].points[1]
    assert moved.point.id == "1.1.2" and moved.review.status == "gap" and not moved.review.stale
    assert not applied.stale and not applied.orphans


def test_removed_point_is_listed_as_an_orphan(store):
    report = make_report()
    save_decision(store, report, (0, 0, 2), SCOPE, "confirm", "王老师")
    fresh = make_report(points=POINTS[:2])
    applied = store.apply(fresh, SCOPE)
    assert [d.key.point_id for d in applied.orphans] == ["2.1.1"]
    assert all(r.review is None for r in fresh.standards[0].levels[0].points)


def test_chosen_evidence_goes_stale_when_its_unit_changes_and_follows_a_rename(store):
    report = make_report()
    save_decision(store, report, (0, 0, 2), SCOPE, "evidence", "王老师", status="partial",
                  chosen=[(COURSE, "项目二 页面布局")])  # fmt: skip
    renamed = {"项目一 网页结构": UNITS["项目一 网页结构"], "项目二 布局与定位": UNITS["项目二 页面布局"]}
    fresh = make_report(units=renamed, points=[(*p[:3], "项目一 网页结构") for p in POINTS])
    store.apply(fresh, SCOPE)
    review = _point(fresh, "2.1.1").review
    assert not review.stale and [e.unit for e in review.evidence] == ["项目二 布局与定位"]

    edited = {"项目一 网页结构": UNITS["项目一 网页结构"], "项目二 布局与定位": ["Flex弹性布局"]}
    changed = make_report(units=edited, points=[(*p[:3], "项目一 网页结构") for p in POINTS])
    applied = store.apply(changed, SCOPE)
    assert _point(changed, "2.1.1").review.stale
    assert "项目二 布局与定位" in applied.stale[0].reason


def test_confirmation_relies_on_the_unit_the_matcher_cited(store):
    report = make_report()
    save_decision(store, report, (0, 0, 0), SCOPE, "confirm", "王老师")
    edited = {"项目一 网页结构": ["表格标签"], "项目二 页面布局": UNITS["项目二 页面布局"]}
    fresh = make_report(units=edited)
    store.apply(fresh, SCOPE)
    assert _point(fresh, "1.1.1").review.stale


@pytest.mark.parametrize(
    ("decision", "kwargs", "message"),
    [
        ("confirm", {"reviewer": " "}, "审核人"),
        ("reject", {"reviewer": "王老师", "loc": (0, 0, 2)}, "缺口"),
        ("change", {"reviewer": "王老师", "status": "excellent"}, "status"),
        ("evidence", {"reviewer": "王老师", "status": "covered"}, "课程单元"),
        ("approve", {"reviewer": "王老师"}, "unknown decision"),
    ],
)
def test_invalid_decisions_are_refused_and_nothing_is_stored(store, decision, kwargs, message):
    report = make_report()
    loc = kwargs.pop("loc", (0, 0, 0))
    with pytest.raises(ReviewError, match=message):
        save_decision(store, report, loc, SCOPE, decision, **kwargs)
    assert store.decisions() == [] and store.audit() == []


def test_the_audit_says_who_changed_what_and_when(store):
    report = make_report()
    save_decision(store, report, (0, 0, 0), SCOPE, "confirm", "王老师")
    save_decision(store, report, (0, 0, 0), SCOPE, "reject", "李老师", note="只是标签练习")
    [decision] = store.decisions(SCOPE)
    store.withdraw(decision.id, "张主任", note="重新讨论")
    entries = store.audit(SCOPE)
    assert [(e.action, e.actor) for e in entries] == [
        ("withdraw", "张主任"),
        ("update", "李老师"),
        ("create", "王老师"),
    ]
    update = entries[1]
    assert update.before["status"] == "covered" and update.after["status"] == "gap"
    assert update.after["note"] == "只是标签练习" and update.at is not None
    assert store.decisions() == []


def test_sqlite_database_uses_wal_and_commits_each_save(db, store):
    save_decision(store, make_report(), (0, 0, 0), SCOPE, "confirm", "王老师")
    con = sqlite3.connect(db)  # another connection, as after a crash: the row is already on disk
    assert con.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert con.execute("select reviewer, status from review_decision").fetchall() == [("王老师", "covered")]
    con.close()


def test_any_sqlalchemy_url_works(tmp_path):
    store = ReviewStore(f"sqlite:///{tmp_path / 'other.sqlite'}")
    save_decision(store, make_report(), (0, 0, 0), SCOPE, "confirm", "王老师")
    assert len(store.decisions(SCOPE)) == 1
    store.close()
