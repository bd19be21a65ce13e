"""The app on 127.0.0.1, driven through its named ``/align`` endpoint with gradio_client."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
from pathlib import Path

import httpx
import pytest
from contract import validate_report
from ui_docs import FAST, STANDARD_NAME, write_inputs

from align.review.decide import save_decision
from align.settings import PROJECT_ROOT
from align.ui.config import ServeSettings


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    from align.ui.page import build_app, launch

    serve = ServeSettings(data_dir=tmp_path_factory.mktemp("data"), port=free_port())
    app = build_app(FAST, serve)
    _, url, _ = launch(app, serve, block=False, quiet=True)
    yield app, url.rstrip("/"), serve
    app.close()
    app.align_service.store.close()


@pytest.fixture(scope="module")
def client(server):
    from gradio_client import Client

    return Client(server[1], verbose=False)


@pytest.fixture(scope="module")
def inputs(tmp_path_factory):
    return write_inputs(tmp_path_factory.mktemp("in"))


def _align(client, standards, syllabi, level=""):
    from gradio_client import handle_file

    path = client.predict(
        [handle_file(str(p)) for p in standards], [handle_file(str(p)) for p in syllabi], level,
        api_name="/align",
    )  # fmt: skip
    return json.loads(Path(path).read_text(encoding="utf-8"))


def test_the_server_listens_on_localhost_and_exposes_only_the_align_endpoint(server, client):
    _, url, _ = server
    assert url.startswith("http://127.0.0.1:")
    assert list(client.view_api(print_info=False, return_format="dict")["named_endpoints"]) == ["/align"]
    page = httpx.get(url)
    assert page.status_code == 200 and "书证融通覆盖分析" in page.text


def test_align_endpoint_returns_report_json_despite_an_unreadable_file(client, inputs):
    std, syllabi = inputs
    data = _align(client, [std], syllabi, "初级")
    validate_report(data)
    [standard] = data["standards"]
    assert standard["name"] == STANDARD_NAME
    assert [lv["level"] for lv in standard["levels"]] == ["初级"]
    assert {c["course"] for c in data["courses"]} == {"网页设计基础", "JavaScript程序设计"}
    points = {p["id"]: p for p in standard["levels"][0]["points"]}
    assert points["1.1.1"]["evidence"][0]["unit"] == "项目一 网页结构"


def test_stored_decisions_come_back_in_report_json(server, client, inputs):
    app, _, _ = server
    std, syllabi = inputs
    service = app.align_service
    job = service.analyse([std], [], syllabi, level="初级")
    save_decision(service.store, job.report, (0, 0, 2), job.scope, "change", "王老师",
                  note="顶岗实习中完成", status="covered")  # fmt: skip
    data = _align(client, [std], syllabi, "初级")
    review = data["standards"][0]["levels"][0]["points"][2]["review"]
    assert (review["reviewer"], review["status"], review["stale"]) == ("王老师", "covered", False)
    assert data["standards"][0]["levels"][0]["counts"]["covered"] >= 1


def test_no_usable_standard_is_a_clear_error(client, inputs):
    from gradio_client.exceptions import AppError

    _std, syllabi = inputs
    with pytest.raises(AppError, match="没有可用的职业技能等级标准"):
        _align(client, [syllabi[0]], syllabi)


def test_only_the_apps_own_output_folders_are_served(server, inputs):
    app, url, serve = server
    std, syllabi = inputs
    job = app.align_service.analyse([std], [], syllabi)
    ok = httpx.get(f"{url}/gradio_api/file={job.files['json']}")
    assert ok.status_code == 200 and ok.json()["schema"] == "align.report/1"
    for secret in (serve.data_dir / "review.db", std, PROJECT_ROOT / "pyproject.toml"):
        assert httpx.get(f"{url}/gradio_api/file={secret}").status_code == 403, secret


def test_importing_app_is_light_and_keeps_everything_offline():
    code = (
        "import os, sys; import app; "
        "assert os.environ['GRADIO_ANALYTICS_ENABLED'] == 'False' and os.environ['HF_HUB_OFFLINE'] == '1'; "
        "heavy = {'gradio', 'torch', 'sentence_transformers', 'spacy'} & set(sys.modules); "
        "assert not heavy, heavy; assert callable(app.build_app)"
    )
    env = {"PATH": "/usr/bin:/bin", "HOME": str(Path.home())}
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=PROJECT_ROOT, env=env, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr


def test_python_app_py_reports_bad_options_in_one_line():
    done = subprocess.run(
        [sys.executable, "app.py", "--port", "70000"], cwd=PROJECT_ROOT, capture_output=True, text=True
    )
    assert done.returncode == 2
    assert done.stderr.strip().splitlines() == [
        "align: error: options: port must be between 1 and 65535, not 70000"
    ]
