"""Per-major manifests: what a finished major was computed from, so a re-run can skip it.

A manifest is written atomically after the major's reports, so its presence means the reports are
complete: a job killed half-way loses no finished major, and a major killed mid-write has no
manifest and is computed again. A major is skipped when the content hashes of its inputs, the
settings that shape its result and the model's fingerprint all equal the recorded ones.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict
from pathlib import Path
from typing import Any

from align import __version__
from align.batch.config import BatchSettings
from align.files import write_text_atomic
from align.settings import Settings

MANIFEST = "manifest.json"
SCHEMA = "align.batch-manifest/1"


def _sha(data: Any) -> str:
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, default=str)
    # surrogateescape: a file name that is not UTF-8 hashes as its own bytes
    return hashlib.sha256(text.encode("utf-8", "surrogateescape")).hexdigest()


def settings_digest(settings: Settings, level: str | None, options: BatchSettings, lexicons: dict) -> str:
    """Everything but the inputs and the model that changes a major's result.

    The cache folder and the number of workers are left out: they change where and how fast, not what.
    """
    data = {
        "align": __version__,
        "match": asdict(settings.match),
        "lexicons": lexicons,
        "level": level,
        "batch": {k: v for k, v in asdict(options).items() if k not in ("jobs", "shared_min")},
    }
    return _sha(data)


def model_identity(settings: Settings) -> str:
    """The fingerprint of the model's weights and of the calibration that decides statuses.

    Computed without loading the model (sentence-transformers fingerprints hash the model's files).
    """
    from align.match import resolve_encoder
    from align.match.calibration import CALIBRATION_FILE
    from align.match.models import model_dir

    model = (
        "lexical" if settings.match.method == "lexical" else resolve_encoder(settings.match.model).fingerprint
    )
    calibration = model_dir(settings.match.model) / CALIBRATION_FILE
    if calibration.is_file():
        model += "+cal-" + hashlib.sha256(calibration.read_bytes()).hexdigest()[:12]
    return model


def job_key(inputs: dict[str, dict], settings: str, model: str) -> str:
    return _sha(
        {"inputs": {name: e["sha256"] for name, e in inputs.items()}, "settings": settings, "model": model}
    )


def read_manifest(folder: Path) -> dict | None:
    """The manifest of a finished major, or ``None`` (never finished, or unreadable: computed again)."""
    try:
        data = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) and data.get("schema") == SCHEMA else None


def write_manifest(folder: Path, manifest: dict) -> None:
    write_text_atomic(
        folder / MANIFEST, json.dumps({"schema": SCHEMA, **manifest}, ensure_ascii=False, indent=1)
    )


def remove_manifest(folder: Path) -> None:
    """Forget a major's earlier result (its inputs no longer give one), so nothing stale is reused."""
    (folder / MANIFEST).unlink(missing_ok=True)


def forget_result(folder: Path) -> None:
    """A major that failed: its manifest and its earlier reports go, so that no report in its folder
    looks current (the summary lists the failure; a run with mended inputs writes them again)."""
    from align.report import report_paths

    remove_manifest(folder)
    for path in report_paths(folder).values():
        path.unlink(missing_ok=True)


def change_reason(
    old: dict | None, key: str, inputs: dict[str, dict], settings: str, model: str, reports: list[Path]
) -> str | None:
    """Why a major must be computed, in words for the log; ``None`` when it can be skipped."""
    if old is None:
        return "not finished before"
    missing = [p.name for p in reports if not p.is_file()]
    if old.get("key") == key:
        return f"report files missing ({', '.join(missing)})" if missing else None
    reasons = []
    before = old.get("inputs", {})
    changed = [n for n in inputs if n in before and before[n].get("sha256") != inputs[n]["sha256"]]
    for label, names in (
        ("changed", changed),
        ("new", [n for n in inputs if n not in before]),
        ("removed", [n for n in before if n not in inputs]),
    ):
        if names:
            more = f" and {len(names) - 3} more" if len(names) > 3 else ""
            reasons.append(f"{label}: {', '.join(names[:3])}{more}")
    if old.get("settings") != settings:
        reasons.append("settings changed")
    if old.get("model") != model:
        reasons.append("model changed")
    return "; ".join(reasons) or "inputs changed"
