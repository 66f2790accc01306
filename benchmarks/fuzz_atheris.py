"""Coverage-guided fuzzing of ingest + parse with atheris (libFuzzer), then the slowest finds
scaled to 10^4..10^6 characters; the slowest input per size and every unexpected exception.

    .venv/bin/pip install -e '.[fuzz]'                     # atheris: an optional extra
    .venv/bin/python -m benchmarks.fuzz_atheris            # 120 s of fuzzing, then the scaling
    .venv/bin/python -m benchmarks.fuzz_atheris --seconds 30 --runs 2000 --sizes 10000 100000

What is fuzzed is the upload's entry point, bytes -> ``archive.preview_upload`` (type sniffing,
decoding, HTML/DOCX/XLSX extraction, control-character stripping, the parser), with the
project's own modules (``archive``, ``comparison``) instrumented, so libFuzzer keeps the inputs
that reach new lines and branches of *our* code. The first byte of each input picks a container
so the mutations reach the extractors' insides, not just their rejections:

    0  the bytes themselves (text in any encoding, or anything at all)
    1  the bytes as the <body> of a UTF-8 HTML page
    2  the bytes as the <w:body> of a real DOCX package (word/document.xml)
    3  the bytes as the <sheetData> (rows) of a real XLSX package (xl/worksheets/sheet1.xml)

The only clean outcomes are a preview or ``RejectedUpload`` (one line); anything else is a
finding, recorded with its input (the fuzzing goes on). The seed corpus is the bundled seed
plan, small HTML/DOCX/XLSX plans and ``benchmarks.pathological``'s hostile shapes at 2,000
characters. libFuzzer's ``-timeout`` stops the run on an input slower than ``--timeout`` (a
finding too). Then the ``--top`` inputs slowest per byte are repeated up to each ``--sizes``
length and timed outside the fuzzer (no instrumentation), beside plain text of the same size
measured in the same run, as ``benchmarks.pathological`` does; the upload's work budget is
lifted for both phases, so the times are the parser's own.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import traceback
import zipfile
from functools import cache
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
MODES = ("raw", "html", "docx", "xlsx")
BUCKETS = (100, 1_000, 10_000, 100_000)  # fuzz-phase input sizes (bytes, container excluded)
MIN_SCALED = 256  # bytes of payload for an input to be a candidate for the scaling
XML_DECL = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
S_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


# --------------------------------------------------------------------------- containers


def _rezip(template: bytes, member: str, content: bytes) -> bytes:
    """``template`` (a ZIP package) with ``member`` replaced by ``content``."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(template)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            data = content if info.filename == member else src.read(info.filename)
            dst.writestr(info.filename, data, compress_type=zipfile.ZIP_DEFLATED)
    return out.getvalue()


@cache
def _docx_template() -> bytes:
    import docx

    d = docx.Document()
    d.add_paragraph("一、总体要求")
    d.add_paragraph("推进改革。", style="List Number")  # keeps numbering.xml in the package
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


@cache
def _xlsx_template() -> bytes:
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(["一、总体要求"])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def build(mode: int, payload: bytes) -> bytes:
    """The upload for ``payload`` in container ``mode`` (see the module docstring)."""
    if mode == 1:
        head = b'<!DOCTYPE html><html><head><meta charset="utf-8"><title>fuzz</title></head><body>'
        return head + payload + b"</body></html>"
    if mode == 2:
        head = f'{XML_DECL}<w:document xmlns:w="{W_NS}"><w:body>'.encode()
        xml = head + payload + b"</w:body></w:document>"
        return _rezip(_docx_template(), "word/document.xml", xml)
    if mode == 3:
        head = f'{XML_DECL}<worksheet xmlns="{S_NS}"><sheetData>'.encode()
        xml = head + payload + b"</sheetData></worksheet>"
        return _rezip(_xlsx_template(), "xl/worksheets/sheet1.xml", xml)
    return payload


