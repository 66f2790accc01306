"""The values :mod:`comparison.targets` produces: a :class:`Quantity` (one target or outcome)
and a document's :class:`Extraction`."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

QUALIFIERS = ("about", "at_least", "at_most", "below", "range", "exact")


@dataclass(frozen=True)
class Quantity:
    """One quantitative commitment (``kind`` ``target``) or reported result (``outcome``).

    ``value`` is set for a single number, ``low``/``high`` for a range (``qualifier`` ``range``);
    ``unit`` is as printed (``%``, ``万人``, ``万亿斤``); ``text`` the printed span and ``start``
    its offset in the unit's text; ``horizon`` the period of a longer-horizon goal (``2016-2020``,
    ``by 2030``, ``None`` for the year's own); ``about_year`` the year an outcome reports on.
    """

    key: str
    kind: str
    name: str
    indicator: str | None
    value: float | None
    low: float | None
    high: float | None
    unit: str
    qualifier: str
    text: str
    start: int
    horizon: str | None = None
    about_year: int | None = None

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {
            "key": self.key,
            "name": self.name,
            "indicator": self.indicator,
            "value": self.value,
            "low": self.low,
            "high": self.high,
            "unit": self.unit,
            "qualifier": self.qualifier,
            "text": self.text,
            "horizon": self.horizon,
        }
        if self.kind == "outcome":
            d["about_year"] = self.about_year
        return d

    def figure(self) -> str:
        """The value as a reader writes it: ``5%``, ``4.5–5%``, ``1200万人``."""
        if self.value is None and self.low is not None and self.high is not None:
            return f"{_fmt(self.low)}–{_fmt(self.high)}{self.unit}"
        return f"{_fmt(self.value)}{self.unit}"


@dataclass(frozen=True)
class Extraction:
    """A document's targets and outcomes, in document order."""

    year: int | None
    targets: tuple[Quantity, ...]
    outcomes: tuple[Quantity, ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "year": self.year,
            "targets": [q.to_dict() for q in self.targets],
            "outcomes": [q.to_dict() for q in self.outcomes],
        }


def _fmt(x: float | None) -> str:
    if x is None:
        return ""
    return str(int(x)) if float(x).is_integer() else f"{x:g}"
