"""Engine benchmark: large plans built from the seed's real sentences, timed as a whole process.

For 1,000 and 4,000 items it writes a synthetic plan A (the seed's clauses recombined into items
under sections) and a plan B (20% perturbed: reworded, moved, dropped, added, plus reordering),
then times ``yearline diff A B --format json`` as a subprocess, records the peak RSS of the
child processes, and in the same run measures a naive baseline: ``difflib.SequenceMatcher``
ratio over ~2,000 random unit pairs, extrapolated to all n×m pairs.

Targets (issue 11): ≥300× faster than the baseline at 1,000 items; time(4,000)/time(1,000) ≤ 4.5;
10,000 items in < 10 s and < 1 GB peak (issue 3 asked ≥100×, ≤ 6 and < 1 GB at 4,000). Run:
``.venv/bin/python benchmarks/bench_engine.py [--sizes 1000,4000,10000] [--repeat 3]``;
``--root DIR`` times another checkout's CLI (e.g. an export of main) in the same minute.
"""

from __future__ import annotations

import argparse
import difflib
import json
import os
import random
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "archive" / "demo" / "shenzhen-social-construction" / "2014.txt"
sys.path.insert(0, str(ROOT))  # this checkout's engine (imported lazily below)
ITEMS_PER_SECTION = 50
SAMPLE_PAIRS = 2000


def seed_material() -> tuple[list[str], list[str], list[str]]:
    """Clauses, headline-like clauses and agency names from the parsed seed plan."""
    from comparison import UnitKind, parse_text

    doc = parse_text(SEED.read_text(encoding="utf-8"))
    clauses: list[str] = []
    titles: list[str] = []
    agencies: list[str] = []
    for u in doc.units:
        if u.kind is not UnitKind.ITEM:
            continue
        titles.append(u.title)
        agencies.extend(a for a in u.lead_units if a not in agencies)
        body = u.text[len(u.title) :].lstrip("。")
        for c in re.split(r"[，。；]", body):
            if len(c) >= 6:
                clauses.append(c)
    return clauses, titles, agencies


def make_item(
    rng: random.Random, clauses: list[str], titles: list[str], agencies: list[str]
) -> dict:
    title = rng.choice(titles) + rng.choice(["", "工作", "机制", "体系", "试点"])
    # about the seed's own item length (~220 characters)
    body = "，".join(rng.sample(clauses, rng.randint(2, 5))) + "。"
    body += "，".join(rng.sample(clauses, rng.randint(1, 4))) + "。"
    leads = rng.sample(agencies, rng.randint(1, 4))
    return {"title": title, "body": body, "leads": leads}


def render(sections: list[list[dict]], year: int) -> str:
    from comparison.structure import cn_numeral

    lines = [f"{year}年全市社会建设工作要点", ""]
    for si, items in enumerate(sections, start=1):
        lines.append(f"{cn_numeral(si)}、第{si}组社会建设重点任务")
        # numbering restarts in each section (the parser reads item labels of 1-3 digits)
        for n, it in enumerate(items, start=1):
            leads = "、".join(it["leads"])
            lines.append(f"{n}.{it['title']}。{it['body']}(牵头落实单位:{leads})")
    return "\n\n".join(lines) + "\n"


