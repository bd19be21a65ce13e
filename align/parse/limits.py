"""How much reading one document may cost: bytes, unpacked bytes, pages, characters, time, memory.

Colleges upload whatever they have, and a web page reachable from a campus network receives files
nobody checked. Every limit here turns a hostile or broken file (a zip bomb, a PDF that inflates to
gigabytes, a sheet with a cell in its last row and column) into one clear :class:`ParseError`
instead of a hang or an exhausted machine. The defaults fit a 24 GB machine reading the largest
real standards, syllabi and training plans with room to spare: a national standard of 300 pages is
about 300,000 characters; the defaults allow more than six times that.

Settings files carry them as a ``[parse]`` table::

    [parse]
    timeout_s = 600
    max_pages = 2000
"""

from __future__ import annotations

import time
from dataclasses import dataclass, fields
from pathlib import Path

from align.errors import ConfigError, ParseError

#: How to raise a limit, for the hint of every limit error.
RAISE_HINT = "split the document, or raise {name} in the [parse] table of the settings file"


@dataclass(frozen=True)
class ParseLimits:
    """Bounds on reading one document (see the module docstring for why each exists)."""

    #: Largest file read at all, in MB (a scanned 300-page PDF is about 100 MB).
    max_file_mb: int = 200
    #: Total uncompressed size of the parts of a .docx/.xlsx archive, in MB (zip bombs).
    max_unpacked_mb: int = 1024
    #: Parts (members) of a .docx/.xlsx archive; Word writes a few dozen, plus one per image.
    max_parts: int = 10_000
    #: Pages of a PDF.
    max_pages: int = 500
    #: Characters on one PDF page (a dense page has about 5,000).
    max_page_chars: int = 100_000
    #: Unpacked size of one PDF page's content stream, in MB (a PDF "flate bomb").
    max_stream_mb: int = 64
    #: Characters of text in one document, all paragraphs and cells together.
    max_chars: int = 2_000_000
    #: Characters in one line, paragraph or table cell.
    max_line_chars: int = 100_000
    #: Cells of one table (rows × columns), e.g. a sheet whose content reaches column XFD.
    max_cells: int = 500_000
    #: Wall-clock seconds to read one file.
    timeout_s: float = 300.0
    #: Memory one reader of a .docx/.xlsx/.pdf may take beyond its start, in MB (isolated reading only).
    memory_mb: int = 4096
    #: Read .docx, .xlsx and .pdf files in a separate process that is killed at the time limit and
    #: cannot take more than ``memory_mb``. Off, they are read in-process and checked between
    #: pages and parts only (a single hostile page can then still take long).
    isolate: bool = True

    def __post_init__(self) -> None:
        for f in fields(self):
            value = getattr(self, f.name)
            if f.name == "isolate":
                if not isinstance(value, bool):
                    raise ConfigError(f"isolate must be true or false, not {value!r}")
            elif isinstance(value, bool) or not isinstance(value, int | float) or value <= 0:
                raise ConfigError(f"{f.name} must be a positive number, not {value!r}")


def too_large(
    source: str | Path, what: str, value: float, limit: float, name: str, location: str = ""
) -> ParseError:
    """The error for a limit exceeded: what, how much, the limit, and how to raise it."""
    return ParseError(
        source,
        f"{what} is {value:,.0f} (the limit is {limit:,.0f})",
        RAISE_HINT.format(name=name),
        location,
    )


class Deadline:
    """A wall-clock budget that readers check between pages, parts and rows."""

    def __init__(self, source: str | Path, seconds: float):
        self.source = source
        self.seconds = seconds
        self.end = time.monotonic() + seconds

    def check(self) -> None:
        if time.monotonic() > self.end:
            raise timed_out(self.source, self.seconds)


def timed_out(source: str | Path, seconds: float) -> ParseError:
    return ParseError(
        source,
        f"reading took longer than {seconds:g} s (the limit)",
        "check the file (is it damaged?), split it, "
        "or raise timeout_s in the [parse] table of the settings file",
    )
