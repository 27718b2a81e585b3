"""API tests: tokens are made the way a person makes them, on /account/tokens (CSRF on)."""

from __future__ import annotations

import re

import pytest

from tests.conftest import csrf_token, login

NEW_TOKEN = re.compile(r'<code id="new-token">(cpt_[A-Za-z0-9_-]+)</code>')


def make_token(app, user, *, scope: str = "read-write", name: str = "Test", expires_on: str = ""):
    """Sign in on a fresh client, make a token on the tokens page and return its secret."""
    client = app.test_client()
    login(client, user)
    response = client.post(
        "/account/tokens",
        data={
            "csrf_token": csrf_token(client, "/account/tokens"),
            "name": name,
            "scope": scope,
            "expires_on": expires_on,
        },
    )
    assert response.status_code == 200, response.get_data(as_text=True)
    match = NEW_TOKEN.search(response.get_data(as_text=True))
    assert match, "the new token is not on the page"
    return match.group(1)


def bearer(secret: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {secret}"}


@pytest.fixture
def token(app, make_user):
    """A read-write token of a new user: (user, secret)."""
    user = make_user()
    return user, make_token(app, user)
