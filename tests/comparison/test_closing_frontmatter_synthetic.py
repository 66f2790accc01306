"""What stands around a plan's initiatives: its closing block (who signed it, when), its title
line and front matter, Markdown markup, and a first number glued to its heading.

Every text here is SYNTHETIC, written for these tests in the shapes plans of other issuers are
printed in (a district's 落款, a Taiwanese county's ROC-dated signature, an English council's
signatory block, a UK department's foreword, a Markdown strategy); none is presented as real.
The bundled corpus (national, Hailar, Singapore) parses as it did before these rules except for
Markdown headings that carry a number (``## (i) Manufacturing Sector`` now has the label
``i``) and ``**Speakers:**`` losing its asterisks.
"""

from __future__ import annotations

import pytest

from comparison import parse_text
from comparison.closing import split_closing
from comparison.metadata import closing_date


def _outline(text: str) -> list[tuple[str, str, str]]:
    return [(u.key, u.label, u.title or u.text) for u in parse_text(text).units]


# ---------------------------------------------------------------- closing dates
@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("2025年1月20日", ("", "2025-01-20")),
        ("某某区人民政府 2025年1月20日", ("某某区人民政府", "2025-01-20")),
        ("二〇二五年一月二十日", ("", "2025-01-20")),
        ("二〇二四年十二月三十一日", ("", "2024-12-31")),
        ("中華民國114年1月20日", ("", "2025-01-20")),
        ("令和7年3月31日", ("", "2025-03-31")),
        ("2025년 3월 15일", ("", "2025-03-15")),
        ("2025-03-15", ("", "2025-03-15")),
        ("15 March 2025", ("", "2025-03-15")),
        ("March 15, 2025", ("", "2025-03-15")),
        ("Monday, 10th June, 1963", ("Monday", "1963-06-10")),
        ("15 de marzo de 2025", ("", "2025-03-15")),
        ("Bruxelles, le 15 mars 2025", ("Bruxelles, le", "2025-03-15")),
        ("15. März 2025", ("", "2025-03-15")),
        ("March 2025", ("", "2025-03")),
    ],
)
def test_closing_date_reads_every_issuers_date(line: str, expected: tuple[str, str]) -> None:
    assert closing_date(line) == expected


@pytest.mark.parametrize("line", ["增长5%左右", "2025年", "32 March 2025", "in 2025", "1.1 Build"])
def test_closing_date_is_none_for_what_is_no_date(line: str) -> None:
    assert closing_date(line) is None


# ---------------------------------------------------------------- closing blocks
def test_traditional_chinese_signature_with_a_roc_date_goes_to_metadata() -> None:
    text = (
        "某縣114年度施政計畫（合成）\n\n一、推動產業升級\n（一）加速發展先進製造業。\n"
        "（二）大力發展現代服務業。\n二、改善民生\n（一）新增就業5000人。\n"
        "（二）完善長照服務體系。\n\n縣長 王大明\n中華民國114年1月20日\n"
    )
    doc = parse_text(text)
    assert doc.year == 2025
    assert [u.key for u in doc.units][-1] == "s2.t2"
    assert doc.unit("s2.t2").text == "完善長照服務體系。"
    assert (doc.metadata["signed"], doc.metadata["issuer"]) == ("2025-01-20", "縣長王大明")


def test_a_signature_dated_in_chinese_numerals_goes_to_metadata() -> None:
    text = (
        "一、总体要求\n\n1.推进改革工作。\n\n2.加强组织领导。\n\n"
        "某某县人民政府\n二〇二五年二月八日\n"
    )
    doc = parse_text(text)
    assert [u.key for u in doc.units] == ["s1", "s1.i1", "s1.i2"]
    assert (doc.metadata["signed"], doc.metadata["issuer"]) == ("2025-02-08", "某某县人民政府")


def test_english_signatory_block_is_no_section() -> None:
    text = (
        "Riverside Council Action Plan 2025 (synthetic)\n\n1. Housing\n"
        "1.1 Build 500 new homes by 2026.\n1.2 Improve the private rented sector.\n"
        "2. Transport\n2.1 Extend the bus network to every estate.\n"
        "2.2 Add 20 km of cycle lanes.\n\nJane Smith\nChief Executive\nRiverside Council\n"
        "15 March 2025\n"
    )
    doc = parse_text(text)
    assert [u.key for u in doc.units] == [
        "i1", "i1.n1-1", "i1.n1-2", "i2", "i2.n2-1", "i2.n2-2",
    ]  # fmt: skip
    assert doc.metadata["signed"] == "2025-03-15"
    assert doc.metadata["issuer"] == "Jane Smith, Chief Executive, Riverside Council"
    assert any("signature" in w for w in doc.warnings)


