"""Eight parallel ``yearline import`` processes into one plan: distinct versions, no failure."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import sqlalchemy as sa

import archive
from archive import models as m
from tests.conftest import DEMO_DIR

FILES = [DEMO_DIR / "cn-national-gwr" / f"{y}.txt" for y in range(2015, 2023) if y != 2020]
FILES.append(DEMO_DIR / "cn-national-gwr" / "2023.txt")


def yearline_command() -> list[str]:
    script = Path(sys.executable).with_name("yearline")
    return [str(script)] if script.exists() else [sys.executable, "-m", "webapp.cli"]


def test_eight_parallel_imports_get_distinct_versions(database_url: str, tmp_path: Path) -> None:
    assert len(FILES) == 8
    env = {
        **os.environ,
        "YEARLINE_DATABASE_URL": database_url,
        "YEARLINE_DATA_DIR": str(tmp_path / "blobs"),
        "YEARLINE_INSTANCE_PATH": str(tmp_path / "instance"),
    }
    procs = [
        subprocess.Popen(
            [
                *yearline_command(),
                "import",
                str(f),
                "--series",
                "race",
                "--year",
                "2015",
                "--format",
                "json",
            ],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for f in FILES
    ]
    outputs = [p.communicate(timeout=300) for p in procs]
    failures = [
        (p.returncode, err) for p, (_, err) in zip(procs, outputs, strict=True) if p.returncode
    ]
    assert failures == []
    results = [json.loads(out) for out, _ in outputs]
    assert sorted(r["version"] for r in results) == list(range(1, 9))
    assert all(r["created"] for r in results)
    engine = archive.make_engine(database_url)
    try:
        with archive.session_factory(engine)() as session:
            rows = session.execute(sa.select(m.PlanVersion.number, m.PlanVersion.sha256)).all()
            assert sorted(n for n, _ in rows) == list(range(1, 9))
            assert len({sha for _, sha in rows}) == 8
            store = archive.BlobStore(tmp_path / "blobs")
            assert archive.verify_fixity(session, store).ok
            assert archive.list_series(session)[0].years[0].current_version == 8
    finally:
        engine.dispose()
