"""Numbering grammar, lead clauses, keys, chrome and rejection on small synthetic texts."""

from __future__ import annotations

from pathlib import Path

import pytest

from comparison import PlanDocument, UnitKind, parse_text
from comparison.normalize import normalize
from comparison.structure import ParseError, split_lead_clause

SYNTHETIC_PLAN = """\
您现在的位置 政府公报 > 2020年
索 引 号:000-2020-1
发布日期:2020-03-01 00:00
文 号:某办〔2020〕7号
某市人民政府办公厅
2020年2月20日

2020年某市重点工作计划

　　为做好今年工作，制定本计划。

　　一、加强基础建设

　　（一）完善交通网络。建设地铁。

　　1.推进地铁建设。加快三号线。（牵头单位：市交通局、市发改委（重大办）；市财政局）

　　（1）三号线一期。年底通车。

　　（2）三号线二期。开工建设。

　　2、优化公交线路。〔责任单位:市交通局,各区〕

　　(二)提升水利设施

　　一是加强水库建设。

　　二、改善民生

　　１．扩大就业。新增岗位。[主责单位: 市人社局 、 市总工会]

　　３．完善医保。提高报销比例。

触碰右侧展开
"""


@pytest.fixture(scope="module")
def plan() -> PlanDocument:
    return parse_text(SYNTHETIC_PLAN)


def test_grammar_kinds_labels_levels(plan: PlanDocument) -> None:
    got = [(u.key, u.kind.value, u.label, u.level, u.parent) for u in plan.units]
    assert got == [
        ("p1", "paragraph", "", 1, None),
        ("s1", "section", "一", 1, None),
        ("s1.t1", "task", "一", 2, "s1"),
        ("s1.t1.i1", "item", "1", 3, "s1.t1"),
        ("s1.t1.i1.n1", "item", "1", 4, "s1.t1.i1"),
        ("s1.t1.i1.n2", "item", "2", 4, "s1.t1.i1"),
        ("s1.t1.i2", "item", "2", 3, "s1.t1"),
        ("s1.t2", "task", "二", 2, "s1"),
        ("s1.t2.p1", "paragraph", "", 3, "s1.t2"),
        ("s2", "section", "二", 1, None),
        ("s2.i1", "item", "１", 2, "s2"),
        ("s2.i3", "item", "３", 2, "s2"),
    ]


def test_titles_and_text(plan: PlanDocument) -> None:
    u = plan.by_key()
    assert u["s1"].title == "加强基础建设" == u["s1"].text
    assert u["s1.t1"].title == "完善交通网络"
    assert u["s1.t1"].text == "完善交通网络。建设地铁。"
    assert u["s1.t1.i1"].title == "推进地铁建设"
    assert u["s1.t1.i1"].text == "推进地铁建设。加快三号线。"
    assert u["s1.t2"].title == "提升水利设施"
    assert u["s1.t2.p1"].text == "一是加强水库建设。"
    assert u["p1"].text == "为做好今年工作，制定本计划。"


def test_lead_clauses_all_bracket_styles(plan: PlanDocument) -> None:
    u = plan.by_key()
    assert u["s1.t1.i1"].lead_units == ("市交通局", "市发改委(重大办)", "市财政局")
    assert u["s1.t1.i2"].lead_units == ("市交通局", "各区")
    assert u["s1.t1.i2"].text == "优化公交线路。"
    assert u["s2.i1"].lead_units == ("市人社局", "市总工会")
    assert all("单位" not in x.text for x in plan.units)


def test_metadata_and_chrome(plan: PlanDocument) -> None:
    m = plan.metadata
    assert plan.title == "2020年某市重点工作计划" and plan.year == 2020
    assert m["doc_number"] == "某办〔2020〕7号"
    assert m["index_number"] == "000-2020-1"
    assert m["published"] == "2020-03-01"
    assert m["signed"] == "2020-02-20"
    assert not any("触碰" in x.text or "您现在" in x.text for x in plan.units)
    assert any("chrome" in w for w in plan.warnings)


def test_numbering_gap_warned(plan: PlanDocument) -> None:
    assert any("gap" in w and "１" in w and "３" in w for w in plan.warnings)


def test_keys_depend_on_structure_not_text() -> None:
    a = parse_text(SYNTHETIC_PLAN)
    b = parse_text(SYNTHETIC_PLAN.replace("加快三号线", "加快四号线和五号线建设"))
    assert [u.key for u in a.units] == [u.key for u in b.units]
    assert parse_text(SYNTHETIC_PLAN) == a  # deterministic


