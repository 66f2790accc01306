"""Word report: title, provenance, summary, the changes by kind, and the change register.

Changed, split and merged items carry real Word tracked changes: each redline becomes one
paragraph of ``w:ins``/``w:del`` revisions (author "Yearline", the generation time as date), so
the reader steps through them in Word's Review pane; accepting all gives B's text, rejecting all
gives A's. Each such paragraph sits in a hidden bookmark ``_YlM<n>`` (n = the match's index in
the Comparison JSON) so tools and tests can find it.

Bulk content (revision paragraphs, table rows) is written as raw OOXML: python-docx's per-cell
API is far too slow for a 300-row register.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable, Sequence
from datetime import datetime
from xml.sax.saxutils import escape

from docx import Document
from docx.document import Document as DocumentObject
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Cm, Pt, RGBColor
from docx.styles.style import BaseStyle

from comparison import Comparison, RedlineOp
from webapp.exports.digest import executive, text_lines, word
from webapp.exports.rows import (
    DASH,
    KIND_FILLS,
    ChangeRow,
    entry_meta,
    entry_title,
    heading,
    iso,
    label,
    label_language,
    language,
    lead_summary,
    provenance,
    register,
    register_headers,
    sections,
    summary_rows,
)
from webapp.exports.targets import add_docx_changes

AUTHOR = "Yearline"
BOOKMARK_PREFIX = "_YlM"
LATIN_FONT = "Times New Roman"
LATIN_HEADING_FONT = "Arial"
CJK_FONT = "宋体"  # SimSun: what Word on a Chinese desktop expects; LibreOffice falls back to Noto
CJK_HEADING_FONT = "黑体"  # SimHei
NAVY = "1F3A5F"
GREY = "5F6B7A"
BORDER = "A6AEB8"
HEADER_FILL = "DCE3EC"
W = nsdecls("w")
_BAD_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def render(comparison: Comparison, generated_at: datetime) -> bytes:
    lang = label_language(comparison)
    rows = register(comparison)
    prov = provenance(comparison, generated_at, lang)
    doc = Document()
    _styles(doc, language(comparison))  # fonts and language tags follow the plans' text
    _properties(doc, label("title", lang), heading(comparison, lang), generated_at)
    _package(doc)
    section = doc.sections[0]
    _page(section, landscape=False)
    subject = heading(comparison, lang)
    _header_footer(section, f"{label('title', lang)} · {subject}", lang)

    doc.add_paragraph(label("title", lang), style="Title")
    sub = doc.add_paragraph(subject, style="Subtitle")
    sub.alignment = WD_ALIGN_PARAGRAPH.CENTER

    _executive(doc, comparison, rows, lang)
    p = doc.add_paragraph(label("provenance", lang), style="Heading 1")
    p.paragraph_format.page_break_before = True  # page 1 is the executive summary
    body = doc.element.body
    prov_rows = [[label("series", lang), prov.series_title, ""]]
    prov_rows += [[name, va, vb] for name, va, vb in prov.rows]
    prov_rows += [
        [label("engine_version", lang), prov.engine_version, ""],
        [label("generated_at", lang), prov.generated_at, ""],
    ]
    if prov.decisions:
        prov_rows.insert(-1, [label("decisions", lang), prov.decisions, ""])
    _append(body, _table(["", "A", "B"], prov_rows, [3.6, 6.4, 6.4], merge_empty_last=True))

    doc.add_paragraph(label("summary", lang), style="Heading 1")
    counts = [[name, str(n)] for _, name, n in summary_rows(comparison, lang)]
    counts.append([label("entries", lang), str(len(rows))])
    fills = [KIND_FILLS.get(k, "FFFFFF") for k, _, _ in summary_rows(comparison, lang)]
    _append(
        body,
        _table(
            [label("kind", lang), label("count", lang)],
            counts,
            [5.0, 2.5],
            first_col_fills=[*fills, "FFFFFF"],
            align_right={1},
        ),
    )
    doc.add_paragraph(label("legend", lang), style="Caption")

    ids = _Ids()
    date = iso(generated_at)
    first = True
    for key, group in sections(rows):
        if not group:
            continue
        h = doc.add_paragraph(f"{label('section_' + key, lang)}({len(group)})", style="Heading 1")
        if first:  # page 1 is the cover: provenance and counts; the changes start on page 2
            h.paragraph_format.page_break_before = True
            first = False
        if key == "moved":
            for row in group:
                leads = lead_summary(row, lang)
                meta = entry_meta(row, lang) + (f"\n{leads}" if leads else "")
                _append(body, _para("Heading2", entry_title(row)))
                _append(body, _para("MetaLast", meta))
            continue
        for row in group:
            _entry(doc, row, lang, ids, date)

    add_docx_changes(doc, comparison, lang)
    new_section = doc.add_section(WD_SECTION.NEW_PAGE)
    _page(new_section, landscape=True)
    doc.add_paragraph(f"{label('register', lang)}({len(rows)})", style="Heading 1")
    cols = register_headers(lang, "agencies")
    reg = []
    reg_fills = []
    for i, r in enumerate(rows, 1):
        kind = label(r.kind, lang) + (f"\n{label('moved', lang)}" if r.moved else "")
        sim = DASH if r.similarity is None else f"{r.similarity:.2f}"
        leads = lead_summary(r, lang).split(": ", 1)[-1]
        reg.append([str(i), kind, r.a.number, r.a.headline, r.b.number, r.b.headline, sim, leads])
        reg_fills.append(KIND_FILLS[r.kind])
    widths = [0.9, 1.4, 2.7, 5.8, 2.7, 5.8, 1.5, 4.3]
    _append(body, _table(cols, reg, widths, first_col_fills=reg_fills, small=True, align_right={6}))

    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def _executive(
    doc: DocumentObject, comparison: Comparison, rows: list[ChangeRow], lang: str
) -> None:
    """Page 1: the executive summary (counts, new and dropped priorities, priorities reordered,
    top rewrites, lead-agency changes, targets changed), five lines a block at most."""
    ex = executive(comparison, rows)
    doc.add_paragraph(word("executive_summary", lang), style="Heading 1")
    for line in text_lines(ex, lang):
        doc.add_paragraph(line)
    for block in ex.blocks:
        doc.add_paragraph(f"{block.title}({block.total})", style="Heading 3")
        for line in block.lines:
            doc.add_paragraph(line.text(), style="List Bullet")
        if block.more:
            doc.add_paragraph(word("more", lang, n=block.more), style="List Bullet")


# --- entries ---------------------------------------------------------------------------------


def _entry(doc: DocumentObject, row: ChangeRow, lang: str, ids: _Ids, date: str) -> None:
    # Raw paragraphs: python-docx's style-name lookup per paragraph is quadratic in practice.
    body = doc.element.body
    _append(body, _para("Heading2", entry_title(row)))
    if row.kind in ("split", "merged", "restructured"):
        _append(body, _para("Meta", f"A: {row.a.headline}\nB: {row.b.headline}"))
    meta = entry_meta(row, lang)
    leads = lead_summary(row, lang)
    _append(body, _para("Meta", f"{meta}\n{leads}" if leads else meta))
    if row.kind == "new":
        _append(body, _plain_paragraph(row.b.text))
    elif row.kind == "dropped":
        _append(body, _plain_paragraph(row.a.text, colour=GREY))
    elif row.match_index is not None:
        _append(body, _revision_paragraph(row.redline, row.match_index, ids, date))


def _para(style_id: str, text: str) -> object:
    return parse_xml(
        f'<w:p {W}><w:pPr><w:pStyle w:val="{style_id}"/></w:pPr>'
        f"<w:r>{_run_content(text, 't')}</w:r></w:p>"
    )


class _Ids:
    """Unique ``w:id`` values for revisions and bookmarks."""

    def __init__(self) -> None:
        self.n = 100

    def next(self) -> int:
        self.n += 1
        return self.n


def _clean(text: str) -> str:
    return _BAD_XML.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))


def _run_content(text: str, tag: str) -> str:
    """``w:t``/``w:delText`` pieces with ``w:br`` for line breaks."""
    parts = []
    for i, line in enumerate(_clean(text).split("\n")):
        if i:
            parts.append("<w:br/>")
        if line:
            parts.append(f'<w:{tag} xml:space="preserve">{escape(line)}</w:{tag}>')
    return "".join(parts)


def _revision_paragraph(
    redline: Iterable[tuple[RedlineOp, str]], index: int, ids: _Ids, date: str
) -> object:
    bookmark = ids.next()
    xml = [
        f'<w:p {W}><w:pPr><w:pStyle w:val="Redline"/></w:pPr>',
        f'<w:bookmarkStart w:id="{bookmark}" w:name="{BOOKMARK_PREFIX}{index}"/>',
    ]
    attrs = f'w:author="{AUTHOR}" w:date="{date}"'
    for op, text in redline:
        if not text:
            continue
        if op is RedlineOp.EQUAL:
            xml.append(f"<w:r>{_run_content(text, 't')}</w:r>")
        elif op is RedlineOp.INSERT:
            xml.append(
                f'<w:ins w:id="{ids.next()}" {attrs}><w:r>{_run_content(text, "t")}</w:r></w:ins>'
            )
        else:
            xml.append(
                f'<w:del w:id="{ids.next()}" {attrs}>'
                f"<w:r>{_run_content(text, 'delText')}</w:r></w:del>"
            )
    xml.append(f'<w:bookmarkEnd w:id="{bookmark}"/></w:p>')
    return parse_xml("".join(xml))


def _plain_paragraph(text: str, colour: str | None = None) -> object:
    rpr = f'<w:rPr><w:color w:val="{colour}"/></w:rPr>' if colour else ""
    return parse_xml(
        f'<w:p {W}><w:pPr><w:pStyle w:val="Redline"/></w:pPr>'
        f"<w:r>{rpr}{_run_content(text, 't')}</w:r></w:p>"
    )


def _small(run: object) -> None:
    run.font.size = Pt(9)  # type: ignore[attr-defined]
    run.font.color.rgb = RGBColor.from_string(GREY)  # type: ignore[attr-defined]


def _append(body: object, element: object) -> None:
    """Append before the body's final ``w:sectPr``."""
    body.sectPr.addprevious(element)  # type: ignore[attr-defined]


