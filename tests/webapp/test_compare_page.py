"""The compare page opens with the counts and the digest (issue 8.6), its counts are the same
numbers as the home card, API, CLI diff and exports (8.5), boilerplate is collapsed until asked
for (8.2), runs of unchanged and boilerplate rows fold into one line each (8.6), and every row
says where it sits and has a citable anchor."""

from __future__ import annotations

import json
import re
from html import unescape

from click.testing import CliRunner

from tests.conftest import DEMO_DIR
from webapp.cli import main

EN = {"Accept-Language": "en"}
PAIR = "/s/cn-national-gwr/compare/2024..2025"
ROW = re.compile(r'<section class="row [^"]*" data-tags="([^"]*)" data-agencies="[^"]*"( hidden)?>')


def _page_counts(html: str) -> dict[str, int]:
    """The digest's count list: kind -> number."""
    block = html.split('<ul class="counts"', 1)[1].split("</ul>", 1)[0]
    return {
        k: int(n)
        for k, n in re.findall(
            r'class="count count-(\w+)"[^>]*><span class="n">(\d+)</span>', block
        )
    }


def _chip_counts(html: str) -> dict[str, int]:
    return {
        k: int(n)
        for k, n in re.findall(
            r'class="chip chip-(\w+)[^"]*" data-kind="\w+"[^>]*>[^<]*<span class="n">(\d+)</span>',
            html,
        )
    }


def test_counts_agree_across_page_chips_rows_home_api_cli_and_exports(site_client):
    html = site_client.get(PAIR, headers=EN).data.decode()
    api = site_client.get("/api/v1/series/cn-national-gwr/compare/2024..2025").get_json()["summary"]
    page, chips = _page_counts(html), _chip_counts(html)
    assert page and all(page[k] == api[k] for k in page)
    assert {"new", "dropped", "changed", "unchanged"} <= set(page)
    for k, n in chips.items():
        if k != "lead":
            assert n == api[k], k
    # the rows themselves: each non-boilerplate row counted under exactly one kind
    rows = [set(t.split()) for t, _ in ROW.findall(html)]
    content = [t for t in rows if "boilerplate" not in t]
    for k in ("new", "dropped", "changed", "unchanged", "split", "merged", "moved"):
        assert sum(1 for t in content if k in t) == api[k], k
    kinds = ("new", "dropped", "changed", "unchanged", "split", "merged", "restructured")
    assert all(len(t & set(kinds)) == 1 for t in rows)
    # the home card shows the series' latest pair with the same numbers
    home = site_client.get("/", headers=EN).data.decode()
    card = home.split("cn-national-gwr", 1)[1]
    first = card.split('<ul class="counts">', 1)[1].split("</ul>", 1)[0]
    for k, n in re.findall(r'count-(\w+)"><span class="n">(\d+)</span>', first):
        assert int(n) == api[k], k
    # the CLI's diff of the same files
    out = CliRunner().invoke(
        main,
        [
            "diff",
            str(DEMO_DIR / "cn-national-gwr/2024.txt"),
            str(DEMO_DIR / "cn-national-gwr/2025.txt"),
            "--format",
            "json",
        ],
    )
    assert out.exit_code == 0, out.output
    assert json.loads(out.output)["summary"] == api
    # the exports carry the same summary
    exported = site_client.get(PAIR + ".json").get_json()["summary"]
    assert exported == api
    md = site_client.get(PAIR + ".md").data.decode()
    assert f"| {api['changed']} |" in md or f": {api['changed']}" in md


def test_rows_say_where_they_sit_and_have_anchors(site_client):
    html = site_client.get(PAIR, headers=EN).data.decode()
    anchors = re.findall(r'<header class="row-head" id="(m-\d+)">', html)
    assert anchors and len(anchors) == len(set(anchors)) == len(ROW.findall(html))
    assert anchors[0] == "m-1"
    wheres = [
        unescape(w) for w in re.findall(r'<span class="where" title="[^"]*">([^<]+)</span>', html)
    ]
    assert len(wheres) == len(anchors)
    assert all("→" in w for w in wheres)
    assert any(re.search(r"第\d+段 → .*第\d+段", w) for w in wheres)
    # the digest's links lead to rows that exist
    digest = html.split('id="summary"', 1)[1].split("</section>", 1)[0]
    links = re.findall(r'href="#(m-\d+)"', digest)
    assert links and set(links) <= set(anchors)


