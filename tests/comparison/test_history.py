"""Blame, term counts, programmes and carried-over promises on the real national reports
(archive/demo/cn-national-gwr, 2000-2025 without 2020) and on small synthetic cases.

Every expected number below was checked by reading the reports with grep on the demo files, e.g.
``grep -o '互联网+' 2018.txt | wc -l``; the comment above each assertion says how.
"""

from __future__ import annotations

import pytest

from comparison import PlanDocument, Unit, UnitKind
from comparison.blame import Blame, blame_series
from comparison.normalize import normalize
from comparison.programmes import find_programmes, unit_names
from comparison.promises import carried_over
from comparison.terms import MIN_COUNT, count_term, term_changes, term_series


def _doc(year: int, *texts: str, language: str = "zh") -> PlanDocument:
    units = tuple(
        Unit(f"p{i + 1}", None, 1, UnitKind.PARAGRAPH, "", "", t) for i, t in enumerate(texts)
    )
    return PlanDocument("t", year, language, units=units)


def _since_of(blame: Blame, phrase: str) -> list[tuple[str, int]]:
    """The spans (text, since) overlapping the first occurrence of ``phrase``."""
    for u in blame.units:
        i = u.text.find(phrase)
        if i < 0:
            continue
        out, pos = [], 0
        for s in u.spans:
            if pos < i + len(phrase) and pos + len(s.text) > i:
                out.append((s.text, s.since))
            pos += len(s.text)
        return out
    raise AssertionError(f"{phrase!r} not found")


@pytest.fixture(scope="module")
def national(national_docs: dict[int, PlanDocument]) -> list[PlanDocument]:
    return [national_docs[y] for y in sorted(national_docs)]


@pytest.fixture(scope="module")
def national_blame(national: list[PlanDocument]) -> dict[int, Blame]:
    return blame_series(national)


# --------------------------------------------------------------------------- blame


def test_spans_are_exactly_the_text_and_never_younger_than_the_series(national, national_blame):
    years = [d.year for d in national]
    for doc in national:
        b = national_blame[doc.year]
        assert [u.key for u in b.units] == [u.key for u in doc.units]
        for ub, u in zip(b.units, doc.units, strict=True):
            assert "".join(s.text for s in ub.spans) == u.text
            assert all(s.since in years and s.since <= doc.year for s in ub.spans)
            # neighbouring spans differ in origin (spans are maximal runs)
            assert all(a.since != c.since for a, c in zip(ub.spans, ub.spans[1:], strict=False))
    first = national_blame[years[0]]
    assert {s.since for u in first.units for s in u.spans} == {years[0]}


def test_real_wording_keeps_its_origin_across_years_and_units(national_blame):
    # grep '人民币汇率在合理' 200[4-8].txt: 2004 and 2005 say "保持人民币汇率在合理、均衡水平上基本
    # 稳定", 2006 first adds 的 ("…水平上的基本稳定"); 2025 (unit s2.p6) writes it without the 、
    # (punctuation is not wording). So the first half is since 2004, "的基本稳定" since 2006.
    assert _since_of(national_blame[2025], "保持人民币汇率在合理均衡水平上的基本稳定") == [
        ("保持人民币汇率在合理均衡水平上", 2004),
        ("的基本稳定。", 2006),
    ]
    # grep '工会、共青团、妇联' 2016-2019: 2016 has "支持工会、共青团、妇联等群团组织参与社会治理",
    # 2017/2018 reword it ("充分发挥…作用", "发挥好…作用"), 2019 first has "…更好发挥作用": the
    # wording is 2016's up to 群团组织, 2019's after it, in 2019 and still in 2025.
    expected = [("支持工会、共青团、妇联等群团组织", 2016), ("更好发挥作用。", 2019)]
    assert (
        _since_of(national_blame[2019], "支持工会、共青团、妇联等群团组织更好发挥作用") == expected
    )
    assert (
        _since_of(national_blame[2025], "支持工会、共青团、妇联等群团组织更好发挥作用") == expected
    )


def test_moved_wording_keeps_its_origin():
    docs = [
        _doc(2001, "加快建设全国统一的电力市场体系。", "其他工作。"),
        _doc(2002, "另起一段。", "稳步推进并加快建设全国统一的电力市场体系。"),
    ]
    b = blame_series(docs)[2002]
    assert [(s.text, s.since) for s in b.units[1].spans] == [
        ("稳步推进并", 2002),
        ("加快建设全国统一的电力市场体系。", 2001),
    ]


def test_revived_wording_goes_back_to_its_first_year_not_its_last():
    phrase = "实施城市更新行动，推进老旧小区改造。"
    docs = [_doc(2001, phrase), _doc(2002, "完全不同的内容。"), _doc(2005, "今年要" + phrase)]
    out = blame_series(docs)
    assert [(s.text, s.since) for s in out[2005].units[0].spans] == [
        ("今年要", 2005),
        (phrase, 2001),
    ]
    assert {s.since for s in out[2002].units[0].spans} == {2002}


def test_rewording_around_an_old_phrase_and_inside_it():
    docs = [
        _doc(2001, "We will build new roads in every county of the province."),
        _doc(2002, "In 2002 we will build new roads in every county, and repair bridges."),
    ]
    spans = [(s.text, s.since) for s in blame_series(docs)[2002].units[0].spans]
    assert ("we will build new roads in every county, ", 2001) in spans
    assert spans[0] == ("In 2002 ", 2002)
    assert spans[-1][1] == 2002


