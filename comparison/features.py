"""Per-unit features: normalised text, tokens, headline, leads, context, container profile."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from comparison.document import PlanDocument, Unit, UnitKind
from comparison.normalize import normalize
from comparison.tokens import content_tokens, cut, is_low_weight, squash_spaces, weighted_ngrams

CONTAINER_KINDS = frozenset({UnitKind.SECTION, UnitKind.TASK})


def unit_text(u: Unit) -> str:
    """The unit's full own text: its ``text``, with the headline prepended if not already in it."""
    if u.title and u.title not in u.text:
        return f"{u.title}{u.text}" if u.text else u.title
    return u.text


def norm_text(text: str) -> str:
    """Normalised text for equality and similarity (width, zero-width, spaces)."""
    return squash_spaces(normalize(text))


@dataclass(frozen=True)
class UnitFeatures:
    """What the aligner knows about one unit."""

    key: str
    kind: UnitKind
    index: int  # document order
    parent: str | None
    ancestors: tuple[str, ...]  # parent first
    title: str  # normalised headline
    norm: str  # normalised own text (headline included)
    tokens: tuple[str, ...]  # content tokens of ``norm``
    key_tokens: tuple[str, ...]  # content tokens minus low-weight ones
    leads: tuple[str, ...]
    position: float  # index / number of units, 0..1
    profile: str  # normalised own text + descendants' text (containers); == norm for leaves
    n_children: int
    ngrams: dict[str, float]  # weighted n-gram bag of ``norm``
    profile_ngrams: dict[str, float]  # own + descendants' bags (containers); == ngrams for leaves


def document_features(doc: PlanDocument) -> list[UnitFeatures]:
    """Features for every unit of ``doc``, in document order."""
    units = doc.units
    by_key = {u.key: u for u in units}
    children: dict[str, list[str]] = {}
    for u in units:
        if u.parent is not None:
            children.setdefault(u.parent, []).append(u.key)
    norms = {u.key: norm_text(unit_text(u)) for u in units}

    profile_cache: dict[str, str] = {}

    def profile(key: str) -> str:
        if key in profile_cache:
            return profile_cache[key]
        # iterative post-order to stay clear of recursion limits on deep documents
        stack = [(key, False)]
        while stack:
            k, done = stack.pop()
            if k in profile_cache:
                continue
            kids = children.get(k, [])
            if done or not kids:
                parts = [norms[k], *(profile_cache[c] for c in kids)]
                profile_cache[k] = "\n".join(p for p in parts if p)
            else:
                stack.append((k, True))
                stack.extend((c, False) for c in reversed(kids) if c not in profile_cache)
        return profile_cache[key]

    n = max(len(units), 1)
    out: list[UnitFeatures] = []
    for i, u in enumerate(units):
        anc: list[str] = []
        p = u.parent
        seen: set[str] = set()
        while p is not None and p in by_key and p not in seen:
            seen.add(p)
            anc.append(p)
            p = by_key[p].parent
        cut_toks = cut(norms[u.key])
        toks = tuple(content_tokens(norms[u.key], cut_toks))
        out.append(
            UnitFeatures(
                key=u.key,
                kind=u.kind,
                index=i,
                parent=u.parent if u.parent in by_key else None,
                ancestors=tuple(anc),
                title=norm_text(u.title),
                norm=norms[u.key],
                tokens=toks,
                key_tokens=tuple(t for t in toks if not is_low_weight(t)),
                leads=tuple(u.lead_units),
                position=i / n,
                profile=profile(u.key) if u.key in children else norms[u.key],
                n_children=len(children.get(u.key, ())),
                ngrams=weighted_ngrams(norms[u.key], cut_toks),
                profile_ngrams={},
            )
        )
    # container profiles: own bag plus all descendants' bags (children come after parents)
    prof: dict[str, dict[str, float]] = {}
    for f in reversed(out):
        bag = dict(f.ngrams)
        for c in children.get(f.key, ()):
            for g, w in prof.get(c, {}).items():
                bag[g] = bag.get(g, 0.0) + w
        prof[f.key] = bag
    return [replace(f, profile_ngrams=prof[f.key]) for f in out]


def flat_features(units: Sequence[Unit]) -> list[UnitFeatures]:
    """Features for loose units with no document context (used to compare thread tails)."""
    doc = PlanDocument(
        title="",
        year=None,
        language="zh",
        units=tuple(
            Unit(
                key=u.key,
                parent=None,
                level=1,
                kind=u.kind,
                label=u.label,
                title=u.title,
                text=u.text,
                lead_units=u.lead_units,
            )
            for u in units
        ),
    )
    return document_features(doc)