def test_duplicate_labels_disambiguated() -> None:
    doc = parse_text("一、甲\n\n1.推进甲。\n\n1.推进乙。\n\n2.推进丙。")
    assert [u.key for u in doc.units] == ["s1", "s1.i1", "s1.i1~2", "s1.i2"]
    assert any("duplicate" in w for w in doc.warnings)


@pytest.mark.parametrize(
    ("text", "kind", "label"),
    [
        ("一、总体要求", UnitKind.SECTION, "一"),
        ("十二、其他事项", UnitKind.SECTION, "十二"),
        ("（三）任务目标", UnitKind.TASK, "三"),
        ("(三)任务目标", UnitKind.TASK, "三"),
        ("3.推进事项。", UnitKind.ITEM, "3"),
        ("3、推进事项。", UnitKind.ITEM, "3"),
        ("３．推进事项。", UnitKind.ITEM, "３"),
        ("3．推进事项。", UnitKind.ITEM, "3"),
        ("（2）子项目。", UnitKind.ITEM, "2"),
        ("(2)子项目。", UnitKind.ITEM, "2"),
        ("\u3000\u3000\u200b一、全角缩进", UnitKind.SECTION, "一"),
        ("\u00a0一、不换行空格", UnitKind.SECTION, "一"),
        ("一是加强领导。", UnitKind.PARAGRAPH, ""),
        ("2.5亿元用于建设。", UnitKind.PARAGRAPH, ""),
        ("2014年全面推进。", UnitKind.PARAGRAPH, ""),
    ],
)
def test_marker_recognition(text: str, kind: UnitKind, label: str) -> None:
    u = parse_text(text, language="zh").units[0]
    assert (u.kind, u.label) == (kind, label)


def test_marker_only_at_line_start() -> None:
    doc = parse_text("推进工作，一、二、三项都要做好。（一）不是标题。")
    assert [u.kind for u in doc.units] == [UnitKind.PARAGRAPH]


def test_crlf_and_cr_line_endings() -> None:
    lf = parse_text("一、甲\n\n1.乙。\n\n2.丙。")
    assert parse_text("一、甲\r\n\r\n1.乙。\r\n\r\n2.丙。").units == lf.units
    assert parse_text("一、甲\r\r1.乙。\r\r2.丙。").units == lf.units


def test_line_mode_without_blank_lines() -> None:
    text = "\u3000\u3000一、回顾\r\n\u3000\u3000过去一年很好。\r\n\u3000\u3000二、安排\r\n"
    doc = parse_text(text)
    assert [(u.key, u.text) for u in doc.units] == [
        ("s1", "回顾"),
        ("s1.p1", "过去一年很好。"),
        ("s2", "安排"),
    ]


def test_text_keeps_original_characters() -> None:
    doc = parse_text("一、提高ＡＢＣ指数\u00a0至１０％。")
    assert doc.units[0].text == "提高ＡＢＣ指数\u00a0至１０％。"
    assert normalize(doc.units[0].text) == "提高ABC指数 至10%。"


@pytest.mark.parametrize(
    ("text", "leads", "rest"),
    [
        ("做好。(牵头落实单位:市委政研室(改革办)、市社工委)", ("市委政研室(改革办)", "市社工委"),
         "做好。"),
        ("做好。（牵头单位：市委（办）， 市府）", ("市委(办)", "市府"), "做好。"),
        ("做好。〔牵头落实单位:甲、乙,丙〕", ("甲", "乙", "丙"), "做好。"),
        ("做好。[责任单位:甲；乙]", ("甲", "乙"), "做好。"),
        ("做好（落实单位：甲）。", ("甲",), "做好。"),
        ("做好。（含三项）", (), "做好。（含三项）"),
    ],
)  # fmt: skip
def test_split_lead_clause(text: str, leads: tuple[str, ...], rest: str) -> None:
    new, got, warn = split_lead_clause(text)
    assert (new, got, warn) == (rest, leads, None)


def test_unparseable_lead_clause_warned() -> None:
    doc = parse_text("一、甲\n\n1.推进。（牵头单位：市委、市府")
    assert doc.units[1].lead_units == ()
    assert any("lead clause" in w for w in doc.warnings)


