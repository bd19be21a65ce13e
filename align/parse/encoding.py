"""Decode text files the way Chinese offices save them: UTF-8, GB18030/GBK or UTF-16, or a mix.

A byte-order mark decides first; then strict UTF-8; UTF-16 without a mark shows itself by its NUL
bytes; then line by line, UTF-8 where a line is valid UTF-8 that reads as Chinese and GB18030 (a
superset of GBK and GB2312) otherwise, so a file pieced together from a UTF-8 and a GBK document
reads whole; charset-normalizer's guess last. Whatever decodes must look like text: bytes that
decode into control characters are binary data with a text file's name.
"""

from __future__ import annotations

import codecs
import re
from pathlib import Path

from align.errors import ParseError
from align.text import CONTROL_CHARS_RE

# Chinese characters and the punctuation and full-width forms Chinese text is written with.
_CJK_RE = re.compile(r"[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef]")


def _mostly_text(text: str) -> bool:
    if not text:
        return True
    return len(CONTROL_CHARS_RE.findall(text)) / len(text) < 0.01


def _not_text(source: str | Path) -> ParseError:
    return ParseError(
        source,
        "the file holds binary data, not text (is it a document with the wrong name?)",
        "save it as UTF-8 text, or as .docx",
    )


def _reads_as_chinese(text: str) -> bool:
    """A line valid as UTF-8 is taken as UTF-8 when its non-ASCII characters are mostly Chinese.

    GBK bytes that happen to be valid UTF-8 decode into Latin, Greek or Cyrillic letters instead.
    """
    wide = [ch for ch in text if ord(ch) > 127]
    return not wide or sum(1 for ch in wide if ord(ch) >= 0x2E80) >= 0.8 * len(wide)


def _decode_lines(data: bytes) -> str | None:
    """UTF-8 and GB18030 line by line (a newline byte never occurs inside a GBK character)."""
    lines = data.split(b"\n")
    out: list[str] = []
    bad = 0
    for line in lines:
        try:
            text = line.decode("utf-8")
            if _reads_as_chinese(text):
                out.append(text)
                continue
        except UnicodeDecodeError:
            pass
        try:
            out.append(line.decode("gb18030"))
        except UnicodeDecodeError:
            out.append(line.decode("gb18030", errors="replace"))
            bad += 1
    text = "\n".join(out)
    if bad > len(lines) // 100 or not _mostly_text(text):
        return None
    if len(_CJK_RE.findall(text)) < max(1, len(text) // 20):
        return None
    return text


# A byte-order mark and the codec that reads the bytes after it; UTF-32 before UTF-16, whose
# little-endian mark begins UTF-32's.
_BYTE_ORDER_MARKS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
    (codecs.BOM_UTF8, "utf-8"),
)


def split_bom(data: bytes) -> tuple[str | None, bytes]:
    """The codec a byte-order mark names and the bytes after it; ``(None, data)`` without one."""
    for bom, codec in _BYTE_ORDER_MARKS:
        if data.startswith(bom):
            return codec, data[len(bom) :]
    return None, data


def decode(data: bytes, source: str | Path) -> str:
    """Decode the bytes of a text file; :class:`ParseError` when no encoding reads them as text."""
    codec, body = split_bom(data)
    if codec is not None:
        text = body.decode(codec, errors="replace")
        if not _mostly_text(text):
            raise _not_text(source)
        return text
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:
        if not _mostly_text(text):
            raise _not_text(source)
        if not _CJK_RE.search(text) and not _reads_as_chinese(text):
            # A few GBK characters can happen to be valid UTF-8 (一 is D2 BB, Cyrillic һ in UTF-8);
            # a Chinese document without one Chinese character is the less likely reading.
            try:
                gb = data.decode("gb18030")
                if _reads_as_chinese(gb) and _CJK_RE.search(gb):
                    return gb
            except UnicodeDecodeError:
                pass
        return text
    sample = data[:4000]
    if sample.count(b"\x00") > len(sample) // 8:
        even_nuls = sample[0::2].count(b"\x00")
        odd_nuls = sample[1::2].count(b"\x00")
        enc = "utf-16-le" if odd_nuls >= even_nuls else "utf-16-be"
        try:
            text = data.decode(enc)
            if _mostly_text(text):
                return text
        except UnicodeDecodeError:
            pass
    text = _decode_lines(data)
    if text is not None:
        return text
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None or not _mostly_text(str(best)):
        raise ParseError(
            source,
            "cannot tell the text encoding (is this a text file?)",
            "save it as UTF-8 text, or as .docx",
        )
    return str(best)
