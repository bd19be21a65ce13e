"""Pick the reader for a file by what its bytes are (its extension second) and return its blocks.

Every file is bounded by :class:`~align.parse.limits.ParseLimits`: its size first; text files by
their characters and longest line; .docx, .xlsx and .pdf files are read in an isolated process
(:mod:`align.parse.isolate`) after their archive has been vetted (:mod:`align.parse.archive`); and
whatever a reader returns is checked again (:mod:`align.parse.checks`). Every failure is one
:class:`ParseError` that names the file, what is wrong and what to do.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from align.errors import ParseError, ParseWarning
from align.parse.blocks import Block
from align.parse.limits import ParseLimits, too_large

TEXT_EXTENSIONS = {".md", ".markdown", ".txt"}
TABLE_EXTENSIONS = {".csv", ".tsv", ".xlsx", ".xlsm"}
OLD_OFFICE_EXTENSIONS = {".doc", ".wps", ".xls", ".et"}
SUPPORTED_EXTENSIONS = TEXT_EXTENSIONS | TABLE_EXTENSIONS | {".docx", ".pdf"} | OLD_OFFICE_EXTENSIONS
_FORMAT_OF_EXTENSION = {
    ".docx": "docx",
    ".pdf": "pdf",
    ".xlsx": "xlsx",
    ".xlsm": "xlsx",
    ".csv": "csv",
    ".tsv": "csv",
}
_TABLE_NAMES = {".xlsx", ".xlsm", ".xls", ".et", ".csv", ".tsv"}


def _format(path: Path, ext: str) -> str:
    """The reader to use: the bytes decide; the extension only where the bytes say nothing clear."""
    from align.parse.sniff import real_format, wrong_format

    named = _FORMAT_OF_EXTENSION.get(ext, "text")
    if ext in OLD_OFFICE_EXTENSIONS:
        named = "old"
    found = real_format(path)
    if found in ("pdf", "docx", "xlsx"):
        return found
    if named == "old":
        return _old_office_format(path, ext, found)
    if found == "zip":
        # A damaged Word/Excel archive is best described by its own reader.
        if named in ("docx", "xlsx"):
            return named
        raise wrong_format(path, named, "zip")
    if found == "ole":
        if named == "docx":
            return "docx"  # the Word reader explains old and password-protected files
        raise wrong_format(path, named, "ole")
    if found == "html" and named in ("docx", "xlsx", "pdf"):
        raise wrong_format(path, named, "html")
    if found == "text" and named in ("docx", "xlsx", "pdf"):
        # A Chinese text file with a document's name (a table exported "for Excel" is CSV) reads
        # as text; other text is more likely a broken or mislabelled file, and is said to be one.
        if not _has_chinese(path):
            raise wrong_format(path, named, "text")
        return "csv" if ext in _TABLE_NAMES else "text"
    return named


def _old_office_format(path: Path, ext: str, found: str) -> str:
    """The reader for a file with an old Office name (.doc, .wps, .xls, .et).

    Office systems and colleagues save other things under these names: text (read as text, as a
    .docx that is text is), a web page or RTF (LibreOffice reads those too, when it is installed;
    without it, the message says what the file is), a zip archive (unpacked by the user).
    """
    from align.parse.sniff import wrong_format

    if found == "text":
        if _has_chinese(path):
            return "csv" if ext in _TABLE_NAMES else "text"
        raise wrong_format(path, ext[1:], "text")
    if found == "zip":
        raise wrong_format(path, ext[1:], "zip")
    if found in ("html", "rtf") and not _soffice():
        raise _not_old_office(path)
    return "old"


def _not_old_office(path: Path) -> ParseError:
    """The error for a web page or RTF document under an old Office name."""
    from align.parse.sniff import real_format, wrong_format

    if real_format(path) == "rtf":
        return wrong_format(path, path.suffix.lower()[1:], "rtf")
    return wrong_format(path, path.suffix.lower()[1:], "html")


def _has_chinese(path: Path) -> bool:
    with path.open("rb") as f:
        head = f.read(4096)
    encoding = "utf-16" if head.startswith((b"\xff\xfe", b"\xfe\xff")) else "utf-8"
    return any("\u4e00" <= ch <= "\u9fff" for ch in head.decode(encoding, errors="ignore"))


def read_blocks(path: Path, limits: ParseLimits | None = None) -> list[Block]:
    """The blocks of one file; :class:`ParseError` when it cannot be read or exceeds ``limits``.

    For telling what a file is; a document is read with :func:`read_with_warnings`, whose warnings
    it carries.
    """
    return read_with_warnings(path, limits)[0]


def read_with_warnings(
    path: Path, limits: ParseLimits | None = None
) -> tuple[list[Block], list[ParseWarning]]:
    """The blocks of one file and what its reader read with doubt (see :func:`read_blocks`)."""
    from align.parse.checks import check_blocks

    path = Path(path)
    limits = limits or ParseLimits()
    ext = path.suffix.lower()
    if not path.exists():
        raise ParseError(path, "file not found", "check the path")
    if path.is_dir():
        raise ParseError(path, "is a folder, not a document", "pass the files inside it")
    size = path.stat().st_size
    if ext not in SUPPORTED_EXTENSIONS:
        from align.parse.sniff import real_format

        # A document whose bytes say what it is is read whatever its name (an upload named .zip).
        found = real_format(path) if size else "unknown"
        if found not in ("pdf", "docx", "xlsx"):
            raise ParseError(
                path,
                f"unsupported file type {ext or '(no extension)'}",
                "use .docx, .pdf, .xlsx, .csv, .md or .txt",
            )
        ext = f".{found}"
    if size == 0:
        raise ParseError(path, "the file is empty", "export the document again")
    if size > limits.max_file_mb * 2**20:
        raise too_large(path, "the file size in MB", size / 2**20, limits.max_file_mb, "max_file_mb")
    fmt = _format(path, ext)
    met: list[ParseWarning] = []
    if fmt in ("text", "csv"):
        blocks = _read_text(path, fmt, limits)
    elif fmt == "old":
        return _read_old_office(path, limits), met
    else:
        from align.parse.isolate import read_isolated

        blocks, met = read_isolated(fmt, path, limits)
    check_blocks(blocks, path, limits)
    return blocks, met


def _read_text(path: Path, fmt: str, limits: ParseLimits) -> list[Block]:
    from align.parse.checks import check_text
    from align.parse.encoding import decode

    # A character takes at most 4 bytes in any encoding read here: refuse before decoding.
    if path.stat().st_size > 4 * limits.max_chars:
        raise too_large(
            path, "the file size in bytes", path.stat().st_size, 4 * limits.max_chars, "max_chars"
        )
    text = decode(path.read_bytes(), path)
    check_text(text, path, limits)
    if fmt == "csv":
        from align.parse.tabular import read_csv_text

        return read_csv_text(text, path)
    from align.parse.markdown import read_markdown_text

    return read_markdown_text(text)


def _soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def _read_old_office(path: Path, limits: ParseLimits) -> list[Block]:
    """Old binary Word/WPS/Excel files: convert with LibreOffice when it is installed."""
    new_ext = "xlsx" if path.suffix.lower() in {".xls", ".et"} else "docx"
    soffice = _soffice()
    hint = f"open it in Word or WPS and save it as .{new_ext}"
    if not soffice:
        raise ParseError(
            path, f"old {path.suffix} format cannot be read directly", hint + " (or install LibreOffice)"
        )
    with tempfile.TemporaryDirectory() as tmp:
        # A private profile, so a LibreOffice the user has open does not swallow the conversion.
        profile = Path(tmp, "profile").as_uri()
        try:
            subprocess.run(
                [
                    soffice,
                    f"-env:UserInstallation={profile}",
                    "--headless",
                    "--convert-to",
                    new_ext,
                    "--outdir",
                    tmp,
                    str(path.resolve()),  # absolute: a name starting with "-" is no option
                ],
                check=True,
                capture_output=True,
                timeout=limits.timeout_s,
            )
        except (subprocess.SubprocessError, OSError) as exc:
            raise ParseError(
                path, f"LibreOffice could not convert the file ({type(exc).__name__})", hint
            ) from exc
        converted = Path(tmp) / f"{path.stem}.{new_ext}"
        if not converted.exists():
            from align.parse.sniff import real_format

            if real_format(path) in ("html", "rtf"):  # LibreOffice read it as what it is: nothing to convert
                raise _not_old_office(path)
            raise ParseError(
                path, "LibreOffice could not convert the file (damaged or not a document?)", hint
            )
        try:
            return read_blocks(converted, limits)
        except ParseError as exc:  # name the user's file, not the converted copy
            raise ParseError(path, exc.problem, exc.hint, exc.location) from None
