"""The CLI's JSON writer (webapp.jsonout) writes what json.dumps(indent=2, ensure_ascii=False)
writes, character for character, on the CLI's real outputs and on generated JSON values."""

from __future__ import annotations

import json
import math

from hypothesis import given, settings
from hypothesis import strategies as st

from comparison import compare, parse_text
from tests.conftest import DEMO_DIR
from webapp.jsonout import dumps


def reference(data: object) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2)


def test_a_real_comparison_is_written_as_json_writes_it() -> None:
    folder = DEMO_DIR / "cn-national-gwr"
    a, b = (parse_text((folder / f"{y}.txt").read_text("utf-8")) for y in (2018, 2019))
    data = compare(a, b).to_dict()
    text = dumps(data)
    assert len(text) > 100_000 and text == reference(data)
    assert json.loads(text) == data


def test_edge_values() -> None:
    cases = [
        {},
        [],
        {"a": [], "b": {}, "c": [[]], "d": ({"t": (1, 2)},)},
        [1.5, -0.0, 1e16, 1e-7, 10**30, -(10**20), True, False, None],
        [math.nan, math.inf, -math.inf],
        {1: "int key", 2.5: "float key", None: "null key", False: "false key"},
        {"escapes": 'quote " backslash \\ newline \n tab \t nul \x00 \x1f \u2028 é 中文 😀'},
    ]
    for data in cases:
        assert dumps(data) == reference(data), data


def test_what_it_does_not_know_is_json_s_to_write_or_refuse() -> None:
    import datetime

    import pytest

    with pytest.raises(TypeError):
        dumps({"when": datetime.date(2026, 12, 1)})
    with pytest.raises(TypeError):
        dumps({(1, 2): "tuple key"})


json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(),
    lambda children: (
        st.lists(children, max_size=5)
        | st.dictionaries(st.text() | st.integers() | st.booleans(), children, max_size=5)
    ),
    max_leaves=40,
)


@settings(max_examples=300, deadline=None)
@given(json_values)
def test_generated_values(data: object) -> None:
    assert dumps(data) == reference(data)
