"""Hostile shapes of input: each must be read (or refused) in bounded work.

These are regression guards, not speed tests: every shape runs in a subprocess with a generous
60 s timeout. The code before issue 15 took far longer on each (measured: 10^5 nested <div> past
300 s; 50,000 <p> about 270 s by its quadratic growth from 10.8 s at 10,000; 一 + 10^6 spaces + 、
about 2,000 s from 20 s at 10^5; 10^6 。 and 10^6 一 never finished), so a timeout here means a
quadratic spot came back. The benchmark with the figures is benchmarks/pathological.py.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from archive import RejectedUpload, preview_upload
from comparison.budget import WorkBudgetExceeded, tick, work_budget
from comparison.structure import parse_text

ROOT = Path(__file__).resolve().parents[2]

_PARSE = """
import sys
from archive.errors import RejectedUpload
from archive.service import parse_upload
data = {data}
try:
    _, doc = parse_upload(data, filename="synthetic-hostile", year=2024)
    print("parsed", len(doc.units))
except RejectedUpload as exc:
    print("refused", exc)
"""

SHAPES = {
    "100k nested div": '("<html><body>" + "<div>" * 100_000 + "一、总体要求。" + "</div>" * 100_000'
    ' + "</body></html>").encode()',
    "50k flat p": '("<html><body>" + "".join(f"<p>{i}. 推进第{i}项工作。</p>"'
    ' for i in range(50_000)) + "</body></html>").encode()',
    "30k nested table": '("<html><body>" + "<table><tr><td>" * 30_000 + "一、总体").encode()',
    "spaces between numeral and comma": '("一" + " " * 1_000_000 + "、").encode()',
    "a million full stops": '("一、总体要求\\n\\n1. 推进改革" + "。" * 1_000_000).encode()',
    "agency names in one bracket": '("一、总体\\n\\n1. 推进改革。（" + "市发改委、" * 200_000'
    ' + "市财政局）").encode()',
    "commas before a deadline": '("一、总体\\n\\n1. 推进改革（市发改委" + "，" * 1_000_000'
    ' + "2025年底前）").encode()',
    "owners in one bracket": '("Action 1 Do it (" + "DfE, " * 200_000'
    ' + "DWP).\\n\\nAction 2 Go (DfE, DWP).").encode()',
    # parser 8 reads several fields on one line; each name was checked against a tuple rebuilt
    # per name (measured 35 s at 10^6 characters, growing with the square)
    "role fields in one line": '("1. Do it.\\n" + "Lead: A. Support: B. " * 75_000).encode()',
}


def _finishes(code: str, **env: str) -> str:
    """Run ``code`` in a subprocess that must end within the guard's 60 s; its stdout."""
    proc = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "PYTHONPATH": str(ROOT), **env},
        cwd=ROOT,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    return proc.stdout


@pytest.mark.parametrize("shape", sorted(SHAPES))
def test_pathological_upload_finishes(shape: str) -> None:
    out = _finishes(_PARSE.format(data=SHAPES[shape]), YEARLINE_PARSE_SECONDS="600")
    assert out.startswith(("parsed", "refused")), out


def test_numeral_runs_in_the_tokeniser_finish() -> None:
    code = (
        "from comparison.tokens import weighted_ngrams; print(len(weighted_ngrams('一' * 10**6)))"
    )
    assert int(_finishes(code)) > 0


def test_a_run_of_digits_in_an_action_finishes() -> None:
    # the English figures' pattern tried every digit of a run as a number's start: 10^4 digits
    # took 18 s, 3x10^4 156 s (an action commits without "will", so any numbered unit reaches it)
    code = (
        "from comparison.targets_en import iter_en; "
        "print(len(list(iter_en('k', '1' * 10**6 + ' will', 2025, False, commitment=True))))"
    )
    assert int(_finishes(code)) == 0


def test_html_of_any_depth_keeps_its_text() -> None:
    page = "<html><body>" + "<div>" * 20_000 + "<p>一、总体要求</p><p>1.推进改革。</p>"
    page += "</div>" * 20_000 + "</body></html>"
    result = preview_upload(page.encode(), filename="synthetic-deep.html", year=2024)
    assert [u.label for u in result.document.units] == ["一", "1"]


def test_lead_clause_before_many_full_stops() -> None:
    body, leads, warning = __import__("comparison").structure.split_lead_clause(
        "推进改革(牵头单位:市财政局)" + "。 " * 50_000
    )
    assert leads == ("市财政局",) and warning is None
    assert body == "推进改革" + "。" * 50_000


def test_work_budget_refuses_with_one_line() -> None:
    text = "\n\n".join(f"{i}. 推进第{i}项工作。" for i in range(1, 3000))
    with work_budget(steps=500), pytest.raises(WorkBudgetExceeded) as info:
        parse_text(text)
    assert "\n" not in str(info.value) and "split it" in str(info.value)
    with work_budget(steps=10**7):
        assert len(parse_text(text).units) == 2999


def test_work_budget_is_per_block_and_absent_outside() -> None:
    with work_budget(steps=1):
        tick()
        with pytest.raises(WorkBudgetExceeded):
            tick()
    for _ in range(10):
        tick()  # no budget open: free


def test_upload_over_its_time_budget_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("YEARLINE_PARSE_SECONDS", "0")
    page = (
        "<html><body>" + "".join(f"<p>{i}. 推进工作。</p>" for i in range(3000)) + "</body></html>"
    )
    with pytest.raises(RejectedUpload) as info:
        preview_upload(page.encode(), filename="synthetic-slow.html", year=2024)
    message = str(info.value)
    assert message.startswith("synthetic-slow.html: the document took more than 0 s")
    assert "\n" not in message
