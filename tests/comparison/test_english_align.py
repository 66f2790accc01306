"""English prose alignment (issue 12.5): plural folding and weak split/merge evidence.

Measured on the English development gold, Singapore Budget 2021 → 2022
(``benchmarks/gold/sg-budget-speech_2021-2022_paragraph.json``); the 2023 → 2024 gold is held out.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from comparison import compare, parse_text
from comparison.result import Comparison, MatchKind
from comparison.tokens import stem, weighted_ngrams

SG = Path(__file__).resolve().parents[1] / "data" / "sg-budget-speech"


@cache
def _budget_2021_2022() -> Comparison:
    a, b = (parse_text((SG / f"{y}.txt").read_text(encoding="utf-8")) for y in (2021, 2022))
    return compare(a, b)


def test_plurals_fold_to_one_english_token() -> None:
    assert [stem(w) for w in ("rebates", "subsidies", "vouchers", "offsets")] == [
        "rebate",
        "subsidy",
        "voucher",
        "offset",
    ]
    # words that only look plural, short words and stop words are left alone
    assert [stem(w) for w in ("status", "class", "gst", "this", "has")] == [
        "status",
        "class",
        "gst",
        "this",
        "has",
    ]
    assert weighted_ngrams("U-Save rebates") == weighted_ngrams("U-Save rebate")
    assert "rebates" not in weighted_ngrams("rebates")


def test_weak_parts_join_an_english_group_only_when_they_raise_its_score() -> None:
    result = _budget_2021_2022()
    by_a = result.match_of_a()
    # the GST offsets paragraph of 2022 merges 2021's "at least five years" and "about ten
    # years for lower-income households" paragraphs ...
    offsets = by_a["p434"]
    assert (offsets.a, offsets.b, offsets.kind) == (("p434", "p435"), ("p321",), MatchKind.MERGED)
    # ... and no longer takes in the one-off GSTV - Cash special payment, nor the 2022
    # illustrations and GSTV paragraphs that share only common words with them
    assert "p249" not in by_a
    joined = {y for m in result.matches for y in m.b if "p435" in m.a}
    assert not joined & {"p322", "p323", "p332"}