def test_english_structure() -> None:
    text = (
        "# Annual Plan\n\n**Date:** 2021-02-16\n\n**Mr Speaker**\n\n## Economy\n\n"
        "1. Growth was strong.\n\n1.1 Exports rose.\n\nII. Outlook\n\n"
        "We expect growth in 2021.\n\n(a) wages;\n\n---\n"
    )
    doc = parse_text(text)
    assert doc.language == "en" and doc.title == "Annual Plan"
    assert doc.metadata["date"] == "2021-02-16"
    assert doc.metadata["speaker"] == "Mr Speaker"
    got = [(u.key, u.kind.value, u.label, u.title) for u in doc.units]
    assert got == [
        ("h1", "section", "", "Economy"),
        ("h1.i1", "item", "1", "Growth was strong"),
        ("h1.i1.n1-1", "item", "1.1", "Exports rose"),
        ("s2", "section", "II", "Outlook"),
        ("s2.p1", "paragraph", "", ""),
        ("s2.na", "item", "a", "wages"),
    ]


@pytest.mark.parametrize("text", ["", "   \n\t\r\n", "\u3000\u200b\n", "...\n---\n!!", "12 34"])
def test_rejects_empty_or_structureless(text: str) -> None:
    with pytest.raises(ParseError) as exc:
        parse_text(text)
    assert "\n" not in str(exc.value)
    assert isinstance(exc.value, ValueError)


def test_arguments_override() -> None:
    doc = parse_text("一、甲乙丙", title="自定", year=1999, language="zh")
    assert (doc.title, doc.year, doc.metadata["year"]) == ("自定", 1999, "1999")


def test_closing_signature_to_metadata() -> None:
    text = "一、总体要求\n\n1.推进改革工作。\n\n某某市人民政府办公室\n\n2021年3月5日\n"
    doc = parse_text(text)
    assert [u.key for u in doc.units] == ["s1", "s1.i1"]
    assert doc.metadata["signed"] == "2021-03-05"
    assert doc.metadata["issuer"] == "某某市人民政府办公室"
    assert any("signature" in w for w in doc.warnings)


def test_markdown_headings_in_chinese() -> None:
    doc = parse_text(
        "# 2022年工作要点\n\n## 一、总体要求\n\n1.推进改革工作。\n\n## 保障措施\n\n加强领导。"
    )
    assert doc.title == "2022年工作要点" and doc.year == 2022
    got = [(u.key, u.kind.value, u.label, u.title) for u in doc.units]
    assert got == [
        ("s1", "section", "一", "总体要求"),
        ("s1.i1", "item", "1", "推进改革工作"),
        ("h1", "section", "", "保障措施"),
        ("h1.p1", "paragraph", "", ""),
    ]


def test_hard_wrapped_lines_are_unwrapped() -> None:
    sentence = "推进基本公共服务均等化建设加快构建体系完善机制" * 6 + "。"
    wrapped = "\n".join(sentence[i : i + 30] for i in range(0, len(sentence), 30))
    text = "一、总体要求\n" + "\n".join([wrapped] * 12)
    doc = parse_text(text)
    paras = [u for u in doc.units if u.kind.value == "paragraph"]
    assert len(paras) == 12
    assert all(u.text == sentence for u in paras)


def test_salutation_paragraph_leaves_the_task() -> None:
    doc = parse_text("一、安排\n（一）加强建设。\n推进项目。\n各位代表！让我们共同奋斗！")
    assert doc.units[-1].parent == "s1"
    assert doc.unit("s1.t1.p1").text == "推进项目。"


def test_long_paragraph_starting_like_chrome_is_kept() -> None:
    para = "上一篇规划提出的目标已经全部完成，" * 10 + "本年度继续推进。"
    doc = parse_text("一、回顾\n\n" + para + "\n\n上一篇\n")
    assert doc.units[-1].text == para


def test_bom_is_not_part_of_the_title() -> None:
    doc = parse_text("\ufeff2020年工作要点\n\n一、总体要求\n\n1.推进工作。")
    assert doc.title == "2020年工作要点"
    assert doc.units[0].text == "总体要求"


def test_bytes_rejected_with_one_line() -> None:
    with pytest.raises(ParseError, match="expected decoded text"):
        parse_text(b"\xe4\xb8\x80")  # type: ignore[arg-type]


def test_dotted_numbers_nest_by_depth() -> None:
    # synthetic: 1.2.1 sits under 1.2 as 1.2 sits under 1. (it used to be 1.2's sibling)
    doc = parse_text(
        "Plan (synthetic)\n\n1. Housing\n1.1 Build homes\n1.2 Repair homes\n"
        "1.2.1 Roofs first\n1.2.2 Then windows\n1.3 Rent support\n2. Transport\n"
    )
    assert [(u.label, u.parent) for u in doc.units if u.label] == [
        ("1", None),
        ("1.1", "i1"),
        ("1.2", "i1"),
        ("1.2.1", "i1.n1-2"),
        ("1.2.2", "i1.n1-2"),
        ("1.3", "i1"),
        ("2", None),
    ]


