"""Reports in the language asked for (issue 14.2): headers, sheet names and the summary follow
``lang``; the plans' numbering and text, and the JSON, do not. And the Targets rows list each
indicator's change once, however many paragraphs restate it (issue 14, CPI twice)."""

from __future__ import annotations

import io
import json
from types import SimpleNamespace

import pytest
from docx import Document
from openpyxl import load_workbook

from comparison import Comparison, PlanDocument
from comparison.document import Unit, UnitKind
from comparison.target_series import headline
from comparison.targets import extract
from tests.exports.conftest import FIXED_TIME
from tests.exports.readers import read_csv
from webapp.exports import render_comparison
from webapp.exports.rows import COLUMNS, headers, label
from webapp.exports.targets import heading, plan_target_changes


def render(comp: Comparison, fmt: str, lang: str | None) -> bytes:
    return render_comparison(comp, fmt, generated_at=FIXED_TIME, lang=lang)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_xlsx_of_a_chinese_comparison_in_either_language(
    national_comparison: Comparison, lang: str
) -> None:
    wb = load_workbook(io.BytesIO(render(national_comparison, "xlsx", lang)))
    tabs = [label(f"sheet_{k}", lang) for k in ("summary", "changes", "agencies")]
    assert wb.sheetnames == [*tabs, heading("targets", lang)]
    changes = list(wb[tabs[1]].iter_rows(values_only=True))
    assert list(changes[0]) == headers(lang)
    assert wb[tabs[0]]["A1"].value == label("title", lang)
    targets = list(wb[heading("targets", lang)].iter_rows(values_only=True))
    assert targets[0][0] == heading("indicator", lang)
    # the plans' own numbering and text stay as printed, whatever the report's language
    other = "zh" if lang == "en" else "en"
    wb2 = load_workbook(io.BytesIO(render(national_comparison, "xlsx", other)))
    changes2 = list(wb2[label("sheet_changes", other)].iter_rows(values_only=True))
    numbers = [COLUMNS.index(c) for c in ("a_number", "b_number", "a_headline", "a_text")]
    assert [[r[i] for i in numbers] for r in changes[1:]] == [
        [r[i] for i in numbers] for r in changes2[1:]
    ]
    assert any("、" in str(r[COLUMNS.index("a_number")] or "") for r in changes[1:])


def test_the_default_is_the_plans_language(national_comparison: Comparison) -> None:
    wb = load_workbook(io.BytesIO(render(national_comparison, "xlsx", None)))
    assert wb.sheetnames[:2] == [label("sheet_summary", "zh"), label("sheet_changes", "zh")]
    assert render(national_comparison, "md", None) == render(national_comparison, "md", "zh")


def test_every_report_format_in_english(national_comparison: Comparison) -> None:
    head = read_csv(render(national_comparison, "csv", "en"))[0]
    assert head[: len(COLUMNS)] == headers("en")
    md = render(national_comparison, "md", "en").decode()
    assert md.startswith(f"# {label('title', 'en')}: ")
    assert f"## {heading('targets', 'en')} (" in md and f"## {label('summary', 'en')}" in md
    assert "量化目标" not in md and "变更摘要" not in md
    text = render(national_comparison, "text", "en").decode()
    assert text.startswith(label("title", "en"))
    html = render(national_comparison, "html", "en").decode()
    assert label("register", "en") in html and label("register", "zh") not in html
    doc = Document(io.BytesIO(render(national_comparison, "docx", "en")))
    styles = {p.text: p.style.name for p in doc.paragraphs if p.style.name.startswith("Heading")}
    assert label("provenance", "en") in styles and label("provenance", "zh") not in styles
    assert doc.paragraphs[0].text == label("title", "en")


def test_json_never_changes_with_the_language(national_comparison: Comparison) -> None:
    bodies = {json.dumps(json.loads(render(national_comparison, "json", lang)), sort_keys=True)
              for lang in (None, "zh", "en")}  # fmt: skip
    assert len(bodies) == 1


def test_an_unknown_language_is_refused(national_comparison: Comparison) -> None:
    with pytest.raises(ValueError, match="unknown report language 'fr'"):
        render(national_comparison, "md", "fr")


# --- each indicator's change once ---------------------------------------------------------


