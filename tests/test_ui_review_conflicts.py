"""Two reviewers on one point, a server restarted under an open page, notices' titles, a 修改状态 that
changes nothing, and the audit of a run with two standards."""

from __future__ import annotations

import re
from pathlib import Path

import gradio as gr
import pytest
from ui_docs import FAST, STANDARD_MD, STANDARD_NAME, write_inputs

from align.ui import callbacks
from align.ui.callbacks import HELD_MARK, RESTARTED
from align.ui.config import ServeSettings
from align.ui.drafts import Drafts, Typed
from align.ui.page import build_app, client_messages_script

GRADIO = Path(gr.__file__).parent
LEVEL = "0|0"  # 初级: 1.1.1 and 1.1.2 covered, 2.1.1 a gap
COVERED, SECOND = "0|0|0", "0|0|1"
HHMM = r"(\d{4}-\d\d-\d\d )?\d\d:\d\d"


@pytest.fixture
def inputs(tmp_path):
    std, syllabi = write_inputs(tmp_path / "in", bad=False)
    return [str(std)], [str(p) for p in syllabi]


def _tab(cb, inputs) -> tuple[dict, Drafts]:
    """A browser tab that ran the analysis: its results (the form shows 1.1.1) and its drafts."""
    drafts = Drafts()
    return cb.run(inputs[0], "", inputs[1], "", "", drafts=drafts), drafts


def _warnings(record) -> list[str]:
    return [str(w.message) for w in record]


# -- 1. two reviewers on the same point ---------------------------------------------------------------


def test_a_save_over_a_decision_made_meanwhile_is_refused_and_kept_as_a_draft(cb, inputs):
    a, a_drafts = _tab(cb, inputs)
    b, b_drafts = _tab(cb, inputs)  # shows the computed status of 1.1.1, as A does
    cb.save(a["job"], LEVEL, COVERED, "reject", "gap", [], "委员甲", "甲：课程并未讲授", drafts=a_drafts)

    with pytest.warns(UserWarning) as record:
        out = cb.save(
            b["job"], LEVEL, COVERED, "confirm", "covered", [], "委员乙", "乙：确认覆盖", drafts=b_drafts
        )
    [message] = _warnings(record)
    assert re.fullmatch(rf"1\.1\.1 的审核意见已被 委员甲 于 {HHMM} 修改为 驳回；请查看后再保存", message)
    [stored] = cb.service.store.decisions()
    assert (stored.decision, stored.reviewer, stored.note) == ("reject", "委员甲", "甲：课程并未讲授")
    # B's form shows what is stored now; what B typed is a draft, back when 1.1.1 is chosen again
    assert (out["decision"], out["note"]) == ("reject", "甲：课程并未讲授")
    assert "委员会审核：驳回 → 缺口**（委员甲）" in out["detail"] and HELD_MARK in out["detail"]
    assert out["reviews"].set_index("编号").loc["1.1.1", "审核人"] == "委员甲"
    shown = Typed(out["decision"], out["status"]["value"], out["units"]["value"], out["note"])
    again = cb.select_point(b["job"], COVERED, b_drafts, shown)
    assert (again["decision"], again["note"]) == ("confirm", "乙：确认覆盖") and "草稿" in again["detail"]

    # having seen it, B may still overrule A: a save from the form as now shown is B's choice
    cb.save(b["job"], LEVEL, COVERED, "confirm", "covered", [], "委员乙", again["note"], drafts=b_drafts)
    assert [(d.decision, d.reviewer) for d in cb.service.store.decisions()] == [("confirm", "委员乙")]