def split(data: bytes) -> tuple[int, bytes]:
    """A fuzzer input -> (container mode, payload)."""
    return (data[0] % len(MODES), data[1:]) if data else (0, b"")


# --------------------------------------------------------------------------- seeds


def _w_para(text: str, numbered: bool = False) -> str:
    num = '<w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr></w:pPr>'
    return f"<w:p>{num if numbered else ''}<w:r><w:t>{text}</w:t></w:r></w:p>"


def _x_row(*cells: str) -> str:
    """A row without ``r`` attributes (rows and cells then count on), so that repeated rows
    stay a valid sheet when the scaling repeats them."""
    return "<row>" + "".join(f'<c t="inlineStr"><is><t>{v}</t></is></c>' for v in cells) + "</row>"


def seeds() -> list[bytes]:
    """The starting corpus: real and synthetic plans in each container, hostile shapes."""
    from benchmarks.pathological import SHAPES

    seed_plan = (ROOT / "archive/demo/shenzhen-social-construction/2014.txt").read_bytes()
    plan = "一、总体要求\n\n（一）推进改革\n\n1. 加强领导。(牵头单位:市发改委、市财政局)\n"
    html = ("<h1>2024年工作要点</h1><div class='crumb'>首页 &gt; 政策</div><p>一、总体要求</p>"
            "<p>1. 推进改革。〔牵头落实单位:市委政研室(改革办)〕</p><table><tr><td rowspan='2'>"
            "序号</td><td>工作任务</td><td>牵头单位</td></tr><tr><td>推进改革</td><td>市发改委"
            "</td></tr></table>")  # fmt: skip
    body = (_w_para("一、总体要求") + _w_para("推进改革。(牵头单位:市发改委)", numbered=True)
            + "<w:tbl><w:tr><w:tc>" + _w_para("序号") + "</w:tc><w:tc>" + _w_para("工作任务")
            + "</w:tc></w:tr></w:tbl>")  # fmt: skip
    sheet = (_x_row("一、总体要求") + _x_row("序号", "工作任务", "牵头单位", "完成时限")
             + _x_row("1", "推进改革。", "市发改委", "2024年底")
             + '<row><c t="n"><v>2</v></c><c t="b"><v>1</v></c></row>')  # fmt: skip
    out = [
        b"\x00" + seed_plan[:4000],
        b"\x00" + plan.encode("utf-8"),
        b"\x00" + plan.encode("gb18030"),
        b"\x00" + plan.encode("utf-16"),
        b"\x01" + html.encode(),
        b"\x02" + body.encode(),
        b"\x03" + sheet.encode(),
    ]
    page = (b"<html><body>", b"</body></html>")
    for name, shape in SHAPES.items():
        if not name.startswith("plain"):
            data = shape(2000)
            if data.startswith(page[0]) and data.endswith(page[1]):  # its body, in container 1
                out.append(b"\x01" + data[len(page[0]) : -len(page[1])])
            else:
                out.append(b"\x00" + data)
    return out


# --------------------------------------------------------------------------- one input


def run_one(data: bytes) -> tuple[float, str, BaseException | None, str]:
    """Time ``preview_upload`` on a fuzzer input: (seconds, outcome, unexpected exception,
    the rejection's reason)."""
    from archive import preview_upload
    from archive.errors import RejectedUpload

    mode, payload = split(data)
    upload = build(mode, payload)
    t = time.perf_counter()
    try:
        preview_upload(upload, filename=f"fuzz.{MODES[mode]}", year=2024)
    except RejectedUpload as exc:
        message = str(exc)
        seconds = time.perf_counter() - t
        if "\n" in message:  # a clean rejection is one line
            return seconds, "rejected", ValueError(f"multi-line: {message!r}"), message
        return seconds, "rejected", None, message.split(": ", 1)[-1]
    except Exception as exc:  # anything else is what we are looking for
        return time.perf_counter() - t, "exception", exc, ""
    return time.perf_counter() - t, "parsed", None, ""