def test_cpi_once_in_the_national_2024_2025_targets(national_comparison: Comparison) -> None:
    """2025's report restates its CPI target (2%左右) in the paragraph explaining the targets,
    which the engine pairs with a 2024 paragraph without one: a second, "new", CPI entry."""
    raw = [
        (i, t["direction"])
        for i, m in enumerate(national_comparison.matches)
        for t in m.targets_changed
        if t["indicator"] == "cpi" and not t.get("horizon")
    ]
    assert len({i for i, _ in raw}) == 2 and {d for _, d in raw} == {"down", "new"}
    rows = plan_target_changes(national_comparison)
    indicators = [str(t["indicator"]) for t in rows]
    assert len(indicators) == len(set(indicators))
    cpi = [t for t in rows if t["indicator"] == "cpi"]
    assert [(t["a"]["text"], t["b"]["text"], t["direction"]) for t in cpi] == [
        ("3%左右", "2%左右", "down")
    ]
    # the unemployment target is 5.5%左右 in both plans: restated, not new
    for doc in (national_comparison.doc_a, national_comparison.doc_b):
        assert any("城镇调查失业率5.5%左右" in u.text for u in doc.units)
    assert "surveyed_unemployment" not in indicators
    md = render(national_comparison, "md", "zh").decode()
    section = md.split(f"## {heading('targets', 'zh')}", 1)[1].split("\n## ", 1)[0]
    assert section.count("居民消费价格") == 1


def _doc(year: int, *texts: str) -> PlanDocument:
    units = tuple(
        Unit(f"p{i}", None, i, UnitKind.PARAGRAPH, "", "", text) for i, text in enumerate(texts)
    )
    return PlanDocument("synthetic", year, "zh", units=units)


def _entry(ind: str, a: object, b: object, direction: str) -> dict[str, object]:
    return {"indicator": ind, "name": ind, "a": a, "b": b, "direction": direction, "horizon": None}


def test_a_change_split_over_two_matches_is_merged() -> None:
    """Synthetic: A's CPI paragraph is paired with a B paragraph without one and the other way
    round, so the engine sees "dropped 3%" and "new 2%": one row, 3% -> 2%, down."""
    doc_a = _doc(2024, "今年发展主要预期目标是：居民消费价格涨幅3%左右。", "稳步推进改革。")
    doc_b = _doc(2025, "稳步推进改革。", "今年发展主要预期目标是：居民消费价格涨幅2%左右。")
    ha, hb = headline(extract(doc_a).targets), headline(extract(doc_b).targets)
    assert ha["cpi"].text == "3%左右" and hb["cpi"].text == "2%左右"
    comp = SimpleNamespace(
        matches=[
            SimpleNamespace(targets_changed=[_entry("cpi", ha["cpi"].to_dict(), None, "dropped")]),
            SimpleNamespace(targets_changed=[_entry("cpi", None, hb["cpi"].to_dict(), "new")]),
        ],
        doc_a=doc_a,
        doc_b=doc_b,
    )
    rows = plan_target_changes(comp)
    assert [(t["a"]["text"], t["b"]["text"], t["direction"]) for t in rows] == [
        ("3%左右", "2%左右", "down")
    ]
    # an indicator only B states is new once, at its first figure
    comp.matches.append(
        SimpleNamespace(
            targets_changed=[
                _entry("special_treasury_bonds", None, {"text": "1.3万亿元"}, "new"),
                _entry("special_treasury_bonds", None, {"text": "3000亿元"}, "new"),
            ]
        )
    )
    rows = plan_target_changes(comp, (ha, hb))
    assert [t["b"]["text"] for t in rows] == ["2%左右", "1.3万亿元"]


def test_executive_summary_lists_each_target_change_once(national_comparison: Comparison) -> None:
    """The exports' opening summary had the same restatements: CPI twice, unemployment "new"."""
    from webapp.exports.digest import executive
    from webapp.exports.rows import register

    ex = executive(national_comparison, register(national_comparison))
    block = next(b for b in ex.blocks if b.key == "targets_changed")
    cpi = [line.note for line in block.lines if line.headline == "居民消费价格涨幅"]
    assert cpi == ["3%左右 → 2%左右"]
    assert not any(line.headline == "城镇调查失业率" for line in block.lines)
    every = sum(len(m.targets_changed) for m in national_comparison.matches if not m.boilerplate)
    assert block.total == every - 2  # the two restatements, nothing else
