"""Signed unsubscribe links: one per alert, no sign-in needed, no expiry (a digest may be read
months later). Deleting the alert is what makes a used link do nothing."""

from __future__ import annotations

from flask import current_app
from itsdangerous import BadSignature, URLSafeSerializer

SALT = "portal.alerts.unsubscribe"


def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt=SALT)


def unsubscribe_token(alert_id: int, user_id: int) -> str:
    return _serializer().dumps([alert_id, user_id])


def read_unsubscribe_token(token: str) -> tuple[int, int] | None:
    """(alert id, user id) of a valid token; None when it was tampered with."""
    try:
        payload = _serializer().loads(token)
    except BadSignature:
        return None
    if (
        not isinstance(payload, list)
        or len(payload) != 2
        or not all(isinstance(part, int) for part in payload)
    ):
        return None
    return payload[0], payload[1]
