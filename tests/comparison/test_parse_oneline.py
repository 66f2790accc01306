"""One-line versions of the real reports: the parser recovers the numbered structure.

A Policy Address published as a single line of text used to parse into one paragraph. Here each
real report of the demo corpus is flattened the way web pages and copy-paste flatten text — every
body line joined with one space — and the numbered units (sections, tasks, items; the structure
the numbers print) must come back exactly as parsed from the original file. Paragraph breaks are
lost by the flattening, so paragraphs are not compared; neither are 一是/二是 sub-items, which the
parser creates only inside a heading's run-on body (and flattening puts every paragraph there).
"""

from __future__ import annotations

import pytest

from comparison import PlanDocument, parse_text
from comparison.clean import clean_text

from .conftest import HAILAR_YEARS, NATIONAL_YEARS, SEED


def _numbered(doc: PlanDocument) -> list[tuple[str, str, str]]:
    """Key, kind and label of every numbered unit (titles differ where a heading without a
    full stop now runs into its first paragraph)."""
    return [
        (u.key, u.kind.value, u.label)
        for u in doc.units
        if u.kind.value != "paragraph" and not u.label.endswith("是")
    ]


def _one_line(text: str) -> str:
    cleaned = clean_text(text)
    body = [ln.strip(" \u3000\t\u200b") for ln in cleaned.body]
    return (cleaned.title_line or "") + "\n" + " ".join(ln for ln in body if ln) + "\n"


# Real reports whose flattened text loses structure, and why (kept honest, not hidden):
# none of the 2009-2025 national reports nor the Hailar reports; the lists are checked below.
@pytest.mark.parametrize("year", [y for y in NATIONAL_YEARS if y >= 2009])
def test_national_one_line_recovers_structure(
    year: int, national_texts: dict[int, str], national_docs: dict[int, PlanDocument]
) -> None:
    original = national_docs[year]
    flat = parse_text(_one_line(national_texts[year]), year=year)
    want = _numbered(original)
    assert len(want) >= 6
    assert _numbered(flat) == want


@pytest.mark.parametrize("year", HAILAR_YEARS)
def test_hailar_one_line_recovers_structure(
    year: int, hailar_texts: dict[int, str], hailar_docs: dict[int, PlanDocument]
) -> None:
    flat = parse_text(_one_line(hailar_texts[year]), year=year)
    assert _numbered(flat) == _numbered(hailar_docs[year])


def test_seed_one_line_recovers_sections_items_and_leads(seed_doc: PlanDocument) -> None:
    flat = parse_text(_one_line(SEED.read_text(encoding="utf-8")), year=2014)
    assert _numbered(flat) == _numbered(seed_doc)
    leads = {u.key: u.lead_units for u in seed_doc.units if u.kind.value == "item"}
    assert {u.key: u.lead_units for u in flat.units if u.kind.value == "item"} == leads
    assert len(leads) == 22


# ---------------------------------------------------------------- real shapes, pinned by reading
def test_hailar_2012_task_bodies_split_at_their_enumeration(
    hailar_docs: dict[int, PlanDocument],
) -> None:
    doc = hailar_docs[2012]
    members = {
        t.key: [u.label for u in doc.children(t.key)]
        for t in doc.units
        if t.kind.value == "task" and t.parent == "s2"
    }
    # counted in reportData/2012.txt: tasks 一…六 and 十 enumerate 一是…; 七, 八, 九 do not
    assert members == {
        "s2.t1": ["一是", "二是", "三是", "四是", "五是"],
        "s2.t2": ["一是", "二是", "三是", "四是", "五是", "六是", "七是"],
        "s2.t3": ["一是", "二是", "三是", "四是", "五是", "六是"],
        "s2.t4": ["一是", "二是", "三是", "四是", "五是", "六是"],
        "s2.t5": ["一是", "二是", "三是", "四是", "五是", "六是"],
        "s2.t6": ["一是", "二是", "三是", "四是", "五是"],
        "s2.t7": [],
        "s2.t8": [],
        "s2.t9": [],
        "s2.t10": ["一是", "二是", "三是", "四是"],
    }
    assert doc.unit("s2.t1").text == "以工业集聚为助推，促进多元发展，确保工业经济实现新提升。"
    assert doc.unit("s2.t2.e1").title == "做大做强物流产业"
    assert doc.unit("s2.t2.e1").kind.value == "item"


def test_hailar_2016_one_is_paragraphs_stay_paragraphs(
    hailar_docs: dict[int, PlanDocument],
) -> None:
    kids = hailar_docs[2016].children("s3.t1")
    assert [u.kind.value for u in kids] == ["paragraph"] * 4
    assert [u.text[:2] for u in kids[1:]] == ["一是", "二是", "三是"]


