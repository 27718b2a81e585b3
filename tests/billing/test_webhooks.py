"""POST /billing/webhook: only Stripe's signed, fresh events get in; each is applied once, in
any order; a failure answers 5xx so that Stripe retries."""

from __future__ import annotations

import json
import time

import pytest
import stripe
from sqlalchemy import func, select

from portal.billing.models import Subscription, WebhookEvent
from portal.billing.providers import EXTENSION_KEY
from portal.billing.providers.stripe_provider import StripeBillingProvider
from portal.extensions import db
from tests.billing.helpers import (
    ad_slot_shown,
    assert_one_row_per_event,
    checkout_session_id,
    client_transport,
    event_rows,
    plan_line,
    start_checkout,
    subscription_row,
)
from tests.stripe_fake import Simulator, sign
from tests.stripe_fake.fixtures import WEBHOOK_SECRET


def subscription_rows() -> int:
    return db.session.scalar(select(func.count()).select_from(Subscription))


@pytest.fixture
def held_checkout(client, member, simulator):
    """A paid checkout whose events Stripe has not delivered yet; returns the completed event."""
    session_id = checkout_session_id(start_checkout(client))
    with simulator.hold():
        simulator.complete_checkout(session_id)
    (completed,) = [e for e in simulator.pending() if e["type"] == "checkout.session.completed"]
    return completed


@pytest.mark.parametrize(
    ("options", "reason"),
    [
        ({"secret": "whsec_forged"}, "No signatures found matching"),
        ({"timestamp_offset": -600}, "outside the tolerance"),
        ({"timestamp_offset": 600}, "in the future"),
    ],
    ids=["forged signature", "stale timestamp", "far-future timestamp"],
)
def test_events_not_freshly_signed_by_stripe_are_refused_and_change_nothing(
    client, simulator, held_checkout, options, reason
):
    (delivery,) = simulator.deliver(held_checkout["id"], **options)

    assert delivery.status == 400
    assert reason in json.loads(delivery.response)["error"]
    assert event_rows() == 0
    assert subscription_rows() == 0
    assert ad_slot_shown(client)
    assert plan_line(client).startswith("Free")


def test_a_little_clock_skew_is_accepted(client, simulator, held_checkout):
    (delivery,) = simulator.deliver(held_checkout["id"], timestamp_offset=60)
    assert delivery.status == 200
    assert not ad_slot_shown(client)


def test_requests_without_a_signature_or_an_event_are_refused(app, client, stripe_billing):
    assert client.post("/billing/webhook", data=b"{}").status_code == 400
    for payload in (b"not json", b"[]", b'{"id": "evt_1"}'):
        header = sign(payload.decode(), WEBHOOK_SECRET, int(time.time()))
        response = client.post(
            "/billing/webhook", data=payload, headers={"Stripe-Signature": header}
        )
        assert response.status_code == 400, payload
    assert event_rows() == 0


def test_without_a_webhook_secret_nothing_gets_in(client, simulator, held_checkout, app):
    app.config["STRIPE_WEBHOOK_SECRET"] = None  # monkeypatched by stripe_billing; restored after
    (delivery,) = simulator.deliver(held_checkout["id"])
    assert delivery.status == 400
    assert "STRIPE_WEBHOOK_SECRET" in delivery.response


def test_the_same_event_delivered_twice_is_applied_once(
    app, client, member, stripe_fake, stripe_billing
):
    twice = Simulator(
        stripe_fake,
        transport=client_transport(app.test_client()),
        secret=WEBHOOK_SECRET,
        repeat=2,
    )
    done = twice.complete_checkout(checkout_session_id(start_checkout(client)))

    by_event: dict[str, list[str]] = {}
    for delivery in twice.deliveries:
        assert delivery.status == 200
        by_event.setdefault(delivery.event_id, []).append(json.loads(delivery.response)["outcome"])
    handled = [outcomes for outcomes in by_event.values() if outcomes[0] == "processed"]
    assert len(handled) == 3  # subscription created, invoice paid, checkout completed
    assert all(outcomes == ["processed", "duplicate"] for outcomes in handled)
    recorded = db.session.scalars(select(WebhookEvent.stripe_event_id)).all()
    assert len(recorded) == len(set(recorded)) == 3
    assert subscription_rows() == 1
    assert subscription_row(done.subscription_id).status == "active"
    assert not ad_slot_shown(client)


def test_updated_before_created_ends_in_the_latest_state(client, member, simulator, stripe_fake):
    session_id = checkout_session_id(start_checkout(client))
    with simulator.hold():
        done = simulator.complete_checkout(session_id)
        simulator.cancel_at_period_end(done.subscription_id)
    types = [event["type"] for event in simulator.pending()]
    assert types.index("customer.subscription.updated") > types.index(
        "customer.subscription.created"
    )

    deliveries = simulator.flush(reverse=True)  # the update arrives first, the creation last

    assert all(d.ok for d in deliveries)
    row = subscription_row(done.subscription_id)
    assert row.status == "active" and row.cancel_at_period_end
    assert plan_line(client).startswith("Plus until")
    assert not ad_slot_shown(client)
    assert_one_row_per_event(simulator)


def test_a_late_event_never_moves_a_subscription_back(client, member, simulator, stripe_fake):
    session_id = checkout_session_id(start_checkout(client))
    with simulator.hold():
        done = simulator.complete_checkout(session_id)
        simulator.cancel_now(done.subscription_id)
    simulator.flush(reverse=True)  # "deleted" first, then the older "created" and "paid"
    assert subscription_row(done.subscription_id).status == "canceled"
    assert ad_slot_shown(client)


