"""The analyst pages through the Flask test client, on the demo archive (+ synthetic-seed)."""

from __future__ import annotations

import re
from html import unescape
from urllib.parse import parse_qs, urlsplit

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from tests.webapp.conftest import HOSTILE, ROOT, SYNTHETIC_SERIES, synthetic_seed_variant

ZH = {"Accept-Language": "zh-CN,zh;q=0.9"}
EN = {"Accept-Language": "en-US,en;q=0.9"}


def _text(html: bytes | str) -> str:
    raw = html.decode() if isinstance(html, bytes) else html
    return unescape(re.sub(r"<[^>]+>", " ", raw))


def _visible_rows(html: str) -> list[str]:
    """data-tags of the compare rows on view: not hidden by the server and not inside a closed
    run of unchanged or boilerplate rows (``<details class="run">`` without ``open``)."""
    pattern = r'<section class="row [^"]*" data-tags="([^"]*)" data-agencies="[^"]*">'
    closed_runs = r'<details class="run (?:(?!>).)*?(?<! open)>.*?</section>\s*</details>'
    return re.findall(pattern, re.sub(closed_runs, "", html, flags=re.S))


# --------------------------------------------------------------------------- home


def test_home_lists_every_series_with_coverage_and_latest_changes(site_client):
    r = site_client.get("/", headers=EN)
    assert r.status_code == 200
    html = r.data.decode()
    for title in ("国务院政府工作报告", "海拉尔区政府工作报告", "深圳市全市社会建设工作要点"):
        assert title in html
    assert "国务院" in html  # issuer
    # coverage strip of the national series: 2000..2025 with 2020 absent
    assert html.count('class="cell present"') >= 25 + 8 + 1
    assert re.search(r'class="cell absent" title="2020[^"]*"', html)
    # latest change counts link to the last two years
    assert "/s/cn-national-gwr/compare/2024..2025" in html
    assert "/s/hailar-district-gwr/compare/2018..2019" in html
    assert "Only one year so far" in html  # Shenzhen


# --------------------------------------------------------------------------- series


def test_series_page_embeds_all_four_charts_as_json(site_client):
    r = site_client.get("/s/hailar-district-gwr", headers=EN)
    assert r.status_code == 200
    html = r.data.decode()
    for chart in ("chart-timeline", "chart-bars", "chart-sankey"):
        assert f'id="{chart}" data-chart="{chart}-data"' in html
        assert f'<script type="application/json" id="{chart}-data">' in html
    # no inline executable scripts: only JSON blocks and external files
    for tag in re.findall(r"<script[^>]*>", html):
        assert 'type="application/json"' in tag or "src=" in tag
    assert "/static/vendor/plotly.min.js" in html
    assert "No lead agencies in this series" in html  # Hailar names no agencies
    assert 'id="chart-agencies"' not in html


def test_series_with_agencies_has_a_heatmap(site_client):
    html = site_client.get(f"/s/{SYNTHETIC_SERIES}", headers=EN).data.decode()
    assert 'id="chart-agencies"' in html
    assert "市民政局" in html


def test_series_kind_selector_and_row_cap(site_client):
    html = site_client.get("/s/cn-national-gwr?kind=paragraph", headers=EN).data.decode()
    m = re.search(r"Showing the (\d+) longest-lived of (\d+)", html)
    assert m and int(m.group(1)) == 60 < int(m.group(2))
    html_all = site_client.get("/s/cn-national-gwr?kind=paragraph&all=1", headers=EN).data.decode()
    assert "Showing the" not in html_all
    assert len(html_all) > len(html)


def test_series_sankey_year_pickers(site_client):
    html = site_client.get("/s/hailar-district-gwr?sa=2012&sb=2019", headers=EN).data.decode()
    assert "How sections flowed from 2012 to 2019" in html
    # nonsense years fall back to the last two
    html = site_client.get("/s/hailar-district-gwr?sa=1900&sb=x", headers=EN).data.decode()
    assert "How sections flowed from 2018 to 2019" in html


def test_one_year_series_explains_itself(site_client):
    r = site_client.get("/s/shenzhen-social-construction", headers=EN)
    assert r.status_code == 200
    assert "This series has one year so far" in r.data.decode()