def build_pair(n_items: int, seed: int = 2014) -> tuple[str, str]:
    rng = random.Random(seed + n_items)
    clauses, titles, agencies = seed_material()
    items = [make_item(rng, clauses, titles, agencies) for _ in range(n_items)]
    # at most 99 sections (the parser's Chinese section numerals); 50 items each up to 4,950 items
    per_section = max(ITEMS_PER_SECTION, -(-n_items // 99))
    n_sec = max(1, n_items // per_section)
    sec_a = [items[i * per_section : (i + 1) * per_section] for i in range(n_sec)]
    # B: 20% of items perturbed — 5% reworded, 5% moved to another section, 5% dropped, 5% new
    sec_b = [list(s) for s in sec_a]
    k = max(1, n_items // 20)
    flat = [(si, it) for si, s in enumerate(sec_b) for it in s]
    chosen = rng.sample(range(len(flat)), 3 * k)
    reword, move, drop = chosen[:k], chosen[k : 2 * k], chosen[2 * k :]
    for idx in reword:
        si, it = flat[idx]
        new = dict(it)
        new["body"] = it["body"].replace("，", "，" + rng.choice(clauses) + "，", 1)
        sec_b[si][sec_b[si].index(it)] = new
    for idx in drop:
        si, it = flat[idx]
        if it in sec_b[si]:
            sec_b[si].remove(it)
    for idx in move:
        si, it = flat[idx]
        if it in sec_b[si]:
            sec_b[si].remove(it)
            sec_b[rng.randrange(n_sec)].insert(0, it)
    for _ in range(k):
        sec_b[rng.randrange(n_sec)].append(make_item(rng, clauses, titles, agencies))
    for s in sec_b:  # local reordering
        if len(s) > 4:
            i = rng.randrange(len(s) - 2)
            s[i], s[i + 1] = s[i + 1], s[i]
    return render(sec_a, 2014), render(sec_b, 2015)


def diff_command(path_a: Path, path_b: Path, root: Path | None = None) -> list[str]:
    """``yearline diff``; with ``root``, that checkout's CLI (``python -m webapp.cli``, run with
    PYTHONPATH=root) — to time another revision against this one in the same minute."""
    if root is not None:
        return [
            sys.executable,
            "-m",
            "webapp.cli",
            "diff",
            str(path_a),
            str(path_b),
            "--format",
            "json",
        ]
    exe = shutil.which("yearline") or str(Path(sys.executable).with_name("yearline"))
    return [exe, "diff", str(path_a), str(path_b), "--format", "json"]


def time_process(cmd: list[str], root: Path | None = None) -> tuple[float, float, int, dict]:
    """Wall seconds, CPU seconds (user + system) and peak RSS (KiB) of one child process.

    ``ru_maxrss`` of RUSAGE_CHILDREN is the largest of all children so far; sizes run in
    increasing order, so each reading is that size's peak.
    """
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    env = None
    if root is not None:
        env = {**os.environ, "PYTHONPATH": str(root)}
    out = subprocess.run(cmd, capture_output=True, text=True, cwd=root or ROOT, env=env)
    elapsed = time.perf_counter() - t0
    if out.returncode != 0:
        raise SystemExit(f"diff failed: {out.stderr.strip()[-300:]}")
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return elapsed, cpu, after.ru_maxrss, json.loads(out.stdout)


def baseline(text_a: str, text_b: str, rng: random.Random) -> tuple[float, int, int]:
    """Seconds a naive all-pairs difflib comparison would take (sampled), and n, m."""
    from comparison import parse_text

    ua = [u.text for u in parse_text(text_a).units]
    ub = [u.text for u in parse_text(text_b).units]
    pairs = [(rng.choice(ua), rng.choice(ub)) for _ in range(SAMPLE_PAIRS)]
    t0 = time.perf_counter()
    for x, y in pairs:
        difflib.SequenceMatcher(None, x, y).ratio()
    per_pair = (time.perf_counter() - t0) / SAMPLE_PAIRS
    return per_pair * len(ua) * len(ub), len(ua), len(ub)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="1000,4000")
    ap.add_argument("--keep", help="directory to keep the generated plans in")
    ap.add_argument("--root", type=Path, help="time this checkout's CLI instead (another revision)")
    ap.add_argument("--repeat", type=int, default=1, help="runs per size (the fastest is kept)")
    args = ap.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    print("timing: yearline diff A B --format json as a whole process")
    work = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="yearline-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    rng = random.Random(7)
    results: dict[int, dict[str, float]] = {}
    for n in sizes:
        text_a, text_b = build_pair(n)
        pa, pb = work / f"plan-{n}-a.txt", work / f"plan-{n}-b.txt"
        pa.write_text(text_a, encoding="utf-8")
        pb.write_text(text_b, encoding="utf-8")
        # the diff runs and the baseline's samples alternate, and the fastest of each is kept:
        # on a shared machine a burst of load then slows both alike instead of one of them
        runs = []
        bases = []
        for _ in range(args.repeat):
            runs.append(time_process(diff_command(pa, pb, args.root), args.root))
            bases.append(baseline(text_a, text_b, rng))
            print(
                f"  run: {runs[-1][0]:.2f} s wall, {runs[-1][1]:.2f} s CPU; "
                f"baseline {bases[-1][0]:.1f} s"
            )
        elapsed, cpu, peak_kib, result = min(runs, key=lambda r: r[0])
        cpu = min(r[1] for r in runs)
        base_s, n_a, n_b = min(bases)
        results[n] = {"time": elapsed, "cpu": cpu, "peak_mb": peak_kib / 1024, "baseline": base_s}
        s = result["summary"]
        print(
            f"{n:>5} items: units {n_a}×{n_b}  diff {elapsed:6.2f} s wall, {cpu:6.2f} s CPU"
            f"  peak RSS {peak_kib / 1024:7.1f} MB"
            f"  naive difflib (extrapolated from {SAMPLE_PAIRS} pairs) {base_s:9.1f} s"
            f"  speedup {base_s / elapsed:7.1f}×  summary {s}"
        )
    if 1000 in results:
        r = results[1000]
        speedup = r["baseline"] / r["time"]
        print(f"speedup vs naive baseline at 1,000 items: {speedup:.0f}× (target ≥300×)")
    if 1000 in results and 4000 in results:
        ratio = results[4000]["time"] / results[1000]["time"]
        cpu_ratio = results[4000]["cpu"] / results[1000]["cpu"]
        print(f"time(4,000) / time(1,000): {ratio:.2f} wall, {cpu_ratio:.2f} CPU (target ≤4.5)")
        print(f"peak memory at 4,000 items: {results[4000]['peak_mb']:.0f} MB (target <1024 MB)")
    if 10000 in results:
        r = results[10000]
        print(
            f"10,000 items: {r['time']:.1f} s wall, {r['cpu']:.1f} s CPU, {r['peak_mb']:.0f} MB"
            " (target <10 s, <1024 MB)"
        )
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
