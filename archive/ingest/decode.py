"""Bytes -> str for text-like uploads: BOM sniffing, UTF-16 without a BOM when it is plainly
UTF-16, strict UTF-8, then GB18030/Big5 when the text reads as Chinese, else the legacy encoding
charset-normalizer finds (Shift_JIS, EUC-KR, Windows-1252, …). Reports the encoding that was
used. :func:`strip_controls` then removes the control characters no plan contains."""

from __future__ import annotations

import codecs
import re

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
        utf16 = _plain_utf16(data)
        if utf16 is None:
            raise Undecodable("NUL bytes")
        return utf16
    try:
        return _checked(data.decode("utf-8")), "utf-8"
    except UnicodeDecodeError as exc:
        if exc.reason == "unexpected end of data":  # a file cut inside its last character
            return _checked(data[: exc.start].decode("utf-8") + "\ufffd"), "utf-8"
    decoded = {c: t for c in _CANDIDATES if (t := _decode_or_none(data, c)) is not None}
    chinese: tuple[str, str] | None = None
    if decoded:
        # Big5 bytes usually also decode as GB18030 (and vice versa): prefer the reading in
        # which the characters fall in that encoding's frequent-character block.
        codec = max(decoded, key=lambda c: (_frequent_share(decoded[c], c), c == "gb18030"))
        chinese = decoded[codec], codec
        if _reads_as_chinese(decoded[codec]):
            return _checked(decoded[codec]), codec
    # Not Chinese, or not plausibly: nearly any bytes decode as GB18030 (Windows-1252 French
    # "écologique" reads "閏ologique", Shift_JIS and EUC-KR become strings of rare hanzi), so
    # charset-normalizer, which weighs every legacy encoding, decides.
    found = _other_encoding(data)
    if found is not None:
        return found
    if chinese is not None:
        return _checked(chinese[0]), chinese[1]
    raise Undecodable("no encoding")


# The most frequent Chinese characters (charset-normalizer's table): they make up 22-33% of the
# hanzi of every demo plan read in its right encoding, under 8% of the hanzi a Japanese, Korean
# or Western file makes when read as GB18030 or Big5 (measured on the synthetic probes the tests
# keep); 15% is between the two.
_FREQUENT_HANZI = frozenset(charset_normalizer.constant.FREQUENCIES["Chinese"])
_CHINESE_SHARE = 0.15


def _reads_as_chinese(text: str) -> bool:
    han = [ch for ch in text[:20000] if "\u4e00" <= ch <= "\u9fff"]
    return bool(han) and sum(ch in _FREQUENT_HANZI for ch in han) >= _CHINESE_SHARE * len(han)


_CHINESE_CODECS = {"gb18030", "gbk", "gb2312", "big5", "big5hkscs", "hz", "cp950", "cp936"}


def _other_encoding(data: bytes) -> tuple[str, str] | None:
    """charset-normalizer's reading of ``data`` when it is not UTF-8, ASCII or a Chinese
    encoding (those are read above). Between Western code pages that read the bytes equally well
    (cp1250 and cp1252 agree on most letters, not on ñ or è) Windows-1252 wins: it is the
    commonest, and what browsers read ISO-8859-1 as."""
    matches = charset_normalizer.from_bytes(data)
    best = matches.best()
    if best is None or best.encoding in {"utf_8", "ascii"} | _CHINESE_CODECS:
        return None
    name = codecs.lookup(best.encoding).name
    text = str(best)
    if name != "cp1252":
        western = _decode_or_none(data, "cp1252")
        tied = (m for m in matches if m.chaos <= best.chaos + 0.01)
        if western is not None and (western == text or any(m.encoding == "cp1252" for m in tied)):
            name, text = "cp1252", western
    return _checked(text), name


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


# Unicode categories Cc (controls), Cs (surrogates) and Co (private use) but tab, LF, CR and FF:
# ranges fixed by the standard (tests/archive/test_ingest.py checks every code point).
_BAD = re.compile(
    "[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f\ud800-\udfff\ue000-\uf8ff"
    "\U000f0000-\U000ffffd\U00100000-\U0010fffd]"
)


def _checked(text: str) -> str:
    """Reject text that is mostly control characters (a binary file that happened to decode)."""
    sample = text[:20000]
    if not sample:
        return text
    bad = len(_BAD.findall(sample))
    if bad / len(sample) > 0.01 or "\x00" in sample:
        raise Undecodable("control characters")
    return text


def _plain_utf16(data: bytes) -> tuple[str, str] | None:
    """``(text, "utf-16-le"|"utf-16-be")`` when BOM-less ``data`` is plainly UTF-16, else None.

    Plainly means: an even length, strict decoding, and in one byte order (only) text made of
    the characters plans are written in (ASCII, CJK and its punctuation, full-width forms).
    Swapped bytes turn CJK into unrelated blocks, so the wrong order scores near 0 (measured on
    every demo plan: 1.0 for the right order, 0.0 for the wrong one).
    """
    if len(data) % 2:
        return None
    scores: list[tuple[float, str, str]] = []
    for codec in ("utf-16-le", "utf-16-be"):
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        scores.append((_plain_share(text[:20000]), codec, text))
    if not scores:
        return None
    scores.sort(reverse=True)
    best, codec, text = scores[0]
    if best < 0.95:
        return None
    if len(scores) > 1 and scores[1][0] > 0.5:
        # Both orders read well: Latin text, whose swapped bytes land in the CJK block. Its NUL
        # bytes (the high half of each ASCII character) tell the order.
        sample = data[:65536]
        even, odd = sample[0::2].count(0), sample[1::2].count(0)
        if odd >= 4 * max(1, even):
            codec = "utf-16-le"
        elif even >= 4 * max(1, odd):
            codec = "utf-16-be"
        else:
            return None
        text = next(t for _, c, t in scores if c == codec)
    return _checked(text), codec


def _plain_share(text: str) -> float:
    ok = sum(
        1
        for ch in text
        if ch in "\t\n\r"
        or " " <= ch <= "~"
        or "\u00a0" <= ch <= "\u00ff"
        or "\u2000" <= ch <= "\u206f"
        or "\u3000" <= ch <= "\u303f"
        or "\u4e00" <= ch <= "\u9fff"
        or "\uff00" <= ch <= "\uffef"
    )
    return ok / max(1, len(text))


# C0 and C1 controls except tab and line feed (CR is folded into LF before this runs), DEL,
# lone surrogates and the non-characters U+FFFE/U+FFFF: no plan contains them, XML (DOCX,
# XLSX exports) cannot carry them, and terminals act on them.
_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
_BREAKS = str.maketrans({"\x0b": "\n", "\x0c": "\n", "\x85": "\n"})


def strip_controls(text: str) -> tuple[str, str | None]:
    """``text`` without control characters (vertical tab, form feed and NEL become line
    breaks), and a one-line warning naming what was removed (None when nothing was)."""
    if not _CONTROLS.search(text):
        return text, None
    text = text.translate(_BREAKS)
    found = _CONTROLS.findall(text)
    if not found:
        return text, None
    kinds = sorted(set(found))
    names = ", ".join(f"U+{ord(ch):04X}" for ch in kinds[:5]) + (" …" if len(kinds) > 5 else "")
    return _CONTROLS.sub("", text), f"removed {len(found)} control characters ({names})"