def _where(exc: BaseException) -> str:
    """The innermost frame of the project's own code (and the innermost frame of all)."""
    frames = traceback.extract_tb(exc.__traceback__)
    ours = [f for f in frames if f.filename.startswith(str(ROOT)) and "/.venv/" not in f.filename]
    where = f"{Path(ours[-1].filename).name}:{ours[-1].lineno}" if ours else "?"
    return f"{where} ({Path(frames[-1].filename).name}:{frames[-1].lineno})" if frames else where


class State:
    """What the fuzzing child found, written to a JSON file as it goes (libFuzzer ends the
    process with exit(), so nothing would run after the last input)."""

    def __init__(self, path: Path, top: int) -> None:
        self.path = path
        self.top = top
        self.runs = 0
        self.outcomes: dict[str, int] = {}
        self.slowest: dict[str, dict[str, Any]] = {}  # per bucket
        self.candidates: dict[str, dict[str, Any]] = {}  # the slowest per byte, for scaling
        self.findings: dict[str, dict[str, Any]] = {}
        self.started = time.time()
        self.saved = 0.0

    def add(self, data: bytes, seconds: float, outcome: str, exc: BaseException | None) -> None:
        self.runs += 1
        self.outcomes[outcome] = self.outcomes.get(outcome, 0) + 1
        changed = False
        mode, payload = split(data)
        entry = {"seconds": seconds, "mode": MODES[mode], "bytes": len(payload), "hex": data.hex()}
        bucket = next((f"<= {b:,} B" for b in BUCKETS if len(payload) <= b), "larger")
        if seconds > self.slowest.get(bucket, {}).get("seconds", -1.0):
            self.slowest[bucket] = entry
            changed = True
        if len(payload) >= MIN_SCALED:  # below, the fixed cost per upload dominates
            changed = self._keep_slow_per_byte({**entry, "rate": seconds / len(payload)}, payload)
        if exc is not None:
            key = f"{type(exc).__name__} at {_where(exc)}"
            found = self.findings.setdefault(key, {"count": 0, "message": str(exc)[:300],
                                                   "hex": data.hex()})  # fmt: skip
            found["count"] += 1
            changed = True
        if changed or time.time() - self.saved > 1:
            self.save()

    def _keep_slow_per_byte(self, entry: dict[str, Any], payload: bytes) -> bool:
        """Keep the ``top`` slowest inputs per byte of each container, one per opening (the
        mutants of one seed would otherwise fill the list)."""
        key = f"{entry['mode']}:{payload[:32].hex()}"
        old = self.candidates.get(key)
        if old is not None and old["rate"] >= entry["rate"]:
            return False
        self.candidates[key] = entry
        same = [k for k, e in self.candidates.items() if e["mode"] == entry["mode"]]
        if len(same) <= self.top:
            return True
        worst = min(same, key=lambda k: self.candidates[k]["rate"])
        del self.candidates[worst]
        return worst != key

    def save(self) -> None:
        self.saved = time.time()
        tmp = self.path.with_suffix(".tmp")
        tmp.write_text(json.dumps({
            "runs": self.runs, "outcomes": self.outcomes, "slowest": self.slowest,
            "per_byte": list(self.candidates.values()), "findings": self.findings,
            "seconds": time.time() - self.started,
        }))  # fmt: skip
        tmp.replace(self.path)


def child(state_path: Path, top: int, libfuzzer_args: list[str]) -> None:
    """Run inside the fuzzing process: instrument our modules, then hand over to libFuzzer."""
    import atheris

    with atheris.instrument_imports(include=["archive", "comparison"]):
        import archive.service  # noqa: F401  (imported here so that it is instrumented)
        import comparison  # noqa: F401

    state = State(state_path, top)
    run_one(b"\x001. warm-up\n")  # jieba, lxml, the templates

    def test_one_input(data: bytes) -> None:
        seconds, outcome, exc, _reason = run_one(data)
        state.add(data, seconds, outcome, exc)

    atheris.Setup([sys.argv[0], *libfuzzer_args], test_one_input)
    atheris.Fuzz()