def test_compare_form_redirects_to_the_shareable_url(site_client):
    r = site_client.get("/s/cn-national-gwr/compare?a=2010&b=2025")
    assert r.status_code == 302
    assert r.headers["Location"].endswith("/s/cn-national-gwr/compare/2010..2025")
    assert site_client.get("/s/cn-national-gwr/compare?a=x&b=2025").status_code == 400


# --------------------------------------------------------------------------- plan


def test_plan_page_shows_structure_leads_versions_and_download(site_client):
    r = site_client.get("/s/shenzhen-social-construction/2014", headers=EN)
    assert r.status_code == 200
    html = r.data.decode()
    text = _text(html)
    assert "完善基本公共服务体系" in text  # a section
    assert "统筹推进社会事业改革创新" in text  # an item
    assert "深办〔2014〕4号" in text  # metadata: document number
    # the primary lead is marked
    assert re.search(r'class="lead lead-primary"[^>]*>市委政研室\(改革办\)<', html)
    assert "/s/shenzhen-social-construction/2014/original?version=1" in html
    assert re.search(r"<code title=\"[0-9a-f]{64}\">[0-9a-f]{10}</code>", html)


def test_original_download_is_the_archived_bytes(site_client):
    r = site_client.get("/s/shenzhen-social-construction/2014/original?version=1")
    assert r.status_code == 200
    assert r.data == (ROOT / "archive/demo/shenzhen-social-construction/2014.txt").read_bytes()
    assert "attachment" in r.headers["Content-Disposition"]


@pytest.mark.parametrize(
    "path",
    [
        "/s/no-such-series",
        "/s/cn-national-gwr/1999",
        "/s/cn-national-gwr/2020",  # the gap in the national series
        "/s/cn-national-gwr/compare/2019..2020",
        "/s/cn-national-gwr/compare/1990..2025",
        "/s/cn-national-gwr/thread/no-such-thread",
        "/s/no-such-series/thread/x",
        "/s/shenzhen-social-construction/2014/original?version=9",
        "/s/shenzhen-social-construction/2014?version=9",
    ],
)
def test_unknown_things_are_404_with_one_clear_line(site_client, path):
    r = site_client.get(path, headers=EN)
    assert r.status_code == 404
    assert "Traceback" not in r.data.decode()
    assert "Not found" in r.data.decode()


def test_bad_version_argument_is_400(site_client):
    r = site_client.get("/s/shenzhen-social-construction/2014?version=abc")
    assert r.status_code == 400


# --------------------------------------------------------------------------- compare


def test_compare_page_summary_rows_and_redline(site_client):
    r = site_client.get("/s/cn-national-gwr/compare/2024..2025", headers=EN)
    assert r.status_code == 200
    html = r.data.decode()
    assert "2024" in html and "2025" in html
    assert "<del>" in html and "<ins>" in html
    assert 'class="thread-link"' in html
    rows = _visible_rows(html)
    # default view: every change, no unchanged-only rows
    assert rows and all(set(t.split()) - {"unchanged"} for t in rows)
    for fmt in ("csv", "xlsx", "docx", "md", "html", "json"):
        assert f"/s/cn-national-gwr/compare/2024..2025.{fmt}" in html


def test_compare_kind_filter_is_in_the_url(site_client):
    html = site_client.get("/s/cn-national-gwr/compare/2024..2025?kind=new", headers=EN).data
    rows = _visible_rows(html.decode())
    assert rows and all("new" in t.split() for t in rows)
    both = _visible_rows(
        site_client.get("/s/cn-national-gwr/compare/2024..2025?kind=new,dropped").data.decode()
    )
    assert len(both) > len(rows)
    assert all({"new", "dropped"} & set(t.split()) for t in both)
    # a chip's link toggles its kind into the current selection
    chip = re.search(r'data-kind="dropped" href="([^"]+)"', html.decode()).group(1)
    assert parse_qs(urlsplit(unescape(chip)).query)["kind"] == ["new", "dropped"]


def test_compare_agency_filter_and_lead_changes(site_client):
    base = f"/s/{SYNTHETIC_SERIES}/compare/2014..2015"
    html = site_client.get(base, headers=EN).data.decode()
    assert "市委政研室(改革办)" in html
    # the primary lead change of item 1 is called out
    assert "Primary lead changed:" in html
    lead_rows = _visible_rows(site_client.get(base + "?kind=lead").data.decode())
    assert lead_rows and all("lead" in t.split() for t in lead_rows)
    only = site_client.get(base + "?agency=市合成测试局&kind=new").data.decode()
    rows = _visible_rows(only)
    assert len(rows) == 1 and "new" in rows[0].split()
    assert "开展合成测试事项" in only


