"""Property: any bytes either become a plan preview or a RejectedUpload with a one-line message."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import archive
from tests.conftest import SEED

SEED_BYTES = SEED.read_bytes()


def _preview_or_rejection(data: bytes) -> None:
    try:
        preview = archive.preview_upload(data, filename="prop.bin", max_bytes=1 << 20)
    except archive.RejectedUpload as exc:
        message = str(exc)
        assert message.startswith("prop.bin: ") and "\n" not in message
    else:
        assert preview.units == len(preview.document.units) > 0


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=2048))
def test_arbitrary_bytes(data: bytes) -> None:
    _preview_or_rejection(data)


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=1000), st.sampled_from(["utf-8", "utf-16", "gb18030", "utf-8-sig"]))
def test_arbitrary_text_in_any_encoding(text: str, codec: str) -> None:
    _preview_or_rejection(text.encode(codec, errors="ignore"))


@settings(max_examples=60, deadline=None)
@given(st.integers(0, len(SEED_BYTES)), st.integers(0, len(SEED_BYTES)), st.binary(max_size=64))
def test_damaged_real_documents(start: int, length: int, junk: bytes) -> None:
    """Truncated, spliced real plans: still a preview or a clean rejection."""
    _preview_or_rejection(SEED_BYTES[:start] + junk + SEED_BYTES[start + length :])
