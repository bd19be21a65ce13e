"""Decode text files the way Chinese offices save them: UTF-8, GB18030/GBK or UTF-16.

A byte-order mark decides first; then strict UTF-8; UTF-16 without a mark shows itself by its NUL
bytes; then GB18030 (a superset of GBK and GB2312) when it decodes cleanly into mostly Chinese
text; charset-normalizer's guess last.
"""

from __future__ import annotations

import codecs
import re
from pathlib import Path

from align.errors import ParseError

_CJK_RE = re.compile(r"[\u4e00-\u9fff]")


def _mostly_text(text: str) -> bool:
    if not text:
        return True
    odd = sum(1 for ch in text if ord(ch) < 32 and ch not in "\r\n\t")
    return odd / len(text) < 0.01


def decode(data: bytes, source: str | Path) -> str:
    """Decode the bytes of a text file; :class:`ParseError` when no encoding reads them."""
    for bom, enc in (
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF32_LE, "utf-32"),
        (codecs.BOM_UTF32_BE, "utf-32"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(bom):
            return data.decode(enc, errors="replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    sample = data[:4000]
    if sample.count(b"\x00") > len(sample) // 8:
        even_nuls = sample[0::2].count(b"\x00")
        odd_nuls = sample[1::2].count(b"\x00")
        enc = "utf-16-le" if odd_nuls >= even_nuls else "utf-16-be"
        try:
            return data.decode(enc)
        except UnicodeDecodeError:
            pass
    try:
        text = data.decode("gb18030")
        if _mostly_text(text) and len(_CJK_RE.findall(text)) >= max(1, len(text) // 20):
            return text
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None or not _mostly_text(str(best)):
        raise ParseError(
            source,
            "cannot tell the text encoding (is this a text file?)",
            "save it as UTF-8 text, or as .docx",
        )
    return str(best)
