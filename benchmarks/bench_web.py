"""Web latency under concurrent load: p50/p95 of the compare and series pages of the demo archive.

Starts `yearline serve` (waitress) on a fresh SQLite archive with the demo loaded, warms the
caches, then fires requests from N concurrent clients at 127.0.0.1 only. The baseline, measured in
the same run under the same load, is a static file (the cheapest thing the server can answer), so
the printed ratio says how much of the latency is our work rather than the machine's noise.
Target: p95 < 300 ms at 10 concurrent clients, warm; a two-character search p95 < 100 ms.

    .venv/bin/python benchmarks/bench_web.py [--clients 10] [--requests 200] [--only search]
"""

from __future__ import annotations

import argparse
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
YEARLINE = str(Path(sys.executable).parent / "yearline")

BASELINE = "baseline: static css"
PAGES = {
    "compare national 2024..2025": "/s/cn-national-gwr/compare/2024..2025",
    "compare hailar 2012..2019": "/s/hailar-district-gwr/compare/2012..2019",
    "series national": "/s/cn-national-gwr",
    "series hailar": "/s/hailar-district-gwr",
    # two characters: too short for the trigram indexes, so a scan of every current unit
    "search page 就业 (2 chars)": "/search?q=%E5%B0%B1%E4%B8%9A",
    "search api 就业 (2 chars)": "/api/v1/search?q=%E5%B0%B1%E4%B8%9A&limit=20",
}
SEARCH_TARGET_MS = 100


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def fetch(url: str) -> float:
    t0 = time.perf_counter()
    with urllib.request.urlopen(url, timeout=60) as resp:
        resp.read()
        if resp.status != 200:
            raise RuntimeError(f"{url}: HTTP {resp.status}")
    return time.perf_counter() - t0


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--clients", type=int, default=10)
    ap.add_argument("--requests", type=int, default=200, help="requests per page")
    ap.add_argument("--only", default="", help="only the pages whose name contains this")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        env = {
            **os.environ,
            "YEARLINE_INSTANCE_PATH": tmp,
            "YEARLINE_DATABASE_URL": f"sqlite:///{tmp}/bench.sqlite3",
        }
        t0 = time.perf_counter()
        subprocess.run([YEARLINE, "init"], env=env, check=True, capture_output=True)
        subprocess.run([YEARLINE, "demo"], env=env, check=True, capture_output=True)
        print(f"demo archive loaded in {time.perf_counter() - t0:.1f} s")
        port = free_port()
        server = subprocess.Popen(
            [YEARLINE, "serve", "--host", "127.0.0.1", "--port", str(port)],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        base = f"http://127.0.0.1:{port}"
        try:
            for _ in range(100):
                try:
                    home = urllib.request.urlopen(base + "/", timeout=5).read().decode()
                    break
                except OSError:
                    time.sleep(0.2)
            else:
                raise RuntimeError("server did not start")
            css = home.split('rel="stylesheet" href="', 1)[1].split('"', 1)[0]
            chosen = {n: p for n, p in PAGES.items() if args.only in n}
            pages = {**chosen, BASELINE: css}  # the stylesheet the home page links to
            for path in pages.values():  # warm: computes and caches comparisons/timelines
                t = fetch(base + path)
                print(f"  cold {path}: {t * 1000:.0f} ms")
            results: dict[str, list[float]] = {}
            with ThreadPoolExecutor(max_workers=args.clients) as pool:
                for name, path in pages.items():
                    urls = [base + path] * args.requests
                    results[name] = list(pool.map(fetch, urls))
        finally:
            server.terminate()
            server.wait(timeout=10)
    base_p95 = percentile(results[BASELINE], 95)
    print(f"\n{args.clients} concurrent clients, {args.requests} requests per page, warm")
    print(f"{'page':34} {'p50 ms':>8} {'p95 ms':>8} {'p95/baseline':>13}")
    worst = 0.0
    for name, times in results.items():
        p50, p95 = statistics.median(times) * 1000, percentile(times, 95) * 1000
        if name != BASELINE:
            worst = max(worst, p95)
        print(f"{name:34} {p50:8.1f} {p95:8.1f} {p95 / (base_p95 * 1000):13.1f}")
    print(f"\nworst page p95: {worst:.0f} ms (target < 300 ms)")
    searches = [percentile(t, 95) * 1000 for n, t in results.items() if n.startswith("search")]
    if searches:
        print(f"worst search p95: {max(searches):.0f} ms (target < {SEARCH_TARGET_MS} ms)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
