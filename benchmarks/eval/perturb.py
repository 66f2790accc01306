"""Seeded perturbed plans with known truth, built from real parsed documents.

:func:`perturb` takes a real :class:`~comparison.document.PlanDocument` (document A) and returns
a perturbed version of it (document B) plus the :class:`~benchmarks.eval.truth.Truth` keyed by
A's and B's unit keys. The edits imitate what happens between two years of a plan: reworded
sentences (synonyms of formulaic verbs, real sentences from another year inserted, sentences
deleted), reordered items and sections, renumbering, items moved to another section, an item split
into two, two merged into one, items dropped, real paragraphs from another document added, and
lead agencies changed (primary swapped, one added, one removed).

B is rendered as text with fresh labels (一、 （一） 1. …, lead clauses as ``〔牵头落实单位:…〕``)
and parsed again by :func:`comparison.parse_text`, so the parser is exercised too. Each generated
node is then found in the parsed document by its text; if the parser does not give every node back
as one unit, B is built directly from Units instead and the truth says so in its notes.

Units whose text is very short or occurs more than once in A (``各位代表！``) are left out of
the truth's scope: nobody can tell two identical lines apart.
"""

from __future__ import annotations

import random
import re
import unicodedata
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace

from benchmarks.eval.truth import Truth, TruthLink
from comparison import parse_text
from comparison.document import PlanDocument, Unit, UnitKind
from comparison.retrospect import NEUTRAL, apart, has_both, review_sides
from comparison.structure import cn_numeral

# Formulaic verbs and adverbs that plans swap between years; applied in both directions.
SYNONYMS: tuple[tuple[str, str], ...] = (
    ("加强", "强化"),
    ("推进", "推动"),
    ("完善", "健全"),
    ("深化", "深入推进"),
    ("建立", "构建"),
    ("提高", "提升"),
    ("加快", "加速"),
    ("积极", "大力"),
    ("促进", "助推"),
    ("开展", "组织开展"),
    ("进一步", "持续"),
    ("全面", "全方位"),
    ("扎实", "切实"),
    ("支持", "扶持"),
    ("着力", "努力"),
    ("落实", "贯彻落实"),
    ("群众", "民众"),
    ("问题", "难题"),
    ("力度", "强度"),
    ("研究制定", "制定出台"),
    ("出台", "印发"),
    ("逐步", "稳步"),
    ("切实", "有效"),
    ("规范", "规范化"),
)
_SYN: dict[str, list[str]] = {}
for _x, _y in SYNONYMS:
    _SYN.setdefault(_x, []).append(_y)
    _SYN.setdefault(_y, []).append(_x)
_SYN_RE = re.compile("|".join(sorted(map(re.escape, _SYN), key=len, reverse=True)))
_SENT_RE = re.compile(r"[^。；！？;!?]*[。；！？;!?]|[^。；！？;!?]+$")

LEAF_KINDS = (UnitKind.ITEM, UnitKind.PARAGRAPH)


