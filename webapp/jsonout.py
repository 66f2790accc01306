"""The CLI's indented JSON, written the way ``json.dumps(data, ensure_ascii=False, indent=2)``
writes it, about twice as fast.

The standard library writes indented JSON with its pure-Python generator encoder (its C encoder
only writes compact JSON), and a 1,000-item ``yearline diff`` spends ~0.07 s of its ~1.5 s there.
This writer appends the same pieces to one list with the same C string escaper. Anything it does
not know (another type, a key json would reject) goes to ``json.dumps`` itself, so the text and
the errors are always the standard library's.
"""

from __future__ import annotations

import json
from json.encoder import encode_basestring  # the C escaper json uses with ensure_ascii=False
from typing import Any

_INF = float("inf")


class _Unknown(Exception):
    """A value this writer leaves to json.dumps."""


def _float(x: float) -> str:
    if x != x:
        return "NaN"
    if x == _INF:
        return "Infinity"
    if x == -_INF:
        return "-Infinity"
    return float.__repr__(x)


def _key(k: Any) -> str:
    if isinstance(k, str):
        return k
    if k is True:
        return "true"
    if k is False:
        return "false"
    if k is None:
        return "null"
    if isinstance(k, int):
        return int.__repr__(k)
    if isinstance(k, float):
        return _float(k)
    raise _Unknown


def _write(o: Any, newline: str, out: list[str]) -> None:
    if isinstance(o, str):
        out.append(encode_basestring(o))
    elif o is None:
        out.append("null")
    elif o is True:
        out.append("true")
    elif o is False:
        out.append("false")
    elif isinstance(o, int):
        out.append(int.__repr__(o))
    elif isinstance(o, float):
        out.append(_float(o))
    elif isinstance(o, list | tuple):
        if not o:
            out.append("[]")
            return
        inner = newline + "  "
        sep = "[" + inner
        for v in o:
            out.append(sep)
            _write(v, inner, out)
            sep = "," + inner
        out.append(newline + "]")
    elif isinstance(o, dict):
        if not o:
            out.append("{}")
            return
        inner = newline + "  "
        sep = "{" + inner
        for k, v in o.items():
            out.append(sep + encode_basestring(_key(k)) + ": ")
            _write(v, inner, out)
            sep = "," + inner
        out.append(newline + "}")
    else:
        raise _Unknown


def dumps(data: Any) -> str:
    """``json.dumps(data, ensure_ascii=False, indent=2)``, to the character."""
    out: list[str] = []
    try:
        _write(data, "\n", out)
    except (_Unknown, RecursionError):
        return json.dumps(data, ensure_ascii=False, indent=2)
    return "".join(out)
