"""Every bad number, year, page or query parameter is a 4xx with one line in the user's
language, never a 500; one year range everywhere (comparison.years)."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from comparison.years import MAX_YEAR, MIN_YEAR
from webapp.cli import main

HUGE = "99999999999999999999"
EN = {"Accept-Language": "en"}
ZH = {"Accept-Language": "zh"}

SITE_URLS = [
    f"/s/cn-national-gwr/{HUGE}",
    f"/s/cn-national-gwr/{HUGE}/original",
    f"/s/cn-national-gwr/compare/2024..{HUGE}",
    f"/s/cn-national-gwr/compare/{HUGE}..2025.xlsx",
    f"/s/cn-national-gwr/compare/2024..{MAX_YEAR + 1}",
    f"/s/cn-national-gwr/{MIN_YEAR - 1}",
    "/s/cn-national-gwr/2024?version=²",
    "/s/cn-national-gwr/2024?version=0",
    f"/s/cn-national-gwr/2024?version={HUGE}",
    "/s/cn-national-gwr/compare/2024..2025?va=²",
    "/s/cn-national-gwr/compare/2024..2025.csv?vb=³",
    "/search?q=%E6%94%B9%00%E9%9D%A9",
    "/search?q=" + "改" * 300,
]
API_URLS = [
    f"/api/v1/series/cn-national-gwr/{HUGE}",
    f"/api/v1/series/cn-national-gwr/compare/2024..{HUGE}",
    "/api/v1/series/cn-national-gwr/2024?version=²",
    "/api/v1/series/cn-national-gwr/compare/2024..2025?version_a=-1",
    "/api/v1/search?q=%00",
    "/api/v1/search?q=x&limit=0",
    "/api/v1/search?q=x&limit=501",
    "/api/v1/search?q=x&limit=²",
    f"/api/v1/search?q=x&limit={HUGE}",
]


@pytest.mark.parametrize("url", SITE_URLS)
def test_bad_site_parameters_are_400_with_one_line(site_client, url: str) -> None:
    r = site_client.get(url, headers=EN)
    assert r.status_code == 400, r.status_code
    html = r.get_data(as_text=True)
    assert "must be" in html or "search text" in html


@pytest.mark.parametrize("url", API_URLS)
def test_bad_api_parameters_are_400_json(site_client, url: str) -> None:
    r = site_client.get(url, headers=EN)
    assert r.status_code == 400
    message = r.get_json()["error"]
    assert message and "\n" not in message


def test_messages_are_in_the_users_language(site_client) -> None:
    r = site_client.get(f"/s/cn-national-gwr/{HUGE}", headers=ZH)
    assert r.status_code == 400 and "年份" in r.get_data(as_text=True)
    r = site_client.get("/api/v1/search?q=x&limit=0", headers=ZH)  # the API speaks English
    assert r.get_json()["error"] == "limit must be a whole number from 1 to 500."
    r = site_client.get(f"/s/cn-national-gwr/{HUGE}", headers=EN)
    assert f"must be a year from {MIN_YEAR} to {MAX_YEAR}" in r.get_data(as_text=True)


def test_good_parameters_still_work(site_client) -> None:
    assert site_client.get("/api/v1/search?q=改革&limit=1").status_code == 200
    assert len(site_client.get("/api/v1/search?q=改革&limit=1").get_json()["results"]) == 1
    assert site_client.get("/s/cn-national-gwr/2024?version=1").status_code == 200
    assert site_client.get(f"/s/cn-national-gwr/{MAX_YEAR}").status_code == 404  # no such plan


@pytest.mark.parametrize(
    "args",
    [
        ["compare", "cn-national-gwr", "2024", HUGE],
        ["compare", "cn-national-gwr", "2024", "2201"],
        ["compare", "cn-national-gwr", "²", "2024"],
        ["import", "x.txt", "--series", "s", "--year", "2150"],
    ],
)
def test_cli_years_are_one_line_errors(args: list[str], tmp_path) -> None:
    (tmp_path / "x.txt").write_text("一、总体\n", encoding="utf-8")
    with pytest.MonkeyPatch.context() as mp:
        mp.chdir(tmp_path)
        mp.setenv("YEARLINE_DATABASE_URL", f"sqlite:///{tmp_path / 'db.sqlite3'}")
        result = CliRunner().invoke(main, args)
    assert result.exit_code == 2, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("yearline: error:"), result.stderr
    assert "Traceback" not in result.output


def test_the_new_messages_have_chinese_translations() -> None:
    from pathlib import Path

    from babel.messages.extract import extract_from_file
    from babel.messages.pofile import read_po

    root = Path(__file__).resolve().parents[2]
    with (root / "webapp/translations/zh/LC_MESSAGES/messages.po").open("rb") as fh:
        translated = {m.id for m in read_po(fh, locale="zh") if m.string}
    found = {msg for _l, msg, _c, _ctx in extract_from_file("python", root / "webapp/params.py")}
    assert found and not found - translated