def test_lower_case_roman_sub_items_in_a_real_speech() -> None:
    # Singapore's 2005 Budget Statement (real; tests/data/SOURCES.md) lists "i. … ii. … iii. …"
    text = (Path(__file__).parents[1] / "data" / "sg-budget-speech-2005.txt").read_text("utf-8")
    doc = parse_text(text)
    # under PART I, the list follows the title-case heading "Creating Opportunity, …"
    assert doc.unit("s1.h1").text == "Creating Opportunity, Building Community"
    items = [u for u in doc.units if u.parent == "s1.h1" and u.label]
    assert [(u.key, u.kind, u.parent, u.text) for u in items] == [
        ("s1.h1.ni", UnitKind.ITEM, "s1.h1", "A Dynamic and Entrepreneurial Economy;"),
        ("s1.h1.nii", UnitKind.ITEM, "s1.h1", "A Lean and Effective Government; and"),
        ("s1.h1.niii", UnitKind.ITEM, "s1.h1", "A Caring and Inclusive Society."),
    ]
    assert doc.unit("s2").label == "II"  # PART II follows, a section as before


# Roman numerals as they open a line: (line, language, what the grammar reads: kind and label)
ROMAN_LINES = [
    ("IV. Outlook", "en", ("section", "IV")),
    ("I. ECONOMIC REVIEW", "en", ("section", "I")),
    ("I. " + "went to the ministry and asked for the figures, " * 3, "en", None),  # prose
    ("iv. Lower speed limits near schools", "en", ("item", "iv")),
    ("ii. A Lean and Effective Government; and", "en", ("item", "ii")),
    ("xii. Twelfth measure", "en", ("item", "xii")),
    ("iiv. not a numeral", "en", None),
    ("i.e. the same rule", "en", None),
    ("(iv) near schools", "en", ("item", "iv")),
    ("(IV) upper case in brackets", "en", None),
    ("Ⅱ. 안전한 도시", "en", ("section", "Ⅱ")),
    ("Ⅱ. " + "안전한 도시 " * 30, "en", None),
    ("Ⅱ、安全なまちづくり", "zh", ("section", "Ⅱ")),
    ("Ⅱ、" + "安全なまちづくりを進める。" * 12, "zh", None),
    ("ii. 小写罗马数字", "zh", None),
]


@pytest.mark.parametrize(("line", "lang", "reads"), ROMAN_LINES)
def test_roman_numerals_start_a_unit_exactly_when_they_are_read_as_one(
    line: str, lang: str, reads: tuple[str, str] | None
) -> None:
    # synthetic lines. _starts_unit (where a paragraph breaks) and _classify_* (what a paragraph
    # is) read Roman numerals by one definition: a line that breaks a paragraph is a unit, and a
    # unit's line breaks one (a long Ⅱ. line used to break a paragraph without being a section)
    from comparison.structure import _classify_en, _classify_zh, _starts_unit

    hit = (_classify_zh if lang == "zh" else _classify_en)(line)
    assert (None if hit is None else (hit[0].value, hit[2])) == reads
    assert _starts_unit(line, lang) == (hit is not None)


# Letters and decimal outlines as they open a line: (line, language, kind and label read)
OUTLINE_LINES = [
    ("A. Cleaner transport", "en", ("section", "A")),
    ("B) Cleaner industry", "en", ("section", "B")),
    ("A. " + "expand the electric bus fleet across every district, " * 3, "en", None),
    ("a. Consult residents on the zone boundary", "en", ("item", "a")),
    ("b) install enforcement cameras;", "en", ("item", "b")),
    ("e.g. the same rule", "en", None),
    ("i.e. the same rule", "en", None),
    ("1.1 加快淘汰燃煤锅炉", "zh", ("item", "1.1")),
    ("1.1加快淘汰燃煤锅炉", "zh", ("item", "1.1")),
    ("２．３．１ 完成黑臭水体整治", "zh", ("item", "２．３．１")),
    ("1.5万亿元超长期特别国债", "zh", None),
    ("3.2%的增速高于预期", "zh", None),
    ("1.1.1 年底前完成改造", "zh", ("item", "1.1.1")),
    ("1 推进大气污染防治", "zh", ("item", "1")),
    ("30 台燃煤锅炉完成改造", "zh", None),
    ("1 推进大气污染防治，年底前完成全部改造任务。", "zh", None),
    ("①加快重大项目建设。", "zh", ("item", "①")),
    ("⑵ 推进城市更新。", "zh", ("item", "⑵")),
    ("⒊促进消费。", "zh", ("item", "⒊")),
    ("2）促进消费。", "zh", ("item", "2")),
    ("第三条 为了规范管理，制定本办法。", "zh", ("item", "三")),
    ("第一条经验是坚持改革。", "zh", None),
    ("Chapter 2: Rail", "en", ("section", "Chapter 2")),
    ("Section 1.1 Fleet", "en", ("section", "Section 1.1")),
    ("Article 5 Funding", "en", ("item", "Article 5")),
    ("Task 4: Cycle lanes", "en", ("item", "Task 4")),
    ("Part 2 of the plan sets out the rail measures.", "en", None),
    ("1) Expand clinics", "en", ("item", "1")),
    ("2)Expand clinics", "en", None),
]


