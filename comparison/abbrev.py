"""Abbreviations a document defines ("the Assurance Package (AP)"), read as their long forms.

A speech or plan spells a programme out once and abbreviates it afterwards; next year's text
may spell it out again, or name it only in full. To a bag of words "the AP" and "the Assurance
Package" share nothing, so the aligner reads each abbreviation the document itself defines as
its long form when it compares (the text, the redline and every output keep the abbreviation
as printed).

Definitions are found with the algorithm of Schwartz and Hearst (2003), "A simple algorithm for
identifying abbreviation definitions in biomedical text": a short form in parentheses after a
run of words, each character of the short form matched right to left in those words, the first
one at the start of a word. Only Latin-script definitions are read (a Chinese long form has no
initials), and a short form the document defines twice differently is left alone.

Both documents of a comparison read with the same table, the union of their definitions
(:func:`shared_definitions`): a year that defines "GST" and a year that only uses it then read
"GST Voucher" alike. A short form the two years define differently is left alone in both.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence

from comparison.document import PlanDocument

_DEFINITION = re.compile(r"\(\s*([A-Za-z][A-Za-z0-9&.\-]{1,9})\s*\)")
_WORD = re.compile(r"[A-Za-z0-9][A-Za-z0-9'’\-]*")
# a short form: two or more capitals, optionally with lower-case letters or digits between
_SHORT = re.compile(r"^(?=(?:.*[A-Z]){2})[A-Z][A-Za-z0-9&]*$")


def _long_form(short: str, before: str) -> str | None:
    """The shortest tail of ``before`` (the words before the parenthesis) that spells ``short``."""
    words = _WORD.findall(before)
    letters = [c.lower() for c in short if c.isalnum()]
    window = words[-min(len(letters) + 5, 2 * len(letters)) :]
    text = " ".join(window)
    s, i = len(letters) - 1, len(text) - 1
    while s >= 0:
        c = letters[s]
        while i >= 0 and (text[i].lower() != c or (s == 0 and i > 0 and text[i - 1].isalnum())):
            i -= 1
        if i < 0:
            return None
        i -= 1
        s -= 1
    start = text.rfind(" ", 0, i + 1) + 1
    long_form = text[start:]
    if len(long_form) <= len(short) or " " not in long_form:
        return None
    if short.lower() in long_form.lower().split():
        return None
    return long_form


def definitions(texts: Iterable[str]) -> dict[str, str]:
    """Short form -> long form, for every abbreviation ``texts`` define exactly one way."""
    found: dict[str, set[str]] = {}
    for text in texts:
        if "(" not in text:
            continue
        for m in _DEFINITION.finditer(text):
            short = m.group(1).rstrip(".")
            if not _SHORT.match(short):
                continue
            before = text[max(0, m.start() - 200) : m.start()]
            if not before.rstrip()[-1:].isalnum():
                continue
            long_form = _long_form(short, before)
            if long_form is not None:
                found.setdefault(short, set()).add(_fold(long_form))
    return _one_way(found)


def _one_way(forms: dict[str, set[str]]) -> dict[str, str]:
    """The short forms given exactly one long form, sorted by short form."""
    return {s: next(iter(f)) for s, f in sorted(forms.items()) if len(f) == 1}


def _fold(long_form: str) -> str:
    return " ".join(long_form.split()).lower()


def expand(tokens: Sequence[str], defs: Mapping[str, str]) -> list[str]:
    """``tokens`` with each defined short form replaced by its long form's words (as tokens with
    single spaces between them), except where the short form is being defined: ``(AP)``."""
    out: list[str] = []
    n = len(tokens)
    for k, t in enumerate(tokens):
        long_form = defs.get(t)
        if long_form is None:
            out.append(t)
            continue
        defining = 0 < k < n - 1 and tokens[k - 1] == "(" and tokens[k + 1] == ")"
        if defining:
            out.append(t)
            continue
        words = long_form.split(" ")
        for w, word in enumerate(words):
            if w:
                out.append(" ")
            out.append(word)
    return out


def document_definitions(doc: PlanDocument) -> dict[str, str]:
    """The abbreviations ``doc`` defines (none for a Chinese document)."""
    if doc.language == "zh":
        return {}
    return definitions(u.text for u in doc.units)


def shared_definitions(*tables: Mapping[str, str]) -> dict[str, str]:
    """The union of several documents' definitions, without the short forms they define
    differently; sorted by short form, so the result does not depend on the order given."""
    forms: dict[str, set[str]] = {}
    for table in tables:
        for short, long_form in table.items():
            forms.setdefault(short, set()).add(long_form)
    return _one_way(forms)
