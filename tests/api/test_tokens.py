"""Personal access tokens: made on /account/tokens, shown once, kept as a digest, and refused
once revoked, expired, after a password change or deactivation; read scope cannot write."""

from __future__ import annotations

import datetime as dt
import hashlib

import sqlalchemy as sa

from portal import clock
from portal.accounts import services as accounts
from portal.accounts.models import Role
from portal.api.models import ApiToken
from portal.extensions import db
from tests.api.conftest import bearer, make_token
from tests.conftest import csrf_token, login, logout

PROBLEM = "application/problem+json"


def refused(client, secret: str, why: str) -> None:
    response = client.get("/api/v1/me", headers=bearer(secret))
    assert response.status_code == 401
    assert response.mimetype == PROBLEM
    problem = response.get_json()
    assert problem["type"] == "http://localhost/api/docs#problem-invalid-token"
    assert why in problem["detail"]
    assert response.headers["WWW-Authenticate"].startswith("Bearer")


def test_a_token_is_shown_once_kept_as_a_digest_listed_and_works(app, client, make_user):
    user = make_user(name="Ada Tokens")
    secret = make_token(app, user, name="Phone app")
    assert secret.startswith("cpt_") and len(secret) > 40
    stored = db.session.scalar(sa.select(ApiToken).where(ApiToken.user_id == user.id))
    assert stored.secret_digest == hashlib.sha256(secret.encode()).hexdigest()
    assert secret not in {stored.name, stored.hint, stored.secret_digest}

    login(client, user)
    listing = client.get("/account/tokens").get_data(as_text=True)
    assert "Phone app" in listing and stored.hint in listing
    assert secret not in listing  # never shown again

    me = client.get("/api/v1/me", headers=bearer(secret))
    assert me.status_code == 200
    assert me.get_json()["name"] == "Ada Tokens"
    assert me.get_json()["plan"]["key"] == "free"
    assert "bookmarks" in me.get_json()["entitlements"]


def test_the_tokens_page_needs_sign_in_and_its_forms_need_csrf(app, client, make_user):
    assert client.get("/account/tokens").status_code == 302
    user = make_user()
    login(client, user)
    response = client.post("/account/tokens", data={"name": "No token", "scope": "read"})
    assert response.status_code in (400, 403)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(ApiToken)) == 0
    blank = client.post(
        "/account/tokens",
        data={"csrf_token": csrf_token(client, "/account/tokens"), "name": "", "scope": "read"},
    )
    assert blank.status_code == 400 and "Give the token a name." in blank.get_data(as_text=True)


def test_a_revoked_token_is_refused(app, client, make_user):
    user = make_user()
    secret = make_token(app, user)
    token_id = db.session.scalar(sa.select(ApiToken.id).where(ApiToken.user_id == user.id))
    login(client, user)
    response = client.post(
        f"/account/tokens/{token_id}/revoke",
        data={"csrf_token": csrf_token(client, "/account/tokens")},
    )
    assert response.status_code == 303
    refused(client, secret, "revoked")
    # Nobody revokes another person's token.
    other = make_user()
    other_secret = make_token(app, other)
    other_id = db.session.scalar(sa.select(ApiToken.id).where(ApiToken.user_id == other.id))
    response = client.post(
        f"/account/tokens/{other_id}/revoke",
        data={"csrf_token": csrf_token(client, "/account/tokens")},
    )
    assert response.status_code == 404
    assert client.get("/api/v1/me", headers=bearer(other_secret)).status_code == 200


def test_an_expired_token_is_refused_after_its_last_day(app, client, make_user):
    user = make_user()
    secret = make_token(app, user, expires_on="2026-12-01")
    assert client.get("/api/v1/me", headers=bearer(secret)).status_code == 200
    clock.set_now(dt.datetime(2026, 12, 1, 23, 59))
    assert client.get("/api/v1/me", headers=bearer(secret)).status_code == 200
    clock.set_now(dt.datetime(2026, 12, 2, 0, 0, 1))
    refused(client, secret, "expired")


def test_a_password_change_or_deactivation_stops_tokens_and_signing_out_does_not(
    app, client, make_user
):
    user = make_user()
    secret = make_token(app, user)
    login(client, user)
    logout(client)  # signing out everywhere leaves programs working
    assert client.get("/api/v1/me", headers=bearer(secret)).status_code == 200
    login(client, user)
    response = client.post(
        "/account/password",
        data={
            "csrf_token": csrf_token(client, "/account/password"),
            "current_password": user.test_password,
            "password": "a brand new passphrase 42",
        },
    )
    assert response.status_code == 303
    refused(client, secret, "password changed")

    other = make_user()
    other_secret = make_token(app, other)
    accounts.set_active(other, False)
    refused(client, other_secret, "deactivated")


def test_unknown_and_malformed_tokens_are_refused(client):
    refused(client, "cpt_" + "x" * 43, "not one we issued")
    response = client.get("/api/v1/me", headers={"Authorization": "Basic abc"})
    assert response.status_code == 401
    assert response.get_json()["type"].endswith("#problem-token-required")


def test_a_read_token_reads_but_cannot_write(app, client, make_user):
    user = make_user()
    secret = make_token(app, user, scope="read")
    assert client.get("/api/v1/me/bookmarks", headers=bearer(secret)).status_code == 200
    for method, url in (
        ("PUT", "/api/v1/me/bookmarks/1"),
        ("POST", "/api/v1/me/applications"),
        ("DELETE", "/api/v1/me/alerts/1"),
        ("PUT", "/api/v1/me/resume"),
    ):
        response = client.open(url, method=method, headers=bearer(secret), json={"jobId": 1})
        assert response.status_code == 403, url
        assert response.mimetype == PROBLEM
        assert response.get_json()["type"].endswith("#problem-insufficient-scope")
    assert client.get("/api/v1/me/bookmarks", headers=bearer(secret)).get_json()["total"] == 0


def test_a_token_opens_no_page_of_the_site_not_even_an_admins(app, client, make_user):
    admin = make_user(role=Role.ADMIN)
    secret = make_token(app, admin)
    for url in ("/admin/", "/account", "/bookmarks"):
        response = app.test_client().get(url, headers=bearer(secret))
        assert response.status_code == 302 and response.headers["Location"].startswith("/login")
