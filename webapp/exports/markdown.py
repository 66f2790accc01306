"""Markdown: provenance, summary table, the change list with an inline redline, the register.

The redline uses ``<del>``/``<ins>``: unlike ``~~``/``**``, they render correctly next to
Chinese punctuation in CommonMark/GFM viewers, and stay readable as plain text.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from datetime import datetime

from comparison import Comparison, RedlineOp
from webapp.exports.digest import executive, text_lines, word
from webapp.exports.rows import (
    DASH,
    ChangeRow,
    entry_meta,
    entry_title,
    heading,
    label,
    label_language,
    lead_summary,
    provenance,
    register,
    register_headers,
    sections,
    summary_rows,
)
from webapp.exports.targets import md_changes

_SPECIAL = re.compile(r"([\\`*_{}\[\]<>#|~])")
_LINE_START = re.compile(r"^(\d*)([+\-=.)])(?=\s)", re.MULTILINE)


def esc(text: str) -> str:
    """Escape Markdown syntax (and HTML) in plan text; newlines become spaces in table cells."""
    text = _SPECIAL.sub(r"\\\1", text.replace("&", "&amp;"))
    return _LINE_START.sub(r"\1\\\2", text)


def cell(text: str) -> str:
    return esc(" ".join(text.split())) or DASH


def redline_md(redline: Iterable[tuple[RedlineOp, str]]) -> str:
    out = []
    for op, text in redline:
        body = html.escape(text, quote=False).replace("\n", "<br>")
        if op is RedlineOp.DELETE:
            out.append(f"<del>{body}</del>")
        elif op is RedlineOp.INSERT:
            out.append(f"<ins>{body}</ins>")
        else:
            out.append(esc(text).replace("\n", "<br>\n"))
    return "".join(out)


def render(comparison: Comparison, generated_at: datetime) -> bytes:
    lang = label_language(comparison)
    prov = provenance(comparison, generated_at, lang)
    rows = register(comparison)
    out: list[str] = [f"# {esc(label('title', lang))}: {esc(heading(comparison, lang))}", ""]
    out += _executive(comparison, rows, lang)

    out += [f"## {label('provenance', lang)}", ""]
    out += [
        f"- **{label('series', lang)}**: {cell(prov.series_title)}",
        f"- **{label('engine_version', lang)}**: {cell(prov.engine_version)}",
        *([f"- **{label('decisions', lang)}**: {cell(prov.decisions)}"] if prov.decisions else []),
        f"- **{label('generated_at', lang)}**: {prov.generated_at}",
        "",
    ]
    out += ["| | A | B |", "|---|---|---|"]
    for name, va, vb in prov.rows:
        fmt = (lambda v: f"`{v}`") if name == "SHA-256" and va != DASH else cell
        out.append(f"| {name} | {fmt(va)} | {fmt(vb) if vb != DASH else DASH} |")
    out.append("")

    out += [
        f"## {label('summary', lang)}",
        "",
        f"| {label('kind', lang)} | {label('count', lang)} |",
        "|---|---:|",
    ]
    out += [f"| {name} | {n} |" for _, name, n in summary_rows(comparison, lang)]
    out += [f"| {label('entries', lang)} | {len(rows)} |", ""]

    for key, group in sections(rows):
        if not group:
            continue
        out += [f"## {label('section_' + key, lang)} ({len(group)})", ""]
        for row in group:
            out += _entry(row, lang)

    out += md_changes(comparison, lang, comparison.doc_a.year, comparison.doc_b.year)
    out += [f"## {label('register', lang)} ({len(rows)})", ""]
    cols = register_headers(lang, "primary_change")
    out += ["| " + " | ".join(cols) + " |", "|" + "---|" * len(cols)]
    for i, r in enumerate(rows, 1):
        kind = label(r.kind, lang) + (f" ({label('moved', lang)})" if r.moved else "")
        sim = DASH if r.similarity is None else f"{r.similarity:.2f}"
        vals = [
            str(i),
            kind,
            cell(r.a.number),
            cell(r.a.headline),
            cell(r.b.number),
            cell(r.b.headline),
            sim,
            cell(r.primary_change),
        ]
        out.append("| " + " | ".join(vals) + " |")
    out.append("")
    return "\n".join(out).encode("utf-8")


def _executive(comparison: Comparison, rows: list[ChangeRow], lang: str) -> list[str]:
    """The executive summary the report opens with (the same in every export)."""
    ex = executive(comparison, rows)
    out = [f"## {word('executive_summary', lang)}", ""]
    out += [esc(line) for line in text_lines(ex, lang)]
    out.append("")
    for block in ex.blocks:
        out += [f"**{esc(block.title)}** ({block.total})", ""]
        out += [f"- {esc(line.text())}" for line in block.lines]
        if block.more:
            out.append(f"- {esc(word('more', lang, n=block.more))}")
        out.append("")
    return out


def _entry(row: ChangeRow, lang: str) -> list[str]:
    lines = [f"### {esc(entry_title(row))}", ""]
    if row.kind in ("split", "merged", "restructured"):
        lines += [f"- A: {cell(row.a.headline)}", f"- B: {cell(row.b.headline)}"]
    lines.append(f"- {esc(entry_meta(row, lang))}")
    leads = lead_summary(row, lang)
    if leads:
        lines.append(f"- {esc(leads)}")
    lines.append("")
    if row.kind == "new":
        lines += [esc(row.b.text).replace("\n", "<br>\n"), ""]
    elif row.kind == "dropped":
        lines += [f"<del>{html.escape(row.a.text, quote=False)}</del>".replace("\n", "<br>"), ""]
    elif row.kind != "unchanged":
        lines += [redline_md(row.redline), ""]
    return lines
