"""Checkout and the customer portal: a session in subscription mode, completed by the
Simulator, leaves the subscription, invoice and session as Stripe would."""

from __future__ import annotations

import pytest
import stripe

from tests.stripe_fake import SimulationError


def start_checkout(client, price, **extra):
    params = {
        "mode": "subscription",
        "line_items": [{"price": price.id, "quantity": 1}],
        "client_reference_id": "7",
        "metadata": {"user_id": "7"},
        "subscription_data": {"metadata": {"user_id": "7"}},
        "success_url": "https://portal.test/billing/success?session_id={CHECKOUT_SESSION_ID}",
        "cancel_url": "https://portal.test/pricing",
        **extra,
    }
    return client.v1.checkout.sessions.create(params=params)


@pytest.fixture
def customer(stripe_client):
    return stripe_client.v1.customers.create(params={"email": "ada@example.com"})


def test_open_session_shape(stripe_client, plus_price, customer):
    session = start_checkout(stripe_client, plus_price, customer=customer.id)
    assert session.object == "checkout.session"
    assert (session.mode, session.status, session.payment_status) == (
        "subscription",
        "open",
        "unpaid",
    )
    assert session.url.startswith("https://checkout.stripe.com/c/pay/cs_test_")
    assert session.customer == customer.id
    assert session.client_reference_id == "7"
    assert session.metadata["user_id"] == "7"
    assert session.subscription is None
    assert session.amount_total == 800
    # Stripe keeps the template; the placeholder is filled in only when it redirects.
    assert session.success_url.endswith("session_id={CHECKOUT_SESSION_ID}")


def test_complete_checkout_makes_an_active_subscription_with_period_on_items(
    stripe_client, simulator, plus_price, customer, stripe_fake
):
    session = start_checkout(stripe_client, plus_price, customer=customer.id)
    done = simulator.complete_checkout(session.id)
    assert done.success_url == (f"https://portal.test/billing/success?session_id={session.id}")
    session = stripe_client.v1.checkout.sessions.retrieve(
        session.id, params={"expand": ["subscription"]}
    )
    assert (session.status, session.payment_status) == ("complete", "paid")
    sub = session.subscription
    assert sub.id == done.subscription_id
    assert (sub.status, sub.customer, sub.metadata["user_id"]) == ("active", customer.id, "7")
    (item,) = sub["items"].data
    assert item.price.id == plus_price.id
    assert item.price.lookup_key == "plus_monthly"
    assert item.current_period_start == stripe_fake.clock.now()
    assert 28 * 86400 <= item.current_period_end - item.current_period_start <= 31 * 86400
    assert "current_period_end" not in sub.to_dict()
    invoice = stripe_client.v1.invoices.retrieve(sub.latest_invoice)
    assert (invoice.status, invoice.amount_paid, invoice.billing_reason) == (
        "paid",
        800,
        "subscription_create",
    )
    assert invoice.parent.subscription_details.subscription == sub.id
    assert invoice.lines.data[0].period.end == item.current_period_end


def test_checkout_events_in_order(stripe_client, simulator, plus_price, customer, webhook_inbox):
    session = start_checkout(stripe_client, plus_price, customer=customer.id)
    simulator.complete_checkout(session.id)
    # Events the API calls caused (product, price, customer) go out with the first delivery.
    assert webhook_inbox.types() == [
        "product.created",
        "price.created",
        "customer.created",
        "customer.subscription.created",
        "invoice.created",
        "invoice.finalized",
        "invoice.paid",
        "invoice.payment_succeeded",
        "checkout.session.completed",
    ]
    completed = webhook_inbox.received[-1].event["data"]["object"]
    assert completed["client_reference_id"] == "7"
    assert completed["subscription"].startswith("sub_")


def test_checkout_with_email_only_creates_the_customer(stripe_client, simulator, plus_price):
    session = start_checkout(stripe_client, plus_price, customer_email="new@example.com")
    done = simulator.complete_checkout(session.id)
    customer = stripe_client.v1.customers.retrieve(done.customer_id)
    assert customer.email == "new@example.com"
    assert stripe_client.v1.checkout.sessions.retrieve(session.id).customer == customer.id


def test_line_items_are_includable(stripe_client, plus_price, customer):
    session = start_checkout(stripe_client, plus_price, customer=customer.id)
    assert "line_items" not in session.to_dict()
    expanded = stripe_client.v1.checkout.sessions.retrieve(
        session.id, params={"expand": ["line_items"]}
    )
    (line,) = expanded.line_items.data
    assert (line.price.id, line.quantity, line.amount_total) == (plus_price.id, 1, 800)


