"""The parser on the bundled real documents: structure pinned by reading the files by hand."""

from __future__ import annotations

import re

import pytest

from comparison import PlanDocument, UnitKind, parse_text
from comparison.clean import clean_text
from comparison.structure import PARSER_VERSION

from .conftest import HAILAR_YEARS, NATIONAL_YEARS, SG_YEARS

# ---------------------------------------------------------------- seed (Shenzhen 2014)
SEED_SECTIONS = [
    ("一", "完善基本公共服务体系"),
    ("二", "创新城市社会治理体制"),
    ("三", "深入推进社会建设“风景林工程”和“织网工程”"),
    ("四", "构建现代社会组织体制"),
    ("五", "完善社会建设综合保障和各方参与机制"),
]
# item number -> section label, read from the text
SEED_ITEM_SECTION = dict.fromkeys(range(1, 4), "一")
SEED_ITEM_SECTION.update(dict.fromkeys(range(4, 10), "二"))
SEED_ITEM_SECTION.update(dict.fromkeys(range(10, 12), "三"))
SEED_ITEM_SECTION.update(dict.fromkeys(range(12, 16), "四"))
SEED_ITEM_SECTION.update(dict.fromkeys(range(16, 23), "五"))
# Every item's lead units, copied from the clauses at the end of items 1..22.
SEED_LEADS = {
    1: ["市委政研室(改革办)", "市社工委", "市财政委", "市卫生计生委", "市教育局", "市民政局",
        "市人力资源保障局"],
    2: ["市发展改革委", "市财政委", "市社工委", "市政府办公厅"],
    3: ["市财政委", "市发展改革委", "市编办", "市民政局"],
    4: ["市编办", "市民政局", "市委组织部", "市社工委", "市委政研室(改革办)", "市发展改革委",
        "市财政委", "各区"],
    5: ["市委政法委", "市委市政府信访局", "市公安局", "市司法局"],
    6: ["市委政法委(市综治办)", "市委市政府信访局", "市卫生计生委", "市人力资源保障局",
        "市公安局", "市司法局"],
    7: ["市委宣传部(市互联网信息办公室)", "市政府办公厅", "市公安局"],
    8: ["市应急办", "市委政法委(市委维稳办)", "市交通运输委", "市卫生计生委", "市公安局",
        "市市场监管委", "市中级人民法院", "市人民检察院"],
    9: ["市委宣传部", "市教育局", "市发展改革委", "市文体旅游局"],
    10: ["市社工委", "市委组织部", "市委政法委(市综治办)", "市民政局等", "各区"],
    11: ["市社工委", "市经贸信息委", "市委政法委(市综治办)", "市民政局", "市政务服务管理办公室",
         "市卫生计生委", "市教育局", "市人力资源保障局", "市住房建设局等", "各区"],
    12: ["市民政局", "市社工委", "市编办", "市财政委", "市法制办", "市前海管理局", "市总工会",
         "团市委", "市妇联"],
    13: ["市民政局", "市社工委", "市委组织部", "市公安局", "市审计局", "市外办"],
    14: ["市民政局", "市社工委", "市编办", "市财政委", "市统计局"],
    15: ["市委组织部", "市民政局", "市社工委", "市人力资源保障局"],
    16: ["市社工委", "市统计局", "国家统计局深圳调查队"],
    17: ["市人大常委会办公厅", "市法制办", "市社工委", "市公安局", "市司法局", "市中级人民法院",
         "市人民检察院"],
    18: ["市总工会", "团市委", "市妇联", "市文联", "市残联", "市科协"],
    19: ["市社工委", "市委党校", "市财政委"],
    20: ["市社工委", "市社会建设工作领导小组有关成员单位"],
    21: ["市委宣传部", "市社工委", "市社会建设工作领导小组有关成员单位"],
    22: ["市社工委", "市委组织部", "市委宣传部", "市人大常委会办公厅", "市政协办公厅",
         "市直机关工委"],
}  # fmt: skip


def _items(doc: PlanDocument) -> list:
    return [u for u in doc.units if u.kind is UnitKind.ITEM]


