"""The errors align raises on bad input.

Library code raises these; only the CLI and the web page translate them into an exit code or a page
message. Each message says which file, what is wrong and what to do about it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from align.files import shown


def _said(source: str, problem: str, hint: str, location: str) -> str:
    """``file (location): problem — hint``, the one line every error and warning is printed as."""
    where = source + (f" ({location})" if location else "")
    return f"{where}: {problem}" + (f" — {hint}" if hint else "")


class AlignError(Exception):
    """Base class of every error caused by the user's input or configuration (exit code 2)."""


class ParseError(AlignError):
    """A document could not be read or does not have the expected structure."""

    def __init__(self, source: str | Path, problem: str, hint: str = "", location: str = ""):
        self.source = shown(source)
        self.problem = problem
        self.hint = hint
        self.location = location
        super().__init__(_said(self.source, problem, hint, location))

    def __reduce__(self):
        # Rebuilt from its parts when it crosses a process boundary (a batch worker, a reader process).
        return type(self), (self.source, self.problem, self.hint, self.location)


class WrongKindError(ParseError):
    """The document is another kind than the one asked for (a standard among the syllabi …)."""

    def __init__(self, source: str | Path, problem: str, hint: str = "", location: str = "", found: str = ""):
        super().__init__(source, problem, hint, location)
        self.found = found  # the kind the content shows: "standard", "syllabus" or "plan"

    def __reduce__(self):
        return type(self), (self.source, self.problem, self.hint, self.location, self.found)


@dataclass(frozen=True)
class ParseWarning:
    """Something a parser met and worked around without stopping: a point or a level left out, a
    course given twice, a file left out of the syllabi. Nothing is dropped silently: the document
    carries its warnings (``Standard.warnings`` …), the CLI prints them and the page lists them.
    The parts are those of :class:`ParseError`, so they are shown and translated the same way."""

    source: str
    problem: str
    hint: str = ""
    location: str = ""

    def __post_init__(self) -> None:
        object.__setattr__(self, "source", shown(self.source))

    def __str__(self) -> str:
        return _said(self.source, self.problem, self.hint, self.location)


class ConfigError(AlignError):
    """Settings or command-line options are invalid."""


class OutputError(AlignError):
    """An output folder or file cannot be written."""


class ModelError(AlignError):
    """An embedding model cannot be loaded or used."""
