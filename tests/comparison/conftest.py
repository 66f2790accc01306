"""Parsing fixtures: the bundled real documents, read and parsed once per session."""

from __future__ import annotations

from pathlib import Path

import pytest

from comparison import PlanDocument, parse_text

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "archive" / "demo" / "shenzhen-social-construction" / "2014.txt"
NATIONAL_DIR = ROOT / "archive" / "demo" / "cn-national-gwr"
HAILAR_DIR = ROOT / "archive" / "demo" / "hailar-district-gwr"
SG_DIR = ROOT / "tests" / "data" / "sg-budget-speech"

NATIONAL_YEARS = sorted(int(p.stem) for p in NATIONAL_DIR.glob("*.txt"))
HAILAR_YEARS = sorted(int(p.stem) for p in HAILAR_DIR.glob("*.txt"))
SG_YEARS = sorted(int(p.stem) for p in SG_DIR.glob("*.txt"))


def read(path: Path) -> str:
    return path.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def seed_text() -> str:
    return read(SEED)


@pytest.fixture(scope="session")
def seed_doc(seed_text: str) -> PlanDocument:
    return parse_text(seed_text)


@pytest.fixture(scope="session")
def national_texts() -> dict[int, str]:
    return {y: read(NATIONAL_DIR / f"{y}.txt") for y in NATIONAL_YEARS}


@pytest.fixture(scope="session")
def national_docs(national_texts: dict[int, str]) -> dict[int, PlanDocument]:
    return {y: parse_text(t) for y, t in national_texts.items()}


@pytest.fixture(scope="session")
def hailar_texts() -> dict[int, str]:
    return {y: read(HAILAR_DIR / f"{y}.txt") for y in HAILAR_YEARS}


@pytest.fixture(scope="session")
def hailar_docs(hailar_texts: dict[int, str]) -> dict[int, PlanDocument]:
    return {y: parse_text(t) for y, t in hailar_texts.items()}


@pytest.fixture(scope="session")
def sg_docs() -> dict[int, PlanDocument]:
    return {y: parse_text(read(SG_DIR / f"{y}.txt")) for y in SG_YEARS}
