"""The harness of benchmarks/fuzz_atheris.py, without atheris (an optional extra): each container
byte builds the upload it names, the seed corpus runs clean, scaling reaches the size asked, and
the state keeps what the report needs. The fuzzing itself is the benchmark's, not the suite's."""

from __future__ import annotations

import json
from pathlib import Path

from archive.ingest import DOCX_TYPE, XLSX_TYPE, extract
from benchmarks import fuzz_atheris as fz

TYPES = {0: "text/plain", 1: "text/html", 2: DOCX_TYPE, 3: XLSX_TYPE}


def test_each_container_builds_the_upload_it_names() -> None:
    payloads = {
        0: "一、总体要求\n\n1. 推进改革。\n".encode(),
        1: "<p>一、总体要求</p><p>1. 推进改革。</p>".encode(),
        2: (
            "<w:p><w:r><w:t>一、总体要求</w:t></w:r></w:p>"
            "<w:p><w:r><w:t>1. 推进改革。</w:t></w:r></w:p>"
        ).encode(),
        3: (
            '<row><c t="inlineStr"><is><t>一、总体要求</t></is></c></row>'
            '<row><c t="inlineStr"><is><t>1. 推进改革。</t></is></c></row>'
        ).encode(),
    }
    for mode, payload in payloads.items():
        assert fz.split(bytes([mode]) + payload) == (mode, payload)
        assert fz.split(bytes([mode + 4]) + payload)[0] == mode  # any byte picks a container
        got = extract(fz.build(mode, payload), filename="x")
        assert got.media_type == TYPES[mode], mode
        assert "推进改革" in got.text


def test_the_seed_corpus_runs_clean_and_scales(tmp_path: Path) -> None:
    state = fz.State(tmp_path / "state.json", top=1)
    seeds = fz.seeds()
    assert {fz.split(s)[0] for s in seeds} == {0, 1, 2, 3}
    parsed = set()
    for data in seeds:
        seconds, outcome, exc, reason = fz.run_one(data)
        if outcome == "parsed":
            parsed.add(fz.split(data)[0])
        assert exc is None, (fz._describe(data), exc)
        assert outcome in ("parsed", "rejected") and seconds >= 0
        assert bool(reason) == (outcome == "rejected") and "\n" not in reason
        state.add(data, seconds, outcome, exc)
    assert parsed == {0, 1, 2, 3}  # each container has a seed that is a plan
    state.add(b"\x00x" * 300, 0.01, "exception", KeyError("planted"))
    saved = json.loads((tmp_path / "state.json").read_text())
    assert saved["runs"] == len(seeds) + 1
    assert sum(saved["outcomes"].values()) == saved["runs"]
    (key,) = saved["findings"]
    assert key.startswith("KeyError at ") and saved["findings"][key]["count"] == 1
    modes = [e["mode"] for e in saved["per_byte"]]
    assert len(modes) == len(set(modes))  # top=1: one candidate per container
    for data in seeds[:3]:
        big = fz.scaled(data, 10_000)
        assert big[0] == data[0] and 10_000 <= len(big) - 1 < 10_000 + len(data)