# --- tables --------------------------------------------------------------------------------------


def _cell(
    text: str,
    width_twips: int,
    *,
    fill: str | None = None,
    bold: bool = False,
    small: bool = False,
    right: bool = False,
    span: int = 1,
) -> str:
    tcpr = f'<w:tcW w:w="{width_twips}" w:type="dxa"/>'
    if span > 1:
        tcpr += f'<w:gridSpan w:val="{span}"/>'
    if fill:
        tcpr += f'<w:shd w:val="clear" w:color="auto" w:fill="{fill}"/>'
    rpr = "<w:b/>" if bold else ""
    if small:
        rpr += '<w:sz w:val="17"/><w:szCs w:val="17"/>'
    ppr = '<w:spacing w:before="20" w:after="20" w:line="260" w:lineRule="auto"/>'
    if right:
        ppr += '<w:jc w:val="right"/>'
    run = f"<w:r><w:rPr>{rpr}</w:rPr>{_run_content(text, 't')}</w:r>" if text else ""
    return f"<w:tc><w:tcPr>{tcpr}</w:tcPr><w:p><w:pPr>{ppr}</w:pPr>{run}</w:p></w:tc>"


def _table(
    header: Sequence[str],
    rows: Sequence[Sequence[str]],
    widths_cm: Sequence[float],
    *,
    first_col_fills: Sequence[str] | None = None,
    small: bool = False,
    align_right: set[int] | frozenset[int] = frozenset(),
    merge_empty_last: bool = False,
) -> object:
    tw = [int(w * 567) for w in widths_cm]
    borders = "".join(
        f'<w:{side} w:val="single" w:sz="4" w:space="0" w:color="{BORDER}"/>'
        for side in ("top", "left", "bottom", "right", "insideH", "insideV")
    )
    xml = [
        f"<w:tbl {W}><w:tblPr>"
        f'<w:tblW w:w="{sum(tw)}" w:type="dxa"/><w:tblBorders>{borders}</w:tblBorders>'
        '<w:tblLayout w:type="fixed"/>'
        '<w:tblCellMar><w:top w:w="40" w:type="dxa"/><w:left w:w="90" w:type="dxa"/>'
        '<w:bottom w:w="40" w:type="dxa"/><w:right w:w="90" w:type="dxa"/></w:tblCellMar>'
        '<w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" w:firstColumn="1"'
        ' w:lastColumn="0" w:noHBand="0" w:noVBand="1"/>'
        "</w:tblPr><w:tblGrid>",
        *(f'<w:gridCol w:w="{w}"/>' for w in tw),
        "</w:tblGrid>",
        "<w:tr><w:trPr><w:tblHeader/><w:cantSplit/></w:trPr>",
        *(_cell(h, tw[i], fill=HEADER_FILL, bold=True, small=small) for i, h in enumerate(header)),
        "</w:tr>",
    ]
    for r, values in enumerate(rows):
        xml.append("<w:tr><w:trPr><w:cantSplit/></w:trPr>")
        cells = list(values)
        if merge_empty_last and len(cells) > 2 and cells[-1] == "":
            xml.append(_cell(cells[0], tw[0], bold=True, small=small))
            xml.append(_cell(cells[1], sum(tw[1:]), small=small, span=len(tw) - 1))
        else:
            for i, v in enumerate(cells):
                fill = first_col_fills[r] if first_col_fills and i < 2 else None
                xml.append(
                    _cell(
                        v,
                        tw[i],
                        fill=fill if fill and fill != "FFFFFF" else None,
                        bold=(i == 0 and merge_empty_last),
                        small=small,
                        right=i in align_right,
                    )
                )
        xml.append("</w:tr>")
    xml.append("</w:tbl>")
    return parse_xml("".join(xml))


