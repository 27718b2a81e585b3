"""The site's chrome: configuration safety, headers, robots.txt, sitemap.xml, error pages."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from portal import create_app
from portal.config import (
    ConfigurationError,
    database_uri,
    engine_options,
    settings_from_environment,
)
from tests.conftest import app_settings


def test_production_refuses_to_start_without_a_secret_key(monkeypatch, tmp_path):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    monkeypatch.delenv("FLASK_DEBUG", raising=False)
    with pytest.raises(ConfigurationError, match="SECRET_KEY is not set"):
        create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/x.sqlite3"})


def test_the_command_line_names_the_missing_secret_key(tmp_path):
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    env = {"PATH": "/usr/bin:/bin", "DATABASE_URL": f"sqlite:///{tmp_path}/x.sqlite3"}
    result = subprocess.run(
        [sys.executable, "-m", "flask", "--app", "wsgi", "seed"],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


def test_debug_without_a_key_gets_a_stable_development_key(monkeypatch, tmp_path):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    monkeypatch.setenv("FLASK_DEBUG", "1")
    settings = {"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/x.sqlite3"}
    first = create_app(settings).config["SECRET_KEY"]
    assert first and create_app(settings).config["SECRET_KEY"] == first


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        (None, "sqlite:////srv/instance/portal.sqlite3"),
        ("postgres://u:p@db/portal", "postgresql+psycopg://u:p@db/portal"),
        ("postgresql://u:p@db/portal", "postgresql+psycopg://u:p@db/portal"),
        ("sqlite:////tmp/other.sqlite3", "sqlite:////tmp/other.sqlite3"),
    ],
)
def test_database_url_selects_the_driver(url, expected):
    assert database_uri(url, "/srv/instance") == expected


@pytest.mark.parametrize("value", ["soon", "-1", "nan"])
def test_a_bad_recheck_interval_is_refused_by_name(value, tmp_path):
    with pytest.raises(ConfigurationError, match="PAGE_RECHECK_SECONDS must be a number"):
        settings_from_environment({"PAGE_RECHECK_SECONDS": value}, str(tmp_path))


def test_engine_options_follow_the_database_the_app_gets(tmp_path, monkeypatch):
    # Only a database server gets its pooled connections pinged.
    assert engine_options(database_uri(None, str(tmp_path))) == {}
    postgres = engine_options(database_uri("postgresql://db/x", str(tmp_path)))
    assert postgres["pool_pre_ping"] is True
    # Every statement is planned for its own parameters (tests/jobs/test_search.py says why).
    assert postgres["connect_args"]["prepare_threshold"] is None
    # The environment's DATABASE_URL does not decide for an app given another database.
    monkeypatch.setenv("DATABASE_URL", "postgresql://db/x")
    app = create_app(app_settings("sqlite:///" + str(tmp_path / "other.sqlite3")))
    assert app.config["SQLALCHEMY_ENGINE_OPTIONS"] == {}


def test_the_recheck_interval_takes_fractions_of_a_second(tmp_path):
    settings = settings_from_environment({"PAGE_RECHECK_SECONDS": "2.5"}, str(tmp_path))
    assert settings["PAGE_RECHECK_SECONDS"] == 2.5


def test_security_headers_on_every_response(client):
    for path in ["/", "/careers/mental-health-technician", "/no-such-page", "/robots.txt"]:
        headers = client.get(path).headers
        policy = headers["Content-Security-Policy"]
        assert "script-src 'self'" in policy and "unsafe-inline" not in policy
        for directive in ["object-src 'none'", "base-uri 'none'", "frame-ancestors 'none'"]:
            assert directive in policy
        assert headers["X-Content-Type-Options"] == "nosniff"
        assert headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
        assert headers["Strict-Transport-Security"].startswith("max-age=")


def test_robots_points_at_the_sitemap(client):
    text = client.get("/robots.txt").text
    assert "Sitemap: http://localhost/sitemap.xml" in text
    assert "Disallow: /admin" in text


def test_sitemap_lists_the_published_guides(client):
    response = client.get("/sitemap.xml")
    assert response.mimetype == "application/xml"
    namespace = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    locations = [loc.text for loc in ET.fromstring(response.data).findall("s:url/s:loc", namespace)]
    assert "http://localhost/careers/mental-health-technician" in locations
    assert "http://localhost/" in locations


def test_an_unknown_page_is_a_404_in_the_layout(client):
    response = client.get("/definitely/not/here")
    assert response.status_code == 404
    assert "Page not found" in response.text
    assert 'class="site-header"' in response.text


def test_a_wrong_method_is_a_405_page_not_a_crash(client):
    response = client.post("/careers/mental-health-technician")
    assert response.status_code in {400, 405}  # CSRF or method: either way a page, not a 500
    assert 'class="site-header"' in response.text


def test_a_crash_shows_the_500_page_in_the_layout(database_url):
    from tests.conftest import app_settings

    app = create_app(app_settings(database_url, PROPAGATE_EXCEPTIONS=False))

    @app.get("/__crash")
    def crash():
        raise RuntimeError("boom")

    response = app.test_client().get("/__crash")
    assert response.status_code == 500
    assert "Something went wrong on our side" in response.text
    assert 'class="site-header"' in response.text
    assert "boom" not in response.text


def test_a_database_server_gets_connect_statement_and_pool_timeouts(tmp_path):
    environ = {
        "DATABASE_URL": "postgresql://db/x",
        "DATABASE_CONNECT_TIMEOUT": "3",
        "DATABASE_STATEMENT_TIMEOUT_MS": "2500",
        "DATABASE_POOL_TIMEOUT": "4",
    }
    settings = settings_from_environment(environ, str(tmp_path))
    options = engine_options(settings["SQLALCHEMY_DATABASE_URI"], settings)
    assert options["connect_args"]["connect_timeout"] == 3
    assert options["connect_args"]["options"] == "-c statement_timeout=2500"
    assert options["pool_timeout"] == 4
    # The defaults bound all three; 0 lifts the statement limit (for long batch commands).
    defaults = settings_from_environment({"DATABASE_URL": "postgresql://db/x"}, str(tmp_path))
    options = engine_options(defaults["SQLALCHEMY_DATABASE_URI"], defaults)
    assert options["connect_args"]["connect_timeout"] == 5
    assert options["connect_args"]["options"] == "-c statement_timeout=15000"
    assert options["pool_timeout"] == 10
    unlimited = {**defaults, "DATABASE_STATEMENT_TIMEOUT_MS": 0}
    assert (
        "options"
        not in engine_options(defaults["SQLALCHEMY_DATABASE_URI"], unlimited)["connect_args"]
    )


def test_postgresql_cancels_a_statement_past_the_timeout(tmp_path):
    import sqlalchemy as sa

    from portal.extensions import db
    from tests.services import scratch_postgres_url

    app = create_app(app_settings(scratch_postgres_url(), DATABASE_STATEMENT_TIMEOUT_MS=300))
    try:
        with app.app_context():
            assert db.session.scalar(sa.text("SHOW statement_timeout")) == "300ms"
            with pytest.raises(sa.exc.OperationalError, match="statement timeout"):
                db.session.execute(sa.text("SELECT pg_sleep(2)"))
            db.session.rollback()
    finally:
        with app.app_context():
            db.engine.dispose()


def test_every_page_has_an_icon_and_favicon_ico_is_one(client):
    for path in ("/", "/jobs/", "/login", "/careers/mental-health-technician"):
        html = client.get(path).get_data(as_text=True)
        assert '<link rel="icon" href="/static/favicon.svg" type="image/svg+xml">' in html, path
        assert '<link rel="icon" href="/favicon.ico"' in html, path
    with client.get("/favicon.ico") as icon:
        assert icon.status_code == 200
        assert icon.mimetype == "image/vnd.microsoft.icon"
        # An ICONDIR header: reserved 0, type 1 (icon), then at least one image.
        assert icon.data[:4] == b"\x00\x00\x01\x00" and icon.data[4] >= 1
    with client.get("/static/favicon.svg") as svg:
        assert svg.status_code == 200 and svg.mimetype == "image/svg+xml"
        ET.fromstring(svg.data)  # well-formed
