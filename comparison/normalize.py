"""Normalisation for comparison only: never applied to the text we store or display.

``normalize`` folds full-width digits, letters and punctuation to their ASCII forms (NFKC),
removes zero-width characters, turns NBSP and ideographic spaces into plain spaces and
collapses whitespace runs to a single space.
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["ZERO_WIDTH", "fold_spaces", "normalize"]

#: Characters that carry no visible content (ZWSP, ZWNJ, ZWJ, word joiner, BOM, soft hyphen).
ZERO_WIDTH = "\u200b\u200c\u200d\u2060\ufeff\u00ad"
_ZW_TABLE = {ord(c): None for c in ZERO_WIDTH}
_SPACE_TABLE = {ord(c): " " for c in "\u00a0\u3000\u2002\u2003\u2009\u202f\u205f\t\f\v"}
_WS_RUN = re.compile(r"\s+")
# str.translate with a mapping looks up every character; most texts hold none of these, and a
# regex search is a fast C scan: translate only when there is something to translate.
_SPECIAL = re.compile("[" + re.escape(ZERO_WIDTH + "".join(map(chr, _SPACE_TABLE))) + "]")


def fold_spaces(s: str) -> str:
    """Map NBSP, ideographic and other special spaces to ASCII spaces; drop zero-width chars."""
    if _SPECIAL.search(s) is None:
        return s
    return s.translate(_ZW_TABLE).translate(_SPACE_TABLE)


def normalize(s: str) -> str:
    """Return ``s`` in the form used for comparison.

    Examples
    --------
    >>> normalize("１．统筹\\u3000推进\\u200b，ＡＢ\\u00a0 c")
    '1.统筹 推进,AB c'
    """
    s = fold_spaces(s)
    s = unicodedata.normalize("NFKC", s)
    return _WS_RUN.sub(" ", s).strip()
