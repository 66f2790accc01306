"""Ingestion: type by content, encodings, HTML chrome, DOCX, and the one-line rejections."""

from __future__ import annotations

import codecs
import io
import re
import unicodedata
import zipfile

import docx
import pytest

import archive
from archive.ingest import DOCX_TYPE, extract
from archive.ingest.decode import _BAD
from comparison.structure import printed_label
from tests.conftest import DEMO_DIR, ROOT, SEED

SEED_TEXT = SEED.read_text(encoding="utf-8")
HAILAR_TEXT = (DEMO_DIR / "hailar-district-gwr" / "2015.txt").read_text(encoding="utf-8")


def _big5_compatible(text: str) -> str:
    """Real text reduced to the characters Big5 can encode (Big5 has no simplified forms)."""
    return "".join(ch for ch in text if ch.encode("big5", errors="ignore"))


@pytest.mark.parametrize(
    ("codec", "reported"),
    [
        ("utf-8", "utf-8"),
        ("utf-8-sig", "utf-8"),
        ("utf-16", "utf-16"),
        ("gb18030", "gb18030"),
        ("gbk", "gb18030"),
        ("big5", "big5"),
    ],
)
@pytest.mark.parametrize("source", ["seed", "hailar"])
def test_encodings_are_detected_and_reported(codec: str, reported: str, source: str) -> None:
    text = SEED_TEXT if source == "seed" else HAILAR_TEXT
    if codec == "big5":
        text = _big5_compatible(text)
    elif codec == "gbk":
        text = text.encode("gbk", errors="ignore").decode("gbk")
    result = extract(text.encode(codec), filename="synthetic.txt")
    assert result.encoding == reported
    assert result.text == text.replace("\r\n", "\n")
    assert result.media_type == "text/plain"


# SYNTHETIC plans in the shapes Japanese, Korean, Russian and Western European issuers print
# (no such document is in ../shared), each saved in its issuers' legacy encoding
LEGACY_PLANS = {
    "cp932": "令和6年度 市政運営方針（合成）\n\n第１ 子育て支援の充実\n"
    "１ 保育所の定員を300人拡大する。（担当：こども未来局）\n",
    "euc_jp": "令和6年度 市政運営方針（合成）\n\n第１ 地域経済の活性化\n"
    "１ 事業承継を支援する補助制度を新設する。（担当：経済局）\n",
    "cp949": "2024년 주요업무계획 (합성)\n\nⅠ. 민생경제 회복\n1. 소상공인 지원\n"
    " 가. 긴급경영자금 500억원 지원 (담당: 경제정책과)\n",
    "cp1251": "План действий на 2024 год (синтетический)\n\nЦель 1. Развитие экономики\n"
    "Мера 1.1 Поддержать малый бизнес. Ответственный: Министерство экономики\n",
    "cp1252": "Plan de Gobierno 2024 (sintético)\n\nEje 1. Desarrollo económico\n"
    "Objetivo 1.1 Apoyar a las pequeñas empresas. Responsable: Secretaría de Economía\n"
    "Objetivo 1.2 Créer une forêt près de la rivière, à côté du marché.\n",
}


@pytest.mark.parametrize("codec", sorted(LEGACY_PLANS))
def test_legacy_encodings_beyond_chinese_are_read_as_written(codec: str) -> None:
    # GB18030 accepts nearly any bytes: read as Chinese these files were mojibake
    # ("閏ologique"), and their lead clauses were lost
    text = LEGACY_PLANS[codec]
    preview = archive.preview_upload(text.encode(codec), filename="synthetic.txt")
    assert preview.document == archive.preview_upload(text.encode(), filename="a.txt").document
    assert codecs.lookup(preview.encoding or "").name == codecs.lookup(codec).name or (
        codec == "euc_jp" and preview.encoding in {"euc_jis_2004", "euc_jisx0213"}
    )
    assert any(u.lead_units for u in preview.document.units)


def test_real_english_in_windows_1252_keeps_its_letters_and_quotes() -> None:
    real = (ROOT / "tests" / "data" / "sg-budget-speech" / "2004.txt").read_text(encoding="utf-8")
    text = real.encode("cp1252", errors="ignore").decode("cp1252")
    result = extract(text.encode("cp1252"), filename="speech.txt")
    assert result.encoding == "cp1252" and result.text == text.replace("\r\n", "\n")


