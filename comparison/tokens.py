"""Tokens for comparison: jieba words (Chinese), lower-cased words (English), character n-grams.

The tokenizer (rjieba, a binding of jieba-rs: jieba's dictionary and segmentation in Rust) is
initialised once, lazily, with Yearline's user dictionary of agency names and recurring policy
terms (``comparison/data/userdict.txt``).
Formulaic verbs and year numbers are *low-weight* terms (``comparison/data/lowweight_zh.txt``).
"""

from __future__ import annotations

import re
import threading
from collections import Counter
from collections.abc import Sequence
from functools import lru_cache
from importlib import resources
from typing import Any

LOW_WEIGHT = 0.15  # multiplier for formulaic terms and year numbers

_lock = threading.Lock()
_tokenizer: Any = None

_HAN = "\u3400-\u9fff\uf900-\ufaff"  # CJK ideographs (extension A, unified, compatibility)
_CJK = re.compile(f"[{_HAN}]")
_SPACE = re.compile(r"\s+")
# Letters of the alphabets plans are written in besides Chinese: Latin with its accents (not × and
# ÷), Greek, Cyrillic, Hebrew, Arabic, Devanagari, Thai, kana and Hangul. Before they were listed,
# a word like "écologique" was scored as "cologique" and a Korean or Russian plan had no tokens.
_LETTERS = (
    "A-Za-z0-9\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f\u0370-\u03ff\u0400-\u04ff"
    "\u0590-\u05ff\u0600-\u06ff\u0900-\u097f\u0e00-\u0e7f\u3040-\u30ff\uac00-\ud7af"
)
# Scripts written without spaces between words, or whose words carry their particles (Korean):
# compared by character n-grams, as Chinese is
_NGRAM_SCRIPT = re.compile(f"[{_HAN}\u0e00-\u0e7f\u3040-\u30ff\uac00-\ud7af]")
# A run of "content" characters for n-grams: CJK, letters, digits.
_CONTENT = re.compile(f"[{_HAN}{_LETTERS}]+")
_EN_WORD = re.compile(rf"[{_LETTERS}]+(?:['’][{_LETTERS}]+)?")
_EN_REDLINE = re.compile(rf"[{_LETTERS}]+(?:['’][{_LETTERS}]+)?|\s+|[^{_LETTERS}\s]")
# A 十四五-style run is tried only from its first numeral (the look-behind): same matches, but a
# long run of numerals without 五 is scanned once instead of once per position (quadratic).
_YEAR = re.compile(
    r"(?:19|20)\d\d年?(?:度)?|[今明去前后上下]年(?:度)?|(?<![一二三四五六七八九十])[一二三四五六七八九十]+五"
)
_PUNCT_ONLY = re.compile(r"^[\W_]+$")


def _data_lines(name: str) -> list[str]:
    text = resources.files("comparison.data").joinpath(name).read_text(encoding="utf-8")
    out: list[str] = []
    for line in text.splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            out.append(line)
    return out


@lru_cache(maxsize=1)
def low_weight_terms() -> frozenset[str]:
    """Formulaic Chinese terms that weigh little."""
    return frozenset(_data_lines("lowweight_zh.txt"))


@lru_cache(maxsize=1)
def english_stop_words() -> frozenset[str]:
    return frozenset(_data_lines("stopwords_en.txt"))


_EN_STEMMABLE = re.compile(r"[a-z]{4,}")


def has_cjk(text: str) -> bool:
    """Whether ``text`` holds a Chinese character."""
    return _CJK.search(text) is not None


@lru_cache(maxsize=1 << 16)
def stem(word: str) -> str:
    """Harman's S-stemmer for a lower-cased English word: plural forms folded to the singular,
    stop words and short words left alone (rebates/rebate, subsidies/subsidy, offsets/offset),
    and the possessive dropped first (city's/city, singapore’s/singapore).

    >>> [stem(w) for w in ("rebates", "subsidies", "boxes", "status", "class", "this", "gst")]
    ['rebate', 'subsidy', 'boxe', 'status', 'class', 'this', 'gst']
    >>> [stem(w) for w in ("city's", "singapore’s", "it's")]
    ['city', 'singapore', 'it']
    """
    if word.endswith(("'s", "’s")):  # the possessive: city's is city
        word = word[:-2]
    if not _EN_STEMMABLE.fullmatch(word) or word in english_stop_words():
        return word
    if word.endswith("ies") and not word.endswith(("eies", "aies")):
        return word[:-3] + "y"
    if word.endswith("es") and not word.endswith(("aes", "ees", "oes")):
        return word[:-1]
    if word.endswith("s") and not word.endswith(("us", "ss")):
        return word[:-1]
    return word