@pytest.mark.parametrize(
    ("text", "issuer"),
    [
        (
            "某区2025年重点工作安排 一、推进产业升级 1.加快发展先进制造业。2.大力发展现代服务业。"
            "二、改善民生 3.新增城镇就业5000人。4.完善养老服务体系。 某某区人民政府 2025年1月20日",
            "某某区人民政府",
        ),
        (
            "Green City Plan 2025. Goal 1: Clean air. Action 1.1: Plant 5,000 trees. Action 1.2: "
            "Ban coal heating. Goal 2: Water. Action 2.1: Fix every leaking main. "
            "Green City Council 1 April 2025",
            "Green City Council",
        ),
    ],
)
def test_a_one_line_texts_closing_block_is_cut_off_its_last_item(text: str, issuer: str) -> None:
    doc = parse_text(text)
    last = doc.units[-1]
    assert last.text.rstrip().endswith(("完善养老服务体系。", "Fix every leaking main."))
    assert doc.metadata["issuer"] == issuer
    assert doc.metadata["signed"] in ("2025-01-20", "2025-04-01")


def test_a_last_item_that_only_ends_in_a_date_keeps_it() -> None:
    text = (
        "1. Housing\n1.1 Build 500 new homes.\n2. Review\n"
        "2.1 The council will review this plan by 15 March 2026.\n"
    )
    doc = parse_text(text)
    assert doc.units[-1].text == "The council will review this plan by 15 March 2026."
    assert "signed" not in doc.metadata
    # and a minutes line that ends in the next sitting's date (Hansard) stays too
    minutes = [
        "Order.",
        "The debate was adjourned.",
        "Adjourned at 5 p.m. to Monday, 10th June, 1963.",
    ]
    assert split_closing(minutes, "en") is None
    assert split_closing(minutes, "en", one_line=True) is None
    assert split_closing(["1. Housing", "1.1 Build homes.", "Review in March 2026"], "en") is None


def test_a_heading_before_a_date_is_not_taken_for_an_issuer() -> None:
    paras = ["一、总体要求", "1.推进改革。", "二、保障措施", "2025年1月20日"]
    found = split_closing(paras, "zh")
    assert found is not None
    assert (found.kept, found.issuer) == (paras[:3], "")  # 二、 is numbered: not a signature


# ---------------------------------------------------------------- titles and front matter
def test_a_chinese_title_right_above_its_first_heading_is_the_title() -> None:
    doc = parse_text("某市2025年政府工作要点\n一、重点任务\n1.推进改革。\n2.扩大开放。\n")
    assert doc.title == "某市2025年政府工作要点"
    assert [u.key for u in doc.units] == ["s1", "s1.i1", "s1.i2"]


def test_an_english_title_under_the_issuers_name_and_front_matter_above_the_outline() -> None:
    text = (
        "Department for Local Growth\nLocal Growth Action Plan 2025 to 2026\n\n"
        "Foreword by the Secretary of State\n\nThis plan sets out how we will support places.\n\n"
        "Our Approach\n\nWe will work with every mayor.\n\nHow We Will Report\n\n"
        "Progress will be published each year.\n\n"
        "1. Skills\n1.1 We will fund 10,000 new apprenticeships.\n"
        "1.2 We will expand adult education.\n\n2. Transport\n"
        "2.1 We will extend rural bus services.\n"
    )
    doc = parse_text(text)
    assert (doc.title, doc.year) == ("Local Growth Action Plan 2025 to 2026", 2025)
    assert doc.metadata["header_text"] == "Department for Local Growth"
    tops = [u.key for u in doc.units if u.parent is None]
    assert tops == ["h1", "h2", "h3", "i1", "i2"]  # the outline is not under "How We Will Report"
    assert doc.unit("h3.p1").text == "Progress will be published each year."
    assert doc.unit("i1.n1-1").parent == "i1"


def test_title_case_headings_that_group_the_outline_keep_their_items() -> None:
    text = (
        "City Plan 2025\n\nEconomy\n\n1. Skills\n1.1 Fund apprenticeships.\n\n"
        "Society\n\n2. Health\n2.1 Open clinics.\n\nEnvironment\n\n3. Air\n3.1 Plant trees.\n"
    )
    tops = [u.key for u in parse_text(text).units if u.parent is None]
    assert tops == ["h1", "h2", "h3"]


# ---------------------------------------------------------------- Markdown
def test_markdown_emphasis_and_numbered_headings() -> None:
    text = (
        "# Digital Strategy 2025\n\n## 1. Digital services\n\n"
        "- **Action 1.1:** Move 50 services online by *December 2025*.\n"
        "- **Action 1.2:** Publish an open data portal.\n\n## 2. Skills\n\n"
        "1. Train 2,000 staff in digital skills.\n2. Offer a coding course in every library.\n"
    )
    got = _outline(text)
    assert got == [
        ("h1", "1", "Digital services"),
        ("h1.a1-1", "Action 1.1", "Move 50 services online by December 2025"),
        ("h1.a1-2", "Action 1.2", "Publish an open data portal"),
        ("h2", "2", "Skills"),
        ("h2.i1", "1", "Train 2,000 staff in digital skills"),
        ("h2.i2", "2", "Offer a coding course in every library"),
    ]


