"""Links and stored pages never come from the Host header a visitor sends.

A Host header is the visitor's to choose: a reset link built from it mails an attacker's address
with a valid token, and a stored page built from it shows the attacker's address to everyone.
"""

from __future__ import annotations

import re

import pytest

from portal import create_app
from portal.background_mail import wait_for_background_mail
from portal.config import ConfigurationError, settings_from_environment
from portal.extensions import limiter
from tests.conftest import CSRF_TOKEN

SITE = "https://jobs.example.org"
EVIL = {"Host": "evil.example"}
GUIDE_URL = "/careers/mental-health-technician"


def production_settings(tmp_path, **overrides) -> dict:
    return {
        "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'production.sqlite3'}",
        "SECRET_KEY": "x",
        # Production refuses the demo billing provider; no request is made with this key.
        "STRIPE_SECRET_KEY": "sk_test_production_settings",
        **overrides,
    }


@pytest.fixture
def production_app(monkeypatch):
    """create_app(...) as production runs it; the limiter's storage is put back afterwards."""
    monkeypatch.setenv("FLASK_DEBUG", "0")
    saved = limiter._storage, limiter._limiter
    yield create_app
    limiter._storage, limiter._limiter = saved


def test_production_refuses_to_start_without_a_site_url(production_app, tmp_path):
    with pytest.raises(ConfigurationError, match="SITE_URL is not set"):
        production_app(production_settings(tmp_path))
    with pytest.raises(ConfigurationError, match="SITE_URL must be an http"):
        production_app(production_settings(tmp_path, SITE_URL="jobs.example.org"))


def test_production_trusts_only_the_site_urls_host_unless_told_otherwise(production_app, tmp_path):
    app = production_app(production_settings(tmp_path, SITE_URL=SITE + "/"))
    assert app.config["TRUSTED_HOSTS"] == ["jobs.example.org"]
    told = settings_from_environment({"TRUSTED_HOSTS": "jobs.example.org, .example.net"}, "")
    assert told["TRUSTED_HOSTS"] == ["jobs.example.org", ".example.net"]
    app = production_app(
        production_settings(tmp_path, SITE_URL=SITE, TRUSTED_HOSTS=told["TRUSTED_HOSTS"])
    )
    assert app.config["TRUSTED_HOSTS"] == ["jobs.example.org", ".example.net"]


def test_a_developers_machine_answers_on_its_loopback_names(tmp_path, monkeypatch):
    monkeypatch.setenv("FLASK_DEBUG", "1")
    saved = limiter._storage, limiter._limiter
    try:
        app = create_app(production_settings(tmp_path, SITE_URL="http://127.0.0.1:5000"))
        unset = create_app(production_settings(tmp_path))
    finally:
        limiter._storage, limiter._limiter = saved
    assert set(app.config["TRUSTED_HOSTS"]) == {"127.0.0.1", "localhost"}
    # `make run` without SITE_URL answers whatever name the developer's browser uses.
    assert unset.config["TRUSTED_HOSTS"] is None


def test_an_unknown_host_gets_a_400_page_not_a_page_of_the_site(client):
    refused = client.get("/", headers=EVIL)
    assert refused.status_code == 400
    assert "evil.example" not in refused.text
    assert client.get("/", headers={"Host": "localhost"}).status_code == 200


def test_a_reset_requested_through_another_host_is_refused(
    app, client, make_user, mailbox, monkeypatch
):
    user = make_user("carol@example.com")
    assert client.get("/reset-password", headers=EVIL).status_code == 400
    # Refused for its host, whatever else it carries.
    monkeypatch.setitem(app.config, "WTF_CSRF_ENABLED", False)
    response = client.post("/reset-password", data={"email": user.email}, headers=EVIL)
    assert response.status_code == 400
    wait_for_background_mail(timeout=10)
    assert mailbox.to(user.email) == []


def test_where_any_host_is_allowed_the_reset_link_still_uses_site_url(
    app, client, make_user, mailbox, monkeypatch
):
    monkeypatch.setitem(app.config, "SITE_URL", SITE)
    monkeypatch.setitem(app.config, "TRUSTED_HOSTS", None)
    user = make_user("carol@example.com")
    form = client.get("/reset-password", headers=EVIL)
    token = CSRF_TOKEN.search(form.text).group(1)
    response = client.post(
        "/reset-password", data={"csrf_token": token, "email": user.email}, headers=EVIL
    )
    assert response.status_code == 200
    (mail,) = mailbox.wait_for(1)
    link = mail.link("/reset-password/")
    assert link.startswith(f"{SITE}/reset-password/")
    assert "evil.example" not in mail.text + mail.html
    # And the link works.
    assert client.get(link.removeprefix(SITE)).status_code == 200


def test_every_absolute_url_on_pages_comes_from_site_url(app, client, monkeypatch):
    monkeypatch.setitem(app.config, "SITE_URL", SITE)
    monkeypatch.setitem(app.config, "TRUSTED_HOSTS", None)
    search = client.get("/jobs/", headers=EVIL).text
    posting = re.search(r'href="(/jobs/\d+-[^"]+)"', search).group(1)
    urls = ["/", "/careers/", GUIDE_URL, "/jobs/", posting, "/pricing", "/jobs/feed.rss"]
    pages = {url: client.get(url, headers=EVIL) for url in [*urls, "/sitemap.xml", "/robots.txt"]}
    for url, response in pages.items():
        assert response.status_code == 200, url
        assert "evil.example" not in response.text, url
    guide = pages[GUIDE_URL].text
    canonical = f"{SITE}{GUIDE_URL}"
    assert f'<link rel="canonical" href="{canonical}">' in guide
    assert f'<meta property="og:url" content="{canonical}">' in guide
    assert f'"url": "{canonical}"' in guide or f'"url":"{canonical}"' in guide
    assert f'<link rel="canonical" href="{SITE}{posting}">' in pages[posting].text
    assert f"<loc>{SITE}/jobs/</loc>" in pages["/sitemap.xml"].text


@pytest.mark.parametrize("site_url", [None, SITE], ids=["no SITE_URL", "SITE_URL"])
def test_visitors_with_a_forged_host_cannot_poison_the_stored_guide_page(
    app, client, monkeypatch, site_url
):
    monkeypatch.setitem(app.config, "SITE_URL", site_url)
    monkeypatch.setitem(app.config, "TRUSTED_HOSTS", None)  # as with no SITE_URL
    for _ in range(6):
        assert client.get(GUIDE_URL, headers=EVIL).status_code == 200
    page = app.test_client().get(GUIDE_URL)
    assert page.status_code == 200
    assert "evil.example" not in page.text
    assert f'<link rel="canonical" href="{site_url or "http://localhost"}{GUIDE_URL}">' in page.text
