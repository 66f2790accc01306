"""Threads: chain consecutive-year matches into initiatives followed through the whole series.

A unit matched to a unit of the previous year continues that unit's threads (a split continues
the thread in every part; a merge continues every merged thread in the one unit). A unit new in
year *t* is compared — with the same candidate, scoring and assignment machinery — with the last
appearances of threads absent in year *t-1*; a match above the cutoff *revives* that thread.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace

from comparison.abbrev import document_definitions, shared_definitions
from comparison.align import align
from comparison.boilerplate import formulaic_units, repeated_across_years, with_boilerplate
from comparison.constraints import Constraints
from comparison.document import PlanDocument, Unit, UnitKind
from comparison.features import UnitFeatures, Vocabulary, document_features, unit_text
from comparison.options import ENGINE_VERSION, CompareOptions, comparison_language
from comparison.result import (
    Comparison,
    MatchKind,
    Thread,
    ThreadStatus,
    ThreadYear,
    Timeline,
)
from comparison.retrospect import NEUTRAL, Wall, has_both, review_sides

TITLE_CHARS = 40


class _Thread:
    def __init__(self, tid: str, kind: str, start: int) -> None:
        self.id = tid
        self.kind = kind
        self.start = start  # index of the first year
        self.keys: dict[int, list[str]] = {}  # year index -> keys
        self.status: dict[int, ThreadStatus] = {}

    def add(self, t: int, key: str, status: ThreadStatus) -> None:
        keys = self.keys.setdefault(t, [])
        if key not in keys:
            keys.append(key)
        prev = self.status.get(t)
        # one year, several matches (split parts): "changed" wins over "unchanged"
        if prev is None or (prev is ThreadStatus.UNCHANGED and status is ThreadStatus.CHANGED):
            self.status[t] = status

    def last_seen(self) -> int:
        return max(self.keys)


def _title(u: Unit) -> str:
    return u.title or u.text[:TITLE_CHARS]


ComparePair = Callable[
    [
        PlanDocument,
        PlanDocument,
        Sequence[UnitFeatures],
        Sequence[UnitFeatures],
        CompareOptions,
        Vocabulary,
        Constraints | None,
    ],
    Comparison,
]


def chain_threads(
    docs: Sequence[PlanDocument],
    options: CompareOptions,
    compare_pair: ComparePair,
    comparisons: Sequence[Comparison] | None = None,
    constraints: Mapping[tuple[int, int], Constraints] | None = None,
) -> Timeline:
    """Build the :class:`Timeline` of ``docs`` (see :func:`comparison.build_timeline`).

    ``compare_pair`` compares two consecutive years on their features
    (:func:`comparison.pipeline.compare_features`); it is passed in so that this stage needs
    nothing of the orchestrator that calls it.
    """
    order = sorted(range(len(docs)), key=lambda i: (docs[i].year is None, docs[i].year or 0, i))
    ds = [docs[i] for i in order]
    if comparisons is not None and len(comparisons) != max(len(ds) - 1, 0):
        raise ValueError("comparisons must hold one Comparison per consecutive pair of years")
    years = tuple(d.year if d.year is not None else i for i, d in enumerate(ds))
    kinds = set(options.granularity)
    feats: dict[tuple[int, tuple[tuple[str, str], ...]], list[UnitFeatures]] = {}
    feats_by_key: dict[int, dict[str, UnitFeatures]] = {}
    vocab = Vocabulary()
    units_by_key = [d.by_key() for d in ds]
    # a pair reads with its two years' abbreviations, as compare() does; a revival, which
    # compares a year with several earlier ones, with the whole series' (comparison.abbrev)
    defined = [document_definitions(d) for d in ds]
    series_abbreviations = shared_definitions(*defined)

    def features(t: int, abbreviations: Mapping[str, str]) -> list[UnitFeatures]:
        key = (t, tuple(abbreviations.items()))
        if key not in feats:
            feats[key] = document_features(ds[t], vocab, abbreviations)
        return feats[key]

    def features_by_key(t: int) -> dict[str, UnitFeatures]:
        if t not in feats_by_key:
            feats_by_key[t] = {f.key: f for f in features(t, series_abbreviations)}
        return feats_by_key[t]

    sides_cache: dict[int, dict[str, int]] = {}

    def sides_of(t: int) -> dict[str, int]:
        """Year ``t``'s units' sides of the review wall; all ``NEUTRAL`` (nothing walled) when
        the year's report lacks a review part or a part ahead."""
        if t not in sides_cache:
            sides = review_sides(ds[t])
            sides_cache[t] = sides if has_both(sides) else {}
        return sides_cache[t]

    threads: list[_Thread] = []
    by_id: dict[str, _Thread] = {}
    member: list[dict[str, list[_Thread]]] = []  # per year: unit key -> its threads

    def start_thread(t: int, u: Unit) -> _Thread:
        tid = f"t-{years[t]}-{u.key}"
        n = 2
        while tid in by_id:
            tid = f"t-{years[t]}-{u.key}-{n}"
            n += 1
        th = _Thread(tid, u.kind.value, t)
        threads.append(th)
        by_id[tid] = th
        th.add(t, u.key, ThreadStatus.NEW)
        return th

    comps: dict[int, Comparison] = {}  # year index t -> the comparison of (t-1, t)
    for t, doc in enumerate(ds):
        units = [u for u in doc.units if u.kind in kinds]
        here: dict[str, list[_Thread]] = {}
        member.append(here)
        if t == 0:
            for u in units:
                here[u.key] = [start_thread(t, u)]
            continue
        if comparisons is not None:
            comp = comparisons[t - 1]
        else:
            pair = (ds[t - 1].year or 0, doc.year or 0)
            shared = shared_definitions(defined[t - 1], defined[t])
            comp = compare_pair(
                ds[t - 1],
                doc,
                features(t - 1, shared),
                features(t, shared),
                options,
                vocab,
                (constraints or {}).get(pair),
            )
        comps[t] = comp
        prev = member[t - 1]
        for m in comp.matches:
            status = (
                ThreadStatus.UNCHANGED if m.kind is MatchKind.UNCHANGED else ThreadStatus.CHANGED
            )
            ths: list[_Thread] = []
            for ka in m.a:
                for th in prev.get(ka, []):
                    if th not in ths:
                        ths.append(th)
            for kb in m.b:
                for th in ths:
                    th.add(t, kb, status)
                here[kb] = list(ths)
        new_keys = [k for k in comp.new if k not in here]
        language = comparison_language(ds[t - 1], doc)
        revived = _revive(t, new_keys, threads, features_by_key, options, vocab, language, sides_of)
        by_key = units_by_key[t]
        for k in new_keys:
            back = revived.get(k)
            if back is not None:
                back.add(t, k, ThreadStatus.REVIVED)
                here[k] = [back]
            elif k in by_key:
                here[k] = [start_thread(t, by_key[k])]

    formulaic = _formulaic_keys(ds, comps)
    boiler = {
        th.id
        for th in threads
        if _is_boilerplate(th, formulaic, [units_by_key[t] for t in range(len(ds))], len(ds))
    }
    summaries: dict[int, dict[str, int]] = {}
    for t, comp in sorted(comps.items()):
        # the series' own evidence (a formula repeated every year) joins the pair's
        extra_a = frozenset(k for th in threads if th.id in boiler for k in th.keys.get(t - 1, ()))
        extra_b = frozenset(k for th in threads if th.id in boiler for k in th.keys.get(t, ()))
        summaries[years[t]] = with_boilerplate(comp, extra_a, extra_b).summary

    out: list[Thread] = []
    for th in threads:
        ys: list[ThreadYear] = []
        for t in range(len(ds)):
            if t in th.keys:
                ys.append(ThreadYear(years[t], th.status[t], tuple(th.keys[t])))
            elif t > 0 and (t - 1) in th.keys:
                ys.append(ThreadYear(years[t], ThreadStatus.DROPPED))
            else:
                ys.append(ThreadYear(years[t], ThreadStatus.ABSENT))
        last = th.last_seen()
        latest = units_by_key[last][th.keys[last][0]]
        out.append(
            Thread(
                id=th.id,
                kind=th.kind,
                title=_title(latest),
                first_year=years[th.start],
                last_year=years[last],
                years=tuple(ys),
                boilerplate=th.id in boiler,
            )
        )
    return Timeline(
        years=years,
        threads=_distinct_titles(out),
        summaries=summaries,
        engine_version=ENGINE_VERSION,
    )


