"""compare() and build_timeline(). (Placeholder signatures; the engine is being written.)"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from comparison.document import PlanDocument
from comparison.result import Comparison, Timeline

ENGINE_VERSION = "0"


@dataclass(frozen=True)
class CompareOptions:
    score_cutoff: float = 0.5


def compare(a: PlanDocument, b: PlanDocument, *, options: CompareOptions | None = None) -> Comparison:
    raise NotImplementedError


def build_timeline(
    docs: Sequence[PlanDocument], *, options: CompareOptions | None = None
) -> Timeline:
    raise NotImplementedError