@pytest.mark.parametrize(("line", "lang", "reads"), OUTLINE_LINES)
def test_letters_and_decimal_outlines_start_a_unit_exactly_when_read_as_one(
    line: str, lang: str, reads: tuple[str, str] | None
) -> None:
    # synthetic lines: the same invariant as for Roman numerals above
    from comparison.structure import _classify_en, _classify_zh, _starts_unit

    hit = (_classify_zh if lang == "zh" else _classify_en)(line)
    assert (None if hit is None else (hit[0].value, hit[2])) == reads
    assert _starts_unit(line, lang) == (hit is not None)


def test_letters_count_in_sequence_in_the_outline() -> None:
    # synthetic plan in the classic outline I. > A. > 1. > a.: C. after B. is the letter (it was
    # read as the Roman numeral 100, key s100); a second Roman section restarts the letters
    doc = parse_text(
        "Clean Air Plan (synthetic)\n\nI. Transport\nA. Buses\n1. Buy electric buses.\n"
        "a. Tender in spring.\nb. Deliver by autumn.\nB. Cars\n2. Open a low-emission zone.\n"
        "C. Lorries\n3. Retrofit filters.\nII. Industry\nA. Boilers\n4. Close coal boilers.\n"
    )
    assert [(u.key, u.kind.value, u.label) for u in doc.units if u.label] == [
        ("s1", "section", "I"),
        ("s1.l1", "section", "A"),
        ("s1.l1.i1", "item", "1"),
        ("s1.l1.i1.na", "item", "a"),
        ("s1.l1.i1.nb", "item", "b"),
        ("s1.l2", "section", "B"),
        ("s1.l2.i2", "item", "2"),
        ("s1.l3", "section", "C"),
        ("s1.l3.i3", "item", "3"),
        ("s2", "section", "II"),
        ("s2.l1", "section", "A"),
        ("s2.l1.i4", "item", "4"),
    ]
    assert doc.unit("s1.l3").title == "Lorries"


def test_a_letter_out_of_sequence_is_text() -> None:
    # synthetic: an initial, or a letter whose predecessor never came, opens a paragraph of
    # text; h. then i. is the letter i, while i. opening a list stays the Roman one
    doc = parse_text(
        "Plan (synthetic)\n\n1. Fund the clinics.\n\nJ. Smith, the minister, will report.\n\n"
        "2. Train nurses.\n\nB. Not a list without an A.\n\n"
        "3. Steps.\n\ng. Seventh step.\n\nf. Out of order.\n\n"
        "4. Areas:\n\ni. Towns.\n\nii. Villages.\n"
    )
    texts = {u.text: u for u in doc.units}
    assert texts["J. Smith, the minister, will report."].kind is UnitKind.PARAGRAPH
    assert texts["B. Not a list without an A."].kind is UnitKind.PARAGRAPH
    assert texts["g. Seventh step."].kind is UnitKind.PARAGRAPH  # no f. before it
    assert [(u.key, u.label) for u in doc.units if u.parent == "i4"] == [
        ("i4.ni", "i"),
        ("i4.nii", "ii"),
    ]
    letters = parse_text("Plan (synthetic)\n\n1. Steps:\n\ng. G\n\nh. H\n\ni. I\n", language="en")
    assert [u.label for u in letters.units if u.label] == ["1", "i"]  # g. h. open no sequence
    run = parse_text(
        "Plan (synthetic)\n\n1. Steps:\n\n" + "".join(f"{c}. Step {c}\n\n" for c in "abcdefghij")
    )
    assert [u.label for u in run.units if u.parent == "i1"] == list("abcdefghij")
    assert run.unit("i1.ni").text == "Step i"  # the ninth letter, not the Roman one


