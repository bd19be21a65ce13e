"""What a batch job runs on: a TOML config, or a folder that follows the convention, as typed dataclasses.

A config names the standards library (for 证书遴选), the majors and, for each major, its syllabi
folder and/or its 人才培养方案 and its standards (listed, or ``"auto"``: the top of the ranking).
Relative paths are relative to the config file (and made absolute, so that workers on other
machines sharing the file system find them). A misspelt key is an error naming the key.

Without a config, a folder laid out as ``standards/…`` and ``majors/<专业>/…`` is a college: every
major's standards are ``auto``, and a file named like ``…人才培养方案…`` inside a major's folder is
its training plan.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from align.errors import ConfigError, ParseError
from align.files import read_toml
from align.tables import from_table

EXAMPLE_CONFIG = """\
library = "standards"                  # the standards to choose from (证书遴选)
[[majors]]
name = "软件技术"
syllabi = ["syllabi/软件技术"]          # files and/or folders of 课程标准
standards = "auto"                     # or a list of standard files"""

FORMATS = ("json", "xlsx", "html", "csv")
_PLAN_NAME_RE = re.compile(r"人才培养方案|培养方案|教学计划")
_UNSAFE_RE = re.compile(r'[\\/:*?"<>|\x00-\x1f]+')


@dataclass(frozen=True)
class BatchSettings:
    """Options of the batch job (the ``[batch]`` table)."""

    #: Worker processes on this machine; 0 means one per CPU core.
    jobs: int = 0
    #: How many of the best-ranked standards an ``auto`` major is reported against.
    auto_top: int = 3
    #: Added to a standard's fit when its 适用院校专业 lists the major.
    listed_bonus: float = 0.15
    #: A 工作领域 counts as missing for a major when its coverage is below this.
    missing_below: float = 0.25
    #: A requirement is a shared gap when it is uncovered in at least this many majors.
    shared_min: int = 2
    #: How many weakest 工作领域 the summary lists per major.
    weakest: int = 3
    #: The per-major report files.
    formats: tuple[str, ...] = FORMATS

    def __post_init__(self) -> None:
        if self.jobs < 0:
            raise ConfigError("jobs must be 0 (one per core) or more")
        for name in ("auto_top", "shared_min", "weakest"):
            if getattr(self, name) < 1:
                raise ConfigError(f"{name} must be at least 1")
        if not 0.0 <= self.missing_below <= 1.0:
            raise ConfigError("missing_below must be a coverage between 0 and 1")
        unknown = sorted(set(self.formats) - set(FORMATS))
        if unknown or not self.formats:
            raise ConfigError(f"formats must be some of {', '.join(FORMATS)}, not {unknown or '[]'}")


@dataclass(frozen=True)
class MajorSpec:
    """One major: its syllabi and/or training plan, and which standards to report it against."""

    name: str
    syllabi: tuple[Path, ...] = ()
    plan: Path | None = None
    #: Standard files to report against; ``None`` means ``auto`` (the top of the selection ranking).
    standards: tuple[Path, ...] | None = None
    #: Other names of the major, as a standard's 适用院校专业 may list it (e.g. an older name).
    aliases: tuple[str, ...] = ()

    @property
    def auto(self) -> bool:
        return self.standards is None

    @property
    def folder(self) -> str:
        """The name of the major's output folder (its name, made safe for every file system)."""
        return _UNSAFE_RE.sub("_", self.name).strip(". ") or "_"


