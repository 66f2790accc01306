"""CSV: the change register, UTF-8 with a BOM so Excel opens Chinese text correctly."""

from __future__ import annotations

import csv
import io
from datetime import datetime

from comparison import Comparison
from webapp.exports.rows import COLUMNS, cell, headers, label, label_language, provenance, register


def render(comparison: Comparison, generated_at: datetime) -> bytes:
    """One header row, then one row per entry (matches, new, dropped), in JSON order.

    A CSV stays one plain table, so provenance (series, years, versions, SHA-256 of both
    originals, engine version, generation time) is repeated in trailing columns: every row can
    be cited on its own after sorting or filtering.
    """
    lang = label_language(comparison)
    prov = provenance(comparison, generated_at, lang)
    fields = {name: (va, vb) for name, va, vb in prov.rows}
    extra_headers = [label("series", lang)]
    extra_values = [prov.series or prov.series_title]
    for key in ("year", "version", "sha256"):
        name = label(key, lang)
        extra_headers += [f"{name} A", f"{name} B"]
        extra_values += list(fields[name])
    extra_headers += [label("engine_version", lang), label("generated_at", lang)]
    extra_values += [prov.engine_version, prov.generated_at]
    if label("filter", lang) in fields:  # a filtered download says so on every row
        extra_headers.append(label("filter", lang))
        extra_values.append(fields[label("filter", lang)][0])
    if prov.decisions:  # a column only when the pair has analysts' decisions
        extra_headers.append(label("decisions", lang))
        extra_values.append(prov.decisions)

    buf = io.StringIO(newline="")
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow(headers(lang) + extra_headers)
    for row in register(comparison):
        values = [_safe(cell(row, c, lang)) for c in COLUMNS]
        writer.writerow(values + extra_values)
    return "\ufeff".encode() + buf.getvalue().encode("utf-8")


def _safe(value: object) -> object:
    """Blank for None; text that a spreadsheet would run as a formula gets a leading quote."""
    if value is None:
        return ""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@"):
        return "'" + value
    return value
