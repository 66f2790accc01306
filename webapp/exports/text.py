"""Plain text for terminals (``--format text``): provenance, counts, and the change list."""

from __future__ import annotations

from datetime import datetime

from comparison import Comparison
from webapp.exports.digest import executive, text_lines, word
from webapp.exports.rows import (
    ChangeRow,
    entry_meta,
    entry_title,
    heading,
    label,
    label_language,
    lead_summary,
    provenance,
    register,
    sections,
    summary_rows,
)

MARKS = {
    "new": "+",
    "dropped": "-",
    "changed": "~",
    "split": "<",
    "merged": ">",
    "moved": "^",
    "restructured": "#",
}


def render(comparison: Comparison, generated_at: datetime) -> bytes:
    lang = label_language(comparison)
    prov = provenance(comparison, generated_at, lang)
    rows = register(comparison)
    out: list[str] = []
    title = f"{label('title', lang)}: {heading(comparison, lang)}"
    out += [title, "=" * min(_width(title), 78), ""]
    ex = executive(comparison, rows)
    out.append(word("executive_summary", lang))
    out += [f"  {line}" for line in text_lines(ex, lang)]
    for block in ex.blocks:
        out.append(f"  {block.title} ({block.total})")
        out += [f"    - {line.text()}" for line in block.lines]
        if block.more:
            out.append(f"    - {word('more', lang, n=block.more)}")
    out.append("")

    out.append(label("provenance", lang))
    out.append(f"  {label('series', lang)}: {prov.series_title}")
    for name, va, vb in prov.rows:
        out.append(f"  {name}: A {va}")
        out.append(f"  {' ' * _width(name)}  B {vb}")
    out.append(f"  {label('engine_version', lang)}: {prov.engine_version}")
    if prov.decisions:
        out.append(f"  {label('decisions', lang)}: {prov.decisions}")
    out.append(f"  {label('generated_at', lang)}: {prov.generated_at}")
    out.append("")

    out.append(label("summary", lang))
    out.append("  " + "  ".join(f"{name} {n}" for _, name, n in summary_rows(comparison, lang)))
    out.append(f"  {label('entries', lang)} {len(rows)}")
    out.append("")

    for key, group in sections(rows):
        if not group:
            continue
        out.append(f"{label('section_' + key, lang)} ({len(group)})")
        for row in group:
            out += _entry(row, MARKS[key], lang)
        out.append("")

    unchanged = [r for r in rows if r.kind == "unchanged" and not r.moved]
    if unchanged:
        out.append(f"{label('unchanged', lang)} ({len(unchanged)})")
        out += [f"  = {entry_title(r)}" for r in unchanged]
        out.append("")
    return "\n".join(out).encode("utf-8")


def _entry(row: ChangeRow, mark: str, lang: str) -> list[str]:
    lines = [f"  {mark} {entry_title(row)}"]
    if row.kind in ("split", "merged", "restructured"):
        lines.append(f"      A: {row.a.headline}")
        lines.append(f"      B: {row.b.headline}")
    lines.append(f"      {entry_meta(row, lang)}")
    leads = lead_summary(row, lang)
    if leads:
        lines.append(f"      {leads}")
    if row.kind != "unchanged":
        # Not wrapped: a terminal wraps long lines itself, and a hard wrap could cut a marker.
        lines += [f"      {para}" for para in row.redline_text().splitlines()]
    return lines


def _width(text: str) -> int:
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)
