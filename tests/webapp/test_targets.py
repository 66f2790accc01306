"""Targets on the faces: `yearline targets FILE|SERIES`, /api/v1/series/<slug>/targets, the
series page's Targets panel, the compare page's Targets block and the exports' Targets rows."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from tests.webapp.conftest import DEMO, instance_app, seed_archive
from webapp.cli import main

SLUG = "cn-national-gwr"
YEARS = (2021, 2022, 2023)


@pytest.fixture
def seeded(sqlite_template: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    url, _ = seed_archive(sqlite_template, tmp_path, plans=[(SLUG, y) for y in YEARS])
    monkeypatch.setenv("YEARLINE_DATABASE_URL", url)
    monkeypatch.setenv("YEARLINE_DATA_DIR", str(tmp_path / "blobs"))
    monkeypatch.setenv("YEARLINE_INSTANCE_PATH", str(tmp_path / "instance"))
    app = instance_app(url, tmp_path)
    yield app
    app.extensions["yearline.engine"].dispose()


def cli(*args: str, code: int = 0):
    result = CliRunner().invoke(main, list(args))
    assert result.exit_code == code, (result.output, result.stderr)
    return result


def test_cli_file_prints_year_targets_outcomes() -> None:
    out = json.loads(cli("targets", str(DEMO / SLUG / "2025.txt")).stdout)
    assert set(out) == {"year", "targets", "outcomes"} and out["year"] == 2025
    gdp = next(t for t in out["targets"] if t["indicator"] == "gdp_growth")
    assert (gdp["value"], gdp["unit"], gdp["qualifier"], gdp["text"]) == (
        5.0,
        "%",
        "about",
        "5%左右",
    )
    assert {"key", "name", "low", "high", "horizon"} <= set(gdp)
    jobs = next(o for o in out["outcomes"] if o["indicator"] == "urban_new_jobs")
    assert (jobs["value"], jobs["about_year"]) == (1256.0, 2024)


def test_cli_file_csv_and_md() -> None:
    text = cli("targets", str(DEMO / SLUG / "2016.txt"), "--format", "csv").stdout
    rows = list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))
    gdp = next(r for r in rows if r["indicator"] == "gdp_growth" and not r["horizon"])
    assert (gdp["kind"], gdp["low"], gdp["high"], gdp["qualifier"]) == (
        "target",
        "6.5",
        "7.0",
        "range",
    )
    md = cli("targets", str(DEMO / SLUG / "2016.txt"), "--format", "md").stdout
    assert "| target | gdp_growth | 国内生产总值增长 |" in md


def test_cli_series_json_met_and_formats(seeded, tmp_path: Path) -> None:
    data = json.loads(cli("targets", SLUG).stdout)
    assert [y["year"] for y in data["years"]] == list(YEARS)
    rows = {(y["year"], r["indicator"]): r for y in data["years"] for r in y["targets"]}
    assert rows[(2022, "gdp_growth")]["outcome"]["value"] == 3.0
    assert rows[(2022, "gdp_growth")]["met"] is False
    assert (
        rows[(2021, "gdp_growth")]["met"] is True
        and rows[(2021, "gdp_growth")]["outcome_year"] == 2022
    )
    assert rows[(2023, "gdp_growth")]["met"] is None  # no 2024 report in this archive
    assert (2022, "energy_intensity") not in rows  # 2022 drops the indicator
    out = tmp_path / "t.xlsx"
    cli("targets", SLUG, "--format", "xlsx", "-o", str(out))
    ws = openpyxl.load_workbook(out)["Targets"]
    header = [c.value for c in ws[1]]
    assert header[:4] == ["year", "indicator", "name", "target"]
    assert ws.max_row - 1 == sum(len(y["targets"]) for y in data["years"])
    md = cli("targets", SLUG, "--format", "md").stdout
    assert "| 2022 | gdp_growth | 国内生产总值增长 | 5.5%左右 | about | 3% | 2023 | missed |" in md


def test_cli_targets_errors(seeded) -> None:
    r = cli("targets", "no-such-series", code=1)
    assert r.stderr.strip() == "yearline: error: no series 'no-such-series'"
    r = cli("targets", SLUG, "--format", "xlsx", code=1)
    assert "binary format" in r.stderr


def test_api_series_targets(seeded) -> None:
    r = seeded.test_client().get(f"/api/v1/series/{SLUG}/targets")
    assert r.status_code == 200
    body = r.get_json()
    assert body["series"] == SLUG and "gdp_growth" in body["indicators"]
    assert body == json.loads(cli("targets", SLUG).stdout)
    assert seeded.test_client().get("/api/v1/series/nope/targets").status_code == 404


def test_series_page_targets_panel(seeded) -> None:
    html = seeded.test_client().get(f"/s/{SLUG}").get_data(as_text=True)
    assert 'id="targets"' in html and 'id="chart-target-gdp_growth"' in html
    assert "量化目标与完成情况" in html  # Chinese by default
    # the table: 2022's GDP target missed (5.5%左右 -> 3%)
    assert "5.5%左右" in html and "✕ 未完成" in html
    en = seeded.test_client()
    en.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    assert "Quantitative targets and outcomes" in en.get(f"/s/{SLUG}").get_data(as_text=True)


def test_compare_page_targets_block(seeded) -> None:
    html = seeded.test_client().get(f"/s/{SLUG}/compare/2021..2022").get_data(as_text=True)
    block = html[html.index('class="panel targets-block"') :]
    block = block[: block.index("</section>")]
    assert "国内生产总值增长" in block and "6%以上" in block and "5.5%左右" in block
    assert "降低" in block  # lowered
    assert "单位GDP能耗降低" in block and "删除" in block  # 2022 dropped the energy target


def test_targets_downloads(seeded) -> None:
    c = seeded.test_client()
    r = c.get(f"/s/{SLUG}/targets.csv")
    assert r.status_code == 200 and "attachment" in r.headers["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(r.get_data(as_text=True).lstrip("\ufeff"))))
    assert {"year", "indicator", "target", "outcome", "met"} <= set(rows[0])
    assert any(
        r["year"] == "2022" and r["indicator"] == "gdp_growth" and r["met"] == "false" for r in rows
    )
    assert c.get(f"/s/{SLUG}/targets.pdf").status_code == 404
    assert c.get("/s/nope/targets.csv").status_code == 404


def test_comparison_exports_carry_the_targets(seeded) -> None:
    c = seeded.test_client()
    md = c.get(f"/s/{SLUG}/compare/2021..2022.md").get_data(as_text=True)
    assert "## 量化目标" in md and "| 国内生产总值增长 | 6%以上 | 5.5%左右 | 降低 |" in md
    wb = openpyxl.load_workbook(io.BytesIO(c.get(f"/s/{SLUG}/compare/2021..2022.xlsx").data))
    ws = wb["量化目标"]  # the workbook's other tabs are Chinese, so is this one (issue 14)
    assert ["国内生产总值增长", "gdp_growth", "6%以上", "5.5%左右", "降低"] in [
        [cell.value for cell in row] for row in ws.iter_rows()
    ]
    html = c.get(f"/s/{SLUG}/compare/2021..2022.html").get_data(as_text=True)
    assert 'id="targets"' in html and "5.5%左右" in html
    import docx

    d = docx.Document(io.BytesIO(c.get(f"/s/{SLUG}/compare/2021..2022.docx").data))
    assert any(p.text.startswith("量化目标") for p in d.paragraphs)
    cells = {cell.text for t in d.tables for row in t.rows for cell in row.cells}
    assert {"6%以上", "5.5%左右"} <= cells


def test_timeline_exports_carry_the_targets(seeded) -> None:
    c = seeded.test_client()
    wb = openpyxl.load_workbook(io.BytesIO(c.get(f"/s/{SLUG}/timeline.xlsx").data))
    # a Chinese workbook (the interface's language): tab, headers and met words in Chinese
    rows = [[cell.value for cell in row] for row in wb["量化目标"].iter_rows()]
    assert rows[0][:4] == ["年份", "指标代码", "指标", "目标"]
    assert any(r[0] == 2022 and r[1] == "gdp_growth" and r[-1] == "未完成" for r in rows[1:])
    html = c.get(f"/s/{SLUG}/timeline.html").get_data(as_text=True)
    assert 'id="targets"' in html and "未完成" in html
