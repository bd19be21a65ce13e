"""The web surface on loopback: a bounded load test, upload limits, served folders, login.

The load test sends 20 concurrent ``/align`` calls from ``gradio_client``, each with its own standard
and syllabus, and checks that none fails and that every caller gets the report of its own files.
"""

from __future__ import annotations

import json
import socket
import statistics
import threading
import time
from pathlib import Path

import httpx
import pytest
from ui_docs import FAST

from align.settings import PROJECT_ROOT
from align.ui.config import ServeSettings

USERS = 20


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start(tmp: Path, **serve_options):
    from align.ui.page import build_app, launch

    serve = ServeSettings(data_dir=tmp / "data", port=free_port(), **serve_options)
    app = build_app(FAST, serve)
    _, url, _ = launch(app, serve, block=False, quiet=True)
    return app, url.rstrip("/"), serve


def stop(app) -> None:
    app.close()
    app.align_service.store.close()


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    app, url, serve = start(tmp_path_factory.mktemp("web"), max_file_mb=1)
    yield app, url, serve
    stop(app)


def user_files(folder: Path, i: int) -> tuple[Path, Path, str, str]:
    """A standard and a syllabus that only user ``i`` has: their names say whose they are."""
    folder.mkdir(parents=True, exist_ok=True)
    name, course = f"第{i}号职业技能等级标准", f"第{i}号课程"
    std = folder / "标准.md"
    std.write_text(
        f"# {name}\n\n## 初级\n\n| 工作领域 | 工作任务 | 职业技能要求 |\n|---|---|---|\n"
        f"| 1. 网页制作 | 1.1 页面结构 | 1.1.1 能使用HTML5标签搭建第{i}号页面。 |\n"
        f"| | | 1.1.2 能使用CSS完成第{i}号页面的布局。 |\n",
        encoding="utf-8",
    )
    syl = folder / "课程.md"
    syl.write_text(
        f"# 《{course}》课程标准\n\n课程名称：{course}\n\n## 课程内容\n\n项目一 页面结构（8学时）\n\n"
        f"使用HTML5标签搭建第{i}号页面的结构。\n\n项目二 页面布局（8学时）\n\n使用CSS完成页面布局。\n",
        encoding="utf-8",
    )
    return std, syl, name, course