# --- page and styles ---------------------------------------------------------------------------


def _page(section: object, *, landscape: bool) -> None:
    s = section
    short, long_ = Cm(21.0), Cm(29.7)
    s.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT  # type: ignore[attr-defined]
    s.page_width, s.page_height = (long_, short) if landscape else (short, long_)  # type: ignore[attr-defined]
    s.top_margin = s.bottom_margin = Cm(2.2)  # type: ignore[attr-defined]
    s.left_margin = s.right_margin = Cm(2.3)  # type: ignore[attr-defined]
    s.header_distance = s.footer_distance = Cm(1.1)  # type: ignore[attr-defined]


def _header_footer(section: object, text: str, lang: str) -> None:
    header = section.header.paragraphs[0]  # type: ignore[attr-defined]
    header.text = text
    header.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    for header_run in header.runs:
        _small(header_run)
    footer = section.footer.paragraphs[0]  # type: ignore[attr-defined]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    parts = ("第 ", " 页 / 共 ", " 页") if lang == "zh" else ("Page ", " of ", "")
    rpr = f'<w:rPr><w:color w:val="{GREY}"/><w:sz w:val="18"/></w:rPr>'

    def run(t: str) -> str:
        return f'<w:r>{rpr}<w:t xml:space="preserve">{t}</w:t></w:r>' if t else ""

    def field(instr: str) -> str:
        return f'<w:fldSimple w:instr=" {instr} ">{run("1")}</w:fldSimple>'

    xml = run(parts[0]) + field("PAGE") + run(parts[1]) + field("NUMPAGES") + run(parts[2])
    for el in parse_xml(f"<w:p {W}>{xml}</w:p>"):
        footer._p.append(el)


