"""English plans: "reduce emissions by at least 5%", "GDP growth of 1 to 3 per cent".

A number with a percent sign or "per cent" is a quantity; it is a target when its sentence looks
ahead (will, aim, target, forecast, expect, plan, by 2030) and an outcome when it reports the
past (last year, grew, was, rose, fell). Sentences that do neither state no commitment -- except
in an action of a plan, whose sentences commit unless they report the past: a unit labelled with
a plan's keyword (``Action 3: Cut energy use by 15%.``, ``Objective 1.1``, ``Mesure 2``), or a
numbered one opening with an imperative (``2. Reduce waste by 10%.``). A numbered paragraph of a
speech (``28.2 The manufacturing share rose …``) is no action. ``from 50% to 45%`` is a change:
the figure committed to is the second, in the other languages the reader serves too (``von 15 %
auf 25 %``, ``de 50 % à 45 %``, ``Увеличить … с 10 до 15 %``: a % on the first figure, a falling
figure, a verb of change or a to-word that only names a new value says so; ``von 15 bis 25 %``
and ``zwischen 4 und 5 %`` are ranges). The same reader serves other Latin-script plans: a
decimal comma (``7,5 %``) is read as a point.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from comparison.quantity import Quantity
from comparison.target_vocab import indicator_for
from comparison.tokens import sentences

# a decimal comma (7,5 %) only where the comma cannot group thousands (one or two digits after)
_N = r"\d+(?:,\d{3})*(?:\.\d+)?(?!,\d)|\d{1,3},\d{1,2}(?!\d)"
_PCT = r"\s?(?:%|per\s?cent|percent)"
# "from … to" and "between … and" in the Latin- and Cyrillic-script languages plans are printed in
# (French, Spanish, Portuguese, Italian, German, Dutch, Russian): the words before the first
# figure (never the end of a word: "trade 5 to 10%") and between the two (with a space each side:
# "3e5%" is no range)
_FROM = r"from|de|du|del|desde|von|van|da|do|dal|dai|с|со|от"
_BETWEEN = r"between|entre|zwischen|tussen|tra|fra|между"
_MOVE_TO = r"auf|naar|para"  # "to" that only ever names a new value: von 15 auf 25 %
_TO = rf"à|a|al|ai|hasta|bis|tot|до|{_MOVE_TO}"
_AND = r"et|y|e|und|en|и"
QUANTITY_EN = re.compile(
    rf"(?P<pre>(?<!\w)(?:{_BETWEEN}|{_FROM})\s)?(?<!\d)(?<!\d[,.])(?P<n1>{_N})(?P<u1>{_PCT})?"
    rf"(?:(?:\s?(?:-|–|(?P<to>to)|and)\s?|\s(?:(?P<to2>{_TO})|{_AND})\s)(?P<n2>{_N}))?"
    rf"(?P<u2>{_PCT})",
    re.IGNORECASE,
)
# words that never name what is counted ("1 und 2 %", "15 auf 25 %", "40 schools by 2028")
_SMALL = (
    "(?:"
    + "|".join((
        "by", "in", "to", "for", "and", "or", "of", "per", "at", "on", "with", "from", "the",
        "a", "an", "de", "des", "du", "et", "par", "pour", "en", "au", "aux", "bis", "und",
        "auf", "zu", "im", "para", "por", "y", "con", "al", "del", "tot", "naar", "across",
        "each", "every", "within", "before", "percent", "per cent", "million", "billion",
    ))
    + r")\b"
)  # fmt: skip
# a count an action commits to: "Retrofit 40 schools", "Plant 5,000 trees", "Build 30 km of
# bike lanes", "Rénover 500 logements" (never a year, money, a percentage or a decimal)
COUNT_EN = re.compile(
    r"(?<![\w$£€¥.,])(?P<n>\d{1,3}(?:,\d{3})+|\d{1,7})(?![\d.,%]|\s?(?:%|per\s?cent|percent))"
    r"(?:\s(?P<u>km|kilometres|kilometers|miles|hectares|ha|MW|GW|tonnes|m2|m²))?"
    r"\s(?:of\s)?(?:new\s|more\s|additional\s|extra\s|nouveaux\s|nouvelles\s|neue\s)?"
    rf"(?P<noun>(?!{_SMALL})[a-zà-ÿß][a-zà-ÿß'’-]{{2,}}(?:\s(?!{_SMALL})[a-zà-ÿß][a-zà-ÿß'’-]{{2,}})?)"
)
_FROM_WORD = re.compile(rf"(?:{_FROM})\s", re.IGNORECASE)
_MOVE_WORD = re.compile(_MOVE_TO, re.IGNORECASE)
_EN_PRE = ("between ", "from ")
_YEARLIKE = re.compile(r"(?:19|20)\d\d")
# verbs and nouns of change in those languages, by stem (Erhöhung, réduire, aumentar, снизить)
_CHANGE_STEM = re.compile(
    r"(?<!\w)(?:erhöh|senk|steiger|reduzier|verringer|halbier|augment|rédui|réduc|diminu|baiss|"
    r"porter|ramener|abaiss|relev|hausse|aument|reduc|reduz|reduç|disminu|subir|baj|elev|rebaj|"
    r"ridur|riduz|abbass|alzar|portar|увелич|сниз|сокра|повыс|уменьш|довести|доведение|verhog|"
    r"verlag|verminder|verdubbel|halver|terugbreng)\w*",
    re.IGNORECASE,
)
_QUAL = (
    (re.compile(r"(?:at least|no less than|more than|over|above)\s*$", re.I), "at_least"),
    (
        re.compile(r"(?:at most|no more than|up to|not exceeding|not exceed|within)\s*$", re.I),
        "at_most",
    ),
    (re.compile(r"(?:below|under|less than)\s*$", re.I), "below"),
    (re.compile(r"(?:about|around|approximately|roughly|some)\s*$", re.I), "about"),
)
_FUTURE = re.compile(
    r"\b(?:will|shall|aim|aims|target|targets|forecast|expect|expected|projected|plan|plans|"
    r"goal|commit|intend|by 20\d\d)\b",
    re.I,
)
_PAST = re.compile(
    r"\b(?:last year|grew|was|were|rose|fell|increased|decreased|declined|achieved|had|came in)\b"
    # Korean: a past ending (높였다, 달성했으며, 기록했습니다) or the word for results (실적)
    r"|(?:었|았|였|했|됐|렸|쳤)(?:다|으며|고|습니다|음)|실적",
    re.I,
)
# a Korean plan's sentence of intent: a present ending (높인다, 추진한다, 확대합니다) or a noun of
# action closing a headline (일자리 5만 개 창출); past endings are _PAST's
_KO_INTENT = re.compile(
    r"(?:[가-힣](?<![었았였했됐렸쳤])(?:ㄴ다|는다|한다|인다|린다|친다|운다|진다|된다|겠다|합니다|습니다)"
    r"|추진|확대|강화|도입|구축|마련|달성|지원|개선|조성|확충|창출|감축|절감|완료)[.!。]?\s*$"
)
_HANGUL = re.compile(r"[가-힣]")
# verbs an action opens with, in the imperative: "Reduce …", "Raise …", "Deliver …"
_IMPERATIVE = re.compile(
    r"(?:reduce|cut|lower|halve|increase|raise|lift|double|triple|grow|expand|extend|achieve|"
    r"reach|deliver|ensure|maintain|keep|limit|cap|bring|boost|improve|strengthen|accelerate|"
    r"provide|build|create|establish|introduce|launch|develop|implement|set|meet|attain|"
    r"support|promote|invest|allocate|fund|train|hire|recruit|connect|plant|install|upgrade|"
    r"retrofit|phase (?:out|down|in)|move|shift|target|aim)\b",
    re.I,
)
# a table's baseline column kept as a line of the unit ("Baseline (2022): 30%"): where the plan
# starts from, never what it commits to
_BASELINE_LINE = re.compile(
    r"^\s*(?:baseline|base\s?line|base year|current(?: value| level)?|actual|status quo|"
    r"starting point|référence|valeur de référence|situation (?:actuelle|de départ)|"
    r"línea (?:de )?base|valor (?:de )?referencia|ausgangswert|ist-wert|istwert|basiswert|"
    r"nulmeting|uitgangswaarde|stan wyjściowy|基线|基准值|现状)\b[^:：\n]{0,30}[:：]",
    re.I,
)
# a verb of change before "from X to Y": the figure moves, it is no range
_CHANGE_VERB = re.compile(
    r"\b(?:raise[sd]?|raising|increase[sd]?|increasing|cut|cuts|cutting|reduce[sd]?|reducing|"
    r"lower(?:s|ed|ing)?|lift(?:s|ed|ing)?|rise[sn]?|rising|rose|fall(?:s|en|ing)?|fell|"
    r"grow(?:s|n|ing)?|grew|go(?:es)? up|go(?:es)? down|move[sd]?|moving|change[sd]?)\b",
    re.I,
)
# "by 2030" and its forms in the other languages the reader serves (d'ici 2030, bis 2030, para
# 2030, entro il 2030, tegen 2030, к 2030 году) and in Korean (2030년까지)
_BY_YEAR = re.compile(
    r"(?<!\w)(?:by|d['’]ici(?: à| a| la fin de)?|bis(?: zum jahr| ende)?|hasta(?: el año)?|para|"
    r"até|entro(?: il)?|tegen|к|до)\s+(20\d\d)\b|(20\d\d)\s*년\s*까지",
    re.I,
)
_NAME_STOP = re.compile(
    r"\b(?:by|of|at|to|is|be|will|would|should|aim|aims|target|forecast|expect|expected|"
    r"grow|growth rate of|between|from|around|about|at least|at most|below|under|no more than|"
    r"no less than|up to|over|more than|approximately|roughly|some|"
    # the same small words in the other languages the reader serves: réduire de, reducir en un,
    # Senkung um, erhöhen auf, reduzir em, ridurre del, verminderen met
    r"de|d['’]|en|un|en un|una|um|auf|em|por|par|di|del|della|met|tot|na|do)\s*$",
    re.I,
)


def _name(before: str) -> str:
    clause = re.split(r"[,;:()]", before)[-1]
    name = clause.strip()
    for _ in range(4):
        new = _NAME_STOP.sub("", name).strip()
        if new == name:
            break
        name = new
    words = name.split()
    return " ".join(words[-6:])


# what follows a verb of _IMPERATIVE used as a noun ("Support for seniors …", "Target groups
# …", "Set against this …"), and the finite verbs of a sentence that states
# rather than commands ("… amounts to 5%", "… is now 10%")
_NOUN_USE = frozenset((
    "for", "of", "on", "in", "against", "to", "at", "with", "groups", "group", "schemes",
    "scheme", "levels", "level", "rate", "rates", "is", "are", "was", "were", "has", "have",
    "will", "would",
))  # fmt: skip
_FINITE = re.compile(
    r"\b(?:is|are|was|were|has|have|had|amounts?|amounted|includes?|included|covers?|"
    r"covered|reached|stands?|stood|accounts?|accounted|remains?|remained)\b",
    re.I,
)


# Other Latin-script plans write their actions as an infinitive (Réduire de 15 % …, Reducir …,
# Ridurre …) or, in German, as a noun of action (Senkung der Emissionen um 5 %); told from
# English by the unit's own function words
_INFINITIVE = re.compile(r"[A-ZÀ-Þ][a-zà-ÿ]{2,}(?:er|ir|re|ar)\s")
_ACTION_NOUN = re.compile(r"[A-ZÄÖÜ][a-zäöüß]{2,}ung\s")
_NOT_INFINITIVES = frozenset((
    "pilier", "premier", "dernier", "lugar", "hier", "dossier", "quartier", "chantier",
    "calendrier", "primer", "tercer", "mujer", "poder", "centre", "cadre", "titre", "nombre",
    "entre", "contre", "notre", "votre", "autre", "mayor", "menor", "sector", "valor",
))  # fmt: skip
_ENGLISH_WORDS = frozenset(("the", "and", "of", "to", "in", "for", "with", "by", "is", "are", "we"))
_OTHER_WORDS = frozenset((
    "de", "la", "le", "les", "des", "du", "et", "à", "en", "un", "une", "el", "los", "las",
    "del", "y", "para", "con", "por", "il", "di", "della", "delle", "e", "per", "do", "da",
    "dos", "das", "der", "die", "und", "von", "zu", "auf", "um", "im", "mit", "für",
))  # fmt: skip


def action_opening(text: str) -> bool:
    """Does ``text`` open as an action of a plan does: an English imperative (:func:`imperative`),
    or, in a unit whose function words are not English, an infinitive (``Réduire de 15 % …``,
    ``Reducir un 10 % …``) or a German noun of action (``Senkung der Emissionen um 5 %``), or a
    Korean sentence of intent (``고용률을 70%까지 높인다.``, ``청년 일자리 5만 개 창출``)?"""
    if imperative(text):
        return True
    s = text.lstrip()
    if _HANGUL.search(s[:20]):  # Korean: the first sentence states an intent, not a result
        first = next(iter(sentences(s)), s)
        return _KO_INTENT.search(first) is not None and _PAST.search(first) is None
    m = _INFINITIVE.match(s) or _ACTION_NOUN.match(s)
    if m is None or m.group(0).strip().casefold() in _NOT_INFINITIVES:
        return False
    words = [w.strip(",.;:()").casefold() for w in s.split()[:30]]
    return sum(w in _OTHER_WORDS for w in words) > sum(w in _ENGLISH_WORDS for w in words)


def imperative(text: str) -> bool:
    """Does ``text`` open with an English imperative (``Reduce waste by 10%.``), a verb that
    commands rather than a noun (``Support for seniors amounts to 5%`` does not)?"""
    s = text.lstrip()
    m = _IMPERATIVE.match(s)
    if m is None:
        return False
    second = s[m.end() :].split(None, 1)[:1]
    if second and second[0].casefold().strip(",.;:") in _NOUN_USE:
        return False
    first_sentence = next(iter(sentences(s)), s)
    return _FINITE.search(first_sentence) is None


def _number(s: str) -> float:
    """``1,500`` -> 1500.0; ``7,5`` -> 7.5 (see ``_N``)."""
    head, _, tail = s.partition(",")
    if tail and len(tail) <= 2 and "," not in tail and "." not in tail:
        return float(f"{head}.{tail}")
    return float(s.replace(",", ""))


def _qualifier(before: str, *, whole_words: bool = False) -> str:
    """The qualifier the words before a figure give it ("at least", "about" …), else "exact";
    ``whole_words``: the qualifier may not end a longer word."""
    for pattern, q in _QUAL:
        hit = pattern.search(before)
        if hit and (not whole_words or hit.start() == 0 or not before[hit.start() - 1].isalpha()):
            return q
    return "exact"


def _counts(key: str, sent: str, s_start: int, horizon: str | None) -> Iterator[Quantity]:
    """The counts an action's sentence commits to (``COUNT_EN``), named by what comes before
    the figure and the thing counted: "Retrofit 40 schools" is ``Retrofit schools`` 40."""
    figures = [(q.start(), q.end()) for q in QUANTITY_EN.finditer(sent)]
    for m in COUNT_EN.finditer(sent):
        if any(a <= m.start() < b for a, b in figures):
            continue  # a figure of "zwischen 1 und 2 %", read as a percentage
        n = m.group("n")
        if "," not in n and _YEARLIKE.fullmatch(n):
            continue  # "by 2030", "in 2026 budgets"
        before = sent[: m.start()]
        qualifier = _qualifier(before, whole_words=True)  # never the "over" of "Rénover"
        noun = m.group("noun")
        name = " ".join(w for w in (_name(before), noun) if w)
        unit = m.group("u") or noun
        yield Quantity(
            key=key,
            kind="target",
            name=name,
            indicator=None,
            value=_number(n),
            low=None,
            high=None,
            unit=unit,
            qualifier=qualifier,
            text=sent[m.start() : m.end()],
            start=s_start + m.start(),
            horizon=horizon,
            about_year=None,
        )


def iter_en(
    key: str, text: str, year: int | None, review: bool, *, commitment: bool = False
) -> Iterator[Quantity]:
    """The quantities of one English unit's text (``review``: the unit reports the past;
    ``commitment``: the unit is a numbered action, whose sentences commit unless they report
    the past)."""
    offset = 0
    for sent in sentences(text):
        s_start = text.find(sent, offset)
        offset = s_start + len(sent)
        if _BASELINE_LINE.match(sent):
            continue
        reports = bool(_PAST.search(sent))
        future = bool(_FUTURE.search(sent)) or (commitment and not reports and not review)
        past = review or (reports and not future)
        if not past and not future:
            continue
        by = _BY_YEAR.search(sent)
        by_year = (by.group(1) or by.group(2)) if by else None
        horizon = f"by {by_year}" if by_year and (year is None or int(by_year) > year) else None
        if commitment and not past:
            yield from _counts(key, sent, s_start, horizon)
        for m in QUANTITY_EN.finditer(sent):
            # a "from"/"between" word is part of the figure when a second figure follows, or in
            # English as before ("from 15%"); else it is the sentence's ("un taux de 15 %")
            pre = (m.group("pre") or "").lower()
            n1 = _number(m.group("n1"))
            n2 = None if m.group("n2") is None else _number(m.group("n2"))
            if n2 is not None and not m.group("u1") and _YEARLIKE.fullmatch(m.group("n1")):
                # "by 2030 to 25%", "bis 2030 auf 25 %": a year, then the figure
                begin, n1, n2, pre = m.start("n2"), n2, None, ""
            else:
                begin = m.start() if n2 is not None or pre in _EN_PRE else m.start("n1")
            before = sent[:begin]
            to = m.group("to") or m.group("to2")
            if (
                n2 is not None
                and _FROM_WORD.fullmatch(pre)
                and to is not None
                and (
                    m.group("u1")
                    or n1 > n2
                    or _MOVE_WORD.fullmatch(to)
                    or _CHANGE_VERB.search(before)
                    or _CHANGE_STEM.search(before)
                )
            ):
                n1, n2 = n2, None  # "from 50% to 45%", "cut … from 50 to 45 per cent": now 45%
            qualifier = "range" if n2 is not None else _qualifier(before)
            name = _name(before)
            unit = "%"
            yield Quantity(
                key=key,
                kind="outcome" if past else "target",
                name=name,
                indicator=indicator_for(name, unit),
                value=None if n2 is not None else n1,
                low=n1 if n2 is not None else None,
                high=n2,
                unit=unit,
                qualifier=qualifier,
                text=sent[begin : m.end()],
                start=s_start + begin,
                horizon=horizon,
                about_year=(year - 1 if year is not None and horizon is None else None)
                if past
                else None,
            )
