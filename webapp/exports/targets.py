"""Targets as downloads: a series' targets and outcomes (csv, xlsx, md, json), one file's
targets and outcomes, and the rows the other exports add (the xlsx Targets sheet, the md/html/docx
Targets section of a comparison)."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

SERIES_FORMATS = ("json", "csv", "xlsx", "md")
SERIES_COLUMNS = (
    "year",
    "indicator",
    "name",
    "target",
    "qualifier",
    "low",
    "value",
    "high",
    "unit",
    "outcome",
    "outcome_year",
    "met",
)
FILE_COLUMNS = (
    "kind",
    "key",
    "indicator",
    "name",
    "text",
    "qualifier",
    "low",
    "value",
    "high",
    "unit",
    "horizon",
    "about_year",
)
CHANGE_COLUMNS = ("indicator", "name", "a", "b", "direction")


def _num(x: Any) -> str:
    if x is None:
        return ""
    f = float(x)
    return str(int(f)) if f.is_integer() else f"{f:g}"


def figure(q: Mapping[str, Any] | None) -> str:
    """A quantity dict as printed (``5%左右``), or its numbers when no text is kept."""
    if not q:
        return ""
    if q.get("text"):
        return str(q["text"])
    if q.get("value") is None:
        return f"{_num(q.get('low'))}–{_num(q.get('high'))}{q.get('unit', '')}"
    return f"{_num(q.get('value'))}{q.get('unit', '')}"


def met_label(met: bool | None) -> str:
    return {True: "met", False: "missed", None: ""}[met]


def series_rows(data: Mapping[str, Any]) -> list[dict[str, Any]]:
    """One flat row per year and indicator (the same rows in every format)."""
    out: list[dict[str, Any]] = []
    for y in data.get("years", ()):
        for r in y["targets"]:
            t = r["target"]
            out.append(
                {
                    "year": y["year"],
                    "indicator": r["indicator"],
                    "name": r["name"],
                    "target": figure(t),
                    "qualifier": t["qualifier"],
                    "low": t["low"],
                    "value": t["value"],
                    "high": t["high"],
                    "unit": t["unit"],
                    "outcome": figure(r["outcome"]),
                    "outcome_year": r["outcome_year"],
                    "met": r["met"],
                }
            )
    return out


def file_rows(extraction: Mapping[str, Any]) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    for kind, key in (("target", "targets"), ("outcome", "outcomes")):
        for q in extraction.get(key, ()):
            rows.append({"kind": kind, **{c: q.get(c) for c in FILE_COLUMNS if c != "kind"}})
    return rows


def change_rows(changes: Iterable[Mapping[str, Any]]) -> list[dict[str, str]]:
    """``Match.targets_changed`` entries as display rows (A, B as printed)."""
    return [
        {
            "indicator": str(c.get("indicator") or ""),
            "name": str(c.get("name") or ""),
            "a": figure(c.get("a")),
            "b": figure(c.get("b")),
            "direction": str(c.get("direction") or ""),
        }
        for c in changes
    ]


def _csv(rows: Sequence[Mapping[str, Any]], columns: Sequence[str]) -> bytes:
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=list(columns), extrasaction="ignore", lineterminator="\n")
    w.writeheader()
    for r in rows:
        w.writerow({c: _cell(r.get(c)) for c in columns})
    return ("\ufeff" + buf.getvalue()).encode("utf-8")  # BOM: Excel opens UTF-8 CSV right


def _cell(v: Any) -> Any:
    if isinstance(v, bool):
        return "true" if v else "false"
    return "" if v is None else v


def _md_cell(v: Any) -> str:
    return str(_cell(v)).replace("|", "\\|").replace("\n", " ")


def markdown_table(
    rows: Sequence[Mapping[str, Any]],
    columns: Sequence[str],
    headers: Sequence[str] | None = None,
) -> list[str]:
    lines = ["| " + " | ".join(headers or columns) + " |", "|" + "---|" * len(columns)]
    lines += ["| " + " | ".join(_md_cell(r.get(c)) for c in columns) + " |" for r in rows]
    return lines


def _md_series(data: Mapping[str, Any], lang: str | None) -> bytes:
    rows = series_rows(data)
    cols = ("year", "indicator", "name", "target", "qualifier", "outcome", "outcome_year", "met")
    shown = [{**r, "met": _met(r["met"], lang)} for r in rows]
    title = heading("targets", lang or "en")
    lines = [f"# {title} — {data.get('title') or data.get('series')}", ""]
    words = SERIES_HEADINGS.get(lang or "")
    lines += markdown_table(shown, cols, [words[c] for c in cols] if words else None)
    return ("\n".join(lines) + "\n").encode("utf-8")


def add_targets_sheet(wb: Any, rows: Sequence[Mapping[str, Any]], lang: str | None = None) -> None:
    """Append a Targets sheet (header row, frozen, filters) of series rows to workbook ``wb``:
    sheet name, headers and met words in ``lang``; None keeps the English column keys."""
    from openpyxl.styles import Font

    ws = wb.create_sheet(heading("targets", lang or "en"))
    ws.append(series_headers(lang))
    for c in ws[1]:
        c.font = Font(bold=True)
    for r in rows:
        ws.append(
            [_cell(r.get(c)) if c != "met" else _met(r.get("met"), lang) for c in SERIES_COLUMNS]
        )
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = ws.dimensions
    for col, width in zip("ABCDEFGHIJKL", (6, 24, 26, 14, 10, 7, 7, 7, 8, 14, 12, 8), strict=True):
        ws.column_dimensions[col].width = width


def series_headers(lang: str | None) -> list[str]:
    """The series columns as headed in ``lang`` (None: the keys themselves, as in the CSV)."""
    if lang is None:
        return list(SERIES_COLUMNS)
    words = SERIES_HEADINGS.get(lang, SERIES_HEADINGS["en"])
    return [words[c] for c in SERIES_COLUMNS]


def _met(met: bool | None, lang: str | None) -> str:
    return met_label(met) if lang is None else met_word(met, lang)


def _xlsx_series(data: Mapping[str, Any], lang: str | None) -> bytes:
    from openpyxl import Workbook

    wb = Workbook()
    wb.remove(wb.active)
    add_targets_sheet(wb, series_rows(data), lang)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def render_series_targets(data: Mapping[str, Any], fmt: str, lang: str | None = None) -> bytes:
    """The series targets document (``archive.targets.get_series_targets``) as ``fmt``.

    ``lang`` (``zh``/``en``) heads the xlsx and md (sheet name, title, columns, met words) in
    that language; None keeps the English column keys. The JSON and the CSV (whose header is
    the column keys, for programs) never change with it."""
    if fmt == "json":
        return (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
    if fmt == "csv":
        return _csv(series_rows(data), SERIES_COLUMNS)
    if fmt == "xlsx":
        return _xlsx_series(data, lang)
    if fmt == "md":
        return _md_series(data, lang)
    raise ValueError(f"unknown targets format {fmt!r} (choose from {', '.join(SERIES_FORMATS)})")


def render_file_targets(extraction: Mapping[str, Any], fmt: str) -> bytes:
    """One document's ``{"year", "targets", "outcomes"}`` as ``fmt``."""
    if fmt == "json":
        return (json.dumps(extraction, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
    rows = file_rows(extraction)
    if fmt == "csv":
        return _csv(rows, FILE_COLUMNS)
    if fmt == "md":
        cols = ("kind", "indicator", "name", "text", "qualifier", "horizon", "about_year")
        lines = [f"# Targets and outcomes — {extraction.get('year') or '?'}", ""]
        lines += markdown_table(rows, cols)
        return ("\n".join(lines) + "\n").encode("utf-8")
    if fmt == "xlsx":
        from openpyxl import Workbook

        wb = Workbook()
        ws = wb.active
        ws.title = "Targets"
        ws.append(list(FILE_COLUMNS))
        for r in rows:
            ws.append([_cell(r.get(c)) for c in FILE_COLUMNS])
        buf = io.BytesIO()
        wb.save(buf)
        return buf.getvalue()
    raise ValueError(f"unknown targets format {fmt!r} (choose from {', '.join(SERIES_FORMATS)})")


# --- the Targets rows other exports carry ---------------------------------------------------

DIRECTION_WORDS = {
    "zh": {"up": "提高", "down": "降低", "new": "新增", "dropped": "删除", "reworded": "数值不变"},
    "en": {"up": "raised", "down": "lowered", "new": "new", "dropped": "dropped",
           "reworded": "same figure"},
}  # fmt: skip
HEADINGS = {
    "zh": {"targets": "量化目标", "indicator": "指标", "direction": "变化", "year": "年份",
           "target": "目标", "outcome": "实际（次年报告）", "met": "完成",
           "indicator_key": "指标代码"},
    "en": {"targets": "Targets", "indicator": "Indicator", "direction": "Direction",
           "year": "Year", "target": "Target", "outcome": "Outcome (next report)", "met": "Met",
           "indicator_key": "indicator"},
}  # fmt: skip
# The series columns (SERIES_COLUMNS) as a workbook or Markdown table in each language heads them
SERIES_HEADINGS = {
    "zh": {"year": "年份", "indicator": "指标代码", "name": "指标", "target": "目标",
           "qualifier": "限定", "low": "下限", "value": "数值", "high": "上限", "unit": "单位",
           "outcome": "实际", "outcome_year": "实际年份", "met": "完成情况"},
    "en": {"year": "Year", "indicator": "Indicator key", "name": "Indicator", "target": "Target",
           "qualifier": "Qualifier", "low": "Low", "value": "Value", "high": "High",
           "unit": "Unit", "outcome": "Outcome", "outcome_year": "Outcome year", "met": "Met"},
}  # fmt: skip
MET_WORDS = {
    "zh": {True: "完成", False: "未完成", None: ""},
    "en": {True: "met", False: "missed", None: ""},
}


def heading(key: str, lang: str) -> str:
    return HEADINGS.get(lang, HEADINGS["en"])[key]


Headlines = tuple[Mapping[str, Any], Mapping[str, Any]]  # indicator -> Quantity, for A and B


def plan_headlines(comparison: Any) -> Headlines:
    """Each plan's own-year target per vocabulary indicator (the first it states)."""
    from comparison.target_series import headline
    from comparison.targets import extract

    return headline(extract(comparison.doc_a).targets), headline(extract(comparison.doc_b).targets)


def plan_target_changes(
    comparison: Any, headlines: Headlines | None = None
) -> list[Mapping[str, Any]]:
    """The own-year targets of vocabulary indicators that changed between the two plans, as
    ``Match.targets_changed`` entries in document order, each indicator and figure pair once
    (an indicator only one plan states: once, at its first figure).

    The engine pairs targets within a match, so a paragraph that restates a target the other
    plan states elsewhere (2025's explanation of its targets: "居民消费价格涨幅2%左右，目的在于…")
    reads as ``new`` there, beside the real change (CPI 3% -> 2%) in another match. Such a
    one-sided entry is left out when the other plan states the indicator; if no match then
    carries that indicator's change, one entry from the two plans' headline figures does.
    ``headlines`` (:func:`plan_headlines`) may come from a cache.
    """
    from comparison.target_series import direction

    head_a, head_b = headlines if headlines is not None else plan_headlines(comparison)
    out: list[Mapping[str, Any]] = []
    seen: set[tuple[str, str, str]] = set()
    restated: dict[str, int] = {}  # indicator -> where its first left-out entry stood
    for m in comparison.matches:
        for t in m.targets_changed:
            if t.get("horizon") or not t.get("indicator"):
                continue
            ind = str(t["indicator"])
            if (t.get("a") is None and ind in head_a) or (t.get("b") is None and ind in head_b):
                restated.setdefault(ind, len(out))
                continue
            one_sided = t.get("a") is None or t.get("b") is None
            # an indicator only one plan states is new (or dropped) once, at its first figure
            key = (ind, str(t.get("direction")), "") if one_sided else (
                ind, figure(t.get("a")), figure(t.get("b")))  # fmt: skip
            if key not in seen:
                seen.add(key)
                out.append(t)
    shown = {str(t["indicator"]) for t in out}
    for ind, at in sorted(restated.items(), key=lambda kv: -kv[1]):
        qa, qb = head_a.get(ind), head_b.get(ind)
        if ind in shown or qa is None or qb is None or figure(qa.to_dict()) == figure(qb.to_dict()):
            continue
        entry = {"indicator": ind, "name": qb.name, "a": qa.to_dict(), "b": qb.to_dict(),
                 "direction": direction(qa, qb), "horizon": None}  # fmt: skip
        out.insert(at, entry)
    return out


def comparison_changes(
    comparison: Any, lang: str = "zh", headlines: Headlines | None = None
) -> list[dict[str, str]]:
    """:func:`plan_target_changes` as display rows: ``{"indicator", "label", "name", "a", "b",
    "direction", "direction_word"}`` (the compare page's Targets block, and the exports' Targets
    section)."""
    from webapp.charts_targets import indicator_label

    words = DIRECTION_WORDS.get(lang, DIRECTION_WORDS["en"])
    out: list[dict[str, str]] = []
    for t in plan_target_changes(comparison, headlines):
        direction = str(t.get("direction") or "")
        out.append(
            {
                "indicator": str(t["indicator"]),
                "label": indicator_label(str(t["indicator"]), lang),
                "name": str(t.get("name") or ""),
                "a": figure(t.get("a")),
                "b": figure(t.get("b")),
                "direction": direction,
                "direction_word": words.get(direction, direction),
            }
        )
    return out


def md_changes(comparison: Any, lang: str, year_a: Any, year_b: Any) -> list[str]:
    """The Markdown Targets section of a comparison (nothing when no target changed)."""
    rows = comparison_changes(comparison, lang)
    if not rows:
        return []
    cols = (
        heading("indicator", lang),
        str(year_a or "A"),
        str(year_b or "B"),
        heading("direction", lang),
    )
    lines = [f"## {heading('targets', lang)} ({len(rows)})", ""]
    lines += ["| " + " | ".join(cols) + " |", "|---|---|---|---|"]
    lines += [
        "| " + " | ".join(_md_cell(r[k]) for k in ("label", "a", "b", "direction_word")) + " |"
        for r in rows
    ]
    return [*lines, ""]


def add_changes_sheet(wb: Any, comparison: Any, lang: str) -> None:
    """A Targets sheet of the comparison's target changes (only when there are some)."""
    from openpyxl.styles import Font

    rows = comparison_changes(comparison, lang)
    if not rows:
        return
    ws = wb.create_sheet(heading("targets", lang))  # the workbook's language, like its other tabs
    ya = comparison.info_a.get("year", comparison.doc_a.year)
    yb = comparison.info_b.get("year", comparison.doc_b.year)
    ws.append([heading("indicator", lang), heading("indicator_key", lang), str(ya or "A"),
               str(yb or "B"), heading("direction", lang)])  # fmt: skip
    for c in ws[1]:
        c.font = Font(bold=True)
    for r in rows:
        ws.append([r["label"], r["indicator"], r["a"], r["b"], r["direction_word"]])
    for col, width in zip("ABCDE", (26, 24, 16, 16, 12), strict=True):
        ws.column_dimensions[col].width = width
    ws.freeze_panes = "A2"


def add_docx_changes(doc: Any, comparison: Any, lang: str) -> None:
    """A Targets heading and table in a Word comparison report (only when targets changed)."""
    rows = comparison_changes(comparison, lang)
    if not rows:
        return
    ya = comparison.info_a.get("year", comparison.doc_a.year)
    yb = comparison.info_b.get("year", comparison.doc_b.year)
    doc.add_paragraph(f"{heading('targets', lang)}({len(rows)})", style="Heading 1")
    table = doc.add_table(rows=1, cols=4)
    head = (heading("indicator", lang), str(ya or "A"), str(yb or "B"), heading("direction", lang))
    for cell, text in zip(table.rows[0].cells, head, strict=True):
        cell.text = text
    for r in rows:
        cells = table.add_row().cells
        for cell, key in zip(cells, ("label", "a", "b", "direction_word"), strict=True):
            cell.text = r[key]


def timeline_rows(docs_by_year: Mapping[int, Any]) -> list[dict[str, Any]]:
    """Series rows (:func:`series_rows`) computed from a timeline's documents."""
    from comparison.target_series import series_rows as engine_rows
    from comparison.targets import extract

    extractions = [extract(docs_by_year[y]) for y in sorted(docs_by_year)]
    rows = engine_rows(extractions)
    years: dict[int, list[dict[str, Any]]] = {}
    for r in rows:
        years.setdefault(r["year"], []).append(r)
    return series_rows({"years": [{"year": y, "targets": rs} for y, rs in years.items()]})


def met_word(met: bool | None, lang: str) -> str:
    return MET_WORDS.get(lang, MET_WORDS["en"])[met]


def html_context(
    *, comparison: Any = None, docs_by_year: Mapping[int, Any] | None = None, lang: str = "zh"
) -> dict[str, Any]:
    """Variables for ``exports/_targets.html``: a comparison's changes or a series' rows."""
    words = HEADINGS.get(lang, HEADINGS["en"])
    ctx: dict[str, Any] = {"target_words": words, "target_changes": [], "target_rows": []}
    if comparison is not None:
        ctx["target_changes"] = comparison_changes(comparison, lang)
        ctx["target_years"] = (
            comparison.info_a.get("year", comparison.doc_a.year) or "A",
            comparison.info_b.get("year", comparison.doc_b.year) or "B",
        )
    if docs_by_year:
        rows = timeline_rows(docs_by_year)
        ctx["target_rows"] = [{**r, "met_word": met_word(r["met"], lang)} for r in rows]
    return ctx