@pytest.mark.slow
def test_twenty_concurrent_align_calls_all_succeed_with_their_own_results(server, tmp_path, record_property):
    from gradio_client import Client, handle_file

    app, url, _ = server
    app.align_service.engine.warm_up().join(120)  # measure the jobs, not the model's first load
    files = [user_files(tmp_path / f"user{i}", i) for i in range(USERS)]
    latencies: list[float] = []
    failures: list[str] = []
    go = threading.Barrier(USERS, timeout=120)

    def call(i: int) -> None:
        std, syl, name, course = files[i]
        client = Client(url, verbose=False)  # one browser session per user
        go.wait()
        start = time.monotonic()
        try:
            path = client.predict([handle_file(str(std))], [handle_file(str(syl))], "", api_name="/align")
            report = json.loads(Path(path).read_text(encoding="utf-8"))
        except Exception as exc:
            failures.append(f"user {i}: {type(exc).__name__}: {exc}")
            return
        latencies.append(time.monotonic() - start)
        got = ([s["name"] for s in report["standards"]], [c["course"] for c in report["courses"]])
        if got != ([name], [course]):
            failures.append(f"user {i} got someone else's report: {got}")
        texts = [p["text"] for s in report["standards"] for lv in s["levels"] for p in lv["points"]]
        if not all(f"第{i}号" in t for t in texts):
            failures.append(f"user {i} got mixed points: {texts}")

    threads = [threading.Thread(target=call, args=(i,)) for i in range(USERS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(300)
    assert not failures, "\n".join(failures)
    assert len(latencies) == USERS
    q = statistics.quantiles(latencies, n=100, method="inclusive")
    summary = {"calls": USERS, "p50": q[49], "p90": q[89], "p99": q[98], "max": max(latencies)}
    for name, value in summary.items():
        record_property(f"align_latency_{name}", value)  # in the JUnit XML of CI
    print(
        "\n/align latency (s): "
        + ", ".join(f"{k} {v:.2f}" if k != "calls" else f"{k} {v}" for k, v in summary.items())
    )
    # Jobs run one at a time (two cores, one model): the last of 20 waits for the other 19.
    assert summary["max"] < 240


def test_uploads_over_the_size_limit_are_refused_by_the_server(server, tmp_path):
    _, url, _ = server
    big = tmp_path / "大.md"
    big.write_bytes(b"# x\n" + b"a" * (2 * 2**20))
    with big.open("rb") as f:
        response = httpx.post(f"{url}/gradio_api/upload", files={"files": (big.name, f)}, timeout=60)
    assert response.status_code == 413


def test_only_the_reports_folder_is_served(server, tmp_path):
    app, url, serve = server
    std, syl, _, _ = user_files(tmp_path / "u", 99)
    job = app.align_service.analyse([std], [], [syl])
    assert httpx.get(f"{url}/gradio_api/file={job.files['json']}").status_code == 200
    library = next(e.path for e in app.align_service.library.entries() if e.origin == "uploaded")
    for secret in (
        serve.data_dir / "review.db",
        library,
        library.parent / "index.json",
        PROJECT_ROOT / "pyproject.toml",
        Path("/etc/passwd"),
        serve.runs_dir / ".." / "review.db",
    ):
        assert httpx.get(f"{url}/gradio_api/file={secret}").status_code in (403, 404), secret


def test_with_a_password_nothing_is_reachable_without_logging_in(tmp_path):
    from gradio_client import Client

    app, url, _ = start(tmp_path, username="教务处", password="s3cret-pw")
    try:
        std, syl, _, _ = user_files(tmp_path / "u", 1)
        job = app.align_service.analyse([std], [], [syl])
        assert httpx.get(f"{url}/gradio_api/file={job.files['json']}").status_code in (401, 403)
        assert httpx.get(f"{url}/config").status_code in (401, 403)
        with pytest.raises(Exception):  # noqa: B017 — any refusal will do; the point is no access
            Client(url, verbose=False)
        api = Client(url, auth=("教务处", "s3cret-pw"), verbose=False).view_api(
            print_info=False, return_format="dict"
        )
        assert list(api["named_endpoints"]) == ["/align"]
    finally:
        stop(app)


def test_the_server_listens_on_loopback_only(server):
    _, url, _ = server
    port = int(url.rsplit(":", 1)[1])
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        try:
            s.connect(("10.255.255.255", 1))  # no packet is sent: this only picks an interface
            address = s.getsockname()[0]
        except OSError:
            pytest.skip("this machine has no network interface besides loopback")
    if address.startswith("127."):
        pytest.skip("this machine has no network interface besides loopback")
    with socket.socket() as s, pytest.raises(OSError):
        s.settimeout(2)
        s.connect((address, port))


def test_server_paths_sent_as_inputs_are_never_read(server, tmp_path):
    """A client naming a file on the server (the review database, a stored standard) gets an error."""
    app, url, serve = server
    std, syl, _, _ = user_files(tmp_path / "u", 7)
    app.align_service.analyse([std], [], [syl])
    stored = next(e.path for e in app.align_service.library.entries() if e.origin == "uploaded")
    for target in (Path("/etc/passwd"), stored, serve.data_dir / "review.db", std):
        data = {"path": str(target), "meta": {"_type": "gradio.FileData"}, "orig_name": "x.md"}
        started = httpx.post(f"{url}/gradio_api/call/align", json={"data": [[data], [data], ""]}, timeout=30)
        assert started.status_code == 200
        events = httpx.get(f"{url}/gradio_api/call/align/{started.json()['event_id']}", timeout=60).text
        assert "event: error" in events and "report.json" not in events, (target, events)
        assert "root:" not in events  # nothing of /etc/passwd came back


@pytest.mark.skipif(not __import__("shutil").which("openssl"), reason="openssl is not installed")
def test_https_with_a_campus_certificate(tmp_path):
    import ssl
    import subprocess

    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", str(key), "-out", str(cert),
         "-days", "1", "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1"],
        check=True, capture_output=True,
    )  # fmt: skip
    app, url, _ = start(tmp_path, ssl_certfile=cert, ssl_keyfile=key)
    try:
        assert url.startswith("https://127.0.0.1:")
        assert httpx.get(url, verify=ssl.create_default_context(cafile=str(cert))).status_code == 200
        with pytest.raises(httpx.HTTPError):
            httpx.get(url.replace("https://", "http://"), timeout=5)
    finally:
        stop(app)
