"""``yearline token create|list|revoke`` (issue 15): the archive's rules from the shell; a token
revoked by the CLI is refused by the API at once."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.test_cli import env, run  # noqa: F401
from tests.webapp.conftest import instance_app
from webapp.cli import main

LIST_KEYS = {"id", "user", "label", "created", "last_used", "expires", "revoked", "status"}


@pytest.fixture
def people(env: dict[str, str]) -> dict[str, str]:  # noqa: F811
    for name, role in (("ana", "editor"), ("vic", "viewer"), ("root", "admin")):
        run("user", "add", name, "--role", role, "--password-stdin", input="long enough\n")
    return env


def test_create_prints_the_secret_alone_and_lists_without_it(people) -> None:
    created = CliRunner().invoke(main, ["token", "create", "ana", "--days", "30", "--label", "ci"])
    assert created.exit_code == 0, created.output
    secret = created.stdout.strip()
    assert secret.startswith("yl_") and created.stdout == secret + "\n"
    assert created.stderr.startswith("token 1 for ana created, expires ")
    assert "not shown again" in created.stderr
    made = json.loads(run("token", "create", "root", "--format", "json").stdout)
    assert set(made) == LIST_KEYS | {"token"} and made["token"].startswith("yl_")
    expires = datetime.fromisoformat(made["expires"])
    assert abs(expires - (datetime.now(UTC) + timedelta(days=90))) < timedelta(minutes=1)

    listed = json.loads(run("token", "list", "--format", "json").stdout)
    assert [(t["id"], t["user"], t["label"], t["status"]) for t in listed] == [
        (1, "ana", "ci", "active"), (2, "root", "", "active")
    ]  # fmt: skip
    assert all(set(t) == LIST_KEYS for t in listed)
    out = run("token", "list").stdout + run("token", "list", "--format", "json").stdout
    assert secret not in out and made["token"] not in out
    only = json.loads(run("token", "list", "--user", "root", "--format", "json").stdout)
    assert [t["id"] for t in only] == [2]
    text = run("token", "list", "--user", "ana").stdout
    assert (
        text.startswith("   1  ana  created ")
        and "never used" in text
        and text.endswith("active  ci\n")
    )


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (
            ["token", "create", "vic"],
            1,
            "API tokens are for editors and administrators; vic is a viewer",
        ),
        (["token", "create", "nobody"], 1, "no user 'nobody'"),
        (["token", "create", "ana", "--days", "0"], 2, "Invalid value for '--days'"),
        (["token", "create", "ana", "--days", "366"], 2, "Invalid value for '--days'"),
        (["token", "create", "ana", "--label", "x" * 101], 1, "a token label is one line"),
        (["token", "revoke", "99"], 1, "no API token 99"),
        (["token", "revoke", "0"], 2, "Invalid value for 'ID'"),
        (["token", "list", "--user", "nobody"], 1, "no user 'nobody'"),
    ],
)
def test_refusals_are_one_line(people, args: list[str], code: int, message: str) -> None:
    result = CliRunner().invoke(main, args)
    assert result.exit_code == code
    assert result.stdout == "" and len(result.stderr.splitlines()) == 1
    assert result.stderr.startswith("yearline: error: ") and message in result.stderr
    assert "Traceback" not in result.stderr


def test_a_token_revoked_by_the_cli_is_refused_at_once(people, tmp_path: Path) -> None:
    secret = CliRunner().invoke(main, ["token", "create", "ana"]).stdout.strip()
    app = instance_app(people["YEARLINE_DATABASE_URL"], tmp_path / "app")
    api = app.test_client()
    headers = {"Authorization": f"Bearer {secret}"}
    try:
        assert api.get("/api/v1/series", headers=headers).status_code == 200
        assert run("token", "revoke", "1").stdout == "token 1 of ana revoked\n"
        r = api.get("/api/v1/series", headers=headers)
        assert r.status_code == 401 and r.get_json()["code"] == "token_revoked"
        assert run("token", "revoke", "1").stdout == "token 1 of ana was already revoked\n"
        listed = json.loads(run("token", "list", "--format", "json").stdout)
        assert listed[0]["status"] == "revoked" and listed[0]["last_used"] is not None
    finally:
        app.extensions["yearline.engine"].dispose()
