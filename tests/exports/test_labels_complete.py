"""Every kind of row the reports group by has its words and its colour.

A new match kind (``restructured``) once reached the report sections before its heading label, and
``yearline diff --format md`` of a pair with a restructured group failed with ``KeyError``. This
pins the tables against each other instead of waiting for a pair that happens to have that kind.
"""

from __future__ import annotations

import pytest

from comparison.result import MatchKind
from webapp.exports.labels import KIND_FILLS, label
from webapp.exports.rows import SECTIONS


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("key", SECTIONS)
def test_every_report_section_has_a_heading_and_a_kind_label(key: str, lang: str) -> None:
    assert label("section_" + key, lang).strip()
    assert label(key, lang).strip()


def test_every_match_kind_is_a_report_section_with_a_colour() -> None:
    kinds = {k.value for k in MatchKind}
    assert kinds <= set(SECTIONS) | {"unchanged"}, kinds - set(SECTIONS)
    for key in kinds | {"new", "dropped"}:
        assert KIND_FILLS.get(key), key
