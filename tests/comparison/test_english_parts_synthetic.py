"""English split parts: the clear-best and weak-part rules do not decide each other (engine 18).

For English (no pair below the cutoff is evidence), an unmatched paragraph joins a matched
paragraph's group either as a *clear-best* part (its clearly best candidate, above the cutoff,
beside the group: ``splitmerge._clear_parts``) or as a *weak* part (covered by the whole and
raising the group's score: ``splitmerge._split_merge`` with a gain). Up to engine 17 the clear-best
rule ran first and the weak part's gain was judged against the group its clear-best sibling had
already joined, so which rule ran first decided the group. Since engine 18 a weak part is judged
against the group as it stands without the clear-best parts.

Every text here is SYNTHETIC, written for this test in the shape of a budget speech's support
package split over three paragraphs; none is presented as real.
"""

from __future__ import annotations

from comparison import compare, parse_text
from comparison.candidates import Space
from comparison.features import Vocabulary, document_features
from comparison.result import MatchKind
from comparison.scores import group_score

YEAR_A = """\
Mr Speaker, Sir, I beg to move that Parliament approves the financial policy of the Government \
for the coming year.

Our economy grew by three per cent last year, supported by strong exports of electronics and \
chemicals to the region.

We will enhance the Harbour Voucher scheme for lower-income households. Each eligible household \
will receive Harbour Vouchers of $500 in cash, a Utilities Rebate of $300 and a Clinic Top-up of \
$200 into the MediSave accounts of its seniors.

We will also invest in new rail lines, with the Riverside Line opening in stages from next year \
and the Hillside Line after that.

I will conclude with a word on our reserves and the need for prudence in every generation.
"""

YEAR_B = """\
Mr Speaker, Sir, I beg to move that Parliament approves the financial policy of the Government \
for the financial year.

Our economy grew by two per cent last year, held back by weaker exports of electronics to the \
region.

We will continue the Harbour Voucher scheme for lower-income households, with Harbour Vouchers \
of $600 in cash for each eligible household.

Households will also receive a Utilities Rebate of $350 to help with their bills.

Seniors will receive a Clinic Top-up into their MediSave accounts.

The Riverside Line will open its first stations next year, and work on the Hillside Line will \
begin.

Let me conclude with a word on our reserves and on prudence across generations.
"""

WHOLE = "p3"  # year A: the package (vouchers, utilities rebate, clinic top-up)
PARTNER, WEAK, CLEAR = "p3", "p4", "p5"  # year B: vouchers; utilities rebate; clinic top-up


def test_the_synthetic_case_is_one_where_the_order_of_the_rules_decides() -> None:
    """The utilities paragraph raises the score of the vouchers match alone but lowers that of
    the vouchers match with the clinic paragraph: judged after the clear-best part has joined (the
    engine 17 order) it stays out, judged before it joins."""
    a, b = parse_text(YEAR_A), parse_text(YEAR_B)
    assert (a.language, b.language) == ("en", "en")
    vocab = Vocabulary()
    fa, fb = document_features(a, vocab), document_features(b, vocab)
    space = Space(fa, fb, vocab, profiles=True)
    ia = {f.key: n for n, f in enumerate(fa)}
    ib = {f.key: n for n, f in enumerate(fb)}

    def score(*parts: str) -> float:
        return group_score(fa, fb, space, (ia[WHOLE],), tuple(ib[k] for k in parts))

    assert score(PARTNER, WEAK) > score(PARTNER)
    assert score(PARTNER, CLEAR, WEAK) < score(PARTNER, CLEAR)


def test_a_weak_part_is_judged_without_its_clear_best_siblings() -> None:
    """The three paragraphs of year B that carry year A's package form its split, whichever of the
    two rules admits each; swapped, the same three merge into it."""
    a, b = parse_text(YEAR_A), parse_text(YEAR_B)
    split = compare(a, b).match_of_a()[WHOLE]
    assert split.kind is MatchKind.SPLIT
    assert split.b == (PARTNER, WEAK, CLEAR)
    merge = compare(b, a).match_of_b()[WHOLE]
    assert merge.kind is MatchKind.MERGED
    assert merge.a == (PARTNER, WEAK, CLEAR)
    # the rest is one to one
    others = [(m.a, m.b) for m in compare(a, b).matches if m.a != (WHOLE,)]
    assert others == [
        (("p1",), ("p1",)),
        (("p2",), ("p2",)),
        (("p4",), ("p6",)),
        (("p5",), ("p7",)),
    ]
