"""The site never serves a damaged original: one clear line instead."""

from __future__ import annotations

import archive
from tests.archive.test_fixity import _damage


def test_the_site_answers_a_clear_error_not_the_bytes(app, client) -> None:
    from webapp.db import get_session, get_store

    with app.app_context():
        plan = archive.get_plan(get_session(), series="cn-national-gwr", year=2024)
        store = get_store()
        _damage(store, plan.versions[-1].sha256)
    r = client.get("/s/cn-national-gwr/2024/original", headers={"Accept-Language": "en"})
    assert r.status_code == 500
    assert "damaged" in r.get_data(as_text=True)
