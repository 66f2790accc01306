"""English prose alignment (issue 12.5): plural folding and weak split/merge evidence.

Measured on the English development golds, Singapore Budget 2021 → 2022 and (since engine 17)
2023 → 2024 (``benchmarks/gold/``), and 2018 → 2019 since its errors were read for engine 17;
the 2016 → 2017 gold is held out.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from comparison import compare, parse_text
from comparison.result import Comparison, MatchKind
from comparison.tokens import stem, weighted_ngrams

SG = Path(__file__).resolve().parents[1] / "data" / "sg-budget-speech"


@cache
def _budget(year_a: int, year_b: int) -> Comparison:
    a, b = (parse_text((SG / f"{y}.txt").read_text(encoding="utf-8")) for y in (year_a, year_b))
    return compare(a, b)


def _budget_2021_2022() -> Comparison:
    return _budget(2021, 2022)


def _key(year: int, prefix: str) -> str:
    doc = parse_text((SG / f"{year}.txt").read_text(encoding="utf-8"))
    (key,) = [u.key for u in doc.units if u.text.startswith(prefix)]
    return key


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


def test_a_clear_best_part_beside_its_group_joins_the_split() -> None:
    """2023's middle-income paragraph is split in 2024 into three: the household illustration it
    was matched to, the middle-income household of four just before it, and the larger-households
    sentence two paragraphs earlier (the gold's sure links). Each part's clear best candidate,
    above the cutoff, is the 2023 paragraph; they join because they sit beside the group."""
    whole = _key(2023, "Help will also be extended to middle-income households")
    parts = {
        _key(2024, "A middle-income household with six persons"),
        _key(2024, "A middle-income household of four"),
        _key(2024, "We have designed the Assurance Package so that"),
    }
    match = _budget(2023, 2024).match_of_a()[whole]
    assert match.kind is MatchKind.SPLIT and set(match.b) == parts
    # swapped, the same three paragraphs merge into it
    back = _budget(2024, 2023).match_of_b()[whole]
    assert back.kind is MatchKind.MERGED and set(back.a) == parts
