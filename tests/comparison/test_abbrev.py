"""Abbreviations a document defines are read as their long forms when comparing (engine 17).

Definitions and expansion on hand-made sentences; their effect on the candidate cosine, the
comparison's symmetry and the timeline on the real Singapore Budget Statements
(``tests/data/sg-budget-speech``, Hansard text; see tests/data/SOURCES.md).
"""

from __future__ import annotations

from itertools import pairwise
from pathlib import Path

import pytest

from comparison import build_timeline, compare, parse_text
from comparison.abbrev import definitions, document_definitions, expand, shared_definitions
from comparison.candidates import Space, pair_cosines
from comparison.document import PlanDocument, Unit, UnitKind
from comparison.features import Vocabulary, document_features

SG = Path(__file__).resolve().parents[1] / "data" / "sg-budget-speech"


def test_definitions_follow_schwartz_hearst() -> None:
    found = definitions(
        [
            "The second is the Assurance Package (AP), to cushion the GST increase.",
            "We raise the goods and services tax (GST) in two steps.",
            "I will enhance the permanent GST Voucher (GSTV) scheme.",
            "Through the Ministry of Trade and Industry (MTI) and SkillsFuture Singapore (SSG).",
        ]
    )
    assert found == {
        "AP": "assurance package",
        "GST": "goods and services tax",
        "GSTV": "gst voucher",
        "MTI": "ministry of trade and industry",
        "SSG": "skillsfuture singapore",
    }


@pytest.mark.parametrize(
    "text",
    [
        "Revenue rose (see Annex B-1) this year.",  # no capitals spelling a short form
        "The rate was raised (2023) once.",
        "Three measures (a) for households.",
        "A programme (NEW) starts.",  # letters not found in the words before
        "国内生产总值（GDP）增长5%左右。",  # a Chinese long form has no initials
        "The Assurance Package (Assurance) is large.",  # one word: no abbreviation
    ],
)
def test_what_is_not_a_definition(text: str) -> None:
    assert definitions([text]) == {}


def test_a_short_form_defined_two_ways_is_left_alone() -> None:
    found = definitions(["the Central Provident Fund (CPF)", "the Child Protection Fund (CPF)"])
    assert found == {}
    a, b = {"AP": "assurance package", "CPF": "central provident fund"}, {"CPF": "child fund"}
    assert shared_definitions(a, b) == shared_definitions(b, a) == {"AP": "assurance package"}


def test_expand_reads_the_long_form_but_not_at_its_definition() -> None:
    tokens = ["the", " ", "Assurance", " ", "Package", " ", "(", "AP", ")", " ", "and", " ", "AP"]
    out = expand(tokens, {"AP": "assurance package"})
    assert out[:9] == tokens[:9]  # "(AP)" where it is defined stays as printed
    assert out[9:] == [" ", "and", " ", "assurance", " ", "package"]
    assert expand(tokens, {}) == tokens


def _doc(year: int, *texts: str) -> PlanDocument:
    units = tuple(
        Unit(f"p{i}", None, i, UnitKind.PARAGRAPH, None, t, t) for i, t in enumerate(texts, 1)
    )
    return PlanDocument("Budget (synthetic)", year, "en", units=units)


def _cosine(a: PlanDocument, b: PlanDocument, table: dict[str, str]) -> float:
    vocab = Vocabulary()
    fa, fb = document_features(a, vocab, table), document_features(b, vocab, table)
    space = Space(fa, fb, vocab, profiles=False)
    return float(pair_cosines(space.own_a, space.own_b, [(1, 0)])[0])


def test_an_abbreviated_unit_meets_its_spelled_out_successor() -> None:
    a = _doc(
        2023,
        "The second is the Assurance Package (AP) for every household.",
        "These enhancements to the AP will cost $3 billion.",
    )
    b = _doc(2024, "Altogether, the Assurance Package will cost $1.9 billion.")
    table = shared_definitions(document_definitions(a), document_definitions(b))
    assert table == {"AP": "assurance package"}
    assert _cosine(a, b, table) > _cosine(a, b, {}) + 0.1
    # matched, and the redline shows the text as printed, abbreviation included
    match = next(m for m in compare(a, b).matches if "p2" in m.a)
    assert match.b == ("p1",)
    assert "".join(t for op, t in match.redline if op != "+") == a.units[1].text


def test_chinese_documents_define_nothing() -> None:
    doc = PlanDocument(
        "计划（synthetic）",
        2024,
        "zh",
        units=(Unit("1", None, 1, UnitKind.ITEM, "1", "", "推进 Assurance Package (AP) 建设"),),
    )
    assert document_definitions(doc) == {}


@pytest.fixture(scope="module")
def sg_docs() -> list[PlanDocument]:
    return [parse_text((SG / f"{y}.txt").read_text(encoding="utf-8")) for y in (2022, 2023, 2024)]


def test_real_speeches_define_their_schemes(sg_docs: list[PlanDocument]) -> None:
    d2023 = document_definitions(sg_docs[1])
    assert d2023["AP"] == "assurance package"
    assert d2023["CPF"] == "central provident fund"
    assert "AP" not in document_definitions(sg_docs[2])  # 2024 spells it out


def test_both_directions_read_with_one_table(sg_docs: list[PlanDocument]) -> None:
    a, b = sg_docs[1], sg_docs[2]
    forward, backward = compare(a, b), compare(b, a)
    assert forward.new == backward.dropped and forward.dropped == backward.new
    flip = {"split": "merged", "merged": "split"}
    there = {(m.a, m.b, m.kind.value) for m in forward.matches}
    back = {(m.b, m.a, flip.get(m.kind.value, m.kind.value)) for m in backward.matches}
    assert there == back


def test_the_timeline_compares_each_pair_as_compare_does(sg_docs: list[PlanDocument]) -> None:
    comps = [compare(a, b) for a, b in pairwise(sg_docs)]
    assert build_timeline(sg_docs).to_dict() == build_timeline(sg_docs, comparisons=comps).to_dict()
