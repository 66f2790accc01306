"""Text -> PlanDocument. (Placeholder signature; the parser is being written.)"""

from __future__ import annotations

from comparison.document import PlanDocument

PARSER_VERSION = "0"


def parse_text(
    text: str, *, title: str | None = None, year: int | None = None, language: str | None = None
) -> PlanDocument:
    """Parse a plan's text into a PlanDocument."""
    raise NotImplementedError