def test_plan_text_is_escaped_everywhere(site_client):
    pages = [
        f"/s/{SYNTHETIC_SERIES}/2015",
        f"/s/{SYNTHETIC_SERIES}/compare/2014..2015",
        "/search?q=合成测试",
    ]
    for path in pages:
        html = site_client.get(path).data.decode()
        assert HOSTILE not in html, path
        assert "&lt;script&gt;alert(" in html, path


def test_compare_versions_of_one_year(app, client):
    with app.app_context():
        import archive
        from webapp.db import get_session, get_store

        session = get_session()
        seed = (ROOT / "archive/demo/shenzhen-social-construction/2014.txt").read_bytes()
        archive.import_version(session, get_store(), series="shenzhen-social-construction",
                               year=2014, data=seed.replace("加强".encode(), "强化".encode()),
                               filename="v2.txt", note="synthetic v2")  # fmt: skip
        session.commit()
    html = client.get("/s/shenzhen-social-construction/2014", headers=EN).data.decode()
    assert "synthetic v2" in html and "Compare versions" in html
    r = client.get("/s/shenzhen-social-construction/compare?a=2014&b=2014&va=1&vb=2")
    assert r.headers["Location"].endswith("/compare/2014..2014?va=1&vb=2")
    html = client.get(r.headers["Location"], headers=EN).data.decode()
    assert "v1" in html and "v2" in html
    assert "<del>加强</del>" in html or "<del>加强" in html
    assert "<ins>强化" in html


def test_compare_any_order(site_client):
    r = site_client.get("/s/hailar-district-gwr/compare/2019..2012", headers=EN)
    assert r.status_code == 200
    assert "2019" in r.data.decode()


# --------------------------------------------------------------------------- thread


def test_thread_page_follows_an_initiative(site_client):
    html = site_client.get("/s/hailar-district-gwr/compare/2018..2019?kind=changed").data.decode()
    pattern = r'<section class="row [^"]*" data-tags="([^"]*)"[^>]*?(hidden)?>(.*?)</section>'
    rows = re.findall(pattern, html, flags=re.S)
    changed = [body for tags, hidden, body in rows if "changed" in tags.split() and not hidden]
    thread_url = unescape(re.search(r'class="thread-link" href="([^"]+)"', changed[0]).group(1))
    r = site_client.get(thread_url, headers=EN)
    assert r.status_code == 200
    page = r.data.decode()
    assert page.count('class="st st-') == 8  # one status cell per Hailar year
    assert '<section class="appearance' in page
    assert "<del>" in page or "<ins>" in page  # a redline between consecutive appearances


# --------------------------------------------------------------------------- search


def test_search_groups_by_series_and_year_and_marks_hits(site_client):
    r = site_client.get("/search?q=养老", headers=EN)
    assert r.status_code == 200
    html = r.data.decode()
    assert "<mark>养老</mark>" in html
    assert 'class="panel search-group"' in html
    # one group per plan (year and series), newest year first: the page is ordered by year
    groups = re.findall(
        r'<section class="panel search-group">\s*<h2><a href="/s/([^"/]+)/(\d{4})"', html
    )
    assert "cn-national-gwr" in {s for s, _y in groups} and len(groups) == len(set(groups))
    years = [int(y) for _s, y in groups]
    assert years == sorted(years, reverse=True)


def test_search_with_no_hits_and_empty_query(site_client):
    html = site_client.get("/search?q=不存在的词语组合xyz", headers=EN).data.decode()
    assert "Nothing in the archive contains" in html
    assert site_client.get("/search").status_code == 200


# --------------------------------------------------------------------------- language


