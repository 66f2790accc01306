"""Bytes -> str for text-like uploads: BOM sniffing, strict UTF-8, then GB18030/Big5/UTF-16 by
charset-normalizer. Reports the encoding that was used."""

from __future__ import annotations

import codecs
import unicodedata

import charset_normalizer

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig", "utf-8"),
    (codecs.BOM_UTF32_LE, "utf-32", "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32", "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16", "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16", "utf-16"),
)
# Legacy Chinese encodings we accept. GBK and GB2312 are subsets of GB18030.
_CANDIDATES = ("gb18030", "big5")


class Undecodable(ValueError):
    """The bytes are not text in any encoding we accept."""


def decode_bytes(data: bytes) -> tuple[str, str]:
    """Return ``(text, encoding)``; raise :class:`Undecodable` for binary or unknown bytes."""
    for bom, codec, name in _BOMS:
        if data.startswith(bom):
            try:
                return _checked(data.decode(codec, errors="strict")), name
            except UnicodeDecodeError as exc:
                if exc.reason not in {"unexpected end of data", "truncated data"}:
                    raise Undecodable(name) from None
                return _checked(data[: exc.start].decode(codec) + "\ufffd"), name
    if b"\x00" in data[:4096]:
        raise Undecodable("NUL bytes")
    try:
        return _checked(data.decode("utf-8")), "utf-8"
    except UnicodeDecodeError as exc:
        if exc.reason == "unexpected end of data":  # a file cut inside its last character
            return _checked(data[: exc.start].decode("utf-8") + "\ufffd"), "utf-8"
    decoded = {c: t for c in _CANDIDATES if (t := _decode_or_none(data, c)) is not None}
    if not decoded:
        best = charset_normalizer.from_bytes(data).best()
        if best is None or best.encoding in {"utf_8", "ascii"}:
            raise Undecodable("no encoding")
        return _checked(str(best)), codecs.lookup(best.encoding).name
    # Big5 bytes usually also decode as GB18030 (and vice versa): prefer the reading in which
    # the characters fall in that encoding's frequent-character block.
    codec = max(decoded, key=lambda c: (_frequent_share(decoded[c], c), c == "gb18030"))
    return _checked(decoded[codec]), codec


def _decode_or_none(data: bytes, codec: str) -> str | None:
    try:
        return data.decode(codec)
    except UnicodeDecodeError as exc:
        if exc.end >= len(data) and exc.start >= len(data) - 3:  # cut inside the last character
            return _decode_or_none(data[: exc.start], codec) if exc.start else None
        return None


def _frequent_share(text: str, codec: str) -> float:
    """Share of wide characters in the encoding's punctuation or frequent-hanzi block."""
    wide = [ch for ch in text[:20000] if ord(ch) >= 0x2E80]
    if not wide:
        return 0.0
    hits = 0
    for ch in wide:
        try:
            b = ch.encode(codec)
        except UnicodeEncodeError:
            continue
        if len(b) != 2:
            continue
        if codec == "gb18030":  # GB2312 symbols (A1-A3) and level-1 hanzi (B0A1-D7F9)
            hits += (0xA1 <= b[0] <= 0xA3 or 0xB0 <= b[0] <= 0xD7) and b[1] >= 0xA1
        else:  # Big5 symbols (A140-A3BF) and frequent hanzi (A440-C67E)
            hits += 0xA1 <= b[0] <= 0xC6
    return hits / len(wide)


def _checked(text: str) -> str:
    """Reject text that is mostly control characters (a binary file that happened to decode)."""
    sample = text[:20000]
    if not sample:
        return text
    bad = sum(
        1
        for ch in sample
        if unicodedata.category(ch) in {"Cc", "Cs", "Co"} and ch not in "\t\n\r\f"
    )
    if bad / len(sample) > 0.01 or "\x00" in sample:
        raise Undecodable("control characters")
    return text