def test_lettered_sections_in_a_real_speech() -> None:
    # Singapore's 1990 Budget Statement (real; tests/data/SOURCES.md): "A. Increasing the
    # Workforce" … "E. …", each also under a "## A. …" markdown heading. Before, A. B. D. E.
    # stayed text and C. became the Roman section 100 (key s100)
    text = (Path(__file__).parents[1] / "data" / "sg-budget-speech-1990.txt").read_text("utf-8")
    doc = parse_text(text)
    letters = [u for u in doc.units if u.key.rsplit(".", 1)[-1].startswith("l")]
    assert [(u.label, u.kind, u.title) for u in letters] == [
        ("A", UnitKind.SECTION, "Increasing the Workforce"),
        ("B", UnitKind.SECTION, "Increasing Productivity"),
        ("C", UnitKind.SECTION, "Staying Competitive"),
        ("D", UnitKind.SECTION, "Tapping Regional and World Growth"),
        ("E", UnitKind.SECTION, "Enhancing the Prosperity of Our Neighbours"),
    ]
    # A. holds its four paragraphs (D.'s sit under the markdown headings that follow it)
    assert len(doc.children(letters[0].key)) == 4
    assert not any(u.key.endswith("s100") for u in doc.units)


def test_lettered_items_in_a_real_speech() -> None:
    # Singapore's 1999 Budget Statement (real): rebates by flat type a) … e), then a second
    # list a) b); they were paragraphs of text
    text = (Path(__file__).parents[1] / "data" / "sg-budget-speech-1999.txt").read_text("utf-8")
    doc = parse_text(text)
    items = [u for u in doc.units if u.kind is UnitKind.ITEM and u.label.isalpha()]
    assert [(u.label, u.title) for u in items][:7] == [
        ("a", "One-Room Flats"),
        ("b", "Two-Room Flats"),
        ("c", "Three-Room Flats"),
        ("d", "Four-Room Flats"),
        ("e", "Five-Room Flats"),
        ("a", "Rental Rebates"),
        ("b", "Rebates for S&C Charges"),
    ]
    # each list sits under the title-case heading printed above it
    heads = [doc.unit(u.parent).text for u in items[:7]]
    assert (
        heads
        == ["Personal Tax Rebate"] * 5
        + ["Extension of GST-Related Offsets and Rebates for Two Years"] * 2
    )


def test_decimal_outline_in_chinese_nests_by_depth() -> None:
    # synthetic plan numbered as standards are: 1 / 1.1 / 1.1.1, with （1） below; a line opening
    # with a quantity (1.5万亿元) stays text
    doc = parse_text(
        "2025年市生态环境局工作要点（合成）\n\n1 推进大气污染防治\n1.1 加快淘汰燃煤锅炉。\n"
        "1.1.1 年底前完成30台改造。\n（1）优先改造学校周边锅炉。\n1.2 推广新能源公交车。\n"
        "1.5万亿元资金用于设备更新。\n2 推进水污染治理\n2.1 完成10条黑臭水体整治。\n"
    )
    assert [(u.key, u.parent) for u in doc.units if u.label] == [
        ("i1", None),
        ("i1.n1-1", "i1"),
        ("i1.n1-1.n1-1-1", "i1.n1-1"),
        ("i1.n1-1.n1-1-1.n1", "i1.n1-1.n1-1-1"),
        ("i1.n1-2", "i1"),
        ("i2", None),
        ("i2.n2-1", "i2"),
    ]
    quantity = next(u for u in doc.units if u.text.startswith("1.5万亿元"))
    assert quantity.kind is UnitKind.PARAGRAPH and quantity.parent == "i1.n1-2"
    assert doc.unit("i1").title == "推进大气污染防治"


def test_english_plan_year_from_its_title() -> None:
    # synthetic: an English plan that names no "Budget 2025"/"FY2025" takes its title's year
    # (it had none); a sum or a decimal in the title is not a year
    doc = parse_text("Clean Air Action Plan 2025-2027 (synthetic)\n\n1. Expand the bus fleet.\n")
    assert doc.year == 2025
    assert parse_text("Plan for $2025 of grants (synthetic)\n\n1. Pay grants.\n").year is None
    budget = parse_text("Plan 2030 (synthetic)\n\n1. In Budget 2024 we will pay grants.\n")
    assert budget.year == 2024  # the text's own "Budget 2024" still decides first


