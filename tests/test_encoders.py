"""The encoder seam with real sentence-transformers models: load, encode, cache, errors.

A tiny StaticEmbedding model is built in a fixture (seconds, offline) and goes through the same
save → load → encode path as any user model.
"""

from __future__ import annotations

import os
import re
import sqlite3
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from align.encode import make_encoder
from align.encode.cache import EmbeddingCache
from align.encode.sentence_transformer import (
    SentenceTransformerEncoder,
    model_fingerprint,
)
from align.errors import ConfigError, ModelError

ROOT = Path(__file__).resolve().parent.parent
TEXTS = ["能使用Python进行数据清洗", "利用pandas处理缺失值与重复值", "能为老年人测量血压", "测量血压"]


def save_tiny_model(folder: Path, seed: int = 0, dim: int = 16) -> Path:
    """A real sentence-transformers folder: one StaticEmbedding over a few words and characters."""
    import torch
    from sentence_transformers import SentenceTransformer
    from sentence_transformers.sentence_transformer.modules import StaticEmbedding

    from align.modelbuild.tokenizer import build_tokenizer

    chars = sorted({c for t in TEXTS for c in t.lower()})
    words = ["python", "pandas", "数据", "清洗", "测量", "血压", "老年人", "处理"]
    tokens = ["[UNK]", *chars, *words]
    scores = [-20.0] + [-8.0] * len(chars) + [-5.0] * len(words)
    tokenizer = build_tokenizer(tokens, scores, "unigram")
    weights = torch.from_numpy(np.random.default_rng(seed).standard_normal((len(tokens), dim)))
    model = SentenceTransformer(
        modules=[StaticEmbedding(tokenizer, embedding_weights=weights.float())], device="cpu"
    )
    model.save(str(folder))
    return folder


@pytest.fixture(scope="module")
def tiny_model(tmp_path_factory) -> Path:
    return save_tiny_model(tmp_path_factory.mktemp("models") / "tiny")


class Counting(SentenceTransformerEncoder):
    """Counts the texts that really reach the model."""

    def __init__(self, model) -> None:
        super().__init__(model)
        self.embedded: list[str] = []

    def embed_batch(self, texts):
        self.embedded += texts
        return super().embed_batch(texts)


def test_tiny_model_encodes_normalised_float32(tiny_model):
    encoder = make_encoder("sentence-transformers", str(tiny_model))
    vectors = encoder.encode(TEXTS + TEXTS[:1])
    assert vectors.shape == (5, 16)
    assert vectors.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0, rtol=1e-5)
    np.testing.assert_allclose(vectors[0], vectors[4])
    assert encoder.dimension == 16
    assert encoder.encode([]).shape == (0, 16)


def test_same_vectors_as_sentence_transformers_itself(tiny_model):
    from sentence_transformers import SentenceTransformer

    direct = SentenceTransformer(str(tiny_model), device="cpu").encode(TEXTS, normalize_embeddings=True)
    ours = SentenceTransformerEncoder(tiny_model).encode(TEXTS)
    np.testing.assert_allclose(ours, direct, atol=1e-6)


def test_second_run_encodes_nothing(tiny_model, tmp_path):
    first = Counting(tiny_model)
    first.cache = EmbeddingCache(tmp_path / "cache")
    vectors = first.encode(TEXTS)
    assert sorted(first.embedded) == sorted(TEXTS)

    second = Counting(tiny_model)  # a new process would build a new encoder the same way
    second.cache = EmbeddingCache(tmp_path / "cache")
    again = second.encode(TEXTS)
    assert second.embedded == []
    assert second._model is None and second._fast is None  # a fully cached run never loads it
    np.testing.assert_allclose(again, vectors)

    second.encode([*TEXTS, "新的内容"])
    assert second.embedded == ["新的内容"]  # only the miss is encoded


def test_cache_is_invalidated_when_the_weights_change(tiny_model, tmp_path):
    cache = EmbeddingCache(tmp_path / "cache")
    old = Counting(tiny_model)
    old.cache = cache
    old.encode(TEXTS)

    changed = save_tiny_model(tmp_path / "retrained", seed=1)
    new = Counting(changed)
    new.cache = cache
    assert new.fingerprint != old.fingerprint
    new.encode(TEXTS)
    assert sorted(new.embedded) == sorted(TEXTS)


def test_editing_the_model_card_keeps_the_fingerprint(tmp_path):
    folder = save_tiny_model(tmp_path / "m")
    before = model_fingerprint(folder)
    (folder / "README.md").write_text("# edited card\n", encoding="utf-8")
    assert model_fingerprint(folder) == before


