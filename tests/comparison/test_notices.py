"""Parser warnings carry stable codes: every warning the parser writes on the real corpus is
one of comparison.notices' templates, and the code and fields come back from the text."""

from __future__ import annotations

from pathlib import Path

import pytest

from comparison import parse_text
from comparison.notices import TEMPLATES, identify, notice
from comparison.structure import ParseError

ROOT = Path(__file__).resolve().parents[2]
CORPUS = sorted((ROOT / "archive" / "demo").glob("*/*.txt")) + sorted(
    (ROOT / "tests" / "data" / "sg-budget-speech").glob("*.txt")
)


def test_every_warning_on_the_corpus_has_a_code():
    seen: set[str] = set()
    for path in CORPUS:
        doc = parse_text(path.read_text(encoding="utf-8"))
        for w in doc.warnings:
            found = identify(w)
            assert found is not None, (path.name, w)
            code, fields = found
            seen.add(code)
            if code in ("duplicate_label", "numbering_gap"):
                where = f" under {fields['parent']}" if fields["parent"] else ""
                fields = {k: v for k, v in fields.items() if k != "parent"} | {"where": where}
            assert notice(code, **fields) == w  # the text is rebuilt exactly from its fields
    assert {"footer_removed", "header_removed"} <= seen, seen


@pytest.mark.parametrize("code", sorted(TEMPLATES))
def test_each_template_round_trips(code):
    names = ("lines", "count", "fragments", "moved", "label", "previous", "excerpt", "type", "rows")
    fields = {name: f"v{i}" for i, name in enumerate(names)}
    found = identify(notice(code, **fields, where=" under 三"))
    assert found is not None and found[0] == code
    for name, value in found[1].items():
        assert value == {**fields, "parent": "三"}[name], (name, value)


@pytest.mark.parametrize("text", ["", " \n\u3000\n"])
def test_refusals_have_codes(text):
    with pytest.raises(ParseError) as info:
        parse_text(text)
    assert identify(str(info.value)) == ("empty_document", {})