def test_legacy_encodings_parse_to_the_same_plan() -> None:
    utf8 = archive.preview_upload(SEED_TEXT.encode(), filename="a.txt", year=2014)
    gb = archive.preview_upload(SEED_TEXT.encode("gb18030"), filename="b.txt", year=2014)
    assert gb.encoding == "gb18030" and gb.document == utf8.document


SYNTHETIC_PAGE = """<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>2014年全市社会建设工作要点</title>
<style>.x { color: red }</style><script>var tracking = "脚本内容";</script></head>
<body>
<header><div class="logo">深圳政府在线</div></header>
<nav><a href="/">首页</a> &gt; <a href="/gb">政府公报</a></nav>
<div class="breadcrumb">您现在的位置 政府公报 &gt; 2014年</div>
<div class="content">
<h1>2014年全市社会建设工作要点</h1>
<p>一、总体要求</p>
<p>以党的十八大精神为指导。</p>
<p>二、主要任务</p>
<p>1.推进社会组织改革。<br>完善登记管理。</p>
<p>2.加强社区建设。〔牵头落实单位:市民政局、市委政研室(改革办)〕</p>
</div>
<aside>相关链接</aside>
<footer>版权所有 深圳市人民政府 网站地图</footer>
<script>console.log("尾部脚本")</script>
</body></html>
"""


def test_html_page_chrome_is_removed_and_paragraphs_kept() -> None:
    result = extract(SYNTHETIC_PAGE.encode("utf-8"), filename="synthetic-page.bin")
    assert result.media_type == "text/html"
    assert result.title_hint == "2014年全市社会建设工作要点"
    for chrome in ("脚本", "首页", "您现在的位置", "相关链接", "版权所有", "深圳政府在线", "color"):
        assert chrome not in result.text
    lines = [ln for ln in result.text.splitlines() if ln]
    assert lines[:3] == ["2014年全市社会建设工作要点", "一、总体要求", "以党的十八大精神为指导。"]
    assert "1.推进社会组织改革。\n完善登记管理。" in result.text
    preview = archive.preview_upload(
        SYNTHETIC_PAGE.encode("gb18030").replace(b'charset="utf-8"', b'charset="gb18030"'),
        filename="page.html",
    )
    assert preview.encoding == "gb18030" and preview.media_type == "text/html"
    items = [u for u in preview.document.units if u.kind.value == "item"]
    assert [u.label for u in items] == ["1", "2"]
    assert items[1].lead_units == ("市民政局", "市委政研室(改革办)")


def _synthetic_docx() -> bytes:
    document = docx.Document()
    document.core_properties.title = "2014年全市社会建设工作要点"
    document.add_paragraph("2014年全市社会建设工作要点")
    document.add_paragraph("一、总体要求")
    document.add_paragraph("全面深化社会领域改革。")
    document.add_paragraph("二、主要任务")
    document.add_paragraph("推进社会组织改革。", style="List Number")
    document.add_paragraph("加强社区建设。(牵头单位:市民政局)", style="List Number")
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text = "指标"
    table.cell(0, 1).text = "目标"
    table.cell(1, 0).text = "社区服务中心"
    table.cell(1, 1).text = "全覆盖"
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()


def test_docx_paragraphs_numbering_and_tables() -> None:
    result = extract(_synthetic_docx(), filename="synthetic.docx")
    assert result.media_type == DOCX_TYPE and result.encoding is None
    assert result.title_hint == "2014年全市社会建设工作要点"
    lines = [ln for ln in result.text.splitlines() if ln]
    assert lines[1:4] == ["一、总体要求", "全面深化社会领域改革。", "二、主要任务"]
    assert lines[4] == "1.推进社会组织改革。"  # Word's automatic list number is rendered
    assert lines[5].startswith("2.加强社区建设。")
    # the table is written as a pipe table (it used to be tab-separated lines)
    assert lines[6:] == ["| 指标 | 目标 |", "|---|---|", "| 社区服务中心 | 全覆盖 |"]
    preview = archive.preview_upload(_synthetic_docx(), filename="plan.docx")
    items = [u for u in preview.document.units if u.kind.value == "item"]
    assert len(items) == 2 and items[1].lead_units == ("市民政局",)
    rows = [u.text for u in preview.document.units if u.kind.value == "paragraph"]
    assert rows[-2:] == ["指标 | 目标", "社区服务中心 | 全覆盖"]  # no task header: rows as text