# --------------------------------------------------------------------------- the report


def scaled(data: bytes, size: int) -> bytes:
    """The fuzzer input ``data`` with its payload repeated to about ``size`` bytes."""
    mode, payload = split(data)
    copies = max(1, -(-size // max(1, len(payload))))
    return bytes([mode]) + payload * copies


def _plain(size: int) -> bytes:
    from benchmarks.pathological import SHAPES

    return b"\x00" + SHAPES["plain text (baseline)"](size)


def _describe(data: bytes, width: int = 46) -> str:
    mode, payload = split(data)
    text = payload[: width * 4].decode("utf-8", "replace")
    text = re.sub(r"\s+", " ", text)
    return f"[{MODES[mode]}] {text[:width]!r}"


def _stats(log: str, event: str = "DONE|pulse|NEW|REDUCE|INITED") -> str:
    """libFuzzer's last status line of ``event`` (execs, coverage, features, corpus)."""
    lines = [ln for ln in log.splitlines() if re.match(rf"#\d+\s+({event})\b", ln)]
    return " ".join(lines[-1].split()) if lines else "(no libFuzzer status line)"


def fuzz(args: argparse.Namespace, work: Path) -> dict[str, Any]:
    corpus = work / "corpus"
    corpus.mkdir()
    for i, data in enumerate(seeds()):
        (corpus / f"seed-{i:02d}").write_bytes(data)
    state_path = work / "state.json"
    artifacts = work / "artifacts"
    artifacts.mkdir()
    cmd = [sys.executable, "-m", "benchmarks.fuzz_atheris", "--child", str(state_path),
           "--top", str(args.top), "--",
           f"-runs={args.runs}", f"-max_total_time={args.seconds}", f"-max_len={args.max_len}",
           f"-timeout={args.timeout}", f"-seed={args.seed}", "-rss_limit_mb=3072",
           f"-artifact_prefix={artifacts}/", "-print_final_stats=1", str(corpus)]  # fmt: skip
    env = {**os.environ, "YEARLINE_PARSE_SECONDS": "100000"}
    started = time.perf_counter()
    proc = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, check=False)
    wall = time.perf_counter() - started
    (work / "libfuzzer.log").write_text(proc.stderr)
    if not state_path.exists():
        sys.exit(f"the fuzzer did not start (exit {proc.returncode}):\n{proc.stderr[-3000:]}")
    state = json.loads(state_path.read_text())
    state.update(wall=wall, returncode=proc.returncode, status=_stats(proc.stderr),
                 seeded=_stats(proc.stderr, "INITED"),
                 corpus=len(list(corpus.iterdir())),
                 artifacts=sorted(p.name for p in artifacts.iterdir()))  # fmt: skip
    if proc.returncode != 0:  # a libFuzzer stop: a timeout, an out-of-memory, a crash
        tail = [ln for ln in proc.stderr.splitlines() if "ERROR" in ln or "ALARM" in ln]
        state["stopped"] = tail[:3] or [f"exit {proc.returncode}"]
        state["artifact_inputs"] = {p.name: p.read_bytes().hex() for p in artifacts.iterdir()}
    return state


def report_fuzz(state: dict[str, Any]) -> None:
    rate = state["runs"] / max(state["seconds"], 1e-9)
    print(f"fuzzing: {state['runs']:,} inputs recorded in {state['seconds']:.0f} s ({rate:.0f}/s), "
          f"{state['wall']:.0f} s with start-up; corpus {state['corpus']} files")  # fmt: skip
    print(f"libFuzzer, seeds alone: {state['seeded']}")
    print(f"libFuzzer, at the end:  {state['status']}")
    print("outcomes: " + ", ".join(f"{k} {v:,}" for k, v in sorted(state["outcomes"].items())))
    if state.get("stopped"):
        print("libFuzzer stopped early: " + " | ".join(state["stopped"]))
        for name, data in state.get("artifact_inputs", {}).items():
            print(f"  {name}: {len(data) // 2 - 1:,} B {_describe(bytes.fromhex(data), 80)}")
    print("\nslowest input per size (fuzzing, instrumented):")
    for bucket in [f"<= {b:,} B" for b in BUCKETS] + ["larger"]:
        if bucket in state["slowest"]:
            e = state["slowest"][bucket]
            data = bytes.fromhex(e["hex"])
            print(f"  {bucket:>12}  {e['seconds']:7.3f} s  {e['bytes']:>7,} B  {_describe(data)}")
    if state["findings"]:
        print(f"\nunexpected exceptions: {len(state['findings'])} kinds")
        for key, f in state["findings"].items():
            print(f"  {f['count']:>5} x {key}: {f['message'][:120]}")
            print(f"          input: {_describe(bytes.fromhex(f['hex']), 80)}")
    else:
        print(
            "\nunexpected exceptions: none (every input became a preview or a one-line rejection)"
        )


def report_scaling(state: dict[str, Any], sizes: list[int]) -> None:
    finds = [bytes.fromhex(e["hex"]) for e in state["per_byte"]]
    if not finds:
        return
    print("\nthe slowest-per-byte finds repeated to each size (uninstrumented, budget lifted):")
    previous: dict[int, float] = {}
    for size in sizes:
        base = run_one(_plain(size))[0]
        rows = []
        for i, data in enumerate(finds):
            big = scaled(data, size)
            seconds, outcome, exc, reason = run_one(big)
            if exc is not None:
                outcome = f"{outcome}: {type(exc).__name__}"
            elif reason:
                outcome = f"{outcome} ({reason[:28]})"
            rows.append((seconds, i, len(big) - 1, outcome, data))
        print(f"\n{size:,} characters (plain text {base:.3f} s)")
        for seconds, i, nbytes, outcome, data in sorted(rows, reverse=True):
            grow = f"{seconds / previous[i]:5.1f}x prev" if i in previous else " " * 10
            print(f"  {seconds:8.3f} s {seconds / base:5.1f}x plain {grow} {nbytes:>9,} B  "
                  f"{_describe(data, 36)}  {outcome}")  # fmt: skip
        for seconds, i, *_ in rows:
            previous[i] = seconds
        slowest = max(rows)
        print(f"  slowest: find {slowest[1]} ({slowest[0]:.3f} s, {slowest[0] / base:.1f}x plain)")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seconds", type=int, default=120, help="libFuzzer -max_total_time")
    ap.add_argument("--runs", type=int, default=50_000, help="libFuzzer -runs (whichever first)")
    ap.add_argument("--max-len", type=int, default=8192, help="libFuzzer -max_len (bytes)")
    ap.add_argument("--timeout", type=int, default=30, help="seconds for one input")
    ap.add_argument("--seed", type=int, default=15)
    ap.add_argument("--top", type=int, default=2, help="finds per container scaled up")
    ap.add_argument("--sizes", type=int, nargs="*", default=[10**4, 10**5, 10**6])
    ap.add_argument("--keep", type=Path, help="copy the corpus, log and artifacts here")
    ap.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    args, rest = ap.parse_known_args()
    if args.child is not None:
        child(args.child, args.top, [a for a in rest if a != "--"])
        return
    try:
        import atheris  # noqa: F401
    except ImportError:
        sys.exit("atheris is not installed: pip install -e '.[fuzz]'")
    os.environ["YEARLINE_PARSE_SECONDS"] = "100000"
    with tempfile.TemporaryDirectory(prefix="yearline-fuzz-") as tmp:
        state = fuzz(args, Path(tmp))
        report_fuzz(state)
        report_scaling(state, args.sizes)
        if args.keep:
            shutil.copytree(tmp, args.keep, dirs_exist_ok=True)


if __name__ == "__main__":
    main()
