"""Typed settings, built once at the edges (CLI, web page) and passed down explicitly.

Library functions never read the environment or files for settings; ``cli.py`` and ``app.py`` build a
:class:`Settings` from an optional TOML file and their own flags. An unknown key is an error, so a typo
in a config file cannot silently fall back to a default.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from align.batch.config import BatchSettings
from align.errors import ConfigError
from align.files import read_toml
from align.parse.limits import ParseLimits
from align.tables import from_table
from align.text import load_lexicon
from align.ui.config import ServeSettings

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_MODEL_DIR = PROJECT_ROOT / "models" / "default"
CORPORA_DIR = PROJECT_ROOT / "corpora"


@dataclass(frozen=True)
class MatchSettings:
    """How skill points are compared with course content."""

    #: ``default`` (the shipped model), ``tfidf`` (baseline), or a sentence-transformers path/name.
    model: str = "default"
    #: ``dense`` (encoder cosine), ``lexical`` (TF-IDF over jieba words) or ``hybrid`` (a blend).
    method: str = "hybrid"
    #: Weight of the lexical score in ``hybrid`` (0.5 was best on the tuning half; see README).
    lexical_weight: float = 0.5
    #: Split compound requirements into clauses that must each be taught.
    clauses: bool = True
    #: Decide statuses with the calibration shipped with the model (when there is one for this
    #: configuration); otherwise with the thresholds below.
    calibrated: bool = True
    #: Scores at or above ``covered`` make a point covered; at or above ``partial``, partial.
    #: ``None`` means: use the thresholds fitted with the model's calibration, or defaults.
    covered: float | None = None
    partial: float | None = None
    #: How many pieces of evidence to keep per point (the contract asks for at least 3).
    top_k: int = 3
    #: Prefix a point with its 工作领域 › 工作任务 and an item with its course › unit (measured to help
    #: evidence ranking on the tuning half; see README).
    context: bool = True
    #: Count a lower level's requirements as part of a higher one when the standard says so.
    cumulative: bool = False

    def __post_init__(self) -> None:
        if self.method not in ("dense", "lexical", "hybrid"):
            raise ConfigError(f"method must be dense, lexical or hybrid, not '{self.method}'")
        if not 0.0 <= self.lexical_weight <= 1.0:
            raise ConfigError("lexical_weight must be between 0 and 1")
        if self.top_k < 1:
            raise ConfigError("top_k must be at least 1")
        for name in ("covered", "partial"):
            value = getattr(self, name)
            if value is not None and not (-1.0 <= value <= 1.0):
                raise ConfigError(f"{name} must be a score between -1 and 1")
        if self.covered is not None and self.partial is not None and self.partial > self.covered:
            raise ConfigError("the partial threshold must not exceed the covered one")


# Named match configurations (``align evaluate --methods``, ``align calibrate --method``), so that each
# part of the method can be switched on alone and measured.
NAMED_METHODS: dict[str, dict[str, Any]] = {
    "baseline": {"model": "tfidf", "method": "dense", "clauses": False, "context": False},
    "lexical": {"method": "lexical", "clauses": True, "context": False},
    "dense": {"method": "dense", "clauses": False, "context": False},
    "dense+clauses": {"method": "dense", "clauses": True, "context": False},
    "hybrid": {"method": "hybrid", "clauses": True, "context": True},  # the default settings
    "hybrid-context": {"method": "hybrid", "clauses": True, "context": False},
    "hybrid-clauses": {"method": "hybrid", "clauses": False, "context": True},
}


@dataclass(frozen=True)
class Settings:
    match: MatchSettings = field(default_factory=MatchSettings)
    #: Where embeddings are cached between runs; ``None`` disables the cache.
    cache_dir: Path | None = Path.home() / ".cache" / "align"
    #: Domain lexicons (``term<TAB>syn|syn``) loaded as jieba user words.
    lexicons: tuple[Path, ...] = ()
    #: Bounds on reading one document: size, unpacked size, pages, characters, time, memory.
    parse: ParseLimits = field(default_factory=ParseLimits)
    #: The web page: host, port, login, upload limits, where reviews and runs are kept.
    serve: ServeSettings = field(default_factory=ServeSettings)
    #: Options of ``align batch`` (the batch config's own ``[batch]`` table overrides them).
    batch: BatchSettings = field(default_factory=BatchSettings)

    def with_match(self, **changes: Any) -> Settings:
        return replace(self, match=replace(self.match, **changes))


def _build(data: dict[str, Any], where: str, root: Path | None = None) -> Settings:
    settings = from_table(Settings, data, where)  # each table's dataclass checks its own values
    if root is not None:
        settings = _anchored(settings, root)
        model = Path(settings.match.model).expanduser()
        # A model is a name or a folder: a folder beside the settings file is read from there too.
        if (
            not model.is_absolute()
            and settings.match.model not in ("default", "tfidf")
            and (root / model).exists()
        ):
            settings = settings.with_match(model=str(root / model))
    for lexicon in settings.lexicons:  # read here so that no command meets it half-way through a job
        if not lexicon.exists():
            raise ConfigError(
                f"{where}: lexicon {lexicon} not found — fix the lexicons path (a relative path is read "
                "from the settings file's folder)"
            )
        try:
            load_lexicon(lexicon)  # a folder, an unreadable or a non-UTF-8 file: one line, not one per major
        except ConfigError as exc:
            raise ConfigError(f"{where}: {exc}") from None
    return settings


def load_settings(path: Path | None = None) -> Settings:
    """Read settings from a TOML file (or return the defaults when no file is given).

    A relative path in the file (a lexicon, ``cache_dir``, ``[serve]`` ``data_dir`` …) is read from
    the file's folder, as the paths of a batch config are: the file works from any folder, and
    in ``align batch`` on workers that do not share this process's working folder.
    """
    if path is None:
        return Settings()
    data = read_toml(path, "settings file", "fix the file or leave out --config")
    if "majors" in data:  # the other TOML align reads; "unknown setting(s) majors" would not say so
        raise ConfigError(
            f"{path}: a batch config (it lists [[majors]]), not a settings file — run it with "
            f"'align batch {path} --out DIR', or give --config a settings file"
        )
    return _build(data, str(path), Path(path).expanduser().resolve().parent)


def _anchored(value: Any, root: Path) -> Any:
    """``value`` (settings, or one of their tables) with every relative path read from ``root``."""
    if isinstance(value, Path):
        return value if value.is_absolute() else root / value
    if isinstance(value, tuple) and value and all(isinstance(v, Path) for v in value):
        return tuple(_anchored(v, root) for v in value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        changes = {f.name: _anchored(getattr(value, f.name), root) for f in dataclasses.fields(value)}
        changed = {k: v for k, v in changes.items() if v is not getattr(value, k)}
        return replace(value, **changed) if changed else value
    return value