@dataclass(frozen=True)
class BatchConfig:
    source: Path
    majors: tuple[MajorSpec, ...]
    #: Folder (or file) of the standards every major is ranked against; ``None``: no selection.
    library: Path | None = None
    #: The college's pool of 课程标准, from which a major given only a plan takes its courses.
    pool: Path | None = None
    #: A settings file (as ``--config`` of ``align run``); the command line overrides it.
    settings: Path | None = None
    #: One level as written in the standards; ``None``: every level.
    level: str | None = None
    options: BatchSettings = field(default_factory=BatchSettings)
    #: The config's own ``[batch]`` table as written, kept to lay it over a settings file's options.
    batch_table: dict[str, Any] = field(default_factory=dict, compare=False, hash=False, repr=False)

    def over(self, base: BatchSettings) -> BatchConfig:
        """This config with its ``[batch]`` table laid over ``base`` (the settings file's options):
        only the keys the config sets win."""
        return replace(self, options=batch_settings(self.batch_table, str(self.source), base))


def load_batch_config(path: str | Path, base: BatchSettings | None = None) -> BatchConfig:
    """Read a batch config (TOML), or build one from a folder that follows the convention.

    Args:
        path: a ``.toml`` file, or a folder holding ``standards/`` and ``majors/<专业>/``.
        base: batch options to start from; the config's ``[batch]`` table overrides them.

    Raises:
        ConfigError: the file is not valid TOML, a key is unknown or of the wrong type, a major is
            named twice, or the folder does not follow the convention.
    """
    # Absolute paths: workers of a Dask cluster do not share this process's working directory.
    path = Path(path).expanduser().resolve()
    base = base or BatchSettings()
    if path.is_dir():
        return config_from_folder(path, base)
    if not path.exists():
        raise ConfigError(f"{path}: batch config not found — give a .toml file or a college folder")
    data = read_toml(path, "batch config", "fix the file")
    return config_from_dict(data, path, base)


def config_from_dict(data: dict[str, Any], source: Path, base: BatchSettings | None = None) -> BatchConfig:
    where = str(source)
    root = source.parent
    _reject_unknown(data, {"library", "syllabi", "settings", "level", "batch", "majors"}, where)
    majors_data = data.get("majors")
    if not isinstance(majors_data, list) or not majors_data:
        raise ConfigError(f"{where}: no [[majors]] given; a batch config looks like:\n{EXAMPLE_CONFIG}")
    library = _path(data, "library", root, where)
    majors = tuple(
        _major(m, root, library, f"{where} [[majors]] #{i + 1}") for i, m in enumerate(majors_data)
    )
    config = BatchConfig(
        source=source,
        majors=majors,
        library=library,
        pool=_path(data, "syllabi", root, where),
        settings=_path(data, "settings", root, where),
        level=_str(data, "level", where) or None,
        options=batch_settings(data.get("batch", {}), where, base),
        batch_table=data.get("batch", {}),
    )
    _check(config)
    return config


def config_from_folder(folder: Path, base: BatchSettings | None = None) -> BatchConfig:
    """``standards/…`` is the library; each ``majors/<专业>/`` folder is a major with ``auto`` standards.

    ``syllabi/<专业>/`` is accepted for ``majors/<专业>/`` (the layout of the bundled corpora).
    """
    majors_dir = next((folder / d for d in ("majors", "syllabi") if (folder / d).is_dir()), folder / "majors")
    if not majors_dir.is_dir():
        raise ConfigError(
            f"{folder}: not a college folder (no majors/ inside) — lay it out as standards/… and "
            "majors/<专业>/…, or give a batch config (.toml)"
        )
    majors = tuple(_folder_major(d) for d in sorted(majors_dir.iterdir()) if d.is_dir())
    if not majors:
        raise ConfigError(
            f"{majors_dir}: no major folders inside — add one folder per major (majors/<专业>/)"
        )
    library = folder / "standards"
    config = BatchConfig(
        source=folder,
        majors=majors,
        library=library if library.exists() else None,
        options=base or BatchSettings(),
    )
    _check(config)
    return config


def batch_settings(data: Any, where: str, base: BatchSettings | None = None) -> BatchSettings:
    """The ``[batch]`` table as :class:`BatchSettings` (types checked, unknown keys rejected)."""
    return from_table(BatchSettings, data, f"{where} [batch]", base or BatchSettings())


