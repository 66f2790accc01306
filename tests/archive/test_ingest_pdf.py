"""PDF ingestion through poppler's pdftotext: lines joined back into paragraphs."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

import archive
from archive.ingest import PDF_TYPE, extract
from comparison import parse_text
from tests.conftest import SEED


def synthetic_pdf(lines: list[str]) -> bytes:
    """A minimal one-page PDF (Helvetica, ASCII) whose text layer is ``lines``."""

    def esc(s: str) -> str:
        return s.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")

    ops = ["BT /F1 11 Tf 14 TL 50 800 Td", *(f"({esc(line)}) '" for line in lines), "ET"]
    stream = "\n".join(ops).encode("latin-1")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for i, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


SYNTHETIC_LINES = [
    "BUDGET STATEMENT",
    "I. ECONOMIC REVIEW",
    "1. The economy grew by 2.9 per cent last year, and",
    "productivity improved across most sectors.",
    "2. Inflation remained low.",
    "II. OUTLOOK",
    "3. We expect growth of 2 to 4 per cent.",
]


def test_synthetic_pdf_lines_become_paragraphs() -> None:
    result = extract(synthetic_pdf(SYNTHETIC_LINES), filename="synthetic.pdf")
    assert result.media_type == PDF_TYPE
    assert (
        "1. The economy grew by 2.9 per cent last year, and productivity improved across most "
        "sectors." in result.text.splitlines()
    )
    preview = archive.preview_upload(synthetic_pdf(SYNTHETIC_LINES), filename="speech.pdf")
    items = [u for u in preview.document.units if u.kind.value == "item"]
    assert [u.label for u in items] == ["1", "2", "3"]
    assert [u.label for u in preview.document.units if u.kind.value == "section"][-2:] == [
        "I",
        "II",
    ]


def test_without_pdftotext_pdf_is_refused_clearly(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", "/nonexistent")
    with pytest.raises(archive.RejectedUpload) as info:
        extract(synthetic_pdf(SYNTHETIC_LINES), filename="x.pdf")
    assert str(info.value) == "x.pdf: PDF is not supported yet: convert to DOCX or text"


@pytest.fixture(scope="module")
def seed_pdf(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    """The real seed plan printed to PDF by LibreOffice (installed by `make sysdeps`)."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    assert soffice, "LibreOffice is needed for this test (make sysdeps installs it)"
    work = tmp_path_factory.mktemp("seed-pdf")
    shutil.copyfile(SEED, work / "seed.txt")
    subprocess.run(
        [
            soffice,
            "--headless",
            f"-env:UserInstallation=file://{work / 'profile'}",
            "--convert-to",
            "pdf",
            "--outdir",
            str(work),
            str(work / "seed.txt"),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    return Path(work / "seed.pdf").read_bytes()


def test_seed_plan_as_pdf_keeps_its_structure(seed_pdf: bytes) -> None:
    preview = archive.preview_upload(seed_pdf, filename="seed.pdf", year=2014)
    from_text = parse_text(SEED.read_text(encoding="utf-8"), year=2014)
    kinds = [u.kind.value for u in preview.document.units]
    assert kinds.count("section") == 5 and kinds.count("item") == 22
    assert [u.title for u in preview.document.units if u.kind.value == "item"] == [
        u.title for u in from_text.units if u.kind.value == "item"
    ]
    with_leads = [u for u in preview.document.units if u.lead_units]
    assert len(with_leads) >= 20  # PDF has no paragraph marks: a few clauses may detach


def test_reimporting_identical_pdf_reports_the_same_warnings(import_plan) -> None:
    data = synthetic_pdf(SYNTHETIC_LINES)
    first = import_plan(series="pdf", year=2020, data=data, filename="plan.pdf")
    again = import_plan(series="pdf", year=2020, data=data, filename="plan.pdf")
    assert first.created and not again.created
    assert "PDF lines joined into paragraphs" in first.warnings
    assert again.warnings == first.warnings
