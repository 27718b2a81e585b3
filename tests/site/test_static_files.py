"""Static files under hashed names in production: pages name `site.<hash>.css`, which may be
kept for a year because a changed file gets a new name; development keeps the plain names."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pytest

from portal import create_app
from portal.extensions import limiter
from portal.site.static_files import hashed_name
from tests.conftest import app_settings

STATIC = Path(__file__).resolve().parents[2] / "portal" / "static"
CAREERS_STATIC = STATIC.parent / "careers" / "static"


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()[:12]


@pytest.fixture
def hashed_app(app, database_url):
    """A second app on the test database, as production names static files."""
    saved = limiter._storage, limiter._limiter
    try:
        yield create_app(app_settings(database_url, STATIC_HASHED_NAMES=True))
    finally:
        limiter._storage, limiter._limiter = saved


def test_pages_name_static_files_by_their_content_and_browsers_may_keep_them(hashed_app):
    client = hashed_app.test_client()
    html = client.get("/careers/mental-health-technician").text
    site_css = f"/static/css/site.{digest(STATIC / 'css' / 'site.css')}.css"
    guide_css = f"/careers/static/guide.{digest(CAREERS_STATIC / 'guide.css')}.css"
    assert f'href="{site_css}"' in html
    assert f'href="{guide_css}"' in html
    assert 'href="/static/css/site.css"' not in html
    for url, path in [
        (site_css, STATIC / "css" / "site.css"),
        (guide_css, CAREERS_STATIC / "guide.css"),
    ]:
        response = client.get(url)
        assert response.status_code == 200
        assert response.data == path.read_bytes()
        cache = response.headers["Cache-Control"]
        assert "immutable" in cache and "max-age=31536000" in cache and "public" in cache
        response.close()


def test_plain_names_still_work_without_the_year_long_lifetime(hashed_app):
    with hashed_app.test_client().get("/static/css/site.css") as response:
        assert response.status_code == 200
        assert "immutable" not in response.headers["Cache-Control"]
        assert "max-age=3600" in response.headers["Cache-Control"]


def test_a_name_with_another_files_hash_is_not_found(hashed_app):
    # A page of an older release asks for a file that has changed since: a 404, never today's
    # file under yesterday's name kept for a year.
    response = hashed_app.test_client().get("/static/css/site.0123456789ab.css")
    assert response.status_code == 404


def test_development_and_tests_keep_the_plain_names(client):
    html = client.get("/careers/mental-health-technician").text
    assert 'href="/static/css/site.css"' in html
    assert not re.search(r"/static/css/site\.[0-9a-f]{12}\.css", html)


def test_collect_writes_every_file_under_both_names_as_the_urls_lay_them_out(app, tmp_path):
    result = app.test_cli_runner().invoke(args=["assets", "collect", str(tmp_path)])
    assert result.exit_code == 0, result.output
    site_css = (STATIC / "css" / "site.css").read_bytes()
    assert (tmp_path / "static" / "css" / "site.css").read_bytes() == site_css
    hashed = tmp_path / "static" / "css" / f"site.{digest(STATIC / 'css' / 'site.css')}.css"
    assert hashed.read_bytes() == site_css
    assert (
        tmp_path / "careers" / "static" / f"guide.{digest(CAREERS_STATIC / 'guide.css')}.css"
    ).exists()
    assert "collected" in result.output


def test_a_changed_file_gets_a_new_name():
    assert hashed_name("css/site.css", b"a") != hashed_name("css/site.css", b"b")
    assert re.fullmatch(r"css/site\.[0-9a-f]{12}\.css", hashed_name("css/site.css", b"a"))
    assert re.fullmatch(r"LICENSE\.[0-9a-f]{12}", hashed_name("LICENSE", b"a"))
    assert re.fullmatch(r"js/app\.min\.[0-9a-f]{12}\.js", hashed_name("js/app.min.js", b"a"))
