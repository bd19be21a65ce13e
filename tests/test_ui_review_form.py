"""The review form as a committee member uses it: incomplete forms, unsaved notes, 撤销 and 驳回."""

from __future__ import annotations

import gradio as gr
import pytest
from ui_docs import write_inputs

from align.review import PointKey, text_hash
from align.ui.callbacks import RESULTS
from align.ui.drafts import Drafts, Typed
from align.ui.page import _packer

LEVEL = "0|0"  # 初级: 1.1.1 and 1.1.2 covered, 2.1.1 a gap
COVERED, SECOND, GAP = "0|0|0", "0|0|1", "0|0|2"


@pytest.fixture
def drafts():
    return Drafts()


@pytest.fixture
def ran(cb, drafts, tmp_path):
    std, syllabi = write_inputs(tmp_path / "in", bad=False)
    return cb.run([str(std)], "", [str(p) for p in syllabi], "", "", drafts=drafts)


def _status(out) -> tuple[str | None, bool]:
    return out["status"]["value"], out["status"]["interactive"]


def test_an_incomplete_form_is_a_warning_and_the_page_stays_as_it_was(cb, ran):
    job = ran["job"]
    refused = [
        (lambda: cb.save(None, LEVEL, None, "confirm", "covered", [], "王老师", "意见"), "请先运行分析"),
        (lambda: cb.save(job, LEVEL, COVERED, None, "covered", [], "王老师", "意见"), "请选择审核结论"),
        (lambda: cb.save(job, LEVEL, COVERED, "change", "covered", [], "", "写好的意见"), "请填写审核人姓名"),
        (lambda: cb.save(job, LEVEL, GAP, "reject", "gap", [], "王老师", ""), "没有可驳回的匹配"),
        (
            lambda: cb.save(job, LEVEL, COVERED, "evidence", "covered", [], "王老师", ""),
            "至少选择一个课程单元",
        ),
        (lambda: cb.withdraw(job, LEVEL, COVERED, "王老师", ""), "这条要求还没有审核意见"),
    ]
    for call, message in refused:
        with pytest.warns(UserWarning, match=message):  # gr.Warning, outside a server; not gr.Error
            assert call() == {}
    cb.save(job, LEVEL, COVERED, "confirm", "covered", [], "王老师", "")
    with pytest.warns(UserWarning, match="撤销审核意见也需要署名"):
        assert cb.withdraw(job, LEVEL, COVERED, "", "") == {}
    # {} leaves every output as it is: the typed note, the chosen decision, the results
    components = {name: object() for name in RESULTS}
    outputs, pack = _packer(components)
    assert len(outputs) == len(RESULTS) and all(value == gr.skip() for value in pack({}))


def test_rejecting_a_covered_point_makes_it_a_gap_as_soon_as_it_is_chosen(cb, ran):
    job = ran["job"]
    assert _status(ran) == ("covered", False)  # 确认: the computed status, not to be set
    assert _status(cb.decision_changed(job, COVERED, "reject", "covered")) == ("gap", False)
    assert _status(cb.decision_changed(job, COVERED, "confirm", "gap")) == ("covered", False)
    assert _status(cb.decision_changed(job, COVERED, "change", "partial")) == ("partial", True)
    assert _status(cb.decision_changed(job, COVERED, "evidence", "gap")) == ("covered", True)  # not a gap

    saved = cb.save(job, LEVEL, COVERED, "reject", "covered", [], "王老师", "只讲了概念，没有实操")
    assert saved["decision"] == "reject" and _status(saved) == ("gap", False)
    assert saved["reviews"].set_index("编号").loc["1.1.1", "审核状态"] == "缺口"


def _as_shown(form: dict, **changes) -> Typed:
    """What the page sends back of a form it shows, with what the user changed."""
    shown = Typed(form["decision"], form["status"]["value"], form["units"]["value"], form["note"])
    return shown._replace(**changes)


