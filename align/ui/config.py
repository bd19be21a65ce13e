"""Settings of the web page (``[serve]`` in the settings file), validated like the rest.

Until ``Settings`` carries a ``serve`` field, :func:`serve_settings` falls back to the defaults; the
page and ``align serve`` then take their values from flags and the environment.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from align.errors import ConfigError
from align.review.store import sqlite_url


def default_data_dir() -> Path:
    return Path.home() / ".local" / "share" / "align"


@dataclass(frozen=True)
class ServeSettings:
    """Where the page listens, who may use it, how much they may upload, where it keeps its data."""

    #: Interface to listen on; 127.0.0.1 keeps the page on this machine.
    host: str = "127.0.0.1"
    #: Port; ``None`` takes the first free port from 7860.
    port: int | None = None
    #: With both set, the page asks for this user name and password (reviewers' names default to it).
    username: str | None = None
    password: str | None = None
    #: Largest file a user may upload, in MB (a zip counts as one file; its contents count too).
    max_file_mb: int = 50
    #: Most documents one run may take (after unpacking zips).
    max_files: int = 200
    #: The review database, the standards users uploaded, and the reports of each run.
    data_dir: Path = field(default_factory=default_data_dir)
    #: Any SQLAlchemy URL for the review database; empty: ``data_dir/review.db`` (SQLite).
    database: str = ""
    #: Report folders older than this many days are removed when the page starts (0 keeps them all).
    keep_runs_days: int = 7

    @property
    def database_url(self) -> str:
        return self.database or sqlite_url(self.data_dir / "review.db")

    @property
    def runs_dir(self) -> Path:
        return self.data_dir / "runs"

    @property
    def library_dir(self) -> Path:
        return self.data_dir / "standards"

    @property
    def auth(self) -> tuple[str, str] | None:
        return (self.username, self.password) if self.username and self.password else None


def validate_serve(s: ServeSettings, where: str = "settings") -> ServeSettings:
    if s.port is not None and not 0 < s.port < 65536:
        raise ConfigError(f"{where} [serve]: port must be between 1 and 65535, not {s.port}")
    if s.max_file_mb < 1:
        raise ConfigError(f"{where} [serve]: max_file_mb must be at least 1")
    if s.max_files < 1:
        raise ConfigError(f"{where} [serve]: max_files must be at least 1")
    if s.keep_runs_days < 0:
        raise ConfigError(f"{where} [serve]: keep_runs_days must not be negative")
    if bool(s.username) != bool(s.password):
        raise ConfigError(f"{where} [serve]: set both username and password, or neither")
    return s


def serve_from_dict(data: dict[str, Any], where: str = "settings") -> ServeSettings:
    """Build :class:`ServeSettings` from a ``[serve]`` table; an unknown key is an error."""
    if not isinstance(data, dict):
        raise ConfigError(f"{where}: [serve] must be a table")
    known = {f.name for f in fields(ServeSettings)}
    unknown = sorted(set(data) - known)
    if unknown:
        raise ConfigError(
            f"{where} [serve]: unknown setting(s) {', '.join(unknown)}; known: {', '.join(sorted(known))}"
        )
    values = dict(data)
    if "data_dir" in values:
        values["data_dir"] = Path(values["data_dir"]).expanduser()
    for name in ("port", "max_file_mb", "max_files", "keep_runs_days"):
        if name in values and not isinstance(values[name], int):
            raise ConfigError(f"{where} [serve]: {name} must be a whole number")
    return validate_serve(ServeSettings(**values), where)


def serve_settings(settings: Any) -> ServeSettings:
    """The ``serve`` part of the project's settings (defaults while Settings has no such field)."""
    return getattr(settings, "serve", None) or ServeSettings()


def with_overrides(s: ServeSettings, **changes: Any) -> ServeSettings:
    """``s`` with the given values replaced; ``None`` values are ignored (a flag not given)."""
    changes = {k: v for k, v in changes.items() if v is not None}
    return validate_serve(replace(s, **changes)) if changes else s