def test_grades_in_words_and_priority_moves(site_client):
    html = site_client.get(PAIR, headers=EN).data.decode()
    assert "content replaced in this place" in html
    # the reordered priorities: 三（三） became 三（一） in 2025 (rank_a 3 -> rank_b 1)
    assert "moved from （三） to （一）" in html
    assert 'class="rank-note"' in html
    zh = site_client.get(PAIR).data.decode()
    assert "此处内容已替换" in zh and "由（三）调至（一）" in zh


RUN_SPAN = re.compile(r'<details class="run ([^>]*)>(.*?</section>)\s*</details>', re.S)


def _on_view(html: str) -> list[tuple[str, bool, str]]:
    """Every row as (tags, on view?, its HTML): on view when neither hidden nor inside a closed
    run of quiet rows (a ``<details class="run">`` without ``open``; a run ends where a row's
    ``</section>`` meets ``</details>``)."""
    out: list[tuple[str, bool, str]] = []
    pos = 0
    for m in [*RUN_SPAN.finditer(html), None]:
        outside = html[pos : m.start() if m else len(html)]
        for part in re.split(r'(?=<section class="row )', outside)[1:]:
            g = ROW.match(part)
            out.append((g.group(1), not g.group(2), part))
        if m is None:
            break
        closed = " open" not in m.group(1)
        for part in re.split(r'(?=<section class="row )', m.group(2))[1:]:
            g = ROW.match(part)
            out.append((g.group(1), not g.group(2) and not closed, part))
        pos = m.end()
    return out


def test_boilerplate_collapsed_until_asked_for(site_client):
    """Boilerplate rows wait in collapsed runs (issue 8.6: before, they were hidden outright);
    with the toggle they are rows like any other, only the unchanged ones stay collapsed."""
    html = site_client.get(PAIR, headers=EN).data.decode()
    bp = [(t, seen) for t, seen, _ in _on_view(html) if "boilerplate" in t.split()]
    assert bp and not any(seen for _, seen in bp)
    shown = site_client.get(PAIR + "?boilerplate=1", headers=EN).data.decode()
    bp_shown = [(t, seen) for t, seen, _ in _on_view(shown) if "boilerplate" in t.split()]
    assert len(bp_shown) == len(bp)
    # shown like any other row: the unchanged ones stay collapsed
    assert all(seen == ("unchanged" not in t.split()) for t, seen in bp_shown)
    assert any(seen for _, seen in bp_shown)
    # 各位代表！ is a greeting: on view only when boilerplate is shown

    def visible(h: str) -> str:
        return "".join(body for _, seen, body in _on_view(h) if seen)

    assert "各位代表" not in visible(html) and "各位代表" in visible(shown)
    assert 'href="/s/cn-national-gwr/compare/2024..2025?boilerplate=1"' in html
    # the export links carry the toggle too
    assert ".csv?boilerplate=1" in shown


def test_distant_years_have_a_table_of_contents(site_client):
    html = site_client.get("/s/cn-national-gwr/compare/2015..2025", headers=EN).data.decode()
    toc = html.split('<nav class="panel toc"', 1)[1].split("</nav>", 1)[0]
    targets = re.findall(r'href="#(s-\d+)"', toc)
    assert len(targets) >= 3
    for t in targets:
        assert f'<h2 class="sec-head" id="{t}">' in html
    assert "New priorities" in html and "Dropped priorities" in html


def test_series_page_leaves_boilerplate_threads_out_until_asked(site_client):
    base = "/s/cn-national-gwr?kind=paragraph"
    hidden = site_client.get(base, headers=EN).data.decode()
    shown = site_client.get(base + "&boilerplate=1", headers=EN).data.decode()

    def n(h: str) -> int:
        return int(re.search(r'<option value="paragraph"[^>]*>[^(]*\((\d+)\)', h).group(1))

    api = site_client.get("/api/v1/series/cn-national-gwr/timeline").get_json()["threads"]
    paragraphs = [t for t in api if t["kind"] == "paragraph"]
    assert n(shown) == len(paragraphs)
    assert n(hidden) == sum(1 for t in paragraphs if not t["boilerplate"]) < n(shown)
    assert "boilerplate=1" in hidden and 'name="boilerplate" value="1"' in shown


def test_series_bump_chart_of_task_ranks(site_client):
    html = site_client.get("/s/cn-national-gwr", headers=EN).data.decode()
    block = re.search(r'<script type="application/json" id="chart-bump-data">(.*?)</script>', html)
    assert block, "no bump chart on the series page"
    fig = json.loads(unescape(block.group(1)))
    assert 2 <= len(fig["data"]) <= 12
    assert fig["layout"]["yaxis"]["autorange"] == "reversed"  # rank 1 on top
    for trace in fig["data"]:
        assert all(isinstance(r, int) and r >= 1 for r in trace["y"])
        assert trace["x"] == sorted(trace["x"])
    # real reorderings exist in the national series (e.g. 2025 moved （三） to （一）)
    assert any(len(set(t["y"])) > 1 for t in fig["data"])