def _docx(*parts: tuple[int | str | None, str]) -> bytes:
    """A synthetic Word document: each part a heading of that level (0 the Title) when its first
    item is a number, else a paragraph in that style (None: the default)."""
    d = docx.Document()
    for how, text in parts:
        if isinstance(how, int):
            d.add_heading(text, how)
        else:
            d.add_paragraph(text, style=how)
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def _styled_docx() -> bytes:
    """A synthetic English plan written as Word users do: a Title, unnumbered Heading 1
    paragraphs and automatic "List Number" items (their numbers are not in the text)."""
    items = "List Number"
    return _docx(
        (0, "Climate Action Plan 2025 (synthetic)"),
        (1, "Clean energy"),
        (items, "Install solar panels on 200 schools."),
        (items, "Retrofit public buildings. Lead: Energy Office."),
        (1, "Transport"),
        (2, "Buses"),
        (items, "Electrify the bus fleet by 2030."),
    )


def test_docx_heading_styles_become_headings_and_list_labels_stand_apart() -> None:
    # before: every paragraph was a paragraph unit, "1.Install …" had no label and the title
    # was a unit of the plan
    text = extract(_styled_docx(), filename="plan.docx").text
    assert [ln for ln in text.splitlines() if ln][:4] == [
        "# Climate Action Plan 2025 (synthetic)",
        "## Clean energy",
        "1. Install solar panels on 200 schools.",
        "2. Retrofit public buildings. Lead: Energy Office.",
    ]
    doc = archive.preview_upload(_styled_docx(), filename="plan.docx").document
    assert doc.title == "Climate Action Plan 2025 (synthetic)"
    assert [(u.kind.value, u.label, u.text) for u in doc.units] == [
        ("section", "", "Clean energy"),
        ("item", "1", "Install solar panels on 200 schools."),
        ("item", "2", "Retrofit public buildings."),
        ("section", "", "Transport"),
        ("section", "", "Buses"),
        ("item", "3", "Electrify the bus fleet by 2030."),  # Word continues the list: so do we
    ]
    assert doc.units[2].lead_units == ("Energy Office",)
    assert [u.parent for u in doc.units][3:] == [None, doc.units[3].key, doc.units[4].key]


def _zip_without_word() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("a.txt", "hello")
    return buf.getvalue()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "upload.txt: empty file"),
        (b"  \n\r\n\t ", "upload.txt: empty file"),
        (b"\x00\x01\x02\x03binary\xff\xfe\x00" * 50, "upload.txt: binary or undecodable file"),
        (bytes(range(256)) * 8, "upload.txt: binary or undecodable file"),
        (b"%PDF-1.7\n%...", "upload.txt: damaged or encrypted PDF"),
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, "upload.txt: binary or undecodable file"),
        (_zip_without_word(), "upload.txt: a ZIP archive, not a Word document (DOCX)"),
        (b"x" * 101, "upload.txt: file too large (101 bytes; the limit is 100)"),
    ],
)
def test_rejections_are_one_clear_line(data: bytes, message: str) -> None:
    with pytest.raises(archive.RejectedUpload) as info:
        archive.preview_upload(
            data, filename="dir/upload.txt", max_bytes=100 if len(data) == 101 else None
        )
    assert str(info.value) == message
    assert "\n" not in str(info.value)


def test_no_structure_is_rejected() -> None:
    with pytest.raises(archive.RejectedUpload) as info:
        archive.preview_upload("。。。\n".encode(), filename="dots.txt")
    assert str(info.value).startswith("dots.txt: no text structure found")
    assert "\n" not in str(info.value)


def test_size_limit_from_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("YEARLINE_MAX_UPLOAD_BYTES", "10")
    with pytest.raises(archive.RejectedUpload, match="the limit is 10"):
        extract(b"0123456789A", filename="x.txt")
    assert extract(b"0123456789", filename="x.txt").size == 10


