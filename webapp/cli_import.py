"""``yearline import DIR --series SLUG``: a folder of plans, one year each, all or nothing."""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import Any

import click

import archive
import webapp.cli as cli

_YEAR = re.compile(r"(?<!\d)(19\d\d|20\d\d|21\d\d)(?!\d)")


def year_of(path: Path, data: bytes) -> int:
    """The plan's year: from the file name (``2024.txt``, ``plan-2024-final.docx``), else from
    the text (the parser's year)."""
    years = set(_YEAR.findall(path.stem))
    if len(years) == 1:
        return int(years.pop())
    if len(years) > 1:
        raise cli.CliError(
            f"{path.name}: several years in the file name ({', '.join(sorted(years))})"
        )
    doc = archive.preview_upload(data, filename=path.name).document
    if doc.year is None:
        raise cli.CliError(f"{path.name}: no year in its name or text; import it with --year")
    return int(doc.year)


def import_folder(
    folder: str, *, series: str, note: str | None, user: str
) -> list[archive.ImportResult]:
    """Import every file of ``folder`` (not hidden, not in subfolders) in one transaction: a
    file that fails leaves nothing stored, and the error names it."""
    files = sorted(p for p in Path(folder).iterdir() if p.is_file() and not p.name.startswith("."))
    if not files:
        raise cli.CliError(f"{folder}: no files to import")
    max_bytes = cli._config()["MAX_UPLOAD_BYTES"]
    from webapp.cli_ops import progress_bar

    planned: dict[int, Path] = {}
    contents: list[tuple[Path, int, bytes]] = []
    with progress_bar("reading") as bar:
        for i, path in enumerate(files, 1):
            data = path.read_bytes()
            year = year_of(path, data)
            if year in planned:
                raise cli.CliError(f"two files for {year}: {planned[year].name} and {path.name}")
            planned[year] = path
            contents.append((path, year, data))
            bar(i, len(files), path.name)
    results = []
    with cli._archive() as (session, store), progress_bar("import") as bar:
        for i, (path, year, data) in enumerate(contents, 1):
            try:
                results.append(
                    archive.import_version(
                        session,
                        store,
                        series=series,
                        year=year,
                        data=data,
                        filename=path.name,
                        note=note,
                        user=user,
                        max_bytes=max_bytes,
                    )
                )
            except archive.ArchiveError as exc:
                raise cli.CliError(f"{path.name}: {exc}; nothing was imported") from exc
            bar(i, len(contents), path.name)
        session.commit()
    return results


def queue_after_import(series: str, results: list[Any], *, quiet: bool) -> None:
    """Queue the comparisons of the new years with every other year (PostgreSQL queue). On
    SQLite they are left for `yearline warm` or the first visitor: a CLI import stays quick."""
    from archive import jobs
    from webapp.cli_ops import queue_warm

    created = [r for r in results if r.created]
    if not created:
        return
    url = cli._config()["DATABASE_URL"]
    if not jobs.is_postgres(url):
        if not quiet and sys.stderr.isatty():
            click.echo(f"run `yearline warm {series}` to compare the new years now", err=True)
        return
    engine = archive.make_engine(url)
    try:
        year = created[0].year if len(created) == 1 else None
        _queue, ids = queue_warm(archive.session_factory(engine), [series], year=year)
    except Exception as exc:  # the import is committed: a queue that can't take the job is a
        # warning, never a failed import (e.g. a database created before the queue's tables)
        click.echo(
            f"yearline: warning: imported, but the comparisons were not queued "
            f"({cli._one_line(exc)}); run `yearline warm {series}` later",
            err=True,
        )
        return
    finally:
        engine.dispose()
    if not quiet:
        click.echo(f"queued job {ids[0]}: compare with the other years, rebuild the timeline")
