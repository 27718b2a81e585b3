"""The shortcuts a cookieless visit takes through the session, sign-in and the rate limiter
(portal/request_shortcuts.py) end where the libraries would have: nothing is set for a visitor,
and every limit that applies is still applied."""

from __future__ import annotations

from flask import Flask, session
from flask_limiter.util import get_remote_address

from portal.request_shortcuts import CookieSessionInterface, RouteLimiter
from tests.conftest import login


def test_a_visitor_without_cookies_is_given_none(client):
    for path in ("/robots.txt", "/jobs/", "/careers/mental-health-technician"):
        response = client.get(path)
        assert response.status_code == 200
        assert "Set-Cookie" not in response.headers, path
        assert "Cookie" in response.vary  # the page differs for a signed-in person


def test_sessions_still_carry_a_sign_in(client, make_user):
    login(client, make_user(name="Wren Ashdown"))
    assert "Your account" in client.get("/jobs/").text


def _app(limiter: RouteLimiter) -> Flask:
    app = Flask(__name__)
    app.config.update(SECRET_KEY="test", RATELIMIT_STORAGE_URI="memory://")
    app.session_interface = CookieSessionInterface()
    limiter.init_app(app)

    @app.get("/open")
    def open_route():
        return "open"

    @app.get("/limited")
    @limiter.limit("2 per minute")
    def limited_route():
        return "limited"

    @app.get("/session")
    def reads_session():
        session["seen"] = True
        return "ok"

    return app


def test_a_limit_on_every_route_is_still_checked():
    client = _app(RouteLimiter(key_func=get_remote_address, default_limits=["2 per minute"]))
    client = client.test_client()
    assert [client.get("/open").status_code for _ in range(3)] == [200, 200, 429]


def test_decorated_limits_hold_and_other_routes_are_not_limited():
    limiter = RouteLimiter(key_func=get_remote_address, headers_enabled=True)
    client = _app(limiter).test_client()
    assert all(client.get("/open").status_code == 200 for _ in range(5))
    assert "X-RateLimit-Limit" not in client.get("/open").headers
    statuses = [client.get("/limited") for _ in range(3)]
    assert [response.status_code for response in statuses] == [200, 200, 429]
    assert statuses[0].headers["X-RateLimit-Limit"] == "2"


def test_the_cookie_session_reads_what_it_wrote_and_ignores_a_forged_one():
    client = _app(RouteLimiter(key_func=get_remote_address)).test_client()
    response = client.get("/session")
    assert "session=" in response.headers["Set-Cookie"]
    with client.session_transaction() as saved:
        assert saved["seen"] is True
    client.set_cookie("session", "eyJzZWVuIjp0cnVlfQ.forged.signature")
    with client.session_transaction() as forged:
        assert "seen" not in forged