def test_seed_sections(seed_doc: PlanDocument) -> None:
    sections = [u for u in seed_doc.units if u.kind is UnitKind.SECTION]
    assert [(u.label, u.title) for u in sections] == SEED_SECTIONS
    assert [u.key for u in sections] == ["s1", "s2", "s3", "s4", "s5"]
    assert all(u.parent is None and u.level == 1 for u in sections)


def test_seed_items_and_parents(seed_doc: PlanDocument) -> None:
    items = _items(seed_doc)
    assert [u.label for u in items] == [str(n) for n in range(1, 23)]
    by_key = seed_doc.by_key()
    for u in items:
        assert u.level == 2
        assert by_key[u.parent].label == SEED_ITEM_SECTION[int(u.label)]


def test_seed_item_titles_and_text(seed_doc: PlanDocument) -> None:
    items = {u.label: u for u in _items(seed_doc)}
    first = items["1"]
    assert first.title == "统筹推进社会事业改革创新"
    assert first.text.startswith("统筹推进社会事业改革创新。贯彻落实《中共深圳市委")
    assert first.text.endswith("推动改革取得实质成效。")
    assert "牵头落实单位" not in first.text
    assert items["6"].title == "学习借鉴“枫桥经验”创新群众工作机制"
    assert items["22"].title == "创新社会建设多方参与和监督机制"
    assert all(u.title for u in items.values())


def test_seed_lead_units_every_item(seed_doc: PlanDocument) -> None:
    got = {int(u.label): list(u.lead_units) for u in _items(seed_doc)}
    assert got == SEED_LEADS
    assert all("牵头" not in u.text[-30:] for u in _items(seed_doc))


def test_seed_metadata(seed_doc: PlanDocument) -> None:
    m = seed_doc.metadata
    assert seed_doc.title == "2014年全市社会建设工作要点" == m["title"]
    assert seed_doc.year == 2014 and m["year"] == "2014"
    assert m["doc_number"] == "深办〔2014〕4号"
    assert m["index_number"] == "043000-10-2014-006536"
    assert m["issuer"] == "中共深圳市委办公厅 深圳市人民政府办公厅"
    assert m["published"] == "2014-07-02"
    assert m["signed"] == "2014-04-14"
    assert seed_doc.language == "zh"


def test_seed_no_chrome_and_preamble(seed_doc: PlanDocument) -> None:
    for u in seed_doc.units:
        for chrome in ("【字体", "您现在的位置", "触碰右侧展开", "i深圳", "索 引 号", "印发给你们"):
            assert chrome not in u.text and chrome not in u.title
    first = seed_doc.units[0]
    assert first.kind is UnitKind.PARAGRAPH and first.parent is None and first.key == "p1"
    assert first.text.startswith("2014年,全市社会建设工作要深入贯彻")
    # The closing note after item 22 belongs to section 五, not to item 22.
    last = seed_doc.units[-1]
    assert last.kind is UnitKind.PARAGRAPH and last.parent == "s5"
    assert last.text.startswith("排第一位的主要牵头单位")
    assert any("chrome" in w for w in seed_doc.warnings)


def _compact(s: str) -> str:
    return re.sub(r"[\s\u200b\u200c\u200d\ufeff、.．()（）]", "", s)


_LEAD_CLAUSE_LINE = re.compile(r"[〔(（\[]牵头落实单位[:：].*[〕)）\]]\s*$")


def _coverage(text: str, doc: PlanDocument) -> tuple[str, str]:
    """(cleaned body with lead clauses cut, concatenated labels+texts), both compacted."""
    cleaned = clean_text(text)
    body = "".join(_LEAD_CLAUSE_LINE.sub("", ln) for ln in cleaned.body)
    units = "".join(u.label + u.text for u in doc.units)
    return _compact(body), _compact(units)


def test_seed_every_body_character_in_one_unit(seed_text: str, seed_doc: PlanDocument) -> None:
    body, units = _coverage(seed_text, seed_doc)
    assert body == units
    assert len(body) > 5000


# ---------------------------------------------------------------- national reports
def test_national_all_years_present() -> None:
    assert [y for y in range(2000, 2026) if y != 2020] == NATIONAL_YEARS


