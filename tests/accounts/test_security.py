"""The security baseline other domains build on: admin pages, response headers, pages without
inline script, and the password policy itself."""

from __future__ import annotations

import re

import pytest

from portal import create_app
from portal.accounts import passwords
from portal.accounts.access import admin_required, login_required
from portal.accounts.models import Role
from portal.accounts.redirects import safe_next_path
from tests.conftest import app_settings, login, mail_settings


@pytest.fixture
def app_with_admin_page(database_url, smtp_server):
    """Another app on the same database, with one admin-only and one signed-in-only page."""
    other = create_app(app_settings(database_url, **mail_settings(smtp_server)))
    other.add_url_rule("/staff", "staff", admin_required(lambda: "staff only"))
    other.add_url_rule("/mine", "mine", login_required(lambda: "signed in"))
    return other


def test_admin_pages_send_visitors_to_sign_in_refuse_users_and_admit_admins(
    app, app_with_admin_page, make_user
):
    anonymous = app_with_admin_page.test_client()
    response = anonymous.get("/staff")
    assert response.status_code == 302
    assert response.headers["Location"] == "/login?next=%2Fstaff"

    person = app_with_admin_page.test_client()
    login(person, make_user(role=Role.USER))
    refused = person.get("/staff")
    assert refused.status_code == 403
    assert "You cannot open this page" in refused.get_data(as_text=True)
    assert person.get("/mine").status_code == 200

    boss = app_with_admin_page.test_client()
    login(boss, make_user(role=Role.ADMIN))
    assert boss.get("/staff").get_data(as_text=True) == "staff only"


ACCOUNT_PAGES = ["/register", "/login", "/reset-password", "/confirm/resend"]
SIGNED_IN_PAGES = ["/account", "/account/email", "/account/password", "/account/delete"]


def test_every_account_page_has_the_security_headers(client, make_user):
    pages = [client.get(url) for url in ACCOUNT_PAGES]
    login(client, make_user())
    pages += [client.get(url) for url in SIGNED_IN_PAGES]
    for page in pages:
        assert page.status_code == 200
        csp = page.headers["Content-Security-Policy"]
        assert "'unsafe-inline'" not in csp
        for directive in ("object-src 'none'", "base-uri 'none'", "frame-ancestors 'none'"):
            assert directive in csp
        assert page.headers["X-Content-Type-Options"] == "nosniff"
        assert page.headers["Referrer-Policy"]
        assert page.headers["Strict-Transport-Security"].startswith("max-age=")


def test_account_pages_need_no_inline_script_or_style(client, make_user):
    pages = [client.get(url) for url in ACCOUNT_PAGES]
    login(client, make_user(confirmed=False))
    pages += [client.get(url) for url in SIGNED_IN_PAGES]
    for page in pages:
        html = page.get_data(as_text=True)
        assert not re.search(r"<script(?![^>]*\ssrc=)", html), "inline <script>"
        assert not re.search(r"\sstyle=", html), "style attribute"
        assert not re.search(r"\son[a-z]+=", html), "inline event handler"


def test_cookies_are_not_secure_only_on_a_developers_machine(monkeypatch, tmp_path):
    monkeypatch.setenv("FLASK_DEBUG", "1")
    debug_app = create_app(
        {"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'dev.sqlite3'}", "SECRET_KEY": "x"}
    )
    assert debug_app.config["SESSION_COOKIE_SECURE"] is False
    assert debug_app.config["REMEMBER_COOKIE_SECURE"] is False
    monkeypatch.setenv("FLASK_DEBUG", "0")
    production = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'prod.sqlite3'}",
            "SECRET_KEY": "x",
            "SITE_URL": "https://jobs.example.org",
            # Production refuses the demo billing provider; no request is made with this key.
            "STRIPE_SECRET_KEY": "sk_test_production_settings",
        }
    )
    assert production.config["SESSION_COOKIE_SECURE"] is True
    assert production.config["REMEMBER_COOKIE_SECURE"] is True
    assert production.config["SESSION_COOKIE_SAMESITE"] == "Lax"


def test_redis_url_moves_the_rate_limit_counts_to_redis(tmp_path):
    from portal.config import settings_from_environment

    settings = settings_from_environment({"REDIS_URL": "redis://cache:6379/2"}, str(tmp_path))
    assert settings["RATELIMIT_STORAGE_URI"] == "redis://cache:6379/2"
    assert settings_from_environment({}, str(tmp_path))["RATELIMIT_STORAGE_URI"] == "memory://"


@pytest.mark.parametrize(
    ("password", "acceptable"),
    [
        ("correct horse battery staple", True),
        ("Tr0ub4dor&3", True),
        ("passwörd-lang-genug", True),
        ("1234567", False),
        ("12345678", False),
        ("PASSWORD", False),
        ("Password2024!", False),
        ("qwertyuiop", False),
        ("iloveyou!!", False),
        ("abababababab", False),
        ("zzzzzzzzzz", False),
    ],
)
def test_the_password_policy(password, acceptable):
    assert (passwords.password_problem(password) is None) is acceptable


def test_hashes_are_argon2id_and_accept_the_same_text_however_it_is_composed():
    composed, decomposed = "caf\u00e9 au lait 42", "cafe\u0301 au lait 42"
    stored = passwords.hash_password(composed)
    assert stored.startswith("$argon2id$")
    assert passwords.verify_password(stored, decomposed)
    assert not passwords.verify_password(stored, "cafe au lait 42")
    assert not passwords.verify_password("not a hash", composed)


@pytest.mark.parametrize(
    ("target", "expected"),
    [
        ("/account", "/account"),
        ("/careers/?page=2#top", "/careers/?page=2#top"),
        ("/%2F%2Fevil.example", "/%2F%2Fevil.example"),  # a path here, never a host
        ("//evil.example", None),
        ("/\\evil.example", None),
        ("https:evil.example", None),
        ("/ok\x00", None),
        ("/" + "a" * 3000, None),
        (None, None),
    ],
)
def test_safe_next_path(target, expected):
    assert safe_next_path(target) == expected
