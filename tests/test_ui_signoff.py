"""The review tab's 委员会签署: refused without a name, written into the downloads, and shown as lapsed
once a decision changes what was signed."""

from __future__ import annotations

import json

import pytest
from ui_docs import STANDARD_NAME, write_inputs

from align.ui.drafts import Drafts

LEVEL = "0|0"
POINT, SECOND = "0|0|0", "0|0|1"


@pytest.fixture
def ran(cb, tmp_path):
    std, syllabi = write_inputs(tmp_path / "in", bad=False)
    drafts = Drafts()
    return cb.run([str(std)], "", [str(p) for p in syllabi], "", "", drafts=drafts), drafts


def _report_signoff(out: dict) -> dict | None:
    report = json.loads(out["job"].files["json"].read_text(encoding="utf-8"))
    return report["standards"][0].get("signoff")


def test_a_standard_is_signed_and_the_sign_off_lapses_when_a_decision_changes(cb, ran):
    out, drafts = ran
    assert out["signoff"].startswith(f"**{STANDARD_NAME} 尚未签署。**")
    with pytest.warns(UserWarning, match="请填写签署人姓名"):
        assert cb.sign(out["job"], LEVEL, POINT, "  ", "", drafts=drafts) == {}

    signed = cb.sign(out["job"], LEVEL, SECOND, "王主任", "同意按此修订", drafts=drafts)
    assert signed["signoff"].startswith(f"✅ **{STANDARD_NAME} 已签署**：王主任 于 ")
    assert _report_signoff(signed)["signer"] == "王主任" and _report_signoff(signed)["current"]
    assert signed["point"]["value"] == SECOND  # the form stays on the point it showed

    changed = cb.save(signed["job"], LEVEL, "0|0|0", "reject", "gap", [], "李委员", "未讲授", drafts=drafts)
    assert changed["signoff"].startswith(f"⚠ **{STANDARD_NAME} 需要重新签署**")
    assert _report_signoff(changed)["current"] is False


def test_a_sign_off_is_refused_while_a_flagged_point_is_unreviewed(cb, ran):
    out, drafts = ran
    point = out["job"].report.standards[0].levels[0].points[0]
    point.to_check = True  # as a calibrated model flags a point it is unsure of
    with pytest.warns(UserWarning, match=r"还有 1 条建议复核的技能点没有审核意见（如 初级 1\.1\.1）"):
        assert cb.sign(out["job"], LEVEL, POINT, "王主任", "", drafts=drafts) == {}
    assert cb.service.signoffs.latest(out["job"].scope, out["job"].report.standards[0]) is None


def test_a_sign_off_on_a_page_the_restarted_server_lost_says_to_run_again(cb):
    with pytest.warns(UserWarning, match="服务已重启"):
        out = cb.sign(None, LEVEL, POINT, "王主任", "")
    assert out["signoff"] == ""