def test_national_2008_inline_numbered_principles(
    national_docs: dict[int, PlanDocument],
) -> None:
    doc = national_docs[2008]
    assert doc.unit("s2.t6.p9").text == "抓紧建立住房保障体系。总的指导原则是："
    subs = [doc.unit(f"s2.t6.n{i}") for i in (1, 2, 3)]
    assert [u.label for u in subs] == ["1", "2", "3"]
    assert subs[0].text.startswith("坚持从我国人多地少的基本国情出发")
    assert all(u.parent == "s2.t6" for u in subs)


def test_english_one_line_with_its_title_glued_to_the_first_number() -> None:
    # synthetic: no sentence end between the title and "1." (nor "Goal 1:"), so the list's first
    # number was no candidate, its 2 followed nothing, and the whole text was one paragraph
    doc = parse_text(
        "The Chief Executive's Synthetic 2024 Policy Address 1. Mr President, honourable "
        "members. 2. We will build 30,000 homes. Lead: Housing Bureau. 3. We will expand clinics."
    )
    assert [(u.key, u.label, u.lead_units) for u in doc.units if u.label] == [
        ("i1", "1", ()),
        ("i2", "2", ("Housing Bureau",)),
        ("i3", "3", ()),
    ]
    goals = parse_text(
        "Synthetic Climate Action Plan 2025 Goal 1: Cleaner buildings. Action 1: Retrofit "
        "public buildings. Lead: Department of Energy. Goal 2: Cleaner transport. Action 2: Buy "
        "electric buses."
    )
    assert [u.key for u in goals.units if u.label] == ["g1", "g1.a1", "g2", "g2.a2"]
    # a "1." inside prose before a list that has its own 1. is left alone
    prose = parse_text("Plan (synthetic) See Table 1. Costs rose. 1. Cut costs. 2. Raise pay.")
    assert [u.text for u in prose.units if u.label] == ["Cut costs.", "Raise pay."]


def test_chinese_one_line_task_division_keeps_each_tasks_roles() -> None:
    # synthetic: role names outside brackets after each task's sentence (责任单位：…；完成时限：…)
    # were left in the task's text
    doc = parse_text(
        "2025年重点工作任务分工方案（合成） 一、扩大有效需求 1.加快重大项目建设。"
        "责任单位：市发改委、市财政局；完成时限：2025年12月底。2.促进消费提质升级。"
        "牵头单位：市商务局；配合单位：市文旅局；完成时限：持续推进。二、保障民生 3.稳定就业。"
        "责任单位：市人社局。4.办好民生实事。配合单位：各区。"
    )
    got = [(u.key, u.text, u.lead_units, u.support_units, u.due) for u in doc.units if u.label]
    assert got == [
        ("s1", "扩大有效需求", (), (), ""),
        ("s1.i1", "加快重大项目建设。", ("市发改委", "市财政局"), (), "2025年12月底"),
        ("s1.i2", "促进消费提质升级。", ("市商务局",), ("市文旅局",), "持续推进"),
        ("s2", "保障民生", (), (), ""),
        ("s2.i3", "稳定就业。", ("市人社局",), (), ""),
        # a clause naming no lead stays in the text, as in every language
        ("s2.i4", "办好民生实事。配合单位：各区。", (), (), ""),
    ]


def test_one_line_speech_title_greeting_and_thanks() -> None:
    """A speech on one line runs its title into its greeting and its last item into its thanks
    (synthetic): the title stops where the greeting begins, and both formulas are paragraphs of
    their own (so the engine's formulas hide them), not the title or the last item's text."""
    hk = parse_text(
        "行政長官2026年施政報告（合成測試）主席先生，各位議員：一、推動經濟發展 1. 政府會繼續"
        "鞏固香港國際金融中心地位。 2. 我們會成立新的產業發展委員會。二、改善民生 3. 我們會增加"
        "安老服務名額2000個。 4. 政府會推行基層醫療健康藍圖。多謝各位。"
    )
    assert hk.title == "行政長官2026年施政報告（合成測試）"
    assert hk.year == 2026
    assert hk.units[0].text == "主席先生，各位議員："
    assert [u.text for u in hk.units][-2:] == ["政府會推行基層醫療健康藍圖。", "多謝各位。"]
    en = parse_text(
        "Budget Statement 2026 (synthetic). Mr Speaker, Sir, I rise to move. 1. We will invest "
        "in skills. 2. We will support families with a new grant. Thank you."
    )
    assert en.title == "Budget Statement 2026 (synthetic)"
    assert [u.text for u in en.units] == [
        "Mr Speaker, Sir, I rise to move.",
        "We will invest in skills.",
        "We will support families with a new grant.",
        "Thank you.",
    ]
    # a greeting inside a line-broken document is left where it is
    lined = parse_text(
        "Budget 2026 (synthetic)\n\n1. We will build homes.\n\n2. We will invest in skills. "
        "Thank you.\n"
    )
    assert [u.text for u in lined.units][-1] == "We will invest in skills. Thank you."
