"""Originals on object storage: the S3 blob store against a real S3-compatible server (moto's
server mode, started by the suite), and ``yearline verify`` on both backends."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import archive
from archive.objectstore import S3BlobStore, open_blob_store
from tests.conftest import SEED

ROOT = Path(__file__).resolve().parents[2]


def test_blob_url_names_the_backend(tmp_path: Path) -> None:
    assert isinstance(open_blob_store(None, tmp_path), archive.BlobStore)
    store = open_blob_store(f"file://{tmp_path}/x", tmp_path)
    assert isinstance(store, archive.BlobStore) and store.root == tmp_path / "x"
    s3 = open_blob_store("s3://bucket/some/prefix/", tmp_path)
    assert isinstance(s3, S3BlobStore) and (s3.bucket, s3.prefix) == ("bucket", "some/prefix")
    with pytest.raises(archive.InvalidInput, match="only file:// and s3://"):
        open_blob_store("ftp://host/x", tmp_path)
    with pytest.raises(archive.InvalidInput, match="no bucket"):
        open_blob_store("s3:///x", tmp_path)


def test_s3_store_is_content_addressed_put_if_absent(s3_bucket: str, s3_server) -> None:
    store = S3BlobStore(s3_bucket, "originals")
    data = SEED.read_bytes()
    sha = store.put(data)
    assert store.exists(sha) and store.get(sha) == data
    key = f"originals/{sha[:2]}/{sha[2:4]}/{sha}"
    client = s3_server.client()
    first = client.head_object(Bucket=s3_bucket, Key=key)
    assert store.put(data) == sha  # second put: a no-op, the object is not rewritten
    again = client.head_object(Bucket=s3_bucket, Key=key)
    assert again["ETag"] == first["ETag"] and again["LastModified"] == first["LastModified"]
    listed = client.list_objects_v2(Bucket=s3_bucket)["Contents"]
    assert [o["Key"] for o in listed] == [key]
    assert store.iter_shas() == [sha]
    assert store.verify(sha) and store.verify_all() == []
    # someone rewrites the object behind the archive's back: verify notices
    client.put_object(Bucket=s3_bucket, Key=key, Body=data + b"tampered")
    assert not store.verify(sha) and store.verify_all() == [sha]
    # the write is conditional (If-None-Match: *): a put never replaces an existing object
    assert store.put(data) == sha
    assert store.get(sha) == data + b"tampered"
    store.delete(sha)
    assert not store.exists(sha) and not store.verify(sha)
    with pytest.raises(archive.NotFound):
        store.get(sha)
    store.close()


def test_import_and_read_back_through_s3(s3_bucket: str, session) -> None:
    store = S3BlobStore(s3_bucket, "p")
    result = archive.import_version(
        session, store, series="s3-series", year=2014, data=SEED.read_bytes(), filename="a.txt"
    )
    assert not store.exists(result.sha256)  # written at commit, never before
    session.commit()
    assert store.get(result.sha256) == SEED.read_bytes()
    assert archive.read_original(session, store, series="s3-series", year=2014)[0] == (
        SEED.read_bytes()
    )
    report = archive.verify_fixity(session, store)
    assert report.ok and report.checked == 1
    store.close()


def _yearline(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "webapp.cli", *args],
        capture_output=True,
        text=True,
        env={**os.environ, **env},
        cwd=ROOT,
        timeout=300,
        check=False,
    )


@pytest.mark.parametrize("backend", ["file", "s3"])
def test_verify_reports_missing_and_corrupt(
    backend: str, tmp_path: Path, sqlite_url: str, s3_server, request: pytest.FixtureRequest
) -> None:
    env = {
        "YEARLINE_DATABASE_URL": sqlite_url,
        "YEARLINE_INSTANCE_PATH": str(tmp_path / "inst"),
        "YEARLINE_DATA_DIR": str(tmp_path / "blobs"),
    }
    if backend == "s3":
        bucket = request.getfixturevalue("s3_bucket")
        env.update(s3_server.env(), YEARLINE_BLOB_URL=f"s3://{bucket}/orig")
    plans = tmp_path / "plans"
    plans.mkdir()
    text = SEED.read_text(encoding="utf-8")
    for year in (2014, 2015, 2016):
        body = text.replace("2014年", f"{year}年") + f"\n\n  9.第{year}年新增事项。\n"
        (plans / f"plan-{year}.txt").write_text(body, encoding="utf-8")
    done = _yearline(env, "import", str(plans), "--series", "fixity", "--format", "json")
    assert done.returncode == 0, done.stderr
    shas = {r["year"]: r["sha256"] for r in json.loads(done.stdout)}
    assert sorted(shas) == [2014, 2015, 2016]

    ok = _yearline(env, "verify", "--format", "json")
    assert ok.returncode == 0, ok.stderr
    report = json.loads(ok.stdout)
    assert report["checked"] == 3 and report["ok"] and not report["missing"]
    assert report["store"].startswith("s3://" if backend == "s3" else "file://")

    store = open_blob_store(env.get("YEARLINE_BLOB_URL"), env["YEARLINE_DATA_DIR"])
    store.delete(shas[2015])
    if backend == "s3":
        store.client.put_object(Bucket=store.bucket, Key=store.key(shas[2016]), Body=b"rot")
    else:
        path = store.path(shas[2016])
        path.chmod(0o644)
        path.write_bytes(b"rot")
    if backend == "s3":
        store.close()
    bad = _yearline(env, "verify", "--format", "json")
    assert bad.returncode == 1
    report = json.loads(bad.stdout)
    assert [e["sha256"] for e in report["missing"]] == [shas[2015]]
    assert report["missing"][0]["versions"][0]["year"] == 2015
    assert [e["sha256"] for e in report["corrupt"]] == [shas[2016]]
    assert not report["ok"]
    text_out = _yearline(env, "verify")
    assert text_out.returncode == 1 and "FIXITY FAILURE" in text_out.stdout
