"""The model loads once per process, in the background, and the page does not wait for it."""

from __future__ import annotations

import threading

import pytest
from ui_docs import FAST

import align.pipeline
from align.errors import ModelError
from align.ui.engine import Engine


@pytest.fixture
def counted(monkeypatch):
    """make_encoder_for, counting its calls and held back until ``release`` is set."""
    calls = []
    release = threading.Event()
    real = align.pipeline.make_encoder_for

    def slow(settings):
        calls.append(settings)
        release.wait(10)
        return real(settings)

    monkeypatch.setattr(align.pipeline, "make_encoder_for", slow)
    return calls, release


def test_the_encoder_is_built_once_and_shared_by_every_job(counted):
    calls, release = counted
    release.set()
    engine = Engine(FAST)
    first = engine.encoder()
    assert engine.encoder() is first and len(calls) == 1 and engine.loaded


def test_warm_up_loads_in_the_background_and_reports_its_state(counted):
    calls, release = counted
    engine = Engine(FAST)
    thread = engine.warm_up()
    assert engine.warm_up() is thread  # started once
    assert not engine.loaded and "加载中" in engine.status()
    release.set()
    thread.join(30)
    assert engine.loaded and "已加载" in engine.status() and len(calls) == 1


def test_a_missing_model_is_reported_on_the_page_not_raised_in_the_thread(tmp_path):
    engine = Engine(FAST.with_match(model=str(tmp_path / "no-model")))
    engine.warm_up().join(30)
    assert not engine.loaded and "加载失败" in engine.status()
    with pytest.raises(ModelError):
        engine.encoder()


def test_the_page_opens_while_the_model_is_still_loading(counted, tmp_path):
    import socket

    import httpx

    from align.ui.config import ServeSettings
    from align.ui.page import build_app, launch

    _calls, release = counted
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    serve = ServeSettings(data_dir=tmp_path / "data", port=port)
    app = build_app(FAST, serve)
    try:
        _, url, _ = launch(app, serve, block=False, quiet=True)
        engine = app.align_service.engine
        page = httpx.get(url, timeout=10)
        assert page.status_code == 200 and "加载中" in page.text and not engine.loaded
        release.set()
        engine.warm_up().join(30)
        assert engine.loaded
    finally:
        release.set()
        app.close()
        app.align_service.store.close()
