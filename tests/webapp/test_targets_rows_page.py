"""Changed targets of an action plan on the compare page: each row names its changed figures
("Target changed: 15 % → 20 %"), and the digest lists the rows whose figures both plans state.
The plans are SYNTHETIC French action plans written for this test (no vocabulary indicator:
the Targets block, which lists the vocabulary's indicators, has nothing to say about them)."""

from __future__ import annotations

import re

from tests.webapp.test_agency_roles_page import _import_pair

EN = {"Accept-Language": "en"}
SERIES = "synthetic-lyon-plan"
PLAN = (
    "Plan d'action {year} (synthétique)\n\nAxe 1 : Une ville plus verte\n\n"
    "Action 1 : Réduire de {cut} la consommation d'énergie des bâtiments municipaux.\n"
    "Pilote : Direction de l'énergie.\n\n"
    "Action 2 : Planter des arbres dans les cours d'école.\nPilote : Direction des parcs.\n"
)


def test_a_changed_figure_is_named_on_its_row_and_in_the_digest(app):
    _import_pair(
        app, SERIES, "Plan d'action (synthétique)",
        (PLAN.format(year=2024, cut="15 %"), PLAN.format(year=2025, cut="20 %")),
    )  # fmt: skip
    html = app.test_client().get(f"/s/{SERIES}/compare/2024..2025", headers=EN).data.decode()
    rows = re.findall(r'<section class="row.*?</section>', html, re.S)
    (row,) = [r for r in rows if "Réduire de" in r]
    assert "badge-target" in row
    assert re.search(r"Target changed:</strong> 15 % → 20 %", row)
    digest = html.split('id="summary"', 1)[1].split("</section>", 1)[0]
    assert "Targets changed" in digest and "15 % → 20 %" in digest
    (same,) = [r for r in rows if "Planter des arbres" in r]
    assert "badge-target" not in same


def test_a_plan_without_changed_figures_has_no_targets_digest(app):
    same = PLAN.format(year=2024, cut="15 %")
    _import_pair(app, SERIES + "-same", "Plan (synthétique)", (same, same.replace("2024", "2025")))
    html = app.test_client().get(f"/s/{SERIES}-same/compare/2024..2025", headers=EN).data.decode()
    assert "Targets changed" not in html and "badge-target" not in html
