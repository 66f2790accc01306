"""The operating commands through the CLI on SQLite: import DIR, warm, cache, jobs."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from tests.ops.helpers import seed_variant, write_years
from webapp.cli import main


def _runner(sqlite_url: str, tmp_path: Path) -> CliRunner:
    return CliRunner(
        env={
            "YEARLINE_DATABASE_URL": sqlite_url,
            "YEARLINE_DATA_DIR": str(tmp_path / "blobs"),
            "YEARLINE_INSTANCE_PATH": str(tmp_path / "inst"),
        }
    )


def test_import_folder_then_warm_cache_and_jobs(sqlite_url: str, tmp_path: Path) -> None:
    run = _runner(sqlite_url, tmp_path)
    folder = tmp_path / "plans"
    write_years(folder, [2014, 2015])
    # a file whose name has no year: the year comes from its text
    (folder / "latest.txt").write_text(seed_variant(2016), encoding="utf-8")
    done = run.invoke(main, ["import", str(folder), "--series", "cli-ops", "--format", "json"])
    assert done.exit_code == 0, done.output
    assert [(r["year"], r["created"]) for r in json.loads(done.stdout)] == [
        (2016, True),
        (2014, True),
        (2015, True),
    ]
    cache = json.loads(run.invoke(main, ["cache", "cli-ops", "--format", "json"]).stdout)
    assert cache == [
        {"series": "cli-ops", "years": [2014, 2015, 2016], "pairs": 3, "cached_pairs": 0,
         "timeline_cached": False}
    ]  # fmt: skip
    warmed = run.invoke(main, ["warm", "cli-ops", "--format", "json"])
    assert warmed.exit_code == 0, warmed.output
    (job,) = json.loads(warmed.stdout)
    assert job["state"] == "succeeded" and job["progress"] == {"done": 4, "total": 4}
    cache = json.loads(run.invoke(main, ["cache", "--format", "json"]).stdout)
    assert cache[0]["cached_pairs"] == 3 and cache[0]["timeline_cached"] is True
    jobs = json.loads(run.invoke(main, ["jobs", "--format", "json"]).stdout)
    assert [j["id"] for j in jobs] == [job["id"]] and jobs[0]["label"] == "cli-ops"
    text = run.invoke(main, ["jobs"]).stdout
    assert "succeeded" in text and "cli-ops" in text
    again = run.invoke(main, ["import", str(folder), "--series", "cli-ops", "--format", "json"])
    assert [r["created"] for r in json.loads(again.stdout)] == [False, False, False]


def test_import_folder_refuses_bad_folders_and_stores_nothing(sqlite_url, tmp_path) -> None:
    run = _runner(sqlite_url, tmp_path)
    folder = tmp_path / "plans"
    write_years(folder, [2014])
    (folder / "copy-2014.txt").write_text(seed_variant(2014), encoding="utf-8")
    clash = run.invoke(main, ["import", str(folder), "--series", "bad"])
    assert clash.exit_code == 1 and "two files for 2014" in clash.output
    (folder / "copy-2014.txt").unlink()
    (folder / "2015.txt").write_bytes(b"\x00\x01 not a plan")
    broken = run.invoke(main, ["import", str(folder), "--series", "bad"])
    assert broken.exit_code == 1 and "2015.txt" in broken.output
    listed = json.loads(run.invoke(main, ["list", "--format", "json"]).stdout)
    assert listed == []  # all or nothing
    empty = tmp_path / "empty"
    empty.mkdir()
    assert "no files" in run.invoke(main, ["import", str(empty), "--series", "x"]).output
    one = run.invoke(main, ["import", str(folder / "plan-2014.txt"), "--series", "x"])
    assert one.exit_code == 1 and "--year is required" in one.output
    worker = run.invoke(main, ["worker", "--burst"])
    assert worker.exit_code == 1 and "needs the PostgreSQL queue" in worker.output