@pytest.mark.parametrize("year", NATIONAL_YEARS)
def test_national_parses_without_footer(
    year: int, national_texts: dict[int, str], national_docs: dict[int, PlanDocument]
) -> None:
    doc = national_docs[year]
    assert doc.language == "zh"
    assert doc.year == year
    assert doc.title == "政府工作报告"
    for u in doc.units:
        for footer in ("本作品是中华人民共和国", "Public domain", "维基文库", "公有领域"):
            assert footer not in u.text
        assert u.text != "false"
    assert any("footer" in w for w in doc.warnings)
    body, units = _coverage(national_texts[year], doc)
    assert body == units


NATIONAL_SECTIONS = {
    2009: ["2008年工作回顾", "2009年工作总体部署", "2009年主要任务"],
    2019: ["2018年工作回顾", "2019年经济社会发展总体要求和政策取向", "2019年政府工作任务"],
    2024: ["2023年工作回顾", "2024年经济社会发展总体要求和政策取向", "2024年政府工作任务"],
    2025: ["2024年工作回顾", "2025年经济社会发展总体要求和政策取向", "2025年政府工作任务"],
}
# Titles of the work-section tasks, first and last, with the count (read from the files).
NATIONAL_TASKS = {
    2009: (7, "加强和改善宏观调控，保持经济平稳较快发展",
           "推进政府自身建设，提高驾驭经济社会发展全局的能力"),
    2019: (10, "继续创新和完善宏观调控，确保经济运行在合理区间",
           "加快发展社会事业，更好保障和改善民生"),
    2024: (10, "大力推进现代化产业体系建设，加快发展新质生产力",
           "切实保障和改善民生，加强和创新社会治理"),
    2025: (10, "大力提振消费、提高投资效益，全方位扩大国内需求",
           "加大保障和改善民生力度，提升社会治理效能"),
}  # fmt: skip
# Paragraph counts under the first two tasks of the work section.
NATIONAL_TASK_PARAGRAPHS = {2009: (8, 11), 2019: (7, 4), 2024: (3, 3), 2025: (2, 3)}
CN = "一二三四五六七八九十"


@pytest.mark.parametrize("year", sorted(NATIONAL_SECTIONS))
def test_national_sections_tasks_paragraphs(
    year: int, national_docs: dict[int, PlanDocument]
) -> None:
    doc = national_docs[year]
    sections = [u for u in doc.units if u.kind is UnitKind.SECTION]
    assert [u.title for u in sections] == NATIONAL_SECTIONS[year]
    assert [u.label for u in sections] == ["一", "二", "三"]
    work = sections[2]
    tasks = [u for u in doc.units if u.kind is UnitKind.TASK and u.parent == work.key]
    count, first, last = NATIONAL_TASKS[year]
    assert [u.label for u in tasks] == list(CN[:count])
    assert tasks[0].title == first and tasks[-1].title == last
    assert [u.key for u in tasks[:2]] == ["s3.t1", "s3.t2"]
    assert all(u.level == 2 for u in tasks)
    n1, n2 = NATIONAL_TASK_PARAGRAPHS[year]
    for task, n in ((tasks[0], n1), (tasks[1], n2)):
        paras = doc.children(task.key)
        assert len(paras) == n, (task.key, [p.text[:12] for p in paras])
        assert all(p.kind is UnitKind.PARAGRAPH and p.level == 3 for p in paras)


def test_national_2019_headline_paragraphs(national_docs: dict[int, PlanDocument]) -> None:
    doc = national_docs[2019]
    paras = doc.children("s3.t1")
    assert paras[1].title == "实施更大规模的减税"
    assert paras[1].text.startswith("实施更大规模的减税。普惠性减税与结构性减税并举")
    assert paras[0].title == ""  # a long first sentence is not a headline
    assert doc.unit("s1.p2").title == "经济运行保持在合理区间"
    one_is = [u for u in doc.children("s1") if u.text.startswith("一是")]
    assert len(one_is) == 1 and one_is[0].kind is UnitKind.PARAGRAPH
    # "PM\n2.5\n）" and "M\n2\n和" are glued back into their paragraph.
    assert any("M2和社会融资规模" in u.text for u in doc.units)
    assert not any(u.text in {"2.5", "2"} for u in doc.units)