@pytest.mark.parametrize(
    ("data", "filename"),
    [
        (_synthetic_docx()[:1500], "plan.docx"),  # truncated: the central directory is gone
        (_synthetic_docx()[:1500], "upload.txt"),  # the same, misnamed: Word's entries show
        (bytes(range(256)) * 8, "Plan.DOCX"),  # named a Word file, not even a ZIP
    ],
    ids=["truncated", "truncated-misnamed", "not-a-zip"],
)
def test_a_damaged_word_file_is_called_that(data: bytes, filename: str) -> None:
    with pytest.raises(archive.RejectedUpload) as info:
        archive.preview_upload(data, filename=filename)
    assert str(info.value) == f"{filename}: damaged Word document (DOCX)"
    assert info.value.code == "damaged_docx" and info.value.params == {"name": filename}


def test_rejections_carry_a_code_and_the_fields_of_their_message() -> None:
    cases = {
        b"": ("empty_file", {"name": "a.txt"}),
        b"PK\x03\x04" + bytes(200): ("damaged_zip", {"name": "a.txt"}),
        "。。。\n".encode(): ("unparsable", {"name": "a.txt",
                                            "reason": "no text structure found in the document"}),
    }  # fmt: skip
    for data, (code, params) in cases.items():
        with pytest.raises(archive.RejectedUpload) as info:
            archive.preview_upload(data, filename="dir/a.txt")
        assert (info.value.code, info.value.params) == (code, params)


def test_html_ordered_lists_keep_the_numbers_a_browser_draws() -> None:
    # SYNTHETIC pages: the numbers of <ol> items are drawn by the browser, not in the text
    page = (
        "<html><body><h2>Goal 1: Healthier communities</h2><ol>"
        "<li>Expand clinics. Lead: Ministry of Health</li><li>Launch screening.</li></ol>"
        '<h2>Goal 2: Safer streets</h2><ol start="3"><li>Install street lights.'
        "<ol><li>Pilot in ten towns</li><li>Extend</li></ol></li>"
        '<li>Lower speed limits.<ol type="a"><li>near schools</li><li>near parks</li></ol>'
        "</li></ol><ol><li>1. Already numbered</li><li><b>Action 9:</b> Keyword</li></ol>"
        "</body></html>"
    )
    text = extract(page.encode(), filename="plan.html").text
    lines = [ln for ln in text.splitlines() if ln.strip()]
    assert lines == [
        "Goal 1: Healthier communities",
        "1. Expand clinics. Lead: Ministry of Health",
        "2. Launch screening.",
        "Goal 2: Safer streets",
        "3. Install street lights.",
        "3.1 Pilot in ten towns",
        "3.2 Extend",
        "4. Lower speed limits.",
        "(a) near schools",
        "(b) near parks",
        "1. Already numbered",  # the text's own number, not a second one
        "Action 9: Keyword",
    ]
    doc = archive.preview_upload(page.encode(), filename="plan.html").document
    assert [u.label for u in doc.units if u.label][:4] == ["Goal 1", "1", "2", "Goal 2"]
    assert doc.unit("g1.i1").lead_units == ("Ministry of Health",)
    zh = (
        "<html><body><h2>一、稳增长</h2><ol><li>扩大有效投资。</li><li>（二）促进消费。</li></ol>"
        "</body></html>"
    )
    zh_text = extract(zh.encode(), filename="zh.html").text
    assert [ln for ln in zh_text.splitlines() if ln.strip()] == [
        "一、稳增长",
        "1. 扩大有效投资。",
        "（二）促进消费。",
    ]


# (an <ol> item's text, the label the text grammar reads in it): every form printed_label knows
PRINTED_LABELS = [
    ("一、总体要求", "一"),
    ("（三）促进消费", "三"),
    ("(四)扩大开放", "四"),
    ("5．推进改革", "5"),
    ("6、优化服务", "6"),
    ("（7）完善制度", "7"),
    ("第一章 总则", "一"),
    ("第２ 子育て支援の充実", "２"),
    ("１\u3000保育所の整備", "１"),
    ("Ⅱ. 추진배경", "Ⅱ"),
    ("가. 소상공인 지원", "가"),
    ("II. Economic review", "II"),
    ("PART III Budget measures", "III"),
    ("3. Expand clinics", "3"),
    ("1.2 Pilot in ten towns", "1.2"),
    ("(b) near parks", "b"),
    ("(iv) near schools", "iv"),
    ("iii. A caring society", "iii"),
    ("a. Expand clinics", "a"),
    ("B. Cleaner industry", "B"),
    ("1.1 加快淘汰燃煤锅炉", "1.1"),
    ("第二条 工作目标", "二"),
    ("1) Expand clinics", "1"),
    ("①加快重大项目建设", "①"),
    ("Section 2: Depots", "Section 2"),
    ("Goal 3: Safer streets", "Goal 3"),
    ("<b>Action 9:</b> Keyword", "Action 9"),
    ("<b>1.</b> Bold number", "1"),
    ("<b>(a)</b> Bold letter", "a"),
    ("<strong>Ⅲ</strong>. 안전한 도시", "Ⅲ"),
]


