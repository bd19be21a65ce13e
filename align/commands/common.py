"""Options shared by the commands that run the matching job, and the settings built from them."""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from align.settings import Settings, load_settings


def add_job_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--level", help="one level as written in the standard (初级, 中级, 四级 …); default: all")
    p.add_argument(
        "--model",
        help="'default' (the shipped model), 'tfidf' (baseline), or a local sentence-transformers "
        "model directory or name; default from settings",
    )
    p.add_argument("--config", type=Path, help="settings file (TOML); see README 'Configuration'")
    p.add_argument(
        "--context",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="compare with 工作领域 › 工作任务 and 课程 › 单元 breadcrumbs (default: on)",
    )
    p.add_argument(
        "--cumulative",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="count lower levels' requirements in higher ones when the standard says so (default: off)",
    )
    p.add_argument("--no-cache", action="store_true", help="do not read or write the embedding cache")


def settings_from_args(args: argparse.Namespace) -> Settings:
    """Settings file first, then environment (ALIGN_CACHE_DIR), then flags: the later wins."""
    settings = load_settings(args.config)
    changes = {
        name: getattr(args, name)
        for name in ("model", "context", "cumulative")
        if getattr(args, name, None) is not None
    }
    if changes:
        settings = settings.with_match(**changes)
    if os.environ.get("ALIGN_CACHE_DIR"):
        settings = _replace(settings, cache_dir=Path(os.environ["ALIGN_CACHE_DIR"]))
    if getattr(args, "no_cache", False):
        settings = _replace(settings, cache_dir=None)
    return settings


def _replace(settings: Settings, **changes) -> Settings:
    from dataclasses import replace

    return replace(settings, **changes)