def test_a_withdrawal_of_a_decision_changed_meanwhile_is_refused(cb, inputs):
    a, a_drafts = _tab(cb, inputs)
    cb.save(a["job"], LEVEL, COVERED, "reject", "gap", [], "委员甲", "甲", drafts=a_drafts)
    b, b_drafts = _tab(cb, inputs)  # opened after A's save: shows it
    cb.save(b["job"], LEVEL, COVERED, "confirm", "covered", [], "委员乙", "乙", drafts=b_drafts)

    typed = Typed("reject", "gap", [], "甲：撤销的理由")
    with pytest.warns(UserWarning) as record:
        out = cb.withdraw(a["job"], LEVEL, COVERED, "委员甲", "甲：撤销的理由", drafts=a_drafts, typed=typed)
    [message] = _warnings(record)
    assert re.fullmatch(rf"1\.1\.1 的审核意见已被 委员乙 于 {HHMM} 修改为 确认；请查看后再撤销", message)
    assert [(d.decision, d.reviewer) for d in cb.service.store.decisions()] == [("confirm", "委员乙")]
    assert out["decision"] == "confirm" and "委员乙" in out["detail"]

    # B withdraws; A, still showing B's decision, withdraws too: told who did it, no internal id
    cb.withdraw(b["job"], LEVEL, COVERED, "委员乙", "")
    with pytest.warns(UserWarning) as record:
        cb.withdraw(a["job"], LEVEL, COVERED, "委员甲", "")
    [message] = _warnings(record)
    assert re.fullmatch(rf"1\.1\.1 的审核意见已被 委员乙 于 {HHMM} 撤销；请查看后再撤销", message)
    assert "#" not in message
    assert cb.service.store.decisions() == []


def test_withdrawing_where_the_form_showed_none_names_the_decision_saved_meanwhile(cb, inputs):
    a, _ = _tab(cb, inputs)
    b, _ = _tab(cb, inputs)
    cb.save(a["job"], LEVEL, SECOND, "reject", "gap", [], "委员甲", "")
    with pytest.warns(UserWarning, match=rf"1\.1\.2 的审核意见已被 委员甲 于 {HHMM} 修改为 驳回"):
        out = cb.withdraw(b["job"], LEVEL, SECOND, "委员乙", "")
    assert out["decision"] == "reject"
    assert len(cb.service.store.decisions()) == 1


def test_the_audit_names_no_internal_id_when_a_decision_is_superseded():
    from align.ui.review_view import _describe

    assert _describe({"replaced_by": 7}) == "由新的审核意见取代"


# -- 2. a server restarted under an open page ---------------------------------------------------------


def test_a_page_the_server_no_longer_knows_is_told_to_run_again(cb):
    # After a restart the session's job is gone (None) while the page still shows a level and a point.
    typed = Typed("reject", "gap", [], "")
    calls = {
        "save": lambda: cb.save(None, LEVEL, SECOND, "confirm", "covered", [], "周委员", "重启后保存"),
        "withdraw": lambda: cb.withdraw(None, LEVEL, SECOND, "周委员", ""),
        "next": lambda: cb.next_to_check(None, LEVEL, SECOND, Drafts(), typed),
        "point": lambda: cb.select_point(None, SECOND, Drafts(), typed),
        "view": lambda: cb.view(None, LEVEL, None, Drafts(), typed),
        "decision": lambda: cb.decision_changed(None, SECOND, "reject", "gap"),
    }
    for name, call in calls.items():
        with pytest.warns(UserWarning) as record:
            out = call()
        [message] = _warnings(record)
        assert message.startswith(RESTARTED) and RESTARTED in out["problems"], name
        # the results and their menus emptied as on a page just opened (Gradio would refuse the menus'
        # values at the next event); what the user typed stays as it is
        assert out["point"] == gr.update(choices=[], value=None) and out["job"] is None, name
        assert out["point"] is not out["view"], name  # Gradio pops "value" out of each update it sends
        assert not set(out) & {"decision", "status", "note"}, name
    with pytest.warns(UserWarning, match="重新分析前请先复制留存"):  # a note typed: say it is not saved
        calls["save"]()


def test_the_review_menus_pass_values_the_server_no_longer_knows(tmp_path):
    app = build_app(FAST, ServeSettings(data_dir=tmp_path / "data"))
    try:
        menus = {b.elem_id: b for b in app.blocks.values() if b.elem_id in ("view", "point", "units")}
        assert menus["view"].preprocess("0|0") == "0|0"  # the choices a run set are forgotten
        assert menus["point"].preprocess("0|0|3") == "0|0|3"
        assert menus["units"].preprocess(["0|1"]) == ["0|1"]
        assert not menus["point"].allow_custom_value  # typing 建议复核 to filter stays a filter
        with pytest.raises(gr.Error):  # what Gradio does without: the English error in every output
            gr.Dropdown([]).preprocess("0|0")
    finally:
        app.align_service.store.close()
    assert not list((Path(callbacks.__file__).parent).glob("*.pyi"))  # no stub written beside the page


