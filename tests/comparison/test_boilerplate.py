"""Boilerplate (issue 8.2): formulaic units recognised by formula and by repetition across a series,
flagged in the Comparison JSON and in threads, left out of every summary."""

from __future__ import annotations

import itertools
from functools import cache

from comparison import Comparison, PlanDocument, Unit, UnitKind, build_timeline, compare, parse_text
from comparison.boilerplate import formulaic_units, repeated_across_years, with_boilerplate
from comparison.result import SUMMARY_KINDS
from tests.comparison.conftest import HAILAR_DIR, NATIONAL_DIR, SEED, SG_DIR, read


@cache
def doc(folder: str, year: int) -> PlanDocument:
    base = {"national": NATIONAL_DIR, "hailar": HAILAR_DIR, "sg": SG_DIR}[folder]
    return parse_text(read(base / f"{year}.txt"))


def _texts(c: Comparison, keys: tuple[str, ...], side: str) -> str:
    d = c.doc_a if side == "a" else c.doc_b
    return "\n".join(d.unit(k).text for k in keys)


def test_greetings_opening_and_closing_of_a_work_report() -> None:
    c = compare(doc("national", 2024), doc("national", 2025))
    flagged = [m for m in c.matches if m.boilerplate]
    texts = [_texts(c, m.a, "a") for m in flagged]
    assert any(t == "各位代表：" for t in texts)
    assert any(t.startswith("现在，我代表国务院，向大会报告政府工作") for t in texts)
    assert any("更加紧密地团结在以习近平同志为核心的党中央周围" in t for t in texts)  # closing
    # the policy content stays: nothing under the tasks is boilerplate
    for m in flagged:
        assert c.doc_a.unit(m.a[0]).parent is None or len(_texts(c, m.a, "a")) <= 400
    assert len(flagged) < 8 < len(c.matches)
    d = c.to_dict()
    assert sum(1 for m in d["matches"] if m["boilerplate"]) == len(flagged)


def test_summary_leaves_boilerplate_out() -> None:
    c = compare(doc("national", 2023), doc("national", 2024))
    s = c.summary
    counted = [m for m in c.matches if not m.boilerplate]
    assert sum(s[k] for k in SUMMARY_KINDS) == len(counted) < len(c.matches)
    assert s["moved"] == sum(1 for m in counted if m.moved)
    assert s["new"] == len(c.new) - len(c.boilerplate_b)


def test_unmatched_boilerplate_is_listed_top_level() -> None:
    """A greeting with no counterpart stays in new/dropped (the contract) and is listed under
    ``boilerplate``; the counts leave it out."""
    a, b = doc("national", 2024), doc("national", 2025)
    greeting = next(u for u in b.units if u.text == "各位代表：")
    trimmed = PlanDocument(a.title, a.year, a.language, units=tuple(
        u for u in a.units if not (u.text.startswith("各位代表") and len(u.text) <= 6)
    ))  # fmt: skip
    c = compare(trimmed, b)
    assert greeting.key in c.new and greeting.key in c.boilerplate_b
    assert c.to_dict()["boilerplate"]["b"] == list(c.boilerplate_b)
    assert c.summary["new"] == len(c.new) - len(c.boilerplate_b)


def test_parliamentary_procedure_of_a_budget_speech() -> None:
    c = compare(doc("sg", 2023), doc("sg", 2024))
    flagged = [_texts(c, m.b, "b") for m in c.matches if m.boilerplate]
    assert any("I beg to move" in t for t in flagged)
    assert any(t.lstrip(": ").startswith("The Question is") for t in flagged)
    assert all(len(t) < 1000 for t in flagged)


def test_seed_plan_has_no_boilerplate() -> None:
    """The Shenzhen work plan's transmittal notice is metadata already; no item is formulaic."""
    assert formulaic_units(parse_text(read(SEED))) == frozenset()


def test_formulas_on_synthetic_units() -> None:
    texts = [
        "同志们：",
        "现将《2015年工作要点》印发给你们，请结合实际认真贯彻执行。",
        "加快推进社区建设，完善社区服务体系。",
        "Mr Speaker, Sir,",
        "We will raise the GST in 2025.",
    ]
    units = tuple(
        Unit(f"p{n}", None, 1, UnitKind.PARAGRAPH, "", "", t) for n, t in enumerate(texts)
    )
    synthetic = PlanDocument("synthetic", 2015, "zh", units=units)
    assert formulaic_units(synthetic) == {"p0", "p1", "p3"}


