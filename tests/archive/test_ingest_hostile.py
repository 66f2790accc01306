"""Ingest of hostile or odd text: control characters and UTF-16 without a byte-order mark."""

from __future__ import annotations

import os

import pytest

import archive
from archive import RejectedUpload
from archive.ingest import extract
from tests.conftest import DEMO_DIR, SEED

SEED_TEXT = SEED.read_text(encoding="utf-8").replace("\r\n", "\n")
HAILAR_TEXT = (DEMO_DIR / "hailar-district-gwr" / "2015.txt").read_text(encoding="utf-8")
LONG_TEXT = (DEMO_DIR / "cn-national-gwr" / "2008.txt").read_text(encoding="utf-8")  # 25,091 chars


@pytest.mark.parametrize("control", ["\x01", "\x00", "\x1b", "\x7f", "\x08", "\x9b", "\ufffe"])
def test_control_characters_are_removed_with_a_warning(control: str) -> None:
    cut = 24_000  # past the first 20,000 characters the binary check samples
    text = LONG_TEXT[:cut] + control + LONG_TEXT[cut:]
    result = extract(text.encode("utf-8"), filename="synthetic.txt")
    assert result.text == LONG_TEXT.replace("\r\n", "\n")
    assert any(f"U+{ord(control):04X}" in note for note in result.notes)


def test_early_control_characters_are_removed_too() -> None:
    text = SEED_TEXT.replace("社会建设", "社会\x01建设", 1)
    preview = archive.preview_upload(text.encode(), filename="synthetic.txt", year=2014)
    assert "\x01" not in "".join(u.text + u.title for u in preview.document.units)
    assert any("removed 1 control characters (U+0001)" in w for w in preview.warnings)


def test_form_feed_and_vertical_tab_become_line_breaks() -> None:
    text = SEED_TEXT.replace("社会建设", "社会\x0c建设", 1).replace("社会建设", "社会\x0b建设", 1)
    result = extract(text.encode(), filename="synthetic.txt")
    assert result.text == SEED_TEXT.replace("社会建设", "社会\n建设", 2)


def test_clean_text_has_no_warning() -> None:
    assert extract(SEED_TEXT.encode(), filename="synthetic.txt").notes == ()


def test_a_file_of_control_characters_is_still_refused() -> None:
    with pytest.raises(RejectedUpload):
        extract(b"\x01\x02\x03" * 1000, filename="synthetic.bin")


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
@pytest.mark.parametrize("source", ["seed", "hailar", "english"])
def test_utf16_without_a_bom_is_read(codec: str, source: str) -> None:
    text = {
        "seed": SEED_TEXT,
        "hailar": HAILAR_TEXT.replace("\r\n", "\n"),
        "english": "PART I\n\n1. Budget for the year 2024\n\n2. Fiscal policy.\n",
    }[source]
    result = extract(text.encode(codec), filename="synthetic.txt")
    assert result.encoding == codec
    assert result.text == text


def test_binary_with_nul_bytes_is_not_taken_for_utf16() -> None:
    rejected = 0
    for i in range(50):
        data = os.urandom(4000) if i % 2 else bytes(range(256)) * 16
        try:
            extract(data, filename="synthetic.bin")
        except RejectedUpload:
            rejected += 1
    assert rejected == 50