def _get_tokenizer() -> Any:
    """The shared rjieba tokenizer, initialised on first use (thread-safe).

    rjieba (jieba-rs) carries jieba's dictionary and HMM compiled in, so it starts in about
    0.1 s where jieba's ``marshal.load`` of its dictionary cache took 0.6 s or more. The user
    dictionary is added as jieba's ``add_word`` did (``freq=None`` suggests a frequency), to
    rjieba's module-level tokenizer (nothing else in the process segments with it).
    """
    global _tokenizer
    if _tokenizer is not None:
        return _tokenizer
    with _lock:
        if _tokenizer is None:
            import rjieba  # builds its default tokenizer on import: use that one, not a second

            tk = rjieba
            for line in _data_lines("userdict.txt"):
                parts = line.split()
                freq = int(parts[1]) if len(parts) > 1 else None
                tag = parts[2] if len(parts) > 2 else None
                tk.add_word(parts[0], freq, tag)
            for term in sorted(low_weight_terms()):
                if len(term) > 1 and not tk.has_word(term):  # most are in jieba's dictionary
                    tk.add_word(term, None, None)
            _tokenizer = tk
    return _tokenizer


def cut(text: str) -> list[str]:
    """Segment ``text`` into tokens whose concatenation is exactly ``text`` (for redlines).

    >>> "".join(cut("推进基本公共服务均等化 in 2014.")) == "推进基本公共服务均等化 in 2014."
    True
    """
    if not text:
        return []
    if not _CJK.search(text):
        return _EN_REDLINE.findall(text)
    tokens: list[str] = []
    for block in _HAN_BLOCK.split(text):
        if block:
            tokens.extend(_cut_block(block))
    if "".join(tokens) != text:  # never expected; keep the invariant regardless
        return list(text)
    return tokens


# jieba segments each run of these characters on its own (its ``re_han_default``), so cutting
# block by block gives the same tokens as cutting the whole text — and repeated clauses, common
# from one year to the next, are segmented once.
_HAN_BLOCK = re.compile(r"([\u4E00-\u9FD5a-zA-Z0-9+#&\._%\-]+)")
# What jieba does outside those runs (``re_skip_default``): a whitespace character (or CRLF) is a
# token, every other character is one on its own. Done here, because jieba-rs counts more
# characters (CJK extension A) as Han than jieba does.
_SKIP_BLOCK = re.compile(r"(\r\n|\s)")
# jieba's HMM fallback splits an unknown non-Han run this way (``finalseg.re_skip``);
# jieba-rs keeps e.g. 2006-2020 or 3.50pm whole, so its non-Han tokens are split here again.
_HMM_SKIP = re.compile(r"([a-zA-Z0-9]+(?:\.\d+)?%?)")


@lru_cache(maxsize=1 << 16)
def _cut_block(block: str) -> tuple[str, ...]:
    """jieba's tokens of one block (``cut(block, HMM=True)``), English runs split into words."""
    tokens: list[str] = []
    if not _HAN_BLOCK.fullmatch(block):
        for x in _SKIP_BLOCK.split(block):
            if _SKIP_BLOCK.match(x):
                tokens.append(x)
            else:
                tokens.extend(x)
        return tuple(tokens)
    for tok in _get_tokenizer().cut(block, True):
        if _CJK.search(tok) or len(tok) <= 1:
            tokens.append(tok)
        else:
            for part in _HMM_SKIP.split(tok):
                if part:
                    tokens.extend(_EN_REDLINE.findall(part))
    return tuple(tokens)


@lru_cache(maxsize=1 << 16)
def is_low_weight(token: str) -> bool:
    """A formulaic term, a year number, a stop word, or punctuation."""
    t = token.lower()
    return (
        t in low_weight_terms()
        or t in english_stop_words()
        or _YEAR.fullmatch(t) is not None
        or _PUNCT_ONLY.match(t) is not None
    )


def _is_content(tok: str) -> bool:
    return not tok.isspace() and _PUNCT_ONLY.match(tok) is None


@lru_cache(maxsize=1 << 16)
def _content_form(tok: str) -> str | None:
    """The token lower-cased if it is a scoring token, else None (tokens recur: cached)."""
    return tok.lower() if _is_content(tok) else None


def content_tokens(text: str, cut_tokens: Sequence[str] | None = None) -> list[str]:
    """Scoring tokens: words without spaces/punctuation, lower-cased.

    >>> content_tokens("The Budget, the plan.")
    ['the', 'budget', 'the', 'plan']
    """
    toks = cut(text) if cut_tokens is None else cut_tokens
    return [t for t in map(_content_form, toks) if t is not None]