def test_the_lost_connection_notice_is_shown_in_chinese():
    client = "".join(
        p.read_text(errors="ignore") for p in (GRADIO / "templates/frontend/assets").glob("*.js")
    )
    english = "Connection to the server was lost. Attempting reconnection..."
    assert english in client  # Gradio's own words: if an upgrade rewords them, update CLIENT_MESSAGES
    from align.ui.messages_zh import CLIENT_MESSAGES

    [chinese] = [zh for pattern, zh in CLIENT_MESSAGES if re.search(pattern, english)]
    assert chinese.startswith("与服务器的连接已中断")


# -- 3. notices' titles ----------------------------------------------------------------------------------


def test_every_notice_has_a_chinese_title(cb, inputs, monkeypatch):
    titles = []
    for kind in ("Info", "Warning"):
        monkeypatch.setattr(gr, kind, lambda message, kind=kind, **kw: titles.append((kind, kw.get("title"))))
    out, drafts = _tab(cb, inputs)
    cb.save(out["job"], LEVEL, COVERED, "confirm", "covered", [], "", "", drafts=drafts)  # no name
    cb.save(out["job"], LEVEL, COVERED, "confirm", "covered", [], "王老师", "", drafts=drafts)
    assert titles == [("Warning", "注意"), ("Info", "提示")]
    with pytest.raises(gr.Error) as raised:
        cb.api_align(None, None, "")
    assert raised.value.title == "错误"


def test_the_page_puts_gradios_english_notice_titles_into_chinese():
    # Gradio 6 heads a notice with its kind ("Info"), not the title given: the page's script renames it.
    toast = (GRADIO / "templates/frontend/assets").glob("statustracker-*.js")
    assert any("t.type.charAt(0).toUpperCase()+t.type.slice(1)" in p.read_text() for p in toast)
    script = client_messages_script(20)
    assert '"Info": "提示"' in script and '"Warning": "注意"' in script and '"Error": "错误"' in script
    assert ".toast-title" in script


# -- 4. 修改状态 to the status it already has ------------------------------------------------------------


def test_a_status_change_to_the_computed_status_is_refused(cb, inputs):
    out, _ = _tab(cb, inputs)
    with pytest.warns(
        UserWarning, match="“修改状态”需要选择与计算结果不同的审核后状态；同意计算结果请选择“确认计算结果”"
    ):
        assert cb.save(out["job"], LEVEL, COVERED, "change", "covered", [], "钱委员", "") == {}
    assert cb.service.store.decisions() == [] and cb.service.store.audit() == []
    cb.save(out["job"], LEVEL, COVERED, "change", "partial", [], "钱委员", "")  # a real change is saved
    assert len(cb.service.store.decisions()) == 1


# -- 5. two standards in one run ---------------------------------------------------------------------------


def test_with_two_standards_the_audit_and_the_notice_name_the_standard(cb, inputs, tmp_path, capsys):
    other = tmp_path / "in" / "另一标准.md"
    other.write_text(STANDARD_MD.replace(STANDARD_NAME, "测试后端开发职业技能等级标准"), encoding="utf-8")
    out = cb.run([*inputs[0], str(other)], "", inputs[1], "", "")
    views = dict((v, label) for label, v in out["view"]["choices"])
    second = next(v for v, label in views.items() if "后端" in label and "初级" in label)
    capsys.readouterr()
    saved = cb.save(out["job"], second, f"{second}|0", "reject", "gap", [], "赵委员", "")
    assert "已保存 《测试后端开发职业技能等级标准》初级 1.1.1 的审核意见（赵委员）" in capsys.readouterr().out
    row = saved["audit"].iloc[0]
    assert (row["标准"], row["等级"], row["编号"]) == ("测试后端开发职业技能等级标准", "初级", "1.1.1")
