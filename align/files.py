"""Writing output files so that a crash never leaves a half-written report or cache behind."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


def shown(path: str | Path) -> str:
    """A path as text that can be written anywhere. A name that is not UTF-8 (a zip made on Chinese
    Windows stores GBK names) reaches Python with undecodable bytes as surrogates, which no report,
    JSON file or terminal can encode: decode those bytes as GB18030, else replace them."""
    text = str(path)
    try:
        text.encode("utf-8")
        return text
    except UnicodeEncodeError:
        raw = os.fsencode(text)
    try:
        return raw.decode("gb18030")
    except UnicodeDecodeError:
        return raw.decode("utf-8", errors="replace")


def check_writable(folder: Path, option: str) -> None:
    """Create ``folder`` if needed and make sure files can be written in it, or raise OutputError
    naming it and ``option`` (the flag that chose it)."""
    from align.errors import OutputError

    folder = Path(folder)
    if folder.exists() and not folder.is_dir():
        raise OutputError(f"{folder}: a file, not a folder — give {option} a folder")
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, probe = tempfile.mkstemp(prefix=".align-probe.", dir=folder)
        os.close(fd)
        os.unlink(probe)
    except OSError as exc:
        raise OutputError(
            f"{folder}: cannot write here ({exc.strerror or exc}) — check its permissions and free space, "
            f"or give {option} another folder"
        ) from exc


@contextmanager
def atomic_path(path: Path) -> Iterator[Path]:
    """Yield a temporary path beside ``path``; on success it replaces ``path`` in one rename."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(fd)
    # mkstemp makes the file private (0600); a report should be readable like any file the user writes.
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(tmp, 0o666 & ~umask)
    try:
        yield Path(tmp)
        # Flush to disk before the rename, so a power cut cannot leave a renamed but empty file.
        with open(tmp, "rb") as f:
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_text_atomic(path: Path, text: str, encoding: str = "utf-8") -> None:
    with atomic_path(path) as tmp:
        tmp.write_text(text, encoding=encoding)