def test_circled_bracketed_and_article_numbers_in_chinese_nest() -> None:
    # synthetic plans: 1. > （1） > 1） > ①, ⑴ read as （1） and ⒈ as 1.; articles 第一条 under a
    # chapter hold their （一） lists (all of these were paragraphs of text)
    doc = parse_text(
        "2025年工作要点（合成）\n\n一、稳增长\n1.扩大有效投资。\n（1）加快重大项目建设。\n"
        "1）用好专项债券。\n①优先支持在建项目。\n②适度超前建设。\n⒉促进消费。\n⑴扩大服务消费。\n"
    )
    assert [(u.key, u.parent) for u in doc.units if u.label] == [
        ("s1", None),
        ("s1.i1", "s1"),
        ("s1.i1.n1", "s1.i1"),
        ("s1.i1.n1.b1", "s1.i1.n1"),
        ("s1.i1.n1.b1.c1", "s1.i1.n1.b1"),
        ("s1.i1.n1.b1.c2", "s1.i1.n1.b1"),
        ("s1.i2", "s1"),
        ("s1.i2.n1", "s1.i2"),
    ]
    assert not doc.warnings  # ⒉ follows 1. in the numbering, ⑴ opens its list
    rules = parse_text(
        "数据管理办法（合成）\n\n第一章 总则\n第一条 为了规范数据管理，制定本办法。\n"
        "第二条 本办法适用于：\n（一）政务数据；\n（二）公共数据。\n第二章 管理职责\n"
        "第三条 市数据局负责统筹。\n"
    )
    assert [(u.key, u.kind.value, u.parent) for u in rules.units if u.label] == [
        ("c1", "section", None),
        ("c1.ar1", "item", "c1"),
        ("c1.ar2", "item", "c1"),
        ("c1.ar2.t1", "task", "c1.ar2"),
        ("c1.ar2.t2", "task", "c1.ar2"),
        ("c2", "section", None),
        ("c2.ar3", "item", "c2"),
    ]


def test_english_chapters_sections_and_articles_nest() -> None:
    # synthetic plan: Chapter > Section > numbered items, Part > Task/Step/Article (they were text)
    doc = parse_text(
        "Transport Strategy 2025 (synthetic)\n\nChapter 1: Buses\nSection 1.1 Fleet\n"
        "1. Buy 200 electric buses.\nSection 1.2 Depots\n2. Build two depots.\nChapter 2: Rail\n"
        "Task 1: Extend the tram.\nStep 1: Survey the route.\nArticle 3 Funding comes from tolls.\n"
    )
    assert [(u.key, u.kind.value, u.parent) for u in doc.units if u.label] == [
        ("ch1", "section", None),
        ("ch1.sc1-1", "section", "ch1"),
        ("ch1.sc1-1.i1", "item", "ch1.sc1-1"),
        ("ch1.sc1-2", "section", "ch1"),
        ("ch1.sc1-2.i2", "item", "ch1.sc1-2"),
        ("ch2", "section", None),
        ("ch2.t1", "item", "ch2"),
        ("ch2.t1.sp1", "item", "ch2.t1"),
        ("ch2.ar3", "item", "ch2"),
    ]
    assert doc.unit("ch2.t1").title == "Extend the tram"


@pytest.mark.parametrize(
    ("first", "title"),
    [
        ("Clean Air Action Plan 2025", "Clean Air Action Plan 2025"),
        ("Digital Strategy (synthetic)", "Digital Strategy (synthetic)"),
        ("Mr Speaker, Sir", None),  # a speech's opening, not a title
        ("1. Expand the bus fleet", None),
        ("A. Transport priorities", None),
        ("We will publish the plan.", None),
    ],
)
def test_english_first_line_is_the_title_when_it_reads_as_one(
    first: str, title: str | None
) -> None:
    # synthetic texts: an English plan's title line was read as its first unit (a paragraph the
    # comparison then matched year to year); it is the document's title now
    doc = parse_text(f"{first}\n\n1. Expand the bus fleet.\n\n2. Open a tram line.\n")
    assert (doc.title == first and doc.units[0].text != first) == (title is not None)
    if title is not None:
        assert doc.title == title


def test_a_markdown_heading_is_never_the_title() -> None:
    # synthetic: "## 重点项目" (a workbook's sheet, a section) ends with a title word (项目, as
    # 为民办实事项目 does) but heads its rows; the xlsx test's sheet "## 分工" was taken for the
    # title
    doc = parse_text("## 重点项目\n\n1.新建学校10所。\n\n## 说明\n\n本表为合成测试数据。\n")
    assert [u.title for u in doc.units if u.parent is None] == ["重点项目", "说明"]


