"""Shapes and renderings shared by the CLI, the API, the pages and the downloads of the history
features (blame, terms, programmes): JSON payloads, CSV and Markdown."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from typing import Any

from sqlalchemy.orm import Session

import archive
from comparison.blame import Blame
from comparison.document import PlanDocument
from comparison.programmes import Programme
from comparison.terms import STATISTIC

MAX_TERMS = 12


def terms_payload(session: Session, series: str, terms: Sequence[str]) -> dict[str, Any]:
    """``{"series", "years", "terms": [...]}``; without ``terms`` also ``statistic`` and
    ``changes`` (each year's emerging and fading terms), and ``terms`` are those of the latest
    year's changes."""
    texts = archive.series_texts(session, series=series)
    out: dict[str, Any] = {"series": series, "years": texts.years}
    if terms:
        found = archive.get_terms(session, series=series, terms=terms)
        out["terms"] = [t.to_dict() for t in found]
        return out
    changes = archive.get_term_changes(session, series=series)
    latest: list[str] = []
    if changes:
        last = changes[-1]
        latest = [c.term for c in (*last.emerging[:5], *last.fading[:5])]
    out["terms"] = [t.to_dict() for t in archive.get_terms(session, series=series, terms=latest)]
    out["statistic"] = STATISTIC
    out["changes"] = [c.to_dict() for c in changes]
    return out


def _csv(rows: list[list[Any]]) -> str:
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows(rows)
    return "\ufeff" + buf.getvalue()  # BOM: Excel opens UTF-8 Chinese correctly


def terms_csv(payload: dict[str, Any]) -> str:
    """Counts as ``term,year,count,per_10k`` rows; with ``changes``, the emerging and fading
    terms as ``year,direction,term,...`` rows instead."""
    if "changes" in payload:
        rows: list[list[Any]] = [
            ["year", "direction", "term", "count", "per_10k_tokens", "reference_years",
             "reference_count", "reference_per_10k_tokens", "g2"]
        ]  # fmt: skip
        for ch in payload["changes"]:
            ref = " ".join(str(y) for y in ch["reference_years"])
            for direction in ("emerging", "fading"):
                for c in ch[direction]:
                    rows.append([ch["year"], direction, c["term"], c["count"], c["per_10k_tokens"],
                                 ref, c["reference_count"], c["reference_per_10k_tokens"],
                                 c["g2"]])  # fmt: skip
        return _csv(rows)
    rows = [["term", "year", "count", "per_10k"]]
    for t in payload["terms"]:
        for y in payload["years"]:
            rows.append([t["term"], y, t["counts"].get(str(y), 0), t["per_10k"].get(str(y), 0.0)])
    return _csv(rows)


def programmes_csv(found: Sequence[Programme]) -> str:
    rows: list[list[Any]] = [["name", "kind", "first_year", "last_year", "years", "count", "units"]]
    for p in found:
        units = " ".join(f"{y}:{k}" for y, k in p.mentions)
        rows.append([p.name, p.kind, p.first_year, p.last_year, " ".join(map(str, p.years)),
                     p.count, units])  # fmt: skip
    return _csv(rows)


def blame_markdown(series: str, doc: PlanDocument, blame: Blame) -> str:
    """Each unit as a paragraph; wording older than the year is followed by its origin year as a
    superscript (``…<sup>2017</sup>``); new wording is bold."""
    units = doc.by_key()
    lines = [f"# {doc.title or series} {blame.year}: since when", ""]
    lines.append(
        f"Wording new in {blame.year} is **bold**; older wording is followed by the year it first "
        "appeared in the series."
    )
    lines.append("")
    for ub in blame.units:
        u = units.get(ub.key)
        head = f"{u.label} " if u is not None and u.label else ""
        parts = []
        for s in ub.spans:
            text = s.text.replace("*", "\\*")
            if s.since == blame.year:
                core = text.strip()
                parts.append(text.replace(core, f"**{core}**", 1) if core else text)
            else:
                parts.append(f"{text}<sup>{s.since}</sup>")
        lines.append(f"`{ub.key}` {head}{''.join(parts)}")
        lines.append("")
    return "\n".join(lines)


# The workbook's words (zh, en); the keys stay the English words, as in the CSV and JSON.
_TERMS_WORDS: dict[str, tuple[str, str]] = {
    "terms": ("词频", "terms"),
    "per_10k": ("每万字频率", "per_10k"),
    "emerging_fading": ("新兴与淡出", "emerging_fading"),
    "term": ("词语", "term"),
    "year": ("年份", "year"),
    "direction": ("方向", "direction"),
    "count": ("次数", "count"),
    "reference_count": ("参照年份次数", "reference_count"),
    "g2": ("G²", "g2"),
    "emerging": ("新兴", "emerging"),
    "fading": ("淡出", "fading"),
}


def terms_xlsx(payload: dict[str, Any], lang: str | None = None) -> bytes:
    """The term trends as a workbook: counts, rates per 10,000 characters and, without asked
    terms, each year's emerging and fading terms. ``lang="zh"`` words the sheet names, headers
    and directions in Chinese (the site passes the reader's language); otherwise the keys."""
    from openpyxl import Workbook

    def w(key: str) -> str:
        zh, en = _TERMS_WORDS[key]
        return zh if lang == "zh" else en

    wb = Workbook()
    ws = wb.active
    ws.title = w("terms")
    years = payload["years"]
    ws.append([w("term"), *years])
    for t in payload["terms"]:
        ws.append([t["term"], *(t["counts"].get(str(y), 0) for y in years)])
    rates = wb.create_sheet(w("per_10k"))
    rates.append([w("term"), *years])
    for t in payload["terms"]:
        rates.append([t["term"], *(t["per_10k"].get(str(y), 0.0) for y in years)])
    if "changes" in payload:
        ch = wb.create_sheet(w("emerging_fading"))
        ch.append([w(k) for k in ("year", "direction", "term", "count", "reference_count", "g2")])
        for c in payload["changes"]:
            for d in ("emerging", "fading"):
                for x in c[d]:
                    ch.append([c["year"], w(d), x["term"], x["count"], x["reference_count"],
                               x["g2"]])  # fmt: skip
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