def _fonts(style: BaseStyle, latin: str, cjk: str) -> None:
    rpr = style.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = rpr.makeelement(qn("w:rFonts"), {})
        rpr.insert(0, fonts)
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(attr), None)
    for attr, value in (
        ("w:ascii", latin),
        ("w:hAnsi", latin),
        ("w:eastAsia", cjk),
        ("w:cs", latin),
    ):
        fonts.set(qn(attr), value)
    colour = rpr.find(qn("w:color"))
    if colour is not None:
        for attr in ("w:themeColor", "w:themeShade", "w:themeTint"):
            colour.attrib.pop(qn(attr), None)


_PBDR_SUCCESSORS = (
    "w:shd",
    "w:tabs",
    "w:suppressAutoHyphens",
    "w:kinsoku",
    "w:wordWrap",
    "w:overflowPunct",
    "w:topLinePunct",
    "w:autoSpaceDE",
    "w:autoSpaceDN",
    "w:bidi",
    "w:adjustRightInd",
    "w:snapToGrid",
    "w:spacing",
    "w:ind",
    "w:contextualSpacing",
    "w:mirrorIndents",
    "w:suppressOverlap",
    "w:jc",
    "w:textDirection",
    "w:textAlignment",
    "w:textboxTightWrap",
    "w:outlineLvl",
    "w:divId",
    "w:cnfStyle",
    "w:rPr",
    "w:sectPr",
    "w:pPrChange",
)


