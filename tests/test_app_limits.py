"""Serve settings reach the server: login when a password is set, and the upload size limit."""

from __future__ import annotations

import httpx
import pytest
from ui_docs import page_served


@pytest.fixture(scope="module")
def guarded(tmp_path_factory):
    data = tmp_path_factory.mktemp("data")
    with page_served(data, username="教务处", password="s3cret", max_file_mb=1) as url:
        yield url


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
