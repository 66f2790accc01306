"""Hand-made gold alignments (``benchmarks/gold/*.json``) resolved against parsed documents.

A gold file names units independently of the parser's key scheme: by kind, printed label (tasks,
sections) and a distinctive prefix of the unit's text after its label. :func:`resolve_gold` turns
the references into unit keys of two parsed :class:`~comparison.document.PlanDocument` objects
and fails loudly (:class:`GoldError`) when a reference matches no unit or several, so a gold file
never silently drifts from the parser.

Reference fields: ``kind`` (``section|task|item|paragraph``), ``prefix``, optional ``label``,
``nth`` (1-based, to pick one of several identical units, e.g. repeated ``各位代表！`` lines),
``exact`` (the whole text equals the prefix) and ``optional`` (skip if it resolves to nothing;
for fragments that a better parser may join to their neighbour).
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from benchmarks.eval.truth import POSSIBLE, SURE, Truth, TruthLink
from comparison.document import PlanDocument, Unit

GOLD_DIR = Path(__file__).resolve().parents[1] / "gold"
REPO_ROOT = Path(__file__).resolve().parents[2]

_LABEL_RE = re.compile(
    r"^(?:[（(][一二三四五六七八九十百\d]+[）)]|[一二三四五六七八九十百]+[、.．]|\d+[.．、])"
)


class GoldError(ValueError):
    """A gold file is malformed or does not resolve against the parsed documents."""


@dataclass(frozen=True)
class Ref:
    kind: str
    prefix: str
    label: str | None = None
    nth: int | None = None
    exact: bool = False
    optional: bool = False

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> Ref:
        return cls(
            kind=str(d["kind"]),
            prefix=str(d["prefix"]),
            label=None if d.get("label") is None else str(d["label"]),
            nth=None if d.get("nth") is None else int(d["nth"]),
            exact=bool(d.get("exact", False)),
            optional=bool(d.get("optional", False)),
        )

    def describe(self) -> str:
        lab = f" {self.label}" if self.label else ""
        nth = f" #{self.nth}" if self.nth else ""
        return f"{self.kind}{lab} '{self.prefix}'{nth}"


@dataclass(frozen=True)
class GoldLink:
    a: tuple[Ref, ...]
    b: tuple[Ref, ...]
    status: str
    note: str


@dataclass(frozen=True)
class Gold:
    path: Path
    a: Mapping[str, Any]  # {"series", "year", "file"}
    b: Mapping[str, Any]
    level: str
    scope: Mapping[str, Any]
    links: tuple[GoldLink, ...]
    new: tuple[Ref, ...]
    dropped: tuple[Ref, ...]
    notes: str

    @property
    def name(self) -> str:
        return self.path.stem


def _norm(s: str) -> str:
    s = unicodedata.normalize("NFKC", s)
    return re.sub(r"\s+", "", s)


def _strip_label(s: str) -> str:
    return _LABEL_RE.sub("", s, count=1)


def load_gold(path: str | Path) -> Gold:
    path = Path(path)
    try:
        d = json.loads(path.read_text(encoding="utf-8"))
        links = []
        for raw in d["links"]:
            status = str(raw.get("status", SURE))
            if status not in (SURE, POSSIBLE):
                raise GoldError(f"{path.name}: link status must be sure or possible, not {status}")
            links.append(
                GoldLink(
                    a=tuple(Ref.from_dict(r) for r in raw["a"]),
                    b=tuple(Ref.from_dict(r) for r in raw["b"]),
                    status=status,
                    note=str(raw.get("note", "")),
                )
            )
        return Gold(
            path=path,
            a=d["a"],
            b=d["b"],
            level=str(d["level"]),
            scope=d["scope"],
            links=tuple(links),
            new=tuple(Ref.from_dict(r) for r in d.get("new", ())),
            dropped=tuple(Ref.from_dict(r) for r in d.get("dropped", ())),
            notes=str(d.get("annotator_notes", "")),
        )
    except (KeyError, TypeError, json.JSONDecodeError) as exc:
        raise GoldError(f"{path.name}: malformed gold file ({exc!r})") from exc


def gold_files(level: str | None = None) -> list[Gold]:
    """Every gold file in ``benchmarks/gold``, sorted by name, optionally of one level."""
    golds = [load_gold(p) for p in sorted(GOLD_DIR.glob("*.json"))]
    return [g for g in golds if level is None or g.level == level]


def _descendants(doc: PlanDocument, root: str) -> list[Unit]:
    keys = {root}
    out = []
    for u in doc.units:  # document order: parents come before their children
        if u.parent in keys:
            keys.add(u.key)
            out.append(u)
    return out


def _matches(u: Unit, ref: Ref) -> bool:
    if u.kind.value != ref.kind:
        return False
    if ref.label is not None and u.label and _norm(u.label) != _norm(ref.label):
        return False
    want = _norm(ref.prefix)
    texts = [_norm(u.text), _norm(u.title)]
    texts += [_strip_label(t) for t in texts]
    if ref.exact:
        return want in texts
    return any(t.startswith(want) for t in texts)


def find_units(units: Sequence[Unit], ref: Ref) -> list[Unit]:
    hits = [u for u in units if _matches(u, ref)]
    if ref.nth is not None:
        hits = hits[ref.nth - 1 : ref.nth]
    return hits


def resolve_ref(units: Sequence[Unit], ref: Ref, where: str) -> str | None:
    hits = find_units(units, ref)
    if not hits:
        if ref.optional:
            return None
        raise GoldError(f"{where}: {ref.describe()} matches no unit")
    if len(hits) > 1:
        keys = ", ".join(u.key for u in hits)
        raise GoldError(f"{where}: {ref.describe()} matches several units ({keys})")
    return hits[0].key


def scope_units(doc: PlanDocument, scope_ref: Mapping[str, Any], where: str) -> list[Unit]:
    """The units inside the gold's scope container (all units if the scope names none)."""
    if not scope_ref:
        return list(doc.units)
    key = resolve_ref(doc.units, Ref.from_dict(scope_ref), f"{where} scope")
    assert key is not None
    return _descendants(doc, key)