def test_events_for_a_customer_that_is_not_ours_are_acknowledged_and_ignored(
    client, member, simulator, stripe_billing, plus_plan
):
    stranger = stripe_billing.client.v1.customers.create(params={"email": "else@example.com"})
    price = stripe_billing.price_for(plus_plan.lookup_key)
    session = stripe_billing.client.v1.checkout.sessions.create(
        params={
            "mode": "subscription",
            "customer": stranger.id,
            "line_items": [{"price": price.id, "quantity": 1}],
            "success_url": "https://elsewhere.example/thanks",
        }
    )

    simulator.complete_checkout(session.id)

    assert all(d.status == 200 for d in simulator.deliveries)
    assert subscription_rows() == 0
    outcomes = dict(db.session.execute(select(WebhookEvent.type, WebhookEvent.outcome)).all())
    assert outcomes["customer.subscription.created"] == "not ours"
    assert outcomes["checkout.session.completed"] == "not ours"
    assert ad_slot_shown(client)


def test_event_types_we_do_not_handle_get_a_2xx_and_no_row(client, simulator, stripe_billing):
    stripe_billing.client.v1.customers.create(params={"email": "someone@example.com"})
    deliveries = simulator.flush()  # with the product.created and price.created of the sync
    assert {d.event_type for d in deliveries} == {
        "product.created",
        "price.created",
        "customer.created",
    }
    for delivery in deliveries:
        assert delivery.status == 200
        assert json.loads(delivery.response)["outcome"] == "ignored"
    assert event_rows() == 0


def test_when_stripe_cannot_be_reached_the_webhook_answers_5xx_and_the_retry_works(
    app, client, simulator, held_checkout, stripe_billing, monkeypatch
):
    unreachable = stripe.StripeClient(
        "sk_test_unreachable",
        base_addresses={"api": "http://127.0.0.1:9"},
        max_network_retries=0,
    )
    monkeypatch.setitem(app.extensions, EXTENSION_KEY, StripeBillingProvider(unreachable))

    deliveries = simulator.flush()

    failed = [d for d in deliveries if d.status == 500]
    assert {d.event_type for d in failed} >= {
        "customer.subscription.created",
        "invoice.paid",
        "checkout.session.completed",
    }
    assert event_rows() == 0 and subscription_rows() == 0
    assert ad_slot_shown(client)

    monkeypatch.setitem(app.extensions, EXTENSION_KEY, stripe_billing)
    retried = simulator.redeliver_failed()

    assert retried and all(d.status == 200 for d in retried)
    assert not ad_slot_shown(client)
    assert_one_row_per_event(simulator)


def test_an_event_about_a_subscription_stripe_does_not_have_is_acknowledged(client, stripe_billing):
    payload = json.dumps(
        {
            "id": "evt_about_nothing",
            "object": "event",
            "type": "customer.subscription.updated",
            "data": {"object": {"id": "sub_deleted_in_the_dashboard", "object": "subscription"}},
        }
    )
    header = sign(payload, WEBHOOK_SECRET, int(time.time()))
    response = client.post("/billing/webhook", data=payload, headers={"Stripe-Signature": header})
    assert response.status_code == 200
    assert response.json["outcome"] == "not ours"
    assert subscription_rows() == 0


@pytest.mark.parametrize(
    "event",
    [
        {"id": "evt_1", "type": "customer.subscription.updated"},
        {"id": "evt_1", "type": "customer.subscription.updated", "data": None},
        {"id": "evt_1", "type": "customer.subscription.updated", "data": {}},
        {"id": "evt_1", "type": "invoice.paid", "data": {"object": "in_1"}},
        {"id": "evt_1", "data": {"object": {"id": "sub_1"}}},
        {"id": "evt_1", "type": ["invoice.paid"], "data": {"object": {}}},
        {"id": 7, "type": "invoice.paid", "data": {"object": {}}},
        "evt_1",
        42,
    ],
    ids=[
        "no data",
        "null data",
        "data without object",
        "object not an object",
        "no type",
        "type not a string",
        "id not a string",
        "a string",
        "a number",
    ],
)
def test_a_signed_payload_that_is_not_an_event_is_refused(client, stripe_billing, event):
    payload = json.dumps(event)
    header = sign(payload, WEBHOOK_SECRET, int(time.time()))
    response = client.post("/billing/webhook", data=payload, headers={"Stripe-Signature": header})
    assert response.status_code == 400
    assert event_rows() == 0


@pytest.mark.parametrize(
    "obj",
    [
        {"parent": "in_parent", "subscription": ["sub_1"]},
        {"parent": {"subscription_details": "sub_1"}, "subscription": {"id": "sub_1"}},
    ],
    ids=["parent a string", "subscription details a string"],
)
def test_odd_fields_inside_a_signed_event_are_not_a_server_error(client, stripe_billing, obj):
    event = {"id": "evt_odd", "type": "invoice.paid", "data": {"object": obj}}
    payload = json.dumps(event)
    header = sign(payload, WEBHOOK_SECRET, int(time.time()))
    response = client.post("/billing/webhook", data=payload, headers={"Stripe-Signature": header})
    assert response.status_code == 200
    assert json.loads(response.data)["outcome"] == "not ours"
