"""Precision and recall of the target/outcome extractor against the hand-made national table.

The gold (``benchmarks/gold/targets/cn-national-gwr.csv``, method in its README) lists, for every
report 2006–2025 (2020 is missing at the source), each own-year target and each last-year outcome
the report prints for the scored indicators. Scoring is over sets of figures:

- a *target* is ``(year, indicator, value, low, high, unit, qualifier)``; the extractor's own-year
  targets (``horizon`` null) of the scored indicators are compared with the gold's;
- an *outcome* is ``(year, indicator, value, low, high, unit)`` with ``about_year`` = year - 1
  (the qualifier of a reported figure, 超过 or 左右, is not scored);
- a *past result reported as a target* is an extracted target whose figure is one of the gold's
  outcomes of that report and none of its targets.

    .venv/bin/python -m benchmarks.eval.targets_eval [--errors]
"""

from __future__ import annotations

import argparse
import csv
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from comparison.structure import parse_text
from comparison.targets import Extraction, extract

ROOT = Path(__file__).resolve().parents[2]
GOLD = ROOT / "benchmarks" / "gold" / "targets" / "cn-national-gwr.csv"
REPORTS = ROOT / "archive" / "demo" / "cn-national-gwr"

TARGET_SCOPE = frozenset(
    {
        "gdp_growth",
        "cpi",
        "urban_new_jobs",
        "registered_unemployment",
        "surveyed_unemployment",
        "energy_intensity",
        "grain_output",
        "deficit_ratio",
        "deficit_amount",
        "m2_growth",
        "foreign_trade",
        "local_special_bonds",
        "special_treasury_bonds",
    }
)
OUTCOME_SCOPE = frozenset(
    {
        "gdp_growth",
        "cpi",
        "urban_new_jobs",
        "registered_unemployment",
        "surveyed_unemployment",
        "energy_intensity",
        "grain_output",
        "foreign_trade",
        "m2_growth",
    }
)

Fig = tuple[int, str, float | None, float | None, float | None, str]


def _num(s: str) -> float | None:
    return float(s) if s.strip() else None


@dataclass(frozen=True)
class Gold:
    years: tuple[int, ...]
    targets: frozenset[tuple[Fig, str]]  # (figure, qualifier)
    outcomes: frozenset[Fig]


def load_gold(path: Path = GOLD) -> Gold:
    targets: set[tuple[Fig, str]] = set()
    outcomes: set[Fig] = set()
    years: set[int] = set()
    with path.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            year = int(row["year"])
            years.add(year)
            fig: Fig = (
                year,
                row["indicator"],
                _num(row["value"]),
                _num(row["low"]),
                _num(row["high"]),
                row["unit"],
            )
            if row["kind"] == "target":
                targets.add((fig, row["qualifier"]))
            elif row["kind"] == "outcome":
                if int(row["about_year"]) != year - 1:
                    raise ValueError(f"{path.name}: outcome about_year must be year - 1: {row}")
                outcomes.add(fig)
            else:
                raise ValueError(f"{path.name}: unknown kind {row['kind']!r}")
    return Gold(tuple(sorted(years)), frozenset(targets), frozenset(outcomes))


@lru_cache(maxsize=64)
def extraction(year: int) -> Extraction:
    text = (REPORTS / f"{year}.txt").read_text(encoding="utf-8")
    return extract(parse_text(text))


def _fig(year: int, q: object) -> Fig:
    return (year, q.indicator, q.value, q.low, q.high, q.unit)  # type: ignore[attr-defined]


@dataclass(frozen=True)
class Scores:
    target_precision: float
    target_recall: float
    outcome_precision: float
    outcome_recall: float
    past_as_target: tuple[Fig, ...]
    target_extra: tuple[tuple[Fig, str], ...]
    target_missed: tuple[tuple[Fig, str], ...]
    outcome_extra: tuple[Fig, ...]
    outcome_missed: tuple[Fig, ...]
    counts: dict[str, int]


def _ratio(a: int, b: int) -> float:
    return a / b if b else 1.0


def evaluate(gold: Gold | None = None) -> Scores:
    gold = gold or load_gold()
    got_t: set[tuple[Fig, str]] = set()
    got_o: set[Fig] = set()
    for year in gold.years:
        ex = extraction(year)
        for q in ex.targets:
            if q.horizon is None and q.indicator in TARGET_SCOPE:
                got_t.add((_fig(year, q), q.qualifier))
        for q in ex.outcomes:
            if q.horizon is None and q.indicator in OUTCOME_SCOPE and q.about_year == year - 1:
                got_o.add(_fig(year, q))
    gold_t_figs = {f for f, _ in gold.targets}
    past = tuple(
        sorted(
            (f for f, _ in got_t if f in gold.outcomes and f not in gold_t_figs),
            key=str,
        )
    )
    hit_t = got_t & gold.targets
    hit_o = got_o & gold.outcomes
    return Scores(
        target_precision=_ratio(len(hit_t), len(got_t)),
        target_recall=_ratio(len(hit_t), len(gold.targets)),
        outcome_precision=_ratio(len(hit_o), len(got_o)),
        outcome_recall=_ratio(len(hit_o), len(gold.outcomes)),
        past_as_target=past,
        target_extra=tuple(sorted(got_t - gold.targets, key=str)),
        target_missed=tuple(sorted(gold.targets - got_t, key=str)),
        outcome_extra=tuple(sorted(got_o - gold.outcomes, key=str)),
        outcome_missed=tuple(sorted(gold.outcomes - got_o, key=str)),
        counts={
            "years": len(gold.years),
            "gold_targets": len(gold.targets),
            "gold_outcomes": len(gold.outcomes),
            "extracted_targets": len(got_t),
            "extracted_outcomes": len(got_o),
        },
    )


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--errors", action="store_true", help="list every extra and missed figure")
    args = ap.parse_args(argv)
    s = evaluate()
    print(
        f"years {s.counts['years']}  gold targets {s.counts['gold_targets']}  "
        f"gold outcomes {s.counts['gold_outcomes']}"
    )
    print(
        f"targets   P {s.target_precision:.3f}  R {s.target_recall:.3f}  "
        f"(extracted {s.counts['extracted_targets']})"
    )
    print(
        f"outcomes  P {s.outcome_precision:.3f}  R {s.outcome_recall:.3f}  "
        f"(extracted {s.counts['extracted_outcomes']})"
    )
    print(f"past results reported as targets: {len(s.past_as_target)}")
    if args.errors:
        for label, rows in (
            ("target extra", s.target_extra),
            ("target missed", s.target_missed),
            ("outcome extra", s.outcome_extra),
            ("outcome missed", s.outcome_missed),
            ("past as target", s.past_as_target),
        ):
            for r in rows:
                print(f"  {label}: {r}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