@pytest.mark.parametrize(
    ("line_items", "param", "message"),
    [
        ([{"price": "price_missing", "quantity": 1}], "line_items[0][price]", "No such price"),
        ([{"price": "PRICE"}], "line_items[0][quantity]", "Missing required param"),
        ([], "line_items", "Missing required param"),
    ],
)
def test_checkout_refuses_bad_line_items(stripe_client, plus_price, line_items, param, message):
    items = [
        {**item, "price": plus_price.id} if item.get("price") == "PRICE" else item
        for item in line_items
    ]
    with pytest.raises(stripe.InvalidRequestError, match=message) as raised:
        start_checkout(stripe_client, plus_price, line_items=items)
    assert raised.value.param == param


def test_checkout_refuses_an_archived_price(stripe_client, plus_price):
    stripe_client.v1.prices.update(plus_price.id, params={"active": False})
    with pytest.raises(stripe.InvalidRequestError, match="price specified is inactive"):
        start_checkout(stripe_client, plus_price)


def test_a_session_completes_once(stripe_client, simulator, plus_price, customer):
    session = start_checkout(stripe_client, plus_price, customer=customer.id)
    simulator.complete_checkout(session.id)
    with pytest.raises(SimulationError, match="is complete"):
        simulator.complete_checkout(session.id)


def test_expired_session_cannot_complete(stripe_client, simulator, plus_price, customer):
    session = start_checkout(stripe_client, plus_price, customer=customer.id)
    expired = stripe_client.v1.checkout.sessions.expire(session.id)
    assert (expired.status, expired.url) == ("expired", None)
    with pytest.raises(SimulationError, match="is expired"):
        simulator.complete_checkout(session.id)


def test_unpaid_checkout_is_incomplete_until_recovered(
    stripe_client, simulator, plus_price, customer, webhook_inbox
):
    session = start_checkout(stripe_client, plus_price, customer=customer.id)
    done = simulator.complete_checkout(session.id, paid=False)
    sub = stripe_client.v1.subscriptions.retrieve(done.subscription_id)
    assert sub.status == "incomplete"
    assert stripe_client.v1.checkout.sessions.retrieve(session.id).payment_status == "unpaid"
    assert "invoice.paid" not in webhook_inbox.types()
    simulator.recover(done.subscription_id)
    assert stripe_client.v1.subscriptions.retrieve(done.subscription_id).status == "active"
    assert stripe_client.v1.checkout.sessions.retrieve(session.id).payment_status == "paid"
    assert webhook_inbox.types()[-4:] == [
        "invoice.paid",
        "invoice.payment_succeeded",
        "customer.subscription.updated",
        "checkout.session.async_payment_succeeded",
    ]


def test_unpaid_checkout_expires_when_retries_run_out(stripe_client, simulator, plus_price):
    session = start_checkout(stripe_client, plus_price, customer_email="ada@example.com")
    done = simulator.complete_checkout(session.id, paid=False)
    simulator.exhaust_retries(done.subscription_id)
    assert stripe_client.v1.subscriptions.retrieve(done.subscription_id).status == (
        "incomplete_expired"
    )
    assert stripe_client.v1.invoices.retrieve(done.invoice_id).status == "void"


def test_trial_subscription_is_trialing_then_active(
    stripe_client, simulator, plus_price, stripe_fake
):
    session = start_checkout(
        stripe_client,
        plus_price,
        customer_email="ada@example.com",
        subscription_data={"trial_period_days": 14},
    )
    done = simulator.complete_checkout(session.id)
    sub = stripe_client.v1.subscriptions.retrieve(done.subscription_id)
    assert sub.status == "trialing"
    assert (
        sub.trial_end
        == sub["items"].data[0].current_period_end
        == stripe_fake.clock.now() + 14 * 86400
    )
    assert stripe_client.v1.invoices.retrieve(done.invoice_id).amount_paid == 0
    simulator.renew(done.subscription_id)
    sub = stripe_client.v1.subscriptions.retrieve(done.subscription_id)
    assert sub.status == "active"
    assert stripe_client.v1.invoices.retrieve(sub.latest_invoice).amount_paid == 800


def test_portal_session_has_a_url(stripe_client, customer):
    portal = stripe_client.v1.billing_portal.sessions.create(
        params={"customer": customer.id, "return_url": "https://portal.test/account"}
    )
    assert portal.object == "billing_portal.session"
    assert portal.url.startswith("https://billing.stripe.com/p/session/")
    assert (portal.customer, portal.return_url) == (customer.id, "https://portal.test/account")
    with pytest.raises(stripe.InvalidRequestError, match="No such customer"):
        stripe_client.v1.billing_portal.sessions.create(params={"customer": "cus_missing"})
