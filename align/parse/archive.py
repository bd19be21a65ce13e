"""Check a .docx/.xlsx archive before any library unpacks it: zip bombs and XML that declares entities.

Sizes are taken from the archive's directory; that is safe because :mod:`zipfile` never returns more
bytes for a member than the directory declares (a member that lies fails its CRC check and reads as
damaged). Word and Excel never write a document type declaration, so an XML part carrying one
(entity expansion, "billion laughs", or an external entity reading a local file) is refused before
any XML parser sees it, whatever that parser's own defences are.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

from align.errors import ParseError
from align.parse.encoding import split_bom
from align.parse.limits import ParseLimits, too_large

_MB = 2**20
#: How far into an XML part its root element must have started.
_PROLOG_BYTES = 65_536


def _decode_prolog(data: bytes) -> str:
    codec, body = split_bom(data)
    if codec is not None:
        return body.decode(codec, errors="replace")
    if data[:1] == b"\x00" or data[1:2] == b"\x00":  # UTF-16 without a mark
        return data.decode("utf-16-be" if data[:1] == b"\x00" else "utf-16-le", errors="replace")
    return data.decode("latin-1")


def doctype(data: bytes) -> str | bool | None:
    """The document type declaration at the start of XML ``data``.

    ``False`` when there is none (or ``data`` does not start like XML: an image, say), ``None`` when
    the prolog runs on past the sample so nobody can tell, else the declaration's first characters.
    """
    text = _decode_prolog(data)
    i = len(text) - len(text.lstrip())
    if not text.startswith("<", i):
        return False
    while True:
        i = len(text) - len(text[i:].lstrip())
        if text.startswith("<?", i):
            end = text.find("?>", i)
        elif text.startswith("<!--", i):
            end = text.find("-->", i)
        elif text.startswith("<!", i):
            return text[i : i + 2048]
        else:
            return False if i < len(text) else None
        if end < 0:
            return None
        i = end + 2


def _refused(name: str, data: bytes) -> str:
    """Why a part may not be read, or ``""``.

    XML parts (``.xml``, ``.rels``) may not declare a document type at all. Other parts are read by
    no XML parser unless the package says so; of those, only a declaration with entities of its own
    (an internal subset, ``[ … ]``) is refused, so an SVG image with the usual public DOCTYPE passes.
    """
    found = doctype(data)
    if found is False:
        return ""
    xml_part = name.lower().endswith((".xml", ".rels"))
    if found is None:
        return "has an XML part whose content starts only after 64 KB" if xml_part else ""
    declares = "[" in found.split(">", 1)[0]
    if xml_part or declares:
        return (
            "declares XML entities (a document type declaration)"
            if declares
            else "carries a document type declaration"
        )
    return ""


def check_archive(path: Path, limits: ParseLimits, label: str) -> None:
    """Refuse an archive that unpacks too large, has too many parts, or carries a DTD.

    Raises:
        ParseError: naming the limit and how to raise it, or the part that declares entities.
    """
    try:
        z = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, ValueError):
        return  # damaged: the reader says so in its own words
    with z:
        infos = z.infolist()
        if len(infos) > limits.max_parts:
            raise too_large(
                path, f"the number of parts in the {label}", len(infos), limits.max_parts, "max_parts"
            )
        total = sum(i.file_size for i in infos)
        if total > limits.max_unpacked_mb * _MB:
            raise ParseError(
                path,
                f"the {label} unpacks to {total / _MB:,.0f} MB (the limit is {limits.max_unpacked_mb:,} MB); "
                "it may be a zip bomb",
                "save the document again from Word/Excel/WPS, or raise max_unpacked_mb in the [parse] "
                "table of the settings file",
            )
        for info in infos:
            if info.is_dir() or info.file_size == 0:
                continue
            try:
                with z.open(info) as f:
                    head = f.read(_PROLOG_BYTES)
            except (zipfile.BadZipFile, OSError, EOFError, ValueError, NotImplementedError, RuntimeError):
                continue  # a damaged or encrypted part: the reader reports it if it needs the part
            problem = _refused(info.filename, head)
            if problem:
                raise ParseError(
                    path,
                    f"the {label} part {info.filename} {problem}, which Word, Excel and WPS never write",
                    "save the document again from Word, Excel or WPS",
                )
