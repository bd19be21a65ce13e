"""The page's callbacks without a browser: what each button puts on the page."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from ui_docs import FAST, write_inputs

from align.ui.callbacks import Callbacks
from align.ui.config import ServeSettings
from align.ui.service import Service


@pytest.fixture(scope="module")
def cb(tmp_path_factory):
    service = Service(FAST, ServeSettings(data_dir=tmp_path_factory.mktemp("data")))
    yield Callbacks(service)
    service.store.close()


@pytest.fixture(scope="module")
def ran(cb, tmp_path_factory):
    std, syllabi = write_inputs(tmp_path_factory.mktemp("in"))
    return cb.run([str(std)], None, [str(p) for p in syllabi], "", "")


def _point_value(out, point_id):
    return next(v for label, v in out["point"]["choices"] if label.startswith(point_id))


def test_run_fills_every_result(ran):
    assert "损坏的课程.docx" in ran["problems"]
    assert "测试前端开发职业技能等级标准 · 初级" in ran["headline"]
    assert "建议复核" not in ran["headline"]  # no calibration ships for FAST's settings: no such claim
    assert "相差约" not in ran["headline"]
    assert [label for label, _ in ran["view"]["choices"]] == ["初级", "中级"]
    assert [Path(p).name for p in ran["downloads"]] == [
        "report.xlsx",
        "report.html",
        "report.json",
        "report.csv",
    ]
    assert set(ran["bars"]["value"]["工作领域"]) == {"静态网页开发", "项目部署"}
    assert ran["bars"]["sort"] == ["静态网页开发", "项目部署"]
    assert "网页设计基础" in ran["heatmap"]
    assert ran["evidence"]["编号"].iloc[0] == "1.1.1"
    assert ran["scope"] == "软件技术"
    assert ran["decision"] == "confirm" and ran["status"]["value"] == "covered"  # the form starts on 1.1.1
    assert [label for label, _ in ran["units"]["choices"]] == [
        "网页设计基础 › 项目一 网页结构", "网页设计基础 › 项目二 页面布局", "JavaScript程序设计 › 单元一 事件"
    ]  # fmt: skip


def test_a_calibrated_run_says_which_points_to_check_first(tmp_path, capsys):
    calibrated = FAST.with_match(context=False)  # the baseline, whose calibration ships in models/tfidf
    service = Service(calibrated, ServeSettings(data_dir=tmp_path / "data"))
    try:
        std, syllabi = write_inputs(tmp_path / "in")
        cb = Callbacks(service)
        out = cb.run([str(std)], None, [str(p) for p in syllabi], "", "")
        assert "标为“建议复核”" in out["headline"] and "正确（在开发集上按留一标准估计）" in out["headline"]
        assert "已审核" not in out["headline"]
        assert (
            "各等级覆盖率与委员会的判定平均相差约 4.7 个百分点" in out["headline"]
        )  # the baseline's estimate
        flagged = [v for label, v in out["point"]["choices"] if "建议复核" in label]
        assert flagged and out["point"]["value"] == "0|0|0"
        # 下一条建议复核 goes to the level's flagged point (and round again)
        last = out["point"]["choices"][-1][1]
        walked, current = [], last
        for _ in range(len(flagged) + 1):
            step = cb.next_to_check(out["job"], "0|0", current)
            assert "置信度" in step["detail"] and "建议复核" in step["detail"]
            current = step["point"]["value"]
            walked.append(current)
        assert walked == [*flagged, flagged[0]]
        saved = cb.save(out["job"], "0|0", flagged[0], "confirm", "", [], "王老师", "")
        assert len(flagged) == 1  # of this level (the shaping test walks several): settled, none is left
        capsys.readouterr()
        assert cb.next_to_check(out["job"], "0|0", last) == {}
        assert "本等级没有待审核的“建议复核”要求" in capsys.readouterr().out  # the toast, outside a server
    finally:
        service.store.close()
    # the headline keeps its count of flagged points and tells how many the committee has settled
    flagged_count = out["job"].report.to_check
    assert f"{flagged_count} 条要求的置信度低于" in saved["headline"]
    assert f"（已审核 1 条，待审核 {flagged_count - 1} 条）" in saved["headline"]


def test_next_point_to_check_without_a_calibration_says_why_nothing_is_marked(cb, ran, capsys):
    assert cb.next_to_check(ran["job"], "0|0", "0|0|0") == {}
    assert "所用模型没有校准，不标“建议复核”：请逐条审核" in capsys.readouterr().out  # the toast


def test_nothing_usable_is_a_message_on_the_page(cb, tmp_path):
    with pytest.warns(UserWarning, match="没有可用的职业技能等级标准"):  # the toast, outside a server
        out = cb.run(None, None, None, "", "")
    assert "无法分析" in out["problems"] and "标准" in out["problems"] and out["job"] is None


def test_save_select_and_withdraw_a_decision(cb, ran):
    job, view = ran["job"], "0|0"
    point = _point_value(ran, "2.1.1")
    with pytest.warns(UserWarning, match="审核人"):  # a toast: the form stays as typed
        assert cb.save(job, view, point, "change", "covered", [], "", "无人署名") == {}

    out = cb.save(job, view, point, "evidence", "partial", ["0|1"], "王老师", "布局单元里讲过部署")
    row = out["reviews"].set_index("编号").loc["2.1.1"]
    assert (row["审核状态"], row["审核人"]) == ("部分覆盖", "王老师")
    assert out["audit"]["操作"].tolist() == ["新建"]
    data = json.loads(Path(out["downloads"][2]).read_text(encoding="utf-8"))
    review = data["standards"][0]["levels"][0]["points"][2]["review"]
    assert review["evidence"][0]["unit"] == "项目二 页面布局"

    form = cb.select_point(job, point)
    assert (form["decision"], form["status"]["value"], form["units"]["value"], form["note"]) == (
        "evidence", "partial", ["0|1"], "布局单元里讲过部署"
    )  # fmt: skip

    out = cb.withdraw(job, view, point, "李老师", "重新讨论")
    assert out["reviews"].set_index("编号").loc["2.1.1", "审核人"] == ""
    assert out["audit"]["操作"].tolist() == ["撤销", "新建"]
    with pytest.warns(UserWarning, match="还没有审核意见"):
        assert cb.withdraw(job, view, point, "李老师", "") == {}


def test_changing_the_view_shows_the_other_level(cb, ran):
    out = cb.view(ran["job"], "0|1")
    [(label, _)] = out["point"]["choices"]
    assert label.startswith("1.1.1 能使用JavaScript")
    assert out["bars"]["value"]["工作领域"].tolist() == ["交互开发"]
