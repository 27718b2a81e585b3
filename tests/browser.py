"""Browser tests: the portal served for real on 127.0.0.1, driven by Debian's Chromium.

`live_server` runs the app in a background thread (werkzeug's server on a free port) with its own
SQLite file, migrated and seeded: not the rolled-back session of the other tests, which a second
thread could not see. Tests using it must not also use the `app` fixture. Mail goes to the same
test SMTP server. Screenshots go to test-artifacts/.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from flask import Flask
from flask_migrate import upgrade
from werkzeug.serving import make_server

from portal import create_app
from portal.extensions import db
from portal.seeding import run_seeders
from tests.services import missing_service

PROJECT_ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = PROJECT_ROOT / "test-artifacts"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@dataclass(frozen=True)
class LiveServer:
    url: str
    app: Flask

    def __call__(self, path: str) -> str:
        return self.url + path


@pytest.fixture(scope="session")
def live_server(tmp_path_factory, smtp_server) -> Iterator[LiveServer]:
    from tests.conftest import MIGRATIONS, app_settings, mail_settings

    database = tmp_path_factory.mktemp("live") / "portal.sqlite3"
    app = create_app(app_settings(f"sqlite:///{database}", **mail_settings(smtp_server)))
    with app.app_context():
        upgrade(directory=MIGRATIONS)
        run_seeders(Path(app.config["SEEDS_DIR"]))
    server = make_server("127.0.0.1", 0, answered_whole(app), threaded=True)
    # Links in mail lead back to this server, as SITE_URL arranges in production.
    app.config["SITE_URL"] = f"http://127.0.0.1:{server.server_port}"
    thread = threading.Thread(target=server.serve_forever, name="live-server", daemon=True)
    thread.start()
    try:
        yield LiveServer(f"http://127.0.0.1:{server.server_port}", app)
    finally:
        server.shutdown()
        thread.join(timeout=10)
        with app.app_context():
            db.engine.dispose()


def answered_whole(app):
    """The app, each response read whole before werkzeug's development server writes it. When
    Chromium drops a connection mid-response (a favicon it stopped wanting), that server skips
    closing the response, leaving a static file open: a ResourceWarning, an error here."""

    def wsgi(environ, start_response):
        response = app(environ, start_response)
        try:
            return [b"".join(response)]
        finally:
            if hasattr(response, "close"):
                response.close()

    return wsgi


@pytest.fixture(scope="session")
def browser():
    executable = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
    if not os.path.exists(executable):
        missing_service(f"no Chromium at {executable} (set CHROMIUM_PATH)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=executable, headless=True, args=CHROMIUM_ARGS
        )
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture
def browser_page(browser):
    """A fresh browser context (no cookies) and page, sized like a laptop screen."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    try:
        yield page
    finally:
        context.close()


def screenshot(page, name: str) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


WIDTHS = (1280, 360)  # a laptop and a small phone: every screen is checked at both

_SIDEWAYS = "document.documentElement.scrollWidth <= document.documentElement.clientWidth"


def has_no_sideways_scroll(page) -> bool:
    """No horizontal scrollbar: nothing on the page is wider than the window."""
    return page.evaluate(_SIDEWAYS)


def widest_elements(page, limit: int = 5) -> list[str]:
    """For a failure message: the elements that stick out past the window's right edge."""
    return page.evaluate(
        """limit => Array.from(document.querySelectorAll('body *'))
          .filter(e => e.getBoundingClientRect().right > document.documentElement.clientWidth + 0.5)
          .slice(-limit).map(e => e.tagName.toLowerCase() + (e.className ? '.' + e.className : '')
            + ' ' + Math.round(e.getBoundingClientRect().right) + 'px')""",
        limit,
    )


def serious_violations(page) -> list:
    """axe-core's serious and critical findings on the page as it is now (axe.min.js comes
    bundled with axe-playwright-python: nothing is downloaded)."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    return [
        (violation["id"], [node["target"] for node in violation["nodes"]])
        for violation in results.response["violations"]
        if violation["impact"] in {"serious", "critical"}
    ]


def check_screen(page, name: str) -> None:
    """What every screen must pass at the window's current width: no sideways scrolling, no
    serious accessibility finding; and its screenshot, `<name>-<width>px.png`."""
    width = page.viewport_size["width"]
    assert has_no_sideways_scroll(page), (name, width, widest_elements(page))
    assert serious_violations(page) == [], (name, width)
    screenshot(page, f"{name}-{width}px")


def at_width(page, width: int) -> None:
    page.set_viewport_size({"width": width, "height": 900 if width > 600 else 780})
