"""Webhook delivery: signatures the SDK accepts (and rejects when they are wrong or stale), and
the Simulator's control over when, how often and in which order events arrive."""

from __future__ import annotations

import json
import time

import pytest
import stripe

from tests.stripe_fake import Simulator, sign, wsgi_transport
from tests.stripe_fake.fixtures import WEBHOOK_SECRET


@pytest.fixture
def session_id(stripe_client, plus_price):
    return stripe_client.v1.checkout.sessions.create(
        params={
            "mode": "subscription",
            "customer_email": "ada@example.com",
            "line_items": [{"price": plus_price.id, "quantity": 1}],
            "success_url": "https://portal.test/billing/success",
        }
    ).id


def construct(hook, secret=WEBHOOK_SECRET, tolerance=300):
    return stripe.Webhook.construct_event(hook.payload, hook.signature, secret, tolerance)


def test_every_delivery_verifies_with_the_sdk(simulator, session_id, webhook_inbox, stripe_fake):
    simulator.complete_checkout(session_id)
    events = [construct(hook) for hook in webhook_inbox.received]
    assert [e.id for e in events] == [e["id"] for e in stripe_fake.events()]
    completed = events[-1]
    assert completed.type == "checkout.session.completed"
    assert completed.data.object.id == session_id
    assert all(d.ok for d in simulator.deliveries)
    assert {e["pending_webhooks"] for e in stripe_fake.events()} == {0}


def test_signature_matches_the_sdk_scheme():
    payload = json.dumps({"id": "evt_1", "object": "event"})
    expected = stripe.WebhookSignature.generate_signature_header(payload, "whsec_x", 1_700_000_000)
    assert sign(payload, "whsec_x", 1_700_000_000) == expected


def test_wrong_secret_is_rejected(simulator, session_id, webhook_inbox):
    with simulator.hold():
        simulator.complete_checkout(session_id)
    event_id = simulator.pending()[-1]["id"]
    simulator.deliver(event_id, secret="whsec_forged")
    (hook,) = webhook_inbox.received
    with pytest.raises(stripe.SignatureVerificationError):
        construct(hook)


@pytest.mark.parametrize("offset", [-3600, 3600])
def test_stale_or_future_timestamps_are_visible_to_the_receiver(
    simulator, session_id, webhook_inbox, offset
):
    with simulator.hold():
        simulator.complete_checkout(session_id)
    simulator.deliver(simulator.pending()[-1]["id"], timestamp_offset=offset)
    (hook,) = webhook_inbox.received
    timestamp = int(hook.signature.split(",")[0].removeprefix("t="))
    assert abs(timestamp - (int(time.time()) + offset)) <= 5
    if offset < 0:
        with pytest.raises(stripe.SignatureVerificationError, match="outside the tolerance"):
            construct(hook)
    else:
        # The SDK alone accepts timestamps from the future: the app must refuse them itself.
        assert construct(hook).type == "checkout.session.completed"


def test_hold_then_deliver_in_reverse_order(
    simulator, session_id, webhook_inbox, stripe_client, stripe_fake
):
    done = simulator.complete_checkout(session_id)
    webhook_inbox.received.clear()
    with simulator.hold():
        stripe_client.v1.subscriptions.update(
            done.subscription_id, params={"metadata": {"note": "changed"}}
        )
        simulator.cancel_now(done.subscription_id)
    assert webhook_inbox.received == []
    assert [e["type"] for e in simulator.pending()] == [
        "customer.subscription.updated",
        "customer.subscription.deleted",
    ]
    simulator.flush(reverse=True)
    assert webhook_inbox.types() == [
        "customer.subscription.deleted",
        "customer.subscription.updated",
    ]
    assert simulator.pending() == []
    # Every event stays retrievable through the API, delivered or not.
    listed = stripe_client.v1.events.list(params={"type": "customer.subscription.*"})
    assert [e.type for e in listed.data][:2] == [
        "customer.subscription.deleted",
        "customer.subscription.updated",
    ]
    first = stripe_client.v1.events.retrieve(listed.data[0].id)
    assert first.data.object.status == "canceled"


def test_deliver_twice(simulator, session_id, webhook_inbox):
    with simulator.hold():
        simulator.complete_checkout(session_id)
    event_id = simulator.pending()[-1]["id"]
    deliveries = simulator.deliver(event_id, times=2)
    assert [d.event_id for d in deliveries] == [event_id, event_id]
    assert [hook.event["id"] for hook in webhook_inbox.received] == [event_id, event_id]


def test_repeat_delivers_every_event_twice(stripe_fake, webhook_inbox, session_id):
    simulator = Simulator(stripe_fake, webhook_inbox.url, secret=WEBHOOK_SECRET, repeat=2)
    simulator.complete_checkout(session_id)
    ids = [hook.event["id"] for hook in webhook_inbox.received]
    assert len(ids) == 2 * len(set(ids)) == 2 * len(stripe_fake.events())


def test_failed_deliveries_are_retried(simulator, session_id, webhook_inbox):
    webhook_inbox.status = 500
    simulator.complete_checkout(session_id)
    failed = {d.event_id for d in simulator.deliveries}
    assert not any(d.ok for d in simulator.deliveries)
    webhook_inbox.status = 200
    retried = simulator.redeliver_failed()
    assert {d.event_id for d in retried} == failed
    assert all(d.ok for d in retried)
    assert simulator.redeliver_failed() == []


def test_unreachable_webhook_is_recorded_not_raised(stripe_fake, session_id):
    simulator = Simulator(stripe_fake, "http://127.0.0.1:9/nowhere", secret=WEBHOOK_SECRET)
    simulator.complete_checkout(session_id)
    assert simulator.deliveries
    assert all(d.status is None for d in simulator.deliveries)


def test_wsgi_transport_posts_in_process(stripe_fake, session_id):
    from tests.stripe_fake.fixtures import WebhookInbox

    inbox = WebhookInbox()
    simulator = Simulator(
        stripe_fake, transport=wsgi_transport(inbox, "/billing/webhook"), secret=WEBHOOK_SECRET
    )
    simulator.complete_checkout(session_id)
    assert inbox.types()[-1] == "checkout.session.completed"
    assert construct(inbox.received[-1]).type == "checkout.session.completed"
