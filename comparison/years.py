"""The one range of plan years the whole service accepts (CLI, API, forms, archive)."""

from __future__ import annotations

__all__ = ["MAX_YEAR", "MIN_YEAR", "valid_year"]

MIN_YEAR = 1900
MAX_YEAR = 2100


def valid_year(year: object) -> bool:
    """True for an ``int`` (not a bool) within ``MIN_YEAR..MAX_YEAR``."""
    return isinstance(year, int) and not isinstance(year, bool) and MIN_YEAR <= year <= MAX_YEAR
