"""Reading a PDF's task tables from word boxes: cost against pdftotext's plain text, and growth.

A synthetic task table of N rows is printed to PDF by Debian's Chromium (as the tests do);
the baseline, measured in the same run on the same file, is one plain ``pdftotext`` run — what
ingesting a PDF cost before its tables were read. Printed: the time of ``archive.ingest.extract``
(two pdftotext runs and the table reader) over the baseline, at 500 and 2,000 rows, and
time(2,000) / time(500) beside pdftotext's own growth. Targets: the reader stays within a few
baselines (≤ 4×) and grows as pdftotext does (within 1.3× of its growth). The fastest of
three runs of each is kept (a noisy machine).
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from archive.ingest import extract

ROWS = (500, 2000)


def table_html(n: int) -> str:
    rows = "".join(
        f"<tr><td>{k}</td><td>推进第{k}项重点任务，完善工作机制，形成一批可复制可推广的经验做法，"
        f"确保按期完成。</td><td>区发展改革局</td><td>区财政局、各街道</td>"
        f"<td>2026年{k % 12 + 1}月</td></tr>"
        for k in range(1, n + 1)
    )
    return (
        '<html><head><meta charset="utf-8"><style>body{font-family:"Noto Serif CJK SC";'
        "font-size:12px}td,th{border:1px solid #000;padding:2px}table{border-collapse:collapse;"
        "width:100%}</style></head><body><h2>synthetic 重点工作任务分工</h2><table><thead><tr>"
        "<th>序号</th><th>工作任务</th><th>牵头单位</th><th>配合单位</th><th>完成时限</th></tr>"
        f"</thead><tbody>{rows}</tbody></table></body></html>"
    )


def print_pdf(html: str, work: Path, name: str) -> bytes:
    src, out = work / f"{name}.html", work / f"{name}.pdf"
    src.write_text(html, encoding="utf-8")
    subprocess.run(
        ["/usr/bin/chromium", "--headless", "--no-sandbox", "--disable-gpu",
         "--no-pdf-header-footer", f"--user-data-dir={work / 'chromium'}",
         f"--print-to-pdf={out}", src.as_uri()],
        check=True, capture_output=True, timeout=600,
    )  # fmt: skip
    return out.read_bytes()


def fastest(run: object, times: int = 3) -> float:
    best = float("inf")
    for _ in range(times):
        t = time.perf_counter()
        run()  # type: ignore[operator]
        best = min(best, time.perf_counter() - t)
    return best


def main() -> None:
    results, bases = {}, {}
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        for n in ROWS:
            pdf = print_pdf(table_html(n), work, f"rows{n}")
            got = extract(pdf, filename="plan.pdf").text
            assert got.count("\n| ") == n + 1, "every row read"
            base = fastest(
                lambda pdf=pdf: subprocess.run(
                    ["pdftotext", "-enc", "UTF-8", "-nopgbrk", "-q", "-", "-"],
                    input=pdf, capture_output=True, check=True,
                )
            )  # fmt: skip
            mine = fastest(lambda pdf=pdf: extract(pdf, filename="plan.pdf"))
            results[n] = mine
            bases[n] = base
            print(
                f"{n:5d} rows: extract {mine:.2f} s, plain pdftotext {base:.2f} s, "
                f"ratio {mine / base:.1f}× (target ≤4×)"
            )
    growth = results[ROWS[1]] / results[ROWS[0]]
    base_growth = bases[ROWS[1]] / bases[ROWS[0]]
    print(
        f"time({ROWS[1]}) / time({ROWS[0]}): {growth:.2f}, plain pdftotext's own "
        f"{base_growth:.2f} (target: within 1.3× of pdftotext's growth, {growth / base_growth:.2f})"
    )


if __name__ == "__main__":
    main()
