"""Detail of one match: word-level redline, sentence commitments added/removed, lead changes."""

from __future__ import annotations

from collections.abc import Sequence
from difflib import SequenceMatcher

from rapidfuzz import fuzz, process

from comparison.features import norm_text
from comparison.result import LeadChange, RedlineOp
from comparison.targets import merge_number_tokens
from comparison.tokens import cut, sentences

SENTENCE_MATCH = 70.0  # rapidfuzz ratio (0..100) above which two sentences are "the same"
TINY_EQUAL = 2  # equal runs this short between two changes are folded into the change

Redline = tuple[tuple[RedlineOp, str], ...]


def redline(
    text_a: str,
    text_b: str,
    tokens_a: Sequence[str] | None = None,
    tokens_b: Sequence[str] | None = None,
) -> Redline:
    """Word-level diff in runs: ``=`` and ``-`` spell ``text_a``; ``=`` and ``+`` ``text_b``.

    Tokens are jieba words for Chinese, words for English (``tokens_a``/``tokens_b`` may supply
    them); ``difflib.SequenceMatcher`` (``autojunk=False``) aligns the token lists.

    >>> [(op.value, text) for op, text in redline("推进社区建设", "加快社区建设")]
    [('-', '推进'), ('+', '加快'), ('=', '社区建设')]
    """
    if text_a == text_b:
        return ((RedlineOp.EQUAL, text_a),) if text_a else ()
    ta = list(tokens_a) if tokens_a is not None else cut(text_a)
    tb = list(tokens_b) if tokens_b is not None else cut(text_b)
    if "".join(ta) != text_a or "".join(tb) != text_b:
        raise ValueError("redline tokens must concatenate to the texts")
    ta, tb = merge_number_tokens(ta), merge_number_tokens(tb)  # 5%左右 -> 4.5%—5%: one change
    runs: list[list[object]] = []

    def emit(op: RedlineOp, text: str) -> None:
        if not text:
            return
        if runs and runs[-1][0] is op:
            runs[-1][1] = str(runs[-1][1]) + text
        else:
            runs.append([op, text])

    matcher = SequenceMatcher(None, ta, tb, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            emit(RedlineOp.EQUAL, "".join(ta[i1:i2]))
        else:
            emit(RedlineOp.DELETE, "".join(ta[i1:i2]))
            emit(RedlineOp.INSERT, "".join(tb[j1:j2]))
    return _absorb_tiny_equals(tuple((RedlineOp(str(op)), str(t)) for op, t in runs))


def _absorb_tiny_equals(runs: Redline) -> Redline:
    """Fold equal runs of at most ``TINY_EQUAL`` characters lying between two changes into the
    change (``-x +y`` around ``=和`` becomes ``-x和 +y和``): fewer, more readable runs; both sides
    still spell out exactly."""
    out: list[tuple[RedlineOp, str]] = []
    dele: list[str] = []
    ins: list[str] = []

    def flush() -> None:
        if dele:
            out.append((RedlineOp.DELETE, "".join(dele)))
        if ins:
            out.append((RedlineOp.INSERT, "".join(ins)))
        dele.clear()
        ins.clear()

    for n, (op, text) in enumerate(runs):
        if op is RedlineOp.DELETE:
            dele.append(text)
        elif op is RedlineOp.INSERT:
            ins.append(text)
        elif (
            len(text) <= TINY_EQUAL
            and (dele or ins)
            and n + 1 < len(runs)
            and runs[n + 1][0] is not RedlineOp.EQUAL
        ):
            dele.append(text)
            ins.append(text)
        else:
            flush()
            out.append((op, text))
    flush()
    return tuple(out)


def apply_side(runs: Redline, side: str) -> str:
    """Reassemble one side from a redline: ``side`` is ``"a"`` (= and -) or ``"b"`` (= and +)."""
    skip = RedlineOp.INSERT if side == "a" else RedlineOp.DELETE
    return "".join(t for op, t in runs if op is not skip)


def commitments(text_a: str, text_b: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Sentences of B with no similar sentence in A (added), and of A with none in B (removed)."""
    if text_a == text_b:
        return (), ()
    sa, sb = sentences(text_a), sentences(text_b)
    na, nb = [norm_text(s) for s in sa], [norm_text(s) for s in sb]
    return _unmatched(sb, nb, na), _unmatched(sa, na, nb)


def _unmatched(raw: Sequence[str], mine: Sequence[str], other: Sequence[str]) -> tuple[str, ...]:
    out: list[str] = []
    other_set = set(other)
    for s, n in zip(raw, mine, strict=True):
        if n in other_set:
            continue
        hit = process.extractOne(n, other, scorer=fuzz.ratio, score_cutoff=SENTENCE_MATCH)
        if hit is None:
            out.append(s)
    return tuple(out)


def _ordered_union(lists: Sequence[Sequence[str]]) -> list[str]:
    seen: set[str] = set()
    out: list[str] = []
    for lst in lists:
        for x in lst:
            if x not in seen:
                seen.add(x)
                out.append(x)
    return out


def lead_change(
    leads_a: Sequence[Sequence[str]],
    leads_b: Sequence[Sequence[str]],
    *,
    support_a: Sequence[Sequence[str]] = (),
    support_b: Sequence[Sequence[str]] = (),
) -> LeadChange:
    """Lead agencies added/removed (printed order kept), whether the primary lead changed, and
    the supporting agencies' changes: added, removed, promoted (supporting in A, lead in B) and
    demoted (lead in A, supporting in B). A promoted agency is also a lead ``added``, a demoted
    one a lead ``removed``; it is never a supporting agency added or removed.

    >>> lead_change([["市民政局", "市财政委"]], [["市财政委", "市民政局"]]).primary_changed
    True
    >>> lc = lead_change([["市民政局"]], [["市财政委"]], support_a=[["市财政委", "各区"]],
    ...                  support_b=[["市民政局", "市统计局"]])
    >>> lc.promoted, lc.demoted, lc.support_added, lc.support_removed
    (('市财政委',), ('市民政局',), ('市统计局',), ('各区',))

    Two items merged into one led by the second's primary lead: that lead did not change.

    >>> lead_change([["市民政局"], ["市财政委"]], [["市财政委", "市民政局"]]).primary_changed
    False
    """
    la, lb = _ordered_union(leads_a), _ordered_union(leads_b)
    sa, sb = set(la), set(lb)
    pa, pb = _ordered_union(support_a), _ordered_union(support_b)
    spa, spb = set(pa), set(pb)
    primary_a = la[0] if la else None
    primary_b = lb[0] if lb else None
    # a group (merge, split): each unit keeps its own primary lead; the primary changed only
    # when no unit of B is led by an agency that led a unit of A
    firsts_a = [u[0] for u in leads_a if u]
    kept = next((x for u in leads_b if u for x in u[:1] if x in firsts_a), None)
    if kept is not None:
        primary_a = primary_b = kept
    return LeadChange(
        added=tuple(x for x in lb if x not in sa),
        removed=tuple(x for x in la if x not in sb),
        primary_changed=bool(la and lb and primary_a != primary_b),
        primary_a=primary_a,
        primary_b=primary_b,
        support_added=tuple(x for x in pb if x not in spa and x not in sa),
        support_removed=tuple(x for x in pa if x not in spb and x not in sb),
        promoted=tuple(x for x in lb if x in spa and x not in sa),
        demoted=tuple(x for x in la if x in spb and x not in sb),
    )
