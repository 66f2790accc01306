"""The reader's language everywhere (issue 14.2): downloads from the site follow the interface
language (not the plans'), the CLI takes ``--lang``, and the compare page's cached rows hold no
translated words ("top level" came out in the first visitor's language). Plus the compare page's
Targets block on the real national 2024 -> 2025 pair: each indicator once (CPI was listed twice).
"""

from __future__ import annotations

import io
import re
from html import unescape

import openpyxl
from click.testing import CliRunner

from tests.conftest import DEMO_DIR
from webapp.cli import main
from webapp.exports.rows import headers, label
from webapp.exports.targets import heading

PAIR = "/s/cn-national-gwr/compare/2024..2025"
NATIONAL = DEMO_DIR / "cn-national-gwr"


def _workbook(client, url: str) -> openpyxl.Workbook:
    r = client.get(url)
    assert r.status_code == 200, r.status_code
    return openpyxl.load_workbook(io.BytesIO(r.data))


def test_site_downloads_in_the_interface_language(site_client) -> None:
    for lang in ("en", "zh", "en"):  # alternate: nothing of one reader's language is kept
        wb = _workbook(site_client, f"{PAIR}.xlsx?lang={lang}")
        tabs = [label(f"sheet_{k}", lang) for k in ("summary", "changes", "agencies")]
        assert wb.sheetnames == [*tabs, heading("targets", lang)]
        assert [c.value for c in wb[tabs[1]][1]] == headers(lang)
    # the interface's cookie, as the header switch leaves it, decides the same way
    site_client.get("/?lang=en")
    wb = _workbook(site_client, f"{PAIR}.xlsx")
    assert wb.sheetnames[0] == label("sheet_summary", "en")
    md = site_client.get(f"{PAIR}.md").get_data(as_text=True)
    assert md.startswith(f"# {label('title', 'en')}")
    site_client.get("/?lang=zh")
    md = site_client.get(f"{PAIR}.md").get_data(as_text=True)
    assert md.startswith(f"# {label('title', 'zh')}")
    # the JSON is the contract: the same bytes in either language
    assert site_client.get(f"{PAIR}.json?lang=en").data == site_client.get(f"{PAIR}.json").data


def test_timeline_and_targets_downloads_in_the_interface_language(site_client) -> None:
    wb = _workbook(site_client, "/s/cn-national-gwr/timeline.xlsx?lang=en")
    assert wb.sheetnames == [label("sheet_summary", "en"), label("sheet_threads", "en"), "Targets"]
    assert [c.value for c in wb["Targets"][1]][:2] == ["Year", "Indicator key"]
    wb = _workbook(site_client, "/s/cn-national-gwr/targets.xlsx?lang=zh")
    assert wb.sheetnames == ["量化目标"]
    assert [c.value for c in wb["量化目标"][1]][:4] == ["年份", "指标代码", "指标", "目标"]
    md = site_client.get("/s/cn-national-gwr/targets.md?lang=en").get_data(as_text=True)
    assert md.startswith("# Targets — ") and "| Year | Indicator key |" in md
    # the CSV's header is its column keys, for programs, in any language
    for lang in ("zh", "en"):
        csv = site_client.get(f"/s/cn-national-gwr/targets.csv?lang={lang}").get_data(as_text=True)
        assert csv.lstrip("\ufeff").startswith("year,indicator,name,target,")


def test_cli_lang_option() -> None:
    a, b = str(NATIONAL / "2024.txt"), str(NATIONAL / "2025.txt")
    runner = CliRunner()
    default = runner.invoke(main, ["diff", a, b, "--format", "md"])
    assert default.exit_code == 0 and default.stdout.startswith(f"# {label('title', 'zh')}")
    en = runner.invoke(main, ["diff", a, b, "--format", "md", "--lang", "en"])
    assert en.exit_code == 0 and en.stdout.startswith(f"# {label('title', 'en')}")
    assert runner.invoke(main, ["diff", a, b, "--lang", "en"]).stdout == (
        runner.invoke(main, ["diff", a, b]).stdout
    )  # JSON: no change
    bad = runner.invoke(main, ["diff", a, b, "--format", "md", "--lang", "fr"])
    assert bad.exit_code == 2 and "'fr' is not one of 'zh', 'en'" in bad.output


def _moved_notes(html: str) -> list[str]:
    return [
        unescape(re.sub(r"<[^>]+>", "", m))
        for m in re.findall(r'<p class="moved-note">(.*?)</p>', html)
    ]


def test_top_level_caption_in_each_readers_language(site_client) -> None:
    """2014 -> 2015 of the national series has a row moved from a section to the top level."""
    url = "/s/cn-national-gwr/compare/2014..2015?kind=moved"
    for lang, word, other in (("zh", "顶层", "top level"), ("en", "top level", "顶层")) * 2:
        notes = _moved_notes(site_client.get(f"{url}&lang={lang}").get_data(as_text=True))
        at_top = [n for n in notes if n.rstrip().endswith("→ " + word)]
        assert at_top, (lang, notes)
        assert not any(other in n for n in notes), (lang, notes)


def _target_rows(html: str) -> list[tuple[str, str, str, str]]:
    block = html[html.index('class="panel targets-block"') :]
    block = block[: block.index("</section>")]
    return re.findall(
        r'<tr class="dir-(\w+)">\s*<td[^>]*>([^<]*)</td>\s*<td class="num">([^<]*)</td>'
        r'\s*<td class="num">([^<]*)</td>',
        block,
    )


def test_targets_block_lists_each_indicator_once(site_client) -> None:
    # the engine's own output for the pair has CPI in two matches: the change and a restatement
    comp = site_client.get("/api/v1/series/cn-national-gwr/compare/2024..2025").get_json()
    cpi = [m for m in comp["matches"] for t in m["targets_changed"] if t["indicator"] == "cpi"]
    assert len(cpi) == 2
    for lang, name in (("zh", "居民消费价格涨幅"), ("en", "Consumer prices (CPI)")):
        rows = _target_rows(site_client.get(f"{PAIR}?lang={lang}").get_data(as_text=True))
        labels = [r[1] for r in rows]
        assert len(labels) == len(set(labels)), labels
        assert [r for r in rows if r[1] == name] == [("down", name, "3%左右", "2%左右")]
        # unemployment: 5.5%左右 in both years (restated in 2025's explanation, not new)
        assert not any("失业" in r[1] or "nemploy" in r[1] for r in rows), rows
