"""Upload sanity checks (issue 10): does an upload look like the series it is going into?

The preview compares the upload's text with the current versions of the series' nearest years
by the cosine similarity of their character-trigram counts (normalised text, letters and digits
only). Measured on the demo archive: consecutive years of one series score 0.37-0.54 (Hailar
district 2012-2019, national reports 2012-2021), a national report against a Hailar district
report 0.14-0.26, the Shenzhen plan against either at most 0.13. Below :data:`FOREIGN_BELOW`
the upload "looks like another document series"; that is a warning, never a refusal.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass

from sqlalchemy.orm import Session

from archive.errors import NotFound
from archive.service import _current, _find_plan
from archive.units import load_document
from comparison import PlanDocument, normalize

FOREIGN_BELOW = 0.30
NEIGHBOURS = 2  # the nearest years compared with


@dataclass(frozen=True)
class SeriesFit:
    """How the upload compares with its nearest stored years (best first)."""

    nearest: tuple[tuple[int, float], ...]  # (year, similarity 0..1)

    @property
    def similarity(self) -> float | None:
        return max((s for _, s in self.nearest), default=None)

    @property
    def best_year(self) -> int | None:
        return max(self.nearest, key=lambda p: p[1])[0] if self.nearest else None

    @property
    def looks_foreign(self) -> bool:
        s = self.similarity
        return s is not None and s < FOREIGN_BELOW


def trigrams(doc: PlanDocument) -> Counter[str]:
    out: Counter[str] = Counter()
    for u in doc.units:
        text = "".join(ch for ch in normalize(f"{u.title}{u.text}") if ch.isalnum())
        out.update(text[i : i + 3] for i in range(len(text) - 2))
    return out


def cosine(a: Counter[str], b: Counter[str]) -> float:
    if not a or not b:
        return 0.0
    small, large = (a, b) if len(a) < len(b) else (b, a)
    dot = sum(v * large.get(k, 0) for k, v in small.items())
    norm = math.sqrt(sum(v * v for v in a.values()) * sum(v * v for v in b.values()))
    return dot / norm if norm else 0.0


def series_fit(session: Session, *, series: str, year: int, doc: PlanDocument) -> SeriesFit:
    """The upload ``doc`` (for ``year``) against the current versions of the nearest other years
    of ``series``; empty when the series is new or has no other year."""
    from archive.catalog import get_series

    try:
        info = get_series(session, series)
    except NotFound:
        return SeriesFit(())
    others = sorted(
        (y.year for y in info.years if y.year != year and y.current_version is not None),
        key=lambda y: (abs(y - year), -y),
    )[:NEIGHBOURS]
    if not others:
        return SeriesFit(())
    mine = trigrams(doc)
    scores = []
    for other in others:
        plan = _find_plan(session, series, other)
        version = _current(plan)
        if version is None:
            continue
        scores.append((other, round(cosine(mine, trigrams(load_document(session, version))), 3)))
    return SeriesFit(tuple(scores))
