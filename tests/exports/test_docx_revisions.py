"""The Word report's tracked changes: real w:ins/w:del revisions that reproduce A and B."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from comparison import Comparison, RedlineOp
from tests.exports.conftest import FIXED_TIME
from tests.exports.readers import W, bookmarked_paragraphs, docx_xml, revision_texts
from webapp.exports import render_comparison
from webapp.exports.docx_export import AUTHOR, BOOKMARK_PREFIX

ISO = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$")


def _side(redline, keep: RedlineOp) -> str:
    return "".join(t for op, t in redline if op in (RedlineOp.EQUAL, keep))


def _norm(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def test_tracked_changes_reproduce_both_texts(any_comparison: Comparison) -> None:
    data = render_comparison(any_comparison, "docx", generated_at=FIXED_TIME)
    root = docx_xml(data)
    paragraphs = bookmarked_paragraphs(root, BOOKMARK_PREFIX)
    expected = {i for i, m in enumerate(any_comparison.matches) if m.kind.value != "unchanged"}
    assert set(paragraphs) == expected
    checked_ins = checked_del = 0
    for i, p in paragraphs.items():
        m = any_comparison.matches[i]
        accepted, rejected = revision_texts(p)
        assert accepted == _norm(_side(m.redline, RedlineOp.INSERT)), m.b
        assert rejected == _norm(_side(m.redline, RedlineOp.DELETE)), m.a
        ins = p.findall(f"{W}ins")
        dels = p.findall(f"{W}del")
        assert len(ins) == sum(1 for op, t in m.redline if op is RedlineOp.INSERT and t)
        assert len(dels) == sum(1 for op, t in m.redline if op is RedlineOp.DELETE and t)
        for rev in ins + dels:
            assert rev.get(f"{W}author") == AUTHOR
            assert ISO.match(rev.get(f"{W}date"))
            assert rev.find(f"{W}r") is not None
        checked_ins += len(ins)
        checked_del += len(dels)
    if any(m.kind.value == "changed" for m in any_comparison.matches):
        assert checked_ins and checked_del
    ids = [el.get(f"{W}id") for el in root.iter(f"{W}ins", f"{W}del")]
    assert len(ids) == len(set(ids)), "revision ids must be unique"


def test_redlines_reproduce_the_units_text(synthetic_comparison: Comparison) -> None:
    """On the hand-made comparison, accept-all gives B's units and reject-all A's, exactly."""
    root = docx_xml(render_comparison(synthetic_comparison, "docx"))
    paragraphs = bookmarked_paragraphs(root, BOOKMARK_PREFIX)
    assert paragraphs, "no bookmarked change paragraph found: the loop below would check nothing"
    a, b = synthetic_comparison.doc_a, synthetic_comparison.doc_b
    for i, p in paragraphs.items():
        m = synthetic_comparison.matches[i]
        accepted, rejected = revision_texts(p)
        assert accepted == "\n".join(b.unit(k).text for k in m.b)
        assert rejected == "\n".join(a.unit(k).text for k in m.a)


@pytest.mark.slow
@pytest.mark.parametrize("which", ["synthetic_comparison", "national_comparison"])
def test_libreoffice_converts_the_report(
    which: str, request: pytest.FixtureRequest, tmp_path: Path
) -> None:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    assert soffice, "LibreOffice is installed by `make test` (sysdeps)"
    src = tmp_path / "report.docx"
    src.write_bytes(render_comparison(request.getfixturevalue(which), "docx"))
    out = tmp_path / "out"
    proc = subprocess.run(
        [
            soffice,
            f"-env:UserInstallation=file://{tmp_path / 'profile'}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(out),
            str(src),
        ],
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert proc.returncode == 0, proc.stderr
    pdf = out / "report.pdf"
    assert pdf.exists(), proc.stdout + proc.stderr
    head = pdf.read_bytes()
    assert head.startswith(b"%PDF") and len(head) > 10_000
    pdftotext = shutil.which("pdftotext")
    assert pdftotext, "pdftotext (poppler-utils) is installed by `make sysdeps`"
    text = subprocess.run(
        [pdftotext, str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "变更摘要" in text  # CJK made it into the PDF as text
