"""spaCy is imported with torch hidden; a model loading torch in another thread meanwhile must not fail."""

from __future__ import annotations

import subprocess
import sys

SCRIPT = """
import sys, threading, time
from align.imports import spacy_without_torch, torch_may_load

errors = []

def load_model():
    try:
        with torch_may_load():
            import torch
    except ImportError as exc:
        errors.append(repr(exc))

parse = threading.Thread(target=spacy_without_torch)
parse.start()
while parse.is_alive() and sys.modules.get("torch", 0) is not None:  # until spaCy's import hides torch
    time.sleep(0.001)
model = threading.Thread(target=load_model)
model.start()
parse.join()
model.join()
print(errors, "thinc.compat" in sys.modules and sys.modules["thinc.compat"].has_torch)
"""


def test_a_model_loading_torch_while_spacy_imports_does_not_fail():
    out = subprocess.run([sys.executable, "-c", SCRIPT], capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr
    # torch imported in the model's thread, and spaCy still took torch as absent
    assert out.stdout.split() == ["[]", "False"]
