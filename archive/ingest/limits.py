"""Limits checked on a ZIP package (DOCX, XLSX) before anything inside it is opened.

A few megabytes of upload can inflate to gigabytes (a "zip bomb"). The central directory states
every member's uncompressed size, and Python's ``zipfile`` never inflates a member past its
stated size (it stops there and fails the CRC check), so capping the stated sizes caps the
memory any reader built on ``zipfile`` (python-docx, openpyxl) can use. XML inside the package is
parsed with entity resolution off (python-docx's parser; see also ``safe_xml_parser``).
"""

from __future__ import annotations

import io
import os
import zipfile
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # lxml is imported by the first XML-based file, not by every text parse
    from lxml import etree

__all__ = [
    "ArchiveTooLarge",
    "ZipLimits",
    "check_zip",
    "safe_xml_parser",
    "zip_limits",
]

DEFAULT_MAX_TOTAL = 256 * 1024 * 1024  # all members together, uncompressed
DEFAULT_MAX_MEMBER = 128 * 1024 * 1024  # any one member, uncompressed
DEFAULT_MAX_MEMBERS = 5000


class ArchiveTooLarge(ValueError):
    """The package exceeds a limit; the message is one line without the file name."""


@dataclass(frozen=True)
class ZipLimits:
    max_total: int = DEFAULT_MAX_TOTAL
    max_member: int = DEFAULT_MAX_MEMBER
    max_members: int = DEFAULT_MAX_MEMBERS


def _env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    try:
        value = int(raw) if raw else default
    except ValueError:
        return default
    return value if value > 0 else default


def zip_limits() -> ZipLimits:
    """The configured limits: ``YEARLINE_MAX_UNPACKED_BYTES`` (all members),
    ``YEARLINE_MAX_UNPACKED_MEMBER_BYTES`` (one member), ``YEARLINE_MAX_ZIP_MEMBERS``."""
    return ZipLimits(
        _env_int("YEARLINE_MAX_UNPACKED_BYTES", DEFAULT_MAX_TOTAL),
        _env_int("YEARLINE_MAX_UNPACKED_MEMBER_BYTES", DEFAULT_MAX_MEMBER),
        _env_int("YEARLINE_MAX_ZIP_MEMBERS", DEFAULT_MAX_MEMBERS),
    )


def check_zip(
    data: bytes, *, max_total: int, max_member: int, max_members: int
) -> list[zipfile.ZipInfo]:
    """Return the members of the ZIP ``data`` after checking the limits (uncompressed bytes).

    Raises :class:`zipfile.BadZipFile` when ``data`` is not a readable ZIP, and
    :class:`ArchiveTooLarge` when it is too big once unpacked or has too many members.
    """
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        infos = zf.infolist()
    if len(infos) > max_members:
        raise ArchiveTooLarge(
            f"the package has {len(infos)} parts; at most {max_members} are accepted"
        )
    total = 0
    for info in infos:
        if info.file_size > max_member:
            raise ArchiveTooLarge(
                f"a part of the package unpacks to {info.file_size} bytes;"
                f" the limit is {max_member}"
            )
        total += info.file_size
        if total > max_total:
            raise ArchiveTooLarge(
                f"the package unpacks to more than {max_total} bytes; the limit is {max_total}"
            )
    return infos


def safe_xml_parser(**options: object) -> etree.XMLParser:
    """An lxml XML parser that never resolves entities, loads DTDs or touches the network."""
    from lxml import etree

    return etree.XMLParser(
        resolve_entities=False, load_dtd=False, no_network=True, huge_tree=False, **options
    )
