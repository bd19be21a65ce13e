"""Tell a file's real format from its first bytes, not from its name.

Colleges rename files (a PDF saved as ``.docx``, a workbook as ``.csv``), office systems export web
pages with Word names, and an upload may carry anything. :func:`real_format` says what the bytes
are; the caller reads them with the matching reader, or refuses them with a message that names the
real format.
"""

from __future__ import annotations

import codecs
import zipfile
from pathlib import Path

from align.errors import ParseError

_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
#: Old Office formats, as ``wrong_format`` is told them (the extension without its dot).
OLD_OFFICE = ("doc", "wps", "xls", "et")
_HTML_STARTS = (b"<!doctype html", b"<html", b"<head", b"<meta", b"mime-version:")
_LABELS = {
    "pdf": "PDF file",
    "docx": "Word document (.docx)",
    "xlsx": "Excel workbook (.xlsx)",
    "text": "text file",
    "doc": "Word document (.doc)",
    "wps": "WPS document (.wps)",
    "xls": "Excel workbook (.xls)",
    "et": "WPS spreadsheet (.et)",
}


def _head(path: Path, n: int = 4096) -> bytes:
    with path.open("rb") as f:
        return f.read(n)


def _zip_kind(path: Path) -> str:
    """``docx``, ``xlsx`` or ``zip`` (another archive, or one too damaged to list)."""
    try:
        with zipfile.ZipFile(path) as z:
            names = set(z.namelist())
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return "zip"
    if "word/document.xml" in names:
        return "docx"
    if "xl/workbook.xml" in names:
        return "xlsx"
    return "zip"


def _looks_like_text(head: bytes) -> bool:
    """Clearly text: a byte-order mark, or valid UTF-8 without control characters."""
    if head.startswith((codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return True
    try:
        text = head.decode("utf-8")
    except UnicodeDecodeError as exc:
        # The sample may end inside a character.
        if exc.start < len(head) - 3:
            return False
        text = head[: exc.start].decode("utf-8")
    odd = sum(1 for ch in text if ord(ch) < 32 and ch not in "\r\n\t\f")
    return bool(text.strip()) and odd == 0


def real_format(path: Path) -> str:
    """What the bytes of ``path`` are.

    One of ``pdf``, ``docx``, ``xlsx``, ``zip`` (another or a damaged archive), ``ole`` (an old
    Office file, or a password-protected .docx/.xlsx), ``html`` (a web page), ``rtf`` (Rich Text,
    which Word and WPS also save under a .doc name), ``text`` (clearly text) or ``unknown``.
    """
    head = _head(path)
    if b"%PDF-" in head[:1024]:
        return "pdf"
    if head.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        return _zip_kind(path)
    if head.startswith(_OLE):
        return "ole"
    start = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if start.startswith(_HTML_STARTS):
        return "html"
    if start.startswith(b"{\\rtf"):
        return "rtf"
    if _looks_like_text(head):
        return "text"
    return "unknown"


def wrong_format(path: Path, expected: str, found: str) -> ParseError:
    """The error for a file whose content is ``found`` although its name says ``expected``."""
    what = {
        "html": "a web page (HTML/MHT) saved under a document name",
        "rtf": "an RTF document saved under another name",
        "zip": "a zip archive",
        "ole": "an old Office file (.doc/.xls) or a password-protected document",
    }.get(found, f"a {_LABELS.get(found, found)}")
    sheet = expected in ("xlsx", "xls", "et")
    save_again = f"save it as {path.suffix or 'a supported format'} again"
    hints = {
        "html": "open it in Excel or WPS and save it as .xlsx"
        if sheet
        else "open it in Word or WPS and save it as .docx",
        "rtf": "open it in Word or WPS and save it as .docx",
        "zip": "unpack it and pass the documents inside",
        "ole": "remove any password and save it as .docx or .xlsx (Word/WPS: 另存为)",
        # Text named .doc/.xls is notes or a table exported "for Word/Excel": its name is all that is wrong.
        "text": ("rename it to .csv if it is a table, else to .txt" if sheet else "rename it to .txt")
        if expected in OLD_OFFICE
        else save_again,
    }
    return ParseError(
        path, f"not a {_LABELS.get(expected, expected)} but {what}", hints.get(found, save_again)
    )