def norm(s: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", s))


def sentences(text: str) -> list[str]:
    return [s for s in _SENT_RE.findall(text) if s.strip()]


@dataclass
class Node:
    src: tuple[str, ...]  # the A units this node continues; empty for an added one
    kind: UnitKind
    text: str
    leads: list[str]
    children: list[Node] = field(default_factory=list)
    new_parent_src: tuple[str, ...] | None = None  # set when moved


@dataclass(frozen=True)
class PerturbConfig:
    reword_share: float = 0.4  # of leaves
    section_swaps: int = 1
    shuffles: int = 2
    moves: int = 2
    splits: int = 1
    merges: int = 1
    drops: int = 2
    adds: int = 2
    lead_changes: int = 3
    substitutions: int = 3  # synonym swaps per reworded unit
    insert_prob: float = 0.5  # chance to insert a real sentence from a donor document
    delete_prob: float = 0.3  # chance to delete one non-headline sentence
    replace_share: float = 0.0  # share of non-headline sentences replaced by donor sentences

    @classmethod
    def hard(cls) -> PerturbConfig:
        """Heavier editing: most units reworded, a third of their sentences replaced by sentences
        of another report, more structure changes."""
        return cls(
            reword_share=0.8,
            shuffles=3,
            moves=3,
            splits=2,
            merges=2,
            drops=3,
            adds=3,
            lead_changes=4,
            substitutions=6,
            insert_prob=0.8,
            delete_prob=0.6,
            replace_share=0.3,
        )


@dataclass(frozen=True)
class Perturbation:
    doc: PlanDocument
    text: str
    truth: Truth
    log: tuple[str, ...]  # what was done, in order


def _tree(doc: PlanDocument) -> list[Node]:
    nodes = {u.key: Node((u.key,), u.kind, u.text, list(u.lead_units)) for u in doc.units}
    roots: list[Node] = []
    for u in doc.units:
        if u.parent is None or u.parent not in nodes:
            roots.append(nodes[u.key])
        else:
            nodes[u.parent].children.append(nodes[u.key])
    return roots


def _walk(nodes: list[Node], parent: Node | None = None) -> Iterator[tuple[Node, Node | None]]:
    for n in nodes:
        yield n, parent
        yield from _walk(n.children, n)


def _similar(a: str, b: str) -> float:
    ga = {a[i : i + 2] for i in range(len(a) - 1)}
    gb = {b[i : i + 2] for i in range(len(b) - 1)}
    return len(ga & gb) / len(ga | gb) if ga and gb else 0.0


class _Perturber:
    def __init__(self, doc: PlanDocument, donors: Sequence[PlanDocument], seed: int) -> None:
        self.doc = doc
        self.rng = random.Random(seed)
        self.roots = _tree(doc)
        self.log: list[str] = []
        counts = Counter(norm(u.text) for u in doc.units)
        self.ambiguous = {
            u.key for u in doc.units if counts[norm(u.text)] > 1 or len(norm(u.text)) < 12
        }
        self.touched: set[int] = set()
        a_texts = [norm(u.text) for u in doc.units]
        self.donor_paras = [
            u.text
            for d in donors
            for u in d.units
            if u.kind in LEAF_KINDS
            and 60 <= len(norm(u.text)) <= 400
            and not u.lead_units
            and max((_similar(norm(u.text), t) for t in a_texts), default=0.0) < 0.15
        ]
        # a donor paragraph is added on its own side (review or plan) of the report
        self.donor_side = {}
        for d in donors:
            sides = review_sides(d)
            self.donor_side.update((u.text, sides[u.key]) for u in d.units)
        self.donor_sents = [
            s
            for d in donors
            for u in d.units
            for s in sentences(u.text)
            if 12 <= len(s) <= 60 and u.kind in LEAF_KINDS
        ]
        self.all_leads = sorted({x for u in doc.units for x in u.lead_units})
        self.sides = review_sides(doc)
        self.walled = has_both(self.sides)

    # -- selection helpers -------------------------------------------------------------------
    def leaves(self) -> list[tuple[Node, Node | None]]:
        out = []
        for n, p in _walk(self.roots):
            leaf = n.kind in LEAF_KINDS and not n.children and len(n.src) == 1
            if leaf and n.src[0] not in self.ambiguous and id(n) not in self.touched:
                out.append((n, p))
        return out

    def containers(self) -> list[Node]:
        return [n for n, _ in _walk(self.roots) if any(c.kind in LEAF_KINDS for c in n.children)]

    def siblings(self, parent: Node | None) -> list[Node]:
        return self.roots if parent is None else parent.children

    def _crosses(self, side: int, target: Node) -> bool:
        """Whether putting a unit of ``side`` into ``target`` crosses between review and plan
        (only in a report that has both: elsewhere the engine keeps nothing apart)."""
        if not self.walled:
            return False
        other = self.sides.get(target.src[0], NEUTRAL) if target.src else NEUTRAL
        return apart(side, other)

    def name(self, n: Node) -> str:
        return "+".join(n.src) or "new:" + norm(n.text)[:8]

    # -- operations --------------------------------------------------------------------------
    def drop(self) -> None:
        cands = self.leaves()
        if len(cands) < 4:
            return
        n, p = self.rng.choice(cands)
        self.siblings(p).remove(n)
        self.log.append(f"drop {self.name(n)}")

    def split(self) -> None:
        cands = [(n, p) for n, p in self.leaves() if len(sentences(n.text)) >= 4]
        if not cands:
            return
        n, p = self.rng.choice(cands)
        sents = sentences(n.text)
        cut = self.rng.randint(2, len(sents) - 2)
        first, second = "".join(sents[:cut]), "".join(sents[cut:])
        n.text = first
        twin = Node(n.src, n.kind, second, list(n.leads))
        sib = self.siblings(p)
        sib.insert(sib.index(n) + 1, twin)
        self.touched |= {id(n), id(twin)}
        self.log.append(f"split {self.name(n)} after sentence {cut}")

    def merge(self) -> None:
        pairs = []
        for n, p in self.leaves():
            sib = self.siblings(p)
            i = sib.index(n)
            if i + 1 < len(sib):
                m = sib[i + 1]
                ok = m.kind == n.kind and not m.children and len(m.src) == 1
                if ok and m.src[0] not in self.ambiguous and id(m) not in self.touched:
                    pairs.append((n, m, p))
        if not pairs:
            return
        n, m, p = self.rng.choice(pairs)
        n.text = n.text.rstrip() + m.text.strip()
        n.src = n.src + m.src
        n.leads = n.leads + [x for x in m.leads if x not in n.leads]
        self.siblings(p).remove(m)
        self.touched.add(id(n))
        self.log.append(f"merge {self.name(n)}")

    def move(self) -> None:
        cands = self.leaves()
        if not cands:
            return
        n, p = self.rng.choice(cands)
        targets = [c for c in self.containers() if c is not p and c.kind != UnitKind.PARAGRAPH]
        targets = [c for c in targets if any(x.kind == n.kind for x in c.children)]
        # a unit moves within its side of the report: last year's results never become this
        # year's plan (comparison.retrospect keeps the two apart)
        side = self.sides.get(n.src[0], NEUTRAL)
        targets = [c for c in targets if not self._crosses(side, c)]
        if not targets:
            return
        t = self.rng.choice(targets)
        self.siblings(p).remove(n)
        same = [i for i, x in enumerate(t.children) if x.kind == n.kind]
        t.children.insert(self.rng.choice(same) + self.rng.randint(0, 1), n)
        n.new_parent_src = t.src
        self.touched.add(id(n))
        self.log.append(f"move {self.name(n)} to {self.name(t)}")

    def shuffle(self) -> None:
        cands = [c for c in self.containers() if sum(x.kind in LEAF_KINDS for x in c.children) >= 3]
        if not cands:
            return
        c = self.rng.choice(cands)
        idx = [i for i, x in enumerate(c.children) if x.kind in LEAF_KINDS and not x.children]
        if len(idx) < 3:
            return
        picked = [c.children[i] for i in idx]
        self.rng.shuffle(picked)
        for i, x in zip(idx, picked, strict=True):
            c.children[i] = x
        self.log.append(f"shuffle children of {self.name(c)}")

    def swap_sections(self) -> None:
        idx = [i for i, n in enumerate(self.roots) if n.kind == UnitKind.SECTION]
        if len(idx) < 3:
            return
        i, j = sorted(self.rng.sample(idx, 2))
        self.roots[i], self.roots[j] = self.roots[j], self.roots[i]
        self.log.append(f"swap sections {self.name(self.roots[j])} and {self.name(self.roots[i])}")

    def add(self) -> None:
        if not self.donor_paras:
            return
        text = self.rng.choice(self.donor_paras)
        self.donor_paras.remove(text)
        side = self.donor_side.get(text, NEUTRAL)
        cands = [
            c
            for c in self.containers()
            if c.kind != UnitKind.PARAGRAPH and not self._crosses(side, c)
        ]
        if not cands:
            return
        c = self.rng.choice(cands)
        kinds = [x.kind for x in c.children if x.kind in LEAF_KINDS]
        kind = Counter(kinds).most_common(1)[0][0] if kinds else UnitKind.PARAGRAPH
        c.children.insert(self.rng.randint(0, len(c.children)), Node((), kind, text, []))
        self.log.append(f"add to {self.name(c)}: {norm(text)[:12]}")

    def reword(self, n: Node, cfg: PerturbConfig) -> None:
        text = n.text
        hits = list(_SYN_RE.finditer(text))
        picked = self.rng.sample(hits, min(len(hits), cfg.substitutions))
        for m in sorted(picked, key=lambda m: -m.start()):
            text = text[: m.start()] + self.rng.choice(_SYN[m.group()]) + text[m.end() :]
        sents = sentences(text)
        for i in range(1, len(sents)):
            if self.donor_sents and self.rng.random() < cfg.replace_share:
                sents[i] = self.rng.choice(self.donor_sents)
        if len(sents) >= 4 and self.rng.random() < cfg.delete_prob:
            del sents[self.rng.randint(1, len(sents) - 1)]
        if self.donor_sents and len(sents) >= 2 and self.rng.random() < cfg.insert_prob:
            sents.insert(self.rng.randint(1, len(sents)), self.rng.choice(self.donor_sents))
        n.text = "".join(sents)
        self.log.append(f"reword {self.name(n)}")

    def change_leads(self) -> None:
        cands = [(n, p) for n, p in self.leaves() if n.leads]
        if not cands:
            return
        n, _ = self.rng.choice(cands)
        ops = ["add"]
        if len(n.leads) >= 2:
            ops += ["swap", "remove"]
        op = self.rng.choice(ops)
        if op == "swap":
            n.leads[0], n.leads[1] = n.leads[1], n.leads[0]
        elif op == "remove":
            del n.leads[self.rng.randrange(len(n.leads))]
        else:
            extra = [x for x in self.all_leads if x not in n.leads]
            if not extra:
                return
            n.leads.insert(self.rng.randint(0, len(n.leads)), self.rng.choice(extra))
        self.touched.add(id(n))
        self.log.append(f"leads {op} {self.name(n)}")

    def run(self, cfg: PerturbConfig) -> None:
        for _ in range(cfg.drops):
            self.drop()
        for _ in range(cfg.splits):
            self.split()
        for _ in range(cfg.merges):
            self.merge()
        for _ in range(cfg.moves):
            self.move()
        for _ in range(cfg.lead_changes):
            self.change_leads()
        for _ in range(cfg.shuffles):
            self.shuffle()
        for _ in range(cfg.section_swaps):
            self.swap_sections()
        for _ in range(cfg.adds):
            self.add()
        leaves = [n for n, _ in self.leaves()] + [
            n for n, _ in _walk(self.roots) if id(n) in self.touched and n.kind in LEAF_KINDS
        ]
        k = round(len(leaves) * cfg.reword_share)
        for n in self.rng.sample(leaves, min(k, len(leaves))):
            self.reword(n, cfg)


def _render(roots: list[Node]) -> tuple[str, list[Node]]:
    """Text with fresh labels, and the nodes in the order they are printed."""
    lines: list[str] = []
    order: list[Node] = []
    counters = Counter[str]()

    def lead_clause(n: Node) -> str:
        return f"〔牵头落实单位:{'、'.join(n.leads)}〕" if n.leads else ""

    def emit(nodes: list[Node]) -> None:
        task_no = 0
        for n in nodes:
            if n.kind == UnitKind.SECTION:
                counters["section"] += 1
                line = f"{cn_numeral(counters['section'])}、{n.text}"
            elif n.kind == UnitKind.TASK:
                task_no += 1
                line = f"（{cn_numeral(task_no)}）{n.text}"
            elif n.kind == UnitKind.ITEM:
                counters["item"] += 1
                line = f"{counters['item']}.{n.text}"
            else:
                line = n.text
            lines.append(line + lead_clause(n))
            order.append(n)
            emit(n.children)

    emit(roots)
    return "\n\n".join(lines) + "\n", order


def _map_parsed(order: list[Node], doc: PlanDocument) -> list[str] | None:
    """The parsed unit key for every printed node, or None if the parse does not line up."""
    keys: list[str] = []
    j = 0
    units = doc.units
    for n in order:
        want = norm(n.text)
        while j < len(units) and norm(units[j].text) != want:
            j += 1
        if j == len(units) or units[j].kind != n.kind or list(units[j].lead_units) != n.leads:
            return None
        keys.append(units[j].key)
        j += 1
    return keys


def _direct_doc(
    order: list[Node], base: PlanDocument, roots: list[Node]
) -> tuple[PlanDocument, list[str]]:
    keys: dict[int, str] = {}
    units: list[Unit] = []

    def emit(nodes: list[Node], parent: str | None, level: int) -> None:
        for i, n in enumerate(nodes, 1):
            key = f"{parent}.{i}" if parent else f"u{i}"
            keys[id(n)] = key
            units.append(Unit(key, parent, level, n.kind, "", "", n.text, tuple(n.leads)))
            emit(n.children, key, level + 1)

    emit(roots, None, 1)
    doc = replace(base, units=tuple(units), warnings=())
    return doc, [keys[id(n)] for n in order]


def perturb(
    doc: PlanDocument,
    *,
    seed: int,
    donors: Sequence[PlanDocument] = (),
    config: PerturbConfig | None = None,
) -> Perturbation:
    """A perturbed copy of ``doc`` (deterministic for a seed) and the truth of what changed."""
    p = _Perturber(doc, donors, seed)
    p.run(config or PerturbConfig())
    text, order = _render(p.roots)
    notes: list[str] = []
    parsed = parse_text(text, title=doc.title, year=doc.year, language=doc.language)
    keys = _map_parsed(order, parsed)
    if keys is None:
        parsed, keys = _direct_doc(order, doc, p.roots)
        notes.append("parser did not return every generated unit; B was built from Units")
    b_key = {id(n): k for n, k in zip(order, keys, strict=True)}

    by_a: dict[str, list[str]] = {}
    for n in order:
        for a in n.src:
            by_a.setdefault(a, []).append(b_key[id(n)])
    links: list[TruthLink] = []
    seen_b: set[str] = set()
    for n in order:
        k = b_key[id(n)]
        if not n.src or k in seen_b:
            continue
        if len(n.src) > 1:
            links.append(TruthLink(n.src, (k,)))
            seen_b.add(k)
        else:
            bs = tuple(by_a[n.src[0]])
            links.append(TruthLink(n.src, bs))
            seen_b.update(bs)
    new = [b_key[id(n)] for n in order if not n.src]
    dropped = [u.key for u in doc.units if u.key not in by_a]
    orig = doc.by_key()
    primary = [
        (n.src[0], b_key[id(n)])
        for n in order
        if len(n.src) == 1
        and len(by_a[n.src[0]]) == 1
        and orig[n.src[0]].lead_units
        and n.leads
        and orig[n.src[0]].lead_units[0] != n.leads[0]
    ]
    ambiguous_b = {b for a in p.ambiguous for b in by_a.get(a, ())}
    links = [lk for lk in links if not (set(lk.a) & p.ambiguous)]
    scope_a = frozenset(u.key for u in doc.units) - p.ambiguous
    scope_b = frozenset(b_key[id(n)] for n in order) - ambiguous_b
    truth = Truth(
        links=tuple(links),
        new=frozenset(new),
        dropped=frozenset(dropped) - p.ambiguous,
        scope_a=scope_a,
        scope_b=scope_b,
        primary_changes=frozenset(primary),
        label=f"perturb(seed={seed})",
        notes=tuple(notes),
    )
    return Perturbation(doc=parsed, text=text, truth=truth, log=tuple(p.log))
