"""The ``yearline`` CLI: output shapes of every command, exit codes, one-line errors."""

from __future__ import annotations

import contextlib
import io
import json
import re
import subprocess
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from comparison import parse_text
from tests.archive.test_concurrency import yearline_command
from tests.conftest import DEMO_DIR, SEED, SUMMARY_ADDITIVE, SUMMARY_KEYS
from webapp.cli import main

NATIONAL = DEMO_DIR / "cn-national-gwr"
DOC_KEYS = {"title", "year", "language", "metadata", "units", "warnings"}
UNIT_KEYS = {
    "key",
    "parent",
    "level",
    "kind",
    "label",
    "title",
    "text",
    "lead_units",
    "support_units",  # additive (issue 12): supporting agencies of table-form plans
    "due",  # additive (issue 12): the deadline as printed
}
IMPORT_KEYS = ["series", "year", "version", "sha256", "created", "units", "items", "warnings"]


@pytest.fixture
def env(sqlite_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    values = {
        "YEARLINE_DATABASE_URL": sqlite_url,
        "YEARLINE_DATA_DIR": str(tmp_path / "blobs"),
        "YEARLINE_INSTANCE_PATH": str(tmp_path / "instance"),
    }
    for k, v in values.items():
        monkeypatch.setenv(k, v)
    return values


def run(*args: str, input: str | None = None, code: int = 0):
    result = CliRunner().invoke(main, list(args), input=input)
    assert result.exit_code == code, (result.output, result.stderr)
    if code == 0:
        assert result.stderr == ""
    return result


def test_parse_json_is_the_plan_document_contract() -> None:
    out = json.loads(run("parse", str(SEED), "--format", "json").stdout)
    assert set(out) == DOC_KEYS
    assert all(set(u) == UNIT_KEYS for u in out["units"])
    assert out == parse_text(SEED.read_text(encoding="utf-8")).to_dict()
    assert sum(1 for u in out["units"] if u["kind"] == "item") == 22
    # default format is json, and the output is deterministic
    assert run("parse", str(SEED)).stdout == run("parse", str(SEED), "--format", "json").stdout


def test_parse_text_outline() -> None:
    lines = run("parse", str(SEED), "--format", "text").stdout.splitlines()
    assert lines[0] == "2014年全市社会建设工作要点 · 2014 · zh"
    assert lines[1] == "utf-8 · 29 units, 22 items"
    assert "s s1: 一 完善基本公共服务体系" in lines
    leads = "[市委宣传部、市社工委、市社会建设工作领导小组有关成员单位]"
    assert any(line.endswith(leads) for line in lines)


def test_parse_text_outline_lists_english_leads_with_commas(tmp_path: Path) -> None:
    plan = tmp_path / "synthetic-action-plan.txt"
    plan.write_text(
        "Action Plan 2025 (synthetic)\n\nAction 1 Publish a strategy (DfE, DWP).\n\n"
        "Action 2 Fund apprenticeships (DfE).\n",
        "utf-8",
    )
    lines = run("parse", str(plan), "--format", "text").stdout.splitlines()
    assert lines[-2].endswith("Publish a strategy  [DfE, DWP]")


def test_diff_json_md_text(tmp_path: Path) -> None:
    a, b = str(NATIONAL / "2015.txt"), str(NATIONAL / "2016.txt")
    out = json.loads(run("diff", a, b, "--format", "json").stdout)
    assert {"a", "b", "summary", "matches", "new", "dropped"} <= set(out)
    assert out["a"]["filename"] == "2015.txt" and len(out["b"]["sha256"]) == 64
    assert set(out["summary"]) == SUMMARY_KEYS | SUMMARY_ADDITIVE
    assert run("diff", a, b, "--format", "md").stdout.startswith("#")
    target = tmp_path / "diff.txt"
    run("diff", a, b, "--format", "text", "-o", str(target))
    assert "2015" in target.read_text(encoding="utf-8")


def test_diff_pauses_the_cycle_collector_and_restores_it(monkeypatch: pytest.MonkeyPatch) -> None:
    """diff runs the engine with the cyclic collector paused (speed) and turns it back on after,
    also when the comparison fails, so a longer-lived caller keeps its collector."""
    import gc

    import comparison

    seen: list[bool] = []
    real = comparison.compare

    def spy(*args, **kwargs):
        seen.append(gc.isenabled())
        return real(*args, **kwargs)

    monkeypatch.setattr(comparison, "compare", spy)
    a, b = str(NATIONAL / "2015.txt"), str(NATIONAL / "2016.txt")
    assert gc.isenabled()
    run("diff", a, b, "--format", "json")
    assert seen == [False] and gc.isenabled()

    def broken(*args, **kwargs):
        raise RuntimeError("engine failure")

    monkeypatch.setattr(comparison, "compare", broken)
    result = CliRunner().invoke(main, ["diff", a, b])
    assert isinstance(result.exception, RuntimeError) and gc.isenabled()


def test_init_import_list(env: dict[str, str], tmp_path: Path) -> None:
    fresh = tmp_path / "fresh.sqlite3"
    fresh_env = {**env, "YEARLINE_DATABASE_URL": f"sqlite:///{fresh}"}
    result = CliRunner(env=fresh_env).invoke(main, ["init"])
    assert result.exit_code == 0 and result.stdout == f"database ready: sqlite:///{fresh}\n"
    assert json.loads(CliRunner(env=fresh_env).invoke(main, ["list"]).stdout) == []

    first = json.loads(
        run(
            "import",
            str(NATIONAL / "2015.txt"),
            "--series",
            "nat",
            "--year",
            "2015",
            "--note",
            "first",
            "--format",
            "json",
        ).stdout
    )
    assert list(first) == IMPORT_KEYS
    assert (first["series"], first["year"], first["version"], first["created"]) == (
        "nat",
        2015,
        1,
        True,
    )
    again = json.loads(
        run("import", str(NATIONAL / "2015.txt"), "--series", "nat", "--year", "2015").stdout
    )
    assert (again["version"], again["created"], again["sha256"]) == (1, False, first["sha256"])
    text = run(
        "import",
        str(NATIONAL / "2016.txt"),
        "--series",
        "nat",
        "--year",
        "2016",
        "--format",
        "text",
    ).stdout
    assert text.startswith("nat/2016 version 1 imported: ")
    assert Path(env["YEARLINE_DATA_DIR"]).joinpath(first["sha256"][:2]).is_dir()

    listed = json.loads(run("list", "--format", "json").stdout)
    assert listed == [
        {
            "slug": "nat",
            "title": "政府工作报告",  # a new series is named after its first plan
            "years": [
                {"year": 2015, "versions": 1, "current_version": 1},
                {"year": 2016, "versions": 1, "current_version": 1},
            ],
        }
    ]
    assert json.loads(run("list", "nat").stdout) == listed
    assert run("list", "--format", "text").stdout.splitlines()[1] == "  2015  v1  (1 version(s))"


def test_demo_is_idempotent_and_compare_timeline(env: dict[str, str], tmp_path: Path) -> None:
    assert run("demo").stdout == "demo archive: 34 documents in 3 series, 34 new\n"
    assert run("demo").stdout == "demo archive: 34 documents in 3 series, 0 new\n"
    slugs = [s["slug"] for s in json.loads(run("list").stdout)]
    assert slugs == ["cn-national-gwr", "hailar-district-gwr", "shenzhen-social-construction"]

    cmp = json.loads(run("compare", "hailar-district-gwr", "2012", "2013").stdout)
    assert cmp["a"]["series"] == "hailar-district-gwr" and cmp["a"]["year"] == 2012
    assert cmp["b"]["version"] == 1 and len(cmp["b"]["sha256"]) == 64
    # the second run is served from the cache and is identical
    assert json.loads(run("compare", "hailar-district-gwr", "2012", "2013").stdout) == cmp
    xlsx = tmp_path / "c.xlsx"
    run("compare", "hailar-district-gwr", "2012", "2013", "--format", "xlsx", "-o", str(xlsx))
    assert zipfile.is_zipfile(io.BytesIO(xlsx.read_bytes()))
    csv_out = run("compare", "hailar-district-gwr", "2012", "2013", "--format", "csv").stdout
    err = run("compare", "hailar-district-gwr", "2012", "2011", code=1)
    assert err.stderr == "yearline: error: no plan hailar-district-gwr/2011\n"
    assert csv_out.count("\n") > 5
    err = run("compare", "hailar-district-gwr", "2012", "2013", "--format", "docx", code=1)
    assert (
        err.stderr == "yearline: error: docx is a binary format: write it to a file with -o FILE\n"
    )

    timeline = json.loads(run("timeline", "hailar-district-gwr").stdout)
    assert timeline["years"] == list(range(2012, 2020))
    assert timeline["series"] == "hailar-district-gwr" and timeline["threads"]
    html = tmp_path / "t.html"
    run("timeline", "hailar-district-gwr", "--format", "html", "-o", str(html))
    assert "<html" in html.read_text(encoding="utf-8").lower()


def test_user_add(env: dict[str, str]) -> None:
    out = run("user", "add", "ana", "--role", "editor", "--password-stdin", input="s3cret-pass\n")
    assert out.stdout == "user ana created (editor)\n"
    prompted = run("user", "add", "bob", "--role", "viewer", input="pw-long-one\npw-long-one\n")
    assert prompted.stdout.endswith("user bob created (viewer)\n")
    dup = run(
        "user", "add", "ana", "--role", "admin", "--password-stdin", input="another-pass\n", code=1
    )
    assert dup.stderr == "yearline: error: user 'ana' already exists\n"


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["import", "MISSING", "--series", "s", "--year", "2015"], 2, "Invalid value for 'FILE'"),
        (["import", str(SEED), "--series", "Bad Slug", "--year", "2015"], 1, "invalid series slug"),
        (["import", str(SEED), "--series", "s", "--year", "15"], 2, "Invalid value for '--year'"),
        (["import", str(SEED), "--year", "2015"], 2, "Missing option '--series'"),
        (["compare", "nope", "2014", "2015"], 1, "no series 'nope'"),
        (["list", "nope"], 1, "no series 'nope'"),
        (["timeline", "nope"], 1, "no series 'nope'"),
        (["parse", "EMPTY"], 1, "empty.txt: empty file"),
        (["parse", "BINARY"], 1, "binary.txt: binary or undecodable file"),
        (["bogus"], 2, "No such command 'bogus'"),
        (["compare", "x", "1", "2", "--format", "pdf"], 2, "Invalid value for '--format'"),
        (["user", "add", "u", "--role", "root"], 2, "Invalid value for '--role'"),
    ],
)
def test_errors_are_one_line(env, tmp_path: Path, args: list[str], code: int, message: str) -> None:
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "binary.txt").write_bytes(bytes(range(256)) * 4)
    args = [
        {"EMPTY": str(tmp_path / "empty.txt"), "BINARY": str(tmp_path / "binary.txt")}.get(a, a)
        for a in args
    ]
    result = run(*args, code=code)
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("yearline: error: ")
    assert message in lines[0]