def test_repetition_rule() -> None:
    assert repeated_across_years(["各位代表！"] * 5 + [None], 6)
    assert not repeated_across_years(["各位代表！"] * 2 + [None] * 4, 6)
    long = "我们要全面贯彻党的宗教工作基本方针，" * 6
    assert not repeated_across_years([long] * 6, 6)  # long units are content, however repeated


def test_timeline_flags_boilerplate_threads_and_summaries_leave_them_out() -> None:
    years = [2016, 2017, 2018, 2019]
    docs = [doc("hailar", y) for y in years]
    comps = [compare(a, b) for a, b in itertools.pairwise(docs)]
    tl = build_timeline(docs, comparisons=comps)
    flagged = [t for t in tl.threads if t.boilerplate]
    assert any(t.title.startswith("各位代表") for t in flagged)
    assert all(t.to_dict()["boilerplate"] for t in flagged)
    assert len(flagged) < len(tl.threads) / 10
    keys_by_year = {y.year: {k for t in flagged for k in y.keys} for t in flagged for y in t.years}
    for (ya, yb), comp in zip(itertools.pairwise(years), comps, strict=True):
        keys_a = frozenset(k for t in flagged for y in t.years if y.year == ya for k in y.keys)
        keys_b = frozenset(k for t in flagged for y in t.years if y.year == yb for k in y.keys)
        expected = with_boilerplate(comp, keys_a, keys_b).summary
        assert dict(tl.summaries[yb]) == expected
        assert sum(expected[k] for k in SUMMARY_KINDS) < len(comp.matches)
    assert keys_by_year
    again = type(tl).from_dict(tl.to_dict())
    assert [t.boilerplate for t in again.threads] == [t.boilerplate for t in tl.threads]


def test_formulas_read_from_the_features_normalised_texts_are_the_same() -> None:
    """compare() hands formulaic_units the features' normalised texts instead of normalising
    again: on real reports of three issuers the flagged keys must be the same either way."""
    from comparison.features import document_features

    flagged = 0
    for folder, years in (("national", (2016, 2024, 2025)), ("hailar", (2018,)), ("sg", (2019,))):
        for year in years:
            d = doc(folder, year)
            norms = {f.key: f.norm for f in document_features(d)}
            assert formulaic_units(d, norms) == formulaic_units(d)
            flagged += len(formulaic_units(d))
            # and a wrong normalised text would be read: the map is really used
            first = next(k for k in formulaic_units(d)) if formulaic_units(d) else None
            if first is not None:
                assert first not in formulaic_units(d, {**norms, first: "推进社区建设。"})
    assert flagged >= 6


def test_greetings_and_thanks_in_other_languages_are_formulas_and_only_when_alone() -> None:
    # issuers the archive has not seen greet and thank in their own languages; a unit that goes
    # on to say something is content (synthetic units)
    formulas = [
        "Mesdames et Messieurs,", "Sehr geehrte Damen und Herren!", "Señoras y señores:",
        "Madam President,", "Honourable Members,", "Thank you.", "Merci beaucoup.",
        "존경하는 의원 여러분,", "감사합니다.", "ご清聴ありがとうございました。",
        "Уважаемые коллеги!", "謝謝大家！", "主席先生，各位議員：", "多謝各位。",
    ]  # fmt: skip
    content = [
        "Ladies and gentlemen, we will build 5,000 homes.",
        "主席先生，各位議員：政府會增建公營房屋三萬個單位。",
        "Thank you to the 12 agencies that delivered the plan; we will keep funding them.",
        "Merci de votre attention : nous réduirons les émissions de 15 %.",
    ]
    texts = formulas + content
    units = tuple(
        Unit(f"p{n}", None, 1, UnitKind.PARAGRAPH, "", "", t) for n, t in enumerate(texts)
    )
    found = formulaic_units(PlanDocument("synthetic", 2025, "en", units=units))
    assert found == {f"p{n}" for n in range(len(formulas))}


def test_greetings_in_a_row_are_one_formula() -> None:
    texts = [
        "Madam Speaker, distinguished guests, ladies and gentlemen,",
        "Mr President, ladies and gentlemen,",
        "Madam Speaker, we will cut taxes.",
    ]
    units = tuple(
        Unit(f"p{n}", None, 1, UnitKind.PARAGRAPH, "", "", t) for n, t in enumerate(texts)
    )
    assert formulaic_units(PlanDocument("synthetic", 2025, "en", units=units)) == {"p0", "p1"}