def _low_runs(text: str, tokens: Sequence[str]) -> list[str]:
    """Maximal runs of ``text`` made of low-weight tokens and year numbers."""
    spans: list[tuple[int, int]] = []
    pos = 0
    for tok in tokens:
        if is_low_weight(tok):
            spans.append((pos, pos + len(tok)))
        pos += len(tok)
    spans.extend((m.start(), m.end()) for m in _YEAR.finditer(text))
    spans.sort()
    runs: list[str] = []
    start, end = -1, -1
    for s, e in spans:
        if s <= end:
            end = max(end, e)
        else:
            if end > start >= 0:
                runs.append(text[start:end])
            start, end = s, e
    if end > start >= 0:
        runs.append(text[start:end])
    return runs


def _char_ngrams(text: str, into: Counter[str]) -> None:
    for m in _CONTENT.finditer(text):
        seg = m.group().lower()
        for n in (2, 3):
            if len(seg) >= n:
                into.update(seg[i : i + n] for i in range(len(seg) - n + 1))


def weighted_ngrams(text: str) -> dict[str, float]:
    """Character 2- and 3-grams (Chinese) or word 1- and 2-grams (English, plurals folded by
    :func:`stem`) with weights.

    Counts are raw; an n-gram lying wholly inside formulaic words or year numbers counts
    ``LOW_WEIGHT``. Chinese text is analysed clause by clause (n-grams never cross punctuation),
    and clauses, which recur from year to year, are analysed once.

    >>> sorted(weighted_ngrams("民生实事"))
    ['实事', '民生', '民生实', '生实', '生实事']
    >>> weighted_ngrams("加强民生")["加强"] < weighted_ngrams("加强民生")["民生"]
    True
    """
    grams: dict[str, float] = {}
    if not _NGRAM_SCRIPT.search(text):
        stop = english_stop_words()
        words = [stem(w.lower()) for w in _EN_WORD.findall(text)]
        for i, w in enumerate(words):
            wt = LOW_WEIGHT if w in stop else 1.0
            grams[w] = grams.get(w, 0.0) + wt
            if i + 1 < len(words):
                bi = f"{w} {words[i + 1]}"
                bw = LOW_WEIGHT if (w in stop and words[i + 1] in stop) else 1.0
                grams[bi] = grams.get(bi, 0.0) + bw
        return grams
    for seg in ngram_segments(text) or ():
        part = segment_ngrams(seg)
        # the same sums and key order as adding gram by gram (grams[g] = grams.get(g, 0.0) + w),
        # with the dictionary work in C: shared grams are summed, new ones appended in order
        shared = part.keys() & grams.keys()
        summed = {g: grams[g] + part[g] for g in shared} if shared else None
        grams.update(part)
        if summed:
            grams.update(summed)
    return grams


def read_by_characters(text: str) -> bool:
    """Whether :func:`weighted_ngrams` compares ``text`` by character n-grams (it holds Chinese,
    Thai, kana or Hangul) rather than by words.

    >>> read_by_characters("청년 일자리 창출"), read_by_characters("Action 7: jobs")
    (True, False)
    """
    return _NGRAM_SCRIPT.search(text) is not None


def ngram_segments(text: str) -> list[str] | None:
    """The lower-cased runs of content characters whose character n-grams
    :func:`weighted_ngrams` sums, in order (each run's are :func:`segment_ngrams`), or None
    for a text it reads by words (no Chinese, Thai, kana or Hangul in it)."""
    if not read_by_characters(text):
        return None
    return [seg.lower() for seg in _CONTENT.findall(text)]


@lru_cache(maxsize=1 << 16)
def segment_ngrams(seg: str) -> dict[str, float]:
    """One run's weighted character n-grams, in first-seen order (cached and shared: never
    modify it)."""
    return dict(_segment_grams(seg))


@lru_cache(maxsize=1 << 16)
def _segment_grams(seg: str) -> tuple[tuple[str, float], ...]:
    total: Counter[str] = Counter()
    _char_ngrams(seg, total)
    low: Counter[str] = Counter()
    for run in _low_runs(seg, cut(seg)):
        _char_ngrams(run, low)
    return tuple((g, (c - low.get(g, 0)) + low.get(g, 0) * LOW_WEIGHT) for g, c in total.items())


def sentences(text: str) -> list[str]:
    """Split into sentences on 。！？； (and their half-width forms, English sentence ends).

    >>> sentences("一是加强。二是推进；Then this. And that!")
    ['一是加强。', '二是推进；', 'Then this.', 'And that!']
    """
    parts = re.split(r"(?<=[。！？；;!?])|(?<=\.)(?=\s)|\n+", text)
    return [p.strip() for p in parts if p and p.strip()]


def squash_spaces(text: str) -> str:
    return _SPACE.sub(" ", text).strip()
