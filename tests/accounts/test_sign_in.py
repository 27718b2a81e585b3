"""Signing in and out: messages that do not reveal accounts, remember me, revocation, fixation,
inactivity and where a `next` parameter may lead."""

from __future__ import annotations

import time

import argon2
import pytest

from portal.accounts import services
from portal.accounts.sessions import LAST_SEEN
from portal.extensions import db
from tests.accounts.helpers import submit, text
from tests.conftest import csrf_token, login, logout

REMEMBER_COOKIE = "remember_token"


def sign_in(client, email, password, remember=False, url="/login"):
    data = {"email": email, "password": password}
    if remember:
        data["remember"] = "y"
    return submit(client, url, data)


def signed_in(client) -> bool:
    return client.get("/account").status_code == 200


def test_signing_in_leads_to_the_account_page(client, make_user):
    user = make_user("grace@example.com", name="Grace Hopper")
    response = sign_in(client, "  GRACE@example.com ", user.test_password)
    assert response.status_code == 303
    assert response.headers["Location"] == "/account"
    page = text(client.get("/account"))
    assert "grace@example.com" in page
    assert "Your account" in page and "Sign out" in page
    db.session.refresh(user)
    assert user.last_signed_in_at is not None


def test_a_wrong_password_and_an_unknown_email_get_the_same_answer(client, make_user):
    make_user("known@example.com")
    wrong_password = sign_in(client, "known@example.com", "not the password at all")
    unknown_email = sign_in(client, "unknown@example.com", "not the password at all")
    assert wrong_password.status_code == unknown_email.status_code == 200
    message = "That email and password do not match an account."
    assert message in text(wrong_password)
    assert text(wrong_password).replace("known@", "X@") == text(unknown_email).replace(
        "unknown@", "X@"
    )
    assert not signed_in(client)


def test_an_unknown_email_costs_the_same_hashing_as_a_wrong_password(
    client, make_user, monkeypatch
):
    """Without a dummy hash, an unknown address would answer ~50 ms sooner than a known one.

    Timing is measured in benchmarks, not tests: here we count the Argon2 work each answer costs.
    """
    make_user("known@example.com")
    verified: list[argon2.Parameters] = []
    real_verify = argon2.PasswordHasher.verify

    def counting_verify(self, hash, password):
        verified.append(argon2.extract_parameters(hash))
        return real_verify(self, hash, password)

    monkeypatch.setattr(argon2.PasswordHasher, "verify", counting_verify)

    sign_in(client, "known@example.com", "not the password at all")
    known = list(verified)
    verified.clear()
    sign_in(client, "unknown@example.com", "not the password at all")

    assert len(known) == 1
    assert verified == known


def test_a_deactivated_account_cannot_sign_in(client, make_user):
    user = make_user(active=False)
    response = sign_in(client, user.email, user.test_password)
    assert "This account has been deactivated" in text(response)
    # Only the right password reveals that: a wrong one gets the usual answer.
    assert "do not match" in text(sign_in(client, user.email, "wrong password here"))
    assert not signed_in(client)


def test_deactivating_ends_open_sessions_and_remember_me(app, client, make_user):
    user = make_user()
    login(client, user, remember=True)
    other = app.test_client()
    login(other, user)
    services.set_active(user, False)
    assert not signed_in(client)
    assert not signed_in(other)


def test_session_and_remember_me_cookies_are_locked_down(client, make_user):
    user = make_user()
    response = login(client, user, remember=True)
    cookies = {
        header.split("=", 1)[0]: header.lower() for header in response.headers.getlist("Set-Cookie")
    }
    for name in ("session", REMEMBER_COOKIE):
        assert "httponly" in cookies[name]
        assert "samesite=lax" in cookies[name]
        assert "secure" in cookies[name]
    assert "expires=" in cookies[REMEMBER_COOKIE]
    # Without "remember me" the session cookie lasts only as long as the browser.
    assert "expires=" not in cookies["session"]


def test_remember_me_signs_in_again_after_the_browser_session_ends(client, make_user):
    user = make_user()
    login(client, user, remember=True)
    client.delete_cookie("session")  # the browser was closed
    assert signed_in(client)


def test_without_remember_me_a_new_browser_session_is_signed_out(client, make_user):
    user = make_user()
    login(client, user)
    assert client.get_cookie(REMEMBER_COOKIE) is None
    client.delete_cookie("session")
    assert not signed_in(client)


def test_signing_out_ends_the_session_and_copies_of_its_cookies(app, client, make_user):
    user = make_user()
    login(client, user, remember=True)
    stolen_session = client.get_cookie("session").value
    stolen_remember = client.get_cookie(REMEMBER_COOKIE).value
    other_device = app.test_client()
    login(other_device, user)

    response = logout(client)
    assert response.headers["Location"] == "/"
    assert "You have signed out" in text(client.get("/"))
    assert not signed_in(client)
    assert client.get_cookie(REMEMBER_COOKIE) is None

    replay = app.test_client()
    replay.set_cookie("session", stolen_session)
    replay.set_cookie(REMEMBER_COOKIE, stolen_remember)
    assert not signed_in(replay)
    assert not signed_in(other_device)


