"""Evaluate the comparison engine: gold alignments and seeded perturbations.

Usage (from the repository root)::

    .venv/bin/python -m benchmarks.eval.run_eval                 # tables
    .venv/bin/python -m benchmarks.eval.run_eval --errors        # plus every wrong/missed link
    .venv/bin/python -m benchmarks.eval.run_eval -n 10 --json    # machine-readable

Deterministic: the perturbation seeds are 0..n-1 and the engine is deterministic.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from benchmarks.eval.gold import REPO_ROOT, Gold, gold_files, resolve_gold, unannotated
from benchmarks.eval.perturb import PerturbConfig, perturb
from benchmarks.eval.score import Scores, links_by, score
from benchmarks.eval.truth import Truth
from comparison import Comparison, compare, parse_text
from comparison.document import PlanDocument

SEED_PLAN = "archive/demo/shenzhen-social-construction/2014.txt"
NATIONAL = "archive/demo/cn-national-gwr/{year}.txt"
PERTURB_BASES = (SEED_PLAN, NATIONAL.format(year=2024), NATIONAL.format(year=2019))
# Paragraphs and sentences added by the perturbations come from an older report, so that they
# are real plan language but not a rewording of anything in the bases.
DONOR = NATIONAL.format(year=2003)


@cache
def parsed(path: str) -> PlanDocument:
    """Parse a bundled file once per process (path relative to the repository root)."""
    return parse_text((REPO_ROOT / path).read_text(encoding="utf-8"))


@dataclass(frozen=True)
class GoldResult:
    gold: Gold
    truth: Truth
    scores: Scores
    unannotated: tuple[str, ...]
    seconds: float
    result: Comparison | None = None


def evaluate_gold(gold: Gold) -> GoldResult:
    a, b = parsed(str(gold.a["file"])), parsed(str(gold.b["file"]))
    truth = resolve_gold(gold, a, b)
    t0 = time.perf_counter()
    result = compare(a, b)
    seconds = time.perf_counter() - t0
    return GoldResult(
        gold, truth, score(result, truth), tuple(unannotated(gold, a, b, truth)), seconds, result
    )


CONFIDENCE_LEVELS = ("high", "medium", "low")


def calibration(results: Sequence[GoldResult], field_name: str = "confidence") -> dict[str, Any]:
    """Per value of a match field (``confidence``, ``grade``): links right / judged over all
    gold pairs, and the share right."""
    totals: dict[str, tuple[int, int]] = {}
    for r in results:
        if r.result is None:
            continue
        for value, (right, n) in links_by(r.result, r.truth, field_name).items():
            t = totals.get(value, (0, 0))
            totals[value] = (t[0] + right, t[1] + n)
    return {
        v: {"right": right, "judged": n, "share": round(right / n, 4) if n else None}
        for v, (right, n) in sorted(totals.items())
    }


def print_calibration(results: Sequence[GoldResult], out: Any) -> None:
    table = calibration(results)
    print("Confidence calibration (gold links of all pairs: right / judged)", file=out)
    for level in CONFIDENCE_LEVELS:
        c = table.get(level, {"right": 0, "judged": 0, "share": None})
        share = "  n/a" if c["share"] is None else f"{c['share']:.3f}"
        print(f"  {level:8} {c['right']:>4} / {c['judged']:<4} {share}", file=out)
    grades = calibration(results, "grade")
    print(
        "  by grade: " + "  ".join(f"{g} {c['right']}/{c['judged']}" for g, c in grades.items()),
        file=out,
    )


def evaluate_perturbations(
    base: str, seeds: Sequence[int], config: PerturbConfig | None = None
) -> list[Scores]:
    doc, donor = parsed(base), parsed(DONOR)
    out = []
    for s in seeds:
        p = perturb(doc, seed=s, donors=[donor], config=config)
        out.append(score(compare(doc, p.doc), p.truth))
    return out


def _mean(xs: Sequence[float]) -> float:
    return statistics.fmean(xs) if xs else float("nan")


def summarize(scores: Sequence[Scores]) -> dict[str, float]:
    def m(f: Any) -> float:
        return round(_mean([f(s) for s in scores]), 4)

    kinds = sorted({k for s in scores for k in s.by_kind})
    per_kind = {
        f"F1[{k}]": round(_mean([s.by_kind[k].f1 for s in scores if k in s.by_kind]), 4)
        for k in kinds
    }
    return {
        **per_kind,
        "P": m(lambda s: s.links.precision),
        "R": m(lambda s: s.links.recall),
        "F1": m(lambda s: s.links.f1),
        "min_F1": round(min(s.links.f1 for s in scores), 4) if scores else float("nan"),
        "new_F1": m(lambda s: s.new.f1),
        "dropped_F1": m(lambda s: s.dropped.f1),
        "split_R": m(lambda s: s.splits.recall),
        "merge_R": m(lambda s: s.merges.recall),
        "primary_R": m(lambda s: s.primary.recall),
    }


def _fmt(x: float) -> str:
    return f"{x:.3f}"


def _text(doc: PlanDocument, key: str) -> str:
    try:
        u = doc.unit(key)
    except KeyError:
        return "?"
    return (u.title or u.text).replace("\n", " ")[:24]


def print_errors(res: GoldResult, out: Any) -> None:
    a, b = parsed(str(res.gold.a["file"])), parsed(str(res.gold.b["file"]))
    e = res.scores.errors
    for x, y in e.false_links:
        print(f"    wrong link   {x} {_text(a, x)}  ->  {y} {_text(b, y)}", file=out)
    for x, y in e.missed_links:
        print(f"    missed link  {x} {_text(a, x)}  ->  {y} {_text(b, y)}", file=out)
    for k in e.false_new:
        print(f"    wrongly new  {k} {_text(b, k)}", file=out)
    for k in e.false_dropped:
        print(f"    wrongly dropped {k} {_text(a, k)}", file=out)
    for k in e.missed_dropped:
        print(f"    missed drop  {k} {_text(a, k)}", file=out)
    for k in e.missed_new:
        print(f"    missed new   {k} {_text(b, k)}", file=out)
    for k in e.missed_splits:
        print(f"    split not named: {k} {_text(a, k)}", file=out)
    for k in e.missed_merges:
        print(f"    merge not named: into {k} {_text(b, k)}", file=out)


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("-n", "--perturbations", type=int, default=5, help="seeds per base document")
    ap.add_argument("--errors", action="store_true", help="list wrong and missed gold links")
    ap.add_argument("--json", action="store_true", help="print one JSON object instead of tables")
    args = ap.parse_args(argv)
    out = sys.stdout
    report: dict[str, Any] = {"gold": {}, "perturbations": {}}

    gold_results = [evaluate_gold(g) for g in gold_files()]
    for r in gold_results:
        report["gold"][r.gold.name] = {**r.scores.as_dict(), "seconds": round(r.seconds, 3)}
    report["confidence"] = calibration(gold_results)
    report["grades"] = calibration(gold_results, "grade")
    seeds = list(range(args.perturbations))
    for base in PERTURB_BASES:
        for mode, cfg in (("standard", PerturbConfig()), ("hard", PerturbConfig.hard())):
            scores = evaluate_perturbations(base, seeds, cfg)
            report["perturbations"][f"{Path(base).parent.name}/{Path(base).stem} {mode}"] = (
                summarize(scores)
            )

    if args.json:
        json.dump(report, out, ensure_ascii=False, indent=1, sort_keys=True)
        print(file=out)
        return 0

    print("Gold alignments (link P/R/F1: sure links required, possible links allowed)", file=out)
    head = (
        f"{'gold':38} {'P':>6} {'R':>6} {'F1':>6} {'strictF1':>8} {'new P/R':>11} {'drop P/R':>11}"
    )
    print(head + f" {'split':>6} {'merge':>6}", file=out)
    for r in gold_results:
        s = r.scores
        print(
            f"{r.gold.name:38} {_fmt(s.links.precision):>6} {_fmt(s.links.recall):>6} "
            f"{_fmt(s.links.f1):>6} {_fmt(s.links_strict.f1):>8} "
            f"{_fmt(s.new.precision)}/{_fmt(s.new.recall):>5} "
            f"{_fmt(s.dropped.precision)}/{_fmt(s.dropped.recall):>5} "
            f"{s.splits.hit_true}/{s.splits.n_true:<4} {s.merges.hit_true}/{s.merges.n_true:<4}",
            file=out,
        )
        if args.errors:
            print_errors(r, out)
    print(file=out)
    print_calibration(gold_results, out)
    print(file=out)
    print(f"Perturbations (mean over seeds 0..{args.perturbations - 1})", file=out)
    cols = ("P", "R", "F1", "min_F1", "new_F1", "dropped_F1", "split_R", "merge_R", "primary_R")
    print(f"{'base':48} " + " ".join(f"{c:>10}" for c in cols), file=out)
    for name, summ in report["perturbations"].items():
        print(f"{name:48} " + " ".join(f"{summ[c]:>10.3f}" for c in cols), file=out)
    print(file=out)
    print("Perturbations: link F1 by kind of the A unit", file=out)
    for name, summ in report["perturbations"].items():
        per_kind = "  ".join(f"{k[3:-1]} {v:.3f}" for k, v in summ.items() if k.startswith("F1["))
        print(f"{name:48} {per_kind}", file=out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
