"""``yearline review``, ``decisions`` and ``withdraw`` on SQLite and PostgreSQL."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

import archive
from tests.archive.test_decisions import Y2014, Y2015
from webapp.cli import main

DECISION_KEYS = ["id", "years", "action", "a", "b", "note", "user", "created", "stale"]


@pytest.fixture
def env(database_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("YEARLINE_DATABASE_URL", database_url)
    monkeypatch.setenv("YEARLINE_DATA_DIR", str(tmp_path / "blobs"))
    monkeypatch.setenv("YEARLINE_INSTANCE_PATH", str(tmp_path / "instance"))
    for year, text in ((2014, Y2014), (2015, Y2015)):
        _import(database_url, tmp_path, year, text)
    return tmp_path


def _import(url: str, root: Path, year: int, text: str) -> None:
    """Archive a version directly (``yearline import`` on PostgreSQL also queues a warm-up job,
    which needs the job queue's tables; not what these tests are about)."""
    engine = archive.make_engine(url)
    with archive.session_factory(engine)() as session:
        archive.import_version(session, archive.BlobStore(root / "blobs"), series="dec",
                               year=year, data=text.encode(), filename=f"{year}.txt")  # fmt: skip
        session.commit()
    engine.dispose()


def run(*args: str, code: int = 0, input: str | None = None):
    result = CliRunner().invoke(main, list(args), input=input)
    assert result.exit_code == code, (result.output, result.stderr)
    return result


def test_review_then_decisions_json(env: Path) -> None:
    out = run("review", "dec", "2014", "2015", "--reject", "s1.i2", "s1.i2", "--note", "no")
    assert out.stdout.startswith("decision 1: reject 2014 s1.i2 | 2015 s1.i2  [applied] cli:")
    run("review", "dec", "2015", "2014", "--link", "s1.i3", "s1.i3,s1.i2")
    run("review", "dec", "2014", "2015", "--boilerplate", "b", "s1")
    listed = json.loads(run("decisions", "dec", "--format", "json").stdout)
    assert [list(d)[: len(DECISION_KEYS)] for d in listed] == [DECISION_KEYS] * 3
    assert [(d["action"], d["years"], d["a"], d["b"]) for d in listed] == [
        ("reject", [2014, 2015], ["s1.i2"], ["s1.i2"]),
        ("link", [2014, 2015], ["s1.i3", "s1.i2"], ["s1.i3"]),
        ("boilerplate", [2014, 2015], [], ["s1"]),
    ]
    assert listed[0]["note"] == "no" and listed[0]["user"].startswith("cli:")
    assert not any(d["stale"] for d in listed)
    assert {d["action"] for d in listed} <= {"confirm", "reject", "link", "boilerplate"}
    text = run("decisions", "dec").stdout.splitlines()
    assert len(text) == 3 and "link 2014 s1.i3,s1.i2 | 2015 s1.i3" in text[1]
    run("review", "dec", "2014", "2015", "--undo", "1")
    listed = json.loads(run("decisions", "dec", "--format", "json").stdout)
    assert (listed[0]["status"], listed[0]["undone_by"]) == ("undone", 4)


def test_as_user_checks_the_role(env: Path) -> None:
    run("user", "add", "vera", "--role", "viewer", "--password-stdin", input="password-v\n")
    run("user", "add", "ed", "--role", "editor", "--password-stdin", input="password-e\n")
    refused = run("review", "dec", "2014", "2015", "--confirm", "s1", "s1", "--as", "vera", code=1)
    assert refused.stderr == "yearline: error: this needs the editor role; vera is viewer\n"
    run("review", "dec", "2014", "2015", "--confirm", "s1", "s1", "--as", "ed")
    [d] = json.loads(run("decisions", "dec", "--format", "json").stdout)
    assert d["user"] == "ed"
    unknown = run("review", "dec", "2014", "2015", "--confirm", "s1", "s1", "--as", "x", code=1)
    assert unknown.stderr == "yearline: error: no user 'x'\n"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--confirm", "--reject", "s1", "s1"], "choose one of --confirm"),
        (["s1", "s1"], "choose one of --confirm"),
        (["--link", "s1"], "--link takes A_KEYS and B_KEYS"),
        (["--boilerplate", "c", "s1"], "Invalid value for '--boilerplate'"),
        (["--confirm", "s1.i9", "s1"], "no unit 's1.i9' in dec/2014 version 1"),
        (["--undo", "99"], "no decision 99 in dec"),
    ],
)
def test_bad_review_commands_fail_with_one_line(env: Path, args: list[str], message: str) -> None:
    result = run("review", "dec", "2014", "2015", *args, code=2 if "Invalid" in message else 1)
    assert message in result.stderr and result.stderr.count("\n") == 1
    assert json.loads(run("decisions", "dec", "--format", "json").stdout) == []


def test_withdraw_makes_the_previous_version_current_and_stays_readable(
    env: Path, database_url: str
) -> None:
    _import(database_url, env, 2015, Y2015 + "4.新增事项。\n")
    out = run("withdraw", "dec", "2015", "2", "--reason", "uploaded by mistake")
    assert out.stdout == "dec/2015 version 2 withdrawn; current version is now 1\n"
    [entry] = json.loads(run("list", "dec", "--format", "json").stdout)
    assert entry["years"][1] == {"year": 2015, "versions": 2, "current_version": 1}
    again = run("withdraw", "dec", "2015", "2", "--reason", "x", code=1)
    assert "already withdrawn" in again.stderr
    missing = run("withdraw", "dec", "2015", "1", code=2)
    assert "--reason" in missing.stderr
    compared = json.loads(run("compare", "dec", "2014", "2015").stdout)
    assert compared["b"]["version"] == 1
