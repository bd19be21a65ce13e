"""The page's job without the page: uploads in, a reviewed report and its files out."""

from __future__ import annotations

import json
import os
import time

import pytest
from contract import validate_report
from ui_docs import FAST, STANDARD_NAME, write_inputs

from align.review.decide import save_decision
from align.ui.config import ServeSettings
from align.ui.service import JobError, Service


@pytest.fixture
def service(tmp_path):
    svc = Service(FAST, ServeSettings(data_dir=tmp_path / "data"))
    yield svc
    svc.store.close()


@pytest.fixture
def inputs(tmp_path):
    return write_inputs(tmp_path / "in", zipped=True)


def test_a_bad_file_is_reported_and_the_others_are_analysed(service, inputs):
    std, syllabi = inputs
    steps = []
    job = service.analyse([std], [], syllabi, level="", progress=lambda f, d: steps.append((f, d)))
    assert [s.course for s in job.report.syllabi] == ["网页设计基础", "JavaScript程序设计"]
    [(name, message)] = job.problems
    assert name == "损坏的课程.docx" and "Word" in message and "/tmp" not in message
    # Sources name the files as the user knows them, not the temporary upload paths.
    assert {s.source for s in job.report.syllabi} == {"课程标准.zip › 网页设计基础.md",
                                                      "课程标准.zip › JavaScript程序设计.md"}  # fmt: skip
    assert job.scope == "软件技术"
    data = json.loads(job.files["json"].read_text(encoding="utf-8"))
    validate_report(data)
    assert [lv["level"] for lv in data["standards"][0]["levels"]] == ["初级", "中级"]
    assert job.out_dir.parent == service.serve.runs_dir
    fractions = [f for f, _ in steps]
    assert fractions == sorted(fractions) and fractions[-1] == 1.0
    assert any("编码与匹配" in d for _, d in steps) and any("解析" in d for _, d in steps)


def test_an_uploaded_standard_joins_the_library_and_can_be_chosen_next_time(service, inputs):
    std, syllabi = inputs
    service.analyse([std], [], syllabi, level="初级")
    [entry] = [e for e in service.library.entries() if e.origin == "uploaded"]
    assert entry.name == STANDARD_NAME
    assert service.standard_levels([entry.id], None) == ["初级", "中级"]
    job = service.analyse(None, [entry.id], syllabi, level="中级")
    assert [lv.level for lv in job.report.standards[0].levels] == ["中级"]


def test_nothing_usable_lists_every_problem(service, inputs, tmp_path):
    std, syllabi = inputs
    with pytest.raises(JobError) as err:
        service.analyse([syllabi[0], syllabi[1]], [], syllabi, level="")
    message = str(err.value)
    assert message.startswith("没有可用的职业技能等级标准")
    assert "损坏的课程.docx" in message
    with pytest.raises(JobError, match="没有可用的课程标准"):
        service.analyse([std], [], [syllabi[1]])


def test_a_standard_in_the_syllabus_box_is_pointed_to_the_right_box(service, inputs, tmp_path):
    std, syllabi = inputs
    job = service.analyse([std], [], [*syllabi, std])
    message = dict(job.problems)["标准.md"]
    assert message == "这是职业技能等级标准，不是课程标准。请把它作为职业技能等级标准上传，不要放在课程标准中"


def test_too_many_files_is_refused_before_parsing(tmp_path, inputs):
    std, syllabi = inputs
    svc = Service(FAST, ServeSettings(data_dir=tmp_path / "d", max_files=2))
    with pytest.raises(JobError, match="最多上传 2 个文件"):
        svc.analyse([std], [], syllabi)


def test_a_saved_decision_is_written_into_the_reports_and_reapplied_on_a_rerun(service, inputs):
    std, syllabi = inputs
    job = service.analyse([std], [], syllabi, level="初级")
    [gap] = [i for i, r in enumerate(job.report.standards[0].levels[0].points) if r.point.id == "2.1.1"]
    save_decision(service.store, job.report, (0, 0, gap), job.scope, "change", "王老师",
                  note="顶岗实习中完成", status="covered")  # fmt: skip
    service.refresh(job)
    data = json.loads(job.files["json"].read_text(encoding="utf-8"))
    point = data["standards"][0]["levels"][0]["points"][gap]
    assert point["review"]["reviewer"] == "王老师" and point["review"]["status"] == "covered"

    rerun = service.analyse([std], [], syllabi, level="初级")  # new upload paths, same content
    assert rerun.report.standards[0].levels[0].points[gap].final_status == "covered"


def test_old_report_folders_are_pruned(tmp_path):
    svc = Service(FAST, ServeSettings(data_dir=tmp_path / "d", keep_runs_days=7))
    old, new = svc.serve.runs_dir / "old", svc.serve.runs_dir / "new"
    old.mkdir()
    new.mkdir()
    ten_days_ago = time.time() - 10 * 86400
    os.utime(old, (ten_days_ago, ten_days_ago))
    assert svc.prune_runs() == 1
    assert not old.exists() and new.exists()