def test_a_form_left_unsaved_is_kept_for_its_point_and_put_back(cb, ran, drafts, capsys):
    job = ran["job"]
    capsys.readouterr()
    typed = _as_shown(ran, decision="reject", status="gap", note="教材第三章只讲了概念")  # on 1.1.1
    moved = cb.select_point(job, SECOND, drafts, typed)  # then 1.1.2 is chosen
    assert (moved["decision"], moved["note"]) == ("confirm", "") and "草稿" not in moved["detail"]
    assert "1.1.1 的审核意见还没有保存，已暂存为草稿" in capsys.readouterr().out  # the toast

    back = cb.select_point(job, COVERED, drafts, _as_shown(moved))
    assert (back["decision"], _status(back), back["note"]) == (
        "reject",
        ("gap", False),
        "教材第三章只讲了概念",
    )
    assert "尚未保存的草稿" in back["detail"]
    # moving to another level keeps it too, as last typed
    other_level = cb.view(job, "0|1", None, drafts, _as_shown(back, note="教材第三章只讲了概念。补充"))
    assert other_level["note"] == ""
    again = cb.select_point(job, COVERED, drafts, _as_shown(other_level))
    assert again["note"] == "教材第三章只讲了概念。补充"

    saved = cb.save(job, LEVEL, COVERED, "reject", "gap", [], "王老师", again["note"], drafts=drafts)
    assert saved["note"] == "教材第三章只讲了概念。补充" and "草稿" not in saved["detail"]
    capsys.readouterr()
    cb.select_point(job, SECOND, drafts, _as_shown(saved))  # what was saved is no draft: nothing kept
    assert "暂存" not in capsys.readouterr().out
    assert not drafts.forms


def test_a_form_shown_and_left_untouched_is_no_draft(cb, ran, drafts, capsys):
    capsys.readouterr()
    cb.select_point(ran["job"], GAP, drafts, _as_shown(ran))
    assert not drafts.forms and "暂存" not in capsys.readouterr().out


def test_a_draft_survives_a_new_run_of_the_same_standard(cb, ran, drafts, tmp_path):
    shown = cb.select_point(ran["job"], GAP, drafts, _as_shown(ran))
    typed = _as_shown(shown, decision="evidence", status="partial", units=["0|1"], note="顶岗实习中完成")
    std, syllabi = write_inputs(tmp_path / "again", bad=False)
    rerun = cb.run([str(std)], "", [str(p) for p in syllabi], "", "", drafts=drafts, typed=typed)
    back = cb.select_point(rerun["job"], GAP, drafts, _as_shown(rerun))
    assert (back["decision"], _status(back), back["note"]) == (
        "evidence",
        ("partial", True),
        "顶岗实习中完成",
    )
    assert back["units"]["value"] == ["0|1"]  # 网页设计基础 › 项目二 页面布局, found by its name


def test_after_withdrawing_the_form_shows_the_point_as_it_is_now(cb, ran, drafts):
    job = ran["job"]
    cb.save(job, LEVEL, COVERED, "change", "partial", [], "王老师", "旧意见", drafts=drafts)
    out = cb.withdraw(job, LEVEL, COVERED, "李老师", "重新讨论", drafts=drafts)  # the box: the reason
    assert (out["decision"], _status(out), out["note"]) == ("confirm", ("covered", False), "")
    assert "委员会审核" not in out["detail"] and "草稿" not in out["detail"]
    assert cb.select_point(job, COVERED, drafts, _as_shown(out))["note"] == ""  # the reason: no draft

    # A decision made on the point's earlier wording applies again once the newer one is withdrawn:
    # the form shows it, with its note.
    cb.save(job, LEVEL, COVERED, "change", "partial", [], "王老师", "新意见", drafts=drafts)
    older = PointKey(job.scope, job.report.standards[0].standard.name, "初级", "1.1.1", text_hash("旧的措辞"))
    cb.service.store.save(
        older, "旧的措辞", "covered", "change", "张老师", note="旧措辞时的意见", status="gap"
    )
    cb.service.refresh(job)
    out = cb.withdraw(job, LEVEL, COVERED, "李老师", "", drafts=drafts)
    assert (out["decision"], out["status"]["value"], out["note"]) == ("change", "gap", "旧措辞时的意见")
    assert "文件已修改" in out["detail"]  # it is shown as stale: the wording changed since
