"""Any sentence-transformers model the user already has: a local folder or a name in the HF cache.

Nothing is downloaded: the model is resolved to a folder on disk first (a path, or a snapshot already
in the Hugging Face cache) and loaded offline on first use. The fingerprint is computed from the
folder's files without loading the model, so a run whose texts are all cached never pays the
sentence-transformers import and load (about 6 s). Static models (``models/default``) never pay
it: see :mod:`align.encode.static`.
"""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import numpy as np

from align.encode.base import Encoder
from align.encode.static import StaticModel, static_folder
from align.errors import ModelError
from align.imports import torch_may_load

# Files read in full for the fingerprint; bigger ones contribute their size and 64 pieces of 64 KiB
# spread over the file (hashing a multi-GB checkpoint on every run would cost seconds).
_FULL_HASH_LIMIT = 256 << 20
_SAMPLE = 1 << 16
_PIECES = 64
# Files that do not change the vectors: editing the model card (or refitting align's calibration,
# or the build log) must not invalidate the cache.
_IGNORED = {"README.md", ".gitattributes", "LICENSE", "build.json", "align_calibration.json"}
_STATIC_MODULES = {"StaticEmbedding", "Normalize"}
_HUB_NAME_RE = re.compile(r"^[A-Za-z0-9][\w.-]*/[\w.-]+$")


class SentenceTransformerEncoder(Encoder):
    """Encode with a sentence-transformers model, loaded lazily and offline.

    Args:
        model: a local model folder (``models/default``, ``~/models/bge-small-zh-v1.5``) or a model
            name already in the local Hugging Face cache (``BAAI/bge-small-zh-v1.5``).
        device: torch device; CPU by default (static models are fastest there anyway).
    """

    def __init__(self, model: str | os.PathLike, device: str = "cpu") -> None:
        super().__init__()
        self.model = str(model)
        self.device = device
        self.path = resolve_model_path(self.model)
        self.name = f"sentence-transformers:{self.model}"
        self._fingerprint: str | None = None
        self._model = None
        self._static = False
        self._fast: StaticModel | None = None
        self._fast_folder = static_folder(self.path)

    @property
    def fingerprint(self) -> str:
        if self._fingerprint is None:
            # Vectors of the numpy path differ from torch's in the last half-precision digit: keep
            # them apart in the cache.
            suffix = "-np" if self._fast_folder is not None else ""
            self._fingerprint = "st-" + model_fingerprint(self.path) + suffix
        return self._fingerprint

    def load(self):
        """Load the model now (it is otherwise loaded by the first batch that is not cached)."""
        if self._fast_folder is not None:
            if self._fast is None:
                try:
                    self._fast = StaticModel(self._fast_folder)
                except Exception as exc:
                    raise ModelError(
                        f"cannot load the static model at {self.path}: {type(exc).__name__}: {exc} "
                        "— rebuild it with 'align build-model --data DIR --out models/default'"
                    ) from exc
            return self._fast
        if self._model is None:
            os.environ.setdefault("HF_HUB_OFFLINE", "1")
            try:
                with torch_may_load():
                    from sentence_transformers import SentenceTransformer

                self._model = SentenceTransformer(str(self.path), device=self.device, local_files_only=True)
            except Exception as exc:
                raise ModelError(
                    f"cannot load the sentence-transformers model at {self.path}: "
                    f"{type(exc).__name__}: {exc} — check that the folder is a complete model "
                    "(modules.json, config files and weights), or rebuild the default model with "
                    "'align build-model --data DIR --out models/default'"
                ) from exc
            # A static model's forward pass is one EmbeddingBag: a second OpenMP thread only adds
            # synchronisation (measured 10x slower on a busy 2-core machine); the tokenizer still
            # uses both cores.
            self._static = all(type(m).__name__ in _STATIC_MODULES for m in self._model)
        return self._model

    def embed_batch(self, texts: list[str]) -> np.ndarray:
        model = self.load()
        if isinstance(model, StaticModel):
            return model.encode(texts)
        with _torch_threads(1 if self._static else None):
            vectors = model.encode(
                texts,
                batch_size=max(len(texts), 1),
                convert_to_numpy=True,
                show_progress_bar=False,
                normalize_embeddings=False,
            )
        return np.asarray(vectors, dtype=np.float32)

    @property
    def dimension(self) -> int:
        model = self.load()
        if isinstance(model, StaticModel):
            return model.dimension
        get = getattr(model, "get_embedding_dimension", None) or model.get_sentence_embedding_dimension
        return int(get())


@contextmanager
def _torch_threads(n: int | None) -> Iterator[None]:
    """Run with ``n`` torch threads (``None``: leave the setting alone), then restore it."""
    if n is None:
        yield
        return
    import torch

    before = torch.get_num_threads()
    torch.set_num_threads(n)
    try:
        yield
    finally:
        torch.set_num_threads(before)


def resolve_model_path(model: str) -> Path:
    """Find the folder of a model: an existing path, or a snapshot already in the Hugging Face cache.

    Raises:
        ModelError: naming the path or name and what to do, when no such model is on this machine.
    """
    path = Path(model).expanduser()
    if path.is_dir():
        if not any((path / f).is_file() for f in ("modules.json", "config.json")):
            raise ModelError(
                f"{path} is not a sentence-transformers model folder (no modules.json or "
                "config.json) — give the folder that holds the model's files"
            )
        return path
    if path.exists() or not _HUB_NAME_RE.match(model):
        raise ModelError(
            f"model folder {path} not found — give the path of a local sentence-transformers model "
            "(e.g. models/default, or a downloaded bge-small-zh-v1.5 folder), a model name already "
            "in the Hugging Face cache (e.g. BAAI/bge-small-zh-v1.5), or rebuild the default model "
            "with 'align build-model --data DIR --out models/default'"
        )
    try:
        from huggingface_hub import snapshot_download

        return Path(snapshot_download(model, local_files_only=True))
    except Exception as exc:
        raise ModelError(
            f"no model folder {path} here, and no model '{model}' in the local Hugging Face cache "
            "(align never downloads models) — give the folder of a local sentence-transformers "
            f"model, or on a machine with internet run 'huggingface-cli download {model} "
            "--local-dir DIR', copy DIR here and pass --model DIR"
        ) from exc


def model_fingerprint(path: Path) -> str:
    """A digest of every file that shapes the vectors (weights, tokenizer, configuration)."""
    path = Path(path)
    digest = hashlib.sha1()
    files = sorted(
        p
        for p in path.rglob("*")
        if p.is_file()
        and p.name not in _IGNORED
        and not any(part.startswith(".") for part in p.relative_to(path).parts)
    )
    if not files:
        raise ModelError(f"{path} holds no model files — give a complete sentence-transformers folder")
    for file in files:
        real = file.resolve()  # HF cache snapshots are symlinks into blobs/
        stat = real.stat()
        digest.update(f"{file.relative_to(path).as_posix()}\0{stat.st_size}\0".encode())
        with real.open("rb") as fh:
            if stat.st_size <= _FULL_HASH_LIMIT:
                for block in iter(lambda: fh.read(1 << 20), b""):
                    digest.update(block)
            else:
                # Content only (a copy keeps its fingerprint, so its calibration stays valid), from
                # pieces spread over the file: retraining changes every layer, and each is sampled.
                for n in range(_PIECES):  # the first piece starts the file, the last one ends it
                    fh.seek(n * (stat.st_size - _SAMPLE) // (_PIECES - 1))
                    digest.update(fh.read(_SAMPLE))
    return digest.hexdigest()[:16]