@pytest.mark.parametrize(("item", "label"), PRINTED_LABELS)
def test_html_list_items_printing_a_label_the_grammar_reads_get_no_second_number(
    item: str, label: str
) -> None:
    # SYNTHETIC pages. The reader used to test "already numbered" with a partial copy of the
    # grammar: 가. Ⅱ. II. １　第一章 PART III (iv) <b>(a)</b> items were numbered a second time
    page = f"<html><body><h2>Plan (synthetic)</h2><ol><li>{item}</li></ol></body></html>"
    lines = [ln for ln in extract(page.encode(), filename="p.html").text.splitlines() if ln]
    assert printed_label(lines[1]) == label
    plain = re.sub(r"<[^>]+>", "", item).replace("\u3000", " ")
    assert lines[1] == plain  # the item as printed, without the browser's number


@pytest.mark.parametrize(
    "item", ["Expand clinics", "2025 was a good year", "1.5万亿元用于更新", "第一条经验是坚持改革"]
)
def test_html_list_items_without_a_label_the_grammar_reads_get_the_browsers_number(
    item: str,
) -> None:
    # SYNTHETIC: 2025 1.5万亿元 第一条经验 are not labels to the text grammar; read bare, the item
    # would be a plain paragraph, so it keeps the number the browser draws before it (1) a. and
    # 第二条 工作目标 were among these until the grammar read them: in PRINTED_LABELS now)
    page = f"<html><body><h2>Plan (synthetic)</h2><ol><li>{item}</li></ol></body></html>"
    lines = [ln for ln in extract(page.encode(), filename="p.html").text.splitlines() if ln]
    assert lines[1] == f"1. {item}" and printed_label(item) is None


def test_html_korean_plan_in_ordered_lists_parses_as_printed() -> None:
    # SYNTHETIC page: a Korean plan whose <ol> items print their own 가./나. and Ⅱ. labels
    page = (
        "<html><body><h1>2024년 주요업무계획 (합성)</h1><ol><li>Ⅰ. 민생경제 회복<ol>"
        "<li>가. 소상공인 긴급경영자금 지원 (담당: 경제정책과)</li>"
        "<li>나. 전통시장 시설 현대화 (담당: 지역경제과)</li></ol></li>"
        "<li>Ⅱ. 안전한 도시</li></ol></body></html>"
    )
    doc = archive.preview_upload(page.encode(), filename="plan.html").document
    assert [(u.key, u.label, u.text) for u in doc.units if u.label] == [
        ("s1", "Ⅰ", "민생경제 회복"),
        ("s1.n1", "가", "소상공인 긴급경영자금 지원"),
        ("s1.n2", "나", "전통시장 시설 현대화"),
        ("s2", "Ⅱ", "안전한 도시"),
    ]
    assert doc.unit("s1.n2").lead_units == ("지역경제과",)


def test_html_list_item_label_is_read_on_its_line_not_its_first_fragment() -> None:
    # SYNTHETIC: a Roman heading is one only on a short line (as the text grammar reads it), so a
    # long item opening with II. is text and gets its number; the line ends at the first break
    long = "II. " + "The review of the year's programmes found " * 4
    page = (
        f"<html><body><h2>Plan (synthetic)</h2><ol><li>{long}</li>"
        "<li>Ⅲ<br>추진배경</li></ol></body></html>"
    )
    lines = [ln for ln in extract(page.encode(), filename="p.html").text.splitlines() if ln]
    assert lines[1] == "1. " + long.strip()
    assert lines[2:] == ["2. Ⅲ", "추진배경"]