def test_documents_need_years():
    with pytest.raises(ValueError, match="year"):
        blame_series([PlanDocument("t", None, "zh")])


# --------------------------------------------------------------------------- terms


def test_term_counts_as_a_reader_counts_them(national):
    found = {t.term: t for t in term_series(national, ["互联网+", "放管服", "新质生产力"])}
    web = found["互联网+"].counts
    # grep -o '互联网+' YEAR.txt | wc -l: 2014 0, 2015 1, 2016 3, 2018 7; 2021 has no half-width
    # '互联网+' but grep -o '互联网＋' 2021.txt finds 3 full-width ones (“互联网＋监管”, “互联网＋”,
    # “互联网＋医疗健康”): the same term as written, so 3.
    assert (web[2014], web[2015], web[2016], web[2018], web[2021]) == (0, 1, 3, 7, 3)
    # grep -o '放管服' YEAR.txt | wc -l: 2016 0, 2017 1, 2021 4, 2025 0
    fgf = found["放管服"].counts
    assert (fgf[2016], fgf[2017], fgf[2021], fgf[2025]) == (0, 1, 4, 0)
    # grep -l '新质生产力': only 2024.txt (1: "加快发展新质生产力") and 2025.txt (2)
    nq = found["新质生产力"].counts
    assert min(y for y, n in nq.items() if n) == 2024
    assert (nq[2023], nq[2024], nq[2025]) == (0, 1, 2)
    assert found["新质生产力"].per_10k[2025] > 0 == found["新质生产力"].per_10k[2023]


def test_count_term_has_no_word_boundaries_and_folds_width():
    text = normalize("“互联网＋”行动；互联网+政务服务；数字经济和实体经济")
    assert count_term(text, "互联网+", "zh") == 2
    assert count_term(text, "经济", "zh") == 2
    assert count_term("Growth, growth and GROWTH.", "growth", "en") == 3


def test_emerging_and_fading_terms_follow_the_stated_statistic(national):
    changes = {c.year: c for c in term_changes(national)}
    assert 2000 not in changes and set(changes) == {d.year for d in national[1:]}
    c = changes[2024]
    assert c.reference_years == (2021, 2022, 2023)
    for e in c.emerging:
        assert e.count >= MIN_COUNT and e.per_10k_tokens > e.reference_per_10k_tokens and e.g2 > 0
    for f in c.fading:
        assert f.reference_count >= MIN_COUNT and f.per_10k_tokens < f.reference_per_10k_tokens
    assert [e.g2 for e in c.emerging] == sorted((e.g2 for e in c.emerging), reverse=True)
    # 疫情 (the epidemic) fades: grep -o 疫情 YEAR.txt | wc -l gives 2021 16, 2022 17, 2023 24,
    # 2024 2
    assert "疫情" in [f.term for f in c.fading]


# --------------------------------------------------------------------------- programmes


def test_programmes_first_and_last_year(national):
    found = {p.name: p for p in find_programmes(national)}
    # grep -o '乡村振兴战略' YEAR.txt | wc -l: 2017 0, 2018 1, 2019 1, 2021 1, 2022 0, 2023 2,
    # 2024 0, 2025 0
    p = found["乡村振兴战略"]
    assert (p.kind, p.first_year, p.last_year) == ("programme", 2018, 2023)
    assert p.counts == {2018: 1, 2019: 1, 2021: 1, 2023: 2}
    # grep -c '“放管服”改革': 2017 1, 2018 2, 2019 1, 2021 4, 2022 2, no other year
    s = found["“放管服”改革"]
    assert (s.kind, s.first_year, s.last_year, s.count) == ("slogan", 2017, 2022, 10)
    # grep -o '《中国制造2025》': 2016 1, 2017 3
    d = found["《中国制造2025》"]
    assert (d.kind, d.counts) == ("document", {2016: 1, 2017: 3})
    assert all(y in (2016, 2017) for y, _k in d.mentions)


def test_names_in_one_unit():
    assert unit_names("全面实施乡村振兴战略，推进“互联网+”行动，落实《政府工作报告》。") == [
        ("《政府工作报告》", "document"),
        ("“互联网+”行动", "slogan"),
        ("乡村振兴战略", "programme"),
    ]
    # figures of speech in quotes and generic names are not programmes
    assert unit_names("啃下“硬骨头”，服务国家战略，深化中俄战略协作。") == []


# --------------------------------------------------------------------------- promises


def test_carried_over_promise_on_the_real_reports(national):
    # grep -c '支持工会、共青团、妇联等群团组织更好发挥作用': exactly once in each of 2019, 2021,
    # 2022, 2023, 2024, 2025 (2020 is not in the series) and in no earlier report.
    found = [p for p in carried_over(national) if "群团组织更好发挥作用" in p.text]
    assert len(found) == 1
    assert (found[0].first_year, found[0].last_year) == (2019, 2025)
    assert found[0].years == [2019, 2021, 2022, 2023, 2024, 2025]
    # ceremony (thanks) is not a commitment, although it is repeated every year
    assert not [p for p in carried_over(national) if "感谢" in p.text]


def test_a_break_ends_a_promise():
    s = "今年要新建改建农村公路二十万公里。"
    docs = [_doc(2001, s), _doc(2002, s), _doc(2003, "别的。"), _doc(2004, s), _doc(2005, s)]
    assert carried_over(docs) == []
    assert [(p.first_year, p.last_year) for p in carried_over(docs, min_years=2)] == [
        (2001, 2002),
        (2004, 2005),
    ]