def resolve_gold(gold: Gold, doc_a: PlanDocument, doc_b: PlanDocument) -> Truth:
    """Turn a gold file's references into a :class:`Truth` keyed by the two documents' keys."""
    units_a = scope_units(doc_a, gold.scope.get("a") or {}, f"{gold.name} A")
    units_b = scope_units(doc_b, gold.scope.get("b") or {}, f"{gold.name} B")

    def keys(refs: Sequence[Ref], units: Sequence[Unit], side: str) -> tuple[str, ...]:
        out = [resolve_ref(units, r, f"{gold.name} {side}") for r in refs]
        return tuple(k for k in out if k is not None)

    links = []
    for gl in gold.links:
        a = keys(gl.a, units_a, "A")
        b = keys(gl.b, units_b, "B")
        if a and b:
            links.append(TruthLink(a=a, b=b, status=gl.status, note=gl.note))
        elif (a and not all(r.optional for r in gl.b)) or (b and not all(r.optional for r in gl.a)):
            raise GoldError(f"{gold.name}: a link lost one side entirely ({gl.note or gl.a})")
    new = frozenset(keys(gold.new, units_b, "B"))
    dropped = frozenset(keys(gold.dropped, units_a, "A"))
    scope_a = frozenset(x for link in links for x in link.a) | dropped
    scope_b = frozenset(y for link in links for y in link.b) | new
    truth = Truth(
        links=tuple(links),
        new=new,
        dropped=dropped,
        scope_a=scope_a,
        scope_b=scope_b,
        label=gold.name,
        notes=(gold.notes,),
    )
    problems = truth.check()
    if problems:
        raise GoldError(f"{gold.name}: " + "; ".join(problems))
    return truth


def unannotated(gold: Gold, doc_a: PlanDocument, doc_b: PlanDocument, truth: Truth) -> list[str]:
    """Units of the gold's level inside its scope container that the gold does not mention."""
    out = []
    for side, doc, scope in (("A", doc_a, truth.scope_a), ("B", doc_b, truth.scope_b)):
        container = gold.scope.get(side.lower()) or {}
        for u in scope_units(doc, container, f"{gold.name} {side}"):
            if u.kind.value == gold.level and u.key not in scope:
                out.append(f"{side} {u.key} {_norm(u.text)[:20]}")
    return out