def _doc_defaults(doc: DocumentObject, lang: str) -> None:
    """Explicit default fonts (no theme fonts) and the East Asian language: Word picks glyph
    forms by language, so Chinese text must not be tagged as Japanese or English."""
    root = doc.styles.element
    rpr = root.find(f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}")
    if rpr is None:  # pragma: no cover - python-docx's template always has one
        return
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is not None:
        fonts.attrib.clear()
        for attr, value in (
            ("w:ascii", LATIN_FONT),
            ("w:hAnsi", LATIN_FONT),
            ("w:eastAsia", CJK_FONT),
            ("w:cs", LATIN_FONT),
        ):
            fonts.set(qn(attr), value)
    lang_el = rpr.find(qn("w:lang"))
    if lang_el is not None:
        lang_el.set(qn("w:val"), "en-GB" if lang != "zh" else "en-US")
        lang_el.set(qn("w:eastAsia"), "zh-CN" if lang == "zh" else "en-GB")


_FONT_TABLE_ADDITIONS = (
    # Windows names with their Chinese aliases and GB2312 charset, so Word substitutes a Chinese
    # font where 宋体/黑体 are missing (LibreOffice falls back to Noto Serif/Sans CJK).
    '<w:font w:name="宋体"><w:altName w:val="SimSun"/>'
    '<w:panose1 w:val="02010600030101010101"/><w:charset w:val="86"/>'
    '<w:family w:val="auto"/><w:pitch w:val="variable"/></w:font>'
    '<w:font w:name="黑体"><w:altName w:val="SimHei"/>'
    '<w:panose1 w:val="02010609060101010101"/><w:charset w:val="86"/>'
    '<w:family w:val="modern"/><w:pitch w:val="fixed"/></w:font>'
)


def _package(doc: DocumentObject) -> None:
    """Declare the Chinese fonts in the font table and drop python-docx's template thumbnail
    (a file manager would otherwise preview the template instead of this report)."""
    pkg = doc.part.package
    for rid, rel in list(pkg.rels.items()):
        if rel.reltype.endswith("/metadata/thumbnail"):
            pkg.rels.pop(rid)
    for part in pkg.iter_parts():
        if str(part.partname) == "/word/fontTable.xml":
            blob = part.blob.decode("utf-8")
            if 'w:name="宋体"' not in blob:
                blob = blob.replace("</w:fonts>", _FONT_TABLE_ADDITIONS + "</w:fonts>")
                part._blob = blob.encode("utf-8")