def _major(data: Any, root: Path, library: Path | None, where: str) -> MajorSpec:
    if not isinstance(data, dict):
        raise ConfigError(f"{where}: must be a table with name, syllabi/plan and standards")
    name = _str(data, "name", where).strip()
    if not name:
        raise ConfigError(f"{where}: every major needs a name")
    where = f"{where} ({name})"
    _reject_unknown(data, {"name", "syllabi", "plan", "standards", "aliases"}, where)
    standards_value = data.get("standards", "auto")
    if standards_value == "auto":
        standards = None
    else:
        standards = tuple(_standard_path(p, root, library) for p in _str_list(data, "standards", where))
        if not standards:
            raise ConfigError(f'{where}: standards is empty; list standard files or write standards = "auto"')
    return MajorSpec(
        name=name,
        syllabi=tuple(_resolve(root, p) for p in _str_list(data, "syllabi", where)),
        plan=_path(data, "plan", root, where),
        standards=standards,
        aliases=tuple(_str_list(data, "aliases", where)),
    )


def _standard_path(value: str, root: Path, library: Path | None) -> Path:
    """Relative to the config file; else, as a convenience, a file of the library."""
    path = _resolve(root, value)
    if not path.exists() and library is not None and (library / value).exists():
        return library / value
    return path


def _folder_major(folder: Path) -> MajorSpec:
    from align.parse import expand_paths

    try:
        files = expand_paths([folder])
    except ParseError:
        # Reported as this major's failure (the folder holds no document), not as a bad config.
        return MajorSpec(name=folder.name, syllabi=(folder,))
    plans = [f for f in files if _PLAN_NAME_RE.search(f.name)]
    syllabi = tuple(f for f in files if f not in plans)
    return MajorSpec(name=folder.name, syllabi=syllabi, plan=plans[0] if plans else None)


def _check(config: BatchConfig) -> None:
    where = str(config.source)
    seen: dict[str, str] = {}
    for m in config.majors:
        if m.folder in seen:
            raise ConfigError(
                f"{where}: majors '{seen[m.folder]}' and '{m.name}' would share one output folder; "
                "give every major its own name"
            )
        seen[m.folder] = m.name
        if not m.syllabi and m.plan is None:
            raise ConfigError(f"{where}: major '{m.name}' has neither syllabi nor a plan")
        if not m.syllabi and config.pool is None:
            raise ConfigError(
                f"{where}: major '{m.name}' has only a plan; give its syllabi, or a college-wide "
                'syllabi = "folder" from which the plan\'s courses are taken'
            )
        if m.auto and config.library is None:
            raise ConfigError(
                f"{where}: major '{m.name}' has standards = \"auto\" but no library is given; "
                'add library = "folder of standards" or list its standards'
            )
    if config.library is not None and not config.library.exists():
        raise ConfigError(f"{where}: the standards library {config.library} does not exist")


def _reject_unknown(data: dict[str, Any], known: set[str], where: str) -> None:
    unknown = sorted(set(data) - known)
    if unknown:
        raise ConfigError(f"{where}: unknown key(s) {', '.join(unknown)}; known: {', '.join(sorted(known))}")


def _str(data: dict[str, Any], key: str, where: str) -> str:
    value = data.get(key, "")
    if not isinstance(value, str):
        raise ConfigError(f"{where}: {key} must be a string")
    return value


def _str_list(data: dict[str, Any], key: str, where: str) -> list[str]:
    value = data.get(key, [])
    if isinstance(value, str):
        return [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError(f"{where}: {key} must be a string or a list of strings")
    return value


def _path(data: dict[str, Any], key: str, root: Path, where: str) -> Path | None:
    value = _str(data, key, where)
    return _resolve(root, value) if value else None


def _resolve(root: Path, value: str) -> Path:
    return root / Path(value).expanduser()
