"""Job alerts by push notification (Web Push, RFC 8030/8291, signed with VAPID, RFC 8292), an
option beside the digest mail: the keys, and the browsers people subscribe on /alerts. Sending
is portal/alerts/push_sending.py.

Without VAPID_PUBLIC_KEY, VAPID_PRIVATE_KEY and VAPID_SUBJECT nothing here runs and /alerts
offers no notifications.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from ipaddress import ip_address
from urllib.parse import urlsplit

import sqlalchemy as sa
from flask import Flask, current_app

from portal import clock
from portal.alerts.push_models import PushSubscription
from portal.extensions import db

# The push services of the browsers people use; a subscription naming any other host is
# refused, so the server posts only where a browser's push service lives.
PUSH_SERVICE_HOSTS = (
    "fcm.googleapis.com",  # Chrome, Edge on Android, Opera, Samsung Internet
    "updates.push.services.mozilla.com",  # Firefox
    "notify.windows.com",  # Edge on Windows (*.notify.windows.com)
    "push.apple.com",  # Safari (web.push.apple.com)
)


def init_app(app: Flask) -> None:
    # Named one by one, so deploy/portal.env.example's test sees every variable read.
    app.config.setdefault("VAPID_PUBLIC_KEY", os.environ.get("VAPID_PUBLIC_KEY") or None)
    app.config.setdefault("VAPID_PRIVATE_KEY", os.environ.get("VAPID_PRIVATE_KEY") or None)
    app.config.setdefault("VAPID_SUBJECT", os.environ.get("VAPID_SUBJECT") or None)
    app.config.setdefault("PUSH_SERVICE_HOSTS", PUSH_SERVICE_HOSTS)
    app.config.setdefault("PUSH_TIMEOUT", 10)


@dataclass(frozen=True)
class Vapid:
    public_key: str  # base64url of the uncompressed P-256 point: the browser's applicationServerKey
    private_key: str
    subject: str  # mailto: or https: address push services may contact


def vapid() -> Vapid | None:
    """The keys, or None when push is not set up."""
    config = current_app.config
    keys = (config.get("VAPID_PUBLIC_KEY"), config.get("VAPID_PRIVATE_KEY"))
    subject = config.get("VAPID_SUBJECT")
    if not all(keys) or not subject:
        return None
    return Vapid(keys[0], keys[1], subject)


# -- Subscriptions --------------------------------------------------------------------------


class SubscriptionError(ValueError):
    """A subscription we will not store; the message says why."""


def check_endpoint(endpoint: str) -> str:
    """The endpoint, if it is an https address of a known push service (the server will post
    to it, so it must not name a machine of ours or anyone's). Tests add a loopback host, which
    may then be plain http."""
    if not isinstance(endpoint, str):
        raise SubscriptionError("That is not the address of a browser's push service.")
    parts = urlsplit(endpoint)
    host = (parts.hostname or "").lower()
    allowed = current_app.config["PUSH_SERVICE_HOSTS"]
    known = any(host == name or host.endswith("." + name) for name in allowed)
    if not known or len(endpoint) > 1000:
        raise SubscriptionError("That is not the address of a browser's push service.")
    if parts.scheme != "https" and not (parts.scheme == "http" and _is_loopback(host)):
        raise SubscriptionError("A push service's address must start with https://.")
    return endpoint


def _is_loopback(host: str) -> bool:
    try:
        return ip_address(host).is_loopback
    except ValueError:
        return host == "localhost"


def subscribe(user_id: int, endpoint: str, p256dh: str, auth: str) -> PushSubscription:
    """Store a browser's subscription for `user_id`. A browser belongs to whoever subscribed it
    last (a shared computer): an endpoint already stored moves to this person, with new keys."""
    endpoint = check_endpoint(endpoint)
    if not _is_key(p256dh, 200) or not _is_key(auth, 100):
        raise SubscriptionError("The browser sent incomplete notification keys.")
    subscription = db.session.scalar(
        sa.select(PushSubscription).where(PushSubscription.endpoint == endpoint)
    )
    if subscription is None:
        subscription = PushSubscription(endpoint=endpoint)
        db.session.add(subscription)
    if subscription.user_id != user_id:
        subscription.created_at = clock.now()
    subscription.user_id, subscription.p256dh, subscription.auth = user_id, p256dh, auth
    db.session.commit()
    return subscription


def _is_key(value: object, longest: int) -> bool:
    alphabet = set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_=")
    return isinstance(value, str) and 0 < len(value) <= longest and set(value) <= alphabet


def unsubscribe(user_id: int, endpoint: str | None = None) -> int:
    """Forget one browser of `user_id` (by its endpoint), or all of them; how many went."""
    statement = sa.delete(PushSubscription).where(PushSubscription.user_id == user_id)
    if endpoint is not None:
        statement = statement.where(PushSubscription.endpoint == endpoint)
    removed = db.session.execute(statement).rowcount
    db.session.commit()
    return removed


def device_count(user_id: int) -> int:
    return db.session.scalar(
        sa.select(sa.func.count())
        .select_from(PushSubscription)
        .where(PushSubscription.user_id == user_id)
    )
