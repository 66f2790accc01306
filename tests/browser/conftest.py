"""Real headless Chromium (Debian's /usr/bin/chromium, driven by Playwright; never downloaded)
against a real server on 127.0.0.1 serving a demo-loaded SQLite archive.

Fixtures: ``live_server`` (``.url``, ``.app``; the demo plus the ``synthetic-seed``
series), ``browser``, and ``page``, a fresh page whose
console errors, page errors and CSP violations are collected in ``page.problems``.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from werkzeug.serving import make_server

from tests.webapp.conftest import DemoArchive, app_config, import_synthetic_series

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

# A listener installed before any page script: CSP violations become console errors we collect.
CSP_PROBE = """
document.addEventListener('securitypolicyviolation', function (e) {
  console.error('CSP violation: ' + e.violatedDirective + ' ' + (e.blockedURI || ''));
});
"""


@dataclass
class LiveServer:
    url: str
    app: Flask


@pytest.fixture(scope="session")
def live_server(
    demo_archive: DemoArchive, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[LiveServer]:
    url, data_dir = demo_archive.copy_to(tmp_path_factory.mktemp("browser-archive"))
    app = create_app_for_browser(url, data_dir)
    with app.app_context():
        from webapp.db import get_session, get_store

        import_synthetic_series(get_session(), get_store())
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield LiveServer(url=f"http://127.0.0.1:{server.server_port}", app=app)
    finally:
        server.shutdown()
        thread.join(timeout=10)
        app.extensions["yearline.engine"].dispose()


def create_app_for_browser(url: str, data_dir: Path) -> Flask:
    from webapp import create_app

    return create_app(app_config(url, data_dir, TESTING=False))


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    if not Path(CHROMIUM).exists():  # pragma: no cover - `make sysdeps` installs it
        pytest.fail(f"{CHROMIUM} is missing: run `make sysdeps`")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1360, "height": 900}, locale="en-US")
    context.add_init_script(CSP_PROBE)
    pg = context.new_page()
    problems: list[str] = []
    pg.on("console", lambda msg: problems.append(msg.text) if msg.type == "error" else None)
    pg.on("pageerror", lambda exc: problems.append(f"page error: {exc}"))
    pg.problems = problems
    yield pg
    context.close()


@pytest.fixture(scope="session")
def screenshot_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Where screenshots go: $YEARLINE_SCREENSHOTS if set (to look at them), else a temp dir."""
    target = os.environ.get("YEARLINE_SCREENSHOTS")
    path = Path(target) if target else tmp_path_factory.mktemp("screenshots")
    path.mkdir(parents=True, exist_ok=True)
    return path
