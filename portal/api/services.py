"""Personal access tokens: make one, list and revoke them, and tell who a Bearer token is.

A token is `cpt_` followed by 43 characters of a 32-byte random secret (the prefix makes a
leaked one easy to recognise, for people and for secret scanners). We keep only its SHA-256:
a random 256-bit secret needs no slow hash, and the digest is looked up by equality.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from dataclasses import dataclass
from enum import StrEnum

import sqlalchemy as sa

from portal import clock
from portal.accounts import tokens as account_tokens
from portal.accounts.models import User
from portal.api.models import ApiToken, Scope
from portal.extensions import db

PREFIX = "cpt_"
MAX_TOKENS_PER_USER = 20


class TokenLimitReached(Exception):
    """The account holds as many live tokens as it may."""


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


@dataclass(frozen=True)
class IssuedToken:
    token: ApiToken
    secret: str  # shown once, never stored


def issue_token(user: User, name: str, scope: Scope, expires_on: dt.date | None) -> IssuedToken:
    """A new token for `user`; its secret is in the answer and nowhere else."""
    if len(live_tokens(user.id)) >= MAX_TOKENS_PER_USER:
        raise TokenLimitReached(f"You have {MAX_TOKENS_PER_USER} tokens; revoke one first.")
    secret = PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(
        user_id=user.id,
        name=name.strip()[:100] or "My token",
        scope=scope,
        secret_digest=_digest(secret),
        hint=secret[: len(PREFIX) + 6],
        password_fingerprint=account_tokens.fingerprint(user.password_hash),
        created_at=clock.now(),
        # The end of the chosen day, UTC.
        expires_at=dt.datetime.combine(expires_on, dt.time.max) if expires_on else None,
    )
    db.session.add(token)
    db.session.commit()
    return IssuedToken(token, secret)


def live_tokens(user_id: int) -> list[ApiToken]:
    """The person's tokens that are not revoked (expired ones too, marked so), newest first."""
    return list(
        db.session.scalars(
            sa.select(ApiToken)
            .where(ApiToken.user_id == user_id, ApiToken.revoked_at.is_(None))
            .order_by(ApiToken.created_at.desc(), ApiToken.id.desc())
        )
    )


def revoke_token(user_id: int, token_id: int) -> bool:
    """Revoke the person's own token; False when they have no such live token."""
    token = db.session.get(ApiToken, token_id)
    if token is None or token.user_id != user_id or token.revoked_at is not None:
        return False
    token.revoked_at = clock.now()
    db.session.commit()
    return True


class Refusal(StrEnum):
    """Why a Bearer token was not accepted, in words for the problem's detail."""

    UNKNOWN = "The token is not one we issued."
    REVOKED = "The token was revoked."
    EXPIRED = "The token has expired."
    PASSWORD_CHANGED = "The account's password changed after the token was made."  # noqa: S105
    INACTIVE = "The account is deactivated."


@dataclass(frozen=True)
class Bearer:
    """A token that was accepted, and whose it is."""

    token_id: int
    scope: Scope
    user: User


def authenticate(secret: str, now: dt.datetime | None = None) -> Bearer | Refusal:
    """Who `secret` speaks for, or why nobody: one query (the token with its account)."""
    if not secret.startswith(PREFIX) or len(secret) > 100:
        return Refusal.UNKNOWN
    row = db.session.execute(
        sa.select(ApiToken, User)
        .join(User, User.id == ApiToken.user_id)
        .where(ApiToken.secret_digest == _digest(secret))
    ).first()
    if row is None:
        return Refusal.UNKNOWN
    token, user = row
    if token.revoked_at is not None:
        return Refusal.REVOKED
    if token.is_expired(now or clock.now()):
        return Refusal.EXPIRED
    if not user.is_active:
        return Refusal.INACTIVE
    if not account_tokens.same(
        token.password_fingerprint, account_tokens.fingerprint(user.password_hash)
    ):
        return Refusal.PASSWORD_CHANGED
    return Bearer(token.id, token.scope, user)
