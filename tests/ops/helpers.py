"""Synthetic yearly variants of the seed plan for the queue, cache and backup tests."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import SEED


def seed_variant(year: int) -> str:
    """The seed plan re-dated to ``year`` with one added item of that year (synthetic)."""
    text = SEED.read_text(encoding="utf-8").replace("2014年", f"{year}年")
    return text + f"\n\n  9.开展第{year}年度合成测试事项。(牵头落实单位:市合成测试局)\n"


def write_years(folder: Path, years: range | list[int], name: str = "plan-{year}.txt") -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for year in years:
        (folder / name.format(year=year)).write_text(seed_variant(year), encoding="utf-8")
