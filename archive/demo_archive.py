"""The bundled demo archive (``archive/demo/``): three real series with their source notes."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.orm import Session

from archive import models as m
from archive.blobs import sha256_hex
from archive.db import begin_write
from archive.objectstore import BlobBackend
from archive.records import ImportResult
from archive.service import ensure_series, import_version
from archive.units import unit_counts

DEMO_DIR = Path(__file__).resolve().parent / "demo"


@dataclass(frozen=True)
class DemoFile:
    series: str
    year: int
    path: Path


def demo_files(root: Path = DEMO_DIR) -> list[DemoFile]:
    manifest = json.loads((root / "manifest.json").read_text(encoding="utf-8"))
    files = []
    for entry in manifest["series"]:
        for path in sorted((root / entry["slug"]).glob("*.txt")):
            files.append(DemoFile(entry["slug"], int(path.stem), path))
    return files


def load_demo(
    session: Session,
    store: BlobBackend,
    *,
    root: Path = DEMO_DIR,
    progress: Callable[[int, int, str], None] | None = None,
) -> list[ImportResult]:
    """Import every bundled file not yet archived; a second run creates nothing.

    Returns one result per file (``created`` False for files already present), in manifest order.
    ``progress(done, total, message)`` is called after each file.
    """
    begin_write(session)
    manifest = json.loads((root / "manifest.json").read_text(encoding="utf-8"))
    for entry in manifest["series"]:
        ensure_series(
            session,
            slug=entry["slug"],
            title=entry["title"],
            issuer=entry["issuer"],
            jurisdiction=entry["jurisdiction"],
            language=entry["language"],
            source_note=entry["source_note"],
        )
    present = {
        (slug, year, sha): (number, vid)
        for slug, year, sha, number, vid in session.execute(
            sa.select(
                m.Series.slug,
                m.Plan.year,
                m.PlanVersion.sha256,
                m.PlanVersion.number,
                m.PlanVersion.id,
            )
            .join(m.Plan, m.Plan.series_id == m.Series.id)
            .join(m.PlanVersion, m.PlanVersion.plan_id == m.Plan.id)
        )
    }
    results: list[ImportResult] = []
    files = demo_files(root)
    for f in files:
        if progress and results:
            progress(len(results), len(files), f"{f.series} {f.year}")
        data = f.path.read_bytes()
        sha = sha256_hex(data)
        if (f.series, f.year, sha) in present:
            number, vid = present[(f.series, f.year, sha)]
            units, items = unit_counts(session, vid)
            results.append(ImportResult(f.series, f.year, number, sha, False, units, items))
            continue
        results.append(
            import_version(
                session,
                store,
                series=f.series,
                year=f.year,
                data=data,
                filename=f.path.name,
                note="demo archive (archive/demo/SOURCES.md)",
                user="demo",
            )
        )
    if progress:
        progress(len(results), len(files), "imported")
    return results
