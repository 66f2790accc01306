"""First views of the demo's series and thread pages in a new process, once the queue has warmed
the series (issue 11: no first view above 300 ms).

Builds a fresh SQLite archive (``yearline init`` + ``yearline demo``, which warms each series:
neighbouring comparisons, timeline, and what the series pages derive from the texts) unless
``--instance DIR`` names one. Then, for each page and each reader (anonymous, signed in), a new
Python process creates the app, warms it up as ``yearline serve`` does but with no series page
viewed (``warm_up(budget=0)``: a series beyond the warm-up's 5 s, or a reader it did not cover),
and times that page's first GET. The baseline, in the same process, is the first GET of the
static stylesheet.

    .venv/bin/python benchmarks/bench_first_views.py [--instance DIR]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

YEARLINE = str(Path(sys.executable).parent / "yearline")
TARGET_MS = 300
PAGES = (
    "/s/cn-national-gwr",
    "/s/hailar-district-gwr",
    "/s/shenzhen-social-construction",
    "/s/cn-national-gwr/thread/t-2006-s2.t7.p13",
    "/s/hailar-district-gwr/thread/t-2012-p1",
    "/s/cn-national-gwr/2025",
)

CHILD = r"""
import re, sys, time
import archive
from webapp import create_app
from webapp.warmup import warm_up
reader, path = sys.argv[1:]
app = create_app()
with app.app_context():
    from webapp.db import get_session
    s = get_session()
    if s.scalar(archive.models.User.__table__.select().where(
            archive.models.User.name == "bench").with_only_columns(archive.models.User.id)) is None:
        archive.create_user(s, name="bench", password="bench-pass-123456", role="viewer")
        s.commit()
warm_up(app, budget=0)
c = app.test_client()
css = re.search(r'rel="stylesheet" href="([^"]+)"', c.get("/login").get_data(as_text=True))[1]
if reader == "signed-in":
    tok = re.search(r'name="csrf_token" value="([^"]+)"', c.get("/login").get_data(as_text=True))[1]
    r = c.post("/login", data={"csrf_token": tok, "name": "bench", "password": "bench-pass-123456"})
    assert r.status_code == 302, r.status_code
t = time.perf_counter(); c.get(css); base = time.perf_counter() - t
t = time.perf_counter(); r = c.get(path); took = time.perf_counter() - t
assert r.status_code == 200, (path, r.status_code)
print(f"{took * 1000:.0f} {base * 1000:.1f}")
"""


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--instance", help="an instance folder holding a warmed demo archive")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        root = args.instance or scratch
        env = {**os.environ, "YEARLINE_INSTANCE_PATH": root,
               "YEARLINE_DATABASE_URL": f"sqlite:///{root}/bench.sqlite3"}  # fmt: skip
        if not args.instance:
            t0 = time.perf_counter()
            for cmd in (["init"], ["demo"]):
                subprocess.run([YEARLINE, *cmd], env=env, check=True, capture_output=True)
            print(f"demo archive loaded and warmed in {time.perf_counter() - t0:.1f} s")
        worst = 0
        print(f"{'page':46} {'reader':10} {'first view':>10} {'baseline':>9}")
        for path in PAGES:
            for reader in ("anonymous", "signed-in"):
                out = subprocess.run([sys.executable, "-c", CHILD, reader, path], env=env,
                                     check=True, capture_output=True, text=True)  # fmt: skip
                took, base = out.stdout.split()[-2:]
                worst = max(worst, int(took))
                print(f"{path:46} {reader:10} {took:>7} ms {base:>6} ms")
        verdict = "yes" if worst <= TARGET_MS else "no"
        print(f"\nworst first view: {worst} ms (target <= {TARGET_MS} ms: {verdict})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