def test_html_ordered_lists_nested_three_deep_keep_every_level() -> None:
    # SYNTHETIC page: the third level printed 2.1 under 1.2 (its parent's number and its own),
    # losing the top level's 1 and colliding with item 2's own 2.1
    page = (
        "<html><body><h2>Plan (synthetic)</h2><ol><li>Housing<ol><li>Build homes</li>"
        "<li>Repair homes<ol><li>Roofs first</li><li>Then windows</li></ol></li></ol></li>"
        "<li>Transport<ol><li>More buses</li></ol></li></ol></body></html>"
    )
    text = extract(page.encode(), filename="plan.html").text
    assert [ln for ln in text.splitlines() if ln.strip()][1:] == [
        "1. Housing",
        "1.1 Build homes",
        "1.2 Repair homes",
        "1.2.1 Roofs first",
        "1.2.2 Then windows",
        "2. Transport",
        "2.1 More buses",
    ]
    doc = archive.preview_upload(page.encode(), filename="plan.html").document
    # 1.2.1 sits under 1.2 as 1.2 sits under 1.
    assert [(u.key, u.parent) for u in doc.units if u.label] == [
        ("i1", None),
        ("i1.n1-1", "i1"),
        ("i1.n1-2", "i1"),
        ("i1.n1-2.n1-2-1", "i1.n1-2"),
        ("i1.n1-2.n1-2-2", "i1.n1-2"),
        ("i2", None),
        ("i2.n2-1", "i2"),
    ]
    assert not doc.warnings


def test_html_nested_ordered_lists_in_a_chinese_plan_keep_their_levels() -> None:
    # SYNTHETIC page: the reader draws 1.1 for a nested item, which the Chinese grammar did not
    # read (the items became paragraphs of text under 1.)
    page = (
        "<html><body><h2>一、生态环境（合成）</h2><ol><li>推进大气污染防治<ol>"
        "<li>加快淘汰燃煤锅炉。</li><li>推广新能源公交车。</li></ol></li>"
        "<li>推进水污染治理<ol><li>完成黑臭水体整治。</li></ol></li></ol></body></html>"
    )
    doc = archive.preview_upload(page.encode(), filename="plan.html").document
    assert [(u.key, u.kind.value, u.label) for u in doc.units] == [
        ("s1", "section", "一"),
        ("s1.i1", "item", "1"),
        ("s1.i1.n1-1", "item", "1.1"),
        ("s1.i1.n1-2", "item", "1.2"),
        ("s1.i2", "item", "2"),
        ("s1.i2.n2-1", "item", "2.1"),
    ]


def test_html_lists_nested_past_four_decimal_levels_keep_labels_bounded() -> None:
    # SYNTHETIC: 200 nested decimal lists; labels stop growing at four numbers
    page = "<html><body>" + "<ol><li>Step" * 200 + "</li></ol>" * 200 + "</body></html>"
    lines = [ln for ln in extract(page.encode(), filename="deep.html").text.splitlines() if ln]
    assert lines[:5] == ["1. Step", "1.1 Step", "1.1.1 Step", "1.1.1.1 Step", "1.1.1.1 Step"]
    assert len(lines) == 200 and max(map(len, lines)) == len("1.1.1.1 Step")


def test_control_character_class_is_the_unicode_categories() -> None:
    """decode._BAD (used to reject binary files) is exactly Cc/Cs/Co but tab, LF, CR and FF."""
    for code in range(0x110000):
        ch = chr(code)
        want = unicodedata.category(ch) in {"Cc", "Cs", "Co"} and ch not in "\t\n\r\f"
        assert bool(_BAD.match(ch)) == want, hex(code)


def test_docx_heading_styles_over_chinese_labels_keep_the_labels_meaning() -> None:
    data = _docx(
        (0, "2025年重点工作要点（合成）"),
        (1, "一、扩大有效需求"),
        (None, "1.加快重大项目建设。（牵头单位：市发改委）"),
        (2, "（一）促进消费"),
    )
    doc = archive.preview_upload(data, filename="plan.docx").document
    assert doc.title == "2025年重点工作要点（合成）"
    assert [(u.key, u.label, u.lead_units) for u in doc.units] == [
        ("s1", "一", ()),
        ("s1.i1", "1", ("市发改委",)),
        ("s1.t1", "一", ()),
    ]


def test_docx_headings_that_type_their_numbers_keep_them() -> None:
    data = _docx(
        (0, "Plan 2025 (synthetic)"),
        (1, "1. Introduction"),
        (None, "Text here."),
        (1, "2. Actions"),
        (2, "2.1 Housing"),
    )
    doc = archive.preview_upload(data, filename="plan.docx").document
    assert [u.label for u in doc.units if u.label] == ["1", "2", "2.1"]
