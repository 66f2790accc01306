"""Supporting agencies on the compare page: shown beside the leads, their changes reported, and
an item whose text stayed while its agencies changed never folded away as unchanged. The plans
are SYNTHETIC (an English action plan with inline role clauses), written for this test."""

from __future__ import annotations

import re

import archive
from comparison import Unit, UnitKind
from tests.exports.test_agency_roles import ROLES_A, ROLES_B
from webapp.views.site import printed_label

EN = {"Accept-Language": "en"}
SERIES = "synthetic-action-plan"
YEAR_A = (
    "Action Plan 2024 (synthetic)\n\nGoal 1: Healthier communities\n"
    "Action 1: Expand community clinics to every district. Lead: Ministry of Health; "
    "Support: Local Councils\n"
    "Action 2: Launch a national screening programme. Lead: Health Promotion Board\n"
    "Goal 2: Safer streets\n"
    "Action 3: Install 2,000 new street lights. Lead: Transport Department\n"
)
YEAR_B = (
    "Action Plan 2025 (synthetic)\n\nGoal 1: Healthier communities\n"
    "Action 1: Expand community clinics to every district. Lead: Local Councils; "
    "Support: Ministry of Health\n"
    "Action 2: Launch a national screening programme. Lead: Health Promotion Board; "
    "Support: Sports Council\n"
    "Goal 2: Safer streets\n"
    "Action 3: Install 2,000 new street lights. Lead: Transport Department\n"
)


def _import_pair(app, slug: str, title: str, texts: tuple[str, str], **series: str) -> None:
    """Archive a synthetic series of two years, 2024 and 2025."""
    with app.app_context():
        from webapp.db import get_session, get_store

        session = get_session()
        archive.ensure_series(session, slug=slug, title=title, language="en", **series)
        for year, text in zip((2024, 2025), texts, strict=True):
            name = f"synthetic-{year}.txt"
            archive.import_version(session, get_store(), series=slug, year=year,
                                   data=text.encode(), filename=name)  # fmt: skip
        session.commit()


def _import(app):
    _import_pair(app, SERIES, "Action Plan (synthetic)", (YEAR_A, YEAR_B), issuer="Synthetic City")


def _row(html: str, label: str) -> str:
    rows = re.findall(r'<section class="row.*?</section>', html, re.S)
    (row,) = [r for r in rows if f">{label}<" in r or f"{label} " in r]
    return row


def test_supporting_agencies_and_their_changes_are_shown(app):
    _import(app)
    html = app.test_client().get(f"/s/{SERIES}/compare/2024..2025", headers=EN).data.decode()
    swapped = _row(html, "Action 1")
    assert '<span class="support">Ministry of Health</span>' in swapped  # 2025: now supporting
    assert "Promoted to lead:" in swapped and "Now supporting:" in swapped
    assert "Primary lead changed:" in swapped
    # same text, one supporting agency more: reported, and not folded into an unchanged run
    joined = _row(html, "Action 2")
    assert "Supporting added:" in joined and "<ins>Sports Council</ins>" in joined
    assert "badge-lead" in joined
    runs = re.findall(r'<details class="run.*?</details>', html, re.S)
    assert not any("Sports Council" in run for run in runs)
    assert any("Install 2,000 new street lights" in run for run in runs)  # truly unchanged
    # the digest lists it with the supporting agency it gained
    assert re.search(r"supporting \+Sports Council", html)


ROLES_SERIES = "synthetic-roles-plan"
# ROLES_A / ROLES_B: the same synthetic pair as the exports test (one definition)


def test_a_promoted_or_demoted_agency_is_listed_once(app):
    """Sports Council moves from supporting to lead, Statistics Office from lead to supporting
    (the primary lead stays): each is named once in its row's agency details, under "Promoted to
    lead" / "Now supporting", not also under "Leads added" / "Leads removed". The JSON keeps the
    engine's fields (a promotion is a lead added there too)."""
    _import_pair(app, ROLES_SERIES, "Roles Plan (synthetic)", (ROLES_A, ROLES_B))
    client = app.test_client()
    html = client.get(f"/s/{ROLES_SERIES}/compare/2024..2025", headers=EN).data.decode()
    for label, name, heading, tag in (
        ("Action 1", "Sports Council", "Promoted to lead:", "ins"),
        ("Action 2", "Statistics Office", "Now supporting:", "del"),
    ):
        details = re.search(r'<p class="lead-change.*?</p>', _row(html, label), re.S)
        assert details, label
        text = details.group(0)
        assert heading in text and f"<{tag}>{name}</{tag}>" in text
        assert text.count(name) == 1, text
        assert "Leads added:" not in text and "Leads removed:" not in text
    # the one-line notes of the page's digest and of the reports' summary say the change of
    # role, naming each agency once (not "+Sports Council", a bare lead added)
    digest = re.sub(r"<[^>]+>", " ", re.search(r'id="summary".*?</section>', html, re.S).group())
    md = client.get(f"/s/{ROLES_SERIES}/compare/2024..2025.md?lang=en").data.decode()
    summary = md.split("## Provenance")[0]
    for text in (" ".join(digest.split()), summary):
        assert "Promoted to lead: Sports Council" in text and text.count("Sports Council") == 1
        assert "Now supporting: Statistics Office" in text
        assert text.count("Statistics Office") == 1
    api = client.get(f"/api/v1/series/{ROLES_SERIES}/compare/2024..2025").get_json()
    by_a = {tuple(m["a"]): m["lead_units"] for m in api["matches"]}
    assert by_a[("g1.a1",)]["added"] == ["Sports Council"] == by_a[("g1.a1",)]["promoted"]
    assert by_a[("g1.a2",)]["removed"] == ["Statistics Office"] == by_a[("g1.a2",)]["demoted"]