def test_national_2006_link_breaks_glued(national_docs: dict[int, PlanDocument]) -> None:
    s3 = national_docs[2006].unit("s3")
    assert s3.text == "关于《国民经济和社会发展第十一个五年规划纲要（草案）》的说明"


def test_national_2007_missing_task_is_warned(national_docs: dict[int, PlanDocument]) -> None:
    # The 2007 source skips （三） in section 三: the gap is reported, not hidden.
    assert any("gap" in w and "四" in w for w in national_docs[2007].warnings)


# ---------------------------------------------------------------- Hailar district reports
HAILAR_TASKS = {
    # year: [(section label, number of tasks)], counted by reading the files
    2015: [("一", 5), ("二", 10)],  # full-width （一）
    2017: [("一", 6), ("二", 7)],  # half-width (一)
    2019: [("一", 6), ("二", 6), ("三", 5)],
}


@pytest.mark.parametrize("year", HAILAR_YEARS)
def test_hailar_parses(
    year: int, hailar_texts: dict[int, str], hailar_docs: dict[int, PlanDocument]
) -> None:
    doc = hailar_docs[year]
    body, units = _coverage(hailar_texts[year], doc)
    assert body == units
    assert doc.year == year and doc.language == "zh"
    assert doc.title == "政府工作报告"
    assert any(u.kind is UnitKind.TASK for u in doc.units)
    assert all("\r" not in u.text for u in doc.units)
    assert all(not u.text.startswith(("\u3000", " ")) for u in doc.units)


@pytest.mark.parametrize("year", sorted(HAILAR_TASKS))
def test_hailar_task_counts(year: int, hailar_docs: dict[int, PlanDocument]) -> None:
    doc = hailar_docs[year]
    sections = {u.label: u for u in doc.units if u.kind is UnitKind.SECTION}
    for label, n in HAILAR_TASKS[year]:
        tasks = [u for u in doc.children(sections[label].key) if u.kind is UnitKind.TASK]
        assert [t.label for t in tasks] == list(CN[:n])


def test_hailar_half_width_task_with_body(hailar_docs: dict[int, PlanDocument]) -> None:
    t = hailar_docs[2017].unit("s1.t1")
    assert t.kind is UnitKind.TASK and t.label == "一"
    assert t.title == "经济实力迈上新台阶"
    assert t.text.startswith("经济实力迈上新台阶。2016年,地区生产总值")
    assert hailar_docs[2017].metadata["delivered"] == "2017-02-11"


# ---------------------------------------------------------------- Singapore budget speeches
@pytest.mark.parametrize("year", SG_YEARS)
def test_sg_budget_speech(year: int, sg_docs: dict[int, PlanDocument]) -> None:
    doc = sg_docs[year]
    assert doc.language == "en"
    assert doc.title == "Budget Speech"
    paras = [u for u in doc.units if u.kind is UnitKind.PARAGRAPH]
    assert len(paras) >= 100
    assert not any(u.text.startswith("**") for u in doc.units)
    # a speaker's turn is a Markdown definition (``**Mr Speaker**`` / ``: Order. …``): the
    # colon is markup, so no paragraph starts with it (2024 had ": Order.", 2021 ":The Question")
    assert not any(u.text.lstrip().startswith((":", "：")) for u in doc.units)
    assert len({u.key for u in doc.units}) == len(doc.units)


def test_sg_speaker_turn_marker_is_not_text(sg_docs: dict[int, PlanDocument]) -> None:
    first = sg_docs[2024].units[0]
    assert first.text.startswith("Order. The Clerk will now proceed"), first.text[:40]
    closing = [u.text for u in sg_docs[2021].units if "The Question is" in u.text]
    assert closing and closing[0].startswith("The Question is")


