"""The errors align raises on bad input.

Library code raises these; only the CLI and the web page translate them into an exit code or a page
message. Each message says which file, what is wrong and what to do about it.
"""

from __future__ import annotations

from pathlib import Path

from align.files import shown


class AlignError(Exception):
    """Base class of every error caused by the user's input or configuration (exit code 2)."""


class ParseError(AlignError):
    """A document could not be read or does not have the expected structure."""

    def __init__(self, source: str | Path, problem: str, hint: str = "", location: str = ""):
        self.source = shown(source)
        self.problem = problem
        self.hint = hint
        self.location = location
        where = f"{self.source}" + (f" ({location})" if location else "")
        super().__init__(f"{where}: {problem}" + (f" — {hint}" if hint else ""))

    def __reduce__(self):
        # Rebuilt from its parts when it crosses a process boundary (a batch worker, a reader process).
        return type(self), (self.source, self.problem, self.hint, self.location)


class ConfigError(AlignError):
    """Settings or command-line options are invalid."""


class OutputError(AlignError):
    """An output folder or file cannot be written."""


class ModelError(AlignError):
    """An embedding model cannot be loaded or used."""
