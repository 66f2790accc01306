"""ZIP packages (DOCX) are checked before they are opened: unpacked size and member count."""

from __future__ import annotations

import io
import struct
import zipfile

import docx
import pytest

from archive import RejectedUpload
from archive.ingest import extract
from archive.ingest.limits import ArchiveTooLarge, check_zip, zip_limits


def _docx(extra: dict[str, bytes] | None = None) -> bytes:
    document = docx.Document()
    document.add_paragraph("一、总体要求")
    document.add_paragraph("1.推进改革。")
    buf = io.BytesIO()
    document.save(buf)
    if not extra:
        return buf.getvalue()
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(buf.getvalue())) as src,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst,
    ):
        for info in src.infolist():
            dst.writestr(info, src.read(info))
        for name, payload in extra.items():
            dst.writestr(name, payload)
    return out.getvalue()


def test_a_docx_that_inflates_past_the_limit_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("YEARLINE_MAX_UNPACKED_BYTES", str(8 * 1024 * 1024))
    bomb = _docx({"word/media/padding.bin": bytes(16 * 1024 * 1024)})
    assert len(bomb) < 100_000  # a small upload...
    with pytest.raises(RejectedUpload) as info:
        extract(bomb, filename="synthetic-bomb.docx")
    message = str(info.value)
    assert message.startswith("synthetic-bomb.docx: the package unpacks to more than 8388608 bytes")
    assert "\n" not in message


def test_one_oversized_member_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("YEARLINE_MAX_UNPACKED_MEMBER_BYTES", str(1024 * 1024))
    with pytest.raises(RejectedUpload, match="a part of the package unpacks to 2097152 bytes"):
        extract(_docx({"word/media/a.bin": bytes(2 * 1024 * 1024)}), filename="synthetic.docx")


def test_too_many_members_are_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("YEARLINE_MAX_ZIP_MEMBERS", "50")
    parts = {f"word/synthetic{i}.xml": b"<a/>" for i in range(60)}
    with pytest.raises(RejectedUpload, match=r"the package has \d+ parts; at most 50"):
        extract(_docx(parts), filename="synthetic.docx")


def test_an_ordinary_docx_passes_the_default_limits() -> None:
    result = extract(_docx(), filename="synthetic.docx")
    assert "推进改革" in result.text
    limits = zip_limits()
    assert limits.max_total >= 64 * 1024 * 1024 and limits.max_members >= 1000


def _forge_size(data: bytes, size: int) -> bytes:
    """Rewrite every central-directory entry's uncompressed size (a lying or huge member)."""
    out = bytearray(data)
    pos = out.find(b"PK\x01\x02")
    while pos >= 0:
        struct.pack_into("<I", out, pos + 24, size)
        pos = out.find(b"PK\x01\x02", pos + 4)
    return bytes(out)


def test_declared_size_is_checked_without_inflating() -> None:
    forged = _forge_size(_docx(), 0xFFFF_FFF0)  # 4 GiB per member, as a bomb would declare
    with pytest.raises(ArchiveTooLarge, match="unpacks to 4294967280 bytes"):
        check_zip(forged, max_total=1 << 40, max_member=1 << 30, max_members=100)
    with pytest.raises(RejectedUpload, match="unpacks to"):
        extract(forged, filename="synthetic-forged.docx")


def test_entities_in_a_docx_are_never_resolved(tmp_path: object) -> None:
    secret = "synthetic-secret-from-disk"
    path = __import__("pathlib").Path(str(tmp_path)) / "secret.txt"
    path.write_text(secret, encoding="utf-8")
    raw = _docx()
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(raw)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            body = src.read(info)
            if info.filename == "word/document.xml":
                text = body.decode()
                decl_end = text.index("?>") + 2
                text = (
                    text[:decl_end]
                    + f'<!DOCTYPE w:document [<!ENTITY xxe SYSTEM "file://{path}">'
                    + '<!ENTITY lol "lollollollollol">]>'
                    + text[decl_end:].replace("推进改革。", "推进改革&xxe;&lol;。")
                )
                body = text.encode()
            dst.writestr(info, body)
    try:
        result = extract(out.getvalue(), filename="synthetic-xxe.docx")
    except RejectedUpload:
        return  # refusing the package is as good as not resolving
    assert secret not in result.text and "lollol" not in result.text