def test_a_decimal_label_ending_in_zero_heads_its_outline() -> None:
    # synthetic: plans that number chapters 1.0, 2.0 put 1.1, 1.2 under 1.0 (they were its
    # siblings); 1.2.0 heads 1.2.1 the same way, and 1.10 is no zero
    doc = parse_text(
        "Water Resilience Plan 2025 (synthetic)\n\n1.0 Introduction\n1.1 Reduce leakage.\n"
        "1.2.0 Metering\n1.2.1 Meter every home.\n1.10 Fix the tenth main.\n2.0 Drought\n"
        "2.1 Build two reservoirs.\n"
    )
    assert [(u.key, u.parent) for u in doc.units if u.label] == [
        ("n1-0", None),
        ("n1-0.n1-1", "n1-0"),
        ("n1-0.n1-2-0", "n1-0"),
        ("n1-0.n1-2-0.n1-2-1", "n1-0.n1-2-0"),
        ("n1-0.n1-10", "n1-0"),
        ("n2-0", None),
        ("n2-0.n2-1", "n2-0"),
    ]
    zh = parse_text(
        "工作要点（合成）\n\n1.0 总体要求\n1.1 坚持稳中求进。\n2.0 重点任务\n2.1 扩大内需。\n"
    )
    assert [(u.key, u.parent) for u in zh.units if u.label] == [
        ("n1-0", None),
        ("n1-0.n1-1", "n1-0"),
        ("n2-0", None),
        ("n2-0.n2-1", "n2-0"),
    ]


TITLE_PLAN = """Riverton Housing Strategy 2025 (synthetic)

Introduction

This strategy sets out how the council will meet housing need over five years.

Building New Homes

We will build 3,000 homes, a third of them affordable.

1. Release council land for 800 homes.

2. Set up a development company.

Dr Jane Smith

Improving Existing Homes

We will retrofit 5,000 council homes by 2030.
"""


def test_title_case_lines_head_sections_when_a_plan_has_several() -> None:
    # synthetic: English plans often head sections with plain title-case lines, no numbers
    doc = parse_text(TITLE_PLAN)
    heads = [(u.key, u.text) for u in doc.units if u.kind is UnitKind.SECTION]
    assert heads == [
        ("h1", "Introduction"),
        ("h2", "Building New Homes"),
        ("h3", "Improving Existing Homes"),
    ]
    assert [u.key for u in doc.units if u.parent == "h2"] == ["h2.p1", "h2.i1", "h2.i2"]
    name = doc.unit("h2.i2.p1")  # a person's name is no heading
    assert (name.kind, name.text) == (UnitKind.PARAGRAPH, "Dr Jane Smith")


def test_a_lone_title_case_line_or_one_inside_a_paragraph_stays_text() -> None:
    one = "Plan 2025 (synthetic)\n\nHousing Delivery\n\nWe will build homes.\n\nAnd roads.\n"
    assert not [u for u in parse_text(one).units if u.kind is UnitKind.SECTION]
    wrapped = TITLE_PLAN.replace(
        "We will build 3,000 homes",
        "We will work with the\\nMonetary Authority of Singapore\\nto build 3,000 homes",
    )
    doc = parse_text(wrapped.replace("\\n", "\n"))
    assert "Monetary Authority of Singapore" in doc.unit("h2.p1").text
    assert [u.text for u in doc.units if u.kind is UnitKind.SECTION][1] == "Building New Homes"


def test_title_case_headings_head_the_keyword_actions_that_follow_them() -> None:
    # synthetic: theme headings without numbers over "Action N:" lines (keyword ranks sit above
    # a plain heading's): each theme holds its actions, and the themes stay siblings
    doc = parse_text(
        "Riverton Climate Action Plan 2025 (synthetic)\n\nIntroduction\n\nThis plan sets out"
        " our actions.\n\nClean Energy\n\nAction 1: Install rooftop solar.\n\nAction 2: Switch"
        " the fleet to electric vehicles.\n\nBuildings\n\nAction 3: Adopt a net-zero code.\n\n"
        "Transport\n\nAction 4: Build 50 km of cycle lanes.\n"
    )
    tree = [(u.key, u.parent) for u in doc.units if u.kind is not UnitKind.PARAGRAPH]
    assert tree == [
        ("h1", None),
        ("h2", None),
        ("h2.a1", "h2"),
        ("h2.a2", "h2"),
        ("h3", None),
        ("h3.a3", "h3"),
        ("h4", None),
        ("h4.a4", "h4"),
    ]
