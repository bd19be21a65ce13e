"""File names that can be shown anywhere, settings files read in one way, and output files written so
that a crash never leaves a half-written report or cache behind."""

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


def read_toml(path: Path, what: str, hint: str) -> dict:
    """A settings file, a batch config: its TOML as a dict, or ConfigError in one line naming it.

    TOML files are UTF-8; Notepad on Chinese Windows saves GBK (ANSI) unless told otherwise, and a
    UTF-8 byte-order mark, which Notepad also writes, is no TOML either: the mark is dropped, and
    a GBK file named for what it is, not reported with the codec's words.

    Args:
        what: the kind of file, for "not found" (``"settings file"``).
        hint: what to do about invalid TOML (``"fix the file or leave out --config"``).
    """
    import tomllib

    from align.errors import ConfigError

    path = Path(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise ConfigError(f"{path}: {what} not found") from None
    except OSError as exc:  # a folder, no permission
        raise ConfigError(f"{path}: the {what} cannot be read ({exc.strerror or exc})") from None
    data = data.removeprefix(b"\xef\xbb\xbf")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise ConfigError(
            f"{path}: {_not_utf8(data)} — save it as UTF-8 (记事本/WPS: 另存为, 编码 UTF-8)"
        ) from None
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: not valid TOML ({exc}); {hint}") from None


def _not_utf8(data: bytes) -> str:
    """What a file that is not UTF-8 is: GBK when its bytes read as Chinese that way."""
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError:
        return "the file is not UTF-8"
    if any("\u4e00" <= ch <= "\u9fff" for ch in text):
        return "the file is not UTF-8 (it looks like GBK)"
    return "the file is not UTF-8"


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