def _distinct_titles(threads: Sequence[Thread]) -> tuple[Thread, ...]:
    """Threads sharing a title get their year span appended (``各位代表！ (2003–2025)``), and
    those still alike an ordinal (``… (2003–2025) 2``), in thread order, so every title is
    distinct. A title already unique is kept as it is."""
    counts = Counter(t.title for t in threads)
    spanned = [
        t if counts[t.title] == 1 else replace(t, title=f"{t.title} ({t.first_year}–{t.last_year})")
        for t in threads
    ]
    again = Counter(t.title for t in spanned)
    seen: Counter[str] = Counter()
    out: list[Thread] = []
    for t in spanned:
        if again[t.title] > 1:
            seen[t.title] += 1
            if seen[t.title] > 1:
                t = replace(t, title=f"{t.title} {seen[t.title]}")
        out.append(t)
    return tuple(out)


def _formulaic_keys(ds: Sequence[PlanDocument], comps: Mapping[int, Comparison]) -> list[set[str]]:
    """Per year index: the keys of its units that are boilerplate by formula or by a decision
    (carried by the comparisons' flags)."""
    out = [set(formulaic_units(d)) for d in ds]
    for t, comp in comps.items():
        out[t - 1].update(comp.boilerplate_a)
        out[t].update(comp.boilerplate_b)
        for m in comp.matches:
            if m.boilerplate:
                out[t - 1].update(m.a)
                out[t].update(m.b)
    return out


