"""The model, loaded once per process: lazily on the first run, or by a warm-up thread after launch.

Jobs run one at a time through :meth:`Engine.run`: the TF-IDF baseline refits on each job's texts,
so a shared encoder must not serve two jobs at once (and two CPU cores gain nothing from it anyway).
"""

from __future__ import annotations

import contextlib
import logging
import threading
from collections.abc import Callable, Sequence
from typing import TypeVar

from align.documents import CoverageReport, Standard, Syllabus
from align.encode.base import Encoder
from align.errors import AlignError
from align.settings import CORPORA_DIR, Settings
from align.ui.messages_zh import message_to_chinese, without_server_paths

T = TypeVar("T")
log = logging.getLogger(__name__)


class Engine:
    """Holds the encoder for one :class:`Settings` and serialises the jobs that use it."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._load_lock = threading.Lock()
        self._job_lock = threading.Lock()
        self._encoder: Encoder | None = None
        self._loaded = False
        self.error: str = ""
        self._thread: threading.Thread | None = None

    @property
    def loaded(self) -> bool:
        return self._loaded

    def status(self) -> str:
        """The model's state for the page: no path on the server (the model may be named by its
        folder; the server's log has the whole error)."""
        return without_server_paths(self._status())

    def _status(self) -> str:
        model = self.settings.match.model
        if self._loaded:
            return f"模型 {model} 已加载"
        if self.error:
            # Kept as raised (English, as the CLI says it); translated only for the page.
            return f"模型 {model} 加载失败：{message_to_chinese(self.error)}"
        return f"模型 {model} 加载中…（页面可先上传文件）"

    def encoder(self) -> Encoder | None:
        """The encoder (built on first call; later calls return the same object)."""
        with self._load_lock:
            if not self._loaded:
                from align.pipeline import make_encoder_for
                from align.text import teach_lexicons

                try:
                    teach_lexicons(self.settings.lexicons)
                    encoder = make_encoder_for(self.settings)
                    if encoder is not None and encoder.cacheable:
                        # A model loads its weights on first use: do it now, so a broken model
                        # fails here and the first job does not wait for the load.
                        encoder.embed_batch(["预热"])
                except AlignError as exc:
                    self.error = str(exc)
                    log.warning("loading the model failed: %s", exc)  # the page shows it without paths
                    raise
                if encoder is not None:
                    encoder.progress = True  # tqdm bars, which the page's progress bar follows
                self._encoder = encoder
                self._loaded = True
                self.error = ""
        return self._encoder

    def warm_up(self) -> threading.Thread:
        """Load the model and the parsing pipeline in a background thread (returns it, started)."""
        if self._thread is None:
            self._thread = threading.Thread(target=self._warm, name="align-warm-up", daemon=True)
            self._thread.start()
        return self._thread

    def _warm(self) -> None:
        try:
            self.encoder()
        except AlignError:
            return  # kept in self.error, shown on the page; the run button reports it again
        except Exception as exc:  # a thread's edge: show it on the page, not only on stderr
            self.error = f"{type(exc).__name__}: {exc}"
            log.exception("loading the model failed")
            return
        sample = next(iter(sorted((CORPORA_DIR / "syllabi").glob("*/*.md"))), None)
        if sample is not None:
            from align.parse import parse_file

            with contextlib.suppress(AlignError):
                parse_file(sample, kind="syllabus")  # imports spaCy and jieba before the first upload

    def exclusive(self, fn: Callable[[], T]) -> T:
        with self._job_lock:
            return fn()

    def align(
        self, standards: Sequence[Standard], syllabi: Sequence[Syllabus], level: str | None
    ) -> CoverageReport:
        from align.pipeline import align_documents

        encoder = self.encoder()
        return self.exclusive(
            lambda: align_documents(standards, syllabi, self.settings, level=level, encoder=encoder)
        )