def test_stars_that_are_no_emphasis_stay() -> None:
    text = (
        "## Overview\n\nThe figures are in your handout*.*Cols. 519-20 We grew 5 * 3 times.\n\n"
        "## 4.30 p.m. until 5.00 p.m.\n\nTotal ____________ 800 ____________ 850.\n"
    )
    doc = parse_text(text)
    texts = [u.text for u in doc.units]
    assert "The figures are in your handout*.*Cols. 519-20 We grew 5 * 3 times." in texts
    assert "Total ____________ 800 ____________ 850." in texts  # a rule's underscores
    heading = next(u for u in doc.units if "p.m." in u.text)
    assert heading.label == ""  # a time is no number of a heading


# ---------------------------------------------------------------- numbers glued to headings
def test_a_first_number_glued_to_its_heading_in_run_on_chinese() -> None:
    text = (
        "某市2025年政府工作要点\n"
        "一、引言1.今年是收官之年，做好全年工作意义重大。2.全市经济总体向好。"
        "二、重点任务（一）地区生产总值增长5%左右。（二）城镇新增就业3万人。"
        "三、保障措施1.加强组织领导。2.强化督查考核。\n"
    )
    assert _outline(text) == [
        ("s1", "一", "引言"),
        ("s1.i1", "1", "今年是收官之年，做好全年工作意义重大"),
        ("s1.i2", "2", "全市经济总体向好"),
        ("s2", "二", "重点任务"),
        ("s2.t1", "一", "地区生产总值增长5%左右"),
        ("s2.t2", "二", "城镇新增就业3万人"),
        ("s3", "三", "保障措施"),
        ("s3.i1", "1", "加强组织领导"),
        ("s3.i2", "2", "强化督查考核"),
    ]


def test_a_glued_one_without_a_two_or_inside_a_sentence_stays_text() -> None:
    one = _outline("一、总体要求包括1、2、3项重点。\n\n二、保障措施\n\n加强领导。\n")
    assert one[0] == ("s1", "一", "总体要求包括1、2、3项重点")
    lone = _outline("一、重点任务（一）地区生产总值增长5%左右。\n\n二、保障措施\n\n加强领导。\n")
    assert lone[0] == ("s1", "一", "重点任务（一）地区生产总值增长5%左右")


# ---------------------------------------------------------------- a Spanish plan's lines
def test_a_spanish_axis_holds_its_lines_and_each_line_its_roles() -> None:
    text = (
        "Plan de Acción Municipal 2025 (sintético)\n\nEje 1. Movilidad sostenible\n"
        "Línea 1.1. Ampliar la red de carriles bici en 30 km.\n"
        "Responsable: Área de Movilidad. Colaboran: Policía Municipal.\n"
        "Línea 1.2. Renovar la flota de autobuses con 40 vehículos eléctricos.\n"
        "Responsable: Empresa Municipal de Transportes.\n\nEje 2. Vivienda\n"
        "Línea 2.1. Construir 500 viviendas asequibles.\n"
        "Responsable: Empresa Municipal de la Vivienda. Plazo: diciembre de 2026.\n"
    )
    doc = parse_text(text)
    assert [(u.key, u.label) for u in doc.units] == [
        ("ax1", "Eje 1"), ("ax1.ln1-1", "Línea 1.1"), ("ax1.ln1-2", "Línea 1.2"),
        ("ax2", "Eje 2"), ("ax2.ln2-1", "Línea 2.1"),
    ]  # fmt: skip
    assert doc.unit("ax1").lead_units == ()  # the axis leads nothing: its lines do
    line = doc.unit("ax1.ln1-1")
    assert (line.lead_units, line.support_units) == (("Área de Movilidad",), ("Policía Municipal",))
    assert doc.unit("ax2.ln2-1").due == "diciembre de 2026"


def test_short_lines_of_the_last_part_are_no_signature() -> None:
    paras = ["一、总体要求", "1.推进改革。", "三、保障措施", "加强组织领导", "强化督查考核"]
    paras += ["某某市人民政府", "2025年1月20日"]
    found = split_closing(paras, "zh")
    assert found is not None
    assert found.kept == paras[:5] and found.issuer == "某某市人民政府"
    joint = ["一、总体要求", "1.推进改革。", "中共某某市委员会", "某某市人民政府", "2025年1月20日"]
    found = split_closing(joint, "zh")
    assert found is not None and found.issuer == "中共某某市委员会 某某市人民政府"


# ---------------------------------------------------------------- a work plan's bare figures
def test_a_short_work_items_figure_after_a_verb_of_doing_is_a_target() -> None:
    from comparison.targets import extract

    text = (
        "某市2025年工作要点（合成）\n\n一、深化改革\n1.公务员编制减少2%。\n"
        "2.新建保障性住房1200套。\n3.完成预算数的92%。\n4.全市常住人口1200万人。\n"
    )
    got = {(q.key, q.text) for q in extract(parse_text(text)).targets}
    assert ("s1.i1", "2%") in got and ("s1.i2", "1200套") in got
    assert not any(k in ("s1.i3", "s1.i4") for k, _ in got)  # a share; a figure with no verb
    # the same figure in a long report paragraph stays a count
    long = "一、深化改革\n（一）" + "持续推进各项改革，" * 25 + "新建保障性住房1200套。\n"
    assert not extract(parse_text(long)).targets
