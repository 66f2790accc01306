"""Stable codes for the parser's warnings and refusals, and their English templates.

A PlanDocument keeps its warnings as English sentences (the JSON contract, and what archived
versions already store). Each sentence comes from one template here, so a face can recover the
code and the fields from the text (:func:`identify`) and show the warning in its own language.

Examples
--------
>>> text = notice("footer_removed", lines=3)
>>> text
'removed licence/boilerplate footer (3 lines)'
>>> identify(text)
('footer_removed', {'lines': '3'})
>>> identify("something else") is None
True
"""

from __future__ import annotations

import re
from functools import cache

__all__ = ["TEMPLATES", "identify", "notice"]

# code -> English template; ``{field}`` marks a value. Never reword a template: archived
# versions store the sentences, and identify() reads them back through these patterns.
TEMPLATES: dict[str, str] = {
    # warnings (PlanDocument.warnings)
    "header_removed": "removed {lines} header lines before the title (chrome, cover notice)",
    "chrome_removed": "removed {count} page chrome fragments: {fragments}",
    "footer_removed": "removed licence/boilerplate footer ({lines} lines)",
    "signature_moved": "closing signature moved to metadata: {moved}",
    "speaker_lines_dropped": "dropped {count} speaker lines",
    "duplicate_label": "duplicate label {label}{where}",
    "numbering_gap": "numbering gap: {previous} followed by {label}{where}",
    "lead_clause_unparsed": "lead clause could not be parsed: {excerpt}",
    "task_table": "task table: {rows} rows read as tasks",
    # refusals (ParseError)
    "not_text": "expected decoded text, got {type}",
    "empty_document": "the document is empty",
    "no_structure": "no text structure found in the document",
}
# the optional " under <parent>" of the numbering warnings
WHERE = " under {parent}"


def notice(code: str, **fields: object) -> str:
    """The English sentence of ``code`` with ``fields`` filled in."""
    return TEMPLATES[code].format(**{k: str(v) for k, v in fields.items()})


@cache
def _pattern(template: str) -> re.Pattern[str]:
    parts = re.split(r"\{(\w+)\}", template)
    out = []
    for i, part in enumerate(parts):
        if i % 2 == 0:
            out.append(re.escape(part))
        elif part == "where":
            out.append(r"(?P<where>(?: under .+)?)")
        else:
            out.append(f"(?P<{part}>.+?)" if i < len(parts) - 2 else f"(?P<{part}>.*)")
    return re.compile("".join(out), re.DOTALL)


def identify(text: str) -> tuple[str, dict[str, str]] | None:
    """(code, fields) of a sentence made by :func:`notice`, or None for any other text.

    A ``where`` field (numbering warnings) is given as ``parent``: the label or key after
    " under ", or empty.
    """
    for code, template in TEMPLATES.items():
        m = _pattern(template).fullmatch(text)
        if m:
            fields = m.groupdict()
            if "where" in fields:
                fields["parent"] = fields.pop("where").removeprefix(" under ")
            return code, fields
    return None
