"""Thread figures of the bundled demo series (benchmarks/README.md, "Threads").

Usage (from the repository root; about a minute for the national series)::

    .venv/bin/python -m benchmarks.eval.thread_figures                    # every demo series
    .venv/bin/python -m benchmarks.eval.thread_figures cn-national-gwr --json

Per series: threads, boilerplate threads, the share of threads whose headline (the latest
appearance's, before the year span that tells shared ones apart) another thread shares, the
share of displayed titles shared, the median thread length in years present, one-year threads
as a share of all thread-year appearances, and the number of "dropped" marks.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
from collections import Counter
from typing import Any

from benchmarks.eval.gold import REPO_ROOT
from comparison import Timeline, build_timeline, parse_text
from comparison.document import PlanDocument
from comparison.result import ThreadStatus

DEMO = REPO_ROOT / "archive" / "demo"
SERIES = ("cn-national-gwr", "hailar-district-gwr", "shenzhen-social-construction")
TITLE_CHARS = 40  # as comparison.threads


def series_docs(slug: str) -> list[PlanDocument]:
    paths = sorted((DEMO / slug).glob("*.txt"))
    if not paths:
        raise SystemExit(f"no such demo series: {slug}")
    return [parse_text(p.read_text(encoding="utf-8")) for p in paths]


def figures(docs: list[PlanDocument], tl: Timeline) -> dict[str, Any]:
    by_year = {d.year: d.by_key() for d in docs}
    heads: list[str] = []
    for t in tl.threads:
        last = [y for y in t.years if y.keys][-1]
        u = by_year[last.year][last.keys[0]]
        heads.append(u.title or u.text[:TITLE_CHARS])
    shared_heads = Counter(heads)
    shared_titles = Counter(t.title for t in tl.threads)
    lengths = [sum(1 for y in t.years if y.keys) for t in tl.threads]
    n = len(tl.threads)
    return {
        "threads": n,
        "boilerplate_threads": sum(1 for t in tl.threads if t.boilerplate),
        "headline_duplicate_share": round(sum(1 for h in heads if shared_heads[h] > 1) / n, 3),
        "title_duplicate_share": round(
            sum(1 for t in tl.threads if shared_titles[t.title] > 1) / n, 3
        ),
        "median_length": statistics.median(lengths),
        "one_year_share": round(sum(1 for x in lengths if x == 1) / sum(lengths), 3),
        "dropped_marks": sum(
            1 for t in tl.threads for y in t.years if y.status is ThreadStatus.DROPPED
        ),
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("series", nargs="*", default=list(SERIES))
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args(argv)
    out: dict[str, dict[str, Any]] = {}
    for slug in args.series:
        docs = series_docs(slug)
        out[slug] = {"years": len(docs), **figures(docs, build_timeline(docs))}
    if args.json:
        print(json.dumps(out, indent=1))
        return 0
    cols = list(next(iter(out.values())))
    print("series".ljust(30) + "".join(c[:22].rjust(24) for c in cols))
    for slug, row in out.items():
        print(slug.ljust(30) + "".join(str(row[c]).rjust(24) for c in cols))
    return 0


if __name__ == "__main__":
    sys.exit(main())
