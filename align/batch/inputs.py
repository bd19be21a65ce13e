"""The files each major's result depends on, and their content hashes (for resuming).

Hashing reads every input once per run; a file whose size and modification time match the previous
run's manifest keeps its recorded hash, so a warm re-run over thousands of Word files stays fast.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

from align.batch.config import BatchConfig, MajorSpec
from align.errors import ParseError
from align.files import shown


@dataclass(frozen=True)
class MajorInputs:
    """Every file one major's reports are computed from."""

    syllabi: tuple[Path, ...]  # its syllabus files (folders expanded)
    plan: Path | None
    pool: tuple[Path, ...]  # the college's syllabi, when the major takes its courses from its plan
    standards: tuple[Path, ...]  # standards listed for it (empty for ``auto``)
    library: tuple[Path, ...]  # every standard it is ranked against

    def files(self) -> list[Path]:
        listed = [*self.syllabi, *([self.plan] if self.plan else []), *self.pool]
        for std in (*self.standards, *self.library):
            listed += [std, *sidecars(std)]
        return list(dict.fromkeys(listed))


def sidecars(standard: Path) -> list[Path]:
    """A tabular standard's ``<slug>.meta.toml`` (its name and majors) shapes the result too."""
    meta = standard.with_name(standard.stem + ".meta.toml")
    return [meta] if meta.is_file() else []


def library_files(config: BatchConfig) -> tuple[Path, ...]:
    """The library's standard files; :class:`ParseError` when the folder holds none."""
    from align.parse import expand_paths

    return tuple(expand_paths([config.library])) if config.library is not None else ()


def resolve_inputs(spec: MajorSpec, config: BatchConfig, library: tuple[Path, ...]) -> MajorInputs:
    """Expand a major's folders into files; :class:`ParseError` names a missing or empty one."""
    from align.parse import expand_paths

    syllabi = tuple(expand_paths(spec.syllabi)) if spec.syllabi else ()
    pool = ()
    if spec.plan is not None and not syllabi and config.pool is not None:
        pool = tuple(expand_paths([config.pool]))
    standards = tuple(expand_paths(spec.standards)) if spec.standards else ()
    if spec.plan is not None and not spec.plan.is_file():
        raise ParseError(
            spec.plan, "training plan (人才培养方案) not found", "check the plan path in the config"
        )
    return MajorInputs(syllabi, spec.plan, pool, standards, library)


class FileDigests:
    """SHA-256 of file contents, each file hashed at most once per run.

    Args:
        root: paths are recorded relative to it (the config's folder), so moving the whole college
            folder does not look like a change.
    """

    def __init__(self, root: Path) -> None:
        self.root = root
        self._memo: dict[Path, dict] = {}

    def name(self, path: Path) -> str:
        try:
            return shown(Path(os.path.relpath(path, self.root)).as_posix())
        except ValueError:  # another drive on Windows
            return shown(Path(path).as_posix())

    def entry(self, path: Path, previous: dict | None = None) -> dict:
        """``{"sha256", "size", "mtime_ns"}``; reuses ``previous`` when size and mtime still match."""
        if path in self._memo:
            return self._memo[path]
        stat = path.stat()
        if previous and previous.get("size") == stat.st_size and previous.get("mtime_ns") == stat.st_mtime_ns:
            entry = dict(previous)
        else:
            with path.open("rb") as fh:
                sha = hashlib.file_digest(fh, "sha256").hexdigest()
            entry = {"sha256": sha, "size": stat.st_size, "mtime_ns": stat.st_mtime_ns}
        self._memo[path] = entry
        return entry

    def of(self, files: list[Path], previous: dict[str, dict] | None = None) -> dict[str, dict]:
        previous = previous or {}
        out = {}
        for f in files:
            name = self.name(f)
            out[name] = self.entry(f, previous.get(name))
        return out