def _properties(doc: DocumentObject, title: str, subject: str, when: datetime) -> None:
    props = doc.core_properties
    props.title = f"{title}: {subject}"
    props.subject = subject
    props.author = AUTHOR
    props.last_modified_by = AUTHOR
    props.comments = ""
    props.keywords = "Yearline"
    props.created = when.replace(tzinfo=None)
    props.modified = when.replace(tzinfo=None)
    props.revision = 1


def _styles(doc: DocumentObject, lang: str) -> None:
    _doc_defaults(doc, lang)
    styles = doc.styles
    normal = styles["Normal"]
    _fonts(normal, LATIN_FONT, CJK_FONT)
    normal.font.size = Pt(11)
    pf = normal.paragraph_format
    pf.space_after = Pt(4)
    pf.line_spacing = 1.25

    for name, size, before, after, colour, latin in (
        ("Title", 22, 0, 4, NAVY, LATIN_HEADING_FONT),
        ("Subtitle", 13, 0, 18, GREY, LATIN_HEADING_FONT),
        ("Heading 1", 15, 18, 6, NAVY, LATIN_HEADING_FONT),
        ("Heading 2", 11.5, 12, 2, "1B1B1B", LATIN_HEADING_FONT),
    ):
        st = styles[name]
        _fonts(st, latin, CJK_HEADING_FONT)
        st.font.size = Pt(size)
        st.font.bold = name != "Subtitle"
        st.font.italic = False
        st.font.color.rgb = RGBColor.from_string(colour)
        st.paragraph_format.space_before = Pt(before)
        st.paragraph_format.space_after = Pt(after)
        st.paragraph_format.keep_with_next = True
        if name == "Title":
            st.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
            # the default template draws a rule under the title; keep it, in our colour
            pbdr = st.element.pPr.find(qn("w:pBdr")) if st.element.pPr is not None else None
            if pbdr is not None:
                st.element.pPr.remove(pbdr)
        if name == "Heading 1":
            ppr = st.element.get_or_add_pPr()
            pbdr = parse_xml(
                f'<w:pBdr {W}><w:bottom w:val="single" w:sz="6" w:space="2"'
                f' w:color="{NAVY}"/></w:pBdr>'
            )
            ppr.insert_element_before(pbdr, *_PBDR_SUCCESSORS)
    caption = styles["Caption"]
    _fonts(caption, LATIN_FONT, CJK_FONT)
    caption.font.size = Pt(9)
    caption.font.bold = False
    caption.font.italic = False
    caption.font.color.rgb = RGBColor.from_string(GREY)
    caption.paragraph_format.space_before = Pt(6)

    from docx.enum.style import WD_STYLE_TYPE

    meta = styles.add_style("Meta", WD_STYLE_TYPE.PARAGRAPH)
    meta.base_style = normal
    meta.font.size = Pt(9)
    meta.font.color.rgb = RGBColor.from_string(GREY)
    meta.paragraph_format.space_after = Pt(2)
    meta.paragraph_format.keep_with_next = True
    last = styles.add_style("MetaLast", WD_STYLE_TYPE.PARAGRAPH)  # a meta line ending an entry
    last.base_style = meta
    last.paragraph_format.keep_with_next = False
    last.paragraph_format.space_after = Pt(6)
    red = styles.add_style("Redline", WD_STYLE_TYPE.PARAGRAPH)
    red.base_style = normal
    red.paragraph_format.space_after = Pt(8)
    red.paragraph_format.first_line_indent = Pt(0)
    bullet = styles["List Bullet"]
    _fonts(bullet, LATIN_FONT, CJK_FONT)
