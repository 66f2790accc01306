"""The rendered compare and series pages kept for anonymous readers follow what they show that
can change without a new version: the series' title and issuer (``archive.ensure_series``
overwrites them in place, as ``yearline demo`` does after its manifest changed). The renamed
title is SYNTHETIC."""

from __future__ import annotations

from pathlib import Path

import archive
from webapp import create_app
from webapp.db import get_session

from .conftest import app_config, english_client, seed_archive

SLUG = "hailar-district-gwr"
COMPARE = f"/s/{SLUG}/compare/2018..2019"
SERIES = f"/s/{SLUG}"
OLD_TITLE, NEW_TITLE = "Hailar before (synthetic)", "Hailar renamed (synthetic)"
OLD_ISSUER, NEW_ISSUER = "Issuer before (synthetic)", "Issuer renamed (synthetic)"


def test_a_renamed_series_shows_its_new_title_on_kept_pages(sqlite_template, tmp_path: Path):
    plans = [(SLUG, 2018), (SLUG, 2019)]
    url, _tokens = seed_archive(sqlite_template, tmp_path, plans=plans, titles={SLUG: OLD_TITLE})
    app = create_app(app_config(url, tmp_path / "blobs"))
    try:
        with app.app_context():
            archive.ensure_series(get_session(), slug=SLUG, issuer=OLD_ISSUER)
            get_session().commit()
        anon = english_client(app)
        first = {path: anon.get(path).get_data(as_text=True) for path in (COMPARE, SERIES)}
        assert all(OLD_TITLE in html for html in first.values())
        assert OLD_ISSUER in first[SERIES]
        n_kept = len(app.extensions["yearline.page_cache"])
        assert n_kept == 2
        # kept: the same bytes again, nothing rendered anew
        assert anon.get(COMPARE).get_data(as_text=True) == first[COMPARE]
        assert len(app.extensions["yearline.page_cache"]) == n_kept

        with app.app_context():
            archive.ensure_series(get_session(), slug=SLUG, title=NEW_TITLE, issuer=NEW_ISSUER)
            get_session().commit()
        for path in (COMPARE, SERIES):
            html = anon.get(path).get_data(as_text=True)
            assert NEW_TITLE in html and OLD_TITLE not in html, path
        series_page = anon.get(SERIES).get_data(as_text=True)
        assert NEW_ISSUER in series_page and OLD_ISSUER not in series_page
    finally:
        app.extensions["yearline.engine"].dispose()
