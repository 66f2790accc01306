"""Uploaded file names are sanitised the same on SQLite and PostgreSQL: no CR/LF or other control
characters, at most the column's length with the extension kept."""

from __future__ import annotations

import pytest

import archive
from tests.conftest import SEED

DATA = SEED.read_bytes()


@pytest.mark.parametrize(
    ("given", "stored"),
    [
        ("plan\r\nSet-Cookie: x=1.txt", "plan Set-Cookie: x=1.txt"),
        ("a\x00b\tc\u2028d.txt", "a b c d.txt"),
        ("C:\\Users\\me\\计划.txt", "计划.txt"),
        ("/etc/\r\n", "upload"),
        ("x" * 600 + ".docx", "x" * 495 + ".docx"),
        ("年" * 604, "年" * 500),
    ],
)
def test_filenames_are_sanitised_on_every_backend(session, store, given: str, stored: str) -> None:
    result = archive.import_version(
        session, store, series="synthetic-names", year=2014, data=DATA, filename=given
    )
    session.commit()
    versions = archive.list_versions(session, series="synthetic-names", year=2014)
    assert result.created and versions[-1].filename == stored
    _, name, _ = archive.read_original(session, store, series="synthetic-names", year=2014)
    assert name == stored and len(name) <= 500 and "\n" not in name and "\r" not in name


def test_a_long_title_fits_the_series_column(session, store) -> None:
    archive.import_version(
        session, store, series="synthetic-long", year=2014, data=DATA, filename="a.txt",
        title="标题" * 400,
    )  # fmt: skip
    session.commit()
    assert len(archive.get_series(session, "synthetic-long").title) <= 500