def test_sign_out_needs_a_post_with_a_csrf_token(client, make_user):
    login(client, make_user())
    assert client.get("/logout").status_code == 405
    response = client.post("/logout")
    assert response.status_code == 400
    assert "This form has expired" in text(response)
    assert signed_in(client)


def test_forms_without_a_csrf_token_are_refused(client, make_user):
    user = make_user()
    response = client.post("/login", data={"email": user.email, "password": user.test_password})
    assert response.status_code == 400
    assert "This form has expired" in text(response)
    forged = client.post(
        "/login",
        data={"email": user.email, "password": user.test_password, "csrf_token": "forged"},
    )
    assert forged.status_code == 400
    assert not signed_in(client)


def test_the_session_changes_at_sign_in(app, client, make_user):
    """Session fixation: a session cookie planted before sign-in is worth nothing after it."""
    user = make_user()
    csrf_token(client, "/login")  # the visitor has an anonymous session
    with client.session_transaction() as planted:
        planted["planted_by_attacker"] = True
    before = client.get_cookie("session").value

    login(client, user)
    after = client.get_cookie("session").value
    assert after != before
    with client.session_transaction() as session:
        assert "planted_by_attacker" not in session

    attacker = app.test_client()
    attacker.set_cookie("session", before)
    assert not signed_in(attacker)


def test_a_session_ends_after_inactivity(app, client, make_user):
    login(client, make_user())
    idle = app.config["SESSION_IDLE_MINUTES"] * 60
    with client.session_transaction() as session:
        session[LAST_SEEN] = int(time.time()) - idle - 5
    response = client.get("/account")
    assert response.status_code == 302
    assert "signed out after a while without activity" in text(client.get("/login"))


def test_activity_keeps_a_session_alive(app, client, make_user):
    login(client, make_user())
    idle = app.config["SESSION_IDLE_MINUTES"] * 60
    with client.session_transaction() as session:
        session[LAST_SEEN] = int(time.time()) - idle + 30
    assert signed_in(client)
    with client.session_transaction() as session:
        assert session[LAST_SEEN] >= int(time.time()) - 5


def test_remember_me_outlives_the_inactivity_limit(app, client, make_user):
    login(client, make_user(), remember=True)
    with client.session_transaction() as session:
        session[LAST_SEEN] = 0
    assert signed_in(client)


def test_pages_for_signed_in_people_send_others_to_sign_in_and_back(client, make_user):
    user = make_user()
    response = client.get("/account/password")
    assert response.status_code == 302
    assert response.headers["Location"] == "/login?next=%2Faccount%2Fpassword"
    signed = sign_in(
        client, user.email, user.test_password, url="/login?next=%2Faccount%2Fpassword"
    )
    assert signed.headers["Location"] == "/account/password"


@pytest.mark.parametrize(
    "target",
    [
        "//evil.example",
        "//evil.example/account",
        "https://evil.example",
        "https:evil.example",
        "http:/evil.example",
        "/\\evil.example",
        "\\\\evil.example",
        "/\\/evil.example",
        "\\/evil.example",
        "/\t/evil.example",
        "/\n/evil.example",
        " //evil.example",
        "javascript:alert(1)",
        "evil.example",
        "",
    ],
)
def test_next_never_leads_to_another_site(client, make_user, target):
    user = make_user()
    response = client.post(
        "/login",
        query_string={"next": target},
        data={
            "csrf_token": csrf_token(client, "/login"),
            "email": user.email,
            "password": user.test_password,
        },
    )
    assert response.status_code == 303
    assert response.headers["Location"] == "/account"
    # Already signed in, the sign-in page itself redirects: it must not follow `next` either.
    again = client.get("/login", query_string={"next": target})
    assert again.headers["Location"] == "/account"


def test_next_may_lead_to_our_own_paths(client, make_user):
    user = make_user()
    response = sign_in(
        client, user.email, user.test_password, url="/login?next=%2Fcareers%2F%3Fpage%3D2"
    )
    assert response.headers["Location"] == "/careers/?page=2"


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"email": "someone@example.com"},
        {"password": "whatever it is"},
        {"email": "x" * 10_000, "password": "p" * 10_000},
        {"email": "nul\x00@example.com", "password": "nul\x00password"},
        {"email": "用户@例子.广告", "password": "пароль пароль"},
    ],
)
def test_odd_sign_in_input_is_answered_not_crashed_on(client, data):
    response = submit(client, "/login", data)
    assert response.status_code == 200
    assert not signed_in(client)


def test_a_signed_in_page_loads_the_account_once(client, make_user, count_queries):
    login(client, make_user())
    count_queries.statements.clear()
    assert client.get("/account").status_code == 200
    account_loads = [sql for sql in count_queries.statements if "FROM users" in sql]
    assert len(account_loads) == 1, count_queries.statements
    # The rest is the plan line: the plan catalogue (cached per process), subscription, customer.
    assert count_queries.count <= 4, count_queries.statements
