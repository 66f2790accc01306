"""`make bench`: every benchmark in turn, each printing ratios against its same-run baseline."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RUNS = [
    ("engine speed and memory", [sys.executable, "benchmarks/bench_engine.py"]),
    ("web latency under load", [sys.executable, "benchmarks/bench_web.py"]),
    ("PDF task tables", [sys.executable, "benchmarks/bench_pdf_tables.py"]),
    ("alignment quality", [sys.executable, "-m", "benchmarks.eval.run_eval"]),
]


def main() -> int:
    failed = []
    for title, cmd in RUNS:
        print(f"\n=== {title}: {' '.join(cmd[1:])}", flush=True)
        if subprocess.run(cmd, cwd=ROOT).returncode != 0:
            failed.append(title)
    if failed:
        print(f"\nfailed: {', '.join(failed)}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
