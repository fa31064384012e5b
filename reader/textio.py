"""Bytes to text: UTF-8 (with or without BOM), UTF-16 with BOM, GB18030/GBK.

Empty, binary and undecodable files raise :class:`DecodeError` with a reason a
user can act on. Line ends are normalised to "\\n"; nothing else is changed.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

from reader.errors import DecodeError

_BINARY_MAGIC = {
    b"\x89PNG": "a PNG image",
    b"\xff\xd8\xff": "a JPEG image",
    b"GIF8": "a GIF image",
    b"%PDF": "a PDF document",
    b"PK\x03\x04": "a ZIP archive (or an Office document)",
    b"\x7fELF": "a program",
}
# C0 controls other than tab and newline: kept out of the text, counted in the report.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_SURROGATE = re.compile(r"[\ud800-\udfff]")
_CJK = re.compile(r"[\u3400-\u9fff]")


@dataclass(frozen=True)
class Decoded:
    """Decoded text and the encoding it was read with."""

    text: str
    encoding: str


def decode_bytes(data: bytes) -> Decoded:
    """Decode a newspaper text file.

    >>> decode_bytes("大同".encode("gbk")).encoding
    'gb18030'
    >>> decode_bytes(b"\\xef\\xbb\\xbf\\xe5\\xa4\\xa7\\r\\n").text
    '大\\n'
    """
    if not data.strip():
        raise DecodeError("the file is empty")
    for magic, what in _BINARY_MAGIC.items():
        if data.startswith(magic):
            raise DecodeError(f"not a text file: it is {what}")
    text, encoding = _decode(data)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _SURROGATE.sub("\ufffd", text)
    text = _CONTROL.sub("", text)
    if not text.strip():
        raise DecodeError("the file holds no text")
    return Decoded(text, encoding)


def _decode(data: bytes) -> tuple[str, str]:
    if data.startswith(codecs.BOM_UTF8):
        return _strict(data[3:], "utf-8", "utf-8-sig")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _strict(data, "utf-16", "utf-16")
    if b"\x00" in data[:4096]:
        raise DecodeError("not a text file: it contains NUL bytes (binary data)")
    try:  # surrogatepass: UTF-8 whose only flaw is encoded surrogates (CESU-8, WTF-8) is mended
        return _unmojibake(_mend_surrogates(data.decode("utf-8", "surrogatepass"))), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("gb18030"), "gb18030"
    except UnicodeDecodeError as exc:
        raise DecodeError(
            f"cannot decode the file as UTF-8 or GB18030 (bad byte at offset {exc.start})"
        ) from None


def _strict(data: bytes, codec: str, name: str) -> tuple[str, str]:
    try:
        return _mend_surrogates(data.decode(codec, "surrogatepass")), name
    except UnicodeDecodeError as exc:
        raise DecodeError(f"the file claims {name} but has a bad byte at offset {exc.start}") from None


def _mend_surrogates(text: str) -> str:
    """Join surrogate pairs into the characters they stand for; lone halves become U+FFFD."""
    if not _SURROGATE.search(text):
        return text
    return text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")


def _unmojibake(text: str) -> str:
    """Repair UTF-8 that was once read as Latin-1 and saved again (å¤§åŒ… -> 大同…)."""
    if _CJK.search(text) or not re.search(r"[\u00c0-\u00ef][\u0080-\u00bf]", text):
        return text
    try:
        repaired = text.encode("latin-1").decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return text
    return repaired if _CJK.search(repaired) else text