def test_printed_labels_use_chinese_punctuation_only_for_chinese_numerals():
    def label(kind: UnitKind, key: str, text: str) -> str:
        return printed_label(Unit(key, None, 1, kind, text, "", ""))

    assert label(UnitKind.SECTION, "s1", "一") == "一、"
    assert label(UnitKind.TASK, "s1.t2", "二") == "（二）"
    assert label(UnitKind.SECTION, "c1", "一") == "第一"
    assert label(UnitKind.SECTION, "s1", "Ⅰ") == "Ⅰ."
    assert label(UnitKind.TASK, "g1", "Goal 1") == "Goal 1"
    assert label(UnitKind.ITEM, "s1.i1.n1", "가") == "가."


def test_exports_carry_supporting_agencies(app):
    import csv
    import io

    _import(app)
    client = app.test_client()
    body = client.get(f"/s/{SERIES}/compare/2024..2025.csv?lang=en").data.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(body)))
    head = rows[0]
    col = {name: head.index(name) for name in head}
    by_b = {r[col["B key"]]: r for r in rows[1:] if len(r) == len(head)}
    assert by_b["g1.a2"][col["Supporting agencies added"]] == "Sports Council"
    assert by_b["g1.a1"][col["B supporting agencies"]] == "Ministry of Health"
    assert by_b["g1.a1"][col["A supporting agencies"]] == "Local Councils"
    md = client.get(f"/s/{SERIES}/compare/2024..2025.md?lang=en").data.decode()
    assert "Supporting agencies added: Sports Council" in md  # the entry's agency line
    assert "(supporting +Sports Council)" in md  # and the executive summary's agency list


FILTER_SERIES = "synthetic-filter-plan"
FILTER_A = (
    "Filter Plan 2024 (synthetic)\n\nGoal 1: Services\n"
    "Action 1: Expand community clinics to every district. Lead: Ministry of Health; "
    "Support: Local Councils\n"
    "Action 2: Launch a national screening programme. Lead: Health Promotion Board\n"
    "Action 3: Close the old ferry terminal for repairs. Lead: Port Authority\n"
)
FILTER_B = (
    "Filter Plan 2025 (synthetic)\n\nGoal 1: Services\n"
    "Action 1: Expand community clinics to every district. Lead: Local Councils; "
    "Support: Ministry of Health\n"
    "Action 2: Launch a national screening programme. Lead: Health Promotion Board; "
    "Support: Sports Council\n"
    "Action 3: Build a cycling lane along the northern coast. Lead: Transport Department; "
    "Support: Parks Board\n"
)


def test_the_lead_change_filter_keeps_the_same_entries_on_the_page_and_in_downloads(app):
    """``kind=lead`` is the page's "lead change" chip: continuing entries whose agencies changed
    (a supporting agency too). Every download of that filter holds those entries, not also the
    new and dropped ones (whose agencies come and go with them: they are new or dropped), and
    its executive summary lists the same ones as the page's digest."""
    import csv
    import io

    _import_pair(app, FILTER_SERIES, "Filter Plan (synthetic)", (FILTER_A, FILTER_B))
    client = app.test_client()
    base = f"/s/{FILTER_SERIES}/compare/2024..2025"
    full = client.get(f"{base}.json").get_json()
    assert full["new"] and full["dropped"]  # else leaving them out could not be seen
    html = client.get(f"{base}?kind=lead", headers=EN).data.decode()
    shown = re.findall(r'<section class="row [^"]*" data-tags="([^"]*)"[^>]*>', html)
    lead_rows = [t for t in shown if "lead" in t.split()]
    assert len(lead_rows) == 2 and not any({"new", "dropped"} & set(t.split()) for t in lead_rows)
    data = client.get(f"{base}.json?kind=lead").get_json()
    assert sorted(m["a"][0] for m in data["matches"]) == ["g1.a1", "g1.a2"]
    assert data["new"] == [] and data["dropped"] == [] and data["filter"]["entries"] == 2
    body = client.get(f"{base}.csv?kind=lead&lang=en").data.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(body)))
    head = rows[0]
    entries = [r for r in rows[1:] if len(r) == len(head) and r[head.index("A key")] != "g1"]
    assert sorted(r[head.index("A key")] for r in entries) == ["g1.a1", "g1.a2"]
    md = client.get(f"{base}.md?lang=en").data.decode()  # unfiltered: its digest
    digest = md.split("**Lead-agency changes** (", 1)[1].split("\n\n", 2)
    assert digest[0].startswith("2)"), digest[0]