def test_language_from_browser_then_switch_cookie(site_client):
    assert "按系列浏览计划" in site_client.get("/", headers=ZH).data.decode()
    assert "Plans by series" in site_client.get("/", headers=EN).data.decode()
    r = site_client.get("/lang/en?next=/search%3Fq%3Dx", headers=ZH)
    assert r.status_code == 302 and r.headers["Location"] == "/search?q=x"
    assert "lang=en" in r.headers["Set-Cookie"]
    assert "Plans by series" in site_client.get("/", headers=ZH).data.decode()
    site_client.get("/lang/zh?next=https://evil.example/")  # never an open redirect
    r = site_client.get("/lang/zh?next=https://evil.example/")
    assert r.headers["Location"] == "/"
    assert "按系列浏览计划" in site_client.get("/", headers=EN).data.decode()
    assert site_client.get("/lang/fr").status_code == 404


def test_every_interface_string_has_a_chinese_translation():
    with (ROOT / "webapp/translations/zh/LC_MESSAGES/messages.po").open("rb") as fh:
        catalog = read_po(fh, locale="zh")
    translated = {m.id if isinstance(m.id, str) else m.id[0] for m in catalog if m.string}
    mapping = [
        ("webapp/views/site/**.py", "python"),
        ("webapp/templates/base.html", "jinja2"),
        ("webapp/templates/site/**.html", "jinja2"),
    ]
    keywords = {"_": None, "gettext": None, "ngettext": (1, 2)}
    extracted = {
        (msg if isinstance(msg, str) else msg[0])
        for _f, _l, msg, _c, _ctx in extract_from_dir(
            str(ROOT), method_map=mapping, keywords=keywords
        )
    }
    missing = sorted(extracted - translated)
    assert not missing, f"untranslated: {missing}"


def test_plotly_is_served_locally(site_client):
    with site_client.get("/static/vendor/plotly.min.js") as r:
        assert r.status_code == 200
        assert r.mimetype == "text/javascript"
        assert b"plotly.js" in r.data[:400]


def test_new_uploads_show_at_once_despite_the_memo(app, client):
    """The site memoises documents, timelines and comparisons per stored version; a new
    version or year changes the key, so nothing stale is ever shown."""
    assert "Only one year so far" in client.get("/", headers=EN).data.decode()
    assert (
        "one year so far" in client.get("/s/shenzhen-social-construction", headers=EN).data.decode()
    )
    with app.app_context():
        import archive
        from webapp.db import get_session, get_store

        session = get_session()
        archive.import_version(session, get_store(), series="shenzhen-social-construction",
                               year=2015, data=synthetic_seed_variant().encode(),
                               filename="synthetic-2015.txt")  # fmt: skip
        session.commit()
    home = client.get("/", headers=EN).data.decode()
    assert "/s/shenzhen-social-construction/compare/2014..2015" in home
    series = client.get("/s/shenzhen-social-construction", headers=EN).data.decode()
    assert 'id="chart-timeline"' in series and 'id="chart-agencies"' in series
    html = client.get("/s/shenzhen-social-construction/compare/2014..2015?kind=new").data
    assert "开展合成测试事项" in html.decode()


def test_default_timeline_kind():
    from webapp.views.site.series import _default_kind

    assert _default_kind([("section", 5), ("item", 23), ("paragraph", 2)]) == "item"
    assert _default_kind([("section", 3), ("task", 37), ("paragraph", 400)]) == "task"
    assert _default_kind([("item", 5), ("paragraph", 475)]) == "paragraph"


def test_moved_rows_say_from_where_to_where(site_client):
    html = site_client.get(
        "/s/hailar-district-gwr/compare/2018..2019?kind=moved&boilerplate=1", headers=EN
    ).data.decode()
    rows = _visible_rows(html)
    assert rows and all("moved" in t.split() for t in rows)
    notes = re.findall(r'<p class="moved-note"><span class="k">Moved:</span> ([^<]+)</p>', html)
    assert len(notes) == len(rows)
    assert all(" → " in unescape(n) for n in notes)


def test_unknown_address_and_bad_request_pages(site_client):
    r = site_client.get("/no/such/page", headers=EN)
    assert r.status_code == 404
    assert "There is no page at this address." in r.data.decode()
    assert 'class="topbar"' in r.data.decode()  # the site's layout, not a bare error page
    r = site_client.get("/s/cn-national-gwr/compare?a=x&b=2025", headers=EN)
    assert r.status_code == 400
    assert "Pick two years to compare." in r.data.decode()
    r = site_client.get("/api/v1/no-such-thing")
    assert r.status_code == 404 and r.is_json
