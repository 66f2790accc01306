"""``yearline blame|terms|programmes|promises`` on a freshly loaded demo archive."""

from __future__ import annotations

import csv
import io
import json

import pytest
from click.testing import CliRunner

from tests.conftest import DEMO_DIR
from webapp.cli import main

HAILAR = DEMO_DIR / "hailar-district-gwr"


def run(*args: str, code: int = 0):
    result = CliRunner().invoke(main, list(args))
    assert result.exit_code == code, (result.output, result.stderr)
    return result


@pytest.fixture(scope="module")
def demo(sqlite_template, tmp_path_factory):
    """An archive holding the eight Hailar reports (imported, not compared: cheap)."""
    root = tmp_path_factory.mktemp("cli-history")
    db = root / "yearline.sqlite3"
    db.write_bytes(sqlite_template.read_bytes())
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("YEARLINE_DATABASE_URL", f"sqlite:///{db}")
        mp.setenv("YEARLINE_DATA_DIR", str(root / "blobs"))
        mp.setenv("YEARLINE_INSTANCE_PATH", str(root / "instance"))
        for path in sorted(HAILAR.glob("*.txt")):
            run("import", str(path), "--series", "hailar-district-gwr", "--year", path.stem)
        yield


def test_blame_json_and_md(demo):
    out = json.loads(run("blame", "hailar-district-gwr", "2019").stdout)
    assert set(out) == {"series", "year", "units"}
    assert out["series"] == "hailar-district-gwr" and out["year"] == 2019
    plan = json.loads(run("list", "hailar-district-gwr").stdout)
    assert plan[0]["years"][-1]["year"] == 2019
    sinces = {s["since"] for u in out["units"] for s in u["spans"]}
    assert sinces <= set(range(2012, 2020)) and min(sinces) == 2012
    md = run("blame", "hailar-district-gwr", "2019", "--format", "md").stdout
    assert "<sup>2012</sup>" in md and "**" in md


def test_terms_json_and_csv(demo):
    # 海拉尔 reports: grep -o '棚户区改造' 2012.txt ... 2019.txt | wc -l gives the counts below
    out = json.loads(run("terms", "hailar-district-gwr", "--term", "棚户区改造").stdout)
    assert out["years"] == list(range(2012, 2020))
    assert [t["term"] for t in out["terms"]] == ["棚户区改造"]
    assert out["terms"][0]["counts"] == {
        "2012": 3, "2013": 3, "2014": 5, "2015": 6, "2016": 14, "2017": 4, "2018": 3, "2019": 2,
    }  # fmt: skip
    rows = list(csv.reader(io.StringIO(
        run("terms", "hailar-district-gwr", "--term", "棚户区改造", "--format", "csv")
        .stdout.lstrip("\ufeff")
    )))  # fmt: skip
    assert rows[0] == ["term", "year", "count", "per_10k"] and len(rows) == 1 + 8
    changes = json.loads(run("terms", "hailar-district-gwr").stdout)
    assert "statistic" in changes and [c["year"] for c in changes["changes"]] == list(
        range(2013, 2020)
    )


def test_programmes_and_promises(demo):
    # the national facts are pinned in tests/comparison/test_history.py; here: the shapes
    out = json.loads(run("programmes", "hailar-district-gwr").stdout)
    assert out["series"] == "hailar-district-gwr" and out["programmes"]
    for p in out["programmes"]:
        assert p["count"] == sum(p["counts"].values())
        assert (p["first_year"], p["last_year"]) == (min(p["years"]), max(p["years"]))
    rows = list(csv.DictReader(io.StringIO(
        run("programmes", "hailar-district-gwr", "--format", "csv").stdout.lstrip("\ufeff")
    )))  # fmt: skip
    assert [r["name"] for r in rows] == [p["name"] for p in out["programmes"]]
    promises = json.loads(run("promises", "hailar-district-gwr").stdout)["promises"]
    assert all(len(x["years"]) >= 3 for x in promises)


def test_errors_are_one_line(demo):
    r = run("blame", "hailar-district-gwr", "1999", code=1)
    assert r.stderr.strip() == "yearline: error: no plan hailar-district-gwr/1999"
    r = run("terms", "nope", code=1)
    assert r.stderr.strip() == "yearline: error: no series 'nope'"
    r = run("terms", "hailar-district-gwr", "--term", " ", code=2)
    assert r.stderr.startswith("yearline: error:") and len(r.stderr.strip().splitlines()) == 1