def test_uninitialised_database_and_real_process_has_no_traceback(tmp_path: Path) -> None:
    env = {
        "PATH": "/usr/bin:/bin",
        "YEARLINE_DATABASE_URL": f"sqlite:///{tmp_path / 'none.sqlite3'}",
        "YEARLINE_DATA_DIR": str(tmp_path / "blobs"),
        "YEARLINE_INSTANCE_PATH": str(tmp_path / "inst"),
    }
    proc = subprocess.run([*yearline_command(), "list"], env=env, capture_output=True, text=True)
    assert proc.returncode == 1
    assert proc.stderr == "yearline: error: the database is not initialised: run `yearline init`\n"
    assert "Traceback" not in proc.stderr


def test_serve_answers_http(env: dict[str, str]) -> None:
    import socket
    import time
    import urllib.error
    import urllib.request

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = subprocess.Popen(
        [*yearline_command(), "serve", "--port", str(port)],
        env={**env, "PATH": "/usr/bin:/bin"},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=10) as resp:
                    assert resp.status == 200
                    assert "Yearline" in resp.read().decode("utf-8")
                break
            except OSError:
                assert proc.poll() is None, proc.stderr.read() if proc.stderr else ""
                assert time.monotonic() < deadline, "yearline serve did not answer in 60 s"
                time.sleep(0.3)
        with contextlib.suppress(urllib.error.HTTPError):
            urllib.request.urlopen(f"http://127.0.0.1:{port}/no/such/page?x=1", timeout=10)
    finally:
        # SIGTERM at once, while the second request may still be writing its log line: the server
        # drains requests in flight before it exits, so the line is there and the exit is clean
        proc.terminate()
        _out, err = proc.communicate(timeout=30)
    assert proc.returncode == 0, err
    # the access log: one line per request on stderr, with status, size and time
    lines = [ln for ln in err.decode("utf-8").splitlines() if '"GET ' in ln]
    assert len(lines) == 2, err
    # each line is written when its response is done, on the thread that served it: the first
    # request's line can come after the second's, so the lines are matched by what they say
    home = [ln for ln in lines if '"GET / HTTP/1.1"' in ln]
    missing = [ln for ln in lines if '"GET /no/such/page?x=1 HTTP/1.1"' in ln]
    assert len(home) == 1 and len(missing) == 1, lines
    assert re.search(r'^127\.0\.0\.1 - - \[.+\] "GET / HTTP/1\.1" 200 \d+ [\d.]+ms$', home[0])
    assert re.search(r'"GET /no/such/page\?x=1 HTTP/1\.1" 404 \d+ [\d.]+ms$', missing[0])
