"""Shared test set-up: nothing phones home, every cache and output lives in tmp_path."""

from __future__ import annotations

import hashlib
import itertools
import os

import numpy as np
import pytest

os.environ["HF_HUB_OFFLINE"] = "1"
os.environ["TRANSFORMERS_OFFLINE"] = "1"
os.environ["GRADIO_ANALYTICS_ENABLED"] = "False"

from align.encode.base import Encoder


@pytest.fixture(autouse=True)
def _isolated_cache(tmp_path, monkeypatch):
    """Point align's cache into the test's own folder, so tests never share or keep state."""
    monkeypatch.setenv("ALIGN_CACHE_DIR", str(tmp_path / "cache"))


class CharBagEncoder(Encoder):
    """A tiny deterministic encoder: hashed character bigrams. Similar wording → similar vectors."""

    name = "charbag"

    def __init__(self, dim: int = 512) -> None:
        super().__init__()
        self.dim = dim
        self.calls = 0

    @property
    def fingerprint(self) -> str:
        return f"charbag-{self.dim}"

    def embed_batch(self, texts: list[str]) -> np.ndarray:
        self.calls += 1
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for i, t in enumerate(texts):
            for a, b in itertools.pairwise(t):
                h = int(hashlib.md5((a + b).encode()).hexdigest()[:8], 16)
                out[i, h % self.dim] += 1.0
        return out


@pytest.fixture
def charbag():
    return CharBagEncoder()


@pytest.fixture
def cb(tmp_path):
    """The page's callbacks on a fresh data folder, with the fast settings (see ui_docs.FAST)."""
    from ui_docs import FAST

    from align.ui.callbacks import Callbacks
    from align.ui.config import ServeSettings
    from align.ui.service import Service

    service = Service(FAST, ServeSettings(data_dir=tmp_path / "data"))
    yield Callbacks(service)
    service.store.close()
