"""Heavy libraries imported on first use, safely from the web page's threads.

spaCy is imported with torch hidden (a blank pipeline never uses torch, and importing it costs 2 s
per process). While torch is hidden, importing it in another thread would fail, so every import in
align that may load torch (sentence-transformers) waits on the same lock.
"""

from __future__ import annotations

import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager

_TORCH_HIDDEN = threading.Lock()  # held while torch is hidden, and while torch may be imported


def spacy_without_torch():
    """spaCy, imported without torch.

    spaCy's machine-learning layer (thinc) imports torch whenever it is installed (and it is: other
    sentence-transformers models need it). Unless torch is loaded already, it is hidden during the
    import, which thinc takes as "no torch"; torch itself still imports normally afterwards.
    """
    with _TORCH_HIDDEN:
        if "torch" in sys.modules:
            import spacy

            return spacy
        sys.modules["torch"] = None  # type: ignore[assignment]  # makes `import torch` raise ImportError
        try:
            import spacy
        finally:
            if sys.modules.get("torch", 0) is None:
                del sys.modules["torch"]
        return spacy


@contextmanager
def torch_may_load() -> Iterator[None]:
    """Around an import that may load torch: never while spaCy's import hides it."""
    with _TORCH_HIDDEN:
        yield
