"""Subscription lifecycles through the Simulator and the API, checked through the SDK:
renewals, failed payments and recovery, running out of retries, cancellations, price changes."""

from __future__ import annotations

import pytest
import stripe

from tests.stripe_fake import SimulationError


@pytest.fixture
def subscription_id(stripe_client, simulator, plus_price):
    customer = stripe_client.v1.customers.create(params={"email": "ada@example.com"})
    session = stripe_client.v1.checkout.sessions.create(
        params={
            "mode": "subscription",
            "customer": customer.id,
            "line_items": [{"price": plus_price.id, "quantity": 1}],
            "success_url": "https://portal.test/billing/success",
        }
    )
    return simulator.complete_checkout(session.id).subscription_id


def period(sub):
    item = sub["items"].data[0]
    return item.current_period_start, item.current_period_end


def test_renew_starts_the_next_period_and_pays_it(
    stripe_client, simulator, subscription_id, stripe_fake, webhook_inbox
):
    before = stripe_client.v1.subscriptions.retrieve(subscription_id)
    _, end = period(before)
    simulator.renew(subscription_id)
    after = stripe_client.v1.subscriptions.retrieve(subscription_id)
    assert after.status == "active"
    assert period(after)[0] == end
    assert 28 * 86400 <= period(after)[1] - end <= 31 * 86400
    assert stripe_fake.clock.now() == end
    invoice = stripe_client.v1.invoices.retrieve(after.latest_invoice)
    assert (invoice.status, invoice.billing_reason, invoice.amount_paid) == (
        "paid",
        "subscription_cycle",
        800,
    )
    assert invoice.lines.data[0].period.start == end
    assert webhook_inbox.types()[-5:] == [
        "customer.subscription.updated",
        "invoice.created",
        "invoice.finalized",
        "invoice.paid",
        "invoice.payment_succeeded",
    ]
    (updated,) = stripe_fake.events("customer.subscription.updated")
    previous = updated["data"]["previous_attributes"]
    assert previous["items"]["data"][0]["current_period_end"] == end
    assert previous["latest_invoice"] == before.latest_invoice


def test_failed_payment_makes_it_past_due_then_recovery_makes_it_active(
    stripe_client, simulator, subscription_id, stripe_fake
):
    simulator.fail_payment(subscription_id)
    sub = stripe_client.v1.subscriptions.retrieve(subscription_id)
    assert sub.status == "past_due"
    invoice = stripe_client.v1.invoices.retrieve(sub.latest_invoice)
    assert (invoice.status, invoice.attempt_count, invoice.amount_remaining) == ("open", 1, 800)
    assert invoice.next_payment_attempt == stripe_fake.clock.now() + 3 * 86400
    assert stripe_client.v1.customers.retrieve(sub.customer).delinquent is True

    simulator.fail_payment(subscription_id)  # a retry fails too
    invoice = stripe_client.v1.invoices.retrieve(sub.latest_invoice)
    assert invoice.attempt_count == 2
    assert len(stripe_fake.events("invoice.payment_failed")) == 2

    simulator.recover(subscription_id)
    sub = stripe_client.v1.subscriptions.retrieve(subscription_id)
    assert sub.status == "active"
    assert stripe_client.v1.invoices.retrieve(sub.latest_invoice).status == "paid"
    assert stripe_client.v1.customers.retrieve(sub.customer).delinquent is False
    statuses = [
        e["data"]["object"]["status"] for e in stripe_fake.events("customer.subscription.updated")
    ]
    assert statuses == ["active", "past_due", "active"]


@pytest.mark.parametrize("outcome", ["canceled", "unpaid"])
def test_exhausted_retries_cancel_or_mark_unpaid(
    stripe_client, simulator, subscription_id, stripe_fake, outcome
):
    simulator.fail_payment(subscription_id)
    simulator.exhaust_retries(subscription_id, outcome=outcome)
    sub = stripe_client.v1.subscriptions.retrieve(subscription_id)
    assert sub.status == outcome
    assert stripe_client.v1.invoices.retrieve(sub.latest_invoice).next_payment_attempt is None
    if outcome == "canceled":
        assert sub.cancellation_details.reason == "payment_failed"
        assert sub.ended_at == stripe_fake.clock.now()
        assert len(stripe_fake.events("customer.subscription.deleted")) == 1
    else:
        assert sub.ended_at is None
        simulator.recover(subscription_id)
        assert stripe_client.v1.subscriptions.retrieve(subscription_id).status == "active"


def test_cancel_at_period_end_through_the_api_then_it_ends(
    stripe_client, simulator, subscription_id, stripe_fake
):
    end = period(stripe_client.v1.subscriptions.retrieve(subscription_id))[1]
    sub = stripe_client.v1.subscriptions.update(
        subscription_id, params={"cancel_at_period_end": True}
    )
    assert (sub.status, sub.cancel_at_period_end, sub.cancel_at) == ("active", True, end)
    assert sub.cancellation_details.reason == "cancellation_requested"
    (event,) = stripe_fake.events("customer.subscription.updated")
    assert event["data"]["previous_attributes"]["cancel_at_period_end"] is False
    assert event["request"]["id"].startswith("req_")

    simulator.renew(subscription_id)  # the period ends
    sub = stripe_client.v1.subscriptions.retrieve(subscription_id)
    assert (sub.status, sub.ended_at) == ("canceled", end)
    assert len(stripe_fake.events("customer.subscription.deleted")) == 1
    assert len(stripe_fake.events("invoice.created")) == 1  # no renewal invoice


