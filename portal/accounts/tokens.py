"""Signed, expiring tokens for the links we mail: confirm an address, reset a password, confirm a
new address.

Each purpose has its own salt, so a token minted for one can never be used for another. Tokens
are signed, not encrypted: they hold only ids, addresses the recipient already knows and a keyed
fingerprint, never a password hash.
"""

from __future__ import annotations

import hashlib
import hmac
from enum import StrEnum
from typing import Any

from flask import current_app
from itsdangerous import BadSignature, SignatureExpired, TimestampSigner, URLSafeTimedSerializer


class Purpose(StrEnum):
    CONFIRM_EMAIL = "confirm-email"
    RESET_PASSWORD = "reset-password"  # noqa: S105 - a salt name, not a password
    CHANGE_EMAIL = "change-email"
    EMPLOYER_EMAIL = "employer-email"  # an employer's work address (portal.talent)


MAX_AGE_SECONDS = {
    Purpose.CONFIRM_EMAIL: 7 * 24 * 3600,
    Purpose.RESET_PASSWORD: 3600,
    Purpose.CHANGE_EMAIL: 24 * 3600,
    Purpose.EMPLOYER_EMAIL: 7 * 24 * 3600,
}


class TokenError(Exception):
    """The link is malformed, tampered with, for another purpose, or expired."""

    def __init__(self, expired: bool) -> None:
        super().__init__("expired" if expired else "invalid")
        self.expired = expired


def _serializer(purpose: Purpose, issued_at: float | None = None) -> URLSafeTimedSerializer:
    signer: type[TimestampSigner] = TimestampSigner
    if issued_at is not None:
        # Minting a token as of another time is how the tests produce an expired link.
        class _BackdatedSigner(TimestampSigner):
            def get_timestamp(self) -> int:
                return int(issued_at)

        signer = _BackdatedSigner
    return URLSafeTimedSerializer(
        current_app.config["SECRET_KEY"], salt=f"portal.accounts.{purpose}", signer=signer
    )


def issue(purpose: Purpose, payload: dict[str, Any], issued_at: float | None = None) -> str:
    return _serializer(purpose, issued_at).dumps(payload)


def read(purpose: Purpose, token: str) -> dict[str, Any]:
    """The payload of a valid, unexpired token for `purpose`; raises TokenError otherwise."""
    try:
        payload = _serializer(purpose).loads(token, max_age=MAX_AGE_SECONDS[purpose])
    except SignatureExpired as error:
        raise TokenError(expired=True) from error
    except BadSignature as error:
        raise TokenError(expired=False) from error
    if not isinstance(payload, dict):
        raise TokenError(expired=False)
    return payload


def fingerprint(value: str) -> str:
    """A short keyed digest of a secret (a password hash): it changes when the secret changes,
    and reveals nothing about it."""
    key = current_app.config["SECRET_KEY"].encode()
    return hmac.new(key, value.encode(), hashlib.sha256).hexdigest()[:32]


def same(a: str, b: str) -> bool:
    return hmac.compare_digest(a.encode(), b.encode())
