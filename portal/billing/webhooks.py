"""Stripe's webhook: a thin view that checks the signature, over `handle_event(event)`, a plain
function that the demo provider's checkout also calls.

Every subscription or invoice event makes us fetch the subscription from Stripe and copy its
current state, so events that arrive late, twice or out of order can never move a subscription
back to an older state (https://docs.stripe.com/webhooks#event-ordering). Each event id is
recorded in the same transaction as its effects; a second delivery finds it and changes nothing.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Mapping
from typing import Any

import stripe
from flask import current_app, jsonify, request

from portal.billing import services
from portal.billing.blueprint import bp
from portal.billing.providers import NotFound, current_provider
from portal.billing.state import db

log = logging.getLogger(__name__)

SUBSCRIPTION_EVENTS = (
    "customer.subscription.created",
    "customer.subscription.updated",
    "customer.subscription.deleted",
)
INVOICE_EVENTS = ("invoice.paid", "invoice.payment_failed")
HANDLED = ("checkout.session.completed", *SUBSCRIPTION_EVENTS, *INVOICE_EVENTS)


class InvalidWebhook(Exception):
    """Not a genuine, fresh event from Stripe."""


def verify_event(payload: bytes, header: str | None, secret: str | None, tolerance: int) -> dict:
    """The event in `payload` if `header` signs it with `secret` within `tolerance` seconds of
    now, in either direction (the SDK alone accepts timestamps from the future)."""
    if not secret:
        raise InvalidWebhook("no webhook secret is configured (STRIPE_WEBHOOK_SECRET)")
    try:
        stripe.WebhookSignature.verify_header(payload, header, secret, tolerance)
    except stripe.SignatureVerificationError as error:
        raise InvalidWebhook(str(error)) from error
    timestamps = [
        int(value)
        for name, _, value in (part.partition("=") for part in (header or "").split(","))
        if name.strip() == "t" and value.strip().isdigit()
    ]
    if not timestamps or max(timestamps) > time.time() + tolerance:
        raise InvalidWebhook("the signature's timestamp is in the future")
    try:
        event = json.loads(payload)
    except ValueError as error:
        raise InvalidWebhook("the payload is not JSON") from error
    if not isinstance(event, dict) or not _text(event.get("id")) or not _text(event.get("type")):
        raise InvalidWebhook("the payload is not an event")
    # Every Stripe event carries the object it is about; one without is not an event we can
    # apply, and Stripe resending it would not change that (a 5xx would make it retry).
    data = event.get("data")
    if not isinstance(data, dict) or not isinstance(data.get("object"), dict):
        raise InvalidWebhook("the event has no data.object")
    return event


def _text(value: Any) -> str | None:
    """A non-empty string from a payload, or None for anything else (a number, a list...)."""
    return value if isinstance(value, str) and value else None


@bp.post("/billing/webhook")
def webhook():
    """Stripe's endpoint: 400 for anything not signed by Stripe or not shaped like an event
    (nothing changes), 500 when an event could not be handled (Stripe retries it), 200
    otherwise."""
    config = current_app.config
    try:
        event = verify_event(
            request.get_data(),
            request.headers.get("Stripe-Signature"),
            config.get("STRIPE_WEBHOOK_SECRET"),
            config["STRIPE_WEBHOOK_TOLERANCE"],
        )
    except InvalidWebhook as error:
        log.warning("Refused a webhook: %s", error)
        return jsonify(error=str(error)), 400
    try:
        outcome = handle_event(event)
    except Exception as error:
        db.session.rollback()
        log.exception("Could not handle Stripe event %s (%s)", event["id"], event["type"])
        services.record_failure(event, error)
        return jsonify(error="could not handle the event; please retry"), 500
    services.resolve_failures(event["id"])
    return jsonify(received=True, outcome=outcome), 200


def handle_event(event: Mapping[str, Any]) -> str:
    """Apply one Stripe event and commit. Returns what happened: "processed", "duplicate",
    "not ours" or "ignored" (a type we do not handle). Raises when it could not be applied;
    then nothing is written."""
    if event["type"] not in HANDLED:
        return "ignored"
    record = services.start_event(event["id"], event["type"])
    if record is None:
        db.session.rollback()
        return "duplicate"
    obj = event["data"]["object"]
    subscription_id = subscription_of(event["type"], obj)
    ours = False
    if subscription_id:
        try:
            remote = current_provider().retrieve_subscription(subscription_id)
        except NotFound:
            # Stripe has no such subscription (test data deleted in the dashboard): nothing of
            # ours to update, and retrying would not change that.
            remote = None
        ours = remote is not None and services.sync_subscription(remote) is not None
    if event["type"] == "checkout.session.completed":
        ours = checkout_completed(obj) or ours
    record.outcome = "processed" if ours else "not ours"
    db.session.commit()
    return record.outcome


def subscription_of(event_type: str, obj: Mapping[str, Any]) -> str | None:
    """The id of the subscription an event is about, if any."""
    if event_type in SUBSCRIPTION_EVENTS:
        return _text(obj.get("id"))
    if event_type in INVOICE_EVENTS:
        # Since API version 2025-03-31.basil an invoice names its subscription under
        # parent.subscription_details; older payloads had a top-level `subscription`.
        details = _member(_member(obj, "parent"), "subscription_details")
        return _text(details.get("subscription")) or _text(obj.get("subscription"))
    if event_type == "checkout.session.completed" and obj.get("mode") == "subscription":
        return _text(obj.get("subscription"))
    return None


def _member(obj: Mapping[str, Any], name: str) -> Mapping[str, Any]:
    """A nested object of a payload, empty when it is missing or not an object."""
    value = obj.get(name)
    return value if isinstance(value, dict) else {}


def checkout_completed(session: Mapping[str, Any]) -> bool:
    """A finished checkout of ours: forget it as the user's open one. True when it was ours."""
    customer = services.user_id_for_customer(_text(session.get("customer")))
    if customer is None:
        return False
    row = services.customer_for_user(customer)
    if row is not None and row.checkout_session_id == session.get("id"):
        row.checkout_session_id = None
    return True
