"""Brute force: failed sign-ins are counted per account and per address, and the person who hits
the limit gets a clear page in the site layout."""

from __future__ import annotations

import re

import pytest

from portal import create_app
from portal.accounts.throttle import DEFAULT_LIMITS
from portal.extensions import limiter
from tests.accounts.helpers import submit, text
from tests.conftest import DEFAULT_PASSWORD, app_settings
from tests.services import missing_service


def attempt(client, email, password, address="127.0.0.1"):
    return submit(
        client,
        "/login",
        {"email": email, "password": password},
        environ_base={"REMOTE_ADDR": address},
    )


def test_repeated_failures_from_one_address_pause_that_pair_with_a_clear_page(client, make_user):
    user = make_user()
    for number in range(5):
        response = attempt(client, user.email, f"wrong guess {number}", "10.0.0.1")
        assert response.status_code == 200
    blocked = attempt(client, user.email, user.test_password, "10.0.0.1")
    assert blocked.status_code == 429
    page = text(blocked)
    assert "Too many attempts" in page
    minutes = int(re.search(r"try again in (\d+) minutes?", page).group(1))
    assert 1 <= minutes <= 15
    assert 0 < int(blocked.headers["Retry-After"]) <= 15 * 60
    # In the site layout, not a bare error.
    assert "Career guides" in page and "Sign in" in page
    # Other accounts are not affected.
    other = make_user()
    assert attempt(client, other.email, other.test_password, "10.0.0.1").status_code == 303


def test_a_stranger_cannot_lock_a_person_out(app, make_user):
    """OWASP: slow down per account and address; a stranger's guesses do not lock the owner."""
    user = make_user()
    stranger = app.test_client()
    for number in range(8):
        attempt(stranger, user.email, f"wrong guess {number}", "203.0.113.66")
    assert attempt(stranger, user.email, user.test_password, "203.0.113.66").status_code == 429
    owner = app.test_client()
    assert attempt(owner, user.email, user.test_password, "198.51.100.20").status_code == 303


def test_many_failures_from_many_addresses_lock_the_account(app, client, make_user, monkeypatch):
    # 100 an hour by default; fewer here, as each failure costs a password hash.
    monkeypatch.setitem(app.config, "RATELIMIT_SIGN_IN_PER_ACCOUNT", "12 per hour")
    user = make_user()
    for number in range(12):
        assert attempt(client, user.email, "wrong guess", f"10.1.0.{number}").status_code == 200
    assert attempt(client, user.email, user.test_password, "10.1.0.200").status_code == 429
    assert attempt(client, make_user().email, DEFAULT_PASSWORD, "10.1.0.200").status_code == 303


def test_the_defaults_follow_owasp():
    assert DEFAULT_LIMITS["RATELIMIT_SIGN_IN_PER_PAIR"] == "5 per 15 minutes"
    assert DEFAULT_LIMITS["RATELIMIT_SIGN_IN_PER_ACCOUNT"] == "100 per hour"
    assert DEFAULT_LIMITS["RATELIMIT_MAIL_PER_ACCOUNT"] == "3 per hour"


def test_many_accounts_tried_from_one_address_pause_that_address(app, client, make_user):
    for number in range(20):
        response = attempt(client, f"guess{number}@example.com", "password guess", "192.0.2.7")
        assert response.status_code == 200
    user = make_user()
    assert attempt(client, user.email, user.test_password, "192.0.2.7").status_code == 429
    assert attempt(client, user.email, user.test_password, "192.0.2.8").status_code == 303


def test_successful_sign_ins_are_not_counted(app, make_user):
    user = make_user()
    for _ in range(8):
        fresh = app.test_client()
        assert attempt(fresh, user.email, user.test_password).status_code == 303


def test_the_limit_counts_the_address_however_it_is_typed(client, make_user):
    user = make_user("case@example.com")
    for spelling in (
        "CASE@example.com",
        " case@EXAMPLE.com",
        "Case@Example.Com",
        "case@example.com",
    ):
        attempt(client, spelling, "wrong password here")
    attempt(client, "CASE@EXAMPLE.COM", "wrong password here")
    assert attempt(client, user.email, user.test_password).status_code == 429


def test_reset_requests_are_limited_too(client, make_user, mailbox):
    user = make_user()
    for _ in range(3):
        assert submit(client, "/reset-password", {"email": user.email}).status_code == 200
    assert submit(client, "/reset-password", {"email": user.email}).status_code == 429


@pytest.fixture
def redis_limited_app(redis_url, database_url, smtp_server):
    """An app whose limiter keeps its counts in Redis, as REDIS_URL arranges in production.

    Flask-Limiter keeps its storage on the one `limiter` object, so the session app's memory
    storage is put back afterwards.
    """
    saved = limiter._storage, limiter._limiter
    app = create_app(
        app_settings(
            database_url,
            RATELIMIT_STORAGE_URI=redis_url,
            MAIL_SERVER=smtp_server.host,
            MAIL_PORT=smtp_server.port,
        )
    )
    try:
        limiter.storage.reset()
    except Exception as error:  # an unreachable server is a missing service
        missing_service(f"Redis at {redis_url} is not reachable: {error}")
    yield app
    limiter.storage.reset()
    limiter._storage, limiter._limiter = saved


def test_redis_holds_the_counts_when_configured(redis_limited_app, redis_url, make_user):
    import redis

    user = make_user()
    client = redis_limited_app.test_client()
    for number in range(5):
        attempt(client, user.email, f"wrong guess {number}")
    assert attempt(client, user.email, user.test_password).status_code == 429
    counters = redis.Redis.from_url(redis_url).keys("*")
    assert any(user.email.encode() in key for key in counters)