def test_a_copied_big_model_keeps_its_fingerprint_and_a_changed_one_does_not(tmp_path, monkeypatch):
    import shutil
    import time

    from align.encode import sentence_transformer

    # Files past the limit are sampled, not read whole: make the tiny model's weights count as big.
    monkeypatch.setattr(sentence_transformer, "_FULL_HASH_LIMIT", 1024)
    monkeypatch.setattr(sentence_transformer, "_SAMPLE", 64)
    folder = save_tiny_model(tmp_path / "m")
    before = model_fingerprint(folder)
    time.sleep(0.01)
    copy = shutil.copytree(folder, tmp_path / "copy")  # new file times
    assert model_fingerprint(copy) == before

    weights = max(copy.rglob("*.safetensors"), key=lambda p: p.stat().st_size)
    data = bytearray(weights.read_bytes())
    assert len(data) > 1024
    data[-1] ^= 0xFF  # the last piece is always sampled
    weights.write_bytes(bytes(data))
    assert model_fingerprint(copy) != before


def test_missing_model_folder_names_the_path(tmp_path):
    missing = tmp_path / "models" / "nowhere"
    with pytest.raises(ModelError, match="nowhere") as err:
        make_encoder("sentence-transformers", str(missing))
    assert "build-model" in str(err.value)


def test_folder_that_is_not_a_model(tmp_path):
    (tmp_path / "notes.txt").write_text("x", encoding="utf-8")
    with pytest.raises(ModelError, match="not a sentence-transformers model folder"):
        SentenceTransformerEncoder(tmp_path)


def test_model_name_not_in_the_local_cache_is_never_downloaded(tmp_path, monkeypatch):
    monkeypatch.setenv("HF_HUB_CACHE", str(tmp_path / "hf"))
    with pytest.raises(ModelError, match=re.escape("not-a-real-org/bge-small-zh-v1.5")) as err:
        SentenceTransformerEncoder("not-a-real-org/bge-small-zh-v1.5").fingerprint  # noqa: B018
    assert "huggingface-cli download" in str(err.value)


def test_broken_weights_give_a_model_error(tmp_path):
    folder = save_tiny_model(tmp_path / "broken")
    (folder / "model.safetensors").write_bytes(b"not safetensors")
    encoder = SentenceTransformerEncoder(folder)
    with pytest.raises(ModelError, match="cannot load"):
        encoder.encode(["文本"])


def test_cache_round_trip_and_counts(tmp_path):
    cache = EmbeddingCache(tmp_path)
    vectors = {"甲": np.arange(4, dtype=np.float32), "乙": np.ones(4, dtype=np.float32)}
    cache.put_many("fp1", vectors)
    got = cache.get_many("fp1", ["甲", "乙", "丙"])
    assert set(got) == {"甲", "乙"}
    np.testing.assert_array_equal(got["甲"], vectors["甲"])
    assert cache.get_many("fp2", ["甲"]) == {}
    assert cache.count("fp1") == 2
    cache.clear("fp1")
    assert cache.count() == 0


def test_corrupt_cache_file_says_what_to_do(tmp_path):
    (tmp_path / "embeddings.sqlite3").write_bytes(b"this is not a database" * 100)
    with pytest.raises(ConfigError, match="--no-cache"):
        EmbeddingCache(tmp_path)


_WRITER = """
import sys, numpy as np
from align.encode.cache import EmbeddingCache
cache = EmbeddingCache(sys.argv[1])
tag = sys.argv[2]
for i in range(40):
    cache.put_many("fp", {f"{tag}-{i}-{j}": np.full(8, i, dtype=np.float32) for j in range(25)})
"""


def test_two_processes_write_the_same_cache(tmp_path):
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    procs = [
        subprocess.Popen([sys.executable, "-c", _WRITER, str(tmp_path), tag], env=env) for tag in ("a", "b")
    ]
    assert [p.wait(timeout=60) for p in procs] == [0, 0]
    cache = EmbeddingCache(tmp_path)
    assert cache.count("fp") == 2 * 40 * 25
    with sqlite3.connect(tmp_path / "embeddings.sqlite3") as db:
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_a_new_cache_waits_for_another_process_writing_the_file(tmp_path):
    import threading
    import time

    # Another process creating the file holds a write lock while the file is not yet WAL: switching
    # it to WAL fails at once unless retried (seen as a flaky two-process test).
    holder = sqlite3.connect(tmp_path / "embeddings.sqlite3", isolation_level=None)
    holder.execute("CREATE TABLE other (a)")
    holder.execute("BEGIN IMMEDIATE")
    holder.execute("INSERT INTO other VALUES (1)")
    errors: list[Exception] = []

    def open_cache() -> None:
        try:
            EmbeddingCache(tmp_path, timeout=10)
        except Exception as exc:  # collected for the assertion below
            errors.append(exc)

    opener = threading.Thread(target=open_cache)
    opener.start()
    time.sleep(0.3)
    holder.execute("COMMIT")
    holder.close()
    opener.join(timeout=20)
    assert errors == [] and EmbeddingCache(tmp_path).count("fp") == 0