def _is_boilerplate(
    th: _Thread,
    formulaic: Sequence[set[str]],
    units_by_key: Sequence[Mapping[str, Unit]],
    n_years: int,
) -> bool:
    """A thread is boilerplate when its units are formulaic in at least half of its years, or
    when it is a short unnumbered paragraph repeated nearly verbatim in most years of the series
    (a numbered item is plan content, however often it is repeated)."""
    flagged = sum(1 for t, keys in th.keys.items() if formulaic[t] & set(keys))
    if 2 * flagged >= len(th.keys):
        return True
    if th.kind != UnitKind.PARAGRAPH.value:
        return False
    texts: list[str | None] = []
    for t in range(n_years):
        keys = th.keys.get(t)
        texts.append(unit_text(units_by_key[t][keys[0]]) if keys else None)
    return repeated_across_years(texts, n_years)


def _revive(
    t: int,
    new_keys: Sequence[str],
    threads: Sequence[_Thread],
    features_by_key: Callable[[int], dict[str, UnitFeatures]],
    options: CompareOptions,
    vocab: Vocabulary,
    language: str,
    sides_of: Callable[[int], dict[str, int]],
) -> dict[str, _Thread]:
    """Match units new in year ``t`` with the last appearances of threads absent in ``t-1``.

    ``sides_of(year)``: each unit's side of the review wall (:mod:`comparison.retrospect`), so
    that a plan's initiative is not revived by a later report's review of it, nor the reverse.
    """
    if not new_keys:
        return {}
    dormant = [th for th in threads if th.keys and th.last_seen() < t - 1]
    if not dormant:
        return {}
    tails: list[UnitFeatures] = []
    for th in dormant:
        y = th.last_seen()
        tails.append(features_by_key(y)[th.keys[y][0]])
    ft = features_by_key(t)
    news = [ft[k] for k in new_keys if k in ft]
    params = replace(options.align_params(language, use_context=False), split_merge=False)
    wall = Wall(
        frozenset(),
        [sides_of(th.last_seen()).get(th.keys[th.last_seen()][0], NEUTRAL) for th in dormant],
        [sides_of(t).get(f.key, NEUTRAL) for f in news],
    )
    out: dict[str, _Thread] = {}
    for g in align(tails, news, params, vocab, forbidden=wall):
        out[news[g.b[0]].key] = dormant[g.a[0]]
    return out