def test_sg_headings_where_present(sg_docs: dict[int, PlanDocument]) -> None:
    heads_1978 = [u.title for u in sg_docs[1978].units if u.kind is UnitKind.SECTION]
    assert "Singapore's Economy in 1977" in heads_1978 and "Prospects for 1978" in heads_1978
    heads_1965 = [u.title for u in sg_docs[1965].units if u.kind is UnitKind.SECTION]
    assert "The 1965 Estimates" in heads_1965
    assert sg_docs[1965].metadata["date"] == "1964-11-02"
    assert sg_docs[2004].unit("s1").label == "I"  # "PART I - OUTLOOK AND CHALLENGES"
    assert sg_docs[2019].year == 2019
    assert "Heng Swee Keat" in sg_docs[2019].metadata["speaker"]


def test_sg_2004_the_noisy_megabyte_parses() -> None:
    """The 1 MB repeat with run-together words parses into many paragraphs. Its speed is not a
    unit test (a wall-clock bound failed on a loaded machine): benchmarks/pathological.py measures
    parse time against size, and tests/archive/test_pathological.py guards the stalls."""
    from .conftest import SG_DIR, read

    text = read(SG_DIR / "2004.txt")
    doc = parse_text(text)
    assert len(text) > 1_000_000
    assert len(doc.units) > 300  # 362 paragraphs when written
    assert sum(len(u.text) for u in doc.units) > 0.8 * len(text)  # the text lands in units


def test_parser_version_exported() -> None:
    assert PARSER_VERSION


def test_zero_width_only_lines_do_not_cut_paragraphs(national_texts: dict[int, str]) -> None:
    """The 2017 and 2021 wiki texts cut ~40 sentences with a line holding only U+200B."""
    doc = parse_text(national_texts[2017])
    gdp = [u for u in doc.units if "国内生产总值达到74.4" in u.text]
    assert len(gdp) == 1
    assert "74.4万亿元，增长6.7%" in gdp[0].text
    assert not any(u.text.startswith(("万亿元", "多万公里")) for u in doc.units)


def test_sg_list_inside_a_sentence_holds_no_paragraphs(sg_docs: dict[int, PlanDocument]) -> None:
    """2024: "…we will: (a) tackle immediate challenges …; … (e) and ultimately, forge a stronger
    and more united nation." The five entries are parts of one sentence, so the 260 paragraphs that
    follow are the speech's, not children of entry (e) (they were, keyed ``ne.p…``)."""
    doc = sg_docs[2024]
    entries = [u for u in doc.units if u.kind is UnitKind.ITEM and u.label in "abcde"]
    assert [u.label for u in entries][:5] == ["a", "b", "c", "d", "e"]
    under_entries = [u for u in doc.units if u.parent in {e.key for e in entries}]
    assert under_entries == []
    later = doc.units[doc.units.index(entries[4]) + 1]
    assert later.kind is UnitKind.PARAGRAPH and later.parent is None


def test_a_heading_item_still_holds_its_paragraphs() -> None:
    """The in-sentence list rule leaves real headings alone: a numbered headline followed by
    prose keeps the prose as its children (synthetic text)."""
    from comparison.structure import parse_text

    text = (
        "Plan\n\n1. Better Jobs\n\nWe will train 10,000 workers.\n\n"
        "2. Cleaner Air\n\nWe will plant trees."
    )
    doc = parse_text(text)
    heads = [u for u in doc.units if u.kind is not UnitKind.PARAGRAPH]
    paras = [u for u in doc.units if u.kind is UnitKind.PARAGRAPH and u.text.startswith("We ")]
    assert len(heads) == 2 and [p.parent for p in paras] == [h.key for h in heads]


def test_sg_sitting_times_are_not_numbered_items(sg_docs: dict[int, PlanDocument]) -> None:
    """Hansard prints the time of the sitting on its own line ("3.49 p.m.", 1978; "7.05 p.m.",
    1965): a time, not item 3.49 (it was an item whose text was "p.m.")."""
    for year, time in ((1978, "3.49 p.m."), (1965, "7.05 p.m.")):
        units = sg_docs[year].units
        assert not any(u.kind is UnitKind.ITEM and u.text.lower() == "p.m." for u in units)
        assert any(u.kind is UnitKind.PARAGRAPH and u.text == time for u in units)