DEFAULT = ROOT / "models" / "default"


@pytest.mark.skipif(not (DEFAULT / "modules.json").is_file(), reason="models/default not built")
def test_committed_default_model_loads_and_ranks_related_text_first():
    from sentence_transformers import SentenceTransformer

    model = SentenceTransformer(str(DEFAULT), device="cpu", local_files_only=True)
    vectors = model.encode(
        ["能使用Python进行数据清洗", "利用pandas处理缺失值与重复值", "能为老年人测量血压和体温"],
        normalize_embeddings=True,
    )
    assert vectors.shape[0] == 3 and np.isfinite(vectors).all()
    related, unrelated = vectors[0] @ vectors[1], vectors[0] @ vectors[2]
    assert related > unrelated
    assert sum(p.stat().st_size for p in DEFAULT.rglob("*") if p.is_file()) < 50e6


def test_static_model_is_encoded_without_importing_sentence_transformers(tiny_model):
    code = (
        "import sys; from align.encode.sentence_transformer import SentenceTransformerEncoder as E; "
        f"v = E({str(tiny_model)!r}).encode(['测量血压']); "
        "print(v.shape, 'sentence_transformers' in sys.modules, 'torch' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["(1,", "16)", "False", "False"]


def test_other_module_layouts_go_through_sentence_transformers(tiny_model, tmp_path):
    import json
    import shutil

    from align.encode.static import static_folder

    assert static_folder(tiny_model) == tiny_model
    folder = Path(shutil.copytree(tiny_model, tmp_path / "with-normalize"))
    modules = json.loads((folder / "modules.json").read_text(encoding="utf-8"))
    modules.append({"idx": 1, "name": "1", "path": "1_Normalize",
                    "type": "sentence_transformers.models.Normalize"})  # fmt: skip
    (folder / "modules.json").write_text(json.dumps(modules), encoding="utf-8")
    assert static_folder(folder) is None
    encoder = SentenceTransformerEncoder(folder)
    assert not encoder.fingerprint.endswith("-np")  # torch's vectors are cached apart


@pytest.mark.skipif(not (DEFAULT / "modules.json").is_file(), reason="models/default not built")
def test_default_model_numpy_path_agrees_with_sentence_transformers():
    from sentence_transformers import SentenceTransformer

    texts = [*TEXTS, "能根据设计稿使用HTML5和CSS3完成响应式页面布局", "", "😀", "会计凭证的填制与审核"]
    torch_vectors = SentenceTransformer(str(DEFAULT), device="cpu", local_files_only=True).encode(
        texts, normalize_embeddings=True
    )
    ours = SentenceTransformerEncoder(DEFAULT).encode(texts)
    # torch averages the float16 table in float16, numpy in float32: equal to half precision
    known = np.isfinite(torch_vectors).all(axis=1)  # torch normalises an empty text to NaN
    np.testing.assert_allclose(ours[known], torch_vectors[known], atol=2e-3)
    assert known[:5].all() and not ours[~known].any()  # …which stays the zero vector here


def test_cache_of_the_earlier_layout_is_replaced(tmp_path):
    with sqlite3.connect(tmp_path / "embeddings.sqlite3") as db:
        db.execute(
            "CREATE TABLE vectors (fingerprint TEXT NOT NULL, text_sha1 TEXT NOT NULL, dim INTEGER NOT NULL, "
            "vector BLOB NOT NULL, PRIMARY KEY (fingerprint, text_sha1)) WITHOUT ROWID"
        )
    cache = EmbeddingCache(tmp_path)
    cache.put_many("fp", {"甲": np.ones(4, dtype=np.float32)})
    assert cache.count("fp") == 1
    with sqlite3.connect(tmp_path / "embeddings.sqlite3") as db:
        tables = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert "vectors" not in tables


def test_vectors_are_kept_in_memory_within_a_bound(charbag):
    charbag.encode(TEXTS)
    calls = charbag.calls
    np.testing.assert_allclose(charbag.encode(TEXTS[::-1]), charbag.encode(TEXTS)[::-1])
    assert charbag.calls == calls  # no cache folder, yet nothing encoded twice in this process

    charbag.memo_bytes = 2 * 512 * 4  # room for two vectors of 512 float32
    charbag.encode(["甲乙丙", "丁戊己", "庚辛壬"])
    assert list(charbag._memo) == ["丁戊己", "庚辛壬"]  # the least recently used went first