def test_cancel_at_period_end_in_the_portal_and_taken_back(
    stripe_client, simulator, subscription_id
):
    assert simulator.cancel_at_period_end(subscription_id)["cancel_at_period_end"] is True
    simulator.cancel_at_period_end(subscription_id, cancel=False)
    sub = stripe_client.v1.subscriptions.retrieve(subscription_id)
    assert (sub.cancel_at_period_end, sub.cancel_at, sub.canceled_at) == (False, None, None)
    simulator.renew(subscription_id)
    assert stripe_client.v1.subscriptions.retrieve(subscription_id).status == "active"


def test_cancel_now_through_the_simulator_and_the_api(
    stripe_client, simulator, subscription_id, plus_price, webhook_inbox
):
    ended = simulator.cancel_now(subscription_id)
    assert ended["status"] == "canceled"
    assert webhook_inbox.types()[-1] == "customer.subscription.deleted"
    with pytest.raises(SimulationError, match="already ended"):
        simulator.cancel_now(subscription_id)
    with pytest.raises(stripe.InvalidRequestError, match="already been canceled"):
        stripe_client.v1.subscriptions.cancel(subscription_id)
    with pytest.raises(stripe.InvalidRequestError, match="canceled subscription can only"):
        stripe_client.v1.subscriptions.update(
            subscription_id, params={"cancel_at_period_end": True}
        )


def test_cancel_through_the_api(stripe_client, subscription_id, stripe_fake):
    sub = stripe_client.v1.subscriptions.cancel(
        subscription_id, params={"cancellation_details": {"comment": "too many emails"}}
    )
    assert (sub.status, sub.canceled_at, sub.ended_at) == (
        "canceled",
        stripe_fake.clock.now(),
        stripe_fake.clock.now(),
    )
    assert sub.cancellation_details.comment == "too many emails"
    (event,) = stripe_fake.events("customer.subscription.deleted")
    assert event["request"]["id"].startswith("req_")


def test_change_price_keeps_the_item_and_period(
    stripe_client, subscription_id, plus_price, stripe_fake
):
    yearly = stripe_client.v1.prices.create(
        params={
            "product": plus_price.product,
            "currency": "usd",
            "unit_amount": 8000,
            "recurring": {"interval": "year"},
        }
    )
    before = stripe_client.v1.subscriptions.retrieve(subscription_id)
    item = before["items"].data[0]
    after = stripe_client.v1.subscriptions.update(
        subscription_id,
        params={"items": [{"id": item.id, "price": yearly.id}], "proration_behavior": "none"},
    )
    (changed,) = after["items"].data
    assert (changed.id, changed.price.id, changed.plan.amount) == (item.id, yearly.id, 8000)
    assert period(after) == period(before)
    (event,) = stripe_fake.events("customer.subscription.updated")
    assert event["data"]["previous_attributes"]["items"]["data"][0]["price"]["id"] == plus_price.id


def test_list_subscriptions_by_customer_and_status(stripe_client, simulator, subscription_id):
    customer = stripe_client.v1.subscriptions.retrieve(subscription_id).customer
    listed = stripe_client.v1.subscriptions.list(params={"customer": customer})
    assert [s.id for s in listed.data] == [subscription_id]
    simulator.cancel_now(subscription_id)
    assert stripe_client.v1.subscriptions.list(params={"customer": customer}).data == []
    every = stripe_client.v1.subscriptions.list(params={"customer": customer, "status": "all"})
    assert [s.status for s in every.data] == ["canceled"]


def test_list_invoices_by_subscription_and_customer(stripe_client, simulator, subscription_id):
    simulator.renew(subscription_id)
    invoices = stripe_client.v1.invoices.list(params={"subscription": subscription_id})
    assert [i.billing_reason for i in invoices.data] == [
        "subscription_cycle",
        "subscription_create",
    ]
    numbers = [i.number for i in invoices.data]
    assert numbers[0].endswith("-0002") and numbers[1].endswith("-0001")
    customer = stripe_client.v1.subscriptions.retrieve(subscription_id).customer
    assert len(stripe_client.v1.invoices.list(params={"customer": customer}).data) == 2


def test_expand_latest_invoice_and_price_product(stripe_client, subscription_id):
    sub = stripe_client.v1.subscriptions.retrieve(
        subscription_id, params={"expand": ["latest_invoice", "items.data.price.product"]}
    )
    assert sub.latest_invoice.object == "invoice"
    assert sub["items"].data[0].price.product.name == "Plus"
    listed = stripe_client.v1.subscriptions.list(params={"expand": ["data.customer"]})
    assert listed.data[0].customer.email == "ada@example.com"
    with pytest.raises(stripe.InvalidRequestError, match="cannot be expanded"):
        stripe_client.v1.subscriptions.retrieve(subscription_id, params={"expand": ["nothing"]})


def test_deleting_the_customer_cancels_the_subscription(stripe_client, subscription_id):
    customer = stripe_client.v1.subscriptions.retrieve(subscription_id).customer
    stripe_client.v1.customers.delete(customer)
    assert stripe_client.v1.subscriptions.retrieve(subscription_id).status == "canceled"


def test_advance_clock_moves_created_timestamps(stripe_client, simulator, stripe_fake):
    start = stripe_fake.clock.now()
    assert simulator.advance_clock(days=2) == start + 2 * 86400
    customer = stripe_client.v1.customers.create(params={"email": "later@example.com"})
    assert customer.created == start + 2 * 86400


def test_steps_stripe_would_not_take_are_refused(simulator, subscription_id):
    with pytest.raises(SimulationError, match="no unpaid invoice"):
        simulator.recover(subscription_id)
    simulator.cancel_now(subscription_id)
    with pytest.raises(SimulationError, match="does not renew"):
        simulator.renew(subscription_id)
