"""Who an API request speaks for: its `Authorization: Bearer` token, never a session cookie.

The API's blueprints are exempt from CSRF protection, which is safe only because nothing here
reads the session: a browser sends cookies on its own, but never a Bearer token. Tokens sign
no session in either (no `login_manager.request_loader`), so they open no HTML page, admin's
included.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from flask import current_app, g, request
from flask_limiter.util import get_remote_address

from portal.api import services
from portal.api.problems import Problem

WRITES = frozenset({"POST", "PUT", "PATCH", "DELETE"})
_UNSET = object()


def _bearer_secret() -> str | None:
    header = request.headers.get("Authorization", "")
    scheme, _, secret = header.partition(" ")
    if scheme.lower() != "bearer":
        return None
    return secret.strip()


def current_bearer() -> services.Bearer | services.Refusal | None:
    """The request's token as accepted (or why not); None without one. Looked up once per
    request: the rate limiter asks first, then the view."""
    found = g.get("api_bearer", _UNSET)
    if found is _UNSET:
        secret = _bearer_secret()
        found = None if secret is None else services.authenticate(secret)
        g.api_bearer = found
    return found  # type: ignore[return-value]


def rate_limit_key() -> str:
    """A token's own count, or the address's for calls without a valid token (so guessing
    tokens is limited by address)."""
    bearer = current_bearer()
    if isinstance(bearer, services.Bearer):
        return f"api-token:{bearer.token_id}"
    return f"api-address:{get_remote_address()}"


def rate_limit_value() -> str:
    with_token = isinstance(current_bearer(), services.Bearer)
    return current_app.config["API_TOKEN_RATE_LIMIT" if with_token else "API_ADDRESS_RATE_LIMIT"]


def personal(view: Callable[..., Any]) -> Callable[..., Any]:
    """The view needs a valid token; one of the read scope may not change anything. The
    view gets the token's account as `g.api_user`."""

    @functools.wraps(view)
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        bearer = current_bearer()
        challenge = {"WWW-Authenticate": 'Bearer realm="api"'}
        if bearer is None:
            raise Problem(
                "token-required", "Send Authorization: Bearer <token>.", headers=challenge
            )
        if isinstance(bearer, services.Refusal):
            raise Problem(
                "invalid-token",
                bearer.value,
                headers={"WWW-Authenticate": 'Bearer realm="api", error="invalid_token"'},
            )
        if request.method in WRITES and bearer.scope != services.Scope.READ_WRITE:
            raise Problem(
                "insufficient-scope", "This token has the read scope; make a read-write one."
            )
        g.api_user = bearer.user
        return view(*args, **kwargs)

    return wrapped
