"""Signed unsubscribe links: one per alert, no sign-in needed, no expiry (a digest may be read
months later). Deleting the alert is what makes a used link do nothing.

A token is `<alert id>.<user id>.<signature>`: the two numbers need no JSON, and every digest of
a send carries one, so it is signed with one HMAC and nothing more. Links in digests sent before
this format (a serialised, compressed JSON list) still read.
"""

from __future__ import annotations

from flask import current_app
from itsdangerous import BadSignature, Signer, URLSafeSerializer

SALT = "portal.alerts.unsubscribe"


class UnsubscribeSigner:
    """Signs for one secret; a batch makes one and signs every digest's link with it."""

    def __init__(self, secret_key: str) -> None:
        self._signer = Signer(secret_key, salt=SALT)

    def token(self, alert_id: int, user_id: int) -> str:
        return self._signer.sign(f"{alert_id}.{user_id}").decode("ascii")


def unsubscribe_token(alert_id: int, user_id: int) -> str:
    return UnsubscribeSigner(current_app.config["SECRET_KEY"]).token(alert_id, user_id)


def read_unsubscribe_token(token: str) -> tuple[int, int] | None:
    """(alert id, user id) of a valid token; None when it was tampered with."""
    secret = current_app.config["SECRET_KEY"]
    try:
        value = Signer(secret, salt=SALT).unsign(token).decode("ascii")
    except (BadSignature, UnicodeDecodeError):
        return None
    alert_id, dot, user_id = value.partition(".")
    if not dot:  # the first format signs its base64 payload with the same key: no dot in it
        return _read_first_format(secret, token)
    if not (alert_id.isdigit() and user_id.isdigit()):
        return None
    return int(alert_id), int(user_id)


def _read_first_format(secret: str, token: str) -> tuple[int, int] | None:
    try:
        payload = URLSafeSerializer(secret, salt=SALT).loads(token)
    except BadSignature:
        return None
    if (
        not isinstance(payload, list)
        or len(payload) != 2
        or not all(isinstance(part, int) for part in payload)
    ):
        return None
    return payload[0], payload[1]
