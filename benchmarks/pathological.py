"""Hostile shapes of upload at 10^4..10^6 characters through ingest and parse; the slowest per size.

    .venv/bin/python -m benchmarks.pathological            # 10^4, 10^5, 10^6
    .venv/bin/python -m benchmarks.pathological --sizes 10000 100000

Each shape is built to hit one kind of super-linear spot: deep nesting, many flat elements, long
runs of blanks, numerals, brackets or sentence ends, repeated numbering and lead-clause openers.
Every run has the upload's work budget lifted (so the figure is the parser's own time), and the
ratio to plain text of the same size is printed, measured in the same run.
"""

from __future__ import annotations

import argparse
import os
import time
from collections.abc import Callable

from archive.errors import RejectedUpload
from archive.service import parse_upload


def _html(body: str) -> bytes:
    return f"<html><body>{body}</body></html>".encode()


SHAPES: dict[str, Callable[[int], bytes]] = {
    "plain text (baseline)": lambda n: "\n\n".join(
        f"{i}. 推进第{i}项工作。" for i in range(1, n // 12 + 1)
    ).encode(),
    "nested <div>": lambda n: _html("<div>" * (n // 11) + "一、总体" + "</div>" * (n // 11)),
    "flat <p>": lambda n: _html("".join(f"<p>{i}. 工作。</p>" for i in range(n // 16))),
    "nested <table>": lambda n: _html("<table><tr><td>" * (n // 15) + "x"),
    "spaces between 一 and 、": lambda n: ("一" + " " * n + "、").encode(),
    "ideographic spaces": lambda n: ("一、总体\n\n1." + "\u3000" * n + "。").encode(),
    "full stops": lambda n: ("一、总体要求\n\n1. 推进改革" + "。" * n).encode(),
    "numerals 一": lambda n: ("一、总体要求\n\n1. " + "一" * n).encode(),
    "open brackets": lambda n: ("一、总体要求\n\n1. 推进" + "（" * n + "）").encode(),
    "lead-clause openers": lambda n: ("一、总体\n\n1. 推进" + "(牵头单位:" * (n // 6)).encode(),
    "numbering only": lambda n: "\n".join("1." for _ in range(n // 3)).encode(),
    "one long line of 1.1.1": lambda n: ("1" + ".1" * (n // 2) + " x").encode(),
    "pipe-table lines": lambda n: ("| a | b |\n|---|---|\n" + "| 1 | 2 |\n" * (n // 10)).encode(),
    # the role-clause reader (comparison.roles), keyword ladders, <ol> numbering (issue 12)
    "role clauses in one line": lambda n: ("Action 1: Do it. " + "Lead: A; " * (n // 9)).encode(),
    "role keywords, no values": lambda n: ("Action 1: Do it. " + "Lead: " * (n // 6)).encode(),
    "actions one per line": lambda n: "\n".join(
        f"Action {i % 999 + 1}: Do {i}. Lead: Dept {i}" for i in range(n // 32)
    ).encode(),
    "nested <ol>": lambda n: _html("<ol><li>x" * (n // 9) + "</li></ol>" * (n // 9)),
    # the readers of parser 7: bare agency brackets, deadlines in them, English closing owners,
    # title-case heading lines
    "agency names in one bracket": lambda n: (
        "一、总体\n\n1. 推进改革。（" + "市发改委、" * (n // 5) + "市财政局）"
    ).encode(),
    "commas before a deadline": lambda n: (
        "一、总体\n\n1. 推进改革（市发改委" + "，" * n + "2025年底前）"
    ).encode(),
    "owners in one bracket": lambda n: (
        "Action 1 Do it (" + "DfE, " * (n // 5) + "DWP).\n\nAction 2 Go (DfE, DWP)."
    ).encode(),
    "title-case lines": lambda n: "\n\n".join(
        f"Housing And Communities {i}" if i % 2 else f"We will build {i} homes."
        for i in range(n // 26)
    ).encode(),
    # the readers of parser 8: run-on items after closed brackets, role-field lines, list
    # bullets, lines heading restarting lists, a one-line text's title
    "closed brackets before numbers": lambda n: (
        "一、总体。" + "".join(f"{i}.推进。（牵头单位：市发改委）" for i in range(1, n // 20))
    ).encode(),
    "fields in one line": lambda n: ("1. Do it.\n" + "Lead: A. Support: B. " * (n // 21)).encode(),
    "bullets before labels": lambda n: "\n".join(
        f"- Action {i % 999 + 1}: Do {i}." for i in range(n // 22)
    ).encode(),
    "headings over restarting lists": lambda n: "\n\n".join(
        f"Area {i}\n\n1. Do {i}.\n2. Go {i}." for i in range(n // 30)
    ).encode(),
    "title sentence then one line": lambda n: (
        "2025年重点工作任务。" + "".join(f"{i % 99 + 1}.推进工作。" for i in range(n // 8))
    ).encode(),
}


def run(data: bytes) -> tuple[float, str]:
    t = time.perf_counter()
    try:
        parse_upload(data, filename="synthetic-hostile", year=2024)
        outcome = "parsed"
    except RejectedUpload as exc:
        outcome = "refused: " + str(exc).split(": ", 1)[-1][:40]
    return time.perf_counter() - t, outcome


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[10**4, 10**5, 10**6])
    args = ap.parse_args()
    os.environ["YEARLINE_PARSE_SECONDS"] = "100000"
    run(b"1. warm-up\n")  # imports, jieba
    for size in args.sizes:
        results = []
        for name, build in SHAPES.items():
            data = build(size)
            seconds, outcome = run(data)
            results.append((seconds, name, len(data), outcome))
        base = next(s for s, n, _, _ in results if n.startswith("plain"))
        print(f"\n{size:,} characters")
        for seconds, name, nbytes, outcome in sorted(results, reverse=True):
            ratio = seconds / base
            print(f"  {seconds:8.3f} s  {ratio:7.1f}x  {name:26s} {nbytes:>10,} B  {outcome}")
        slowest = max(r for r in results if not r[1].startswith("plain"))
        print(f"  slowest: {slowest[1]} ({slowest[0]:.3f} s)")


if __name__ == "__main__":
    main()