RUN = re.compile(
    r'<details class="run run-(\w+)" data-run="(\d+)"([^>]*)>\s*'
    r'<summary><span class="n">(\d+)</span>'
)
QUIET_BADGE = re.compile(r'class="badge badge-changed grade-(?:identical|dates_only)"')


def _runs(html: str) -> list[tuple[str, str, list[str]]]:
    """Each run as (what, its opening tag's attributes, the HTML of its rows)."""
    out = []
    for span in RUN_SPAN.finditer(html):
        m = RUN.match(span.group(0))
        assert m is not None
        rows = re.split(r'(?=<section class="row )', span.group(2))[1:]
        out.append((m.group(1), m.group(3), rows))
    return out


def _quiet(row_html: str) -> bool:
    tags = ROW.match(row_html).group(1).split()
    return "unchanged" in tags or "boilerplate" in tags or bool(QUIET_BADGE.search(row_html))


def test_quiet_runs_fold_unchanged_and_boilerplate_rows(site_client):
    html = site_client.get(PAIR, headers=EN).data.decode()
    runs = _runs(html)
    assert len(runs) >= 3
    in_runs = [r for _, _, rs in runs for r in rs]
    # every run holds only quiet rows, says how many, and is closed by default
    for what, attrs, rs in runs:
        assert rs and all(_quiet(r) for r in rs)
        assert " open" not in attrs and " hidden" not in attrs
        bp = ["boilerplate" in ROW.match(r).group(1).split() for r in rs]
        assert what == ("boilerplate" if all(bp) else "mixed" if any(bp) else "unchanged")
    assert len(runs) == len(RUN.findall(html))
    for span in RUN_SPAN.finditer(html):
        n = int(RUN.match(span.group(0)).group(4))
        assert n == span.group(2).count('<section class="row ')
    # ... and every quiet row is in a run; each keeps its citable anchor
    rows = re.split(r'(?=<section class="row )', html)[1:]
    assert sum(1 for r in rows if _quiet(r)) == len(in_runs)
    for r in in_runs:
        assert re.search(r'<header class="row-head" id="m-\d+">', r)
    # runs are maximal: between two runs lies a row on view or a section heading
    between = re.split(r'<details class="run ', html)[1:]
    for chunk in between[:-1]:
        rest = chunk.split("</details>", 1)[1]
        assert '<section class="row ' in rest.split('<details class="run ', 1)[0] or (
            '<h2 class="sec-head"' in rest.split('<details class="run ', 1)[0]
        )
    assert "unchanged rows collapsed" in html and "— show" in html
    zh = site_client.get(PAIR).data.decode()
    assert "条未变的条目" in zh and "展开" in zh


def test_distant_years_collapse_and_chosen_kinds_open_runs(site_client):
    """2015 → 2025 has no unchanged row but boilerplate: folded by default. Asking for the
    unchanged kind leaves only runs of those rows, open; asking for new rows leaves no run."""
    far = "/s/cn-national-gwr/compare/2015..2025"
    html = site_client.get(far, headers=EN).data.decode()
    assert _runs(html) and all(" open" not in attrs for _, attrs, _ in _runs(html))
    only = site_client.get(PAIR + "?kind=unchanged", headers=EN).data.decode()
    seen = [(t, v) for t, v, _ in _on_view(only)]
    assert seen and all(
        v == ("unchanged" in t.split() and "boilerplate" not in t.split()) for t, v in seen
    )
    assert any(v for _, v in seen)
    assert all(" open" in attrs or " hidden" in attrs for _, attrs, _ in _runs(only))
    new = site_client.get(PAIR + "?kind=new", headers=EN).data.decode()
    assert all(" hidden" in attrs for _, attrs, _ in _runs(new))


def test_a_reviews_tasks_are_not_listed_as_dropped_priorities(site_client):
    """National 2023 reviews five years as ten tasks, which 2024 (a one-year review without
    tasks) does not continue: they are dropped rows, but no priorities of a plan."""
    html = site_client.get("/s/cn-national-gwr/compare/2023..2024", headers=EN).data.decode()
    box = html.split('<div class="digest-box digest-dropped">', 1)
    dropped = box[1].split("</div>", 1)[0] if len(box) > 1 else ""
    assert "创新宏观调控" not in dropped and "如期打赢脱贫攻坚战" not in dropped
    # the rows themselves are still on the page, as dropped
    assert "创新宏观调控，保持经济运行在合理区间" in html
