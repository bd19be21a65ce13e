"""Serve settings reach the server: login when a password is set, and the upload size limit."""

from __future__ import annotations

import socket
from dataclasses import replace

import httpx
import pytest

from align.settings import Settings
from align.ui.config import ServeSettings

FAST = replace(Settings(), cache_dir=None).with_match(model="tfidf", method="dense", clauses=False)


@pytest.fixture(scope="module")
def guarded(tmp_path_factory):
    from align.ui.page import build_app, launch

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    serve = ServeSettings(
        data_dir=tmp_path_factory.mktemp("data"),
        port=port,
        username="教务处",
        password="s3cret",
        max_file_mb=1,
    )
    app = build_app(FAST, serve)
    _, url, _ = launch(app, serve, block=False, quiet=True)
    yield url.rstrip("/")
    app.close()
    app.align_service.store.close()


def test_the_page_and_the_api_need_the_password(guarded):
    assert httpx.get(f"{guarded}/config").status_code == 401
    with httpx.Client() as client:
        bad = client.post(f"{guarded}/login", data={"username": "教务处", "password": "wrong"})
        assert bad.status_code == 400
        ok = client.post(f"{guarded}/login", data={"username": "教务处", "password": "s3cret"})
        assert ok.status_code == 200
        assert client.get(f"{guarded}/config").status_code == 200


def test_uploads_above_the_size_limit_are_refused(guarded):
    with httpx.Client() as client:
        client.post(f"{guarded}/login", data={"username": "教务处", "password": "s3cret"})
        small = client.post(f"{guarded}/gradio_api/upload", files={"files": ("a.md", b"# x" * 100)})
        assert small.status_code == 200
        big = client.post(f"{guarded}/gradio_api/upload", files={"files": ("b.md", b"x" * (2**20 + 10))})
        assert big.status_code == 413
