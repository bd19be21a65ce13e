"""Settings of the web page (``[serve]`` in the settings file), validated like the rest.

Flags of ``align serve`` and ``python app.py`` override the file (:func:`with_overrides`). This module
imports nothing heavy, so ``align.settings`` may import it.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from align.errors import ConfigError


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
    #: All documents of one run together, after unpacking zips, in MB (a zip's members are counted
    #: as they are unpacked, so an archive cannot fill the disk); at least ``max_file_mb``.
    max_total_mb: int = 500
    #: The review database, the standards users uploaded, and the reports of each run.
    data_dir: Path = field(default_factory=default_data_dir)
    #: Any SQLAlchemy URL for the review database; empty: ``data_dir/review.db`` (SQLite).
    database: str = ""
    #: Report folders older than this many days are removed when the page starts (0 keeps them all).
    keep_runs_days: int = 7
    #: A certificate and its key (PEM files) to serve https: a password then never crosses the
    #: campus network in clear text. Both or neither.
    ssl_certfile: Path | None = None
    ssl_keyfile: Path | None = None

    def __post_init__(self) -> None:
        # What the values mean together; files named are checked when the page starts (with_overrides).
        if self.port is not None and not 0 < self.port < 65536:
            raise ConfigError(f"port must be between 1 and 65535, not {self.port}")
        for name in ("max_file_mb", "max_files", "max_total_mb"):
            if getattr(self, name) < 1:
                raise ConfigError(f"{name} must be at least 1")
        if self.keep_runs_days < 0:
            raise ConfigError("keep_runs_days must not be negative")
        if bool(self.ssl_certfile) != bool(self.ssl_keyfile):
            raise ConfigError("set both ssl_certfile and ssl_keyfile, or neither")

    @property
    def database_url(self) -> str:
        # Spelled out rather than imported from align.review, so reading settings stays light.
        return self.database or f"sqlite:///{(self.data_dir / 'review.db').expanduser().resolve()}"

    @property
    def runs_dir(self) -> Path:
        return self.data_dir / "runs"

    @property
    def library_dir(self) -> Path:
        return self.data_dir / "standards"

    @property
    def auth(self) -> tuple[str, str] | None:
        return (self.username, self.password) if self.username and self.password else None

    @property
    def max_total_bytes(self) -> int:
        return max(self.max_total_mb, self.max_file_mb) * 2**20

    @property
    def loopback(self) -> bool:
        """Whether only this machine can reach the page."""
        return self.host in ("127.0.0.1", "localhost", "::1") or self.host.startswith("127.")

    def exposure_warning(self) -> str:
        """One line for the console when the page is reachable from the network without protection."""
        if self.loopback:
            return ""
        missing = []
        if not self.auth:
            missing.append("a password (--username and $ALIGN_PASSWORD)")
        if not self.ssl_certfile:
            missing.append("https (--ssl-certfile and --ssl-keyfile, or a proxy in front)")
        if not missing:
            return ""
        return (
            f"align: warning: the page listens on {self.host}, reachable from the network, without "
            f"{' and without '.join(missing)}; see README, 'Running the page on a campus network'"
        )


def _ready_to_serve(s: ServeSettings) -> ServeSettings:
    """``s`` once every file it names exists and a user name has its password (which may come from
    the environment, so a settings file may name only the user)."""
    for name in ("ssl_certfile", "ssl_keyfile"):
        value = getattr(s, name)
        if value is not None and not Path(value).is_file():
            raise ConfigError(f"{name} {value} does not exist")
    if bool(s.username) != bool(s.password):
        raise ConfigError("set both username and password, or neither")
    return s


def serve_settings(settings: Any) -> ServeSettings:
    """The ``serve`` part of the project's settings (the defaults for ``None``)."""
    return settings.serve if settings is not None else ServeSettings()


def with_overrides(s: ServeSettings, **changes: Any) -> ServeSettings:
    """``s`` with the given values replaced (``None`` values are ignored: a flag not given), ready
    to serve."""
    changes = {k: v for k, v in changes.items() if v is not None}
    try:
        return _ready_to_serve(replace(s, **changes))
    except ConfigError as exc:  # the dataclass's own checks and the ones above alike
        raise ConfigError(f"options: {exc}") from None
